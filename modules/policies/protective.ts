import { alertTopicNames } from './alerts';
import { PolicyDocument, PolicyStatement, policyDocument } from './policy-document';

/**
 * What the protective SCP denies: leaving the organisation, switching off or blinding the
 * baseline's detective controls, cutting the path an alert takes to a person, and claiming the
 * exemptions the baseline grants. The first groups follow AWS's published protective SCP examples;
 * the rest close the quieter ways an administrator could blind the baseline without a single alert.
 */
export const PROTECTED_ACTIONS = {
  organization: ['organizations:LeaveOrganization'],
  guardDuty: [
    'guardduty:CreateFilter',
    // A trusted IP list or a threat list of the attacker's own suppresses or floods findings.
    'guardduty:CreateIPSet',
    // Threat intel, threat entity and trusted entity sets (which suppress findings like a trusted IP list).
    'guardduty:CreateT*',
    'guardduty:DeleteDetector',
    'guardduty:DeleteMembers',
    'guardduty:DeletePublishingDestination',
    // From the administrator account (and its older name, master), and members from it.
    'guardduty:Disassociate*',
    'guardduty:StopMonitoringMembers',
    'guardduty:UpdateDetector',
    'guardduty:UpdateFilter',
    'guardduty:UpdateIPSet',
    'guardduty:UpdateMemberDetectors',
    'guardduty:UpdateT*',
    'guardduty:UpdateOrganizationConfiguration',
  ],
  inspector: [
    'inspector2:CreateFilter',
    'inspector2:Disable',
    'inspector2:DisassociateMember',
    'inspector2:UpdateFilter',
    'inspector2:UpdateOrganizationConfiguration',
  ],
  auditTrail: ['cloudtrail:DeleteTrail', 'cloudtrail:PutEventSelectors', 'cloudtrail:StopLogging', 'cloudtrail:UpdateTrail'],
  configRecorder: [
    // DeleteConfigRule, DeleteConfigurationAggregator and DeleteConfigurationRecorder, and nothing else.
    'config:DeleteConfig*',
    'config:DeleteDeliveryChannel',
    'config:DeleteEvaluationResults',
    'config:DeleteRetentionConfiguration',
    'config:PutConfigurationRecorder',
    'config:PutDeliveryChannel',
    'config:StopConfigurationRecorder',
  ],
  accessAnalyzer: ['access-analyzer:CreateArchiveRule', 'access-analyzer:DeleteAnalyzer', 'access-analyzer:UpdateArchiveRule'],
  securityHub: [
    'securityhub:BatchDisableStandards',
    'securityhub:DisableSecurityHub',
    // From the administrator account, and its older name (master).
    'securityhub:DisassociateFrom*',
  ],
  /** Cost Anomaly Detection's monitors and subscriptions have generated ARNs: covered account-wide. */
  costAlerts: ['ce:DeleteAnomaly*', 'ce:UpdateAnomaly*'], // monitors and subscriptions
  /**
   * The account defaults (accountDefaults): EBS encryption, IMDSv2 for new instances, no public sharing of
   * snapshots and images, the account's S3 public access block. None has a resource type.
   */
  accountDefaults: ['ec2:Disable*BlockPublicAccess', 'ec2:DisableEbsEncryptionByDefault', 'ec2:ModifyInstanceMetadataDefaults', 's3:PutAccountPublicAccessBlock'],
  /** The SECURITY contact is where AWS sends its abuse and compromise notices. */
  contacts: ['account:DeleteAlternateContact', 'account:PutAlternateContact'],
  alertTopic: [
    // A permission for another account lets a principal no SCP binds rewrite or subscribe to the topic.
    'sns:AddPermission',
    'sns:DeleteTopic',
    'sns:PutDataProtectionPolicy',
    'sns:RemovePermission',
    'sns:SetSubscriptionAttributes',
    'sns:SetTopicAttributes',
    'sns:Unsubscribe',
  ],
  /**
   * Every alert away from the home region reaches it through the home region's default event bus: a
   * bus policy that denies `events:PutEvents` silences them all. PutPermission and RemovePermission
   * have no resource type (they name the bus in the request), so they are denied account-wide;
   * UpdateEventBus on the default bus.
   */
  eventBusPolicy: ['events:PutPermission', 'events:RemovePermission'],
  eventBus: ['events:UpdateEventBus'],
  alertRules: [
    'cloudwatch:DeleteAlarms',
    'cloudwatch:DisableAlarmActions',
    'cloudwatch:PutAlarmMuteRule',
    'cloudwatch:PutMetricAlarm',
    'events:DeleteRule',
    'events:DisableRule',
    'events:PutRule',
    'events:PutTargets',
    'events:RemoveTargets',
  ],
  budgets: ['budgets:DeleteBudgetAction', 'budgets:ModifyBudget', 'budgets:UpdateBudgetAction'],
  /**
   * The containment function (its code, settings, concurrency, invocation config and permissions)
   * and its dead-letter queue; its role and rules are covered as the baseline's roles and rules. Invoking a
   * baseline function by hand is denied too (a forged event to the alert formatter becomes a forged alert).
   */
  containment: ['lambda:Delete*', 'lambda:Invoke*', 'lambda:Put*', 'lambda:RemovePermission', 'lambda:Update*', 'sqs:DeleteQueue', 'sqs:PurgeQueue', 'sqs:SetQueueAttributes'],
  /** On a key that carries one of the baseline's aliases (kms:ResourceAliases). */
  keys: ['kms:DeleteAlias', 'kms:DisableKey', 'kms:DisableKeyRotation', 'kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:UpdateAlias'],
  evidence: [
    's3:BypassGovernanceRetention',
    's3:DeleteBucket',
    's3:DeleteBucketPolicy',
    's3:DeleteObjectVersion',
    's3:PutBucketLogging',
    's3:PutBucketObjectLockConfiguration',
    's3:PutBucketPolicy',
    's3:PutBucketVersioning',
    's3:PutEncryptionConfiguration',
    's3:PutLifecycleConfiguration',
  ],
  /**
   * On the exempt roles and the baseline's own roles, policies and groups: creating a role with an
   * exempt name, re-trusting one or changing its permissions, passing one to a function or service
   * of one's own (the containment role acts in every region), new versions of a baseline policy,
   * taking people out of the baseline's groups. Wildcards keep the SCP within its size limit; each
   * matches only actions on the resource types listed.
   */
  identities: ['iam:Attach*', 'iam:Create*', 'iam:Delete*', 'iam:Detach*', 'iam:PassRole', 'iam:Put*', 'iam:Remove*', 'iam:Set*', 'iam:Update*'],
} as const;

