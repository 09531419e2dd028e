/**
 * EventBridge patterns as plain data. Each alert route's pattern is matched in the home region,
 * where the alert formatter (modules/functions/alert-format.ts) turns a match into a readable
 * message; every other region forwards to the home region's default bus what `forwardingPattern`
 * of the routes' patterns matches.
 */
import { PolicyDocument, policyDocument } from './policy-document';

export type EventPattern = Readonly<Record<string, unknown>>;

/**
 * CloudTrail's sign-in events. EventBridge's reference spells the detail type "AWS Console
 * Signin via CloudTrail" while events (and most published rules) carry "AWS Console Sign In via
 * CloudTrail"; matching both costs nothing and cannot miss.
 */
export const CONSOLE_SIGN_IN_DETAIL_TYPES = ['AWS Console Sign In via CloudTrail', 'AWS Console Signin via CloudTrail'] as const;
export const API_CALL_DETAIL_TYPE = 'AWS API Call via CloudTrail';

/**
 * Anything the root user does: console sign-in and API calls, not the calls AWS services make on
 * its behalf (`invokedBy`), as in CIS 4.3.
 */
export function rootActivityPattern(): EventPattern {
  return {
    'detail-type': [API_CALL_DETAIL_TYPE, ...CONSOLE_SIGN_IN_DETAIL_TYPES],
    detail: { userIdentity: { type: ['Root'], invokedBy: [{ exists: false }] } },
  };
}

/** Successful console sign-ins of IAM users without MFA (CIS 4.2). Root sign-ins alert through rootActivityPattern. */
export function consoleSignInWithoutMfaPattern(): EventPattern {
  return {
    'detail-type': [...CONSOLE_SIGN_IN_DETAIL_TYPES],
    detail: {
      eventName: ['ConsoleLogin'],
      userIdentity: { type: ['IAMUser'] },
      additionalEventData: { MFAUsed: [{ 'anything-but': 'Yes' }] },
      responseElements: { ConsoleLogin: ['Success'] },
    },
  };
}

/** One of the named AWS Config rules found a resource NON_COMPLIANT. */
export function configNonCompliancePattern(ruleNames: readonly string[]): EventPattern {
  return {
    source: ['aws.config'],
    'detail-type': ['Config Rules Compliance Change'],
    detail: {
      messageType: ['ComplianceChangeNotification'],
      configRuleName: [...ruleNames],
      newEvaluationResult: { complianceType: ['NON_COMPLIANT'] },
    },
  };
}

/**
 * GuardDuty finding types that always alert whatever their severity: crypto-currency mining
 * (incidents A and B), use of root credentials, and `Stealth:` findings (CloudTrail logging
 * stopped, a password policy weakened, S3 server access logging switched off), which GuardDuty
 * rates low although they are how an intruder blinds the account.
 */
export const ALWAYS_ALERTED_FINDING_PREFIXES = ['CryptoCurrency:', 'Stealth:'] as const;
export const ALWAYS_ALERTED_FINDING_TYPES = [
  'Impact:EC2/BitcoinDomainRequest.Reputation',
  'Impact:Runtime/CryptoMinerExecuted',
  'Policy:IAMUser/RootCredentialUsage',
] as const;

/** GuardDuty findings at or above `minimumSeverity`, and always the crypto-mining and root-credential ones. */
export function guardDutyFindingsPattern(minimumSeverity: number): EventPattern {
  return {
    source: ['aws.guardduty'],
    'detail-type': ['GuardDuty Finding'],
    detail: {
      $or: [
        { severity: [{ numeric: ['>=', minimumSeverity] }] },
        { type: [...ALWAYS_ALERTED_FINDING_PREFIXES.map((prefix) => ({ prefix })), ...ALWAYS_ALERTED_FINDING_TYPES] },
      ],
    },
  };
}


