import { Construct } from 'constructs';
import type { Region } from './core/regions';
import { enabledRegions as defaultAndOptInRegions } from './core/regions';
import type { AlternateContacts, ObjectLockMode } from './config/resolve';
import type { ControlId } from './controls/catalogue';
import { OrganizationsDelegatedAdministrator } from '@cdktf/provider-aws/lib/organizations-delegated-administrator';
import { OrganizationsOrganization } from '@cdktf/provider-aws/lib/organizations-organization';
import { GuarddutyOrganizationAdminAccount } from '@cdktf/provider-aws/lib/guardduty-organization-admin-account';
import { Inspector2DelegatedAdminAccount } from '@cdktf/provider-aws/lib/inspector2-delegated-admin-account';
import { BudgetsBudget } from '@cdktf/provider-aws/lib/budgets-budget';
import { CentralRootAccess } from './controls/root-credentials/central-root-access';
import { monthlyBudgetConfig } from './controls/cost-budget';
import { OrganizationSpendCircuitBreaker } from './controls/cost-budget/spend-circuit-breaker';
import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { OrganizationsPolicyAttachment } from '@cdktf/provider-aws/lib/organizations-policy-attachment';
import { MEMBER_ROOT_SCP_NAME } from './controls/root-credentials/central-root-access';
import { RegionDenyScp, regionDenyScps } from './controls/region-deny';
import { DEFAULT_ALERTS_TOPIC_NAME } from './core/alerts-hub';
import { TRAIL_NAME } from './policies/evidence';
import { fromTerraformString, toPolicyJson } from './policies/policy-document';
import { DEPLOYMENT_ROLE_PATH, DEPLOYMENT_ROLE_SHAPE } from './policies/protective';
import { protectiveScp } from './controls/baseline-protection';
import { FEWER_BREAK_GLASS_ROLES, PlannedScp, PlannedTarget, scpLimitProblems } from './policies/scp-limits';
import { STOP_LAUNCHES_POLICY_NAME } from './policies/spend';
import { ORGANIZATION_ACCESS_ROLE } from './config/resolve';
import { checkProps, organizationBaselinePropsSchema } from './config/props';
import { CONTAINMENT_NAME, KEEP_CONTAINED_SCP_NAME, keepContainedScp } from './policies/containment';
import { DRIFT_ROLE_NAME } from './policies/drift-role';
import { AuditTrail } from './controls/audit-trail';
import { EvidenceStore } from './core/evidence-store';
import { trailArn } from './policies/evidence';
import { SecurityContacts } from './controls/security-contacts';
import { RegionalProviders } from './core/regional-providers';

