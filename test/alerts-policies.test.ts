import { resourcesOfType, DEFAULT_CONFIG, synthesize } from './support/fixtures';
import { callerContext, decide, unmetConditions } from './support/simulate';

// The policies are taken from the synthesized JSON, exactly as Terraform will send them to AWS.
const stack = synthesize(DEFAULT_CONFIG).stack('account-personal');
const account = '111122223333';
const topicArn = `arn:aws:sns:ap-northeast-1:${account}:account-baseline-alerts`;
const intakeArn = `${topicArn}-intake`;
const policyOf = (arn: string) => JSON.parse(resourcesOfType(stack, 'aws_sns_topic_policy').find((policy) => JSON.parse(policy.policy).Statement[0].Resource === arn)!.policy);
const topicPolicy = policyOf(topicArn);
const keyPolicy = JSON.parse(resourcesOfType(stack, 'aws_kms_key').find((key) => key.description.includes('account-baseline-alerts'))!.policy);
const statement = (sid: string) => keyPolicy.Statement.find((candidate: { Sid?: string }) => candidate.Sid === sid);
const keyArn = `arn:aws:kms:ap-northeast-1:${account}:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`;

const publish = (principal: string, context: Record<string, string> = {}) =>
  decide({ principal, action: 'sns:Publish', resource: topicArn, resourceAccount: account, context }, { resourcePolicy: topicPolicy });

describe('alerts topic policy: the alerting services can deliver, nobody else can abuse the topic', () => {
  test.each(['events.amazonaws.com', 'costalerts.amazonaws.com'])('%s may publish on behalf of this account', async (service) => {
    expect(await publish(service, { 'aws:SourceAccount': account })).toBe('Allowed');
  });

  test("AWS Budgets may publish for this account's budgets, as in AWS's published statement", async () => {
    expect(await publish('budgets.amazonaws.com', { 'aws:SourceAccount': account, 'aws:SourceArn': `arn:aws:budgets::${account}:budget/account-baseline-monthly` })).toBe('Allowed');
  });

  test("AWS Budgets acting for another account's budget cannot publish here (confused deputy)", async () => {
    expect(await publish('budgets.amazonaws.com', { 'aws:SourceAccount': account, 'aws:SourceArn': 'arn:aws:budgets::999988887777:budget/theirs' })).not.toBe('Allowed');
    expect(await publish('budgets.amazonaws.com', { 'aws:SourceAccount': '999988887777', 'aws:SourceArn': 'arn:aws:budgets::999988887777:budget/theirs' })).not.toBe('Allowed');
  });

  test("EventBridge acting for another account cannot publish here (confused deputy)", async () => {
    expect(await publish('events.amazonaws.com', { 'aws:SourceAccount': '999988887777' })).not.toBe('Allowed');
  });

  test('a principal of another account cannot publish', async () => {
    expect(await publish('arn:aws:iam::999988887777:user/mallory')).not.toBe('Allowed');
  });

  test('a service other than the alerting ones cannot publish', async () => {
    expect(await publish('sqs.amazonaws.com', { 'aws:SourceAccount': account })).not.toBe('Allowed');
  });

  test('publishing without TLS is explicitly denied, even for an allowed service', async () => {
    expect(await publish('budgets.amazonaws.com', { 'aws:SourceAccount': account, 'aws:SourceArn': `arn:aws:budgets::${account}:budget/b`, 'aws:SecureTransport': 'false' })).toBe('ExplicitlyDenied');
  });

  test("nobody in the account publishes a forged alert but the baseline's own roles (the formatter, containment), on either topic; the services still deliver", async () => {
    const admin = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
    for (const [arn, policy] of [[topicArn, topicPolicy], [intakeArn, policyOf(intakeArn)]] as const) {
      const as = (principal: string) =>
        decide({ principal, action: 'sns:Publish', resource: arn, resourceAccount: account, context: callerContext(principal) }, { resourcePolicy: policy, identityPolicies: [admin] });
      expect({ arn, admin: await as(`arn:aws:iam::${account}:role/Admin`) }).toEqual({ arn, admin: 'ExplicitlyDenied' });
      expect({ arn, user: await as(`arn:aws:iam::${account}:user/ci`) }).toEqual({ arn, user: 'ExplicitlyDenied' });
      expect({ arn, root: await as(`arn:aws:iam::${account}:root`) }).toEqual({ arn, root: 'ExplicitlyDenied' });
      for (const role of ['account-baseline-alert-formatter', 'account-baseline-containment']) {
        expect({ arn, role, decision: await as(`arn:aws:iam::${account}:role/${role}`) }).toEqual({ arn, role, decision: 'Allowed' });
      }
    }
    expect(await publish('events.amazonaws.com', { 'aws:SourceAccount': account })).toBe('Allowed');
  });

  test("the account's own administrators can manage the topic", async () => {
    const admin = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
    const decision = await decide(
      { principal: `arn:aws:iam::${account}:role/Admin`, action: 'sns:SetTopicAttributes', resource: topicArn, resourceAccount: account },
      { resourcePolicy: topicPolicy, identityPolicies: [admin] },
    );
    expect(decision).toBe('Allowed');
  });
});