/** One kind of change that switches the baseline off or cuts an alert's path, as CloudTrail records it. */
export interface TamperSignal {
  /** What the alert calls it, e.g. "trail stopped, deleted or changed". */
  readonly what: string;
  /** CloudTrail's `eventSource`, e.g. `cloudtrail.amazonaws.com`. */
  readonly source: string;
  /** Event names, or their prefixes where CloudTrail adds an API version (Lambda's `UpdateFunctionCode20150331v2`). */
  readonly events: ReadonlyArray<string | { readonly prefix: string }>;
  /**
   * Only when this request parameter starts with one of these values (the baseline's own names).
   * @default - any call of these events
   */
  readonly onlyWhere?: { readonly parameter: string; readonly prefixes: readonly string[] };
}

/**
 * Every change an intruder makes to blind the baseline or cut an alert's path, in the areas that
 * alert on it (each its own EventBridge rule: a pattern stays well inside EventBridge's size
 * limit, and the subject says which area). Attempts that an SCP refuses alert as well, with their
 * error code: someone holding the keys tried.
 */
export function tamperSignals(props: {
  namePrefix: string;
  exemptRoleNames: readonly string[];
  topicName: string;
  accountId: string;
  homeRegion: string;
}): Record<string, readonly TamperSignal[]> {
  const { namePrefix } = props;
  const topicArn = `arn:aws:sns:${props.homeRegion}:${props.accountId}:${props.topicName}`;
  const topicChanges = ['DeleteTopic', 'RemovePermission', 'SetTopicAttributes'];
  const subscriptionWhat = 'alert topic or subscription removed or changed';
  const ruleWhat = 'alert rule deleted, disabled or changed, or its targets changed';
  const baselineRoles = [namePrefix, ...props.exemptRoleNames];
  return {
    logging: [
      { what: 'trail stopped, deleted or changed', source: 'cloudtrail.amazonaws.com', events: ['DeleteTrail', 'PutEventSelectors', 'PutInsightSelectors', 'StopLogging', 'UpdateTrail'] },
      {
        what: 'AWS Config recorder stopped or deleted, or a rule deleted',
        source: 'config.amazonaws.com',
        events: ['DeleteConfigRule', 'DeleteConfigurationRecorder', 'DeleteDeliveryChannel', 'DeleteRetentionConfiguration', 'StopConfigurationRecorder'],
      },
    ],
    detection: [
      {
        what: 'GuardDuty detector deleted or changed, findings suppressed',
        source: 'guardduty.amazonaws.com',
        events: [
          'CreateFilter',
          'CreateIPSet',
          'CreateThreatIntelSet',
          'DeleteDetector',
          'DeleteMembers',
          'DisassociateFromAdministratorAccount',
          'DisassociateMembers',
          'StopMonitoringMembers',
          'UpdateDetector',
          'UpdateFilter',
          'UpdateIPSet',
          'UpdateMemberDetectors',
        ],
      },
      { what: 'Inspector disabled or findings suppressed', source: 'inspector2.amazonaws.com', events: ['CreateFilter', 'Disable', 'DisassociateMember', 'UpdateFilter'] },
      { what: 'Security Hub disabled', source: 'securityhub.amazonaws.com', events: ['BatchDisableStandards', 'DisableSecurityHub'] },
      { what: 'Access Analyzer deleted or findings archived', source: 'access-analyzer.amazonaws.com', events: ['CreateArchiveRule', 'DeleteAnalyzer', 'UpdateArchiveRule'] },
    ],
    alertPath: [
      { what: ruleWhat, source: 'events.amazonaws.com', events: ['DeleteRule', 'DisableRule', 'PutRule'], onlyWhere: { parameter: 'name', prefixes: [namePrefix] } },
      { what: ruleWhat, source: 'events.amazonaws.com', events: ['PutTargets', 'RemoveTargets'], onlyWhere: { parameter: 'rule', prefixes: [namePrefix] } },
      // Every alert away from home arrives through the home region's default bus: a bus policy can refuse them all.
      { what: 'event bus permissions or settings changed', source: 'events.amazonaws.com', events: ['PutPermission', 'RemovePermission', 'UpdateEventBus'] },
      { what: subscriptionWhat, source: 'sns.amazonaws.com', events: topicChanges, onlyWhere: { parameter: 'topicArn', prefixes: [topicArn] } },
      { what: subscriptionWhat, source: 'sns.amazonaws.com', events: ['PutDataProtectionPolicy'], onlyWhere: { parameter: 'resourceArn', prefixes: [topicArn] } },
      {
        what: subscriptionWhat,
        source: 'sns.amazonaws.com',
        events: ['SetSubscriptionAttributes', 'Unsubscribe'],
        // The topic's ARN is a prefix of the intake topic's too (`<topic>-intake`): one prefix covers both topics' subscriptions.
        onlyWhere: { parameter: 'subscriptionArn', prefixes: [topicArn] },
      },
      { what: 'encryption key disabled, scheduled for deletion or its policy changed', source: 'kms.amazonaws.com', events: ['DeleteAlias', 'DisableKey', 'PutKeyPolicy', 'ScheduleKeyDeletion', 'UpdateAlias'] },
      {
        what: 'alarm deleted or silenced',
        source: 'monitoring.amazonaws.com',
        events: ['DeleteAlarms', 'DisableAlarmActions'],
        onlyWhere: { parameter: 'alarmNames', prefixes: [namePrefix] },
      },
      {
        what: "baseline's function (containment or alert formatter) deleted, changed or throttled",
        source: 'lambda.amazonaws.com',
        events: ['DeleteFunction', 'PutFunctionConcurrency', 'PutFunctionEventInvokeConfig', 'RemovePermission', 'UpdateFunctionCode', 'UpdateFunctionConfiguration', 'UpdateFunctionEventInvokeConfig'].map((prefix) => ({ prefix })),
        // By name, or by ARN (the function lives in the home region only).
        onlyWhere: { parameter: 'functionName', prefixes: [namePrefix, `arn:aws:lambda:${props.homeRegion}:${props.accountId}:function:${namePrefix}`, `${props.accountId}:function:${namePrefix}`] },
      },
    ],
    account: [
      { what: 'alternate contact changed (where AWS sends abuse notices)', source: 'account.amazonaws.com', events: ['DeleteAlternateContact', 'PutAlternateContact'] },
      { what: 'region enabled', source: 'account.amazonaws.com', events: ['EnableRegion'] },
    ],
    identity: [
      { what: 'IAM user, access key or password created', source: 'iam.amazonaws.com', events: ['CreateAccessKey', 'CreateLoginProfile', 'CreateUser', 'UpdateLoginProfile'] },
      { what: 'MFA device enrolled or removed', source: 'iam.amazonaws.com', events: ['CreateVirtualMFADevice', 'DeactivateMFADevice', 'DeleteVirtualMFADevice', 'EnableMFADevice'] },
      {
        what: "baseline's policy changed or detached",
        source: 'iam.amazonaws.com',
        events: ['CreatePolicyVersion', 'DeletePolicy', 'DeletePolicyVersion', 'DetachGroupPolicy', 'DetachRolePolicy', 'DetachUserPolicy', 'SetDefaultPolicyVersion'],
        onlyWhere: { parameter: 'policyArn', prefixes: [`arn:aws:iam::${props.accountId}:policy/${namePrefix}`] },
      },
      {
        what: "someone removed from the baseline's group, or the group deleted",
        source: 'iam.amazonaws.com',
        events: ['DeleteGroup', 'RemoveUserFromGroup'],
        onlyWhere: { parameter: 'groupName', prefixes: [namePrefix] },
      },
      {
        what: 'exempt or baseline role created, re-trusted or given new permissions',
        source: 'iam.amazonaws.com',
        events: ['AttachRolePolicy', 'CreateRole', 'DeleteRole', 'DeleteRolePolicy', 'PutRolePermissionsBoundary', 'PutRolePolicy', 'UpdateAssumeRolePolicy'],
        onlyWhere: { parameter: 'roleName', prefixes: baselineRoles },
      },
    ],
  };
}

