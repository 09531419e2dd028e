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
import { loadConfigFile, parseConfig } from '../modules/config/load';
import { resolveSettings } from '../modules/config/resolve';
import { driftSweep } from './lib/drift';
import { startOfflineSession } from './lib/offline-terraform';
import { readSynthesizedStacks } from './lib/stacks';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number`);
  return value;
}

async function main(): Promise<void> {
  const accounts = option('accounts', 10);
  const concurrency = option('concurrency', 2);
  const config = loadConfigFile(join(__dirname, '..', 'baseline.config.yaml'));
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