/** Name prefix of every role, policy, group, key alias, rule, alarm, budget and bucket the baseline creates. */
export const BASELINE_NAME_PREFIX = 'account-baseline-';

/**
 * The IAM path for the deployment roles of member accounts that have no OrganizationAccountAccessRole
 * (accounts invited into the organisation): a role of any name on it is exempt from the baseline's
 * SCPs as one ARN, however many accounts there are, and the protective SCP lets nobody else create
 * or change a role there (its ARN starts with the baseline's prefix).
 */
export const DEPLOYMENT_ROLE_PATH = `/${BASELINE_NAME_PREFIX}deployer/`;
/** Every deployment role on DEPLOYMENT_ROLE_PATH, in every account. */
export const DEPLOYMENT_ROLE_SHAPE = `arn:aws:iam::*:role${DEPLOYMENT_ROLE_PATH}*`;

/** Whether a role ARN is a deployment role on DEPLOYMENT_ROLE_PATH (directly on it, any name). */
export function onDeploymentRolePath(arn: string): boolean {
  return new RegExp(`^arn:aws:iam::(\\d{12}|\\*):role${DEPLOYMENT_ROLE_PATH}[\\w+=,.@-]+$`).test(arn);
}

/**
 * The path and name of an IAM role ARN up to its first wildcard (`BreakGlass` for
 * `arn:aws:iam::*:role/BreakGlass*`), and whether a wildcard follows.
 */
export function fixedRolePath(arn: string): { readonly fixed: string; readonly wildcard: boolean } {
  const pathAndName = arn.slice(arn.indexOf(':role/') + ':role/'.length);
  const fixed = pathAndName.split(/[*?]/)[0];
  return { fixed, wildcard: fixed.length < pathAndName.length };
}

/** What the protective SCP guards and whom it exempts. */
export interface ProtectiveScpProps {
  /** The deployment and break-glass roles: the only principals the SCP does not bind. */
  readonly exemptRoleArns: readonly string[];
  /** The name of the baseline trail it protects. */
  readonly trailName: string;
  /** The name of the alert topic it protects (and its intake topic, named after it). */
  readonly topicName: string;
  /**
   * Prefix of the baseline's names (rules, alarms, buckets, budgets, roles, policies, groups, key aliases).
   * @default 'account-baseline-'
   */
  readonly namePrefix?: string;
  /**
   * The member accounts keep the baseline's account defaults: deny weakening them too.
   * @default false
   */
  readonly accountDefaults?: boolean;
}

