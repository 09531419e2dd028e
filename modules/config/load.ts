import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { BaselineConfig, baselineConfigSchema } from './schema';
import { closestMatch } from '../core/suggest';

/** The project's root: the nearest directory above this file with a package.json (from sources or from dist/). */
function projectRoot(from: string): string {
  for (let directory = from; ; directory = dirname(directory)) {
    if (existsSync(join(directory, 'package.json'))) return directory;
    if (dirname(directory) === directory) return resolve(from, '..', '..');
  }
}

/** The embedded default configuration, at the repository root. */
export const DEFAULT_CONFIG_PATH = join(projectRoot(__dirname), 'baseline.config.yaml');

/** One thing wrong with a configuration: where, what was there, and what is allowed. */
export interface ConfigProblem {
  /** Field path such as `accounts[1].accountId`; empty for the whole file. */
  readonly path: string;
  /** The offending value, or undefined when the field is missing. */
  readonly value: unknown;
  /** What is allowed, phrased to follow the value ("must be ...", "is not ..."). */
  readonly message: string;
}

/** A configuration that is not valid: the file, and one problem per field with its value and what is allowed. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly ConfigProblem[],
    /** The first line, before the count of problems. */
    heading = `${source} is not a valid baseline configuration`,
  ) {
    super(formatProblems(problems, heading));
    this.name = 'ConfigError';
  }
}

/** The configuration file to use: `BASELINE_CONFIG` if set, else the embedded default. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env.BASELINE_CONFIG?.trim();
  return chosen ? resolve(chosen) : DEFAULT_CONFIG_PATH;
}

/** Reads, parses and validates a YAML or JSON configuration file; throws ConfigError. */
export function loadConfigFile(path: string): BaselineConfig {
  const extension = extname(path).toLowerCase();
  if (!['.yaml', '.yml', '.json'].includes(extension)) {
    throw new ConfigError(path, [{ path: '', value: path, message: 'must be a file ending in .yaml, .yml or .json' }]);
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [{ path: '', value: path, message: `could not be read: ${(error as Error).message}` }]);
  }
  let data: unknown;
  try {
    data = extension === '.json' ? JSON.parse(text) : parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    const kind = extension === '.json' ? 'JSON' : 'YAML';
    throw new ConfigError(path, [{ path: '', value: undefined, message: `is not valid ${kind}: ${(error as Error).message}` }]);
  }
  return parseConfig(data, path);
}

/** Validates already-parsed configuration data; throws ConfigError listing every problem. */
export function parseConfig(data: unknown, source = 'configuration'): BaselineConfig {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(source, [{ path: '', value: data, message: 'must be a mapping of settings (see baseline.config.yaml)' }]);
  }
  const result = baselineConfigSchema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  throw new ConfigError(source, clearestProblems(result.error.issues, data));
}

/**
 * The problems worth reading, unknown keys first: a value of the wrong type reports only that (not
 * also a length check that ran on it), and a required key that is missing because its name was
 * misspelt is left to the "did you mean" of the misspelt key.
 */
export function clearestProblems(issues: readonly z.core.$ZodIssue[], data: unknown): ConfigProblem[] {
  const wrongType = new Set(issues.filter((issue) => issue.code === 'invalid_type').map((issue) => formatPath(issue.path)));
  const kept = issues.filter((issue) => issue.code === 'invalid_type' || !wrongType.has(formatPath(issue.path)));
  const problems = [...kept].sort((a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys')).flatMap((issue) => toProblems(issue, data));
  const meant = new Set(problems.map((problem) => problem.guess).filter((guess): guess is string => guess !== undefined));
  return problems
    .filter((problem) => !(problem.value === undefined && meant.has(problem.path)))
    .map(({ guess: _guess, ...problem }) => problem);
}

/** A problem, with the full path of the key a misspelt key most likely meant. */
type Problem = ConfigProblem & { readonly guess?: string };

function toProblems(issue: z.core.$ZodIssue, root: unknown): Problem[] {
  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeysAt(issue.path);
    const parent = valueAt(root, issue.path) as Record<string, unknown>;
    return issue.keys.map((key) => {
      const guess = closestMatch(key, allowed);
      return {
        path: formatPath([...issue.path, key]),
        value: parent?.[key],
        message: guess ? `is not a known setting; did you mean "${guess}"?` : `is not a known setting; allowed here: ${allowed.join(', ')}`,
        ...(guess ? { guess: formatPath([...issue.path, guess]) } : {}),
      };
    });
  }
  const value = 'input' in issue ? issue.input : valueAt(root, issue.path);
  // zod's own wording for a missing value, where a field has no message of its own.
  const message = value === undefined && /^Invalid input: expected/.test(issue.message) ? `is required (${issue.message.replace(/^Invalid input: expected (\w+).*$/, '$1')})` : issue.message;
  return [{ path: formatPath(issue.path), value, message }];
}

/** Keys of the object schema found by following `path` through the config schema. */
function allowedKeysAt(path: readonly PropertyKey[]): string[] {
  let schema: unknown = baselineConfigSchema;
  const unwrap = () => {
    for (;;) {
      const def = (schema as { _zod: { def: Record<string, unknown> } })._zod.def;
      if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable') schema = def.innerType;
      else if (def.type === 'pipe') schema = def.in;
      else return def;
    }
  };
  for (const segment of path) {
    const def = unwrap();
    if (def.type === 'object') schema = (def.shape as Record<string, unknown>)[String(segment)];
    else if (def.type === 'array') schema = def.element;
    else if (def.type === 'record') schema = def.valueType;
    if (!schema) return [];
  }
  const def = unwrap();
  return def.type === 'object' ? Object.keys(def.shape as object) : [];
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = root;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

/** A configuration path as people write it: `accounts[0].budget.monthlyLimitUsd`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`))
    .join('');
}

/** A bad value as an error message shows it: short, quoted when text. */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function formatProblems(problems: readonly ConfigProblem[], heading: string): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const lines = problems.map((problem) =>
    problem.path
      ? `  - ${problem.path} = ${formatValue(problem.value)}: ${problem.message}`
      : `  - ${problem.value === undefined ? 'the file' : formatValue(problem.value)} ${problem.message}`,
  );
  return [`${heading} (${count}):`, ...lines].join('\n');
}
