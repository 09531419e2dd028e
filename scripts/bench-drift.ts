/**
 * `npm run bench:drift`: wall time of an offline drift sweep over ten account stacks (the embedded
 * default plus nine more standalone accounts, each about 400 resources and 17 regional
 * providers), one stack at a time against N at a time.
 *
 * Options: --accounts N (default 10), --concurrency N (default 2, the drift command's default).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesizeBaseline } from '../modules/baseline-app';
import { DEFAULT_CONFIG_PATH, loadConfigFile, parseConfig } from '../modules/config/load';
import { resolveSettings } from '../modules/config/resolve';
import { parseCommandLine, positiveWholeNumber } from './lib/args';
import { driftSweep } from './lib/drift';
import { startOfflineSession } from './lib/offline-terraform';
import { readSynthesizedStacks } from './lib/stacks';

const FLAGS = parseCommandLine({
  command: 'npm run bench:drift --',
  summary: 'Times an offline drift sweep over N standalone account stacks, one stack at a time and then N at a time.',
  flags: {
    '--accounts': { kind: 'value', placeholder: 'N', description: 'how many account stacks (default 10)' },
    '--concurrency': { kind: 'value', placeholder: 'N', description: 'stacks at a time in the second run (default 2, the drift command\'s default)' },
  },
  notes: ['Needs terraform and the provider mirror, as the plan gate does.'],
  exitCodes: ['0 measured', '1 the arguments are not valid or a sweep failed'],
});

async function main(): Promise<void> {
  const accounts = positiveWholeNumber(FLAGS, '--accounts', 10);
  const concurrency = positiveWholeNumber(FLAGS, '--concurrency', 2);
  const config = loadConfigFile(DEFAULT_CONFIG_PATH);
  const data = {
    ...config,
    accounts: Array.from({ length: accounts }, (_, index) => ({ name: `bench-${index + 1}`, accountId: String(200000000000 + index + 1) })),
  };
  const settings = resolveSettings(parseConfig(data));
  const outdir = join(mkdtempSync(join(tmpdir(), 'baseline-drift-bench-')), 'cdktf.out');
  synthesizeBaseline(settings, { outdir });
  const stacks = readSynthesizedStacks(outdir);
  const session = startOfflineSession(stacks);
  const rows: string[] = [];
  for (const limit of [1, concurrency]) {
    const started = process.hrtime.bigint();
    const report = await driftSweep(stacks, { concurrency: limit, offline: session });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (report.exitCode !== 2) throw new Error(`expected every resource missing offline (exit 2), got exit ${report.exitCode}`);
    const perStack = report.stacks.map((stack) => stack.durationMs / 1000).sort((a, b) => a - b);
    rows.push(`| ${limit === 1 ? 'sequential' : `concurrent`} | ${limit} | ${seconds.toFixed(1)} s | ${perStack[Math.floor(perStack.length / 2)].toFixed(1)} s |`);
  }
  rmSync(join(outdir, '..'), { recursive: true, force: true });
  const resources = stacks.reduce((sum, stack) => sum + Object.values(stack.json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0), 0);
  process.stdout.write(
    [
      `Offline drift sweep: ${stacks.length} account stacks, ${resources} resources, node ${process.version}`,
      '',
      '| run | stacks at once | wall time | median per stack |',
      '|---|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
