import { ConfigConfigRule } from '@cdktf/provider-aws/lib/config-config-rule';
import { Construct } from 'constructs';
import type { AlertsHub } from '../core/alerts-hub';
import type { RegionalProviders } from '../core/regional-providers';
import { configNonCompliancePattern } from '../policies/events';
import type { ConfigRecorder } from './config-recorder';

/** An AWS Config managed rule. */
export interface ManagedRule {
  /** Construct id and rule-name suffix: the rule is `account-baseline-<id>`. */
  readonly id: string;
  /** AWS's identifier, e.g. `IAM_ROOT_ACCESS_KEY_CHECK`. */
  readonly identifier: string;
  readonly description: string;
  /** Rule parameters; AWS wants every value as a string. */
  readonly parameters?: Readonly<Record<string, string>>;
}

/** A set of AWS managed Config rules and the alert raised when one finds something NON_COMPLIANT. */
export interface ManagedConfigRulesProps {
  /** The account's regional providers: one AWS provider per enabled region, locked to the account, and the home region. */
  readonly regions: RegionalProviders;
  /** The account's recorder: rules fail to create, or never evaluate, without one. */
  readonly recorder: ConfigRecorder;
  /** The alerts hub that turns this control's events into e-mails. */
  readonly alerts: AlertsHub;
  /** The managed rules to create, each with its source identifier and parameters. */
  readonly rules: readonly ManagedRule[];
  /** Names the alert rule, `account-baseline-<alertName>`; unique per account. */
  readonly alertName: string;
}

/**
 * Periodic AWS Config managed rules about IAM, which is global: they run once, in the home region
 * (where the recorder records global resources), and a rule that finds a resource NON_COMPLIANT
 * raises an alert.
 */
export class ManagedConfigRules extends Construct {
  readonly ruleNames: readonly string[];

  constructor(scope: Construct, id: string, props: ManagedConfigRulesProps) {
    super(scope, id);
    const { regions } = props;
    const recorderOn = props.recorder.recorderOn.get(regions.homeRegion);
    if (!recorderOn) throw new Error(`ManagedConfigRules: AWS Config does not record in the home region ${regions.homeRegion}`);
    this.ruleNames = props.rules.map((rule) => `account-baseline-${rule.id}`);
    props.rules.forEach((rule, index) => {
      new ConfigConfigRule(this, rule.id, {
        provider: regions.home,
        name: this.ruleNames[index],
        description: rule.description,
        source: { owner: 'AWS', sourceIdentifier: rule.identifier },
        inputParameters: rule.parameters ? JSON.stringify(rule.parameters) : undefined,
        maximumExecutionFrequency: 'TwentyFour_Hours',
        dependsOn: [recorderOn],
      });
    });
    props.alerts.route(this, props.alertName, {
      description: `Alerts when an account-baseline Config rule (${props.rules.map((rule) => rule.id).join(', ')}) finds a resource NON_COMPLIANT`,
      pattern: configNonCompliancePattern(this.ruleNames),
      alert: { alert: 'config-non-compliance' },
      regions: [regions.homeRegion],
    });
  }
}
