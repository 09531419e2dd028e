import { Construct } from 'constructs';
import type { Region } from '../../core/regions';
import { type AlertsHub, EVENT_PATTERN_MAX_CHARACTERS } from '../../core/alerts-hub';
import type { RegionalProviders } from '../../core/regional-providers';
import { computeLaunchPatterns } from '../../policies/events';

/** The regions where launching compute raises an alert. */
export interface UnusedRegionAlertsProps {
  /** The account's regional providers: one AWS provider per enabled region, locked to the account, and the home region. */
  readonly regions: RegionalProviders;
  /** The alerts hub that turns this control's events into e-mails. */
  readonly alerts: AlertsHub;
  /** The regions the account works in; every other enabled region watches for compute. */
  readonly allowedRegions: readonly Region[];
}

/**
 * An alert when anyone (a role, an IAM user outside every baseline group, the root user) launches
 * or asks for paid compute in an enabled region outside the allowed ones: EC2 instances, spot
 * requests and fleets, Auto Scaling groups, ECS tasks and services, Lambda functions, SageMaker and
 * Batch. The pattern names only those regions, so a match is compute where nobody should work.
 * Refused attempts alert too: someone holding a key tried. Incident A's nine-region launch is the case.
 */
export class UnusedRegionAlerts extends Construct {
  /** Where the rule watches. */
  readonly watchedRegions: readonly Region[];

  constructor(scope: Construct, id: string, props: UnusedRegionAlertsProps) {
    super(scope, id);
    this.watchedRegions = props.regions.enabledRegions.filter((region) => !props.allowedRegions.includes(region));
    if (this.watchedRegions.length === 0) return;
    // As many rules as keep each pattern within EventBridge's size: the list is long (every launch the circuit breaker stops).
    computeLaunchPatterns(this.watchedRegions, EVENT_PATTERN_MAX_CHARACTERS).forEach((pattern, index) => {
      props.alerts.route(this, `compute-in-unused-region${index === 0 ? '' : `-${index + 1}`}`, {
        description: 'Alerts when anyone launches compute in a region outside the allowed ones',
        pattern,
        alert: { alert: 'unused-region-compute' },
        // The home region publishes what the watched regions forward to it.
        regions: [props.regions.homeRegion, ...this.watchedRegions],
      });
    });
  }
}
