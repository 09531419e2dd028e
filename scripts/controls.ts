/**
 * `npm run controls`: prints the CIS coverage table for the configuration in use
 * (BASELINE_CONFIG or the embedded default). `--write` also updates docs/controls.md,
 * which the README links to and which is generated from the embedded default.
 */
import { writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { configPath, loadConfigFile } from '../modules/config/load';
import { resolveSettings } from '../modules/config/resolve';
import { cisCoverage, coverageMarkdown } from '../modules/controls/coverage';

export const CONTROLS_DOC = resolve(__dirname, '..', 'docs', 'controls.md');
const ROOT = resolve(__dirname, '..');

export function coverageDocument(path: string): string {
  return coverageMarkdown(cisCoverage(resolveSettings(loadConfigFile(path)).accounts), relative(ROOT, path) || path);
}

if (require.main === module) {
  try {
    const text = coverageDocument(configPath());
    process.stdout.write(text);
    if (process.argv.includes('--write')) writeFileSync(CONTROLS_DOC, text);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}