/**
 * The protective SCP. Baseline resources are named by their fixed names or prefix where the
 * service has resource ARNs (the trail, the alert topics, the default event bus, rules, alarms,
 * buckets, budgets, IAM); keys by their aliases; GuardDuty, Inspector, Config, Access Analyzer,
 * Security Hub, Cost Anomaly Detection, alternate contacts and event-bus permissions act per account
 * and region, so their statement covers the action everywhere. The deployment and break-glass roles are exempt, and nobody else can
 * create, re-trust or empower a role with their names.
 */
export function protectiveScp(props: ProtectiveScpProps): PolicyDocument {
  const prefix = props.namePrefix ?? BASELINE_NAME_PREFIX;
  const exempt = [...new Set(props.exemptRoleArns)].sort();
  const unlessExempt: Record<string, Record<string, readonly string[]>> = exempt.length > 0 ? { ArnNotLike: { 'aws:PrincipalARN': exempt } } : {};
  const deny = (Sid: string, Action: readonly string[], Resource: string | readonly string[] = '*', condition: Record<string, Record<string, string>> = {}): PolicyStatement => {
    const Condition = { ...unlessExempt, ...condition };
    return { Sid, Effect: 'Deny', Action, Resource, ...(Object.keys(Condition).length > 0 ? { Condition } : {}) };
  };
  // Account-wide actions share one statement: each statement repeats the exemption, and the SCP must fit 5,120 characters.
  return policyDocument(
    deny('DenyLeavingOrDisablingTheBaseline', [
      ...PROTECTED_ACTIONS.organization,
      ...PROTECTED_ACTIONS.guardDuty,
      ...PROTECTED_ACTIONS.inspector,
      ...PROTECTED_ACTIONS.configRecorder,
      ...PROTECTED_ACTIONS.accessAnalyzer,
      ...PROTECTED_ACTIONS.securityHub,
      ...PROTECTED_ACTIONS.costAlerts,
      ...PROTECTED_ACTIONS.contacts,
      ...PROTECTED_ACTIONS.eventBusPolicy,
      ...(props.accountDefaults ? PROTECTED_ACTIONS.accountDefaults : []),
    ]),
    // One statement for everything named: an action only ever applies to its own service's ARNs,
    // so listing them together denies nothing more, and the exemption is written once.
    deny(
      'ProtectBaselineResources',
      [
        ...PROTECTED_ACTIONS.auditTrail,
        ...PROTECTED_ACTIONS.alertTopic,
        ...PROTECTED_ACTIONS.eventBus,
        ...PROTECTED_ACTIONS.alertRules,
        ...PROTECTED_ACTIONS.budgets,
        ...PROTECTED_ACTIONS.containment,
        ...PROTECTED_ACTIONS.evidence,
        ...PROTECTED_ACTIONS.identities,
      ],
      [
        `arn:aws:cloudtrail:*:*:trail/${props.trailName}`,
        ...alertTopicNames(props.topicName).map((name) => `arn:aws:sns:*:*:${name}`),
        'arn:aws:events:*:*:event-bus/default',
        `arn:aws:events:*:*:rule/${prefix}*`,
        `arn:aws:cloudwatch:*:*:alarm:${prefix}*`,
        `arn:aws:budgets::*:budget/${prefix}*`,
        `arn:aws:lambda:*:*:function:${prefix}*`,
        `arn:aws:sqs:*:*:${prefix}*`,
        `arn:aws:s3:::${prefix}*`,
        // The exempt roles, but for those the baseline's own role prefix below already names (the deployment role path).
        ...exempt.filter((arn) => !fixedRolePath(arn).fixed.startsWith(prefix)),
        ...['role', 'policy', 'group'].map((type) => `arn:aws:iam::*:${type}/${prefix}*`),
      ],
    ),
    deny('ProtectBaselineKeys', PROTECTED_ACTIONS.keys, '*', { 'ForAnyValue:StringLike': { 'kms:ResourceAliases': `alias/${prefix}*` } }),
    // The baseline's policies stay attached to the groups and roles of the owner's own that carry them.
    deny('KeepBaselinePoliciesAttached', ['iam:Detach*'], '*', { ArnLike: { 'iam:PolicyARN': `arn:aws:iam::*:policy/${prefix}*` } }),
  );
}
