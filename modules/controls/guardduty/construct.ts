import { GuarddutyDetector } from '@cdktf/provider-aws/lib/guardduty-detector';
import { GuarddutyDetectorFeature } from '@cdktf/provider-aws/lib/guardduty-detector-feature';
import { GuarddutyOrganizationConfiguration } from '@cdktf/provider-aws/lib/guardduty-organization-configuration';
import { GuarddutyOrganizationConfigurationFeature } from '@cdktf/provider-aws/lib/guardduty-organization-configuration-feature';
import { Construct } from 'constructs';
import { onUnlessSwitchedOff } from '../../core/switches';
import { DEFAULT_FINDING_SEVERITY, GUARDDUTY_FEATURES, GUARDDUTY_FEATURE_KEYS, GuardDutyFeature } from './settings';
import type { AlertsHub } from '../../core/alerts-hub';
import type { RegionalProviders } from '../../core/regional-providers';
import { guardDutyFindingsPattern } from '../../policies/events';

/** Runtime monitoring's agent management, switched with the feature itself. */
export const RUNTIME_AGENT_MANAGEMENT = ['EKS_ADDON_MANAGEMENT', 'ECS_FARGATE_AGENT_MANAGEMENT', 'EC2_AGENT_MANAGEMENT'] as const;

/** GuardDuty detectors, their protection plans and the findings alert. */
export interface GuardDutyProps {
  /** The account's regional providers: one AWS provider per enabled region, locked to the account, and the home region. */
  readonly regions: RegionalProviders;
  /** The alerts hub that turns this control's events into e-mails. */
  readonly alerts: AlertsHub;
  /**
   * Declare the account's detector and features in every enabled region. In an organisation the
   * delegated administrator enables the members, so only the security account declares its own.
   * @default true
   */
  readonly detectors?: boolean;
  /**
   * Protection plans; all on unless switched off.
   * @default - every plan on
   */
  readonly features?: Partial<Readonly<Record<GuardDutyFeature, boolean>>>;
  /**
   * Alert on findings at or above this severity; crypto-mining and root-credential findings always alert.
   * @default 4
   */
  readonly minimumSeverity?: number;
  /**
   * This is the organisation's delegated administrator: enable GuardDuty, with the same plans,
   * in every member account, existing and new, in every region. Needs the organization stack's
   * delegation first (its stack is deployed after that one).
   * @default false
   */
  readonly organizationConfiguration?: boolean;
}

/**
 * GuardDuty in every enabled region (the 17 default regions and the enabled opt-in ones), findings
 * published every 15 minutes, each protection plan a separate, switchable feature, and findings
 * from every region e-mailed through the alert topic.
 */
export class GuardDuty extends Construct {
  /** Detectors by region, when this stack declares them. */
  readonly detectors: ReadonlyMap<string, GuarddutyDetector>;

  constructor(scope: Construct, id: string, props: GuardDutyProps) {
    super(scope, id);
    const { regions } = props;
    const features = onUnlessSwitchedOff(GUARDDUTY_FEATURE_KEYS, props.features);
    if (props.organizationConfiguration && props.detectors === false) {
      throw new Error('GuardDuty: the organisation configuration needs the administrator account\'s own detectors');
    }
    const detectors = new Map<string, GuarddutyDetector>();
    this.detectors = detectors;
    if (props.detectors ?? true) {
      regions.forEachRegion((region, provider) => {
        const scope = new Construct(this, region);
        const detector = new GuarddutyDetector(scope, 'detector', { provider, enable: true, findingPublishingFrequency: 'FIFTEEN_MINUTES' });
        detectors.set(region, detector);
        for (const key of GUARDDUTY_FEATURE_KEYS) {
          const status = features[key] ? 'ENABLED' : 'DISABLED';
          new GuarddutyDetectorFeature(scope, key, {
            provider,
            detectorId: detector.id,
            name: GUARDDUTY_FEATURES[key],
            status,
            additionalConfiguration: key === 'runtimeMonitoring' ? RUNTIME_AGENT_MANAGEMENT.map((name) => ({ name, status })) : undefined,
          });
        }
        if (props.organizationConfiguration) {
          const configuration = new GuarddutyOrganizationConfiguration(scope, 'organization-configuration', {
            provider,
            detectorId: detector.id,
            autoEnableOrganizationMembers: 'ALL',
          });
          for (const key of GUARDDUTY_FEATURE_KEYS) {
            const autoEnable = features[key] ? 'ALL' : 'NONE';
            new GuarddutyOrganizationConfigurationFeature(scope, `organization-${key}`, {
              provider,
              detectorId: detector.id,
              name: GUARDDUTY_FEATURES[key],
              autoEnable,
              additionalConfiguration: key === 'runtimeMonitoring' ? RUNTIME_AGENT_MANAGEMENT.map((name) => ({ name, autoEnable })) : undefined,
              dependsOn: [configuration],
            });
          }
        }
      });
    }
    props.alerts.route(this, 'guardduty-findings', {
      description: 'Alerts on GuardDuty findings: medium severity and above, and every crypto-mining or root-credential finding',
      pattern: guardDutyFindingsPattern(props.minimumSeverity ?? DEFAULT_FINDING_SEVERITY),
      alert: { alert: 'guardduty-finding' },
    });
  }
}
