/**
 * `npm run drift`: synthesizes the configuration (BASELINE_CONFIG, or the embedded default),
 * plans every stack with `-detailed-exitcode`, and reports per account and per control what is in
 * sync, changed outside Terraform, missing, or pending. Exit code 0 in sync, 2 drift, 1 error.
 *
 *   npm run drift -- [--concurrency N] [--markdown FILE] [--json FILE] [--stacks a,b] [--outdir DIR]
 *
 * BASELINE_OFFLINE=1 runs it without AWS (provider mirror, fake credentials, local state), the
 * mechanism of the test gate: nothing is deployed there, so every resource reports as missing.
 * BASELINE_AWS_ENDPOINT=URL checks the stacks deployed to that local AWS API instead; resources
 * the emulator cannot serve are reported as not checked there.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { localEndpointFromEnv } from '../modules/endpoint/local-endpoint';
import { CommandSpec, ParsedFlags, parseCommandLine, parseFlags } from './lib/args';
import { DriftTarget, driftMarkdown, driftSweep } from './lib/drift';
import { startOfflineSession } from './lib/offline-terraform';
import { prepareStackRuns } from './lib/stack-runs';

export interface DriftArguments {
  readonly concurrency: number;
  readonly markdown: string;
  readonly json: string;
  readonly stacks?: readonly string[];
  readonly outdir: string;
  readonly offline: boolean;
}

export const DRIFT_COMMAND: CommandSpec = {
  command: 'npm run drift --',
  summary: 'Plans every stack of the configuration and reports, per account and per control, what changed outside Terraform.',
  flags: {
    '--concurrency': { kind: 'value', placeholder: 'N', description: 'stacks planned at a time, 1 to 32 (default 2, or BASELINE_DRIFT_CONCURRENCY)' },
    '--markdown': { kind: 'value', placeholder: 'FILE', description: 'the Markdown report (default drift-report.md, or BASELINE_DRIFT_MARKDOWN)' },
    '--json': { kind: 'value', placeholder: 'FILE', description: 'the JSON report (default drift-report.json, or BASELINE_DRIFT_JSON)' },
    '--stacks': { kind: 'value', placeholder: 'a,b', description: 'only these stacks (default: every stack of the configuration)' },
    '--outdir': { kind: 'value', placeholder: 'DIR', description: 'where to synthesize (default cdktf.out)' },
  },
  notes: [
    'BASELINE_CONFIG=FILE uses that configuration; BASELINE_OFFLINE=1 plans without AWS (provider mirror, fake credentials);',
    'BASELINE_AWS_ENDPOINT=URL checks the stacks deployed to that local AWS API; BASELINE_DRIFT_ROLE=1 assumes the read-only drift role.',
  ],
  exitCodes: ['0 everything in sync', '2 drift found', '1 a stack could not be checked, or the configuration or arguments are not valid'],
};

/** Command-line flags over environment defaults; throws on anything it does not understand. */
export function parseDriftArguments(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): DriftArguments {
  return driftArguments(parseFlags(argv, DRIFT_COMMAND.flags), env);
}

/** The drift run that parsed flags and the environment ask for. */
function driftArguments({ values: flags }: ParsedFlags, env: NodeJS.ProcessEnv): DriftArguments {
  const concurrencyText = flags.get('--concurrency') ?? env.BASELINE_DRIFT_CONCURRENCY ?? '2';
  const concurrency = Number(concurrencyText);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) {
    throw new Error(`--concurrency (or BASELINE_DRIFT_CONCURRENCY) = ${JSON.stringify(concurrencyText)}: must be a whole number from 1 to 32`);
  }
  return {
    concurrency,
    markdown: flags.get('--markdown') ?? env.BASELINE_DRIFT_MARKDOWN ?? 'drift-report.md',
    json: flags.get('--json') ?? env.BASELINE_DRIFT_JSON ?? 'drift-report.json',
    stacks: flags.get('--stacks')?.split(',').map((name) => name.trim()).filter(Boolean),
    outdir: flags.get('--outdir') ?? 'cdktf.out',
    offline: env.BASELINE_OFFLINE === '1',
  };
}

async function main(): Promise<number> {
  const args = driftArguments(parseCommandLine(DRIFT_COMMAND), process.env);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (args.offline && localEndpointFromEnv()) {
    throw new Error('BASELINE_OFFLINE=1 and BASELINE_AWS_ENDPOINT cannot be combined: an offline plan reads nothing, an endpoint run reads the emulator');
  }
  const { endpoint, runs } = await prepareStackRuns({ outdir: args.outdir, stacks: args.stacks, log });
  const targets: readonly DriftTarget[] = runs;
  const offline = args.offline ? startOfflineSession(targets) : undefined;
  const where = offline ? ' (offline: BASELINE_OFFLINE=1)' : endpoint ? ` against ${endpoint.endpoint.url}` : '';
  log(`Drift check of ${targets.length} stack${targets.length === 1 ? '' : 's'}, ${args.concurrency} at a time${where}`);
  const report = await driftSweep(targets, { concurrency: args.concurrency, offline, log, endpoint: endpoint?.endpoint.url });

  for (const [file, text] of [
    [args.markdown, driftMarkdown(report)],
    [args.json, `${JSON.stringify(report, null, 2)}\n`],
  ] as const) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  const verdict = report.exitCode === 0 ? 'everything is in sync' : report.exitCode === 2 ? 'drift found' : 'some stacks could not be checked';
  log(`${verdict}; reports: ${args.markdown}, ${args.json}`);
  return report.exitCode;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
  );
}
