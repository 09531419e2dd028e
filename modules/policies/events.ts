/**
 * EventBridge patterns as plain data. Each alert route's pattern is matched in the home region,
 * where the alert formatter (modules/functions/alert-format.ts) turns a match into a readable
 * message; every other region forwards to the home region's default bus what `forwardingPattern`
 * of the routes' patterns matches.
 */
import { PolicyDocument, policyDocument, serviceTrustPolicy } from './policy-document';
import { GLOBAL_SERVICE_ACTIONS } from './region-deny';
import { STOP_LAUNCH_ACTIONS } from './spend';

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
   * Only when this request parameter starts with one of these values (the baseline's own names). A
   * dotted parameter names a field inside one (`configRule.configRuleName`).
   * @default - any call of these events
   */
  readonly onlyWhere?: {
    readonly parameter: string;
    readonly prefixes: readonly string[];
    /**
     * Match the prefixes whatever their case (IAM role names are unique regardless of case).
     * @default false
     */
    readonly ignoreCase?: boolean;
    /**
     * Match whenever the parameter is there, whatever its value (a tag named in a map: `tags.GuardDutyManaged`); `prefixes` is then empty.
     * @default false
     */
    readonly exists?: boolean;
  };
}

/**
 * Every change an intruder makes to blind the baseline or cut an alert's path, in the areas that
 * alert on it (each its own EventBridge rule: a pattern stays well inside EventBridge's size
 * limit, and the subject says which area). Attempts that an SCP refuses alert as well, with their
 * error code: someone holding the keys tried.
 */