/** One EventBridge pattern matching any of the signals: CloudTrail API calls, read and write, successful or refused. */
export function tamperPattern(signals: readonly TamperSignal[]): EventPattern {
  const alternatives = signals.map((signal) => ({
    eventSource: [signal.source],
    eventName: [...signal.events],
    ...(signal.onlyWhere ? { requestParameters: { [signal.onlyWhere.parameter]: signal.onlyWhere.prefixes.map((prefix) => ({ prefix })) } } : {}),
  }));
  return {
    'detail-type': [API_CALL_DETAIL_TYPE],
    detail: alternatives.length === 1 ? alternatives[0] : { $or: alternatives },
  };
}

/**
 * Launches of paid compute, as CloudTrail records them, by any identity. Deployed only in the
 * enabled regions outside the allowed ones, so any match is compute where the owner does not work.
 */
export const COMPUTE_LAUNCH_EVENTS: Readonly<Record<string, readonly string[]>> = {
  'autoscaling.amazonaws.com': ['CreateAutoScalingGroup', 'PutScheduledUpdateGroupAction', 'SetDesiredCapacity', 'UpdateAutoScalingGroup'],
  'batch.amazonaws.com': ['CreateComputeEnvironment', 'SubmitJob'],
  'ec2.amazonaws.com': ['CreateFleet', 'ModifyFleet', 'ModifySpotFleetRequest', 'RequestSpotFleet', 'RequestSpotInstances', 'RunInstances', 'StartInstances'],
  'ecs.amazonaws.com': ['CreateService', 'RunTask', 'StartTask', 'UpdateService'],
  'lambda.amazonaws.com': ['CreateFunction20150331', 'CreateFunction'],
  'sagemaker.amazonaws.com': ['CreateCluster', 'CreateEndpoint', 'CreateNotebookInstance', 'CreateProcessingJob', 'CreateTrainingJob', 'CreateTransformJob', 'StartNotebookInstance'],
};

