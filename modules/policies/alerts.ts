import { undeliveredEventsQueuePolicy } from './event-forwarding';
import { PolicyDocument, policyDocument, serviceTrustPolicy } from './policy-document';

/**
 * AWS services that deliver alerts to the account's topic. They need both the topic policy
 * and the KMS key policy: a topic under the AWS-managed key `alias/aws/sns` silently drops
 * their messages (docs/sources.md, "Alert delivery"). AWS Budgets and Cost
 * Anomaly Detection also need the topic in the same account as the budget or monitor, and a
 * standard (not FIFO) topic; the alert topic is both.
 */
export const ALERT_PUBLISHING_SERVICES = [
  'budgets.amazonaws.com',
  'cloudwatch.amazonaws.com',
  'costalerts.amazonaws.com',
  'events.amazonaws.com',
] as const;

/** Where AWS Budgets and Cost Anomaly Detection publish, for the formatter to put into words: the topic's name and this. */
export const INTAKE_TOPIC_SUFFIX = '-intake';

/** Every topic the baseline owns for an alert topic's name: the topic people subscribe to, and its intake topic. */
export function alertTopicNames(topicName: string): readonly [string, string] {
  return [topicName, `${topicName}${INTAKE_TOPIC_SUFFIX}`];
}

/** The ARN of an SNS topic, from its region, account and name. */
export function snsTopicArn(region: string, accountId: string, topicName: string): string {
  return `arn:aws:sns:${region}:${accountId}:${topicName}`;
}

/** The prefix of the baseline's role names (the formatter's, containment's), the only IAM principals that publish alerts. */
const BASELINE_ROLE_PREFIX = 'account-baseline-';

/**
 * Topic policy: the account manages the topic; the alerting services publish only on its behalf,
 * and of the account's IAM principals only the baseline's roles may publish.
 */
