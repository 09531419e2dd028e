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
