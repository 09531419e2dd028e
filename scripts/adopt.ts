/**
 * `npm run adopt`: before the first deploy on an account that is not new, finds what the baseline
 * would create that AWS already has (detectors, recorders, Security Hub, analyzers, the
 * organisation, administrators, trails, keys, roles... and the account settings it writes over),
 * prints one table per stack and writes `adopt/<stack>.json` beside the configuration, for review
 * and commit. Synthesis turns it into import blocks: the next deploy adopts instead of failing or
 * duplicating. Read-only: it signs in as the deploy of each stack would and changes nothing.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { adoptionDirFor, formatAdoptionFile, loadAdoptionFiles } from '../modules/adoption/adoption-file';
import { adoptStack, describeAdoption, hasUnresolved } from './lib/adoption';
import { UsageError, commandUsage, parseFlags, runAsCommand } from './lib/args';
import { SdkReader, discoverStack } from './lib/discovery';
import { prepareStackRuns, synthesizeWithAdoption } from './lib/stack-runs';
import { controlOfPath, listResources } from './lib/stacks';
import { readState, terraformIn } from './lib/state';

const FLAGS = {
  '--stacks': { kind: 'value', placeholder: 'a,b', description: 'only these stacks (default: every stack of the configuration)' },
  '--accept': { kind: 'value', placeholder: 'ADDRESS,...', description: 'accept these conflicts (addresses or construct paths, as the table names them): the deploy takes them over' },
  '--outdir': { kind: 'value', placeholder: 'DIR', description: 'where to synthesize (default: cdktf.out, as cdktf deploy)' },
} as const;

export async function adopt(argv: readonly string[], log: (line: string) => void): Promise<number> {
  const flags = parseFlags(argv, FLAGS);
  if (flags.help) {
    log(
      commandUsage({
        command: 'npm run adopt --',
        summary:
          'Finds what each stack would create that AWS already has, prints what the first deploy will adopt, create, overwrite or ' +
          'needs your decision on, and writes adopt/<stack>.json beside the configuration for review. Read-only.',
        flags: FLAGS,
        notes: [
          'Reads BASELINE_CONFIG and BASELINE_AWS_ENDPOINT like cdktf deploy, and signs in as the deploy of each stack does (same credentials, same assume-role path).',
          'Run it before the first deploy on an account that is not new; commit the files it writes. A second run after the deploy finds nothing new.',
        ],
        exitCodes: ['0 everything found can be adopted', '3 a conflict needs your decision (the table says what to choose)', '1 error, or arguments that are not valid'],
      }),
    );
    return 0;
  }
  const outdir = flags.values.get('--outdir') ?? 'cdktf.out';
  const stacks = flags.values.get('--stacks')?.split(',').map((name) => name.trim()).filter(Boolean);
  const accept = new Set(flags.values.get('--accept')?.split(',').map((name) => name.trim()).filter(Boolean) ?? []);
  const { runs, endpoint, configFile, settings } = await prepareStackRuns({ outdir, stacks, log, withoutAdoption: true });
  const dir = adoptionDirFor(configFile);
  const previous = loadAdoptionFiles(dir);
  // The organisation first: its members' delegated services depend on it.
  const ordered = [...runs].sort((a, b) => Number(b.name === settings.organization?.stackName) - Number(a.name === settings.organization?.stackName));
  let conflicts = false;
  let unknown = false;
  const unmatched = new Set(accept);
  for (const run of ordered) {
    await terraformIn(run.dir, ['init', '-input=false', '-no-color'], run.env);
    const state = await readState(run.dir, run.env);
    const env = Object.fromEntries(Object.entries({ ...process.env, ...run.env }).filter((entry): entry is [string, string] => entry[1] !== undefined));
    const discovered = await discoverStack({
      stack: run.name,
      json: run.json,
      state: new Map(state.map((resource) => [resource.address, resource.values])),
      aws: new SdkReader({ endpoint: endpoint?.endpoint.url, env }),
    });
    const mine = new Set(discovered.map((item) => [item.resource.address, item.resource.path]).flat());
    const stackAccept = new Set([...accept].filter((name) => mine.has(name)));
    for (const name of stackAccept) unmatched.delete(name);
    const inState = new Set(state.map((resource) => resource.address));
    const adoption = adoptStack({ stack: run.name, account: run.account, discovered, inState, previous: previous.get(run.name), accept: stackAccept });
    const controls = new Map<string, { declared: number; inState: number }>();
    for (const resource of listResources(run.json)) {
      const control = controlOfPath(resource.path);
      const tally = controls.get(control) ?? { declared: 0, inState: 0 };
      controls.set(control, { declared: tally.declared + 1, inState: tally.inState + (inState.has(resource.address) ? 1 : 0) });
    }
    for (const line of describeAdoption(adoption, controls)) log(line);
    const unknowns = adoption.decisions.filter((decision) => decision.decision === 'unknown').length;
    conflicts ||= hasUnresolved(adoption);
    if (adoption.incomplete) {
      // A read that failed says nothing about AWS: the file stays as it was, conflicts and acceptances with it.
      unknown = true;
      log(`${run.name}: ${unknowns} resource${unknowns === 1 ? '' : 's'} could not be looked at (UNKNOWN above): adopt/${run.name}.json is left as it was; fix the access and run npm run adopt again`);
      continue;
    }
    log(writeFile(dir, run.name, adoption.file, adoption.added, discovered.length === 0));
  }
  // cdktf.out as a deploy synthesizes it, adoption included (discovery synthesized it without).
  synthesizeWithAdoption(settings, outdir, endpoint?.endpoint, dir);
  if (unmatched.size > 0) throw new UsageError(`--accept names ${[...unmatched].join(', ')}, which no stack has a conflict for`);
  if (unknown) return 1;
  return conflicts ? 3 : 0;
}

/** Writes (or removes) the stack's adoption file when its content changed; says what it did. */
function writeFile(dir: string, stack: string, file: Parameters<typeof formatAdoptionFile>[0] | undefined, added: number, nothingOutside: boolean): string {
  const path = join(dir, `${stack}.json`);
  const shown = relative(process.cwd(), path) || path;
  const before = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (!file) {
    if (before !== undefined) rmSync(path);
    return before !== undefined ? `${shown}: removed (nothing left to adopt)` : `${stack}: nothing to adopt${nothingOutside ? ': every resource is in the state' : ''}`;
  }
  const text = formatAdoptionFile(file);
  if (text === before) return `${shown}: unchanged (${file.entries.length} entries); nothing new to adopt`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(path, text);
  return `${shown}: ${file.entries.length} entries (${added} new): review and commit it; npx cdktf diff ${stack} shows the imports, npx cdktf deploy ${stack} adopts them`;
}

if (require.main === module) runAsCommand(adopt);
