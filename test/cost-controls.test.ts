import { fromTerraformString } from '../modules/policies/policy-document';
import { STOP_LAUNCH_ACTIONS } from '../modules/policies/spend';
import { DEFAULT_CONFIG, ORGANIZATION_EXAMPLE, organizationConfigData, resourcesOfType, synthesize, validConfigData } from './support/fixtures';
import { ADMINISTRATOR_ACCESS, callerContext, decide, exampleResourceArn } from './support/simulate';

const ACCOUNT = '111122223333';
/** AWS Budgets and Cost Anomaly Detection publish to the intake topic; the alert formatter puts their messages into words. */
const TOPIC = `arn:aws:sns:ap-northeast-1:${ACCOUNT}:account-baseline-alerts-intake`;
const standalone = synthesize(DEFAULT_CONFIG).stack('account-personal');
const organization = synthesize(ORGANIZATION_EXAMPLE);
type Stack = typeof standalone;

const named = (stack: Stack, type: string, name: string) => resourcesOfType(stack, type).filter((resource) => resource.name === name);
const only = <T>(items: T[]): T => {
  expect(items).toHaveLength(1);
  return items[0];
};
const policyOf = (value: string) => JSON.parse(fromTerraformString(value));

describe('costBudget: a monthly budget that e-mails people and the alert topic', () => {
  const budget = only(named(standalone, 'aws_budgets_budget', 'account-baseline-monthly'));

  test('a monthly COST budget of budget.monthlyLimitUsd in USD, for the whole account', () => {
    expect(budget).toMatchObject({ account_id: ACCOUNT, budget_type: 'COST', time_unit: 'MONTHLY', limit_amount: '30.00', limit_unit: 'USD' });
    expect(budget.cost_filter).toBeUndefined();
  });

  test('notifies at 50, 80 and 100 % of actual spend and at 100 % of forecast spend, to the alert e-mails and the alert topic', () => {
    expect(budget.notification.map((n: any) => [n.notification_type, n.threshold, n.threshold_type, n.comparison_operator])).toEqual([
      ['ACTUAL', 50, 'PERCENTAGE', 'GREATER_THAN'],
      ['ACTUAL', 80, 'PERCENTAGE', 'GREATER_THAN'],
      ['ACTUAL', 100, 'PERCENTAGE', 'GREATER_THAN'],
      ['FORECASTED', 100, 'PERCENTAGE', 'GREATER_THAN'],
    ]);
    for (const notification of budget.notification) {
      expect(notification.subscriber_email_addresses).toEqual(['security-alerts@example.com']);
      expect(notification.subscriber_sns_topic_arns).toEqual([TOPIC]);
    }
  });

  test('is created after the topic and key policies that let AWS Budgets publish (Budgets checks the topic)', () => {
    expect(budget.depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^aws_sns_topic_policy\.baseline_alerts_intake-topic-policy_/), expect.stringMatching(/^aws_kms_key\.baseline_alerts_key_/)]),
    );
  });

  test("the alert topic meets AWS Budgets' and Cost Anomaly Detection's rules: same account, standard (not FIFO), a customer-managed key", () => {
    const topic = only(named(standalone, 'aws_sns_topic', 'account-baseline-alerts-intake'));
    expect(topic.fifo_topic).toBeUndefined();
    expect(topic.kms_master_key_id).toMatch(/^\$\{aws_kms_key\.baseline_alerts_key_[0-9A-F]+\.arn\}$/);
    expect(TOPIC.split(':')[4]).toBe(budget.account_id);
  });

  test("an account's own budget overrides the top-level one, and every account gets its own budget", () => {
    const config = validConfigData();
    config.accounts.push({ name: 'lab', accountId: '444455556666', budget: { monthlyLimitUsd: 75.5 } });
    const synthesized = synthesize(config);
    expect(only(named(synthesized.stack('account-personal'), 'aws_budgets_budget', 'account-baseline-monthly')).limit_amount).toBe('30.00');
    expect(only(named(synthesized.stack('account-lab'), 'aws_budgets_budget', 'account-baseline-monthly')).limit_amount).toBe('75.50');
  });

  test('switched off, the account has no budget and no breaker', () => {
    const config = validConfigData();
    config.controls = { costBudget: false };
    delete config.budget.stopLaunchesAtPercent;
    const stack = synthesize(config).stack('account-personal');
    expect(resourcesOfType(stack, 'aws_budgets_budget')).toEqual([]);
    expect(resourcesOfType(stack, 'aws_budgets_budget_action')).toEqual([]);
  });
});