/** Compute launches in `regions` (the rule in the home region sees the forwarded events of all of them). */
export function computeLaunchPattern(regions: readonly string[]): EventPattern {
  return {
    'detail-type': [API_CALL_DETAIL_TYPE],
    region: [...regions],
    detail: { $or: Object.entries(COMPUTE_LAUNCH_EVENTS).map(([source, events]) => ({ eventSource: [source], eventName: [...events] })) },
  };
}

/** The fields a forwarding pattern keeps of each alternative: what kind of event, and which service sent it. */
interface ForwardedKind {
  readonly source?: readonly unknown[];
  readonly detailType?: readonly unknown[];
  /** `detail.eventSource`; absent when any service's events of this kind may be watched. */
  readonly eventSources?: readonly unknown[];
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const listOf = (value: unknown, field: string): readonly unknown[] | undefined => {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new Error(`forwardingPattern: ${field} must be a list of matchers, not ${JSON.stringify(value)}`);
  return value;
};
const sortedUnion = (...lists: ReadonlyArray<readonly unknown[]>): unknown[] =>
  [...new Map(lists.flat().map((item) => [JSON.stringify(item), item])).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, item]) => item);

/**
 * The services whose events `detail` can match: its `eventSource` list, or the union of its
 * `$or` alternatives' lists; undefined when some alternative names no service (any may match).
 */
function eventSourcesOf(detail: unknown): readonly unknown[] | undefined {
  if (!isPlainObject(detail)) return undefined;
  const own = listOf(detail.eventSource, 'detail.eventSource');
  if (own) return own;
  if (detail.$or === undefined) return undefined;
  const alternatives = (listOf(detail.$or, 'detail.$or') ?? []).map(eventSourcesOf);
  return alternatives.some((sources) => sources === undefined) ? undefined : sortedUnion(...(alternatives as Array<readonly unknown[]>));
}

