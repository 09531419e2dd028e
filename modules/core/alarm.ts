import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { TerraformProvider } from 'cdktf';
import type { Construct } from 'constructs';

export interface CountAlarmSpec {
  readonly name: string;
  /** What the e-mail says: the alarm publishes to the topic directly, so this is the alert's text. */
  readonly description: string;
  readonly namespace: string;
  readonly metric: string;
  readonly statistic: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /**
   * The value that raises it.
   * @default 1
   */
  readonly threshold?: number;
}

/** An alarm when a count reaches one (or `threshold`) within five minutes (quiet without data), published to `topicArn`. */
export function countAlarm(scope: Construct, id: string, provider: TerraformProvider, topicArn: string, spec: CountAlarmSpec): CloudwatchMetricAlarm {
  return new CloudwatchMetricAlarm(scope, id, {
    provider,
    alarmName: spec.name,
    alarmDescription: spec.description,
    namespace: spec.namespace,
    metricName: spec.metric,
    dimensions: { ...spec.dimensions },
    statistic: spec.statistic,
    period: 300,
    evaluationPeriods: 1,
    threshold: spec.threshold ?? 1,
    comparisonOperator: 'GreaterThanOrEqualToThreshold',
    treatMissingData: 'notBreaching',
    alarmActions: [topicArn],
  });
}

/**
 * A baseline function's alarms for events held back without an error: throttled (a concurrency of 0
 * holds every event back, Lambda retrying for hours), or asynchronous events waiting over ten minutes
 * (which Lambda may hold without counting them as throttled). Ids `<idPrefix>-throttled` and
 * `<idPrefix>-events-waiting`; names `<functionName>-throttled` and `<functionName>-events-waiting`.
 */
export function heldBackAlarms(
  scope: Construct,
  idPrefix: string,
  provider: TerraformProvider,
  topicArn: string,
  functionName: string,
  texts: { readonly functionThrottled: (name: string) => string; readonly functionEventsWaiting: (name: string, minutes: number) => string },
): void {
  const dimensions = { FunctionName: functionName };
  countAlarm(scope, `${idPrefix}-throttled`, provider, topicArn, {
    name: `${functionName}-throttled`,
    description: texts.functionThrottled(functionName),
    namespace: 'AWS/Lambda',
    metric: 'Throttles',
    statistic: 'Sum',
    dimensions,
  });
  const minutes = 10;
  countAlarm(scope, `${idPrefix}-events-waiting`, provider, topicArn, {
    name: `${functionName}-events-waiting`,
    description: texts.functionEventsWaiting(functionName, minutes),
    namespace: 'AWS/Lambda',
    metric: 'AsyncEventAge',
    statistic: 'Maximum',
    dimensions,
    threshold: minutes * 60 * 1000,
  });
}

/** Where a baseline function's undelivered events wait, and how its alarm is named and described. */
export interface WaitingQueueAlarm {
  /** The alarm's construct id. */
  readonly id: string;
  /** The alarm's name. */
  readonly alarmName: string;
  /** The queue's name. */
  readonly queueName: string;
  readonly description: string;
}

/**
 * Every alarm of a baseline function that acts on events: its errors (`<idPrefix>-failed`, named
 * `<functionName>-failed`), the events it holds back (heldBackAlarms), and the events waiting in
 * its queue of undelivered ones, each publishing straight to the alert topic.
 */
export function functionAlarms(
  scope: Construct,
  idPrefix: string,
  provider: TerraformProvider,
  topicArn: string,
  fn: { readonly name: string; readonly failedDescription: string },
  queue: WaitingQueueAlarm,
  texts: Parameters<typeof heldBackAlarms>[5],
): void {
  countAlarm(scope, `${idPrefix}-failed`, provider, topicArn, {
    name: `${fn.name}-failed`,
    description: fn.failedDescription,
    namespace: 'AWS/Lambda',
    metric: 'Errors',
    statistic: 'Sum',
    dimensions: { FunctionName: fn.name },
  });
  heldBackAlarms(scope, idPrefix, provider, topicArn, fn.name, texts);
  countAlarm(scope, queue.id, provider, topicArn, {
    name: queue.alarmName,
    description: queue.description,
    namespace: 'AWS/SQS',
    metric: 'ApproximateNumberOfMessagesVisible',
    statistic: 'Maximum',
    dimensions: { QueueName: queue.queueName },
  });
}
