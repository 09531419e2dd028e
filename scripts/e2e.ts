/**
 * `npm run e2e`: the baseline's whole lifecycle on a local AWS API (moto in server mode), for the
 * default configuration and examples/organization.yaml, or for BASELINE_CONFIG alone.
 *
 * Without --endpoint it starts its own emulator per configuration on a free loopback port, works
 * in .scratch/e2e/, and stops the emulator at the end. With --endpoint URL it uses that running
 * emulator and the project's own cdktf.out and .endpoint-state/, and leaves emulator, resources
 * and state in place, so that `BASELINE_AWS_ENDPOINT=URL npm run drift` checks that deployment.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { DEFAULT_CONFIG_PATH, configPath } from '../modules/config/load';
import { ENDPOINT_STATE_DIR, LOCAL_ENDPOINT_ENV } from '../modules/endpoint/local-endpoint';
import { commandUsage, parseFlags, runAsCommand } from './lib/args';
import { LifecycleReport, runLifecycle, writeJson } from './lib/e2e/lifecycle';
import { PROJECT_ROOT } from './lib/e2e/processes';
import { lifecycleMarkdown } from './lib/e2e/report';
import { connectToEmulator, motoVersion, startEmulator } from './lib/local-aws';

const FLAGS = {
  '--endpoint': { kind: 'value', placeholder: 'URL', description: 'use this running emulator and leave everything deployed on it (default: start one per configuration)' },
  '--markdown': { kind: 'value', placeholder: 'FILE', description: 'the Markdown report (default: e2e-report.md)' },
  '--json': { kind: 'value', placeholder: 'FILE', description: 'the JSON report (default: e2e-report.json)' },
  '--interrupt-with': { kind: 'value', placeholder: 'SIGNAL', description: 'how the first deploy is interrupted: SIGINT (default) or SIGTERM' },
  '--interrupt-at': { kind: 'value', placeholder: 'F,F', description: "where the largest stack's first deploy is interrupted, as fractions of its resources (default: 0.5)" },
  '--drills': { kind: 'switch', description: "after converging, orphan resources and lose the largest stack's state; recover must repair both" },
  '--new-accounts': { kind: 'switch', description: 'deploy onto new accounts (default: accounts used before the baseline, adopted with npm run adopt)' },
  '--concurrency': { kind: 'value', placeholder: 'N', description: "member stacks deployed, refused a destroy and offboarded at once (default: 3)" },
} as const;

const EXAMPLES = [DEFAULT_CONFIG_PATH, join(PROJECT_ROOT, 'examples', 'organization.yaml')];

async function main(argv: readonly string[], log: (line: string) => void): Promise<number> {
  const flags = parseFlags(argv, FLAGS);
  if (flags.help) {
    log(
      commandUsage({
        command: 'npm run e2e --',
        summary: 'Deploys the baseline to a local AWS API and runs its whole lifecycle, for both example configurations or BASELINE_CONFIG.',
        flags: FLAGS,
        notes: ['Needs terraform, and moto in server mode with boto3 (pip install "moto[server]==5.2.1").'],
        exitCodes: ['0 every check passed', '1 a check failed or the run could not start'],
      }),
    );
    return 0;
  }
  const signal = (flags.values.get('--interrupt-with') ?? 'SIGINT') as NodeJS.Signals;
  if (!['SIGINT', 'SIGTERM'].includes(signal)) throw new Error(`--interrupt-with = ${JSON.stringify(signal)}: allowed: SIGINT, SIGTERM`);
  const concurrency = Number(flags.values.get('--concurrency') ?? '3');
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 8) throw new Error(`--concurrency = ${JSON.stringify(flags.values.get('--concurrency'))}: allowed: a whole number from 1 to 8`);
  const interruptAt = (flags.values.get('--interrupt-at') ?? '0.5').split(',').map((value) => Number(value.trim()));
  if (interruptAt.some((value) => !(value > 0 && value < 1))) {
    throw new Error(`--interrupt-at = ${JSON.stringify(flags.values.get('--interrupt-at'))}: allowed: fractions between 0 and 1, separated by commas (e.g. 0.15,0.5,0.85)`);
  }
  const configs = process.env.BASELINE_CONFIG?.trim() ? [configPath()] : EXAMPLES;
  const given = flags.values.get('--endpoint');
  if (!given) motoVersion(); // fail now, clearly, when moto is missing

  const reports: LifecycleReport[] = [];
  for (const config of configs) {
    const name = basename(config).replace(/\.(ya?ml|json)$/, '');
    const emulator = given ? await connectToEmulator(given) : undefined;
    const workDir = given ? join(PROJECT_ROOT, ENDPOINT_STATE_DIR, emulator!.endpoint.stateFolder, `e2e-${name}`) : join(PROJECT_ROOT, '.scratch', 'e2e', name);
    if (!given) rmSync(workDir, { recursive: true, force: true });
    mkdirSync(workDir, { recursive: true });
    const running = emulator ?? (await startEmulator({ logFile: join(workDir, 'emulator.log') }));
    log(`${relative(PROJECT_ROOT, config)}: lifecycle on ${running.endpoint.url}${running.owned ? ' (started for this run)' : ''}; logs in ${relative(PROJECT_ROOT, workDir)}`);
    try {
      const outdir = given ? join(PROJECT_ROOT, 'cdktf.out') : join(workDir, 'cdktf.out');
      const report = await runLifecycle({
        configFile: config,
        emulator: running,
        workDir,
        outdir,
        log,
        interruptWith: signal,
        interruptAt,
        brownfield: !flags.switches.has('--new-accounts'),
        recoveryDrills: flags.switches.has('--drills'),
        deployConcurrency: concurrency,
        keepDeployed: Boolean(given),
      });
      reports.push(report);
      log(`${relative(PROJECT_ROOT, config)}: ${report.ok ? 'passed' : `FAILED (${report.problems.length} problem${report.problems.length === 1 ? '' : 's'})`}`);
      if (given) {
        const chosen = report.deployedConfig === config ? (process.env.BASELINE_CONFIG ? ` BASELINE_CONFIG=${relative(PROJECT_ROOT, config)}` : '') : ` BASELINE_CONFIG=${relative(PROJECT_ROOT, report.deployedConfig)}`;
        log(`  left deployed on ${running.endpoint.url}; check it with:${chosen} ${LOCAL_ENDPOINT_ENV}=${running.endpoint.url} npm run drift`);
      }
    } finally {
      await running.stop();
    }
  }
  const markdown = flags.values.get('--markdown') ?? 'e2e-report.md';
  const json = flags.values.get('--json') ?? 'e2e-report.json';
  writeFileSync(markdown, lifecycleMarkdown(reports));
  writeJson(json, reports.map(({ endpointReport, ...report }) => ({ ...report, leftOut: endpointReport.stacks })));
  log(`reports: ${markdown}, ${json}`);
  return reports.every((report) => report.ok) ? 0 : 1;
}

if (require.main === module) runAsCommand(main);
