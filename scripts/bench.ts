/**
 * `npm run bench`: wall time and peak memory of synthesizing
 *   (a) an empty CDKTF app started as `cdktf init` sets apps up (node + ts-node), without ts-node's
 *       type check, which makes it the stricter floor a CDKTF user pays; (a') the same app compiled,
 *       for reference;
 *   (b) the default config and (c) a generated organisation of 100 member accounts, each
 *       run exactly as `npm run synth` runs (`node scripts/compiled.js synth`: the freshness check,
 *       validation, synthesis into cdktf.out and the summary), in a directory of its own,
 * each in a fresh process. Runs are interleaved and repeated; medians are reported. Exits 1 if
 * a target is missed.
 *
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseCommandLine, positiveWholeNumber } from './lib/args';
import { generatedOrganization } from './lib/generated-organization';

const ROOT = resolve(__dirname, '..');
const TARGETS = { ratio: 1.5, orgSeconds: 60, orgMegabytes: 2048 };
/** Figures measured on this project's machine (2 cores), to compare a run with; docs/testing.md ("Benchmark") has them too. */
const REFERENCE = {
  measured: '2026-12-02, node v20.20.2, 2 cores, --runs 7, nothing else running',
  empty: { seconds: 0.36, megabytes: 112 },
  standalone: { seconds: 0.48, megabytes: 121, resources: 445 },
  organisation: { seconds: 7.87, megabytes: 294 },
  emptyCompiled: { seconds: 0.17, megabytes: 63 },
};

const FLAGS = parseCommandLine({
  command: 'npm run bench --',
  summary: 'Measures the wall time and peak memory of synthesis, each scenario in a fresh process, against the targets.',
  flags: {
    '--runs': { kind: 'value', placeholder: 'N', description: 'runs of each scenario; medians are reported (default 7; the organisation gets half)' },
    '--members': { kind: 'value', placeholder: 'N', description: 'member accounts of the generated organisation (default 100)' },
    '--json': { kind: 'value', placeholder: 'FILE', description: 'also write the figures as JSON' },
  },
  exitCodes: ['0 every target met', '1 a target missed, a scenario failed or the arguments are not valid'],
});

interface Sample {
  readonly seconds: number;
  readonly megabytes: number;
}

type Scenario = { readonly kind: 'empty-ts-node' } | { readonly kind: 'empty-compiled' } | { readonly kind: 'synth'; readonly config?: string };

