/**
 * Drift detection with the real terraform binary: a fixture of built-in terraform_data resources
 * applied to local state, then changed; and the real synthesized stacks, offline.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseDriftArguments } from '../scripts/drift';
import { DriftReport, DriftTarget, classifyPlan, declaredAt, differingPaths, driftMarkdown, driftSweep } from '../scripts/lib/drift';
import { OVERRIDE_FILE, runTerraform, startOfflineSession } from '../scripts/lib/offline-terraform';
import { TerraformJson, controlOfPath, listResources } from '../scripts/lib/stacks';
import { DEFAULT_CONFIG, REPO_ROOT, resourcesOfType, synthesize, tempDir } from './support/fixtures';

/** A stack of terraform_data resources whose construct paths name controls, as CDKTF writes them. */
function fixtureJson(name: string, resources: Record<string, { control: string; input: string }>): TerraformJson {
  return {
    resource: {
      terraform_data: Object.fromEntries(
        Object.entries(resources).map(([id, { control, input }]) => [id, { '//': { metadata: { path: `${name}/baseline/${control}/${id}` } }, input }]),
      ),
    },
  };
}

function writeStack(root: string, name: string, json: TerraformJson): DriftTarget {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'cdk.tf.json');
  writeFileSync(file, JSON.stringify(json, null, 2));
  return { name, dir, file, json, account: '111122223333' };
}

async function apply(target: DriftTarget): Promise<void> {
  for (const args of [['init', '-input=false', '-no-color'], ['apply', '-auto-approve', '-input=false', '-no-color']]) {
    const run = await runTerraform(args, { cwd: target.dir });
    if (run.code !== 0) throw new Error(`terraform ${args[0]} failed in the fixture:\n${run.output}`);
  }
}

