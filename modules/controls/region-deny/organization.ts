import { OrganizationsPolicyAttachment } from '@cdktf/provider-aws/lib/organizations-policy-attachment';
import type { Region } from '../../core/regions';
import type { OrganizationContext } from '../control-organization';
import { regionDenyScps } from './construct';

/** One member account's allowed regions, for its region-deny SCP. */
export interface RegionDenyAccount {
  readonly name: string;
  readonly accountId: string;
  readonly allowedRegions: readonly string[];
}

/**
 * The region deny of an organisation: one SCP on the organisation-wide targets for the accounts
 * that allow the default regions, and one on each account that allows others. It exempts the
 * break-glass and deployment roles and the roles that must act in every region.
 */
export function regionDenyInOrganization(
  ctx: OrganizationContext,
  props: { readonly accounts: readonly RegionDenyAccount[]; readonly defaultAllowedRegions: readonly Region[]; readonly alsoExempt: readonly string[] },
): void {
  const { scope, scps } = ctx;
  const provider = ctx.regions.home;
  const { organizationWide, perAccount } = regionDenyScps(scope, {
    provider,
    defaultAllowedRegions: props.defaultAllowedRegions,
    accounts: props.accounts,
    // AWS Config records through its service-linked role, which SCPs never bind: no exemption needed.
    exemptRoleArns: [...ctx.breakGlassRoleArns, ...ctx.deploymentRoleArns, ...props.alsoExempt],
    dependsOn: ctx.organizationReady,
  });
  scps.attachToTargets(scope, organizationWide.policy);
  scps.countOnTargets(organizationWide.name, organizationWide.content, scps.exemptionHint);
  for (const account of props.accounts) {
    const own = perAccount.get(account.name);
    if (!own) continue;
    new OrganizationsPolicyAttachment(scope, `attachment-${account.name}`, { provider, policyId: own.policy.id, targetId: account.accountId });
    scps.count(own.name, own.content, scps.exemptionHint);
    scps.onAccountOf(account.accountId, `account ${account.name} (${account.accountId})`, own.name);
  }
}