export function tamperSignals(props: {
  namePrefix: string;
  /** The IAM path whose roles the SCPs exempt whatever their name (DEPLOYMENT_ROLE_PATH). */
  deploymentRolePath: string;
  exemptRoleNames: readonly string[];
  topicName: string;
  accountId: string;
  homeRegion: string;
}): Record<string, readonly TamperSignal[]> {
  const { namePrefix } = props;
  const topicArn = `arn:aws:sns:${props.homeRegion}:${props.accountId}:${props.topicName}`;
  const topicChanges = ['AddPermission', 'DeleteTopic', 'RemovePermission', 'SetTopicAttributes', 'Subscribe'];
  const subscriptionWhat = 'alert topic or subscription added, removed or changed';
  const ruleWhat = 'alert rule deleted, disabled or changed, or its targets changed';
  const baselineRoles = [namePrefix, ...props.exemptRoleNames];
  return {
    logging: [
      { what: 'trail stopped, deleted or changed', source: 'cloudtrail.amazonaws.com', events: ['DeleteTrail', 'PutEventSelectors', 'PutInsightSelectors', 'StopLogging', 'UpdateTrail'] },
      {
        what: 'AWS Config recorder stopped, deleted or replaced, or a rule deleted or changed',
        source: 'config.amazonaws.com',
        events: [
          'DeleteConfigRule',
          'DeleteConfigurationRecorder',
          'DeleteDeliveryChannel',
          'DeleteRetentionConfiguration',
          // An update may name its rule by ARN or ID (generated), not only by name: every rule is watched.
          'PutConfigRule',
          'PutConfigurationRecorder',
          'PutDeliveryChannel',
          'PutRetentionConfiguration',
          'StopConfigurationRecorder',
        ],
      },
      {
        // A bucket policy that refuses CloudTrail stops delivery without StopLogging.
        what: 'evidence bucket deleted, or its policy, versioning, lifecycle, encryption, logging or Object Lock changed',
        source: 's3.amazonaws.com',
        events: [
          'DeleteBucket',
          'DeleteBucketEncryption',
          'DeleteBucketLifecycle',
          'DeleteBucketPolicy',
          'DeleteBucketPublicAccessBlock',
          'PutBucketEncryption',
          'PutBucketLifecycle',
          'PutBucketLogging',
          'PutBucketPolicy',
          'PutBucketPublicAccessBlock',
          // A Requester Pays bucket is no server-access-logging target: the access logs stop.
          'PutBucketRequestPayment',
          'PutBucketVersioning',
          'PutObjectLockConfiguration',
        ],
        onlyWhere: { parameter: 'bucketName', prefixes: [namePrefix] },
      },
    ],
    detection: [
      {
        what: 'GuardDuty detector deleted or changed, findings suppressed',
        source: 'guardduty.amazonaws.com',
        events: [
          'CreateFilter',
          'CreateIPSet',
          // Trusted lists suppress findings; threat lists flood them.
          'CreateThreatEntitySet',
          'CreateThreatIntelSet',
          'CreateTrustedEntitySet',
          'DeleteDetector',
          'DeleteMembers',
          'DeletePublishingDestination',
          'DisassociateFromAdministratorAccount',
          'DisassociateFromMasterAccount',
          'DisassociateMembers',
          'StopMonitoringMembers',
          'UpdateDetector',
          'UpdateFilter',
          'UpdateIPSet',
          'UpdateMemberDetectors',
          'UpdateThreatEntitySet',
          'UpdateThreatIntelSet',
          'UpdateTrustedEntitySet',
        ],
      },
      // GuardDuty's runtime agent leaves alone what is tagged GuardDutyManaged=false: its crypto-mining findings never come.
      // The tag can come with the launch, on the instance, from an Auto Scaling group, an ECS or an EKS cluster.
      ...(
        [
          ['ec2.amazonaws.com', 'CreateTags', 'tagSet.items.key'],
          ['ec2.amazonaws.com', 'RunInstances', 'tagSpecificationSet.items.tags.key'],
          ['autoscaling.amazonaws.com', 'CreateOrUpdateTags', 'tags.key'],
          ['ecs.amazonaws.com', 'TagResource', 'tags.key'],
        ] as const
      ).map(([source, event, parameter]) => ({
        what: "compute opted out of GuardDuty's runtime agent",
        source,
        events: [event],
        onlyWhere: { parameter, prefixes: ['GuardDutyManaged'] },
      })),
      // An EKS cluster's tags are a map in the request: the tag is a key there.
      {
        what: "compute opted out of GuardDuty's runtime agent",
        source: 'eks.amazonaws.com',
        events: ['CreateCluster', 'TagResource'],
        onlyWhere: { parameter: 'tags.GuardDutyManaged', prefixes: [], exists: true },
      },
      {
        // Removing it releases what containment stopped: the next start is nobody's business (CONTAINMENT_TAG_KEY).
        what: "containment released (its tag removed from an instance)",
        source: 'ec2.amazonaws.com',
        events: ['DeleteTags'],
        onlyWhere: { parameter: 'tagSet.items.key', prefixes: [`${namePrefix.replace(/-$/, '')}:contained`] },
      },
      { what: 'Inspector disabled or findings suppressed', source: 'inspector2.amazonaws.com', events: ['CreateFilter', 'Disable', 'DisassociateMember', 'UpdateFilter'] },
      {
        what: 'Security Hub disabled',
        source: 'securityhub.amazonaws.com',
        events: ['BatchDisableStandards', 'DisableSecurityHub', 'DisassociateFromAdministratorAccount', 'DisassociateFromMasterAccount'],
      },
      { what: 'Access Analyzer deleted or findings archived', source: 'access-analyzer.amazonaws.com', events: ['CreateArchiveRule', 'DeleteAnalyzer', 'UpdateArchiveRule'] },
    ],
    alertPath: [
      { what: ruleWhat, source: 'events.amazonaws.com', events: ['DeleteRule', 'DisableRule', 'PutRule'], onlyWhere: { parameter: 'name', prefixes: [namePrefix] } },
      { what: ruleWhat, source: 'events.amazonaws.com', events: ['PutTargets', 'RemoveTargets'], onlyWhere: { parameter: 'rule', prefixes: [namePrefix] } },
      // A rule of any name that sends to the home region's bus, or as one of the baseline's roles, could carry a far
      // region's heartbeat home while its forwarding rule is switched off.
      {
        what: "a rule given a target on the home region's bus or one of the baseline's roles",
        source: 'events.amazonaws.com',
        events: ['PutTargets'],
        onlyWhere: { parameter: 'targets.arn', prefixes: [`arn:aws:events:${props.homeRegion}:${props.accountId}:event-bus/default`] },
      },
      {
        what: "a rule given a target on the home region's bus or one of the baseline's roles",
        source: 'events.amazonaws.com',
        events: ['PutTargets'],
        onlyWhere: { parameter: 'targets.roleArn', prefixes: [`arn:aws:iam::${props.accountId}:role/${namePrefix}`] },
      },
      // A replay puts archived events back on a bus with their own regions: old heartbeats would pass for live ones.
      { what: 'an event archive or replay started', source: 'events.amazonaws.com', events: ['CreateArchive', 'StartReplay'] },
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
        what: 'alarm deleted, silenced or rewritten',
        source: 'monitoring.amazonaws.com',
        events: ['DeleteAlarms', 'DisableAlarmActions'],
        onlyWhere: { parameter: 'alarmNames', prefixes: [namePrefix] },
      },
      { what: 'alarm deleted, silenced or rewritten', source: 'monitoring.amazonaws.com', events: ['PutMetricAlarm'], onlyWhere: { parameter: 'alarmName', prefixes: [namePrefix] } },
      // A mute rule names the alarms it silences inside its rule: every one is watched.
      { what: 'alarm deleted, silenced or rewritten', source: 'monitoring.amazonaws.com', events: ['PutAlarmMuteRule'] },
      {
        what: "baseline's function log group deleted",
        source: 'logs.amazonaws.com',
        events: ['DeleteLogGroup'],
        onlyWhere: { parameter: 'logGroupName', prefixes: [`/aws/lambda/${namePrefix}`, namePrefix] },
      },
      {
        what: "baseline's function (containment or alert formatter) deleted, changed or throttled",
        source: 'lambda.amazonaws.com',
        events: ['DeleteFunction', 'PutFunctionConcurrency', 'PutFunctionEventInvokeConfig', 'RemovePermission', 'UpdateFunctionCode', 'UpdateFunctionConfiguration', 'UpdateFunctionEventInvokeConfig'].map((prefix) => ({ prefix })),
        // By name, or by ARN (the function lives in the home region only).
        onlyWhere: { parameter: 'functionName', prefixes: [namePrefix, `arn:aws:lambda:${props.homeRegion}:${props.accountId}:function:${namePrefix}`, `${props.accountId}:function:${namePrefix}`] },
      },
    ],
    spend: [
      {
        what: "baseline's budget, its notifications or actions changed or deleted",
        source: 'budgets.amazonaws.com',
        events: ['DeleteBudget', 'DeleteBudgetAction', 'DeleteNotification', 'DeleteSubscriber', 'UpdateBudgetAction', 'UpdateNotification', 'UpdateSubscriber'],
        onlyWhere: { parameter: 'budgetName', prefixes: [namePrefix] },
      },
      // UpdateBudget names the budget inside the new budget.
      { what: "baseline's budget, its notifications or actions changed or deleted", source: 'budgets.amazonaws.com', events: ['UpdateBudget'], onlyWhere: { parameter: 'newBudget.budgetName', prefixes: [namePrefix] } },
      // Monitors and subscriptions have generated ARNs: every one is watched.
      { what: 'cost anomaly monitor or subscription changed or deleted', source: 'ce.amazonaws.com', events: ['DeleteAnomalyMonitor', 'DeleteAnomalySubscription', 'UpdateAnomalyMonitor', 'UpdateAnomalySubscription'] },
    ],
    account: [
      { what: 'alternate contact changed (where AWS sends abuse notices)', source: 'account.amazonaws.com', events: ['DeleteAlternateContact', 'PutAlternateContact'] },
      { what: 'region enabled', source: 'account.amazonaws.com', events: ['EnableRegion'] },
      {
        what: 'account default weakened (EBS encryption, IMDSv2, public sharing of snapshots and images)',
        source: 'ec2.amazonaws.com',
        // Enable… too: block-new-sharing instead of block-all-sharing makes snapshots that were public public again.
        events: ['DisableEbsEncryptionByDefault', 'DisableImageBlockPublicAccess', 'DisableSnapshotBlockPublicAccess', 'EnableSnapshotBlockPublicAccess', 'ModifyEbsDefaultKmsKeyId', 'ModifyInstanceMetadataDefaults'],
      },
      { what: "account's S3 public access block changed", source: 's3.amazonaws.com', events: ['DeleteAccountPublicAccessBlock', 'PutAccountPublicAccessBlock'] },
      {
        // Only the management account (or a delegated administrator) can make most of these; a member's attempt is refused, and alerts.
        // Creating and attaching count too: an SCP that denies the forwarding role events:PutEvents silences every member away from home.
        what: 'an SCP or other policy created, attached, detached, changed or deleted, a policy type switched, an account moved or removed, a delegated administrator or trusted service removed',
        source: 'organizations.amazonaws.com',
        events: [
          'AttachPolicy',
          'CreatePolicy',
          'DeleteOrganization',
          'DeletePolicy',
          'DeregisterDelegatedAdministrator',
          'DetachPolicy',
          'DisableAWSServiceAccess',
          'DisablePolicyType',
          'EnablePolicyType',
          'LeaveOrganization',
          'MoveAccount',
          'RemoveAccountFromOrganization',
          'UpdatePolicy',
        ],
      },
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
        // IAM role names are unique whatever their case: `breakglassadmin` takes the place of `BreakGlassAdmin`.
        onlyWhere: { parameter: 'roleName', prefixes: baselineRoles, ignoreCase: true },
      },
      {
        // Roles on this path are exempt from the SCPs whatever their name (invited accounts deploy with one).
        what: 'role created on the deployment role path',
        source: 'iam.amazonaws.com',
        events: ['CreateRole'],
        onlyWhere: { parameter: 'path', prefixes: [props.deploymentRolePath] },
      },
    ],
  };
}