describe('drift detection with real terraform on a terraform_data fixture', () => {
  const root = tempDir('drift-fixture-');
  const resources = { topic: { control: 'alerts', input: 'one' }, detector: { control: 'guardDuty', input: 'on' }, trail: { control: 'auditTrail', input: 'on' } };
  let alpha: DriftTarget;
  let beta: DriftTarget;

  beforeAll(async () => {
    alpha = writeStack(root, 'account-alpha', fixtureJson('account-alpha', resources));
    beta = writeStack(root, 'account-beta', fixtureJson('account-beta', resources));
    await Promise.all([apply(alpha), apply(beta)]);
  }, 120_000);

  test('a clean run exits 0 and reports every stack and control in sync', async () => {
    const report = await driftSweep([alpha, beta]);
    expect(report.exitCode).toBe(0);
    expect(report.stacks.map((stack) => [stack.stack, stack.status])).toEqual([
      ['account-alpha', 'in sync'],
      ['account-beta', 'in sync'],
    ]);
    expect(report.stacks[0].controls.map((control) => [control.control, control.status])).toEqual([
      ['alerts', 'in sync'],
      ['auditTrail', 'in sync'],
      ['guardDuty', 'in sync'],
    ]);
  }, 120_000);

  describe('after changes', () => {
    let changed: DriftReport;
    let broken: DriftReport;

    beforeAll(async () => {
      // A configuration change not yet applied, and a resource gone from the state (as if deleted).
      const json = fixtureJson('account-alpha', { ...resources, topic: { control: 'alerts', input: 'two' } });
      alpha = writeStack(root, 'account-alpha', json);
      const removed = await runTerraform(['state', 'rm', '-no-color', 'terraform_data.detector'], { cwd: alpha.dir });
      if (removed.code !== 0) throw new Error(removed.output);
      changed = await driftSweep([alpha, beta]);
      const gamma = writeStack(root, 'account-gamma', { resource: { terraform_data: { bad: { input: 'x', no_such_attribute: true } } } } as TerraformJson);
      broken = await driftSweep([alpha, gamma, beta], { concurrency: 3 });
    }, 180_000);

    test('exit 2, naming the stack, the resources, their controls and the attributes that changed', () => {
      expect(changed.exitCode).toBe(2);
      const [a, b] = changed.stacks;
      expect(b.status).toBe('in sync');
      expect(a.differences).toEqual([
        { address: 'terraform_data.detector', control: 'guardDuty', path: 'account-alpha/baseline/guardDuty/detector', kind: 'missing', actions: ['create'], attributes: [] },
        { address: 'terraform_data.topic', control: 'alerts', path: 'account-alpha/baseline/alerts/topic', kind: 'pending', actions: ['update'], attributes: ['input', 'output'] },
      ]);
      expect(a.controls.map((control) => [control.control, control.status])).toEqual([
        ['alerts', 'pending'],
        ['auditTrail', 'in sync'],
        ['guardDuty', 'missing'],
      ]);
      expect(a.status).toBe('missing');
    });

    test('the Markdown report says it per account and per control, with the attributes', () => {
      const markdown = driftMarkdown(changed);
      expect(markdown).toContain('## account-alpha (account 111122223333): ❌ missing');
      expect(markdown).toContain('| alerts | ⚠️ pending | 1 | 0 | 0 | 1 |');
      expect(markdown).toContain('| guardDuty | ❌ missing | 1 | 0 | 1 | 0 |');
      expect(markdown).toContain('- `terraform_data.topic` (alerts, configuration change not applied, update): `input`, `output`');
      expect(markdown).toContain('## account-beta (account 111122223333): ✅ in sync');
    });

    test('a broken stack exits 1, and the drift of the other stacks is still reported', () => {
      expect(broken.exitCode).toBe(1);
      expect(broken.stacks.map((stack) => [stack.stack, stack.status])).toEqual([
        ['account-alpha', 'missing'],
        ['account-gamma', 'error'],
        ['account-beta', 'in sync'],
      ]);
      expect(broken.stacks[1].error!.step).toBe('plan');
      expect(broken.stacks[1].error!.output).toMatch(/no_such_attribute/);
      expect(broken.stacks[0].differences).toHaveLength(2);
      expect(driftMarkdown(broken)).toMatch(/## account-gamma \(account 111122223333\): 💥 error\n\nterraform plan failed:/);
    });
  });
});

describe('classification of changes made outside Terraform', () => {
  // The shape `terraform show -json` gives a resource whose refresh found a change (resource_drift).
  const stack = fixtureJson('account-alpha', { topic: { control: 'alerts', input: 'x' }, rule: { control: 'rootCredentials', input: 'x' } });
  const change = (actions: string[], before: object, after: object) => ({ actions, before, after, after_unknown: {} });

  test('a declared attribute changed outside Terraform is drifted, with the attributes, whether or not the plan undoes it', () => {
    const { differences, controls } = classifyPlan(
      {
        resource_drift: [
          { address: 'terraform_data.topic', change: change(['update'], { input: 'x', id: '1' }, { input: 'tampered', id: '1' }) },
          // Undone by nothing (as under ignore_changes): still drift.
          { address: 'terraform_data.rule', change: change(['update'], { input: 'x', id: '2' }, { input: 'changed', id: '2' }) },
        ],
        resource_changes: [
          { address: 'terraform_data.topic', change: change(['update'], { input: 'tampered', id: '1' }, { input: 'x', id: '1' }) },
          { address: 'terraform_data.rule', change: change(['no-op'], {}, {}) },
        ],
      },
      stack,
    );
    expect(differences.map((d) => [d.address, d.control, d.kind, d.attributes])).toEqual([
      ['terraform_data.rule', 'rootCredentials', 'drifted', ['input']],
      ['terraform_data.topic', 'alerts', 'drifted', ['input']],
    ]);
    expect(controls.map((control) => [control.control, control.status, control.drifted])).toEqual([
      ['alerts', 'drifted', 1],
      ['rootCredentials', 'drifted', 1],
    ]);
  });

  test('an attribute the configuration does not set is drift only when the plan changes it back (e.g. tags from default_tags)', () => {
    const { differences } = classifyPlan(
      {
        resource_drift: [{ address: 'terraform_data.topic', change: change(['update'], { input: 'x', tags_all: { ManagedBy: 'b' } }, { input: 'x', tags_all: {} }) }],
        resource_changes: [{ address: 'terraform_data.topic', change: change(['update'], { input: 'x', tags_all: {} }, { input: 'x', tags_all: { ManagedBy: 'b' } }) }],
      },
      stack,
    );
    expect(differences.map((d) => [d.address, d.kind, d.attributes])).toEqual([['terraform_data.topic', 'drifted', ['tags_all']]]);
  });

  // What a re-plan right after deploying the default stack to the local AWS API reported as
  // resource_drift (106 resources): values only AWS or another resource sets. None of it is drift.
  test.each([
    ['tags that were never set, read back as {}', { input: 'x', tags: null }, { input: 'x', tags: {} }],
    ['a count AWS keeps (a policy attachment_count)', { input: 'x', attachment_count: 0 }, { input: 'x', attachment_count: 1 }],
    ["a bucket's policy, set by its own policy resource", { input: 'x', policy: '' }, { input: 'x', policy: '{"Statement":[]}' }],
    ['an unset list inside a declared block, read back as []', { input: 'x', recording_group: [{ all_supported: true, resource_types: null }] }, { input: 'x', recording_group: [{ all_supported: true, resource_types: [] }] }],
  ])('refresh noise is in sync: %s', (_what, before, after) => {
    const noisy = fixtureJson('account-alpha', { topic: { control: 'alerts', input: 'x' } });
    (noisy.resource!.terraform_data.topic as Record<string, unknown>).recording_group = { all_supported: true };
    const { differences, controls } = classifyPlan(
      { resource_drift: [{ address: 'terraform_data.topic', change: change(['update'], before, after) }], resource_changes: [{ address: 'terraform_data.topic', change: change(['no-op'], after, after) }] },
      noisy,
    );
    expect(differences).toEqual([]);
    expect(controls.map((control) => control.status)).toEqual(['in sync']);
  });

  test('differingPaths treats null, "", [] and {} alike and walks into blocks; declaredAt reads CDKTF single blocks', () => {
    expect(differingPaths({ a: null, b: [{ c: 1, d: [] }] }, { a: {}, b: [{ c: 2, d: null }] })).toEqual([['b', 0, 'c']]);
    expect(declaredAt({ recording_group: { all_supported: true } }, ['recording_group', 0, 'all_supported'])).toBe(true);
    expect(declaredAt({ recording_group: { all_supported: true } }, ['recording_group', 0, 'resource_types'])).toBe(false);
    expect(declaredAt({ policy: '${aws_iam_policy_document.x.json}' }, ['policy'])).toBe(true);
  });

  test('resources left out on a local endpoint are not checked there: never missing or drifted, and a control of only those says so', () => {
    const { differences, controls } = classifyPlan({ resource_changes: [] }, stack, {
      notChecked: [
        { address: 'aws_accessanalyzer_analyzer.a', control: 'accessAnalyzer', reason: 'gap' },
        { address: 'aws_ec2_image_block_public_access.b', control: 'alerts', reason: 'gap' },
      ],
    });
    expect(differences).toEqual([]);
    expect(controls.map((control) => [control.control, control.status, control.resources, control.notChecked])).toEqual([
      ['accessAnalyzer', 'not checked', 0, 1],
      ['alerts', 'in sync', 1, 1],
      ['rootCredentials', 'in sync', 1, 0],
    ]);
  });

  test('a resource in the state but no longer in the configuration is a pending change outside every control', () => {
    const { differences } = classifyPlan({ resource_changes: [{ address: 'terraform_data.old', change: change(['delete'], { input: 'x' }, {}) }] }, stack);
    expect(differences).toEqual([expect.objectContaining({ address: 'terraform_data.old', control: '(not in the configuration)', kind: 'pending', actions: ['delete'] })]);
  });
});

describe('drift of the real synthesized stacks, offline (BASELINE_OFFLINE mechanism)', () => {
  const synthesized = synthesize(DEFAULT_CONFIG);
  const stack = synthesized.stack('account-personal');
  let report: DriftReport;

  beforeAll(async () => {
    const target = { ...stack, account: '111122223333' };
    report = await driftSweep([target], { offline: startOfflineSession([target]) });
  }, 300_000);

  test('nothing is deployed, so every resource is missing and the run exits 2', () => {
    expect(report.exitCode).toBe(2);
    const [result] = report.stacks;
    expect(result.status).toBe('missing');
    expect(result.differences).toHaveLength(listResources(stack.json).length);
    expect(result.differences.every((difference) => difference.kind === 'missing')).toBe(true);
  });

  test('every address maps to its control and construct path, and every control is reported missing', () => {
    const [result] = report.stacks;
    const expected = new Map(listResources(stack.json).map((resource) => [resource.address, resource.path]));
    for (const difference of result.differences) {
      expect(difference.path).toBe(expected.get(difference.address));
      expect(difference.control).toBe(controlOfPath(difference.path));
    }
    const controls = [...new Set([...expected.values()].map(controlOfPath))].sort();
    expect(controls).toEqual(expect.arrayContaining(['alerts', 'costBudget', 'guardDuty', 'regionDeny', 'rootCredentials']));
    expect(result.controls.map((control) => control.control)).toEqual(controls);
    expect(result.controls.every((control) => control.status === 'missing' && control.missing === control.resources)).toBe(true);
  });

  test('the offline run leaves nothing in cdktf.out: no override, provider cache, lock file, plan or state', () => {
    for (const leftover of [OVERRIDE_FILE, '.terraform', '.terraform.lock.hcl', 'drift.tfplan', 'terraform.tfstate']) {
      expect({ leftover, exists: existsSync(join(stack.dir, leftover)) }).toEqual({ leftover, exists: false });
    }
  });

  test('so a real terraform init in the stack directory afterwards succeeds (it failed with "Backend configuration changed")', async () => {
    const init = await runTerraform(['init', '-input=false', '-no-color'], { cwd: stack.dir, env: startOfflineSession([stack]).env });
    expect({ code: init.code, output: init.code === 0 ? '' : init.output }).toEqual({ code: 0, output: '' });
  }, 120_000);
});

describe('npm run drift: arguments and CI workflows', () => {
  test('flags win over environment defaults; the defaults suit 2 cores', () => {
    expect(parseDriftArguments([], {})).toEqual({ concurrency: 2, markdown: 'drift-report.md', json: 'drift-report.json', stacks: undefined, outdir: 'cdktf.out', offline: false });
    expect(parseDriftArguments(['--concurrency', '4', '--markdown', 'out/r.md', '--stacks', 'a, b'], { BASELINE_DRIFT_CONCURRENCY: '1', BASELINE_OFFLINE: '1' })).toMatchObject({
      concurrency: 4,
      markdown: 'out/r.md',
      stacks: ['a', 'b'],
      offline: true,
    });
  });

  test('bad arguments are rejected with what is allowed, exit 1, before anything is synthesized', () => {
    expect(() => parseDriftArguments(['--concurrency', '0'], {})).toThrow('--concurrency (or BASELINE_DRIFT_CONCURRENCY) = "0": must be a whole number from 1 to 32');
    expect(() => parseDriftArguments(['--verbose'], {})).toThrow(/unknown argument "--verbose"; allowed: --concurrency N/);
    const outdir = join(tempDir(), 'never');
    const run = spawnSync(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', 'scripts/drift.ts', '--outdir', outdir, '--json'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('--json needs a value');
    expect(existsSync(outdir)).toBe(false);
  });

  test('the scheduled drift workflow assumes a role per account with OIDC, runs npm ci and the drift command, uploads and summarises the reports', () => {
    const workflow = parse(readFileSync(join(REPO_ROOT, '.github/workflows/drift.yml'), 'utf8'));
    expect(Object.keys(workflow.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(workflow.permissions).toMatchObject({ 'id-token': 'write', contents: 'read' });
    const job = workflow.jobs.drift;
    expect(job.strategy.matrix.include.length).toBeGreaterThan(0);
    const steps = job.steps.map((step: any) => JSON.stringify(step));
    const index = (needle: string) => steps.findIndex((step: string) => step.includes(needle));
    expect(index('aws-actions/configure-aws-credentials')).toBeGreaterThan(-1);
    expect(steps[index('aws-actions/configure-aws-credentials')]).toContain('matrix.role');
    expect(index('npm ci')).toBeLessThan(index('npm run drift'));
    expect(steps[index('npm run drift')]).toContain('matrix.stack');
    expect(index('actions/upload-artifact')).toBeGreaterThan(index('npm run drift'));
    expect(index('GITHUB_STEP_SUMMARY')).toBeGreaterThan(index('npm run drift'));
    // Read-only: it signs in to the drift role, and every provider assumes its account's drift role.
    expect(job.env.BASELINE_DRIFT_ROLE).toBe('1');
    for (const entry of job.strategy.matrix.include) expect(entry.role).toMatch(/:role\/account-baseline-drift-readonly$/);
  });

  test('the pull-request workflow runs the tests, then plans with read-only credentials and comments the report', () => {
    const workflow = parse(readFileSync(join(REPO_ROOT, '.github/workflows/plan.yml'), 'utf8'));
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    const steps = workflow.jobs.plan.steps.map((step: any) => JSON.stringify(step));
    const index = (needle: string) => steps.findIndex((step: string) => step.includes(needle));
    expect(index('npm test')).toBeGreaterThan(index('npm ci'));
    expect(index('npm run drift')).toBeGreaterThan(index('npm test'));
    expect(index('gh pr comment')).toBeGreaterThan(index('npm run drift'));
  });

  test('both templates work for the example they name, as shipped: every stack in the matrix, and the drift roles they sign in to exist and trust them', () => {
    const drift = parse(readFileSync(join(REPO_ROOT, '.github/workflows/drift.yml'), 'utf8'));
    const plan = parse(readFileSync(join(REPO_ROOT, '.github/workflows/plan.yml'), 'utf8'));
    const config = drift.jobs.drift.env.BASELINE_CONFIG;
    expect(plan.jobs.plan.env.BASELINE_CONFIG).toBe(config);
    const example = synthesize(join(REPO_ROOT, config));
    const repository = (parse(readFileSync(join(REPO_ROOT, config), 'utf8')) as { drift?: { githubRepository?: string } }).drift?.githubRepository;
    expect(repository).toBeDefined();
    // Every account of the example has its drift role; who each trusts, by account.
    const trustOf = new Map<string, any>();
    for (const stack of example.stacks) {
      const providers = new Map((stack.json.provider?.aws ?? []).map((provider: any) => [String(provider.alias ?? ''), provider]));
      for (const role of resourcesOfType(stack, 'aws_iam_role').filter((candidate) => candidate.name === 'account-baseline-drift-readonly')) {
        const account = (providers.get(String(role.provider ?? '').replace(/^aws\./, '')) as any).allowed_account_ids[0];
        trustOf.set(account, JSON.parse(role.assume_role_policy));
      }
    }
    expect([...trustOf.keys()].sort()).toEqual(example.settings.accounts.map((account) => account.accountId).sort());
    const management = example.settings.organization!.managementAccountId;
    const managementRole = `arn:aws:iam::${management}:role/account-baseline-drift-readonly`;
    // The management account's role trusts the repository's workflows (any ref: pull requests plan too)...
    const github = JSON.stringify(trustOf.get(management));
    expect(github).toContain('token.actions.githubusercontent.com');
    expect(github).toContain(`repo:${repository}:*`);
    // ...and each member's trusts the management account's, which BASELINE_DRIFT_ROLE=1 assumes from.
    for (const [account, trust] of trustOf) if (account !== management) expect(JSON.stringify(trust)).toContain(managementRole);
    const matrix = drift.jobs.drift.strategy.matrix.include as Array<{ stack: string; role: string }>;
    expect(matrix.map((entry) => entry.stack).sort()).toEqual(example.stacks.map((stack) => stack.name).sort());
    for (const entry of matrix) expect(entry.role).toBe(managementRole);
    expect(plan.jobs.plan.env.BASELINE_DRIFT_ROLE).toBe('1');
    const signIn = plan.jobs.plan.steps.find((step: any) => String(step.uses).startsWith('aws-actions/configure-aws-credentials'));
    expect(signIn.with['role-to-assume']).toBe(managementRole);
  });
});
