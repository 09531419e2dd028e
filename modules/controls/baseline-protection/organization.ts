import { DEFAULT_ALERTS_TOPIC_NAME } from '../../core/alerts-hub';
import { TRAIL_NAME } from '../../policies/evidence';
import { toPolicyJson } from '../../policies/policy-document';
import type { OrganizationContext } from '../control-organization';
import { protectiveScp } from './policy';

export const PROTECTIVE_SCP_NAME = 'account-baseline-protect-baseline';

/** The protective SCP on the organisation-wide targets; the break-glass and deployment roles are exempt. */
export function protectiveScpInOrganization(ctx: OrganizationContext, props: { readonly accountDefaults?: boolean }): void {
  const content = toPolicyJson(
    protectiveScp({
      exemptRoleArns: [...ctx.breakGlassRoleArns, ...ctx.deploymentRoleArns],
      trailName: TRAIL_NAME,
      topicName: DEFAULT_ALERTS_TOPIC_NAME,
      accountDefaults: props.accountDefaults,
    }),
  );
  ctx.scps.organizationWide(ctx.scope, 'protective-scp', PROTECTIVE_SCP_NAME, 'No leaving the organisation; no switching off or blinding GuardDuty, Inspector, the trail, Config, Access Analyzer, Security Hub or the alerts', content);
}