/** What the management account stack of an organisation declares: the organisation, its SCPs, trusted access, delegated administrators and the organisation trail. */
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
  /** The 12-digit ID of the organisation's management account, where this stack is deployed. */
  readonly managementAccountId: string;
  /** Delegated administrator for the security services. */
  readonly securityAccountId: string;
  /** Member accounts the organisation-level controls apply to. */
  readonly memberAccountIds: readonly string[];
  /** The home region, where single-region resources and the alert topic live. */
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
   * An organisation trail in the management account, recording every account, that delivers to a
   * log archive in the security account: the evidence lives where the protective SCP guards it,
   * out of reach of the management account's administrators.
   * @default - on, with evidence kept 365 days under COMPLIANCE Object Lock
   */
  readonly auditTrail?: false | OrganizationTrailProps;
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
   * Where the organisation-wide SCPs are attached: the organisation root, or these OUs (`ou-...`)
   * or roots (`r-...`).
   * @default - the organisation root
   */
  readonly policyTargets?: readonly string[];
  /**
   * SCPs of your own attached to each target besides FullAWSAccess, counted against AWS's five
   * per target.
   * @default 0
   */
  readonly otherScpsPerTarget?: number;
  /**
   * Roles that deploy the baselines into member accounts; exempt from the denies, since they
   * create the baseline in every region and update what the protective SCP guards.
   * @default - OrganizationAccountAccessRole in every account
   */
  readonly deploymentRoleArns?: readonly string[];
  /**
   * Region deny SCPs: the accounts and the regions each may use.
   * @default - no region deny
   */
  readonly regionDeny?: ReadonlyArray<{ readonly name: string; readonly accountId: string; readonly allowedRegions: readonly string[] }>;
  /**
   * The protective SCP: no leaving the organisation, no switching off the baseline.
   * @default true
   */
  readonly baselineProtection?: boolean;
  /**
   * Every member account keeps the account defaults (EBS encryption, IMDSv2, public sharing blocks,
   * the S3 account public access block): the protective SCP also denies weakening them.
   * @default false
   */
  readonly accountDefaults?: boolean;
  /**
   * Member accounts run the containment function, which stops instances in every region: region
   * deny exempts its role, which only Lambda can assume and which the protective SCP keeps
   * anyone from re-trusting, empowering or passing to another function.
   * @default false
   */
  readonly containment?: boolean;
  /**
   * The keep-contained SCP (account-baseline-keep-contained) on the targets: only the exempt roles
   * may start, resume, terminate or re-tag what the containment function stopped.
   * @default false
   */
  readonly keepContained?: boolean;
  /**
   * The accounts have the read-only drift role, which reads every region: region deny exempts
   * it (it can change nothing, and the protective SCP keeps anyone from empowering it).
   * @default false
   */
  readonly driftRole?: boolean;
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