export function alertsTopicPolicy(props: { topicArn: string; accountId: string }): PolicyDocument {
  const { topicArn, accountId } = props;
  return policyDocument(
    {
      Sid: 'AccountManagesTopic',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${accountId}:root` },
      Action: [
        'sns:AddPermission',
        'sns:DeleteTopic',
        'sns:GetTopicAttributes',
        'sns:ListSubscriptionsByTopic',
        'sns:Publish',
        'sns:RemovePermission',
        'sns:SetTopicAttributes',
        'sns:Subscribe',
      ],
      Resource: topicArn,
    },
    {
      // AWS's published statement for budget notifications: this account's budgets only.
      Sid: 'BudgetsPublish',
      Effect: 'Allow',
      Principal: { Service: 'budgets.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: topicArn,
      Condition: { StringEquals: { 'aws:SourceAccount': accountId }, ArnLike: { 'aws:SourceArn': `arn:aws:budgets::${accountId}:*` } },
    },
    {
      Sid: 'AlertingServicesPublish',
      Effect: 'Allow',
      Principal: { Service: ALERT_PUBLISHING_SERVICES.filter((service) => service !== 'budgets.amazonaws.com') },
      Action: 'sns:Publish',
      Resource: topicArn,
      // Confused-deputy guard: the services publish here only for this account's anomaly monitors and rules.
      Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
    },
    {
      // A forged alert ("all clear") from anyone in the account: only the baseline's own roles publish as IAM
      // principals (the formatter, containment); the services above have no principal ARN and are unaffected.
      Sid: 'OnlyTheBaselinePublishes',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'sns:Publish',
      Resource: topicArn,
      Condition: {
        ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${accountId}:*` },
        ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${accountId}:role/${BASELINE_ROLE_PREFIX}*` },
      },
    },
    {
      Sid: 'DenyPublishWithoutTls',
      Effect: 'Deny',
      Principal: '*',
      Action: 'sns:Publish',
      Resource: topicArn,
      Condition: { Bool: { 'aws:SecureTransport': false } },
    },
  );
}

/**
 * Key policy: the account administers the key through IAM; the alerting services may encrypt
 * messages with it, only for the alert and intake topics (SNS's encryption context) and only for this
 * account's own rules, alarms, budgets and monitors.
 */
export function alertsKeyPolicy(props: { accountId: string; topicArns: readonly string[] }): PolicyDocument {
  return policyDocument(
    {
      Sid: 'AccountAdministersKey',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${props.accountId}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
    {
      // The shape AWS documents for event sources publishing to encrypted topics, with the
      // confused-deputy guard: SNS names the topic in the encryption context.
      Sid: 'AlertingServicesEncryptMessages',
      Effect: 'Allow',
      Principal: { Service: ALERT_PUBLISHING_SERVICES },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': props.accountId, 'kms:EncryptionContext:aws:sns:topicArn': [...props.topicArns] } },
    },
  );
}

/**
 * The alert formatter's role: publish to the alert topic (through its key) and write its log;
 * nothing else, so a flaw in formatting can do no harm beyond a badly worded e-mail.
 */
export function alertFormatterPolicy(props: { accountId: string; homeRegion: string; topicArn: string; logGroupArn: string }): PolicyDocument {
  return policyDocument(
    { Sid: 'PublishAlerts', Effect: 'Allow', Action: 'sns:Publish', Resource: props.topicArn },
    {
      Sid: 'EncryptAlerts',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: `arn:aws:kms:${props.homeRegion}:${props.accountId}:key/*`,
      Condition: { StringEquals: { 'kms:ViaService': `sns.${props.homeRegion}.amazonaws.com`, 'kms:EncryptionContext:aws:sns:topicArn': props.topicArn } },
    },
    { Sid: 'WriteItsLog', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${props.logGroupArn}:*` },
  );
}

/** The queue of alerts EventBridge could not hand the formatter: only the baseline's rules put in it; TLS only. */
export function undeliveredAlertsQueuePolicy(props: { queueArn: string; accountId: string; homeRegion: string }): PolicyDocument {
  return undeliveredEventsQueuePolicy(props.queueArn, { ArnLike: { 'aws:SourceArn': `arn:aws:events:${props.homeRegion}:${props.accountId}:rule/account-baseline-*` } });
}

/**
 * The alert path's heartbeat: in every enabled region a schedule puts this event on the region's
 * default bus, the region's forwarding rule sends it home like any alert event, and there a rule
 * per region matches it by the event's own region and an alarm counts that rule's invocations.
 * Its source is the baseline's own (AWS keeps `aws.*` for itself).
 */
export const HEARTBEAT = {
  name: 'account-baseline-heartbeat',
  source: 'account-baseline.heartbeat',
  detailType: 'Baseline heartbeat',
  logGroup: '/account-baseline/heartbeat',
  /** Each region sends one every this many minutes. */
  everyMinutes: 5,
  /** Each alarm counts them over this many seconds, and wants two such periods short in a row. */
  periodSeconds: 1800,
} as const;

/**
 * A region's heartbeat, as the forwarding rules and the home region's rule for that region match
 * it. `region` is the event's envelope, which EventBridge sets to the bus the event was put on: a
 * heartbeat forged at home cannot pass for another region's.
 */
export function heartbeatPattern(region: string): { source: string[]; 'detail-type': string[]; region: string[]; 'replay-name': Array<{ exists: false }> } {
  // A replay from an archive keeps the events' regions: replayed heartbeats would pass for live ones.
  return { source: [HEARTBEAT.source], 'detail-type': [HEARTBEAT.detailType], region: [region], 'replay-name': [{ exists: false }] };
}

/**
 * A region's alarm threshold: half the heartbeats it sends in a period. A region that falls silent
 * sends none; a beat late across the period's edge (EventBridge Scheduler delivers at least once,
 * not to the second) takes one away, and is tolerated.
 */
export function heartbeatThreshold(): number {
  return HEARTBEAT.periodSeconds / 60 / HEARTBEAT.everyMinutes / 2;
}

/** Who may assume the heartbeat's role: EventBridge Scheduler, for this account's schedules only. */
export function heartbeatTrustPolicy(accountId: string): PolicyDocument {
  return serviceTrustPolicy('scheduler.amazonaws.com', accountId);
}

/** The heartbeat's role may put events on the default buses of the enabled regions, and nothing else. */
export function heartbeatPolicy(busArns: readonly string[]): PolicyDocument {
  return policyDocument({ Sid: 'BeatOnEachRegionsDefaultBus', Effect: 'Allow', Action: 'events:PutEvents', Resource: [...busArns].sort() });
}

/** Lets the home region's heartbeat rules (`ruleArns`, a wildcard ARN), and only them, write what they match to the heartbeat log. */
export function heartbeatLogPolicy(props: { logGroupArn: string; ruleArns: string; accountId: string }): PolicyDocument {
  return policyDocument({
    Sid: 'HeartbeatRulesWriteTheLog',
    Effect: 'Allow',
    Principal: { Service: ['delivery.logs.amazonaws.com', 'events.amazonaws.com'] },
    Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    Resource: `${props.logGroupArn}:*`,
    Condition: { ArnLike: { 'aws:SourceArn': props.ruleArns }, StringEquals: { 'aws:SourceAccount': props.accountId } },
  });
}
