import { CONTROL_IDS, CONTROLS, ControlId } from '../catalogue';
import { alertTopicNames } from '../../policies/alerts';
import { PolicyDocument, PolicyStatement, policyDocument } from '../../policies/policy-document';
import { BASELINE_NAME_PREFIX, fixedRolePath } from '../../policies/protective';

/**
 * What the protective SCP denies besides each control's own actions (`protectedActions` in its
 * definition): leaving the organisation, cutting the path an alert takes to a person, the
 * evidence, and claiming the exemptions the baseline grants. With the controls' actions these
 * follow AWS's published protective SCP examples and close the quieter ways an administrator
 * could blind the baseline without a single alert.
 */
export const PROTECTED_ACTIONS = {
  organization: ['organizations:LeaveOrganization'],
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

/**
 * The controls whose account-wide actions open the SCP's first statement, in the order the SCP has
 * been deployed with (so that its text does not change); any other control's follow in catalogue order.
 */
const ACCOUNT_WIDE_FIRST: readonly ControlId[] = ['guardDuty', 'inspector', 'configRecorder', 'accessAnalyzer', 'securityHub', 'costAnomalyDetection', 'securityContacts'];

/**
 * The controls declaring actions of a kind: those listed first, then the rest in catalogue order;
 * those denied always (`whileOn` false) or only while on (`whileOn` true).
 */
function inOrder(first: readonly ControlId[], kind: 'accountWide' | 'onBaselineResources', whileOn: boolean): ControlId[] {
  const declaring = CONTROL_IDS.filter((id) => (CONTROLS[id].protectedActions[kind] ?? []).length > 0 && (CONTROLS[id].protectedActions.onlyWhileOn ?? false) === whileOn);
  return [...first.filter((id) => declaring.includes(id)), ...declaring.filter((id) => !first.includes(id))];
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
  const controls = (kind: 'accountWide' | 'onBaselineResources', ids: readonly ControlId[]) =>
    ids.flatMap((id) => {
      const declared = CONTROLS[id].protectedActions;
      return declared.onlyWhileOn && !(id === 'accountDefaults' && props.accountDefaults) ? [] : (declared[kind] ?? []);
    });
  // Account-wide actions share one statement: each statement repeats the exemption, and the SCP must fit 5,120 characters.
  return policyDocument(
    deny('DenyLeavingOrDisablingTheBaseline', [
      ...PROTECTED_ACTIONS.organization,
      ...controls('accountWide', inOrder(ACCOUNT_WIDE_FIRST, 'accountWide', false)),
      ...PROTECTED_ACTIONS.eventBusPolicy,
      ...controls('accountWide', inOrder([], 'accountWide', true)),
    ]),
    // One statement for everything named: an action only ever applies to its own service's ARNs,
    // so listing them together denies nothing more, and the exemption is written once.
    deny(
      'ProtectBaselineResources',
      [
        ...controls('onBaselineResources', ['auditTrail']),
        ...PROTECTED_ACTIONS.alertTopic,
        ...PROTECTED_ACTIONS.eventBus,
        ...PROTECTED_ACTIONS.alertRules,
        ...controls('onBaselineResources', inOrder(['costBudget', 'containment'], 'onBaselineResources', false).filter((id) => id !== 'auditTrail')),
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
