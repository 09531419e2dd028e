import { generatedOrganization } from '../scripts/lib/generated-organization';
import { ALL_REGIONS } from '../modules/core/regions';
import { BaselineValidationError } from '../modules/baseline-app';
import { fromTerraformString } from '../modules/policies/policy-document';
import { DEFAULT_CONFIG, ORGANIZATION_EXAMPLE, organizationConfigData, resourcesOfType, synthesize, validConfigData } from './support/fixtures';
import { ADMINISTRATOR_ACCESS, callerContext, decide, exampleResourceArn } from './support/simulate';

const organization = synthesize(ORGANIZATION_EXAMPLE);
const org = organization.stack('organization');
const scpNamed = (name: string) => {
  const found = resourcesOfType(org, 'aws_organizations_policy').filter((policy) => policy.name === name);
  expect(found).toHaveLength(1);
  return found[0];
};
const documentOf = (scp: Record<string, any>) => JSON.parse(fromTerraformString(scp.content));
const attachmentsOf = (scp: Record<string, any>) =>
  resourcesOfType(org, 'aws_organizations_policy_attachment')
    .filter((attachment) => attachment.policy_id === `\${aws_organizations_policy.${scp['//'].metadata.uniqueId}.id}`)
    .map((attachment) => attachment.target_id);
const ROOT = /^\$\{aws_organizations_organization\.[^.]+\.roots\[0\]\.id\}$/;

const regionDeny = scpNamed('account-baseline-region-deny');
const productionDeny = scpNamed('account-baseline-region-deny-production');
const protective = scpNamed('account-baseline-protect-baseline');
const memberRoot = scpNamed('account-baseline-deny-member-root');
const rootScps = [memberRoot, regionDeny, protective].map(documentOf);

const STAGING = '100000000004';
const PRODUCTION = '100000000003';
const ALLOWED = ['eu-west-1', 'eu-central-1', 'us-east-1'];
const DENIED = ALL_REGIONS.filter((region) => !ALLOWED.includes(region));

/** The decision for a request made in `region` by `principal` of a member account, under every SCP that account carries. */
async function inMember(account: string, principal: string, action: string, region: string, resource?: string, context: Record<string, string | string[]> = {}) {
  const arn = `arn:aws:iam::${account}:${principal}`;
  return decide(
    {
      principal: arn,
      action,
      resource: resource ?? (await exampleResourceArn(action, { region, account })),
      resourceAccount: account,
      context: { ...callerContext(arn), 'aws:RequestedRegion': region, ...context },
    },
    {
      identityPolicies: principal === 'root' ? [] : [ADMINISTRATOR_ACCESS],
      // A KMS key is usable only through its key policy: the baseline's keys let the account's IAM decide.
      resourcePolicy: action.startsWith('kms:')
        ? { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }] }
        : undefined,
      serviceControlPolicies: rootScps,
      accountServiceControlPolicies: account === PRODUCTION ? [documentOf(productionDeny)] : [],
    },
  );
}
const runInstances = (account: string, principal: string, region: string) =>
  inMember(account, principal, 'ec2:RunInstances', region, `arn:aws:ec2:${region}:${account}:instance/i-0123456789abcdef0`);

