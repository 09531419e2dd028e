import { Construct } from 'constructs';
import type { Region } from './config/regions';
import { enabledRegions as defaultAndOptInRegions } from './config/regions';
import type { AlternateContacts } from './config/resolve';
import type { ControlId } from './controls/catalogue';
import { OrganizationsDelegatedAdministrator } from '@cdktf/provider-aws/lib/organizations-delegated-administrator';
import { OrganizationsOrganization } from '@cdktf/provider-aws/lib/organizations-organization';
import { GuarddutyOrganizationAdminAccount } from '@cdktf/provider-aws/lib/guardduty-organization-admin-account';
import { Inspector2DelegatedAdminAccount } from '@cdktf/provider-aws/lib/inspector2-delegated-admin-account';
import { BudgetsBudget } from '@cdktf/provider-aws/lib/budgets-budget';
import { CentralRootAccess } from './controls/central-root-access';
import { monthlyBudgetConfig } from './controls/cost-budget';
import { OrganizationSpendCircuitBreaker } from './controls/spend-circuit-breaker';
import { AuditTrail } from './controls/audit-trail';
import { EvidenceStore } from './core/evidence-store';
import { trailArn } from './policies/evidence';
import { SecurityContacts } from './controls/security-contacts';
import { RegionalProviders } from './core/regional-providers';

export interface OrganizationBaselineProps {
  /**
   * ID of the existing organisation, which the stack adopts with a Terraform import.
   * @default - the stack creates a new organisation (for a management account not yet in one)
   */
  readonly organizationId?: string;
  /**
   * Service principals that keep trusted access besides those the baseline needs. The stack
   * manages the organisation's whole list, so a service left out would lose trusted access.
   * @default - none
   */
  readonly otherTrustedServices?: readonly string[];
  /**
   * Policy types that stay enabled besides SERVICE_CONTROL_POLICY; the same caution applies.
   * @default - none
   */
  readonly otherPolicyTypes?: readonly string[];
  /**
   * Centralised root access for member accounts and the SCP that denies their root users.
   * @default true
   */
  readonly rootCredentials?: boolean;
  readonly managementAccountId: string;
  /** Delegated administrator for the security services. */
  readonly securityAccountId: string;
  /** Member accounts the organisation-level controls apply to. */
  readonly memberAccountIds: readonly string[];
  readonly homeRegion: Region;
  /**
   * Regions the member accounts may use.
   * @default - the home region only
   */
  readonly allowedRegions?: readonly Region[];
  /**
   * Every region the organisation-level controls must cover.
   * @default - the 17 regions enabled by default in every account
   */
  readonly enabledRegions?: readonly Region[];
  /**
   * Roles exempt from the organisation's denies.
   * @default - none
   */
  readonly breakGlassRoleArns?: readonly string[];
  /**
   * Service principal each control delegates to the security account. Each needs trusted access
   * enabled in the organisation first.
   * @default - none
   */
  readonly delegatedServices?: Partial<Readonly<Record<ControlId, string>>>;
  /**
   * An organisation trail in the management account, recording every account.
   * @default - on, with evidence kept 365 days
   */
  readonly auditTrail?: false | { readonly retentionDays?: number };
  /**
   * Member accounts whose alternate contacts this stack sets (needs trusted access for
   * account.amazonaws.com in the organisation).
   * @default - none: each account's own stack sets its contacts
   */
  readonly memberContacts?: ReadonlyArray<{ readonly accountId: string; readonly contacts: AlternateContacts }>;
  /**
   * Make the security account GuardDuty's delegated administrator in every enabled region.
   * `malwareProtection` adds trusted access for GuardDuty's malware protection.
   * @default - GuardDuty is not delegated
   */
  readonly guardDuty?: { readonly malwareProtection: boolean };
  /**
   * Make the security account Inspector's delegated administrator in these regions.
   * @default - Inspector is not delegated
   */
  readonly inspector?: { readonly regions: readonly Region[] };
  /**
   * Spend circuit breakers for member accounts: per account, a budget in the management account
   * that counts that account's costs, and a budget action that attaches the stop-launches SCP
   * to it when actual spend reaches `atPercent` of `monthlyLimitUsd`.
   * @default - none
   */
  readonly spendCircuitBreakers?: ReadonlyArray<{
    /** The account's short name, for budget and construct names. */
    readonly name: string;
    readonly accountId: string;
    readonly monthlyLimitUsd: number;
    readonly atPercent: number;
    /** Who hears that the breaker fired (at most 10). */
    readonly emails: readonly string[];
  }>;
  /**
   * Tags for every resource, through the providers' default tags. Ignored when `regions` is given.
   * @default - no extra tags
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Providers for the management account.
   * @default - one provider per enabled region, using the caller's (management account) credentials
   */
  readonly regions?: RegionalProviders;
}

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
    super(scope, id);
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
      const evidence = new EvidenceStore(this, 'evidence', {
        regions: this.regions,
        retentionDays: props.auditTrail?.retentionDays,
        trailArn: trailArn(this.regions.homeRegion, props.managementAccountId),
        organizationTrail: true,
        // The management account's own stack may have an evidence store too.
        namePrefix: 'account-baseline-org',
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
    if (rootCredentials) {
      new CentralRootAccess(this.controlScope('rootCredentials'), 'central-root-access', {
        provider: this.regions.home,
        targets: [{ name: 'organization-root', targetId: this.organization.roots.get(0).id }],
        dependsOn: organizationReady,
      });
    }
    const breakers = props.spendCircuitBreakers ?? [];
    if (breakers.length > 0) {
      const scope = this.controlScope('costBudget');
      const accounts = breakers.map((breaker) => {
        const budgetName = `account-baseline-stop-launches-${breaker.name}`;
        const budget = new BudgetsBudget(
          scope,
          `budget-${breaker.name}`,
          monthlyBudgetConfig({
            provider: this.regions.home,
            accountId: props.managementAccountId,
            name: budgetName,
            monthlyLimitUsd: breaker.monthlyLimitUsd,
            linkedAccountId: breaker.accountId,
          }),
        );
        return { ...breaker, budgetName, budget, notify: { emails: breaker.emails } };
      });
      new OrganizationSpendCircuitBreaker(scope, 'circuit-breaker', {
        provider: this.regions.home,
        managementAccountId: props.managementAccountId,
        organizationId: this.organization.id,
        accounts,
        exemptRoleArns: this.breakGlassRoleArns,
        dependsOn: [...organizationReady, ...accounts.map((account) => account.budget)],
      });
    }
  }

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
