import { Construct } from 'constructs';
import { enabledRegions as defaultAndOptInRegions } from './core/regions';
import type { OrganizationBaselineProps } from './controls/organization-baseline-props';

export type { OrganizationBaselineProps, OrganizationTrailProps } from './controls/organization-baseline-props';
import type { ControlId } from './controls/catalogue';
import { OrganizationsDelegatedAdministrator } from '@cdktf/provider-aws/lib/organizations-delegated-administrator';
import { OrganizationsOrganization } from '@cdktf/provider-aws/lib/organizations-organization';
import { GuarddutyOrganizationAdminAccount } from '@cdktf/provider-aws/lib/guardduty-organization-admin-account';
import { Inspector2DelegatedAdminAccount } from '@cdktf/provider-aws/lib/inspector2-delegated-admin-account';
import { protectiveScpInOrganization } from './controls/baseline-protection/organization';
import { keepContainedInOrganization } from './controls/containment/organization';
import type { OrganizationContext } from './controls/control-organization';
import { spendCircuitBreakersInOrganization } from './controls/cost-budget/organization';
import { regionDenyInOrganization } from './controls/region-deny/organization';
import { centralRootAccessInOrganization } from './controls/root-credentials/organization';
import { ScpPlan } from './core/scp-plan';
import { DEPLOYMENT_ROLE_PATH, DEPLOYMENT_ROLE_SHAPE } from './policies/protective';
import { FEWER_BREAK_GLASS_ROLES } from './policies/scp-limits';
import { ORGANIZATION_ACCESS_ROLE } from './config/resolve';
import { checkProps, organizationBaselinePropsSchema } from './config/props';
import { CONTAINMENT_NAME } from './policies/containment';
import { DRIFT_ROLE_NAME } from './policies/drift-role';
import { AuditTrail } from './controls/audit-trail';
import { EvidenceStore } from './core/evidence-store';
import { trailArn } from './policies/evidence';
import { SecurityContacts } from './controls/security-contacts';
import { RegionalProviders } from './core/regional-providers';

/** Prefix of the log archive's buckets and key alias, apart from the security account's own evidence store. */
export const LOG_ARCHIVE_NAME_PREFIX = 'account-baseline-org';

/**
 * Organisation-wide baseline, deployed with management-account credentials: the place for
 * policies, their attachments, trusted access and delegated administrators.
 */
export class OrganizationBaseline extends Construct {
  readonly managementAccountId: string;
  readonly securityAccountId: string;
  readonly memberAccountIds: readonly string[];
  readonly breakGlassRoleArns: readonly string[];
  readonly regions: RegionalProviders;
  /** The organisation itself, with its trusted access and policy types. */
  readonly organization: OrganizationsOrganization;
  /** Service principals with trusted access, sorted. */
  readonly trustedServices: readonly string[];
  private readonly controlScopes = new Map<ControlId, Construct>();

