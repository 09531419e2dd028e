import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import { type AlertsHub, EVENT_PATTERN_MAX_CHARACTERS } from '../../core/alerts-hub';
import type { RegionalProviders } from '../../core/regional-providers';
import { EN } from '../../functions/messages/en';
import type { TamperArea } from '../../functions/messages/types';
import { EventPattern } from '../../policies/events';
import { packTamperSignals, tamperPattern, tamperSignals } from '../../policies/tamper-signals';
import { BASELINE_NAME_PREFIX, DEPLOYMENT_ROLE_PATH, fixedRolePath } from '../../policies/protective';

/** The alarm, in every enabled region, on EventBridge failing to deliver to a target. */
export const DELIVERY_FAILURE_ALARM = `${BASELINE_NAME_PREFIX}alert-delivery-failed`;

/** The tamper alerts of one account and the names they watch. */
export interface TamperAlertsProps {
  /** The account's regional providers: one AWS provider per enabled region, locked to the account, and the home region. */
  readonly regions: RegionalProviders;
  /** The alerts hub that turns this control's events into e-mails. */
  readonly alerts: AlertsHub;
  /**
   * Roles an organisation's SCPs exempt (break-glass, deployment): creating or changing a role of
   * one of these names alerts, since whoever holds it is bound by no SCP.
   * @default - none
   */
  readonly exemptRoleArns?: readonly string[];
}

/**
 * An alert, from every enabled region and in every mode, when someone switches the baseline off
 * or cuts an alert's path: the trail or the Config recorder stopped, a detector deleted or its
 * findings suppressed, an alert rule, subscription, alarm or key tampered with, a region enabled,
 * the alternate contacts changed, and the IAM changes a key thief makes (users, keys, passwords,
 * MFA devices, the baseline's own policies, groups and exempt roles). Where no SCP applies (a
 * standalone or management account) this is the only line; elsewhere it reports what the
 * protective SCP refused. Plus an alarm in every region when EventBridge fails to deliver.
 */
export class TamperAlerts extends Construct {
  constructor(scope: Construct, id: string, props: TamperAlertsProps) {
    super(scope, id);
    const { regions, alerts } = props;
    const signals = tamperSignals({
      namePrefix: BASELINE_NAME_PREFIX,
      deploymentRolePath: DEPLOYMENT_ROLE_PATH,
      exemptRoleNames: exemptRoleNamePrefixes(props.exemptRoleArns ?? []),
      topicName: alerts.topicName,
      accountId: regions.accountId,
      homeRegion: regions.homeRegion,
    });
    // An area whose pattern would pass EventBridge's limit gets a second rule (`-2`), and so on.
    for (const [area, list] of Object.entries(signals)) {
      packTamperSignals(list, EVENT_PATTERN_MAX_CHARACTERS).forEach((pack, index) => {
        alerts.route(this, `tamper-${kebab(area)}${index === 0 ? '' : `-${index + 1}`}`, {
          description: `Alerts when someone changes the baseline's ${EN.tamperAreas[area as TamperArea]}: ${[...new Set(pack.map((signal) => signal.what))].join('; ')}`.slice(0, 512),
          pattern: tamperPattern(pack),
          alert: { alert: 'tamper', area: area as TamperArea },
        });
      });
    }

    // EventBridge counts a target it could not deliver to (a key disabled, a forwarding role's
    // policy deleted) in FailedInvocations. In the home region the alarm publishes directly, not
    // through EventBridge; elsewhere its state change is forwarded like any alert.
    regions.forEachRegion((region, provider) => {
      const home = region === regions.homeRegion;
      new CloudwatchMetricAlarm(this, `delivery-failed-${region}`, {
        provider,
        alarmName: DELIVERY_FAILURE_ALARM,
        alarmDescription: alerts.texts.alarms.deliveryFailure(region),
        namespace: 'AWS/Events',
        metricName: 'FailedInvocations',
        statistic: 'Sum',
        period: 300,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        treatMissingData: 'notBreaching',
        alarmActions: home ? [alerts.topicArn] : undefined,
      });
    });
    const away = regions.enabledRegions.filter((region) => region !== regions.homeRegion);
    if (away.length > 0) {
      alerts.route(this, 'alert-delivery-failed', {
        description: 'Alerts when EventBridge fails to deliver an alert in a region away from the home region',
        pattern: deliveryFailurePattern(away),
        alert: { alert: 'delivery-failure' },
        regions: [regions.homeRegion, ...away],
      });
    }
  }
}

/** The alarm's state change in `regions` (not the home region's alarm: that one publishes directly). */
export function deliveryFailurePattern(regions: readonly string[]): EventPattern {
  return {
    source: ['aws.cloudwatch'],
    region: [...regions],
    'detail-type': ['CloudWatch Alarm State Change'],
    detail: { alarmName: [DELIVERY_FAILURE_ALARM], state: { value: ['ALARM'] } },
  };
}

/**
 * The fixed part of each exempt role's name (up to a wildcard), for prefix matching in events:
 * `arn:aws:iam::*:role/BreakGlass*` watches every role whose name starts with BreakGlass. Names
 * that share their first 8 characters are watched by their common prefix, which keeps the pattern
 * small however many roles are listed and only ever watches more roles, never fewer.
 */
export function exemptRoleNamePrefixes(arns: readonly string[]): string[] {
  const names = [...new Set(arns.map((arn) => fixedRolePath(arn).fixed.split('/').pop()!))].filter((name) => name.length > 0);
  const groups = new Map<string, string[]>();
  for (const name of names) groups.set(name.slice(0, 8), [...(groups.get(name.slice(0, 8)) ?? []), name]);
  return [...groups.values()].map(commonPrefix).sort();
}

function commonPrefix(names: readonly string[]): string {
  let prefix = names[0];
  for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

const kebab = (text: string) => text.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
