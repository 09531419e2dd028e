import { DEFAULT_ENABLED_REGIONS } from '../modules/core/regions';
import { GLOBAL_SERVICE_ACTIONS } from '../modules/policies/region-deny';
import { STOP_LAUNCH_ACTIONS } from '../modules/policies/spend';
import { CONTAINMENT_TAG_KEY } from '../modules/policies/containment';
import { EVENT_PATTERN_MAX_CHARACTERS } from '../modules/core/alerts-hub';
import { exemptRoleNamePrefixes } from '../modules/controls/tamper-alerts';
import { alertDelivered } from './support/alerts';
import { matchesPattern } from './support/event-pattern';
import { alertsOn, forwardingRules, routeOf } from './support/event-routing';
import { DEFAULT_CONFIG, ORGANIZATION_EXAMPLE, resourcesOfType, synthesize } from './support/fixtures';

const standalone = synthesize(DEFAULT_CONFIG).stack('account-personal');
const organization = synthesize(ORGANIZATION_EXAMPLE);
const member = organization.stack('account-staging');
const management = organization.stack('account-management');
type Stack = typeof standalone;

const FAR = 'sa-east-1';
const rulesIn = (stack: Stack, prefix: string) =>
  resourcesOfType(stack, 'aws_cloudwatch_event_rule').filter((rule) => String(rule.name).startsWith(prefix));
/** Does the event reach the home region and raise an alert there through a rule named `prefix*`? */
const alerts = alertsOn;