  constructor(scope: Construct, id: string, props: OrganizationBaselineProps) {
    // Checked with the configuration file's rules before the construct joins the tree.
    super(scope, (checkProps('OrganizationBaseline', organizationBaselinePropsSchema, props), id));
    if (props.securityAccountId === props.managementAccountId) {
      throw new Error('OrganizationBaseline: securityAccountId must be a member account, not the management account');
    }
    this.managementAccountId = props.managementAccountId;
    this.securityAccountId = props.securityAccountId;
    this.memberAccountIds = [...props.memberAccountIds];
    this.breakGlassRoleArns = [...(props.breakGlassRoleArns ?? [])];
    this.regions =
      props.regions ??
      new RegionalProviders(this, 'regions', {
        accountId: props.managementAccountId,
        homeRegion: props.homeRegion,
        enabledRegions: props.enabledRegions ?? defaultAndOptInRegions(),
        defaultTags: props.tags,
      });
    const rootCredentials = props.rootCredentials ?? true;
    this.trustedServices = trustedServices(props);
    this.organization = new OrganizationsOrganization(this, 'organization', {
      provider: this.regions.home,
      featureSet: 'ALL',
      awsServiceAccessPrincipals: [...this.trustedServices],
      // SCPs stay enabled whatever else changes: disabling the type would detach every SCP.
      enabledPolicyTypes: [...new Set(['SERVICE_CONTROL_POLICY', ...(props.otherPolicyTypes ?? [])])].sort(),
      lifecycle: { preventDestroy: true },
    });
    if (props.organizationId) this.organization.importFrom(props.organizationId, this.regions.home);
    // Trusted access and policy types are enabled before anything that uses them.
    const organizationReady = [this.organization];

    if (props.auditTrail !== false) {
      // The log archive: the trail's bucket and key in the security account, created from this stack
      // through the security account's deployment role, so that the trail can name them directly.
      // There the protective SCP guards them; an administrator of the management account (beyond every
      // SCP) can stop the trail, which alerts, but cannot reach the logs it already delivered.
      const logArchive = new RegionalProviders(this, 'log-archive-regions', {
        accountId: props.securityAccountId,
        homeRegion: props.homeRegion,
        enabledRegions: [props.homeRegion],
        assumeRoleArn: props.auditTrail?.logArchiveRoleArn ?? `arn:aws:iam::${props.securityAccountId}:role/${ORGANIZATION_ACCESS_ROLE}`,
        defaultTags: props.tags,
        aliasPrefix: 'log-archive-',
      });
      const evidence = new EvidenceStore(this, 'evidence', {
        regions: logArchive,
        retentionDays: props.auditTrail?.retentionDays,
        objectLockMode: props.auditTrail?.objectLockMode,
        trailArn: trailArn(this.regions.homeRegion, props.managementAccountId),
        organizationTrail: true,
        // The security account's own stack may have an evidence store too.
        namePrefix: LOG_ARCHIVE_NAME_PREFIX,
      });
      new AuditTrail(this.controlScope('auditTrail'), 'organization-trail', {
        regions: this.regions,
        evidence,
        organizationTrail: true,
        dependsOn: organizationReady,
      });
    }
    for (const [control, servicePrincipal] of Object.entries(props.delegatedServices ?? {}) as Array<[ControlId, string]>) {
      new OrganizationsDelegatedAdministrator(this.controlScope(control), 'delegated-administrator', {
        provider: this.regions.home,
        accountId: props.securityAccountId,
        servicePrincipal,
        dependsOn: organizationReady,
      });
    }
    for (const member of props.memberContacts ?? []) {
      new SecurityContacts(this.controlScope('securityContacts'), member.accountId, {
        provider: this.regions.home,
        contacts: member.contacts,
        memberAccountId: member.accountId,
        dependsOn: organizationReady,
      });
    }
    if (props.guardDuty) {
      // Regional: GuardDuty is administered region by region. The security account's stack, deployed
      // after this one, then enables every member from there.
      this.regions.forEachRegion((region, provider) => {
        new GuarddutyOrganizationAdminAccount(this.controlScope('guardDuty'), region, {
          provider,
          adminAccountId: props.securityAccountId,
          dependsOn: organizationReady,
        });
      });
    }
    for (const region of props.inspector?.regions ?? []) {
      new Inspector2DelegatedAdminAccount(this.controlScope('inspector'), region, {
        provider: this.regions.provider(region),
        accountId: props.securityAccountId,
        dependsOn: organizationReady,
      });
    }
    const targets = (props.policyTargets ?? []).length > 0
      ? props.policyTargets!.map((id) => ({ name: id, targetId: id, label: `target ${id}` }))
      : [{ name: 'organization-root', targetId: this.organization.roots.get(0).id, label: 'the organisation root' }];
    const deploymentRoleArns = [...(props.deploymentRoleArns ?? [`arn:aws:iam::*:role/${ORGANIZATION_ACCESS_ROLE}`])];
    const scps = new ScpPlan(this.regions.home, targets, exemptionTooLargeHint(this.breakGlassRoleArns, deploymentRoleArns), organizationReady);
    // Each control's organisation-level part, in its own namespace, with the SCPs counted in one plan.
    const context = (control: ControlId): OrganizationContext => ({
      scope: this.controlScope(control),
      regions: this.regions,
      organizationReady,
      scps,
      breakGlassRoleArns: this.breakGlassRoleArns,
      deploymentRoleArns,
    });
    if (rootCredentials) centralRootAccessInOrganization(context('rootCredentials'));
    if (props.regionDeny && props.regionDeny.length > 0) {
      regionDenyInOrganization(context('regionDeny'), {
        accounts: props.regionDeny,
        defaultAllowedRegions: props.allowedRegions ?? [props.homeRegion],
        alsoExempt: [...(props.containment ? [`arn:aws:iam::*:role/${CONTAINMENT_NAME}`] : []), ...(props.driftRole ? [`arn:aws:iam::*:role/${DRIFT_ROLE_NAME}`] : [])],
      });
    }
    if (props.baselineProtection ?? true) protectiveScpInOrganization(context('baselineProtection'), { accountDefaults: props.accountDefaults });
    if (props.keepContained) keepContainedInOrganization(context('containment'));
    const breakers = props.spendCircuitBreakers ?? [];
    if (breakers.length > 0) {
      spendCircuitBreakersInOrganization(context('costBudget'), { managementAccountId: props.managementAccountId, organizationId: this.organization.id, breakers });
    }
    this.scpProblems = scps.problems(props.otherScpsPerTarget ?? 0);
    this.node.addValidation({ validate: () => [...this.scpProblems] });
  }

