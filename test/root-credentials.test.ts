import { DEFAULT_ENABLED_REGIONS } from '../modules/core/regions';
import { fromTerraformString } from '../modules/policies/policy-document';
import { listResources } from '../scripts/lib/stacks';
import { alertDelivered } from './support/alerts';
import { matchesPattern } from './support/event-pattern';
import { targetsOf } from './support/event-routing';
import { DEFAULT_CONFIG, ORGANIZATION_EXAMPLE, organizationConfigData, resourcesOfType, synthesize } from './support/fixtures';
import { ADMINISTRATOR_ACCESS, callerContext, decide } from './support/simulate';

const standalone = synthesize(DEFAULT_CONFIG).stack('account-personal');
const organization = synthesize(ORGANIZATION_EXAMPLE);
const orgStack = organization.stack('organization');

const rulesNamed = (stack: typeof standalone, name: string) => resourcesOfType(stack, 'aws_cloudwatch_event_rule').filter((rule) => rule.name === name);
/** CloudTrail events as EventBridge delivers them (shapes from the CloudTrail user guide). */
const cloudTrailEvent = (detailType: string, detail: Record<string, unknown>, region = 'us-east-1') => ({
  version: '0',
  source: detailType.includes('Sign') ? 'aws.signin' : 'aws.ec2',
  account: '111122223333',
  region,
  'detail-type': detailType,
  detail: { eventID: 'e1', eventTime: '2026-11-23T10:00:00Z', sourceIPAddress: '203.0.113.7', ...detail },
});
const rootSignIn = cloudTrailEvent('AWS Console Sign In via CloudTrail', {
  eventName: 'ConsoleLogin',
  userIdentity: { type: 'Root', arn: 'arn:aws:iam::111122223333:root' },
  additionalEventData: { MFAUsed: 'No' },
  responseElements: { ConsoleLogin: 'Success' },
});
const rootRunInstances = cloudTrailEvent(
  'AWS API Call via CloudTrail',
  { eventName: 'RunInstances', eventSource: 'ec2.amazonaws.com', userIdentity: { type: 'Root', arn: 'arn:aws:iam::111122223333:root' } },
  'sa-east-1',
);
const rootCreateAccessKey = cloudTrailEvent('AWS API Call via CloudTrail', {
  eventName: 'CreateAccessKey',
  eventSource: 'iam.amazonaws.com',
  userIdentity: { type: 'Root', arn: 'arn:aws:iam::111122223333:root' },
});
const serviceOnBehalfOfRoot = cloudTrailEvent('AWS API Call via CloudTrail', {
  eventName: 'Decrypt',
  eventSource: 'kms.amazonaws.com',
  userIdentity: { type: 'Root', invokedBy: 'cloudtrail.amazonaws.com' },
});
const adminRunInstances = cloudTrailEvent('AWS API Call via CloudTrail', {
  eventName: 'RunInstances',
  eventSource: 'ec2.amazonaws.com',
  userIdentity: { type: 'IAMUser', userName: 'alice' },
});