/** The organisation trail and where its log archive lives. */
export interface OrganizationTrailProps {
  /**
   * Days the organisation's logs are kept.
   * @default 365
   */
  readonly retentionDays?: number;
  /**
   * S3 Object Lock mode of the log archive's trail bucket.
   * @default 'COMPLIANCE'
   */
  readonly objectLockMode?: ObjectLockMode;
  /**
   * Role the stack assumes in the security account to create the log archive (its bucket and key).
   * It must be one of the deployment roles the protective SCP exempts.
   * @default - OrganizationAccountAccessRole in the security account
   */
  readonly logArchiveRoleArn?: string;
}

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
    const scps: PlannedScp[] = [];
    const onTargets: string[] = [];
    const onAccount = new Map<string, { label: string; policies: string[] }>();
    const addToAccount = (accountId: string, label: string, policy: string) => {
      const entry = onAccount.get(accountId) ?? { label, policies: [] };
      entry.policies.push(policy);
      onAccount.set(accountId, entry);
    };
    const deploymentRoles = [...(props.deploymentRoleArns ?? [`arn:aws:iam::*:role/${ORGANIZATION_ACCESS_ROLE}`])];
    const exemptionHint = exemptionTooLargeHint(this.breakGlassRoleArns, deploymentRoles);
    /** An SCP on the organisation-wide targets, counted against AWS's limits. */
    const organizationWideScp = (scope: Construct, id: string, name: string, description: string, content: string) => {
      const policy = new OrganizationsPolicy(scope, id, { provider: this.regions.home, name, description, type: 'SERVICE_CONTROL_POLICY', content, dependsOn: organizationReady });
      this.attach(scope, policy, targets);
      scps.push({ name, content: fromTerraformString(content), tooLargeHint: exemptionHint });
      onTargets.push(name);
    };

    if (rootCredentials) {
      const central = new CentralRootAccess(this.controlScope('rootCredentials'), 'central-root-access', {
        provider: this.regions.home,
        targets,
        dependsOn: organizationReady,
      });
      scps.push({ name: MEMBER_ROOT_SCP_NAME, content: fromTerraformString(central.policy.content), tooLargeHint: 'it has no configurable part' });
      onTargets.push(MEMBER_ROOT_SCP_NAME);
    }
    if (props.regionDeny && props.regionDeny.length > 0) {
      const scope = this.controlScope('regionDeny');
      const { organizationWide, perAccount } = regionDenyScps(scope, {
        provider: this.regions.home,
        defaultAllowedRegions: props.allowedRegions ?? [props.homeRegion],
        accounts: props.regionDeny,
        // AWS Config records through its service-linked role, which SCPs never bind: no exemption needed.
        exemptRoleArns: [
          ...this.breakGlassRoleArns,
          ...deploymentRoles,
          ...(props.containment ? [`arn:aws:iam::*:role/${CONTAINMENT_NAME}`] : []),
          ...(props.driftRole ? [`arn:aws:iam::*:role/${DRIFT_ROLE_NAME}`] : []),
        ],
        dependsOn: organizationReady,
      });
      this.attach(scope, organizationWide.policy, targets);
      scps.push(planned(organizationWide, exemptionHint));
      onTargets.push(organizationWide.name);
      for (const account of props.regionDeny) {
        const own = perAccount.get(account.name);
        if (!own) continue;
        new OrganizationsPolicyAttachment(scope, `attachment-${account.name}`, { provider: this.regions.home, policyId: own.policy.id, targetId: account.accountId });
        scps.push(planned(own, exemptionHint));
        addToAccount(account.accountId, `account ${account.name} (${account.accountId})`, own.name);
      }
    }
    if (props.baselineProtection ?? true) {
      const scope = this.controlScope('baselineProtection');
      const content = toPolicyJson(
        protectiveScp({
          exemptRoleArns: [...this.breakGlassRoleArns, ...deploymentRoles],
          trailName: TRAIL_NAME,
          topicName: DEFAULT_ALERTS_TOPIC_NAME,
          accountDefaults: props.accountDefaults,
        }),
      );
      organizationWideScp(scope, 'protective-scp', PROTECTIVE_SCP_NAME, 'No leaving the organisation; no switching off or blinding GuardDuty, Inspector, the trail, Config, Access Analyzer, Security Hub or the alerts', content);
    }
    if (props.keepContained) {
      const scope = this.controlScope('containment');
      const content = toPolicyJson(keepContainedScp({ exemptRoleArns: [...this.breakGlassRoleArns, ...deploymentRoles] }));
      organizationWideScp(
        scope,
        'keep-contained-scp',
        KEEP_CONTAINED_SCP_NAME,
        'Contained instances and Auto Scaling groups stay stopped and stay evidence: only the exempt roles may start, resume, terminate or re-tag them',
        content,
      );
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
      for (const account of accounts) addToAccount(account.accountId, `account ${account.name} (${account.accountId})`, STOP_LAUNCHES_POLICY_NAME);
    }

    const others = props.otherScpsPerTarget ?? 0;
    const plannedTargets: PlannedTarget[] = [
      ...targets.map((target) => ({ target: target.label, policies: onTargets, otherPolicies: others })),
      ...[...onAccount.values()].map((account) => ({ target: account.label, policies: account.policies, otherPolicies: others })),
    ];
    this.scpProblems = scpLimitProblems(scps, plannedTargets);
    this.node.addValidation({ validate: () => [...this.scpProblems] });
  }

  /** Problems with AWS's SCP limits, reported by validation before anything is written. */
  readonly scpProblems: readonly string[];

  private attach(scope: Construct, policy: OrganizationsPolicy, targets: ReadonlyArray<{ name: string; targetId: string }>): void {
    for (const target of targets) {
      new OrganizationsPolicyAttachment(scope, `attachment-${target.name}`, { provider: this.regions.home, policyId: policy.id, targetId: target.targetId });
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

export const PROTECTIVE_SCP_NAME = 'account-baseline-protect-baseline';

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

function planned(scp: RegionDenyScp, tooLargeHint: string): PlannedScp {
  return { name: scp.name, content: fromTerraformString(scp.content), tooLargeHint };
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