  /** Problems with AWS's SCP limits, reported by validation before anything is written. */
  readonly scpProblems: readonly string[];

  /** One namespace per control, so every organisation-level resource maps to the control it serves. */
  private controlScope(control: ControlId): Construct {
    let scope = this.controlScopes.get(control);
    if (!scope) {
      scope = new Construct(this, control);
      this.controlScopes.set(control, scope);
    }
    return scope;
  }
}

export { PROTECTIVE_SCP_NAME } from './controls/baseline-protection/organization';

/**
 * What to change when an SCP that lists the exempt roles is too large: the setting that grew.
 * Deployment roles named one by one grow with the number of accounts; those on the deployment
 * role path are one ARN whatever their number.
 */
export function exemptionTooLargeHint(breakGlassRoleArns: readonly string[], deploymentRoleArns: readonly string[]): string {
  const named = deploymentRoleArns.filter((arn) => arn !== DEPLOYMENT_ROLE_SHAPE && !arn.endsWith(`:role/${ORGANIZATION_ACCESS_ROLE}`));
  const breakGlass = `${FEWER_BREAK_GLASS_ROLES} (it lists ${breakGlassRoleArns.length})`;
  if (named.length === 0) return breakGlass;
  const shown = named.slice(0, 3).map((arn) => arn.slice(arn.indexOf(':role/') + 1)).join(', ');
  return (
    `the exemption names ${named.length} deployment role${named.length === 1 ? '' : 's'} one by one (accounts[].assumeRoleArn: ${shown}${named.length > 3 ? ', ...' : ''}); ` +
    `create them on the path ${DEPLOYMENT_ROLE_PATH} instead (arn:aws:iam::<account>:role${DEPLOYMENT_ROLE_PATH}<any name>), which the SCPs exempt as one ARN however many accounts there are; ` +
    `or ${breakGlass}`
  );
}

/** Trusted access the organisation-level controls need, plus the services the owner keeps. */
function trustedServices(props: OrganizationBaselineProps): string[] {
  const services = new Set(props.otherTrustedServices ?? []);
  if (props.auditTrail !== false) services.add('cloudtrail.amazonaws.com');
  for (const service of Object.values(props.delegatedServices ?? {})) if (service) services.add(service);
  if ((props.memberContacts ?? []).length > 0) services.add('account.amazonaws.com');
  if (props.rootCredentials ?? true) services.add('iam.amazonaws.com');
  if (props.guardDuty) services.add('guardduty.amazonaws.com');
  if (props.guardDuty?.malwareProtection) services.add('malware-protection.guardduty.amazonaws.com');
  if (props.inspector) services.add('inspector2.amazonaws.com');
  return [...services].sort();
}