/** A CloudTrail management event as EventBridge delivers it (shape from the CloudTrail user guide). */
function apiCall(account: string, source: string, eventName: string, requestParameters: Record<string, unknown> = {}, region = FAR, extra: Record<string, unknown> = {}) {
  return {
    version: '0',
    source: `aws.${source.split('.')[0]}`,
    account,
    region,
    'detail-type': 'AWS API Call via CloudTrail',
    detail: {
      eventSource: source,
      eventName,
      eventID: 'e1',
      sourceIPAddress: '203.0.113.7',
      userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::${account}:assumed-role/Admin/mallory` },
      requestParameters,
      ...extra,
    },
  };
}

/** Every tamper step of the security review, as [what, event source, event name, request parameters, region]. */
const tampering = (account: string, home: string): Array<[string, string, string, Record<string, unknown>, string]> => [
  ['the trail stopped', 'cloudtrail.amazonaws.com', 'StopLogging', { name: `arn:aws:cloudtrail:${home}:${account}:trail/account-baseline` }, home],
  ['the trail deleted', 'cloudtrail.amazonaws.com', 'DeleteTrail', { name: 'account-baseline' }, home],
  ['the trail updated', 'cloudtrail.amazonaws.com', 'UpdateTrail', { name: 'account-baseline' }, home],
  ["the trail's selectors changed", 'cloudtrail.amazonaws.com', 'PutEventSelectors', { trailName: 'account-baseline' }, home],
  ['a detector deleted in a far region', 'guardduty.amazonaws.com', 'DeleteDetector', { detectorId: 'd1' }, FAR],
  ['a detector updated (disabled)', 'guardduty.amazonaws.com', 'UpdateDetector', { detectorId: 'd1', enable: false }, FAR],
  ['a GuardDuty suppression filter', 'guardduty.amazonaws.com', 'CreateFilter', { action: 'ARCHIVE' }, FAR],
  ['a GuardDuty trusted IP set', 'guardduty.amazonaws.com', 'CreateIPSet', { activate: true }, FAR],
  ["an instance opted out of GuardDuty's runtime agent (GuardDutyManaged=false)", 'ec2.amazonaws.com', 'CreateTags', { resourcesSet: { items: [{ resourceId: 'i-0abc' }] }, tagSet: { items: [{ key: 'Name', value: 'web' }, { key: 'GuardDutyManaged', value: 'false' }] } }, FAR],
  ['an Inspector suppression filter', 'inspector2.amazonaws.com', 'CreateFilter', { action: 'SUPPRESS' }, FAR],
  ['the Config recorder stopped', 'config.amazonaws.com', 'StopConfigurationRecorder', { configurationRecorderName: 'account-baseline' }, FAR],
  ['a Config rule deleted', 'config.amazonaws.com', 'DeleteConfigRule', { configRuleName: 'account-baseline-root-mfa' }, home],
  ['an alert rule deleted', 'events.amazonaws.com', 'DeleteRule', { name: 'account-baseline-root-activity' }, FAR],
  ['an alert rule disabled', 'events.amazonaws.com', 'DisableRule', { name: 'account-baseline-guardduty-findings' }, home],
  ["a far region's forwarding rule disabled", 'events.amazonaws.com', 'DisableRule', { name: 'account-baseline-forward-to-home-region' }, FAR],
  ['a rule of any name sending to the home bus (a second forwarder that would carry the heartbeat alone)', 'events.amazonaws.com', 'PutTargets', { rule: 'hb', targets: [{ id: '1', arn: `arn:aws:events:${home}:${account}:event-bus/default`, roleArn: `arn:aws:iam::${account}:role/mine` }] }, FAR],
  ["a rule of any name using the baseline's forwarding role", 'events.amazonaws.com', 'PutTargets', { rule: 'hb', targets: [{ id: '1', arn: `arn:aws:events:us-east-2:${account}:event-bus/default`, roleArn: `arn:aws:iam::${account}:role/account-baseline-event-forwarding` }] }, FAR],
  ['an event archive created (to replay old heartbeats)', 'events.amazonaws.com', 'CreateArchive', { archiveName: 'a', eventSourceArn: `arn:aws:events:${home}:${account}:event-bus/default` }, home],
  ['a replay started', 'events.amazonaws.com', 'StartReplay', { replayName: 'r' }, home],
  ["a far region's forwarding rule's target removed", 'events.amazonaws.com', 'RemoveTargets', { rule: 'account-baseline-forward-to-home-region', ids: ['home-region-bus'] }, FAR],
  ["an alert rule's targets removed", 'events.amazonaws.com', 'RemoveTargets', { rule: 'account-baseline-root-activity', ids: ['home-region-bus'] }, FAR],
  ['an alert rule disabled through PutRule', 'events.amazonaws.com', 'PutRule', { name: 'account-baseline-containment-launches', state: 'DISABLED' }, home],
  ["a far region's forwarding rule rewritten to match nothing", 'events.amazonaws.com', 'PutRule', { name: 'account-baseline-forward-to-home-region', eventPattern: '{"source":["none"]}' }, FAR],
  ["an alert rule's target pointed elsewhere", 'events.amazonaws.com', 'PutTargets', { rule: 'account-baseline-root-activity', targets: [{ id: 'home-region-bus', arn: 'arn:aws:events:us-east-1:999988887777:event-bus/default' }] }, FAR],
  ['a home bus policy that refuses forwarded events', 'events.amazonaws.com', 'PutPermission', { policy: '{"Statement":[{"Effect":"Deny","Principal":"*","Action":"events:PutEvents"}]}' }, home],
  ["the home bus policy's statements removed", 'events.amazonaws.com', 'RemovePermission', { removeAllPermissions: true }, home],
  ["the default bus given a key of one's own", 'events.amazonaws.com', 'UpdateEventBus', { name: 'default', kmsKeyIdentifier: 'arn:aws:kms:eu-west-1:999988887777:key/x' }, home],
  ['the formatter unsubscribed from the intake topic (cost alerts fall silent)', 'sns.amazonaws.com', 'Unsubscribe', { subscriptionArn: `arn:aws:sns:${home}:${account}:account-baseline-alerts-intake:0f1e2d3c` }, home],
  ['a filter policy on the intake subscription', 'sns.amazonaws.com', 'SetSubscriptionAttributes', { subscriptionArn: `arn:aws:sns:${home}:${account}:account-baseline-alerts-intake:0f1e2d3c`, attributeName: 'FilterPolicy' }, home],
  ['the Config recorder replaced by one that records nothing', 'config.amazonaws.com', 'PutConfigurationRecorder', { configurationRecorder: { name: 'account-baseline', recordingGroup: { allSupported: false, resourceTypes: [] } } }, FAR],
  ["the delivery channel pointed at another bucket", 'config.amazonaws.com', 'PutDeliveryChannel', { deliveryChannel: { name: 'account-baseline', s3BucketName: 'elsewhere' } }, home],
  ["Config's retention shortened", 'config.amazonaws.com', 'PutRetentionConfiguration', { retentionPeriodInDays: 30 }, home],
  ['a baseline Config rule rewritten', 'config.amazonaws.com', 'PutConfigRule', { configRule: { configRuleName: 'account-baseline-root-mfa', source: { owner: 'AWS' } } }, home],
  ['a Config rule rewritten by its ARN (no name in the request)', 'config.amazonaws.com', 'PutConfigRule', { configRule: { configRuleArn: `arn:aws:config:${home}:${account}:config-rule/config-rule-ab12cd`, source: { owner: 'AWS', sourceIdentifier: 'IAM_ROOT_ACCESS_KEY_CHECK' } } }, home],
  ["a GuardDuty trusted entity set (the intruder's addresses: no findings)", 'guardduty.amazonaws.com', 'CreateTrustedEntitySet', { detectorId: 'd1', activate: true }, FAR],
  ['a GuardDuty trusted entity set changed', 'guardduty.amazonaws.com', 'UpdateTrustedEntitySet', { detectorId: 'd1' }, home],
  ['a GuardDuty threat list changed', 'guardduty.amazonaws.com', 'UpdateThreatIntelSet', { detectorId: 'd1' }, home],
  ['leaving the GuardDuty administrator (old name)', 'guardduty.amazonaws.com', 'DisassociateFromMasterAccount', { detectorId: 'd1' }, FAR],
  ["a detector's publishing destination deleted", 'guardduty.amazonaws.com', 'DeletePublishingDestination', { detectorId: 'd1' }, FAR],
  ['leaving the Security Hub administrator', 'securityhub.amazonaws.com', 'DisassociateFromAdministratorAccount', {}, FAR],
  ['instances launched already opted out of GuardDuty (GuardDutyManaged=false at launch)', 'ec2.amazonaws.com', 'RunInstances', { tagSpecificationSet: { items: [{ resourceType: 'instance', tags: [{ key: 'GuardDutyManaged', value: 'false' }] }] } }, FAR],
  ['an Auto Scaling group that opts its instances out of GuardDuty', 'autoscaling.amazonaws.com', 'CreateOrUpdateTags', { tags: [{ resourceId: 'miners', resourceType: 'auto-scaling-group', key: 'GuardDutyManaged', value: 'false', propagateAtLaunch: true }] }, FAR],
  ['an ECS cluster opted out of GuardDuty', 'ecs.amazonaws.com', 'TagResource', { resourceArn: `arn:aws:ecs:${FAR}:${account}:cluster/c`, tags: [{ key: 'GuardDutyManaged', value: 'false' }] }, FAR],
  ['an EKS cluster opted out of GuardDuty (its tags a map)', 'eks.amazonaws.com', 'TagResource', { resourceArn: `arn:aws:eks:${FAR}:${account}:cluster/k`, tags: { team: 'data', GuardDutyManaged: 'false' } }, FAR],
  ['an EKS cluster created opted out of GuardDuty', 'eks.amazonaws.com', 'CreateCluster', { name: 'k', tags: { GuardDutyManaged: 'false' } }, FAR],
  ["containment released (its tag removed, so the next start is not stopped)", 'ec2.amazonaws.com', 'DeleteTags', { resourcesSet: { items: [{ resourceId: 'i-0abc' }] }, tagSet: { items: [{ key: 'account-baseline:contained' }] } }, FAR],
  ["the baseline's alarms muted", 'monitoring.amazonaws.com', 'PutAlarmMuteRule', { name: 'quiet', rule: {} }, home],
  ['another account given rights on the alert topic', 'sns.amazonaws.com', 'AddPermission', { topicArn: `arn:aws:sns:${home}:${account}:account-baseline-alerts`, aWSAccountId: ['999988887777'], actionName: ['SetTopicAttributes'] }, home],
  ['snapshot public sharing loosened to block-new-sharing (public ones public again)', 'ec2.amazonaws.com', 'EnableSnapshotBlockPublicAccess', { state: 'block-new-sharing' }, FAR],
  ["the access-log bucket made Requester Pays (access logging stops)", 's3.amazonaws.com', 'PutBucketRequestPayment', { bucketName: `account-baseline-access-logs-${account}-${home}` }, home],
  ['an SCP created (one that denies the forwarding role)', 'organizations.amazonaws.com', 'CreatePolicy', { type: 'SERVICE_CONTROL_POLICY', name: 'x' }, 'us-east-1'],
  ['an SCP attached to the root', 'organizations.amazonaws.com', 'AttachPolicy', { policyId: 'p-x', targetId: 'r-ab12' }, 'us-east-1'],
  ['a policy type enabled (declarative EC2 policies override the account defaults)', 'organizations.amazonaws.com', 'EnablePolicyType', { rootId: 'r-ab12', policyType: 'DECLARATIVE_POLICY_EC2' }, 'us-east-1'],
  ["a policy on the trail's bucket that refuses CloudTrail (delivery stops, no StopLogging)", 's3.amazonaws.com', 'PutBucketPolicy', { bucketName: `account-baseline-logs-${account}-${home}`, bucketPolicy: {} }, home],
  ["the evidence bucket's lifecycle shortened", 's3.amazonaws.com', 'PutBucketLifecycle', { bucketName: `account-baseline-logs-${account}-${home}` }, home],
  ['a baseline alarm rewritten without its actions', 'monitoring.amazonaws.com', 'PutMetricAlarm', { alarmName: 'account-baseline-alert-delivery-failed', alarmActions: [] }, FAR],
  ["the containment function's log group deleted", 'logs.amazonaws.com', 'DeleteLogGroup', { logGroupName: '/aws/lambda/account-baseline-containment' }, home],
  ['the monthly budget deleted', 'budgets.amazonaws.com', 'DeleteBudget', { accountId: account, budgetName: 'account-baseline-monthly' }, 'us-east-1'],
  ['the monthly budget raised', 'budgets.amazonaws.com', 'UpdateBudget', { accountId: account, newBudget: { budgetName: 'account-baseline-monthly', budgetLimit: { amount: '100000' } } }, 'us-east-1'],
  ["the budget's e-mail subscriber removed", 'budgets.amazonaws.com', 'DeleteSubscriber', { accountId: account, budgetName: 'account-baseline-monthly' }, 'us-east-1'],
  ["the circuit breaker's budget action deleted", 'budgets.amazonaws.com', 'DeleteBudgetAction', { accountId: account, budgetName: 'account-baseline-stop-launches-production', actionId: 'a1' }, 'us-east-1'],
  ["the anomaly subscription's threshold raised", 'ce.amazonaws.com', 'UpdateAnomalySubscription', { subscriptionArn: `arn:aws:ce::${account}:anomalysubscription/x` }, 'us-east-1'],
  ['the anomaly monitor deleted', 'ce.amazonaws.com', 'DeleteAnomalyMonitor', { monitorArn: `arn:aws:ce::${account}:anomalymonitor/x` }, 'us-east-1'],
  ['EBS encryption by default switched off', 'ec2.amazonaws.com', 'DisableEbsEncryptionByDefault', {}, FAR],
  ['IMDSv1 allowed again for new instances', 'ec2.amazonaws.com', 'ModifyInstanceMetadataDefaults', { httpTokens: 'optional' }, FAR],
  ['public sharing of snapshots unblocked', 'ec2.amazonaws.com', 'DisableSnapshotBlockPublicAccess', {}, FAR],
  ['public sharing of images unblocked', 'ec2.amazonaws.com', 'DisableImageBlockPublicAccess', {}, FAR],
  ["the account's S3 public access block removed", 's3.amazonaws.com', 'DeleteAccountPublicAccessBlock', { accountId: account }, 'us-east-1'],
  ['the protective SCP detached', 'organizations.amazonaws.com', 'DetachPolicy', { policyId: 'p-a1b2c3d4', targetId: 'r-ab12' }, 'us-east-1'],
  ['an SCP rewritten', 'organizations.amazonaws.com', 'UpdatePolicy', { policyId: 'p-a1b2c3d4' }, 'us-east-1'],
  ['SCPs switched off for the organisation', 'organizations.amazonaws.com', 'DisablePolicyType', { rootId: 'r-ab12', policyType: 'SERVICE_CONTROL_POLICY' }, 'us-east-1'],
  ['an account taken out of the organisation', 'organizations.amazonaws.com', 'RemoveAccountFromOrganization', { accountId: '100000000004' }, 'us-east-1'],
  ["GuardDuty's trusted access removed", 'organizations.amazonaws.com', 'DisableAWSServiceAccess', { servicePrincipal: 'guardduty.amazonaws.com' }, 'us-east-1'],
  ["an outside endpoint subscribed to the alert topic (reads what is detected)", 'sns.amazonaws.com', 'Subscribe', { topicArn: `arn:aws:sns:${home}:${account}:account-baseline-alerts`, protocol: 'https', endpoint: 'https://203.0.113.7/a' }, home],
  ['an alert address unsubscribed', 'sns.amazonaws.com', 'Unsubscribe', { subscriptionArn: `arn:aws:sns:${home}:${account}:account-baseline-alerts:0f1e2d3c` }, home],
  ['a filter policy on an alert subscription', 'sns.amazonaws.com', 'SetSubscriptionAttributes', { subscriptionArn: `arn:aws:sns:${home}:${account}:account-baseline-alerts:0f1e2d3c`, attributeName: 'FilterPolicy' }, home],
  ['a data-protection policy on the alert topic', 'sns.amazonaws.com', 'PutDataProtectionPolicy', { resourceArn: `arn:aws:sns:${home}:${account}:account-baseline-alerts` }, home],
  ["the alert topic's attributes changed", 'sns.amazonaws.com', 'SetTopicAttributes', { topicArn: `arn:aws:sns:${home}:${account}:account-baseline-alerts` }, home],
  ['the alert key disabled', 'kms.amazonaws.com', 'DisableKey', { keyId: '1b2c3d4e' }, home],
  ['the alert key scheduled for deletion', 'kms.amazonaws.com', 'ScheduleKeyDeletion', { keyId: '1b2c3d4e', pendingWindowInDays: 7 }, home],
  ["the alert key's policy changed", 'kms.amazonaws.com', 'PutKeyPolicy', { keyId: '1b2c3d4e' }, home],
  ['the delivery-failure alarm deleted', 'monitoring.amazonaws.com', 'DeleteAlarms', { alarmNames: ['account-baseline-alert-delivery-failed'] }, FAR],
  ['a region enabled', 'account.amazonaws.com', 'EnableRegion', { regionName: 'me-central-1' }, 'us-east-1'],
  ['the security contact redirected', 'account.amazonaws.com', 'PutAlternateContact', { alternateContactType: 'SECURITY' }, 'us-east-1'],
  ['an IAM user created', 'iam.amazonaws.com', 'CreateUser', { userName: 'backup-svc' }, 'us-east-1'],
  ['an access key created', 'iam.amazonaws.com', 'CreateAccessKey', { userName: 'ci' }, 'us-east-1'],
  ['a console password created', 'iam.amazonaws.com', 'CreateLoginProfile', { userName: 'ci' }, 'us-east-1'],
  ["an MFA device enrolled (a key thief's own)", 'iam.amazonaws.com', 'EnableMFADevice', { userName: 'ci' }, 'us-east-1'],
  ['an MFA device deactivated', 'iam.amazonaws.com', 'DeactivateMFADevice', { userName: 'alice' }, 'us-east-1'],
  ['a new version of the MFA policy', 'iam.amazonaws.com', 'CreatePolicyVersion', { policyArn: `arn:aws:iam::${account}:policy/account-baseline-require-mfa` }, 'us-east-1'],
  ['the MFA policy detached from a group', 'iam.amazonaws.com', 'DetachGroupPolicy', { groupName: 'Administrators', policyArn: `arn:aws:iam::${account}:policy/account-baseline-require-mfa` }, 'us-east-1'],
  ["someone taken out of the baseline's group", 'iam.amazonaws.com', 'RemoveUserFromGroup', { groupName: 'account-baseline-human-users', userName: 'alice' }, 'us-east-1'],
  ['the event-forwarding role re-trusted', 'iam.amazonaws.com', 'UpdateAssumeRolePolicy', { roleName: 'account-baseline-event-forwarding' }, 'us-east-1'],
  ["the event-forwarding role's policy deleted", 'iam.amazonaws.com', 'DeleteRolePolicy', { roleName: 'account-baseline-event-forwarding', policyName: 'put-events-on-home-bus' }, 'us-east-1'],
  ['the containment function set to dry run', 'lambda.amazonaws.com', 'UpdateFunctionConfiguration20150331v2', { functionName: 'account-baseline-containment' }, home],
  ['the containment function deleted, by ARN', 'lambda.amazonaws.com', 'DeleteFunction20150331', { functionName: `arn:aws:lambda:${home}:${account}:function:account-baseline-containment` }, home],
  ['the containment function throttled to zero', 'lambda.amazonaws.com', 'PutFunctionConcurrency20171031', { functionName: 'account-baseline-containment', reservedConcurrentExecutions: 0 }, home],
];

describe('tamper alerts: switching the baseline off or cutting an alert path raises an alert, in every mode, from every region', () => {
  const modes: Array<[string, Stack, string, string]> = [
    ['a standalone account', standalone, '111122223333', 'ap-northeast-1'],
    ['the management account (no SCP binds it)', management, '100000000001', 'eu-west-1'],
    ['a member account (the SCP refuses; the attempt alerts)', member, '100000000004', 'eu-west-1'],
  ];

  test.each(modes)("in %s the tamper rules watch in the home region (an area over EventBridge's pattern size gets a second rule), every other enabled region forwards to it, each pattern within EventBridge's size", (_mode, stack, _account, home) => {
    const rules = rulesIn(stack, 'account-baseline-tamper-');
    expect(rules.map((rule) => rule.name).sort()).toEqual(['account-baseline-tamper-account', 'account-baseline-tamper-alert-path', 'account-baseline-tamper-alert-path-2', 'account-baseline-tamper-detection', 'account-baseline-tamper-identity', 'account-baseline-tamper-logging', 'account-baseline-tamper-spend']);
    for (const rule of rules) expect(rule.provider).toBe(`aws.${home}`);
    for (const region of DEFAULT_ENABLED_REGIONS.filter((candidate) => candidate !== home)) {
      expect({ region, forwarders: forwardingRules(stack, region).map((rule) => rule.name).sort() }).toEqual({
        region,
        forwarders: ['account-baseline-forward-to-home-region', 'account-baseline-root-activity'],
      });
    }
    for (const rule of [...rules, ...forwardingRules(stack, FAR)]) expect(rule.event_pattern.length).toBeLessThanOrEqual(EVENT_PATTERN_MAX_CHARACTERS);
  });

  describe.each(modes)('in %s', (_mode, stack, account, home) => {
    test.each(tampering(account, home))('%s (%s %s) alerts', (_what, source, name, parameters, region) => {
      expect(alerts(stack, 'account-baseline-tamper-', apiCall(account, source, name, parameters, region))).toBe(true);
    });

    test('a refused attempt alerts too, with its error code in the message', () => {
      const refused = apiCall(account, 'guardduty.amazonaws.com', 'DeleteDetector', { detectorId: 'd1' }, FAR, { errorCode: 'AccessDenied' });
      expect(alerts(stack, 'account-baseline-tamper-', refused)).toBe(true);
      const target = resourcesOfType(stack, 'aws_cloudwatch_event_target').find((candidate) => String(candidate.rule).includes('tamper-detection') && candidate.input_transformer);
      const alert = alertDelivered(stack, target!, refused);
      expect(alert.message).toContain('Refused by AWS: AccessDenied');
      expect(alert.subject).toMatch(/^\[Medium\] Refused attempt on the baseline \(threat detection\): DeleteDetector/);
    });

    test("the owner's own work raises nothing: their roles, rules, policies, topics and groups", () => {
      const own: Array<[string, string, Record<string, unknown>]> = [
        ['events.amazonaws.com', 'DeleteRule', { name: 'app-nightly' }],
        ['events.amazonaws.com', 'PutRule', { name: 'app-nightly', state: 'DISABLED' }],
        ['events.amazonaws.com', 'PutTargets', { rule: 'app-nightly' }],
        ['s3.amazonaws.com', 'PutBucketPolicy', { bucketName: 'app-uploads' }],
        ['ec2.amazonaws.com', 'CreateTags', { resourcesSet: { items: [{ resourceId: 'i-0abc' }] }, tagSet: { items: [{ key: 'Name', value: 'web' }] } }],
        ['ec2.amazonaws.com', 'DeleteTags', { resourcesSet: { items: [{ resourceId: 'i-0abc' }] }, tagSet: { items: [{ key: 'Name' }] } }],
        ['budgets.amazonaws.com', 'DeleteBudget', { budgetName: 'team-budget' }],
        ['budgets.amazonaws.com', 'UpdateBudget', { newBudget: { budgetName: 'team-budget' } }],
        ['monitoring.amazonaws.com', 'PutMetricAlarm', { alarmName: 'app-latency' }],
        ['logs.amazonaws.com', 'DeleteLogGroup', { logGroupName: '/aws/lambda/app-worker' }],
        ['iam.amazonaws.com', 'CreatePolicyVersion', { policyArn: `arn:aws:iam::${account}:policy/app-policy` }],
        ['iam.amazonaws.com', 'DetachGroupPolicy', { groupName: 'Administrators', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
        ['iam.amazonaws.com', 'RemoveUserFromGroup', { groupName: 'developers', userName: 'bob' }],
        ['iam.amazonaws.com', 'UpdateAssumeRolePolicy', { roleName: 'app-runner' }],
        ['sns.amazonaws.com', 'Unsubscribe', { subscriptionArn: `arn:aws:sns:${home}:${account}:app-events:0f1e2d3c` }],
        ['ec2.amazonaws.com', 'RunInstances', {}],
        ['eks.amazonaws.com', 'TagResource', { resourceArn: 'arn:aws:eks:us-east-1:1:cluster/k', tags: { team: 'data' } }],
        ['events.amazonaws.com', 'PutTargets', { rule: 'app-nightly', targets: [{ id: '1', arn: `arn:aws:lambda:us-east-1:${account}:function:app-worker` }] }],
      ];
      for (const [source, name, parameters] of own) {
        expect({ name, alerts: alerts(stack, 'account-baseline-tamper-', apiCall(account, source, name, parameters, 'us-east-1')) }).toEqual({ name, alerts: false });
      }
    });
  });

  test("in a member account, creating or re-trusting a role with an exempt name alerts (break-glass, deployment)", () => {
    // IAM role names are unique whatever their case: a lower-case twin takes the exempt role's place.
    for (const roleName of ['BreakGlassAdmin', 'OrganizationAccountAccessRole', 'breakglassadmin', 'ORGANIZATIONACCOUNTACCESSROLE']) {
      expect(alerts(member, 'account-baseline-tamper-', apiCall('100000000004', 'iam.amazonaws.com', 'CreateRole', { roleName }, 'us-east-1'))).toBe(true);
    }
  });

  test('creating a role of any name on the deployment role path (exempt from the SCPs as one shape) alerts, in every mode; the sandbox deployer re-trusted alerts by its name', () => {
    const sandbox = organization.stack('account-sandbox');
    for (const [stack, account] of [[standalone, '111122223333'], [member, '100000000004'], [management, '100000000001'], [sandbox, '100000000005']] as const) {
      const onPath = apiCall(account, 'iam.amazonaws.com', 'CreateRole', { path: '/account-baseline-deployer/', roleName: 'AnyNameAtAll' }, 'us-east-1');
      expect(alerts(stack, 'account-baseline-tamper-', onPath)).toBe(true);
      expect(alerts(stack, 'account-baseline-tamper-', apiCall(account, 'iam.amazonaws.com', 'CreateRole', { path: '/', roleName: 'AnyNameAtAll' }, 'us-east-1'))).toBe(false);
    }
    expect(alerts(sandbox, 'account-baseline-tamper-', apiCall('100000000005', 'iam.amazonaws.com', 'UpdateAssumeRolePolicy', { roleName: 'BaselineDeployer' }, 'us-east-1'))).toBe(true);
  });

  test('exempt role names are watched by their fixed prefix; many roles collapse to their common prefix', () => {
    expect(exemptRoleNamePrefixes(['arn:aws:iam::*:role/BreakGlass*', 'arn:aws:iam::*:role/OrganizationAccountAccessRole'])).toEqual(['BreakGlass', 'OrganizationAccountAccessRole']);
    expect(exemptRoleNamePrefixes(Array.from({ length: 60 }, (_, i) => `arn:aws:iam::*:role/break-glass/emergency-admin-${i}`))).toEqual(['emergency-admin-']);
  });

  test("GuardDuty's Stealth findings (CloudTrail logging disabled, password policy weakened) always alert, whatever their severity", () => {
    expect(`${'account-baseline-'.replace(/-$/, '')}:contained`).toBe(CONTAINMENT_TAG_KEY);
    const [rule] = resourcesOfType(standalone, 'aws_cloudwatch_event_rule').filter((candidate) => candidate.name === 'account-baseline-guardduty-findings');
    const finding = (type: string, severity: number) => ({ source: 'aws.guardduty', 'detail-type': 'GuardDuty Finding', region: FAR, detail: { type, severity } });
    expect(matchesPattern(JSON.parse(rule.event_pattern), finding('Stealth:IAMUser/CloudTrailLoggingDisabled', 2))).toBe(true);
    expect(matchesPattern(JSON.parse(rule.event_pattern), finding('Stealth:IAMUser/PasswordPolicyChange', 2))).toBe(true);
    expect(matchesPattern(JSON.parse(rule.event_pattern), finding('Recon:IAMUser/NetworkPermissions', 2))).toBe(false);
  });

  describe('an alert that cannot be delivered raises an alarm', () => {
    const alarms = resourcesOfType(standalone, 'aws_cloudwatch_metric_alarm').filter((alarm) => alarm.alarm_name === 'account-baseline-alert-delivery-failed');

    test('one alarm on EventBridge FailedInvocations per enabled region; the home region one publishes to the topic directly', () => {
      expect(alarms.map((alarm) => alarm.provider).sort()).toEqual(DEFAULT_ENABLED_REGIONS.map((region) => `aws.${region}`).sort());
      for (const alarm of alarms) expect(alarm).toMatchObject({ namespace: 'AWS/Events', metric_name: 'FailedInvocations', threshold: 1 });
      const home = alarms.find((alarm) => alarm.provider === 'aws.ap-northeast-1')!;
      expect(home.alarm_actions).toEqual(['arn:aws:sns:ap-northeast-1:111122223333:account-baseline-alerts']);
    });

    test("a far region's alarm reaches the home region through EventBridge; the home alarm's own state change is not sent twice", () => {
      const state = (region: string) => ({
        source: 'aws.cloudwatch',
        'detail-type': 'CloudWatch Alarm State Change',
        region,
        detail: { alarmName: 'account-baseline-alert-delivery-failed', state: { value: 'ALARM' } },
      });
      expect(routeOf(standalone, 'account-baseline-alert-delivery-failed', state(FAR))).toEqual({ copiesAtHome: 1, homeRules: ['account-baseline-alert-delivery-failed'] });
      expect(alerts(standalone, 'account-baseline-alert-delivery-failed', state('ap-northeast-1'))).toBe(false);
    });

    test('the alert key lets CloudWatch encrypt for the alarm', () => {
      const key = resourcesOfType(standalone, 'aws_kms_key').find((candidate) => candidate.description.includes('account-baseline-alerts'))!;
      const services = JSON.parse(key.policy).Statement.find((statement: { Sid: string }) => statement.Sid === 'AlertingServicesEncryptMessages').Principal.Service;
      expect(services).toContain('cloudwatch.amazonaws.com');
    });
  });
});

describe('root activity: read-only calls are delivered too', () => {
  test('every root-activity rule has the state that delivers read-only management events (a leaked root key is tested with GetCallerIdentity first), and forwards its own events', () => {
    const rules = rulesIn(standalone, 'account-baseline-root-activity');
    expect(rules).toHaveLength(DEFAULT_ENABLED_REGIONS.length);
    for (const rule of rules) expect(rule.state).toBe('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
    const getCallerIdentity = apiCall('111122223333', 'sts.amazonaws.com', 'GetCallerIdentity', {}, FAR, { userIdentity: { type: 'Root', arn: 'arn:aws:iam::111122223333:root' }, readOnly: true });
    expect(routeOf(standalone, 'account-baseline-root-activity', getCallerIdentity)).toEqual({ copiesAtHome: 1, homeRules: ['account-baseline-root-activity'] });
  });

  test('other alert rules and the forwarding rules stay ENABLED: read-only events would only cost and add noise there', () => {
    for (const rule of [...rulesIn(standalone, 'account-baseline-tamper-'), ...rulesIn(standalone, 'account-baseline-forward-to-home-region')]) expect(rule.state).toBe('ENABLED');
    const describe = apiCall('111122223333', 'ec2.amazonaws.com', 'DescribeInstances', {}, FAR, { readOnly: true });
    expect(routeOf(standalone, 'account-baseline-', describe).copiesAtHome).toBe(0);
  });
});

describe('compute in an unused region alerts, whoever launched it', () => {
  // The default configuration allows us-east-1 and ap-northeast-1 (home).
  const launches: Array<[string, string, string]> = [
    ['EC2 on-demand instances', 'ec2.amazonaws.com', 'RunInstances'],
    ['spot instances', 'ec2.amazonaws.com', 'RequestSpotInstances'],
    ['a spot fleet', 'ec2.amazonaws.com', 'RequestSpotFleet'],
    ['an EC2 fleet', 'ec2.amazonaws.com', 'CreateFleet'],
    ['an Auto Scaling group', 'autoscaling.amazonaws.com', 'CreateAutoScalingGroup'],
    ['an ECS task', 'ecs.amazonaws.com', 'RunTask'],
    ['a Lambda function', 'lambda.amazonaws.com', 'CreateFunction20150331'],
    ['a SageMaker training job', 'sagemaker.amazonaws.com', 'CreateTrainingJob'],
    ['a SageMaker notebook', 'sagemaker.amazonaws.com', 'CreateNotebookInstance'],
    ['a Batch job', 'batch.amazonaws.com', 'SubmitJob'],
    ['a Lightsail instance', 'lightsail.amazonaws.com', 'CreateInstances'],
    ['a Lightsail container service', 'lightsail.amazonaws.com', 'CreateContainerService'],
    ['a CodeBuild build', 'codebuild.amazonaws.com', 'StartBuild'],
    ['a CodeBuild batch', 'codebuild.amazonaws.com', 'StartBuildBatch'],
    ['a GameLift fleet', 'gamelift.amazonaws.com', 'CreateFleet'],
    ['an EKS Fargate profile', 'eks.amazonaws.com', 'CreateFargateProfile'],
    ['an App Runner service', 'apprunner.amazonaws.com', 'CreateService'],
    ['a Glue job', 'glue.amazonaws.com', 'StartJobRun'],
    ['a Glue interactive session', 'glue.amazonaws.com', 'CreateSession'],
    ['a SageMaker app', 'sagemaker.amazonaws.com', 'CreateApp'],
    ['an EMR Serverless job', 'emr-serverless.amazonaws.com', 'StartJobRun'],
    ['a WorkSpace', 'workspaces.amazonaws.com', 'CreateWorkspaces'],
    ['an AppStream fleet started', 'appstream.amazonaws.com', 'StartFleet'],
    ['a Deadline Cloud fleet', 'deadline.amazonaws.com', 'CreateFleet'],
    ['a Bedrock model through the Converse API', 'bedrock.amazonaws.com', 'Converse'],
    ['an Auto Scaling group resumed', 'autoscaling.amazonaws.com', 'ResumeProcesses'],
  ];
  const identities: Array<[string, Record<string, unknown>]> = [
    ['an IAM user outside every baseline group', { type: 'IAMUser', userName: 'legacy-ci', arn: 'arn:aws:iam::111122223333:user/legacy-ci' }],
    ['a role', { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/Admin/mallory' }],
    ['the root user', { type: 'Root', arn: 'arn:aws:iam::111122223333:root' }],
  ];

  test.each(launches)('%s (%s %s) in sa-east-1 is forwarded home and alerts there, for an IAM user, a role and root', (_what, source, name) => {
    for (const [who, userIdentity] of identities) {
      const event = apiCall('111122223333', source, name, {}, FAR, { userIdentity });
      const { homeRules } = routeOf(standalone, 'account-baseline-compute-in-unused-region', event);
      expect({ who, alerts: homeRules.length > 0 }).toEqual({ who, alerts: true });
    }
  });

  test('it watches every launch the spend circuit breaker stops but those of global services: one list, so the two cannot drift apart', () => {
    const global = (action: string) => GLOBAL_SERVICE_ACTIONS.some((entry) => (entry.endsWith('*') ? action.startsWith(entry.slice(0, -1)) : action === entry));
    const regional = STOP_LAUNCH_ACTIONS.filter((action) => !global(action));
    expect(STOP_LAUNCH_ACTIONS.filter(global)).toEqual(['savingsplans:CreateSavingsPlan']);
    for (const action of regional) {
      const [service, name] = action.split(':');
      const eventName = action === 'lambda:CreateFunction' ? 'CreateFunction20150331' : name;
      const { homeRules } = routeOf(standalone, 'account-baseline-compute-in-unused-region', apiCall('111122223333', `${service}.amazonaws.com`, eventName, {}, FAR));
      expect({ action, alerts: homeRules.length > 0 }).toEqual({ action, alerts: true });
    }
    for (const rule of rulesIn(standalone, 'account-baseline-compute-in-unused-region')) expect(rule.event_pattern.length).toBeLessThanOrEqual(EVENT_PATTERN_MAX_CHARACTERS);
  });

  test('the same launches in an allowed region raise nothing, and the alert has no rule there (the home region publishes what others forward)', () => {
    for (const region of ['us-east-1', 'ap-northeast-1']) {
      for (const [, source, name] of launches) expect(alerts(standalone, 'account-baseline-compute-in-unused-region', apiCall('111122223333', source, name, {}, region))).toBe(false);
    }
    expect(rulesIn(standalone, 'account-baseline-compute-in-unused-region').map((rule) => rule.provider)).not.toContain('aws.us-east-1');
  });

  test('a member account watches the regions outside its own allowed ones (production may not use eu-central-1)', () => {
    const production = organization.stack('account-production');
    const event = apiCall('100000000003', 'ec2.amazonaws.com', 'RunInstances', {}, 'eu-central-1');
    expect(alerts(production, 'account-baseline-compute-in-unused-region', event)).toBe(true);
    expect(alerts(member, 'account-baseline-compute-in-unused-region', apiCall('100000000004', 'ec2.amazonaws.com', 'RunInstances', {}, 'eu-central-1'))).toBe(false);
  });
});

describe('the second incident: a leaked key of a user outside the baseline group', () => {
  test('Config rules flag every IAM user without MFA and every user in no group, and alert', () => {
    const rules = resourcesOfType(standalone, 'aws_config_config_rule').map((rule) => rule.source.source_identifier);
    expect(rules).toEqual(expect.arrayContaining(['IAM_USER_MFA_ENABLED', 'IAM_USER_GROUP_MEMBERSHIP_CHECK']));
    const [alert] = rulesIn(standalone, 'account-baseline-credential-hygiene-non-compliant');
    expect(JSON.parse(alert.event_pattern).detail.configRuleName).toEqual(expect.arrayContaining(['account-baseline-users-mfa', 'account-baseline-users-in-groups']));
  });
});
