/**
 * `npm run docs`: writes docs/api.md, the API reference, from the TSDoc comments of what the package
 * exports, and docs/discovery.md, what npm run adopt and npm run recover find, from the finders.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCommandLine } from './lib/args';
import { apiDocument, apiExports, undocumented } from './lib/api-doc';
import { discoveryDocument } from './lib/discovery-doc';

export const API_DOC = resolve(__dirname, '..', 'docs', 'api.md');
export const DISCOVERY_DOC = resolve(__dirname, '..', 'docs', 'discovery.md');

if (require.main === module) {
  parseCommandLine({
    command: 'npm run docs --',
    summary:
      "Writes docs/api.md, the API reference (every export of the package, each construct's props with their types, descriptions and defaults), " +
      'and docs/discovery.md (what npm run adopt and npm run recover find, by resource type).',
    flags: {},
    exitCodes: ['0 written', '1 an export or prop is undocumented (nothing is written), or the arguments are not valid'],
  });
  const api = apiExports();
  const problems = undocumented(api);
  if (problems.length > 0) {
    process.stderr.write(`The API reference would have gaps (${problems.length}); document these first:\n${problems.map((problem) => `  - ${problem}`).join('\n')}\n`);
    process.exit(1);
  }
  writeFileSync(API_DOC, apiDocument(api));
  writeFileSync(DISCOVERY_DOC, discoveryDocument());
  process.stdout.write(`wrote ${API_DOC} (${api.length} exports) and ${DISCOVERY_DOC}\n`);
}
