import { AccessanalyzerAnalyzer } from '@cdktf/provider-aws/lib/accessanalyzer-analyzer';
import { Construct } from 'constructs';
import type { RegionalProviders } from '../../core/regional-providers';


/** Where IAM Access Analyzer runs, and whether this account also analyses the organisation. */
export interface AccessAnalyzerProps {
  /** The account's regional providers: one AWS provider per enabled region, locked to the account, and the home region. */
  readonly regions: RegionalProviders;
  /**
   * Also create an organisation analyzer in every region. Only in the delegated administrator
   * (security) account, after the organization stack has registered it.
   * @default false
   */
  readonly organizationAnalyzer?: boolean;
}

/**
 * IAM Access Analyzer in every enabled region: findings for resources shared outside the
 * account (and, in the security account, outside the organisation).
 */
export class AccessAnalyzer extends Construct {
  constructor(scope: Construct, id: string, props: AccessAnalyzerProps) {
    super(scope, id);
    props.regions.forEachRegion((region, provider) => {
      const scope = new Construct(this, region);
      new AccessanalyzerAnalyzer(scope, 'account', { provider, analyzerName: 'account-baseline', type: 'ACCOUNT' });
      if (props.organizationAnalyzer) {
        new AccessanalyzerAnalyzer(scope, 'organization', { provider, analyzerName: 'account-baseline-organization', type: 'ORGANIZATION' });
      }
    });
  }
}