describe('region deny in an organisation: an SCP per region set, attached where the policies go', () => {
  test('the organisation-wide SCP allows the top-level regions and every account\'s, and is attached to the root', () => {
    expect(documentOf(regionDeny).Statement[0].Condition.StringNotEquals['aws:RequestedRegion']).toEqual(['us-east-1', 'eu-west-1', 'eu-central-1']);
    expect(attachmentsOf(regionDeny)).toEqual([expect.stringMatching(ROOT)]);
  });

  test('an account that may use fewer regions gets its own SCP, attached to that account', () => {
    expect(documentOf(productionDeny).Statement[0].Condition.StringNotEquals['aws:RequestedRegion']).toEqual(['us-east-1', 'eu-west-1']);
    expect(attachmentsOf(productionDeny)).toEqual([PRODUCTION]);
    expect(resourcesOfType(org, 'aws_organizations_policy').filter((policy) => String(policy.name).startsWith('account-baseline-region-deny-'))).toHaveLength(1);
  });

  test('only the break-glass and deployment roles are exempt, and from region deny the containment role, which stops instances in every region, and the read-only drift role, whose plan reads every region (AWS Config records through its service-linked role, which no SCP binds)', () => {
    expect(documentOf(regionDeny).Statement[0].Condition.ArnNotLike['aws:PrincipalARN']).toEqual([
      'arn:aws:iam::*:role/BreakGlassAdmin',
      'arn:aws:iam::*:role/OrganizationAccountAccessRole',
      'arn:aws:iam::*:role/account-baseline-containment',
      'arn:aws:iam::*:role/account-baseline-deployer/*',
      'arn:aws:iam::*:role/account-baseline-drift-readonly',
    ]);
    for (const statement of documentOf(protective).Statement) {
      expect(statement.Condition.ArnNotLike['aws:PrincipalARN']).toEqual([
        'arn:aws:iam::*:role/BreakGlassAdmin',
        'arn:aws:iam::*:role/OrganizationAccountAccessRole',
        'arn:aws:iam::*:role/account-baseline-deployer/*',
      ]);
    }
  });

  test('the protective SCP and the member-root SCP are attached to the root as well', () => {
    expect(attachmentsOf(protective)).toEqual([expect.stringMatching(ROOT)]);
    expect(attachmentsOf(memberRoot)).toEqual([expect.stringMatching(ROOT)]);
  });

  test.each(DENIED)('ec2:RunInstances in %s is explicitly denied for an administrator role and for the member root user', async (region) => {
    expect(await runInstances(STAGING, 'role/Admin', region)).toBe('ExplicitlyDenied');
    expect(await runInstances(STAGING, 'root', region)).toBe('ExplicitlyDenied');
  });

  test.each(ALLOWED)('ec2:RunInstances in the allowed region %s is allowed for an administrator role', async (region) => {
    expect(await runInstances(STAGING, 'role/Admin', region)).toBe('Allowed');
  });

  test("the production account's own SCP also denies eu-central-1, which the others may use", async () => {
    expect(await runInstances(PRODUCTION, 'role/Admin', 'eu-central-1')).toBe('ExplicitlyDenied');
    expect(await runInstances(PRODUCTION, 'role/Admin', 'eu-west-1')).toBe('Allowed');
  });

  test.each([
    'iam:CreateUser',
    'sts:GetCallerIdentity',
    'organizations:DescribeOrganization',
    'support:CreateCase',
    'budgets:ViewBudget',
    'ce:GetCostAndUsage',
    'route53:ListHostedZones',
    'cloudfront:ListDistributions',
    'health:DescribeEvents',
    'aws-portal:ViewBilling',
    'account:GetAlternateContact',
    'sso:ListInstances',
  ])('the global action %s requested from a denied region (sa-east-1) is not denied', async (action) => {
    expect(await inMember(STAGING, 'role/Admin', action, 'sa-east-1')).toBe('Allowed');
  });

  test('a break-glass role is not denied in a denied region', async () => {
    expect(await runInstances(STAGING, 'role/BreakGlassAdmin', 'sa-east-1')).toBe('Allowed');
  });

  test('enabling or disabling a region is denied, even in an allowed region', async () => {
    for (const action of ['account:EnableRegion', 'account:DisableRegion']) {
      expect(await inMember(STAGING, 'role/Admin', action, 'us-east-1')).toBe('ExplicitlyDenied');
    }
  });
});