/** One scenario in a fresh process, in a directory of its own: its wall time and peak memory. */
function runOnce(scenario: Scenario): Sample {
  const work = mkdtempSync(join(tmpdir(), 'baseline-bench-'));
  const rssFile = join(work, 'rss');
  const preload = ['-r', join(ROOT, 'scripts', 'lib', 'report-rss.js')];
  const args =
    scenario.kind === 'empty-ts-node'
      ? [...preload, '-r', 'ts-node/register/transpile-only', join(ROOT, 'scripts', 'bench-target.ts'), join(work, 'cdktf.out')]
      : scenario.kind === 'empty-compiled'
        ? [...preload, join(ROOT, 'dist', 'scripts', 'bench-target.js'), join(work, 'cdktf.out')]
        : [...preload, join(ROOT, 'scripts', 'compiled.js'), 'synth'];
  const env: NodeJS.ProcessEnv = { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), BENCH_RSS_FILE: rssFile };
  delete env.BASELINE_CONFIG;
  if (scenario.kind === 'synth' && scenario.config) env.BASELINE_CONFIG = scenario.config;
  const started = process.hrtime.bigint();
  // npm run synth writes cdktf.out where it is run: here, the scenario's own directory.
  const result = spawnSync(process.execPath, args, { cwd: scenario.kind === 'synth' ? work : ROOT, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rssKb = result.status === 0 ? Number(readFileSync(rssFile, 'utf8')) : 0;
  rmSync(work, { recursive: true, force: true });
  if (result.status !== 0) throw new Error(`scenario ${scenario.kind} failed (exit ${result.status}):\n${result.stderr}`);
  return { seconds, megabytes: rssKb / 1024 };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

function main(): void {
  const runs = positiveWholeNumber(FLAGS, '--runs', 7);
  const members = positiveWholeNumber(FLAGS, '--members', 100);
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts', 'compiled.js'), '--build'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('could not build dist/ (scripts/compiled.js --build)');
  const configs = mkdtempSync(join(tmpdir(), 'baseline-bench-config-'));
  const organisationConfig = join(configs, `organization-${members}.json`);
  writeFileSync(organisationConfig, JSON.stringify(generatedOrganization(members)));
  const scenarios: ReadonlyArray<{ id: string; label: string; scenario: Scenario; runs: number }> = [
    { id: 'empty', label: '(a) empty CDKTF app, ts-node (floor)', scenario: { kind: 'empty-ts-node' }, runs },
    { id: 'default', label: '(b) default config, npm run synth', scenario: { kind: 'synth' }, runs },
    { id: 'org', label: `(c) organisation, ${members} members, npm run synth`, scenario: { kind: 'synth', config: organisationConfig }, runs: Math.max(1, Math.ceil(runs / 2)) },
    { id: 'empty-compiled', label: "(a') empty CDKTF app, compiled", scenario: { kind: 'empty-compiled' }, runs },
  ];
  const samples = new Map<string, Sample[]>(scenarios.map((scenario) => [scenario.id, []]));
  // Warm the file cache (and the function packages' cache) so the first measured runs are not penalised.
  runOnce({ kind: 'empty-ts-node' });
  runOnce({ kind: 'synth' });
  for (let round = 0; round < runs; round++) {
    for (const scenario of scenarios) {
      if (round < scenario.runs) samples.get(scenario.id)!.push(runOnce(scenario.scenario));
    }
  }
  rmSync(configs, { recursive: true, force: true });

  const figures = scenarios.map((scenario) => {
    const list = samples.get(scenario.id)!;
    return {
      scenario: scenario.label,
      runs: list.length,
      medianSeconds: median(list.map((sample) => sample.seconds)),
      peakMegabytes: Math.max(...list.map((sample) => sample.megabytes)),
    };
  });
  const [empty, standalone, organisation] = figures;
  const ratio = standalone.medianSeconds / empty.medianSeconds;
  const checks = [
    { target: `(b)/(a) <= ${TARGETS.ratio}`, actual: ratio.toFixed(2), ok: ratio <= TARGETS.ratio },
    { target: `(c) < ${TARGETS.orgSeconds} s`, actual: `${organisation.medianSeconds.toFixed(2)} s`, ok: organisation.medianSeconds < TARGETS.orgSeconds },
    { target: `(c) < ${TARGETS.orgMegabytes / 1024} GB`, actual: `${organisation.peakMegabytes.toFixed(0)} MB`, ok: organisation.peakMegabytes < TARGETS.orgMegabytes },
  ];

  const lines = [
    `Synthesis benchmark (node ${process.version}, each scenario a fresh process; median wall time, peak RSS)`,
    '',
    '| scenario | runs | median wall time | peak memory |',
    '|---|---|---|---|',
    ...figures.map((figure) => `| ${figure.scenario} | ${figure.runs} | ${figure.medianSeconds.toFixed(2)} s | ${figure.peakMegabytes.toFixed(0)} MB |`),
    '',
    '| target | measured | |',
    '|---|---|---|',
    ...checks.map((check) => `| ${check.target} | ${check.actual} | ${check.ok ? 'met' : 'MISSED'} |`),
    '',
    `Targets: npm run synth of the default configuration within ${TARGETS.ratio} times the empty app as CDKTF starts it; 100 members under ${TARGETS.orgSeconds} s and ${TARGETS.orgMegabytes / 1024} GB.`,
    `Reference (${REFERENCE.measured}): (a) ${REFERENCE.empty.seconds} s / ${REFERENCE.empty.megabytes} MB, ` +
      `(b) ${REFERENCE.standalone.seconds} s / ${REFERENCE.standalone.megabytes} MB (${REFERENCE.standalone.resources} resources), ` +
      `(c) ${REFERENCE.organisation.seconds} s / ${REFERENCE.organisation.megabytes} MB, (a') ${REFERENCE.emptyCompiled.seconds} s / ${REFERENCE.emptyCompiled.megabytes} MB.`,
    "(b) - (a') is the baseline itself (loading the provider classes it uses and building every resource).",
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  const json = FLAGS.values.get('--json');
  if (json) writeFileSync(json, `${JSON.stringify({ figures, ratio, checks }, null, 2)}\n`);
  if (checks.some((check) => !check.ok)) process.exit(1);
}

try {
  main();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