/** One EventBridge pattern matching any of the signals: CloudTrail API calls, read and write, successful or refused. */
export function tamperPattern(signals: readonly TamperSignal[]): EventPattern {
  const nested = (path: readonly string[], value: unknown): Record<string, unknown> =>
    path.length === 1 ? { [path[0]]: value } : { [path[0]]: nested(path.slice(1), value) };
  const alternatives = signals.map((signal) => ({
    eventSource: [signal.source],
    eventName: [...signal.events],
    ...(signal.onlyWhere
      ? {
          requestParameters: nested(
            signal.onlyWhere.parameter.split('.'),
            signal.onlyWhere.exists
              ? [{ exists: true }]
              : signal.onlyWhere.prefixes.map((prefix) => ({ prefix: signal.onlyWhere!.ignoreCase ? { 'equals-ignore-case': prefix } : prefix })),
          ),
        }
      : {}),
  }));
  return {
    'detail-type': [API_CALL_DETAIL_TYPE],
    detail: alternatives.length === 1 ? alternatives[0] : { $or: alternatives },
  };
}

/**
 * The signals of one area cut into as few patterns as keep each within `maxCharacters`, in order: each
 * becomes its own rule. Throws when a single signal is over the limit on its own.
 */
export function packTamperSignals(signals: readonly TamperSignal[], maxCharacters: number): TamperSignal[][] {
  const packs: TamperSignal[][] = [];
  for (const signal of signals) {
    if (JSON.stringify(tamperPattern([signal])).length > maxCharacters) {
      throw new Error(`the tamper signal "${signal.what}" (${signal.source}) alone makes a pattern over ${maxCharacters} characters`);
    }
    const last = packs[packs.length - 1];
    if (last && JSON.stringify(tamperPattern([...last, signal])).length <= maxCharacters) last.push(signal);
    else packs.push([signal]);
  }
  return packs;
}