describe('the protective SCP: the baseline cannot be left or switched off from inside a member account', () => {
  test.each([
    ['leaving the organisation', 'organizations:LeaveOrganization', 'us-east-1', undefined],
    ['deleting the GuardDuty detector', 'guardduty:DeleteDetector', 'eu-west-1', undefined],
    ['archiving GuardDuty findings with a filter', 'guardduty:CreateFilter', 'eu-west-1', undefined],
    ['stopping the trail', 'cloudtrail:StopLogging', 'eu-west-1', `arn:aws:cloudtrail:eu-west-1:${STAGING}:trail/account-baseline`],
    ['stopping the Config recorder', 'config:StopConfigurationRecorder', 'eu-west-1', undefined],
    ['deleting the delivery channel', 'config:DeleteDeliveryChannel', 'eu-west-1', undefined],
    ['disabling Inspector', 'inspector2:Disable', 'eu-west-1', undefined],
    ['deleting the Access Analyzer', 'access-analyzer:DeleteAnalyzer', 'eu-west-1', undefined],
    ['disabling Security Hub', 'securityhub:DisableSecurityHub', 'eu-west-1', undefined],
    ['deleting the alert topic', 'sns:DeleteTopic', 'eu-west-1', `arn:aws:sns:eu-west-1:${STAGING}:account-baseline-alerts`],
    ['opening the alert topic to others', 'sns:SetTopicAttributes', 'eu-west-1', `arn:aws:sns:eu-west-1:${STAGING}:account-baseline-alerts`],
    ['deleting an evidence object version', 's3:DeleteObjectVersion', 'eu-west-1', `arn:aws:s3:::account-baseline-logs-${STAGING}-eu-west-1/AWSLogs/x.json.gz`],
    ['suspending versioning of the evidence bucket', 's3:PutBucketVersioning', 'eu-west-1', `arn:aws:s3:::account-baseline-logs-${STAGING}-eu-west-1`],
    ['disabling an alert rule', 'events:DisableRule', 'eu-west-1', `arn:aws:events:eu-west-1:${STAGING}:rule/account-baseline-root-activity`],
  ])('%s (%s) is explicitly denied to an administrator', async (_what, action, region, resource) => {
    expect(await inMember(STAGING, 'role/Admin', action, region, resource)).toBe('ExplicitlyDenied');
  });

  const S = STAGING;
  const alertsKey = { 'kms:ResourceAliases': ['alias/account-baseline-alerts'] };
  const evidenceKey = { 'kms:ResourceAliases': ['alias/account-baseline-evidence'] };
  const key = `arn:aws:kms:eu-west-1:${S}:key/1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901`;
  const topic = `arn:aws:sns:eu-west-1:${S}:account-baseline-alerts`;
  const mfaPolicy = `arn:aws:iam::${S}:policy/account-baseline-require-mfa`;
  /** Every attack of the security review, as [what, action, resource, extra request context]. */
  const ATTACKS: Array<[string, string, string | undefined, Record<string, string | string[]>]> = [
    ['creating a role with the break-glass name', 'iam:CreateRole', `arn:aws:iam::${S}:role/BreakGlassAdmin`, {}],
    ['re-trusting the deployment role', 'iam:UpdateAssumeRolePolicy', `arn:aws:iam::${S}:role/OrganizationAccountAccessRole`, {}],
    ['attaching a policy to the deployment role', 'iam:AttachRolePolicy', `arn:aws:iam::${S}:role/OrganizationAccountAccessRole`, {}],
    ['deleting the deployment role', 'iam:DeleteRole', `arn:aws:iam::${S}:role/OrganizationAccountAccessRole`, {}],
    ["re-trusting a baseline role (the event-forwarding role)", 'iam:UpdateAssumeRolePolicy', `arn:aws:iam::${S}:role/account-baseline-event-forwarding`, {}],
    ["deleting the event-forwarding role's policy (16 regions fall silent)", 'iam:DeleteRolePolicy', `arn:aws:iam::${S}:role/account-baseline-event-forwarding`, {}],
    ['giving a baseline role an inline policy', 'iam:PutRolePolicy', `arn:aws:iam::${S}:role/account-baseline-config-aggregator`, {}],
    ['a new version of the MFA policy', 'iam:CreatePolicyVersion', mfaPolicy, {}],
    ['an old version of the MFA policy made default', 'iam:SetDefaultPolicyVersion', mfaPolicy, {}],
    ['deleting the MFA policy', 'iam:DeletePolicy', mfaPolicy, {}],
    ["detaching the MFA policy from the baseline's group", 'iam:DetachGroupPolicy', `arn:aws:iam::${S}:group/account-baseline-human-users`, { 'iam:PolicyARN': mfaPolicy }],
    ['detaching the MFA policy from an own group that carries it', 'iam:DetachGroupPolicy', `arn:aws:iam::${S}:group/Administrators`, { 'iam:PolicyARN': mfaPolicy }],
    ["taking a person out of the baseline's group", 'iam:RemoveUserFromGroup', `arn:aws:iam::${S}:group/account-baseline-human-users`, {}],
    ["deleting the baseline's group", 'iam:DeleteGroup', `arn:aws:iam::${S}:group/account-baseline-human-users`, {}],
    ['disabling the alert key', 'kms:DisableKey', key, alertsKey],
    ['scheduling the alert key for deletion', 'kms:ScheduleKeyDeletion', key, alertsKey],
    ["rewriting the alert key's policy", 'kms:PutKeyPolicy', key, alertsKey],
    ['scheduling the evidence key for deletion', 'kms:ScheduleKeyDeletion', key, evidenceKey],
    ["moving the alert key's alias", 'kms:UpdateAlias', key, alertsKey],
    ['unsubscribing an alert address', 'sns:Unsubscribe', topic, {}],
    ['a filter policy on an alert subscription', 'sns:SetSubscriptionAttributes', topic, {}],
    ['a data-protection policy on the alert topic', 'sns:PutDataProtectionPolicy', topic, {}],
    ['deleting a Config rule', 'config:DeleteConfigRule', undefined, {}],
    ["deleting Config's retention", 'config:DeleteRetentionConfiguration', undefined, {}],
    ['an Inspector suppression filter', 'inspector2:CreateFilter', undefined, {}],
    ['a GuardDuty trusted IP list', 'guardduty:CreateIPSet', undefined, {}],
    ['switching member detectors off', 'guardduty:UpdateMemberDetectors', undefined, {}],
    ['switching off access logging of the evidence bucket', 's3:PutBucketLogging', `arn:aws:s3:::account-baseline-logs-${S}-eu-west-1`, {}],
    ['bypassing the Object Lock of an evidence object', 's3:BypassGovernanceRetention', `arn:aws:s3:::account-baseline-logs-${S}-eu-west-1/AWSLogs/x.json.gz`, {}],
    ['raising the monthly budget', 'budgets:ModifyBudget', `arn:aws:budgets::${S}:budget/account-baseline-monthly`, {}],
    ['deleting the anomaly subscription', 'ce:DeleteAnomalySubscription', undefined, {}],
    ['redirecting the security contact', 'account:PutAlternateContact', undefined, {}],
    ['deleting the delivery-failure alarm', 'cloudwatch:DeleteAlarms', `arn:aws:cloudwatch:eu-west-1:${S}:alarm:account-baseline-alert-delivery-failed`, {}],
    ["muting a region's heartbeat alarm", 'cloudwatch:PutAlarmMuteRule', `arn:aws:cloudwatch:eu-west-1:${S}:alarm:account-baseline-heartbeat-sa-east-1`, {}],
    ['removing the target of an alert rule', 'events:RemoveTargets', `arn:aws:events:eu-west-1:${S}:rule/account-baseline-tamper-logging`, {}],
    // Every alert away from home arrives through the home region's default bus: a bus policy denying PutEvents silences them all.
    ['a bus policy that refuses the forwarded alerts (PutPermission has no resource type)', 'events:PutPermission', '*', {}],
    ["removing the bus policy's statements", 'events:RemovePermission', '*', {}],
    ["giving the default bus a key of one's own", 'events:UpdateEventBus', `arn:aws:events:eu-west-1:${S}:event-bus/default`, {}],
    ['disabling an alert rule through PutRule (State=DISABLED)', 'events:PutRule', `arn:aws:events:eu-west-1:${S}:rule/account-baseline-containment-launches`, {}],
    ["rewriting a far region's forwarding rule", 'events:PutRule', `arn:aws:events:sa-east-1:${S}:rule/account-baseline-forward-to-home-region`, {}],
    ["pointing an alert rule's target elsewhere", 'events:PutTargets', `arn:aws:events:eu-west-1:${S}:rule/account-baseline-root-activity`, {}],
    // The intake topic (where Budgets and Cost Anomaly Detection publish) is the baseline's too.
    ['unsubscribing the formatter from the intake topic', 'sns:Unsubscribe', `${topic}-intake`, {}],
    ['a filter policy on the intake subscription', 'sns:SetSubscriptionAttributes', `${topic}-intake`, {}],
    ['deleting the intake topic', 'sns:DeleteTopic', `${topic}-intake`, {}],
    ['giving another account rights on the alert topic (no SCP binds it)', 'sns:AddPermission', topic, {}],
    ['a GuardDuty trusted entity set (findings suppressed for those addresses)', 'guardduty:CreateTrustedEntitySet', undefined, {}],
    ['changing a GuardDuty trusted entity set', 'guardduty:UpdateTrustedEntitySet', undefined, {}],
    ['changing a GuardDuty threat list', 'guardduty:UpdateThreatIntelSet', undefined, {}],
    // The account defaults, which every member account of the example keeps.
    ['switching off EBS encryption by default', 'ec2:DisableEbsEncryptionByDefault', undefined, {}],
    ['allowing IMDSv1 again for new instances', 'ec2:ModifyInstanceMetadataDefaults', undefined, {}],
    ['unblocking public sharing of snapshots', 'ec2:DisableSnapshotBlockPublicAccess', undefined, {}],
    ['unblocking public sharing of images', 'ec2:DisableImageBlockPublicAccess', undefined, {}],
    ["lifting the account's S3 public access block", 's3:PutAccountPublicAccessBlock', undefined, {}],
    // Written as wildcards in the SCP: each still denies what it stands for.
    ['deleting the Config recorder', 'config:DeleteConfigurationRecorder', undefined, {}],
    ['leaving the GuardDuty administrator', 'guardduty:DisassociateFromAdministratorAccount', undefined, {}],
    ['leaving the Security Hub administrator', 'securityhub:DisassociateFromAdministratorAccount', undefined, {}],
    ['raising the anomaly alert threshold', 'ce:UpdateAnomalySubscription', undefined, {}],
  ];

  const SECURITY = '100000000002';
  const archive = `arn:aws:s3:::account-baseline-org-logs-${SECURITY}-eu-west-1`;
  const archiveKey = { 'kms:ResourceAliases': ['alias/account-baseline-org-evidence'] };
  /** The organisation trail's log archive lives in the security account, where the same SCP guards it. */
  const LOG_ARCHIVE_ATTACKS: Array<[string, string, string, Record<string, string | string[]>]> = [
    ['deleting an organisation log version', 's3:DeleteObjectVersion', `${archive}/AWSLogs/o-a1b2c3d4e5/${STAGING}/CloudTrail/x.json.gz`, {}],
    ["rewriting the log archive's policy", 's3:PutBucketPolicy', archive, {}],
    ["shortening the log archive's retention", 's3:PutLifecycleConfiguration', archive, {}],
    ['deleting the log archive', 's3:DeleteBucket', archive, {}],
    ['scheduling the log archive key for deletion', 'kms:ScheduleKeyDeletion', `arn:aws:kms:eu-west-1:${SECURITY}:key/1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901`, archiveKey],
  ];
  /** Denied to an administrator of `account`, allowed to its deployment and break-glass roles. */
  const onlyExemptRolesMay = async (account: string, action: string, resource: string | undefined, context: Record<string, string | string[]>) => {
    expect(await inMember(account, 'role/Admin', action, 'eu-west-1', resource, context)).toBe('ExplicitlyDenied');
    for (const role of ['role/OrganizationAccountAccessRole', 'role/BreakGlassAdmin']) {
      expect({ role, decision: await inMember(account, role, action, 'eu-west-1', resource, context) }).toEqual({ role, decision: 'Allowed' });
    }
  };
  test.each(LOG_ARCHIVE_ATTACKS)('%s (%s) in the security account is denied to its administrators, and allowed to the deployment and break-glass roles', (_what, action, resource, context) =>
    onlyExemptRolesMay(SECURITY, action, resource, context),
  );

  const fn = `arn:aws:lambda:eu-west-1:${S}:function:account-baseline-containment`;
  /** Switching containment off, or borrowing its role, in a member account. */
  const CONTAINMENT_ATTACKS: Array<[string, string, string, Record<string, string | string[]>]> = [
    ['deleting the containment function', 'lambda:DeleteFunction', fn, {}],
    ['setting it to dry run (its configuration)', 'lambda:UpdateFunctionConfiguration', fn, {}],
    ['replacing its code', 'lambda:UpdateFunctionCode', fn, {}],
    ['throttling it to zero', 'lambda:PutFunctionConcurrency', fn, {}],
    ['dropping its retries', 'lambda:PutFunctionEventInvokeConfig', fn, {}],
    ["removing EventBridge's permission to invoke it", 'lambda:RemovePermission', fn, {}],
    ['purging its dead-letter queue', 'sqs:PurgeQueue', `arn:aws:sqs:eu-west-1:${S}:account-baseline-containment-dead-letters`, {}],
    ['invoking the alert formatter by hand (a forged event becomes a forged alert)', 'lambda:InvokeFunction', `arn:aws:lambda:eu-west-1:${S}:function:account-baseline-alert-formatter`, {}],
    ['deleting its dead-letter queue', 'sqs:DeleteQueue', `arn:aws:sqs:eu-west-1:${S}:account-baseline-containment-dead-letters`, {}],
    ['disabling its rule', 'events:DisableRule', `arn:aws:events:eu-west-1:${S}:rule/account-baseline-containment-launches`, {}],
    ["widening its role's policy", 'iam:PutRolePolicy', `arn:aws:iam::${S}:role/account-baseline-containment`, {}],
    ['re-trusting its role', 'iam:UpdateAssumeRolePolicy', `arn:aws:iam::${S}:role/account-baseline-containment`, {}],
    ["passing its role (exempt from region deny) to a function of one's own", 'iam:PassRole', `arn:aws:iam::${S}:role/account-baseline-containment`, {}],
  ];
  test.each(CONTAINMENT_ATTACKS)('%s (%s) is denied to an administrator of a member account, and allowed to the deployment and break-glass roles', (_what, action, resource, context) =>
    onlyExemptRolesMay(S, action, resource, context),
  );

  test('the containment role may stop an instance in a denied region under every SCP, with its own policy; an administrator may not', async () => {
    const member = organization.stack('account-staging');
    const [containmentRole] = resourcesOfType(member, 'aws_iam_role').filter((candidate) => candidate.name === 'account-baseline-containment');
    const own = JSON.parse(containmentRole.inline_policy[0].policy);
    const stop = (principal: string, identity: unknown) =>
      decide(
        {
          principal,
          action: 'ec2:StopInstances',
          resource: `arn:aws:ec2:sa-east-1:${S}:instance/i-0123456789abcdef0`,
          resourceAccount: S,
          context: { ...callerContext(principal), 'aws:RequestedRegion': 'sa-east-1' },
        },
        { identityPolicies: [identity], serviceControlPolicies: rootScps },
      );
    expect(await stop(`arn:aws:iam::${S}:role/account-baseline-containment`, own)).toBe('Allowed');
    expect(await stop(`arn:aws:iam::${S}:role/Admin`, ADMINISTRATOR_ACCESS)).toBe('ExplicitlyDenied');
  });

  test.each(ATTACKS)('%s (%s) is denied to an administrator of a member account, and allowed to the deployment and break-glass roles', (_what, action, resource, context) =>
    onlyExemptRolesMay(S, action, resource, context),
  );

  test('a role borrowed under an exempt name would be exempt: which is why nobody else may create or change one (the SCP matches by name)', async () => {
    expect(await inMember(S, 'role/BreakGlassAdmin', 'guardduty:DeleteDetector', 'eu-west-1')).toBe('Allowed');
    expect(await inMember(S, 'role/Admin', 'iam:CreateRole', 'eu-west-1', `arn:aws:iam::${S}:role/BreakGlassAdmin`)).toBe('ExplicitlyDenied');
    expect(await inMember(S, 'role/Admin', 'iam:CreateRole', 'eu-west-1', `arn:aws:iam::${S}:role/path/BreakGlassAdmin`)).toBe('Allowed');
  });

  test("the account's own trails, topics, rules, buckets, roles, policies and keys stay the administrator's to manage", async () => {
    const own: Array<[string, string, Record<string, string | string[]>]> = [
      ['iam:CreateRole', `arn:aws:iam::${STAGING}:role/app-runner`, {}],
      ['iam:AttachRolePolicy', `arn:aws:iam::${STAGING}:role/app-runner`, { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      ['iam:CreatePolicyVersion', `arn:aws:iam::${STAGING}:policy/app-policy`, {}],
      ['iam:DetachGroupPolicy', `arn:aws:iam::${STAGING}:group/Administrators`, { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      ['kms:ScheduleKeyDeletion', `arn:aws:kms:eu-west-1:${STAGING}:key/1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901`, { 'kms:ResourceAliases': ['alias/app-data'] }],
      ['sns:Unsubscribe', `arn:aws:sns:eu-west-1:${STAGING}:app-events`, {}],
      ['budgets:ModifyBudget', `arn:aws:budgets::${STAGING}:budget/team-budget`, {}],
      ['events:UpdateEventBus', `arn:aws:events:eu-west-1:${STAGING}:event-bus/app-events`, {}],
      ['events:PutRule', `arn:aws:events:eu-west-1:${STAGING}:rule/app-nightly`, {}],
      ['events:PutTargets', `arn:aws:events:eu-west-1:${STAGING}:rule/app-nightly`, {}],
      ['sns:Unsubscribe', `arn:aws:sns:eu-west-1:${STAGING}:account-baseline-alerts-archive`, {}],
      // Clearing the undelivered-alerts queue after reading it, as its alarm says to.
      ['sqs:DeleteMessage', `arn:aws:sqs:eu-west-1:${STAGING}:account-baseline-alerts-undelivered`, {}],
      ['lambda:InvokeFunction', `arn:aws:lambda:eu-west-1:${STAGING}:function:app-worker`, {}],
    ];
    for (const [action, resource, context] of own) {
      expect({ action, decision: await inMember(STAGING, 'role/Admin', action, 'eu-west-1', resource, context) }).toEqual({ action, decision: 'Allowed' });
    }
    // Next to the wildcards: what they do not cover stays allowed.
    for (const action of ['config:DeleteConformancePack', 'config:PutConfigRule', 'guardduty:UpdateFindingsFeedback', 'ce:GetAnomalies', 'ec2:EnableEbsEncryptionByDefault', 'ec2:DisableSerialConsoleAccess']) {
      expect({ action, decision: await inMember(STAGING, 'role/Admin', action, 'eu-west-1') }).toEqual({ action, decision: 'Allowed' });
    }
    expect(await inMember(STAGING, 'role/Admin', 'cloudtrail:StopLogging', 'eu-west-1', `arn:aws:cloudtrail:eu-west-1:${STAGING}:trail/app-trail`)).toBe('Allowed');
    expect(await inMember(STAGING, 'role/Admin', 'sns:DeleteTopic', 'eu-west-1', `arn:aws:sns:eu-west-1:${STAGING}:app-events`)).toBe('Allowed');
    expect(await inMember(STAGING, 'role/Admin', 'events:DeleteRule', 'eu-west-1', `arn:aws:events:eu-west-1:${STAGING}:rule/app-nightly`)).toBe('Allowed');
    expect(await inMember(STAGING, 'role/Admin', 's3:DeleteObjectVersion', 'eu-west-1', 'arn:aws:s3:::app-uploads/photo.jpg')).toBe('Allowed');
  });

  test('the deployment role and the break-glass role may still change the baseline', async () => {
    for (const role of ['role/OrganizationAccountAccessRole', 'role/BreakGlassAdmin']) {
      expect(await inMember(STAGING, role, 'guardduty:UpdateDetector', 'eu-west-1')).toBe('Allowed');
      expect(await inMember(STAGING, role, 'cloudtrail:UpdateTrail', 'eu-west-1', `arn:aws:cloudtrail:eu-west-1:${STAGING}:trail/account-baseline`)).toBe('Allowed');
    }
  });
});

describe('region deny in a standalone account: an IAM policy on the groups of people', () => {
  const standalone = synthesize(DEFAULT_CONFIG).stack('account-personal');
  const policy = resourcesOfType(standalone, 'aws_iam_policy').find((candidate) => candidate.name === 'account-baseline-region-deny')!;
  const document = JSON.parse(fromTerraformString(policy.policy));
  const human = 'arn:aws:iam::111122223333:user/alice';
  const asHuman = async (action: string, region: string, resource?: string) =>
    decide(
      {
        principal: human,
        action,
        resource: resource ?? (await exampleResourceArn(action, { region, account: '111122223333' })),
        resourceAccount: '111122223333',
        context: { ...callerContext(human), 'aws:RequestedRegion': region },
      },
      { identityPolicies: [ADMINISTRATOR_ACCESS, document] },
    );

  test('the policy is attached to the human-users group, with no exemptions (it binds only its groups)', () => {
    const attachments = resourcesOfType(standalone, 'aws_iam_group_policy_attachment').filter((attachment) => attachment['//'].metadata.path.includes('/regionDeny/'));
    expect(attachments.map((attachment) => attachment.group)).toEqual(['account-baseline-human-users']);
    expect(document.Statement[0].Condition.ArnNotLike).toBeUndefined();
    expect(document.Statement[0].Condition.StringNotEquals['aws:RequestedRegion']).toEqual(['us-east-1', 'ap-northeast-1']);
  });

  test('people cannot launch outside the allowed regions, can inside, and global actions work from anywhere', async () => {
    expect(await asHuman('ec2:RunInstances', 'sa-east-1', 'arn:aws:ec2:sa-east-1:111122223333:instance/i-0123456789abcdef0')).toBe('ExplicitlyDenied');
    expect(await asHuman('ec2:RunInstances', 'ap-northeast-1', 'arn:aws:ec2:ap-northeast-1:111122223333:instance/i-0123456789abcdef0')).toBe('Allowed');
    for (const action of ['iam:CreateUser', 'sts:GetCallerIdentity', 'support:CreateCase', 'ce:GetCostAndUsage']) {
      expect(await asHuman(action, 'sa-east-1')).toBe('Allowed');
    }
  });

  test('the management account gets the IAM form too, since SCPs never bind it; member stacks have none', () => {
    expect(resourcesOfType(organization.stack('account-management'), 'aws_iam_policy').map((p) => p.name)).toContain('account-baseline-region-deny');
    expect(resourcesOfType(organization.stack('account-staging'), 'aws_iam_policy').map((p) => p.name)).not.toContain('account-baseline-region-deny');
  });
});

describe("AWS's SCP limits are checked at synth time", () => {
  const failure = (config: Record<string, any>): BaselineValidationError => {
    try {
      synthesize(config);
    } catch (error) {
      if (error instanceof BaselineValidationError) return error;
      throw error;
    }
    throw new Error('synthesis succeeded');
  };

  test('an SCP over 5,120 characters fails synthesis, naming the policy, by how much, and what to change', () => {
    const config = organizationConfigData();
    config.organization.breakGlassRoleArns = Array.from({ length: 30 }, (_, i) => `arn:aws:iam::*:role/break-glass/emergency-administrator-${i}`);
    const error = failure(config);
    const hint = 'list fewer organization\\.breakGlassRoleArns \\(one wildcard ARN such as arn:aws:iam::\\*:role\\/BreakGlass\\* covers many\\)';
    expect(error.errors).toEqual([
      expect.stringMatching(new RegExp(`the SCP account-baseline-region-deny is \\d{4} characters, \\d+ over the 5120 AWS allows; ${hint}`)),
      expect.stringMatching(new RegExp(`the SCP account-baseline-region-deny-production is \\d{4} characters, \\d+ over the 5120 AWS allows; ${hint}`)),
      expect.stringMatching(new RegExp(`the SCP account-baseline-protect-baseline is \\d{5} characters, \\d+ over the 5120 AWS allows; ${hint}`)),
    ]);
  });

  test("the organisation example's protective SCP has room for three more exempt roles, each named as the example names its own", () => {
    const config = organizationConfigData();
    const roles: string[] = config.organization.breakGlassRoleArns;
    config.organization.breakGlassRoleArns = [...roles, ...[1, 2, 3].map((n) => `arn:aws:iam::*:role/BreakGlassAdmin${n}`)];
    const scp = resourcesOfType(synthesize(config).stack('organization'), 'aws_organizations_policy').find((policy) => policy.name === 'account-baseline-protect-baseline')!;
    const size = fromTerraformString(scp.content).length;
    expect(documentOf(scp).Statement[0].Condition.ArnNotLike['aws:PrincipalARN']).toHaveLength(3 + 3);
    expect({ size, fits: size <= 5120 }).toEqual({ size, fits: true });
  });

  const protectiveOf = (config: Record<string, any>) =>
    resourcesOfType(synthesize(config).stack('organization'), 'aws_organizations_policy').find((policy) => policy.name === 'account-baseline-protect-baseline')!;

  test('invited accounts, each deploying with a role of its own on /account-baseline-deployer/: one exempt ARN, the same SCP for 12 accounts as for 3 (the plan gate plans 40)', () => {
    const onPath = (members: number) => {
      const config = generatedOrganization(members) as Record<string, any>;
      for (const account of config.accounts) account.assumeRoleArn = `arn:aws:iam::${account.accountId}:role/account-baseline-deployer/deploy-${account.name}`;
      return protectiveOf(config);
    };
    const twelve = onPath(12);
    expect(documentOf(twelve).Statement[0].Condition.ArnNotLike['aws:PrincipalARN']).toEqual([
      'arn:aws:iam::*:role/OrganizationAccountAccessRole',
      'arn:aws:iam::*:role/account-baseline-deployer/*',
    ]);
    expect(twelve.content).toBe(onPath(3).content);
    expect(fromTerraformString(twelve.content).length).toBeLessThanOrEqual(5120);
  });

  test('40 deployment roles named one by one off that path fail synthesis, naming accounts[].assumeRoleArn and the path first, the break-glass roles after', () => {
    const config = generatedOrganization(40) as Record<string, any>;
    for (const account of config.accounts) account.assumeRoleArn = `arn:aws:iam::${account.accountId}:role/Deployer-${account.name}`;
    const hint =
      'the exemption names 40 deployment roles one by one \\(accounts\\[\\]\\.assumeRoleArn: role/Deployer-member-1, role/Deployer-member-2, role/Deployer-member-3, \\.\\.\\.\\); ' +
      'create them on the path /account-baseline-deployer/ instead \\(arn:aws:iam::<account>:role/account-baseline-deployer/<any name>\\), which the SCPs exempt as one ARN however many accounts there are; ' +
      'or list fewer organization\\.breakGlassRoleArns \\(one wildcard ARN such as arn:aws:iam::\\*:role/BreakGlass\\* covers many\\) \\(it lists 0\\)$';
    expect(failure(config).errors).toEqual([
      expect.stringMatching(new RegExp(`^organization/baseline: the SCP account-baseline-region-deny is \\d{4} characters, \\d+ over the 5120 AWS allows; ${hint}`)),
      expect.stringMatching(new RegExp(`^organization/baseline: the SCP account-baseline-protect-baseline is \\d{5} characters, \\d+ over the 5120 AWS allows; ${hint}`)),
    ]);
  });

  test('the account defaults are protected only when every member account keeps them', () => {
    const actionsOf = (config: Record<string, any>) =>
      JSON.parse(fromTerraformString(resourcesOfType(synthesize(config).stack('organization'), 'aws_organizations_policy').find((policy) => policy.name === 'account-baseline-protect-baseline')!.content)).Statement[0].Action;
    expect(actionsOf(organizationConfigData())).toContain('ec2:ModifyInstanceMetadataDefaults');
    const config = organizationConfigData();
    config.accounts[4].controls = { ...config.accounts[4].controls, accountDefaults: false };
    expect(actionsOf(config)).not.toContain('ec2:ModifyInstanceMetadataDefaults');
  });

  test('more than five SCPs on one target fails synthesis, listing them and what to change', () => {
    const config = organizationConfigData();
    config.organization.otherScpsPerTarget = 1;
    const error = failure(config);
    expect(error.errors).toEqual([
      expect.stringContaining(
        'the organisation root would carry 6 SCPs (FullAWSAccess, account-baseline-deny-member-root, account-baseline-region-deny, account-baseline-protect-baseline, account-baseline-keep-contained, 1 of your own), 1 over the 5 AWS allows per target; ' +
          'attach the baseline to OUs instead (organization.policyTargets), merge or detach SCPs of your own, or switch a baseline control off (or only its SCP: organization.keepContainedScp: false)',
      ),
    ]);
    config.organization.keepContainedScp = false;
    expect(() => synthesize(config)).not.toThrow();
  });

  test('an account counts its own region deny and the circuit breaker a budget action may attach', () => {
    const config = organizationConfigData();
    config.controls = { rootCredentials: false, baselineProtection: false }; // the root carries FullAWSAccess, region deny and 3 of yours: 5
    config.organization.keepContainedScp = false;
    config.organization.otherScpsPerTarget = 3;
    config.accounts[2].budget.stopLaunchesAtPercent = 150; // production: FullAWSAccess, its region deny, the breaker and 3 of yours: 6
    const error = failure(config);
    expect(error.errors).toEqual([
      expect.stringContaining(
        'account production (100000000003) would carry 6 SCPs (FullAWSAccess, account-baseline-region-deny-production, account-baseline-stop-launches, 3 of your own), 1 over',
      ),
    ]);
    delete config.accounts[2].budget.stopLaunchesAtPercent;
    expect(() => synthesize(config)).not.toThrow();
  });

  test('with policyTargets the organisation-wide SCPs go to those OUs instead of the root', () => {
    const config = organizationConfigData();
    config.organization.policyTargets = ['ou-ab12-cd34ef56', 'ou-ab12-gh78ij90'];
    const stack = synthesize(config).stack('organization');
    const targets = resourcesOfType(stack, 'aws_organizations_policy_attachment').map((attachment) => attachment.target_id);
    expect(targets.filter((target) => target === 'ou-ab12-cd34ef56')).toHaveLength(4);
    expect(targets.filter((target) => target === 'ou-ab12-gh78ij90')).toHaveLength(4);
    expect(targets.filter((target) => ROOT.test(target))).toEqual([]);
  });

  test('switched off, each SCP is gone and the others stay', () => {
    const config = organizationConfigData();
    config.controls = { regionDeny: false, baselineProtection: false };
    const names = (overrides: Record<string, any>) =>
      resourcesOfType(synthesize({ ...config, ...overrides }).stack('organization'), 'aws_organizations_policy').map((policy) => policy.name).sort();
    expect(names({})).toEqual(['account-baseline-deny-member-root', 'account-baseline-keep-contained', 'account-baseline-stop-launches']);
    expect(names({ organization: { ...config.organization, keepContainedScp: false } })).toEqual(['account-baseline-deny-member-root', 'account-baseline-stop-launches']);
    expect(names({ controls: { ...config.controls, containment: false } })).toEqual(['account-baseline-deny-member-root', 'account-baseline-stop-launches']);
  });

  test('region deny in a standalone account needs a group of people to attach to', () => {
    const config = validConfigData();
    config.controls = { mfaEnforcement: false };
    delete config.budget.stopLaunchesAtPercent;
    expect(() => synthesize(config)).toThrow(/controls\.mfaEnforcement = false: is off, and personal lists no iam\.mfaRequiredGroups, so regionDeny .* has nothing to attach to/);
  });
});