describe('costAnomalyDetection: spend anomalies reach a person immediately, and again in a daily digest', () => {
  const monitor = only(resourcesOfType(standalone, 'aws_ce_anomaly_monitor'));
  const subscriptions = resourcesOfType(standalone, 'aws_ce_anomaly_subscription');
  const immediate = only(subscriptions.filter((subscription) => subscription.frequency === 'IMMEDIATE'));
  const daily = only(subscriptions.filter((subscription) => subscription.frequency === 'DAILY'));
  const threshold = (usd: string) => ({ dimension: { key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE', match_options: ['GREATER_THAN_OR_EQUAL'], values: [usd] } });

  test("one AWS services monitor: each service's spend is evaluated on its own", () => {
    expect(monitor).toMatchObject({ name: 'account-baseline-services', monitor_type: 'DIMENSIONAL', monitor_dimension: 'SERVICE' });
  });

  test('immediate alerts go to the alert topic (IMMEDIATE accepts only SNS) once the topic accepts them, at budget.anomalyThresholdUsd', () => {
    expect(immediate.subscriber).toEqual([{ type: 'SNS', address: TOPIC }]);
    expect(immediate.threshold_expression).toEqual(threshold('10'));
    expect(immediate.monitor_arn_list).toEqual([expect.stringMatching(/^\$\{aws_ce_anomaly_monitor\.baseline_costAnomalyDetection_services-monitor_[0-9A-F]+\.arn\}$/)]);
    expect(immediate.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_sns_topic_policy\./), expect.stringMatching(/^aws_kms_key\./)]));
  });

  test('the daily digest goes straight to the alert e-mails, so it arrives even if the topic cannot receive', () => {
    expect(daily.subscriber).toEqual([{ type: 'EMAIL', address: 'security-alerts@example.com' }]);
    expect(daily.threshold_expression).toEqual(threshold('10'));
    expect(daily.monitor_arn_list).toEqual(immediate.monitor_arn_list);
  });

  test("an account's own threshold and alert e-mails win", () => {
    const config = validConfigData();
    config.accounts[0].budget = { anomalyThresholdUsd: 12.5 };
    config.accounts[0].alerts = { emails: ['b@example.com', 'a@example.com'] };
    const stack = synthesize(config).stack('account-personal');
    const here = resourcesOfType(stack, 'aws_ce_anomaly_subscription');
    for (const subscription of here) expect(subscription.threshold_expression).toEqual(threshold('12.5'));
    expect(here.find((subscription) => subscription.frequency === 'DAILY')!.subscriber.map((s: any) => s.address)).toEqual(['a@example.com', 'b@example.com']);
  });

  test("an existing services monitor is adopted with a Terraform import (AWS allows one per account and creates one in many)", () => {
    const arn = `arn:aws:ce::${ACCOUNT}:anomalymonitor/12345678-abcd-1234-abcd-123456789012`;
    const config = validConfigData();
    config.accounts[0].budget = { servicesMonitorArn: arn };
    const stack = synthesize(config).stack('account-personal');
    expect(stack.json.import).toEqual([
      expect.objectContaining({ id: arn, to: expect.stringMatching(/^aws_ce_anomaly_monitor\.baseline_costAnomalyDetection_services-monitor_/) }),
    ]);
    expect(standalone.json.import).toBeUndefined();
  });

  test('in an organisation every account, the management account included, has its own monitor and subscriptions to its own topic', () => {
    for (const name of ['management', 'security', 'production', 'staging', 'sandbox']) {
      const stack = organization.stack(`account-${name}`);
      expect(resourcesOfType(stack, 'aws_ce_anomaly_monitor')).toHaveLength(1);
      const topic = resourcesOfType(stack, 'aws_ce_anomaly_subscription').find((s) => s.frequency === 'IMMEDIATE')!.subscriber[0].address;
      expect(topic).toBe(`arn:aws:sns:eu-west-1:${organization.settings.accounts.find((a) => a.name === name)!.accountId}:account-baseline-alerts-intake`);
    }
    const production = resourcesOfType(organization.stack('account-production'), 'aws_ce_anomaly_subscription');
    for (const subscription of production) expect(subscription.threshold_expression).toEqual(threshold('250'));
  });
});

