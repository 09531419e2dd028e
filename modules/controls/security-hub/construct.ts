import { SecurityhubAccount } from '@cdktf/provider-aws/lib/securityhub-account';
import { SecurityhubFindingAggregator } from '@cdktf/provider-aws/lib/securityhub-finding-aggregator';
import { SecurityhubStandardsSubscription } from '@cdktf/provider-aws/lib/securityhub-standards-subscription';
import { Construct } from 'constructs';
import type { RegionalProviders } from '../../core/regional-providers';

/** Standards the baseline subscribes to, by ARN (regional). */
export function securityHubStandards(region: string): Record<'cis' | 'foundational', string> {
  return {
    cis: `arn:aws:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/3.0.0`,
    foundational: `arn:aws:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`,
  };
}

/** Where Security Hub runs and which region aggregates its findings. */
export interface SecurityHubProps {
  /** The account's regional providers: one AWS provider per enabled region, locked to the account, and the home region. */
  readonly regions: RegionalProviders;
}

/**
 * AWS Security Hub in every enabled region with the CIS AWS Foundations v3.0.0 and AWS
 * Foundational Security Best Practices standards, and every region's findings aggregated in the
 * home region. It evaluates its checks with the AWS Config recorders of the configRecorder control.
 */
export class SecurityHub extends Construct {
  constructor(scope: Construct, id: string, props: SecurityHubProps) {
    super(scope, id);
    const { regions } = props;
    let homeHub: SecurityhubAccount | undefined;
    regions.forEachRegion((region, provider) => {
      const scope = new Construct(this, region);
      const hub = new SecurityhubAccount(scope, 'hub', {
        provider,
        enableDefaultStandards: false,
        autoEnableControls: true,
        controlFindingGenerator: 'SECURITY_CONTROL',
      });
      if (region === regions.homeRegion) homeHub = hub;
      for (const [name, standardsArn] of Object.entries(securityHubStandards(region))) {
        new SecurityhubStandardsSubscription(scope, `standard-${name}`, { provider, standardsArn, dependsOn: [hub] });
      }
    });
    new SecurityhubFindingAggregator(this, 'finding-aggregator', {
      provider: regions.home,
      linkingMode: 'ALL_REGIONS',
      dependsOn: homeHub ? [homeHub] : undefined,
    });
  }
}