describe('the intake topic, where AWS Budgets and Cost Anomaly Detection publish for the formatter', () => {
  const intakePolicy = policyOf(intakeArn);
  const publishToIntake = (principal: string, context: Record<string, string>) =>
    decide({ principal, action: 'sns:Publish', resource: intakeArn, resourceAccount: account, context }, { resourcePolicy: intakePolicy });

  test('AWS Budgets (for this account) and Cost Anomaly Detection may publish; another account\'s budget may not', async () => {
    expect(await publishToIntake('budgets.amazonaws.com', { 'aws:SourceAccount': account, 'aws:SourceArn': `arn:aws:budgets::${account}:budget/account-baseline-monthly` })).toBe('Allowed');
    expect(await publishToIntake('costalerts.amazonaws.com', { 'aws:SourceAccount': account })).toBe('Allowed');
    expect(await publishToIntake('budgets.amazonaws.com', { 'aws:SourceAccount': '999988887777', 'aws:SourceArn': 'arn:aws:budgets::999988887777:budget/b' })).not.toBe('Allowed');
  });
});

describe('alerts key policy: the alerting services can encrypt messages for the topic', () => {
  test.each(['events.amazonaws.com', 'budgets.amazonaws.com', 'costalerts.amazonaws.com', 'cloudwatch.amazonaws.com'])(
    '%s may generate data keys for the alert topic of this account, and only for it',
    async (service) => {
      const unmet = (sourceAccount: string) =>
        unmetConditions(
          { principal: service, action: 'kms:GenerateDataKey', resource: keyArn, resourceAccount: account, context: { 'aws:SourceAccount': sourceAccount } },
          keyPolicy,
          'AlertingServicesEncryptMessages',
        );
      // The engine cannot receive kms:EncryptionContext keys: every other condition holds, and the statement names the topic.
      expect(await unmet(account)).toEqual(['kms:EncryptionContext:aws:sns:topicArn']);
      expect(statement('AlertingServicesEncryptMessages').Condition.StringEquals['kms:EncryptionContext:aws:sns:topicArn']).toEqual([topicArn, intakeArn]);
      expect(await unmet('999988887777')).toContain('aws:SourceAccount');
    },
  );

  test('a principal of another account cannot use or manage the key', async () => {
    for (const action of ['kms:Decrypt', 'kms:ScheduleKeyDeletion']) {
      const decision = await decide(
        { principal: 'arn:aws:iam::999988887777:root', action, resource: keyArn, resourceAccount: account },
        { resourcePolicy: keyPolicy },
      );
      expect({ action, decision }).not.toEqual({ action, decision: 'Allowed' });
    }
  });

  test('the alerting services cannot schedule the key for deletion', async () => {
    const decision = await decide(
      { principal: 'events.amazonaws.com', action: 'kms:ScheduleKeyDeletion', resource: keyArn, resourceAccount: account },
      { resourcePolicy: keyPolicy },
    );
    expect(decision).not.toBe('Allowed');
  });
});

