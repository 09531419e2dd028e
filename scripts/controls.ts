/**
 * `npm run controls`: prints the CIS coverage table for the configuration in use
 * (BASELINE_CONFIG or the embedded default). `--write` also updates docs/cis-coverage.md,
 * which the README links to and which is generated from the embedded default.
 */
import { writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { configPath, loadConfigFile } from '../modules/config/load';
import { resolveSettings } from '../modules/config/resolve';
import { cisCoverage, coverageMarkdown } from '../modules/config/coverage';
import { parseCommandLine } from './lib/args';

export const CONTROLS_DOC = resolve(__dirname, '..', 'docs', 'cis-coverage.md');
const ROOT = resolve(__dirname, '..');

export function coverageDocument(path: string): string {
  return coverageMarkdown(cisCoverage(resolveSettings(loadConfigFile(path)).accounts), relative(ROOT, path) || path);
}

if (require.main === module) {
  const flags = parseCommandLine({
    command: 'npm run controls --',
    summary: 'Prints which CIS AWS Foundations Benchmark recommendations the configuration in use covers, and how.',
    flags: { '--write': { kind: 'switch', description: 'also write the table to docs/cis-coverage.md (made from the embedded default configuration)' } },
    notes: ['BASELINE_CONFIG=FILE uses that configuration instead of baseline.config.yaml.'],
    exitCodes: ['0 printed', '1 the configuration or the arguments are not valid'],
  });
  try {
    const text = coverageDocument(configPath());
    process.stdout.write(text);
    if (flags.switches.has('--write')) writeFileSync(CONTROLS_DOC, text);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}
