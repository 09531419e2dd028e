/** A small, strict command-line parser for the project's scripts: unknown flags are errors. */

export interface FlagSpec {
  /** `value`: the flag takes a value; `switch`: it stands alone. */
  readonly kind: 'value' | 'switch';
  /** e.g. `N`, `URL`, `a,b`; shown in the usage. */
  readonly placeholder?: string;
  readonly description: string;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface ParsedFlags {
  readonly values: ReadonlyMap<string, string>;
  readonly switches: ReadonlySet<string>;
  /** --help was given: print the usage and exit 0. */
  readonly help: boolean;
}

export function parseFlags(argv: readonly string[], spec: Readonly<Record<string, FlagSpec>>): ParsedFlags {
  const values = new Map<string, string>();
  const switches = new Set<string>();
  const allowed = Object.entries(spec)
    .map(([flag, { kind, placeholder }]) => (kind === 'value' ? `${flag} ${placeholder ?? 'VALUE'}` : flag))
    .join(', ');
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index];
    if (flag === '--help' || flag === '-h') return { values, switches, help: true };
    const definition = spec[flag];
    if (!definition) throw new UsageError(`unknown argument ${JSON.stringify(flag)}; allowed: ${allowed}, --help`);
    if (definition.kind === 'switch') {
      switches.add(flag);
      continue;
    }
    const value = argv[index + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value (${definition.placeholder ?? 'VALUE'})`);
    values.set(flag, value);
    index += 1;
  }
  return { values, switches, help: false };
}

export function usage(command: string, summary: string, spec: Readonly<Record<string, FlagSpec>>, notes: readonly string[] = []): string {
  const rows = Object.entries(spec).map(([flag, { kind, placeholder, description }]) => [kind === 'value' ? `${flag} ${placeholder ?? 'VALUE'}` : flag, description]);
  const width = Math.max(...rows.map(([left]) => left.length), '--help'.length) + 2;
  return [
    `Usage: ${command} [options]`,
    '',
    summary,
    '',
    'Options:',
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`),
    `  ${'--help'.padEnd(width)}show this help`,
    ...(notes.length > 0 ? ['', ...notes] : []),
    '',
  ].join('\n');
}

/**
 * Runs a script's main function as a command: its result is the exit code, and an error is
 * printed (its message only, as for every error the project raises for people) with exit 1.
 */
export function runAsCommand(main: (argv: readonly string[], log: (line: string) => void) => Promise<number>): void {
  main(process.argv.slice(2), (line) => process.stderr.write(`${line}\n`)).then(
    (code) => process.exit(code),
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
  );
}

/** What a script is, for its `--help`: the npm command, one line on what it does, its flags and its exit codes. */
export interface CommandSpec {
  /** As a person types it, e.g. `npm run drift --`. */
  readonly command: string;
  readonly summary: string;
  readonly flags: Readonly<Record<string, FlagSpec>>;
  /** e.g. `0 in sync`, `2 drift found`. */
  readonly exitCodes: readonly string[];
  /** Environment variables and other notes, one line each. */
  readonly notes?: readonly string[];
}

/** The usage of a command, its exit codes last. */
export function commandUsage(spec: CommandSpec): string {
  return usage(spec.command, spec.summary, spec.flags, [...(spec.notes ?? []), `Exit codes: ${spec.exitCodes.join('; ')}.`]);
}

/**
 * The start of every script: `--help` prints the usage to stdout and exits 0; an unknown or
 * incomplete argument prints what is wrong and what is allowed, and exits 1, before the script
 * does any work. Returns the flags otherwise.
 */
export function parseCommandLine(spec: CommandSpec, argv: readonly string[] = process.argv.slice(2)): ParsedFlags {
  let flags: ParsedFlags;
  try {
    flags = parseFlags(argv, spec.flags);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${spec.command.replace(/ --$/, '')}: ${error.message}\n(${spec.command} --help shows the usage)\n`);
    process.exit(1);
  }
  if (flags.help) {
    process.stdout.write(commandUsage(spec));
    process.exit(0);
  }
  return flags;
}

/** A flag's value as a whole number of at least 1, or `fallback` when the flag is absent; anything else is a usage error. */
export function positiveWholeNumber(flags: ParsedFlags, flag: string, fallback: number): number {
  const text = flags.values.get(flag);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`${flag} = ${JSON.stringify(text)}: must be a whole number of at least 1`);
  return value;
}
