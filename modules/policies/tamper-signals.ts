/**
 * The changes that switch the baseline off or cut an alert's path, as CloudTrail records them, and
 * the EventBridge patterns that match them (packed to EventBridge's pattern limit).
 */
import { API_CALL_DETAIL_TYPE, EventPattern } from './events';

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
