/**
 * The refactoring check: synthesizes the default configuration, the organisation example and the
 * opt-in configuration into a scratch directory and prints a SHA-256 of every stack's JSON (which
 * names each function package by its hash) and one digest over all of them. A refactoring that
 * keeps construct ids, names and policies keeps every digest; commit messages quote the last line.
 * Run: npx ts-node --transpile-only scripts/output-digest.ts
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesizeBaseline } from '../modules/baseline-app';
import { loadConfigFile, parseConfig } from '../modules/config/load';
import { resolveSettings } from '../modules/config/resolve';
import { withOptionalFeatures } from './lib/opt-in-config';
import { readSynthesizedStacks } from './lib/stacks';

const ROOT = join(__dirname, '..');
const CONFIGS: ReadonlyArray<[string, () => ReturnType<typeof parseConfig>]> = [
  ['baseline.config.yaml', () => loadConfigFile(join(ROOT, 'baseline.config.yaml'))],
  ['examples/organization.yaml', () => loadConfigFile(join(ROOT, 'examples', 'organization.yaml'))],
  ['opt-in features', () => parseConfig(withOptionalFeatures())],
];

const scratch = mkdtempSync(join(tmpdir(), 'baseline-digest-'));
const all = createHash('sha256');
try {
  for (const [name, load] of CONFIGS) {
    const outdir = join(scratch, String(CONFIGS.findIndex(([candidate]) => candidate === name)));
    synthesizeBaseline(resolveSettings(load()), { outdir });
    for (const stack of readSynthesizedStacks(outdir)) {
      const digest = createHash('sha256').update(readFileSync(stack.file)).digest('hex');
      all.update(`${name}/${stack.name} ${digest}\n`);
      process.stdout.write(`${digest.slice(0, 16)}  ${name}: ${stack.name}\n`);
    }
  }
  process.stdout.write(`output digest ${all.digest('hex').slice(0, 16)}\n`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
