import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import { Construct } from 'constructs';
import type { AlertTexts } from '../../functions/messages/types';
import { HEARTBEAT, heartbeatLogPolicy, heartbeatPattern, heartbeatPolicy, heartbeatThreshold, heartbeatTrustPolicy } from '../../policies/alerts';
import { defaultEventBusArn } from '../../policies/event-forwarding';
import { toPolicyJson } from '../../policies/policy-document';
import type { RegionalProviders } from '../regional-providers';
import type { EventRouter } from './event-router';

/** What the heartbeat needs from the alerts hub it belongs to. */
export interface HeartbeatProps {
  readonly regions: RegionalProviders;
  /** Routes each region's heartbeats home, with the alert events. */
  readonly router: EventRouter;
  /** The alert topic its alarms publish to, directly. */
  readonly topicArn: string;
  readonly texts: AlertTexts;
}

/**
 * An alert path that goes silent says so. In every enabled region an EventBridge Scheduler
 * schedule puts a heartbeat on the region's default bus every few minutes; away from home the
 * region's forwarding rule sends it home with the alert events (so the rule, the forwarding role
 * and the home bus's policy are all on its way). At home one rule per region matches that
 * region's heartbeats by the event's own region, which EventBridge sets and a sender cannot, and
 * writes them to a log; an alarm per region counts the rule's invocations, a metric AWS publishes
 * and nobody can add to. Fewer than half a region's beats for an hour, or none, and its alarm
 * publishes to the topic directly, not through forwarding.
 */
export function declareHeartbeat(hub: Construct, props: HeartbeatProps): void {
  const { regions } = props;
  const provider = regions.home;
  const home = regions.homeRegion;
  const accountId = regions.accountId;
  const logGroupArn = `arn:aws:logs:${home}:${accountId}:log-group:${HEARTBEAT.logGroup}`;
  const scope = new Construct(hub, 'heartbeat');
  const log = new CloudwatchLogGroup(scope, 'log', { provider, name: HEARTBEAT.logGroup, retentionInDays: 14 });
  const writes = new CloudwatchLogResourcePolicy(scope, 'log-policy', {
    provider,
    policyName: HEARTBEAT.name,
    policyDocument: toPolicyJson(heartbeatLogPolicy({ logGroupArn, ruleArns: `arn:aws:events:${home}:${accountId}:rule/${HEARTBEAT.name}-*`, accountId })),
  });
  const role = new IamRole(scope, 'role', {
    provider,
    name: HEARTBEAT.name,
    description: "Lets EventBridge Scheduler put the alert path's heartbeat on each enabled region's default bus",
    assumeRolePolicy: toPolicyJson(heartbeatTrustPolicy(accountId)),
    inlinePolicy: [{ name: 'put-heartbeats', policy: toPolicyJson(heartbeatPolicy(regions.enabledRegions.map((region) => defaultEventBusArn(region, accountId)))) }],
  });
  regions.forEachRegion((region, regionProvider) => {
    new SchedulerSchedule(scope, `schedule-${region}`, {
      provider: regionProvider,
      name: HEARTBEAT.name,
      description: `Puts the alert path's heartbeat on the default bus every ${HEARTBEAT.everyMinutes} minutes${region === home ? '' : `, to be forwarded to ${home}`}`,
      scheduleExpression: `rate(${HEARTBEAT.everyMinutes} minutes)`,
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: defaultEventBusArn(region, accountId),
        roleArn: role.arn,
        input: JSON.stringify({ region }),
        eventbridgeParameters: { source: HEARTBEAT.source, detailType: HEARTBEAT.detailType },
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 300 },
      },
    });
    const ruleName = `${HEARTBEAT.name}-${region}`;
    props.router.rules(
      scope,
      `heartbeat-${region}`,
      { description: `Writes the heartbeat that arrives from ${region} to the heartbeat log; its alarm counts them`, pattern: heartbeatPattern(region), regions: region === home ? [home] : [home, region] },
      (local, rule, homeProvider) => {
        new CloudwatchEventTarget(local, 'to-log', { provider: homeProvider, rule: rule.name, targetId: 'heartbeat-log', arn: logGroupArn, dependsOn: [log, writes] });
      },
    );
    new CloudwatchMetricAlarm(scope, `alarm-${region}`, {
      provider,
      alarmName: ruleName,
      alarmDescription: props.texts.alarms.heartbeatMissing(region, home, HEARTBEAT.logGroup),
      namespace: 'AWS/Events',
      metricName: 'Invocations',
      dimensions: { RuleName: ruleName },
      statistic: 'Sum',
      period: HEARTBEAT.periodSeconds,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      threshold: heartbeatThreshold(),
      comparisonOperator: 'LessThanThreshold',
      // No heartbeat at all is INSUFFICIENT_DATA: that alerts too. A new alarm starts there, so a
      // first deploy sends nothing; it turns OK once the heartbeats arrive.
      treatMissingData: 'missing',
      alarmActions: [props.topicArn],
      insufficientDataActions: [props.topicArn],
    });
  });
}
