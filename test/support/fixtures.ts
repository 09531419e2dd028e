import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { synthesizeBaseline } from '../../modules/baseline-app';
import { ConfigError, loadConfigFile, parseConfig } from '../../modules/config/load';
import { BaselineSettings, resolveSettings } from '../../modules/config/resolve';
import type { BaselineConfig } from '../../modules/config/schema';
import { SynthesizedStack, readSynthesizedStacks } from '../../scripts/lib/stacks';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const DEFAULT_CONFIG = join(REPO_ROOT, 'baseline.config.yaml');
export const ORGANIZATION_EXAMPLE = join(REPO_ROOT, 'examples', 'organization.yaml');

/** A fresh, valid standalone configuration as plain data, for tests to mutate. */
export function validConfigData(): Record<string, any> {
  return parse(readFileSync(DEFAULT_CONFIG, 'utf8'));
}

/** A fresh, valid organisation configuration as plain data. */
export function organizationConfigData(): Record<string, any> {
  return parse(readFileSync(ORGANIZATION_EXAMPLE, 'utf8'));
}

/**
 * The problems, as `path: message`, that validation finds in the default configuration changed
 * by `mutate`; empty when it is valid.
 */
export function configProblems(mutate: (config: Record<string, any>) => void): string[] {
  const config = validConfigData();
  mutate(config);
  try {
    parseConfig(config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((problem) => `${problem.path}: ${problem.message}`);
  }
  return [];
}

export function tempDir(prefix = 'baseline-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface Synthesized {
  readonly settings: BaselineSettings;
  readonly outdir: string;
  readonly stacks: readonly SynthesizedStack[];
  stack(name: string): SynthesizedStack;
}

/** Synthesizes a config file, config object or settings into a fresh temporary directory. */
export function synthesize(source: string | Record<string, unknown> | BaselineConfig, outdir = join(tempDir(), 'cdktf.out')): Synthesized {
  const config = typeof source === 'string' ? loadConfigFile(source) : parseConfig(source);
  const settings = resolveSettings(config);
  synthesizeBaseline(settings, { outdir });
  const stacks = readSynthesizedStacks(outdir);
  return {
    settings,
    outdir,
    stacks,
    stack(name: string) {
      const found = stacks.find((candidate) => candidate.name === name);
      if (!found) throw new Error(`no stack ${name}; stacks: ${stacks.map((candidate) => candidate.name).join(', ')}`);
      return found;
    },
  };
}

/** Resources of one type in a synthesized stack, keyed by construct path (stable across hash changes). */
export function resourcesOfType(stack: SynthesizedStack, type: string): Array<Record<string, any>> {
  return Object.values(stack.json.resource?.[type] ?? {}) as Array<Record<string, any>>;
}

/** Every file under `dir` with its bytes, keyed by relative path, in a stable order. */
export function filesUnder(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (current: string) => {
    for (const entry of readdirSync(current).sort()) {
      const path = join(current, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return files;
}
