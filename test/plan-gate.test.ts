/**
 * The offline plan gate: every stack synthesized from the default config and the organisation
 * example goes through real `terraform init`, `validate` and `plan`. It never skips: without
 * terraform or a provider source every test here fails with the reason.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listResources } from '../scripts/lib/stacks';
import { OfflineSession, StackPlan, mapWithConcurrency, planStackOffline, startOfflineSession } from '../scripts/lib/offline-terraform';
import { generatedOrganization } from '../scripts/lib/generated-organization';
import { withOptionalFeatures } from '../scripts/lib/opt-in-config';
import { DEFAULT_CONFIG, ORGANIZATION_EXAMPLE, synthesize, tempDir } from './support/fixtures';

const CONCURRENCY = Number(process.env.BASELINE_PLAN_CONCURRENCY ?? 2);

/** 40 member accounts invited into the organisation, each deploying with a role of its own on the deployment role path. */
function fortyInvitedAccounts(): Record<string, any> {
  const config = generatedOrganization(40) as Record<string, any>;
  for (const account of config.accounts) account.assumeRoleArn = `arn:aws:iam::${account.accountId}:role/account-baseline-deployer/deploy-${account.name}`;
  return config;
}

const targets = [
  { config: 'baseline.config.yaml', result: synthesize(DEFAULT_CONFIG) },
  { config: 'examples/organization.yaml', result: synthesize(ORGANIZATION_EXAMPLE) },
  { config: 'baseline.config.yaml with drift role, S3 state, people and access-key containment', result: synthesize(withOptionalFeatures()) },
  // The SCPs carry the exemption: the organisation stack (a member assuming a role on the path is the example's sandbox).
  { config: 'a generated organisation of 40 invited accounts', result: synthesize(fortyInvitedAccounts()), only: ['organization'] },
].flatMap(({ config, result, only }) => result.stacks.filter((stack) => !only || only.includes(stack.name)).map((stack) => ({ config, stack })));

let session: OfflineSession;
const plans = new Map<string, StackPlan>();
const key = (config: string, stack: string) => `${config}/${stack}`;

function explain(plan: StackPlan): string {
  const last = plan.runs[plan.runs.length - 1];
  return `terraform ${plan.failedStep} failed for ${plan.stack} (exit ${last.code}):\n${last.output}`;
}

beforeAll(async () => {
  session = startOfflineSession(targets.map(({ stack }) => stack));
  const results = await mapWithConcurrency(targets, CONCURRENCY, ({ stack }) => planStackOffline(stack, session));
  targets.forEach(({ config, stack }, index) => plans.set(key(config, stack.name), results[index]));
}, 20 * 60_000);

describe('offline plan gate: real terraform accepts every synthesized stack', () => {
  test('providers come from a filesystem mirror (or, without one, the registry)', () => {
    expect(['environment', 'machine image', 'registry']).toContain(session.mirror.origin);
  });

  test.each(targets.map(({ config, stack }) => [config, stack.name, stack] as const))(
    '%s: %s initializes, validates and plans every declared resource',
    (config, name, stack) => {
      const plan = plans.get(key(config, name))!;
      if (!plan.ok) throw new Error(explain(plan));
      const planned = plan.runs[plan.runs.length - 1].output;
      const declared = listResources(stack.json).length;
      if (declared === 0) expect(planned).toMatch(/No changes\./);
      else expect(planned).toMatch(new RegExp(`Plan: ${declared} to add, 0 to change, 0 to destroy\\.`));
    },
  );
});

describe('offline plan gate: adopting the existing organisation', () => {
  test('validate accepts the import block of the organisation; the plan, which cannot read AWS, treats it as new', () => {
    const plan = plans.get(key('examples/organization.yaml', 'organization'))!;
    if (!plan.ok) throw new Error(explain(plan));
    expect(plan.runs.map((run) => run.args[0])).toEqual(['init', 'validate', 'plan']);
    expect(plan.importsPlannedAsNew).toEqual([expect.stringMatching(/^aws_organizations_organization\./)]);
  });

  test('the synthesized stack keeps its import block after the offline plan', () => {
    const target = targets.find(({ config, stack }) => config === 'examples/organization.yaml' && stack.name === 'organization')!;
    expect(JSON.parse(readFileSync(target.stack.file, 'utf8')).import).toHaveLength(1);
  });
});

describe('offline plan gate: adopting an existing cost anomaly monitor', () => {
  test("validate accepts the production account's monitor import; the offline plan treats the monitor as new", () => {
    const plan = plans.get(key('examples/organization.yaml', 'account-production'))!;
    if (!plan.ok) throw new Error(explain(plan));
    expect(plan.runs.map((run) => run.args[0])).toEqual(['init', 'validate', 'plan']);
    expect(plan.importsPlannedAsNew).toEqual([expect.stringMatching(/^aws_ce_anomaly_monitor\.baseline_costAnomalyDetection_services-monitor_/)]);
  });
});

describe('offline plan gate: it fails when terraform rejects a stack', () => {
  test('an attribute value the AWS provider does not accept fails the gate', async () => {
    const dir = join(tempDir(), 'broken');
    mkdirSync(dir);
    const json = {
      terraform: { required_providers: { aws: { source: 'aws', version: '5.100.0' } } },
      provider: { aws: [{ alias: 'us-east-1', region: 'us-east-1', allowed_account_ids: ['111122223333'] }] },
      resource: { aws_ec2_instance_metadata_defaults: { imds: { provider: 'aws.us-east-1', http_tokens: 'sometimes' } } },
    };
    writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(json));
    const plan = await planStackOffline({ name: 'broken', dir, json }, session);
    expect(plan.ok).toBe(false);
    expect(['validate', 'plan']).toContain(plan.failedStep);
    expect(plan.runs[plan.runs.length - 1].output).toMatch(/http_tokens/);
  }, 120_000);
});