describe('the spend circuit breaker in a standalone account: an IAM policy on people and workloads', () => {
  const action = only(resourcesOfType(standalone, 'aws_budgets_budget_action'));
  const policy = policyOf(only(named(standalone, 'aws_iam_policy', 'account-baseline-stop-launches')).policy);
  const role = only(named(standalone, 'aws_iam_role', 'account-baseline-budget-actions'));
  const admin = `arn:aws:iam::${ACCOUNT}:user/alice`;
  const asHuman = async (action: string, region = 'sa-east-1', resource?: string) =>
    decide(
      { principal: admin, action, resource: resource ?? (await exampleResourceArn(action, { region, account: ACCOUNT })), resourceAccount: ACCOUNT, context: callerContext(admin) },
      { identityPolicies: [ADMINISTRATOR_ACCESS, policy] },
    );

  test('a budget action on the monthly budget applies the policy automatically when actual spend reaches stopLaunchesAtPercent', () => {
    expect(action).toMatchObject({
      account_id: ACCOUNT,
      budget_name: 'account-baseline-monthly',
      action_type: 'APPLY_IAM_POLICY',
      approval_model: 'AUTOMATIC',
      notification_type: 'ACTUAL',
      action_threshold: { action_threshold_type: 'PERCENTAGE', action_threshold_value: 200 },
    });
    expect(action.definition.iam_action_definition.policy_arn).toMatch(/^\$\{aws_iam_policy\.baseline_costBudget_circuit-breaker_stop-launches-policy_[0-9A-F]+\.arn\}$/);
    expect(action.execution_role_arn).toMatch(/^\$\{aws_iam_role\.baseline_costBudget_circuit-breaker_execution-role_[0-9A-F]+\.arn\}$/);
  });

  test('it stops the human-users group, and tells the alert e-mails and the topic', () => {
    expect(action.definition.iam_action_definition.groups).toEqual(['account-baseline-human-users']);
    expect(action.definition.iam_action_definition.roles).toBeUndefined();
    expect(action.subscriber).toEqual([
      { address: 'security-alerts@example.com', subscription_type: 'EMAIL' },
      { address: TOPIC, subscription_type: 'SNS' },
    ]);
    expect(action.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_budgets_budget\./), expect.stringMatching(/^aws_iam_group\./)]));
  });

  test('it also stops the MFA-required groups and the workload roles the config lists', () => {
    const config = validConfigData();
    config.iam.mfaRequiredGroups = ['Developers'];
    config.budget.stopLaunchesForRoles = ['ci-deployer', 'batch-runner'];
    const stack = synthesize(config).stack('account-personal');
    const here = only(resourcesOfType(stack, 'aws_budgets_budget_action')).definition.iam_action_definition;
    expect(here.groups).toEqual(['Developers', 'account-baseline-human-users']);
    expect(here.roles).toEqual(['batch-runner', 'ci-deployer']);
  });

  test('without stopLaunchesAtPercent there is no breaker at all (it is opt-in)', () => {
    const config = validConfigData();
    delete config.budget.stopLaunchesAtPercent;
    const stack = synthesize(config).stack('account-personal');
    expect(resourcesOfType(stack, 'aws_budgets_budget_action')).toEqual([]);
    expect(named(stack, 'aws_iam_policy', 'account-baseline-stop-launches')).toEqual([]);
    expect(named(stack, 'aws_iam_role', 'account-baseline-budget-actions')).toEqual([]);
  });

  test.each(['us-east-1', 'ap-northeast-1', 'sa-east-1', 'eu-central-1'])(
    'once applied, ec2:RunInstances and ec2:RequestSpotInstances are explicitly denied in %s, even for an administrator',
    async (region) => {
      expect(await asHuman('ec2:RunInstances', region, `arn:aws:ec2:${region}:${ACCOUNT}:instance/i-0123456789abcdef0`)).toBe('ExplicitlyDenied');
      expect(await asHuman('ec2:RequestSpotInstances', region)).toBe('ExplicitlyDenied');
    },
  );

  test.each([...STOP_LAUNCH_ACTIONS])('once applied, %s is explicitly denied', async (launch) => {
    expect(await asHuman(launch)).toBe('ExplicitlyDenied');
  });

  test.each([
    ['reading the bill', 'aws-portal:ViewBilling'],
    ['reading costs', 'ce:GetCostAndUsage'],
    ['reading the budget', 'budgets:ViewBudget'],
    ['reversing the budget action', 'budgets:ExecuteBudgetAction'],
    ['opening a support case', 'support:CreateCase'],
    ['changing their password', 'iam:ChangePassword'],
    ['setting up MFA', 'iam:EnableMFADevice'],
    ['getting an MFA session', 'sts:GetSessionToken'],
    ['detaching the policy from the group (undoing the breaker)', 'iam:DetachGroupPolicy'],
    ['stopping instances', 'ec2:StopInstances'],
    ['terminating instances', 'ec2:TerminateInstances'],
  ])('once applied, %s (%s) is still allowed', async (_what, allowed) => {
    expect(await asHuman(allowed)).toBe('Allowed');
  });

  test('only AWS Budgets, acting for this account\'s own budget, can assume the execution role', async () => {
    const trust = policyOf(role.assume_role_policy);
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/account-baseline-budget-actions`;
    const assume = (principal: string, context: Record<string, string>) =>
      decide({ principal, action: 'sts:AssumeRole', resource: roleArn, resourceAccount: ACCOUNT, context }, { resourcePolicy: trust });
    const source = { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': `arn:aws:budgets::${ACCOUNT}:budget/account-baseline-monthly/action/a1b2` };
    expect(await assume('budgets.amazonaws.com', source)).toBe('Allowed');
    expect(await assume('budgets.amazonaws.com', { 'aws:SourceAccount': '999988887777', 'aws:SourceArn': 'arn:aws:budgets::999988887777:budget/x' })).not.toBe('Allowed');
    expect(await assume('budgets.amazonaws.com', { ...source, 'aws:SourceArn': `arn:aws:budgets::${ACCOUNT}:budget/someone-elses` })).not.toBe('Allowed');
    expect(await assume('lambda.amazonaws.com', source)).not.toBe('Allowed');
  });

  test('the execution role can attach and detach the breaker policy to and from its targets, and nothing else', async () => {
    const inline = policyOf(role.inline_policy[0].policy);
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/account-baseline-budget-actions`;
    const breakerArn = `arn:aws:iam::${ACCOUNT}:policy/account-baseline-stop-launches`;
    const run = (action: string, resource: string, policyArn: string) =>
      decide(
        { principal: roleArn, action, resource, resourceAccount: ACCOUNT, context: { ...callerContext(roleArn), 'iam:PolicyARN': policyArn } },
        { identityPolicies: [inline] },
      );
    const group = `arn:aws:iam::${ACCOUNT}:group/account-baseline-human-users`;
    expect(await run('iam:AttachGroupPolicy', group, breakerArn)).toBe('Allowed');
    expect(await run('iam:DetachGroupPolicy', group, breakerArn)).toBe('Allowed');
    expect(await run('iam:AttachGroupPolicy', group, 'arn:aws:iam::aws:policy/AdministratorAccess')).not.toBe('Allowed');
    expect(await run('iam:AttachGroupPolicy', `arn:aws:iam::${ACCOUNT}:group/Other`, breakerArn)).not.toBe('Allowed');
    expect(await run('iam:AttachRolePolicy', `arn:aws:iam::${ACCOUNT}:role/Any`, breakerArn)).not.toBe('Allowed');
    expect(await run('iam:PutGroupPolicy', group, breakerArn)).not.toBe('Allowed');
  });
});

