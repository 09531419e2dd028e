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
    report = await runLifecycle({
      configFile: DEFAULT_CONFIG,
      emulator,
      workDir,
      outdir: join(workDir, 'cdktf.out'),
      log: (line) => lines.push(line),
      brownfield: true,
      interruptAt: [0.15, 0.5, 0.85],
      recoveryDrills: true,
    });
  } finally {
    await emulator.stop();
  }
}, 25 * 60_000);

// The phases with their wall time, in the test's output (CI's log keeps where the time went).
afterAll(() => process.stdout.write(`${lines.join('\n')}\n`));

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
        'adopt what exists: ok',
        'deploy account-personal: ok',
        'no duplicates, no lost evidence: ok',
        'adopted, nothing duplicated: ok',
        're-plan: ok',
        'inject drift: ok',
        'detect drift: ok',
        'converge: ok',
        'recover orphans: ok',
        'recover a lost state: ok',
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

  test('on an account used before the baseline, npm run adopt finds what the owner turned on and the plan neither deletes nor replaces any of it', () => {
    expect(phase('prepare').detail).toMatch(/an account used before the baseline: GuardDuty in ap-northeast-1, us-east-1, sa-east-1 .*Config recorder and channel "default" in ap-northeast-1, us-east-1/);
    expect(report.adoption).toEqual([{ stack: 'account-personal', entries: expect.any(Number), decisions: expect.objectContaining({ adopt: expect.any(Number), overwrite: 1 }) }]);
    // Three detectors, two recorders (recording), two channels and Config's service-linked role adopted; the password policy written over.
    expect(report.adoption[0].decisions.adopt).toBe(10);
    expect(phase('adopt what exists').detail).toMatch(/account-personal: \d+ imports, \d+ adopted resources updated in place; no delete or replace of an adopted resource$/);
    const adopted = Object.fromEntries(report.stacks[0].controls.map((control) => [control.control, control.adopted]));
    expect(adopted).toMatchObject({ guardDuty: 3, configRecorder: 7, passwordPolicy: 1 });
  });

  test("the deploy adopts them: the owner's detectors keep their IDs and filter, one recorder and channel per region, a second npm run adopt finds nothing new", () => {
    expect(phase('adopted, nothing duplicated').detail).toMatch(
      /^the owner's 3 detectors kept their IDs and the filter, one detector, recorder and channel per region \(default in ap-northeast-1, us-east-1\), Security Hub still on, the password policy raised; every adopted resource in the state; a second npm run adopt found nothing new$/,
    );
  });

  test('a first deploy interrupted early, halfway and late (SIGINT to terraform) converges after npm run recover each time, with no duplicate and no lost evidence', () => {
    expect(report.interruptions.map((interruption) => [interruption.stack, interruption.signal, interruption.at])).toEqual([
      ['account-personal', 'SIGINT', 0.15],
      ['account-personal', 'SIGINT', 0.5],
      ['account-personal', 'SIGINT', 0.85],
    ]);
    expect(report.interruptions.every((interruption) => interruption.afterCreated > 0)).toBe(true);
    expect(phase('deploy').detail).toMatch(/deploy again: converged$/);
    expect(phase('no duplicates, no lost evidence').ok).toBe(true);
  });

  test('resources whose creation was cancelled after AWS acted (function, roles, log group, key alias, a far detector) are adopted by npm run recover, and the next deploy converges with no duplicate', () => {
    expect(phase('recover orphans').detail).toMatch(
      /^6 resources removed from the state \(aws_lambda_function\..*\); npm run recover adopted 6; deploy converged; no duplicate; npm run drift exit 0$/,
    );
  });

  test('a lost state (emptied, its backup gone) is rebuilt from what exists, and the next deploy converges with no duplicate', () => {
    expect(phase('recover a lost state').detail).toMatch(
      /^the state file emptied \(0 bytes\) and its backup deleted \(\d+ resources\); npm run recover rebuilt the state, adopted \d+; deploy converged; no duplicate; npm run drift exit 0$/,
    );
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
    // Protected: the 4 evidence resources and the 11 adopted ones (Terraform names those it reached before stopping).
    expect(phase('destroy refused').detail).toMatch(/^account-personal: refused, naming [1-9]\d* of 15 protected resources( \(.*\))?, nothing destroyed$/);
    expect(phase('offboard').detail).toMatch(
      /states empty; kept 3 evidence buckets with versioning, policy, public access block and retention, 1 enabled evidence key; alert topics gone; released what the owner had \([23] detectors, 2 recorders and channels\) and it is still there/,
    );
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