describe('rootCredentials in every account: root activity reaches a person from every region', () => {
  const rules = rulesNamed(standalone, 'account-baseline-root-activity');

  test('one root-activity rule per enabled region, us-east-1 included (IAM and sign-in events arrive there)', () => {
    expect(rules.map((rule) => rule.provider).sort()).toEqual(DEFAULT_ENABLED_REGIONS.map((region) => `aws.${region}`).sort());
  });

  test('away from the home region the rule forwards to the home default bus with the forwarding role; at home it hands the event to the alert formatter', () => {
    const targets = targetsOf(standalone, rules);
    const home = targets.filter((target) => target.provider === 'aws.ap-northeast-1');
    const away = targets.filter((target) => target.provider !== 'aws.ap-northeast-1');
    expect(home).toHaveLength(1);
    expect(home[0].arn).toMatch(/^\$\{aws_lambda_function\.baseline_alerts_formatter_[^.]+\.arn\}$/);
    expect(away).toHaveLength(16);
    for (const target of away) {
      expect(target.arn).toBe('arn:aws:events:ap-northeast-1:111122223333:event-bus/default');
      expect(target.role_arn).toMatch(/aws_iam_role\.baseline_alerts_event-forwarding-role_[^.]+\.arn/);
    }
  });

  test('the forwarding role may only put events on the home default bus, and only EventBridge of this account may assume it', () => {
    const role = resourcesOfType(standalone, 'aws_iam_role').find((candidate) => candidate.name === 'account-baseline-event-forwarding')!;
    expect(JSON.parse(role.inline_policy[0].policy).Statement).toEqual([
      { Sid: 'ForwardToHomeRegion', Effect: 'Allow', Action: 'events:PutEvents', Resource: 'arn:aws:events:ap-northeast-1:111122223333:event-bus/default' },
    ]);
    expect(JSON.parse(role.assume_role_policy).Statement[0]).toMatchObject({
      Principal: { Service: 'events.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
    });
  });

  test.each([
    ['a root console sign-in', true, rootSignIn],
    ['root launching instances in a region the owner never uses', true, rootRunInstances],
    ['root creating an access key', true, rootCreateAccessKey],
    ['an AWS service acting for root (invokedBy)', false, serviceOnBehalfOfRoot],
    ['an IAM user launching instances', false, adminRunInstances],
  ])('%s raises an alert: %s', (_what, expected, event) => {
    expect(matchesPattern(JSON.parse(rules[0].event_pattern), event)).toBe(expected);
  });

  test('the e-mail names the account, region, action, source address and MFA, says the region is not one the account uses, and links to the event', () => {
    const home = targetsOf(standalone, rules).find((target) => target.provider === 'aws.ap-northeast-1')!;
    const alert = alertDelivered(standalone, home, rootRunInstances);
    expect(alert.subject).toBe('[Critical] Root user used in AWS account 111122223333: RunInstances');
    for (const fact of ['Account: 111122223333', 'Region: sa-east-1', 'Action: RunInstances (ec2.amazonaws.com)', 'From: 203.0.113.7', 'sa-east-1 is outside your allowed regions']) {
      expect(alert.message).toContain(fact);
    }
    expect(alert.message).toContain('https://sa-east-1.console.aws.amazon.com/cloudtrailv2/home?region=sa-east-1#/events/e1');
    expect(alertDelivered(standalone, home, rootSignIn).message).toContain('MFA used: No');
  });

  test('Config rules flag a root access key and a root user without MFA, in the home region, after the recorder is on', () => {
    const rules = resourcesOfType(standalone, 'aws_config_config_rule').filter((rule) => rule['//'].metadata.path.includes('/rootCredentials/'));
    expect(rules.map((rule) => rule.source.source_identifier).sort()).toEqual(['IAM_ROOT_ACCESS_KEY_CHECK', 'ROOT_ACCOUNT_MFA_ENABLED']);
    for (const rule of rules) {
      expect(rule.provider).toBe('aws.ap-northeast-1');
      expect(rule.depends_on).toEqual([expect.stringMatching(/^aws_config_configuration_recorder_status\.baseline_configRecorder_ap-northeast-1_status_/)]);
    }
  });

  test('a NON_COMPLIANT result of those rules raises an alert; a COMPLIANT one does not', () => {
    const [rule] = rulesNamed(standalone, 'account-baseline-root-credentials-non-compliant');
    const event = (complianceType: string) => ({
      source: 'aws.config',
      'detail-type': 'Config Rules Compliance Change',
      detail: { messageType: 'ComplianceChangeNotification', configRuleName: 'account-baseline-root-access-key', newEvaluationResult: { complianceType } },
    });
    expect(matchesPattern(JSON.parse(rule.event_pattern), event('NON_COMPLIANT'))).toBe(true);
    expect(matchesPattern(JSON.parse(rule.event_pattern), event('COMPLIANT'))).toBe(false);
  });

  test('standalone mode declares no organisation resources: it cannot restrict its own root user', () => {
    expect(listResources(standalone.json).filter(({ type }) => type.startsWith('aws_organizations') || type === 'aws_iam_organizations_features')).toEqual([]);
  });

  test('every account of the organisation, the management account included, alerts on its root user', () => {
    for (const stack of organization.stacks.filter((candidate) => candidate.name.startsWith('account-'))) {
      expect({ stack: stack.name, regions: rulesNamed(stack, 'account-baseline-root-activity').length }).toEqual({ stack: stack.name, regions: 18 });
    }
  });
});

describe('rootCredentials in an organisation: centralised root access and the member-root SCP', () => {
  const scp = resourcesOfType(orgStack, 'aws_organizations_policy').find((policy) => policy.name === 'account-baseline-deny-member-root')!;
  const scpDocument = JSON.parse(fromTerraformString(scp.content));
  const memberRoot = 'arn:aws:iam::100000000003:root';
  const instance = 'arn:aws:ec2:eu-west-1:100000000003:instance/i-0123456789abcdef0';
  // The engine needs a resource of the action's type (an IAM user); the SCP denies whatever the resource.
  const accessKeyOwner = 'arn:aws:iam::100000000003:user/any-user';
  const rootRequest = (action: string, resource: string, context: Record<string, string> = {}) =>
    decide(
      { principal: memberRoot, action, resource, resourceAccount: '100000000003', context: { ...callerContext(memberRoot), ...context } },
      { identityPolicies: [ADMINISTRATOR_ACCESS], serviceControlPolicies: [scpDocument] },
    );

  test("IAM's organisation features for root credentials management and root sessions are enabled, after trusted access", () => {
    const [features] = resourcesOfType(orgStack, 'aws_iam_organizations_features');
    expect(features.enabled_features).toEqual(['RootCredentialsManagement', 'RootSessions']);
    expect(features.depends_on).toEqual([expect.stringMatching(/^aws_organizations_organization\./)]);
    const [org] = resourcesOfType(orgStack, 'aws_organizations_organization');
    expect(org.aws_service_access_principals).toContain('iam.amazonaws.com');
    expect(org.enabled_policy_types).toContain('SERVICE_CONTROL_POLICY');
  });

  test('the SCP is attached to the organisation root', () => {
    const attachment = resourcesOfType(orgStack, 'aws_organizations_policy_attachment').find((candidate) => candidate['//'].metadata.path.includes('/rootCredentials/'))!;
    expect(attachment.target_id).toMatch(/^\$\{aws_organizations_organization\.[^.]+\.roots\[0\]\.id\}$/);
    expect(attachment.policy_id).toMatch(/aws_organizations_policy\.baseline_rootCredentials_central-root-access_member-root-scp_[^.]+\.id/);
  });

  test('a member root user launching instances is explicitly denied', async () => {
    expect(await rootRequest('ec2:RunInstances', instance)).toBe('ExplicitlyDenied');
  });

  test('a member root user creating an access key is explicitly denied', async () => {
    expect(await rootRequest('iam:CreateAccessKey', accessKeyOwner)).toBe('ExplicitlyDenied');
  });

  test('in a privileged root session (aws:AssumedRoot) the baseline does not deny', async () => {
    expect(await rootRequest('ec2:RunInstances', instance, { 'aws:AssumedRoot': 'true' })).toBe('Allowed');
    expect(await rootRequest('s3:DeleteBucketPolicy', 'arn:aws:s3:::locked-bucket', { 'aws:AssumedRoot': 'true' })).toBe('Allowed');
  });

  test('even a privileged root session cannot create a root access key', async () => {
    expect(await rootRequest('iam:CreateAccessKey', accessKeyOwner, { 'aws:AssumedRoot': 'true' })).toBe('ExplicitlyDenied');
  });

  test('an administrator role of the member account is not affected by the root SCP', async () => {
    const admin = 'arn:aws:iam::100000000003:role/Admin';
    const decision = await decide(
      { principal: admin, action: 'ec2:RunInstances', resource: instance, resourceAccount: '100000000003', context: callerContext(admin) },
      { identityPolicies: [ADMINISTRATOR_ACCESS], serviceControlPolicies: [scpDocument] },
    );
    expect(decision).toBe('Allowed');
  });

  test('switching rootCredentials off at the top level removes the SCP, the features and iam.amazonaws.com trusted access', () => {
    const config = organizationConfigData();
    config.controls = { rootCredentials: false };
    const stack = synthesize(config).stack('organization');
    expect(resourcesOfType(stack, 'aws_organizations_policy').filter((policy) => policy.name === 'account-baseline-deny-member-root')).toEqual([]);
    expect(resourcesOfType(stack, 'aws_organizations_policy').length).toBeGreaterThan(0); // the others stay
    expect(resourcesOfType(stack, 'aws_iam_organizations_features')).toEqual([]);
    expect(resourcesOfType(stack, 'aws_organizations_organization')[0].aws_service_access_principals).not.toContain('iam.amazonaws.com');
  });
});
