import type { OrganizationContext } from '../control-organization';
import { CentralRootAccess, MEMBER_ROOT_SCP_NAME } from './central-root-access';

/** Centralised root access and the SCP that denies member root users, on the organisation-wide targets. */
export function centralRootAccessInOrganization(ctx: OrganizationContext): void {
  const central = new CentralRootAccess(ctx.scope, 'central-root-access', {
    provider: ctx.regions.home,
    targets: ctx.scps.targets,
    dependsOn: ctx.organizationReady,
  });
  ctx.scps.countOnTargets(MEMBER_ROOT_SCP_NAME, central.policy.content, 'it has no configurable part');
}
