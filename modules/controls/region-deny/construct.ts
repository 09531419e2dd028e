import { IamGroupPolicyAttachment } from '@cdktf/provider-aws/lib/iam-group-policy-attachment';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { ALL_REGIONS } from '../../core/regions';
import { IAM_POLICY_MAX_CHARACTERS, toPolicyJson } from '../../policies/policy-document';
import { regionDenyPolicy } from '../../policies/region-deny';

export const REGION_DENY_POLICY_NAME = 'account-baseline-region-deny';

/** Region deny as an IAM policy on groups of people (standalone and management accounts). */
export interface RegionDenyGroupsProps {
  /** The AWS provider (account and region) the resources are created with. */
  readonly provider: TerraformProvider;
  /** The regions the groups may use; everything else is denied but global services. */
  readonly allowedRegions: readonly string[];
  /** Groups of people the deny is attached to (the human-users group, MFA-required groups). */
  readonly groups: readonly string[];
  /** The groups, when this stack creates them. @default - none */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * Region deny where SCPs cannot reach (a standalone account, an organisation's management
 * account): the same deny as the SCP, as the managed policy `account-baseline-region-deny` on
 * the groups of people. It binds only members of those groups: not roles, not other users,
 * and never the root user.
 */
export class RegionDenyForGroups extends Construct {
  readonly policy: IamPolicy;

  constructor(scope: Construct, id: string, props: RegionDenyGroupsProps) {
    super(scope, id);
    const { provider } = props;
    const content = toPolicyJson(regionDenyPolicy({ allowedRegions: inRegionOrder(props.allowedRegions) }));
    if (content.length > IAM_POLICY_MAX_CHARACTERS) {
      throw new Error(`RegionDenyForGroups: the policy is ${content.length} characters, ${content.length - IAM_POLICY_MAX_CHARACTERS} over IAM's ${IAM_POLICY_MAX_CHARACTERS}`);
    }
    this.policy = new IamPolicy(this, 'policy', {
      provider,
      name: REGION_DENY_POLICY_NAME,
      description: `People may use only ${inRegionOrder(props.allowedRegions).join(', ')} (global services excepted), and may not enable or disable regions`,
      policy: content,
    });
    for (const group of [...props.groups].sort()) {
      new IamGroupPolicyAttachment(this, `attachment-${group}`, { provider, group, policyArn: this.policy.arn, dependsOn: [...(props.dependsOn ?? [])] });
    }
  }
}

/** One region-deny SCP of the organisation: its name, the regions it allows, and its content. */
export interface RegionDenyScp {
  readonly name: string;
  readonly allowedRegions: readonly string[];
  readonly content: string;
  readonly policy: OrganizationsPolicy;
}

/**
 * The SCP form: `account-baseline-region-deny` allows the top-level allowed regions and every
 * configured account's (it is attached where the organisation's policies go, so accounts
 * outside the configuration are fenced too), and an account that may use fewer regions gets its own
 * `account-baseline-region-deny-<account>` attached to it. SCPs intersect, so each account
 * ends with exactly its own regions.
 */
export function regionDenyScps(
  scope: Construct,
  props: {
    provider: TerraformProvider;
    /** Regions of accounts outside the configuration (the top-level allowedRegions). */
    defaultAllowedRegions: readonly string[];
    accounts: ReadonlyArray<{ readonly name: string; readonly allowedRegions: readonly string[] }>;
    exemptRoleArns: readonly string[];
    dependsOn?: readonly ITerraformDependable[];
  },
): { organizationWide: RegionDenyScp; perAccount: Map<string, RegionDenyScp> } {
  const union = inRegionOrder([...props.defaultAllowedRegions, ...props.accounts.flatMap((account) => account.allowedRegions)]);
  const make = (id: string, name: string, allowedRegions: readonly string[]): RegionDenyScp => {
    const content = toPolicyJson(regionDenyPolicy({ allowedRegions, exemptRoleArns: props.exemptRoleArns }));
    const policy = new OrganizationsPolicy(scope, id, {
      provider: props.provider,
      name,
      description: `Deny requests outside ${allowedRegions.join(', ')} (global services excepted) and region opt-in changes; break-glass and deployment roles exempt`,
      type: 'SERVICE_CONTROL_POLICY',
      content,
      dependsOn: [...(props.dependsOn ?? [])],
    });
    return { name, allowedRegions, content, policy };
  };
  const organizationWide = make('region-deny-scp', REGION_DENY_POLICY_NAME, union);
  const perAccount = new Map<string, RegionDenyScp>();
  for (const account of props.accounts) {
    const own = inRegionOrder(account.allowedRegions);
    if (own.length === union.length) continue;
    perAccount.set(account.name, make(`region-deny-scp-${account.name}`, `${REGION_DENY_POLICY_NAME}-${account.name}`, own));
  }
  return { organizationWide, perAccount };
}

function inRegionOrder(regions: readonly string[]): string[] {
  return ALL_REGIONS.filter((region) => regions.includes(region));
}
