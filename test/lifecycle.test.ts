/**
 * The default configuration's whole lifecycle on a local AWS API (moto in server mode), as
 * `npm run e2e` runs it: deployed with the real cdktf CLI, its first deploy interrupted halfway
 * and resumed, re-planned, changed through the AWS API, checked for drift, converged, locked,
 * refused a destroy and offboarded. It never skips: without moto it fails, saying what to install.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LifecycleReport, runLifecycle } from '../scripts/lib/e2e/lifecycle';
import { RunningEmulator, startEmulator } from '../scripts/lib/local-aws';
import { DEFAULT_CONFIG, REPO_ROOT, tempDir } from './support/fixtures';

let report: LifecycleReport;
const lines: string[] = [];

beforeAll(async () => {
  const workDir = tempDir('lifecycle-');
  const emulator: RunningEmulator = await startEmulator({ logFile: join(workDir, 'emulator.log') });
  try {
    report = await runLifecycle({ configFile: DEFAULT_CONFIG, emulator, workDir, outdir: join(workDir, 'cdktf.out'), log: (line) => lines.push(line) });
  } finally {
    await emulator.stop();
  }
}, 25 * 60_000);

const phase = (name: string) => {
  const found = report.phases.find((candidate) => candidate.phase === name || candidate.phase.startsWith(`${name} `));
  if (!found) throw new Error(`no phase ${name}; the run said:\n${lines.join('\n')}`);
  return found;
};

describe('the default configuration deployed to a local AWS API, end to end', () => {
  test('every phase passes', () => {
    expect({ problems: report.problems, phases: report.phases.map((entry) => `${entry.phase}: ${entry.ok ? 'ok' : 'FAILED'}`) }).toEqual({
      problems: [],
      phases: [
        'prepare: ok',
        'deploy account-personal: ok',
        'no duplicates, no lost evidence: ok',
        're-plan: ok',
        'inject drift: ok',
        'detect drift: ok',
        'converge: ok',
        'state lock: ok',
        'destroy refused: ok',
        'offboard: ok',
      ],
    });
  });

  test('at least 45 % of the declared resources are deployed, and every control has one unless all of its resources are emulator gaps', () => {
    expect(report.totals.deployedPercent).toBeGreaterThanOrEqual(45);
    expect(report.totals.deployed + report.totals.leftOut).toBe(report.totals.declared);
    for (const control of report.stacks[0].controls) {
      expect({ control: control.control, deployedOrAllGaps: control.deployed > 0 || control.leftOut === control.declared }).toEqual({ control: control.control, deployedOrAllGaps: true });
    }
  });

  test('a deploy interrupted halfway (SIGINT to terraform) converges after npm run recover, with no duplicate resource and no lost evidence', () => {
    expect(report.interruption).toMatchObject({ stack: 'account-personal', signal: 'SIGINT' });
    expect(report.interruption!.afterCreated).toBeGreaterThan(50);
    expect(phase('deploy').detail).toMatch(/deploy again: converged/);
    expect(phase('no duplicates, no lost evidence').ok).toBe(true);
  });

  test('a second plan right after deploying shows no change and no drift', () => {
    expect(phase('re-plan').detail).toBe('npm run drift exit 0: no change and no drift in any stack');
    expect(report.stacks[0].controls.every((control) => control.replanChanges === 0)).toBe(true);
  });

  test('at least eight changes across five controls made through the AWS API are each reported on their resource and control, and nothing else', () => {
    expect(report.injections.length).toBeGreaterThanOrEqual(8);
    expect(new Set(report.injections.map((injection) => injection.control)).size).toBeGreaterThanOrEqual(5);
    for (const injection of report.injections) {
      expect({ id: injection.id, detected: injection.detected }).toEqual({
        id: injection.id,
        detected: { kind: injection.expected.kind, control: injection.control, attributes: expect.arrayContaining([...injection.expected.attributes]) },
      });
    }
    expect(report.unexplainedDrift).toEqual([]);
  });

  test('deploying again repairs every change; the state lock is exclusive; destroy is refused, naming the evidence; offboarding keeps it', () => {
    expect(phase('converge').detail).toMatch(/npm run drift exit 0/);
    expect(phase('state lock').detail).toMatch(/refused \("Error acquiring the state lock"\).*proceeded/);
    expect(phase('destroy refused').detail).toMatch(/^account-personal: refused, naming 4 of 4 protected resources( \(.*\))?, nothing destroyed$/);
    expect(phase('offboard').detail).toMatch(/states empty; kept 3 evidence buckets with versioning, policy, public access block and retention, 1 enabled evidence key; alert topics gone/);
  });
});

describe('npm run e2e without the local AWS API', () => {
  test('fails with what to install, and never skips', () => {
    const python = join(tempDir(), 'python-without-moto');
    writeFileSync(python, "#!/bin/sh\necho \"ModuleNotFoundError: No module named 'moto'\" >&2\nexit 1\n");
    chmodSync(python, 0o755);
    const result = spawnSync(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), join(REPO_ROOT, 'scripts', 'e2e.ts')], {
      cwd: REPO_ROOT,
      env: { ...process.env, BASELINE_E2E_PYTHON: python, TS_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json') },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/needs a local AWS API: moto in server mode with boto3/);
    expect(result.stderr).toMatch(/No module named 'moto'/);
    expect(result.stderr).toMatch(/pip install "moto\[server\]==5\.2\.1"/);
  });
});
