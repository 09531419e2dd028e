import type { ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import type { RegionalProviders } from '../core/regional-providers';
import type { ScpPlan } from '../core/scp-plan';

/**
 * What a control's organisation-level part gets from the organisation stack: its namespace (the
 * construct that carries the control's id under the organisation baseline, so paths stay
 * `organization/baseline/<control>/...`), the management account's providers, what must exist
 * first (the organisation, with its trusted access and policy types), the SCP plan, and whom the
 * SCPs exempt.
 */
export interface OrganizationContext {
  readonly scope: Construct;
  readonly regions: RegionalProviders;
  readonly organizationReady: ITerraformDependable[];
  readonly scps: ScpPlan;
  readonly breakGlassRoleArns: readonly string[];
  /** The deployment roles: OrganizationAccountAccessRole, the deployment role path, and any named. */
  readonly deploymentRoleArns: readonly string[];
}