/** CloudTrail's event names where they are not the IAM action's name (Lambda adds its API version). */
const CLOUDTRAIL_EVENT_NAMES: Readonly<Record<string, readonly string[]>> = {
  // Bedrock's Converse API is authorised as InvokeModel, and recorded under its own name.
  'bedrock:InvokeModel': ['InvokeModel', 'Converse'],
  'bedrock:InvokeModelWithResponseStream': ['InvokeModelWithResponseStream', 'ConverseStream'],
  'lambda:CreateFunction': ['CreateFunction20150331', 'CreateFunction'],
};

/**
 * Launches of paid compute, as CloudTrail records them (event source to event names): the actions the
 * spend circuit breaker denies, so the two lists cannot drift apart, less those of global services
 * (a savings plan is bought for every region at once; region deny never denies them).
 */
export function computeLaunchEvents(actions: readonly string[] = STOP_LAUNCH_ACTIONS): Record<string, string[]> {
  const global = (action: string) =>
    GLOBAL_SERVICE_ACTIONS.some((entry) => (entry.endsWith('*') ? action.startsWith(entry.slice(0, -1)) : action === entry));
  const events: Record<string, string[]> = {};
  for (const action of [...actions].sort()) {
    if (global(action)) continue;
    const [service, name] = action.split(':');
    const source = `${service}.amazonaws.com`;
    events[source] = [...(events[source] ?? []), ...(CLOUDTRAIL_EVENT_NAMES[action] ?? [name])];
  }
  return events;
}