describe("the alert formatter's role, evaluated as attacks: it publishes alerts and can do nothing worse", () => {
  const role = resourcesOfType(stack, 'aws_iam_role').find((candidate) => candidate.name === 'account-baseline-alert-formatter')!;
  const policy = JSON.parse(role.inline_policy[0].policy);
  const principal = `arn:aws:iam::${account}:role/account-baseline-alert-formatter`;
  const asFormatter = (action: string, resource: string, context: Record<string, string> = {}) =>
    decide({ principal, action, resource, resourceAccount: account, context }, { identityPolicies: [policy] });

  test('only Lambda may assume it', () => {
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
  });

  test('it may publish to the alert topic and write its own log', async () => {
    expect(await asFormatter('sns:Publish', topicArn)).toBe('Allowed');
    expect(await asFormatter('logs:PutLogEvents', `arn:aws:logs:ap-northeast-1:${account}:log-group:/aws/lambda/account-baseline-alert-formatter:log-stream:x`)).toBe('Allowed');
  });

  test.each([
    ['publish to another topic', 'sns:Publish', `arn:aws:sns:ap-northeast-1:${account}:someone-elses-topic`],
    ['publish to the intake topic (a loop)', 'sns:Publish', intakeArn],
    ['subscribe itself to the alert topic', 'sns:Subscribe', topicArn],
    ['change the topic', 'sns:SetTopicAttributes', topicArn],
    ['change its own code', 'lambda:UpdateFunctionCode', `arn:aws:lambda:ap-northeast-1:${account}:function:account-baseline-alert-formatter`],
    ['read an S3 object', 's3:GetObject', 'arn:aws:s3:::account-baseline-logs/AWSLogs/x'],
    ['create an access key', 'iam:CreateAccessKey', `arn:aws:iam::${account}:user/alice`],
    ['stop an instance', 'ec2:StopInstances', `arn:aws:ec2:ap-northeast-1:${account}:instance/i-0abc123def4567890`],
    ["write another function's log", 'logs:PutLogEvents', `arn:aws:logs:ap-northeast-1:${account}:log-group:/aws/lambda/other:log-stream:x`],
  ])('it may not %s', async (_what, action, resource) => {
    expect(await asFormatter(action, resource)).toBe('ImplicitlyDenied');
  });

  test('it may use a KMS key only through SNS in the home region, for the alert topic', async () => {
    const key = `arn:aws:kms:ap-northeast-1:${account}:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`;
    expect(await asFormatter('kms:GenerateDataKey', key, { 'kms:ViaService': 'sns.ap-northeast-1.amazonaws.com' })).not.toBe('Allowed'); // the topic's encryption context is required too
    expect(await asFormatter('kms:Decrypt', key, { 'kms:ViaService': 's3.ap-northeast-1.amazonaws.com' })).toBe('ImplicitlyDenied');
    expect(policy.Statement.find((statement: { Sid: string }) => statement.Sid === 'EncryptAlerts').Condition.StringEquals['kms:EncryptionContext:aws:sns:topicArn']).toBe(topicArn);
  });
});

describe('the queue of alerts EventBridge could not hand the formatter', () => {
  const queueArn = `arn:aws:sqs:ap-northeast-1:${account}:account-baseline-alerts-undelivered`;
  const queuePolicy = JSON.parse(resourcesOfType(stack, 'aws_sqs_queue_policy').find((candidate) => JSON.parse(candidate.policy).Statement[0].Resource === queueArn)!.policy);
  const send = (sourceArn: string, extra: Record<string, string> = {}) =>
    decide({ principal: 'events.amazonaws.com', action: 'sqs:SendMessage', resource: queueArn, resourceAccount: account, context: { 'aws:SourceArn': sourceArn, ...extra } }, { resourcePolicy: queuePolicy });

  test("the baseline's rules in the home region may put what they could not deliver", async () => {
    expect(await send(`arn:aws:events:ap-northeast-1:${account}:rule/account-baseline-root-activity`)).toBe('Allowed');
  });

  test("another rule, another region's or another account's may not; nothing without TLS", async () => {
    expect(await send(`arn:aws:events:ap-northeast-1:${account}:rule/my-own-rule`)).toBe('ImplicitlyDenied');
    expect(await send(`arn:aws:events:eu-west-1:${account}:rule/account-baseline-root-activity`)).toBe('ImplicitlyDenied');
    expect(await send('arn:aws:events:ap-northeast-1:999988887777:rule/account-baseline-root-activity')).toBe('ImplicitlyDenied');
    expect(await send(`arn:aws:events:ap-northeast-1:${account}:rule/account-baseline-root-activity`, { 'aws:SecureTransport': 'false' })).toBe('ExplicitlyDenied');
  });
});
