import { Inspector2Enabler } from '@cdktf/provider-aws/lib/inspector2-enabler';
import { Inspector2MemberAssociation } from '@cdktf/provider-aws/lib/inspector2-member-association';
import { Inspector2OrganizationConfiguration } from '@cdktf/provider-aws/lib/inspector2-organization-configuration';
import { Construct } from 'constructs';
import type { Region } from '../../core/regions';
import { onUnlessSwitchedOff } from '../../core/switches';
import { INSPECTOR_SCANS, INSPECTOR_SCAN_KEYS, InspectorScan } from './settings';
import type { RegionalProviders } from '../../core/regional-providers';

/** Where Amazon Inspector scans and what. */
export interface InspectorProps {
  /** The account's regional providers: one AWS provider per enabled region, locked to the account, and the home region. */
  readonly regions: RegionalProviders;
  /**
   * Regions to scan in.
   * @default - every enabled region of `regions`
   */
  readonly scanRegions?: readonly Region[];
  /**
   * What to scan; all on unless switched off.
   * @default - EC2, ECR, Lambda and Lambda code
   */
  readonly scan?: Partial<Readonly<Record<InspectorScan, boolean>>>;
  /**
   * This is the organisation's delegated administrator: associate and enable these member
   * accounts, and auto-enable accounts that join later. Needs the organization stack's delegation first.
   * @default - not an administrator: enable this account only
   */
  readonly memberAccountIds?: readonly string[];
}

/**
 * Amazon Inspector scanning EC2 instances, ECR images, Lambda functions and Lambda code in the
 * chosen regions. In an organisation the delegated administrator enables every member.
 */
export class Inspector extends Construct {
  constructor(scope: Construct, id: string, props: InspectorProps) {
    super(scope, id);
    const { regions } = props;
    const scan = onUnlessSwitchedOff(INSPECTOR_SCAN_KEYS, props.scan);
    const resourceTypes = INSPECTOR_SCAN_KEYS.filter((key) => scan[key]).map((key) => INSPECTOR_SCANS[key]);
    if (resourceTypes.length === 0) throw new Error('Inspector: at least one of ec2, ecr, lambda, lambdaCode must be scanned; switch the inspector control off instead');
    const members = [...(props.memberAccountIds ?? [])].sort();
    for (const region of props.scanRegions ?? regions.enabledRegions) {
      const provider = regions.provider(region);
      const scope = new Construct(this, region);
      const associations = members.map((accountId) => new Inspector2MemberAssociation(scope, `member-${accountId}`, { provider, accountId }));
      if (props.memberAccountIds) {
        new Inspector2OrganizationConfiguration(scope, 'organization-configuration', {
          provider,
          autoEnable: { ec2: scan.ec2, ecr: scan.ecr, lambda: scan.lambda, lambdaCode: scan.lambdaCode },
        });
      }
      new Inspector2Enabler(scope, 'enabler', { provider, accountIds: [regions.accountId], resourceTypes });
      // Inspector takes the administrator's own account or member accounts, never both in one call
      // (the provider refuses the mix at apply time, once it knows the caller's account).
      if (members.length > 0) {
        new Inspector2Enabler(scope, 'members-enabler', { provider, accountIds: members, resourceTypes, dependsOn: associations });
      }
    }
  }
}