/**
 * Launches of paid compute, as CloudTrail records them, by any identity. Deployed only in the
 * enabled regions outside the allowed ones, so any match is compute where the owner does not work.
 */
export const COMPUTE_LAUNCH_EVENTS: Readonly<Record<string, readonly string[]>> = computeLaunchEvents();

/** Compute launches in `regions` (the rule in the home region sees the forwarded events of all of them). */
export function computeLaunchPattern(regions: readonly string[], events: Readonly<Record<string, readonly string[]>> = COMPUTE_LAUNCH_EVENTS): EventPattern {
  const alternatives = Object.entries(events).map(([source, names]) => ({ eventSource: [source], eventName: [...names] }));
  return {
    'detail-type': [API_CALL_DETAIL_TYPE],
    region: [...regions],
    detail: alternatives.length === 1 ? alternatives[0] : { $or: alternatives },
  };
}

/** `computeLaunchPattern` cut by service, in order, into as few patterns as keep each within `maxCharacters`: each becomes its own rule. */
export function computeLaunchPatterns(regions: readonly string[], maxCharacters: number): EventPattern[] {
  const packs: Array<Record<string, readonly string[]>> = [];
  for (const [source, names] of Object.entries(COMPUTE_LAUNCH_EVENTS)) {
    const last = packs[packs.length - 1];
    if (last && JSON.stringify(computeLaunchPattern(regions, { ...last, [source]: names })).length <= maxCharacters) last[source] = names;
    else packs.push({ [source]: names });
  }
  return packs.map((pack) => computeLaunchPattern(regions, pack));
}

/**
 * Services whose data events (S3 object reads and writes) reach EventBridge whenever any trail of
 * the account logs them: forwarding them by service would send every object write home. For these
 * the forwarding pattern keeps the call names the alerts watch.
 */
export const DATA_EVENT_SOURCES: readonly string[] = ['s3.amazonaws.com'];

/** The fields a forwarding pattern keeps of each alternative: what kind of event, and which service sent it. */
interface ForwardedKind {
  readonly source?: readonly unknown[];
  readonly detailType?: readonly unknown[];
  /** `detail.eventSource`; absent when any service's events of this kind may be watched. */
  readonly eventSources?: readonly unknown[];
  /** Calls of the DATA_EVENT_SOURCES watched by name: service → `detail.eventName` matchers. */
  readonly namedCalls?: Readonly<Record<string, readonly unknown[]>>;
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
 * `$or` alternatives' lists; `eventSources` undefined when some alternative names no service (any
 * may match). An alternative that names calls of data-event services only goes to `namedCalls`.
 */
