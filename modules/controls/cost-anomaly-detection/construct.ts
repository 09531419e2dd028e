import { CeAnomalyMonitor } from '@cdktf/provider-aws/lib/ce-anomaly-monitor';
import { CeAnomalySubscription } from '@cdktf/provider-aws/lib/ce-anomaly-subscription';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';

export const SERVICES_MONITOR_NAME = 'account-baseline-services';

/** Cost Anomaly Detection: at most 10 e-mail recipients per subscription. */
export const ANOMALY_MAX_EMAIL_SUBSCRIBERS = 10;

/** The services monitor and the anomaly subscriptions. */
export interface CostAnomalyDetectionProps {
  /** The AWS provider (account and region) the resources are created with. */
  readonly provider: TerraformProvider;
  /** Alert when an anomaly's total cost impact reaches this many USD. */
  readonly thresholdUsd: number;
  /** The account's alert topic, for immediate alerts. */
  readonly topicArn: string;
  /** What lets Cost Anomaly Detection publish to the topic. @default - nothing */
  readonly topicReady?: readonly ITerraformDependable[];
  /** Addresses for the daily digest (at most 10), which does not depend on the topic. */
  readonly emails: readonly string[];
  /**
   * The account's existing AWS services monitor to adopt (a Terraform import): AWS allows one per
   * account and creates one in many new accounts.
   * @default - the stack creates the monitor
   */
  readonly existingServicesMonitorArn?: string;
}

/**
 * Cost Anomaly Detection for one account: an AWS services monitor, which evaluates each
 * service's spend on its own. In an organisation's management account it sees the whole
 * organisation's spend by service, accounts outside the configuration included. Anomalies whose
 * total impact reaches the threshold go to the alert topic immediately, and to the alert e-mails
 * in a daily digest, a second path that works even if the topic cannot receive.
 *
 * A managed monitor per member account (dimension LINKED_ACCOUNT) would be the natural
 * organisation-wide view, but AWS provider 5.100.0 accepts only SERVICE as a dimension
 * (found by `terraform validate`); each member account's own monitor covers it instead.
 */
export class CostAnomalyDetection extends Construct {
  readonly monitor: CeAnomalyMonitor;

  constructor(scope: Construct, id: string, props: CostAnomalyDetectionProps) {
    super(scope, id);
    const { provider } = props;
    const emails = [...props.emails].sort();
    if (emails.length === 0 || emails.length > ANOMALY_MAX_EMAIL_SUBSCRIBERS) {
      throw new Error(`CostAnomalyDetection: emails must list 1 to ${ANOMALY_MAX_EMAIL_SUBSCRIBERS} addresses, got ${emails.length}`);
    }
    if (!(props.thresholdUsd > 0)) throw new Error(`CostAnomalyDetection: thresholdUsd must be positive, got ${props.thresholdUsd}`);

    const services = new CeAnomalyMonitor(this, 'services-monitor', {
      provider,
      name: SERVICES_MONITOR_NAME,
      monitorType: 'DIMENSIONAL',
      monitorDimension: 'SERVICE',
    });
    if (props.existingServicesMonitorArn) services.importFrom(props.existingServicesMonitorArn, provider);
    this.monitor = services;

    const thresholdExpression = {
      dimension: { key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE', matchOptions: ['GREATER_THAN_OR_EQUAL'], values: [formatUsd(props.thresholdUsd)] },
    };
    const monitorArnList = [services.arn];
    // IMMEDIATE alerts can only go to an SNS topic.
    new CeAnomalySubscription(this, 'immediate-alerts', {
      provider,
      name: 'account-baseline-anomalies',
      frequency: 'IMMEDIATE',
      monitorArnList,
      subscriber: [{ type: 'SNS', address: props.topicArn }],
      thresholdExpression,
      dependsOn: [...(props.topicReady ?? [])],
    });
    new CeAnomalySubscription(this, 'daily-digest', {
      provider,
      name: 'account-baseline-anomalies-daily',
      frequency: 'DAILY',
      monitorArnList,
      subscriber: emails.map((address) => ({ type: 'EMAIL', address })),
      thresholdExpression,
    });
  }
}

/** USD as Cost Explorer writes it: no trailing zeros ("10", "12.5"). */
function formatUsd(value: number): string {
  return String(Number(value.toFixed(2)));
}