describe('the spend circuit breaker in an organisation: an SCP that the management account attaches', () => {
  const org = organization.stack('organization');
  const scp = only(named(org, 'aws_organizations_policy', 'account-baseline-stop-launches'));
  const content = policyOf(scp.content);
  const action = only(resourcesOfType(org, 'aws_budgets_budget_action'));
  const MANAGEMENT = '100000000001';
  const SANDBOX = '100000000005';
  const inSandbox = async (principal: string, action: string, region = 'ap-southeast-1') =>
    decide(
      { principal, action, resource: await exampleResourceArn(action, { region, account: SANDBOX }), resourceAccount: SANDBOX, context: callerContext(principal) },
      { identityPolicies: principal.endsWith(':root') ? [] : [ADMINISTRATOR_ACCESS], serviceControlPolicies: [content] },
    );

  test('the SCP is created unattached; the budget action attaches it to the sandbox at 150 % of its own budget', () => {
    expect(scp.type).toBe('SERVICE_CONTROL_POLICY');
    expect(resourcesOfType(org, 'aws_organizations_policy_attachment').filter((attachment) => String(attachment.policy_id).includes('stop-launches'))).toEqual([]);
    expect(action).toMatchObject({
      account_id: MANAGEMENT,
      budget_name: 'account-baseline-stop-launches-sandbox',
      action_type: 'APPLY_SCP_POLICY',
      approval_model: 'AUTOMATIC',
      notification_type: 'ACTUAL',
      action_threshold: { action_threshold_type: 'PERCENTAGE', action_threshold_value: 150 },
      subscriber: [{ address: 'sandbox-owners@example.com', subscription_type: 'EMAIL' }],
    });
    expect(action.definition.scp_action_definition.target_ids).toEqual([SANDBOX]);
    expect(action.definition.scp_action_definition.policy_id).toMatch(/^\$\{aws_organizations_policy\.baseline_costBudget_circuit-breaker_stop-launches-scp_[0-9A-F]+\.id\}$/);
  });

  test("the budget it watches lives in the management account (SCP actions must) and counts only the sandbox's costs", () => {
    const budget = only(named(org, 'aws_budgets_budget', 'account-baseline-stop-launches-sandbox'));
    expect(budget).toMatchObject({ account_id: MANAGEMENT, limit_amount: '200.00', time_unit: 'MONTHLY', cost_filter: [{ name: 'LinkedAccount', values: [SANDBOX] }] });
  });

  test("member stacks have their own budget and no breaker; the management account's budget counts only its own costs", () => {
    const limits: Record<string, string> = { management: '2000.00', security: '2000.00', production: '5000.00', staging: '2000.00', sandbox: '200.00' };
    for (const [name, limit] of Object.entries(limits)) {
      const stack = organization.stack(`account-${name}`);
      const budget = only(named(stack, 'aws_budgets_budget', 'account-baseline-monthly'));
      expect(budget.limit_amount).toBe(limit);
      expect(resourcesOfType(stack, 'aws_budgets_budget_action')).toEqual([]);
      if (name === 'management') expect(budget.cost_filter).toEqual([{ name: 'LinkedAccount', values: [MANAGEMENT] }]);
      else expect(budget.cost_filter).toBeUndefined();
    }
  });

  test('the execution role may attach and detach only that SCP, and only on the guarded accounts', async () => {
    const role = only(named(org, 'aws_iam_role', 'account-baseline-org-budget-actions'));
    const inline = policyOf(role.inline_policy[0].policy);
    expect(inline.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: ['organizations:AttachPolicy', 'organizations:DetachPolicy'],
        Resource: [expect.stringMatching(/^\$\{aws_organizations_policy\.baseline_costBudget_circuit-breaker_stop-launches-scp_[0-9A-F]+\.arn\}$/), expect.stringMatching(new RegExp(`^arn:aws:organizations::${MANAGEMENT}:account/\\$\\{aws_organizations_organization\\.[^}]+\\.id\\}/${SANDBOX}$`))],
      }),
    ]);
    const trust = policyOf(role.assume_role_policy);
    expect(trust.Statement[0].Condition.ArnLike['aws:SourceArn']).toEqual([`arn:aws:budgets::${MANAGEMENT}:budget/account-baseline-stop-launches-sandbox*`]);
  });

  test.each(['us-east-1', 'eu-west-1', 'ap-southeast-1', 'sa-east-1'])(
    'once attached, ec2:RunInstances and ec2:RequestSpotInstances are explicitly denied in %s for an administrator role and for the root user',
    async (region) => {
      for (const principal of [`arn:aws:iam::${SANDBOX}:role/Admin`, `arn:aws:iam::${SANDBOX}:root`]) {
        expect(await inSandbox(principal, 'ec2:RunInstances', region)).toBe('ExplicitlyDenied');
        expect(await inSandbox(principal, 'ec2:RequestSpotInstances', region)).toBe('ExplicitlyDenied');
      }
    },
  );

  test('the break-glass role is exempt', async () => {
    expect(await inSandbox(`arn:aws:iam::${SANDBOX}:role/BreakGlassAdmin`, 'ec2:RunInstances')).toBe('Allowed');
  });

  test.each(['aws-portal:ViewBilling', 'ce:GetCostAndUsage', 'budgets:ViewBudget', 'support:CreateCase', 'iam:ChangePassword', 'iam:CreateVirtualMFADevice', 'sts:GetCallerIdentity', 'ec2:TerminateInstances'])(
    'once attached, %s is still allowed to an administrator of the account',
    async (allowed) => {
      expect(await inSandbox(`arn:aws:iam::${SANDBOX}:role/Admin`, allowed)).toBe('Allowed');
    },
  );

  test('a breaker for the management account is the IAM form in its own stack, since SCPs never bind the management account', () => {
    const config = organizationConfigData();
    config.budget.stopLaunchesAtPercent = 300;
    const synthesized = synthesize(config);
    const management = only(resourcesOfType(synthesized.stack('account-management'), 'aws_budgets_budget_action'));
    expect(management.action_type).toBe('APPLY_IAM_POLICY');
    expect(management.definition.iam_action_definition.groups).toEqual(['Administrators', 'account-baseline-human-users']);
    const scpActions = resourcesOfType(synthesized.stack('organization'), 'aws_budgets_budget_action');
    expect(scpActions.map((a) => [a.budget_name, a.action_threshold.action_threshold_value])).toEqual([
      ['account-baseline-stop-launches-production', 300],
      ['account-baseline-stop-launches-sandbox', 150],
      ['account-baseline-stop-launches-security', 300],
      ['account-baseline-stop-launches-staging', 300],
    ]);
  });
});