function servicesOf(detail: unknown): Pick<ForwardedKind, 'eventSources' | 'namedCalls'> {
  if (!isPlainObject(detail)) return {};
  const own = listOf(detail.eventSource, 'detail.eventSource');
  if (own) {
    const names = listOf(detail.eventName, 'detail.eventName');
    if (names && own.every((service) => typeof service === 'string' && DATA_EVENT_SOURCES.includes(service))) {
      return { eventSources: [], namedCalls: Object.fromEntries(own.map((service) => [service as string, names])) };
    }
    return { eventSources: own };
  }
  if (detail.$or === undefined) return {};
  const alternatives = (listOf(detail.$or, 'detail.$or') ?? []).map(servicesOf);
  if (alternatives.some((services) => services.eventSources === undefined)) return {};
  return { eventSources: sortedUnion(...alternatives.map((services) => services.eventSources!)), namedCalls: mergeNamedCalls(alternatives.map((services) => services.namedCalls)) };
}

function mergeNamedCalls(all: ReadonlyArray<Readonly<Record<string, readonly unknown[]>> | undefined>): Record<string, unknown[]> {
  const merged: Record<string, unknown[]> = {};
  for (const calls of all) for (const [service, names] of Object.entries(calls ?? {})) merged[service] = sortedUnion(merged[service] ?? [], names);
  return merged;
}

/** What kinds of event `pattern` can match, one entry per top-level `$or` alternative. */
function forwardedKinds(pattern: EventPattern): ForwardedKind[] {
  const { $or: alternatives, ...rest } = pattern as Record<string, unknown>;
  // Beside a top-level $or the pattern's own fields must hold too; keeping either side's field is a superset.
  if (alternatives !== undefined) return (listOf(alternatives, '$or') ?? []).flatMap((alternative) => forwardedKinds({ ...rest, ...(alternative as EventPattern) }));
  const services = servicesOf(rest.detail);
  const kind: ForwardedKind = {
    source: listOf(rest.source, 'source'),
    detailType: listOf(rest['detail-type'], 'detail-type'),
    eventSources: services.eventSources,
    namedCalls: services.namedCalls,
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
 * is missed), the services of one kind of event joined into one list; calls of the
 * DATA_EVENT_SOURCES by name. The home region's rules then apply the full patterns to what
 * arrives; an event several of them watch crosses once. The result is the same whatever order
 * `patterns` come in.
 */
export function forwardingPattern(patterns: readonly EventPattern[]): EventPattern {
  if (patterns.length === 0) throw new Error('forwardingPattern: no patterns to forward');
  const groups = new Map<string, { kind: ForwardedKind; eventSources: unknown[]; namedCalls: Record<string, unknown[]>; anyService: boolean }>();
  for (const kind of patterns.flatMap(forwardedKinds)) {
    const source = kind.source && sortedUnion(kind.source);
    const detailType = kind.detailType && sortedUnion(kind.detailType);
    const key = JSON.stringify([source ?? null, detailType ?? null]);
    const group = groups.get(key) ?? { kind: { source, detailType }, eventSources: [], namedCalls: {}, anyService: false };
    groups.set(key, group);
    if (kind.eventSources) {
      group.eventSources = sortedUnion(group.eventSources, kind.eventSources);
      group.namedCalls = mergeNamedCalls([group.namedCalls, kind.namedCalls]);
    } else group.anyService = true;
  }
  const alternatives = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([, { kind, eventSources, namedCalls, anyService }]) => {
      const of = { ...(kind.source ? { source: kind.source } : {}), ...(kind.detailType ? { 'detail-type': kind.detailType } : {}) };
      if (anyService) return [of];
      // A service forwarded whole needs no list of its calls.
      const named = Object.entries(namedCalls)
        .filter(([service]) => !eventSources.some((candidate) => candidate === service))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([service, names]) => ({ ...of, detail: { eventSource: [service], eventName: names } }));
      return [...(eventSources.length > 0 ? [{ ...of, detail: { eventSource: eventSources } }] : []), ...named];
    });
  return alternatives.length === 1 ? alternatives[0] : { $or: alternatives };
}

/** The ARN of a region's default event bus in an account. */
export function defaultEventBusArn(region: string, accountId: string): string {
  return `arn:aws:events:${region}:${accountId}:event-bus/default`;
}

/** Trust policy of the role EventBridge uses to forward events to the home region. */
export function eventForwardingTrustPolicy(accountId: string): PolicyDocument {
  return serviceTrustPolicy('events.amazonaws.com', accountId);
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
