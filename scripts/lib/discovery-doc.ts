/**
 * docs/discovery.md, written by `npm run docs` from the finders themselves: for every resource type
 * the baseline declares, how discovery recognises the baseline's own, whether npm run recover
 * adopts it after an interrupted deploy, and what npm run adopt does with one that already exists.
 */
import { FINDERS, WRITTEN_IN_PLACE } from './discovery';
import { markdownCell as cell } from './markdown';

export function discoveryDocument(): string {
  const finders = [...FINDERS.values()].sort((a, b) => a.type.localeCompare(b.type));
  const adopt = (finder: (typeof finders)[number]) =>
    finder.notImportable ? `written over (${finder.notImportable})` : finder.setting ? 'overwrite, old -> new (imported, so offboarding leaves it)' : 'adopt (imported as it is)';
  const lines = [
    '# What discovery finds, by resource type',
    '',
    '<!-- Written by `npm run docs` from scripts/lib/discovery/; a test fails when it is stale. -->',
    '',
    '`npm run adopt` (before the first deploy on an account that is not new) and `npm run recover` (after an interrupted',
    'deploy) look in AWS for what a stack declares and its state lacks, one finder per Terraform resource type, with',
    'read-only calls signed in as the deploy of the stack would be. [Deploying](deploying.md) says how to use both.',
    '',
    '- **recover adopts** the resources whose second creation would fail ("already exists") or make a duplicate, when',
    "  they are the baseline's own by the way the table says, or AWS's own; everything else is left for the deploy to",
    '  write, or for `npm run adopt` to decide.',
    "- **adopt** imports what is there under the baseline's address; **overwrite** is an account setting the deploy",
    "  writes over (it shows old -> new, and a value weaker than today's is a conflict); a resource with one of the",
    "  baseline's names that the baseline did not make is a conflict.",
    '',
    '| resource type | how the baseline\'s own is recognised | recover adopts it | npm run adopt |',
    '|---|---|---|---|',
    ...finders.map((finder) => `| \`${finder.type}\` | ${cell(finder.recognises)} | ${finder.refusesSecondCreate ? 'yes' : 'no: the deploy writes it again'} | ${cell(adopt(finder))} |`),
    '',
    '## Not looked for',
    '',
    "Settings of the stack's own resources, which every deploy writes whole whether or not they are there: an",
    'interrupted deploy or an existing value cannot make the next deploy fail or duplicate them.',
    '',
    '| resource type | why |',
    '|---|---|',
    ...Object.entries(WRITTEN_IN_PLACE)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([type, why]) => `| \`${type}\` | ${cell(why)} |`),
    '',
  ];
  return lines.join('\n');
}