/** What kinds of event `pattern` can match, one entry per top-level `$or` alternative. */
function forwardedKinds(pattern: EventPattern): ForwardedKind[] {
  const { $or: alternatives, ...rest } = pattern as Record<string, unknown>;
  // Beside a top-level $or the pattern's own fields must hold too; keeping either side's field is a superset.
  if (alternatives !== undefined) return (listOf(alternatives, '$or') ?? []).flatMap((alternative) => forwardedKinds({ ...rest, ...(alternative as EventPattern) }));
  const kind: ForwardedKind = {
    source: listOf(rest.source, 'source'),
    detailType: listOf(rest['detail-type'], 'detail-type'),
    eventSources: eventSourcesOf(rest.detail),
  };
  if (!kind.source && !kind.detailType && !kind.eventSources) {
    throw new Error(`forwardingPattern: the pattern ${JSON.stringify(pattern)} names no source, detail-type or detail.eventSource; forwarding it would send every event home`);
  }
  return [kind];
}

/**
 * One pattern that matches every event any of `patterns` matches, for the rule that forwards a
 * region's events to the home region: each pattern cut down to its `source`, `detail-type` and
 * `detail.eventSource` (dropping a condition only widens a pattern, so nothing a pattern matches
 * is missed), the services of one kind of event joined into one list. The home region's rules
 * then apply the full patterns to what arrives; an event several of them watch crosses once.
 * The result is the same whatever order `patterns` come in.
 */
export function forwardingPattern(patterns: readonly EventPattern[]): EventPattern {
  if (patterns.length === 0) throw new Error('forwardingPattern: no patterns to forward');
  const groups = new Map<string, { kind: ForwardedKind; eventSources?: unknown[]; anyService: boolean }>();
  for (const kind of patterns.flatMap(forwardedKinds)) {
    const source = kind.source && sortedUnion(kind.source);
    const detailType = kind.detailType && sortedUnion(kind.detailType);
    const key = JSON.stringify([source ?? null, detailType ?? null]);
    const group = groups.get(key) ?? { kind: { source, detailType }, eventSources: [], anyService: false };
    groups.set(key, group);
    if (kind.eventSources) group.eventSources = sortedUnion(group.eventSources ?? [], kind.eventSources);
    else group.anyService = true;
  }
  const alternatives = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, { kind, eventSources, anyService }]) => ({
      ...(kind.source ? { source: kind.source } : {}),
      ...(kind.detailType ? { 'detail-type': kind.detailType } : {}),
      ...(!anyService && eventSources && eventSources.length > 0 ? { detail: { eventSource: eventSources } } : {}),
    }));
  return alternatives.length === 1 ? alternatives[0] : { $or: alternatives };
}

/** The ARN of a region's default event bus in an account. */
export function defaultEventBusArn(region: string, accountId: string): string {
  return `arn:aws:events:${region}:${accountId}:event-bus/default`;
}

/** Trust policy of the role EventBridge uses to forward events to the home region. */
export function eventForwardingTrustPolicy(accountId: string): PolicyDocument {
  return policyDocument({
    Effect: 'Allow',
    Principal: { Service: 'events.amazonaws.com' },
    Action: 'sts:AssumeRole',
    Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
  });
}

/** The forwarding role may put events on the home region's default bus, and nothing else. */
export function eventForwardingPolicy(homeBusArn: string): PolicyDocument {
  return policyDocument({ Sid: 'ForwardToHomeRegion', Effect: 'Allow', Action: 'events:PutEvents', Resource: homeBusArn });
}

/**
 * A queue for what EventBridge could not deliver: only the rules `sourceCondition` names may put
 * in it (the functions' roles write through their own policies); nothing without TLS.
 */
export function undeliveredEventsQueuePolicy(queueArn: string, sourceCondition: Readonly<Record<string, Record<string, string | string[]>>>): PolicyDocument {
  return policyDocument(
    {
      Sid: 'EventBridgeKeepsUndeliveredEvents',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Resource: queueArn,
      Condition: sourceCondition,
    },
    {
      Sid: 'DenyWithoutTls',
      Effect: 'Deny',
      Principal: '*',
      Action: 'sqs:*',
      Resource: queueArn,
      Condition: { Bool: { 'aws:SecureTransport': false } },
    },
  );
}
