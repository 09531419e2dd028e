import { KEEP_CONTAINED_SCP_NAME, keepContainedScp } from '../../policies/containment';
import { toPolicyJson } from '../../policies/policy-document';
import type { OrganizationContext } from '../control-organization';

/** The keep-contained SCP on the organisation-wide targets: only the exempt roles may undo a containment. */
export function keepContainedInOrganization(ctx: OrganizationContext): void {
  const content = toPolicyJson(keepContainedScp({ exemptRoleArns: [...ctx.breakGlassRoleArns, ...ctx.deploymentRoleArns] }));
  ctx.scps.organizationWide(
    ctx.scope,
    'keep-contained-scp',
    KEEP_CONTAINED_SCP_NAME,
    'Contained instances and Auto Scaling groups stay stopped and stay evidence: only the exempt roles may start, resume, terminate or re-tag them',
    content,
  );
}
