import { AccountMode, ControlId, effectiveControls } from '../controls/catalogue';
import { ALL_REGIONS, Region, enabledRegions } from '../core/regions';
import type { AccountConfig, BaselineConfig, S3StateConfig } from './schema';
import { driftRoleArn } from '../policies/drift-role';
import { DEPLOYMENT_ROLE_SHAPE, onDeploymentRolePath } from '../policies/protective';
import { AlertLanguage, DEFAULT_ALERT_LANGUAGE } from '../functions/messages/languages';
import { DEFAULT_OBJECT_LOCK_MODE, DEFAULT_RETENTION_DAYS, type ObjectLockMode } from '../core/evidence-store';
import type { DriftRoleOptions } from '../core/drift-role';
import { onUnlessSwitchedOff } from '../core/switches';
import { type ContainmentOptions, DEFAULT_CONTAINMENT } from '../controls/containment/settings';
import { BUDGET_LIMITS, type BudgetSettings, isWholeCents } from '../controls/cost-budget/settings';
import { DEFAULT_FINDING_SEVERITY, GUARDDUTY_FEATURES, GUARDDUTY_FEATURE_KEYS, type GuardDutyFeature, type GuardDutySettings } from '../controls/guardduty/settings';
import { INSPECTOR_SCANS, INSPECTOR_SCAN_KEYS, type InspectorScan, type InspectorSettings } from '../controls/inspector/settings';
import { DEFAULT_PASSWORD_POLICY, PASSWORD_POLICY_LIMITS, type PasswordPolicySettings } from '../controls/password-policy/settings';
import type { AlternateContacts } from '../controls/security-contacts/settings';

// Each setting's shape, default and limits live with the control or core part that owns it; the
// configuration reads them from there (and re-exports them, for the code that imports them from here).
export { DEFAULT_OBJECT_LOCK_MODE, DEFAULT_RETENTION_DAYS, onUnlessSwitchedOff, DEFAULT_CONTAINMENT, BUDGET_LIMITS, isWholeCents, DEFAULT_FINDING_SEVERITY };
export { GUARDDUTY_FEATURES, GUARDDUTY_FEATURE_KEYS, INSPECTOR_SCANS, INSPECTOR_SCAN_KEYS, DEFAULT_PASSWORD_POLICY, PASSWORD_POLICY_LIMITS };
export type { ObjectLockMode, DriftRoleOptions, ContainmentOptions, BudgetSettings, GuardDutyFeature, GuardDutySettings, InspectorScan, InspectorSettings };
export type { PasswordPolicySettings, AlternateContacts };











/** Role that AWS Organizations creates in every member account it creates. */
export const ORGANIZATION_ACCESS_ROLE = 'OrganizationAccountAccessRole';

/**
 * The deployment roles the SCPs exempt: OrganizationAccountAccessRole in every account, every role
 * on DEPLOYMENT_ROLE_PATH as one ARN when an account uses one, and any other role an account names
 * (one ARN each: these are what make the SCPs grow with the number of accounts).
 */
export function deploymentRoleExemptions(assumeRoleArns: readonly (string | undefined)[]): string[] {
  const named = assumeRoleArns.filter((arn): arn is string => arn !== undefined && !arn.endsWith(`:role/${ORGANIZATION_ACCESS_ROLE}`));
  return [
    ...new Set([
      `arn:aws:iam::*:role/${ORGANIZATION_ACCESS_ROLE}`,
      ...(named.some(onDeploymentRolePath) ? [DEPLOYMENT_ROLE_SHAPE] : []),
      ...named.filter((arn) => !onDeploymentRolePath(arn)),
    ]),
  ].sort();
}

/** The role a member account's stack assumes unless told otherwise; other modes use the caller's credentials. */
export function defaultAssumeRoleArn(mode: AccountMode, accountId: string): string | undefined {
  // Organizations creates OrganizationAccountAccessRole in member accounts only.
  return mode === 'organization-member' ? `arn:aws:iam::${accountId}:role/${ORGANIZATION_ACCESS_ROLE}` : undefined;
}


/** Everything one account's stack needs, with per-account overrides already applied. */
export interface AccountSettings {
  readonly name: string;
  readonly stackName: string;
  readonly accountId: string;
  readonly mode: AccountMode;
  /** Role the stack's providers assume; undefined means the caller's own credentials. */
  readonly assumeRoleArn?: string;
  readonly homeRegion: Region;
  /** Regions the account may use, in catalogue order. */
  readonly allowedRegions: readonly Region[];
  /** Every region an attacker could use: the 17 default regions plus enabled opt-in regions. */
  readonly enabledRegions: readonly Region[];
  readonly alertEmails: readonly string[];
  /** The language of the account's alert e-mails. */
  readonly alertLanguage: AlertLanguage;
  readonly budget: BudgetSettings;
  /** Alternate contacts; SECURITY always. */
  readonly contacts: AlternateContacts;
  /** True for the organisation's security account: the delegated administrator of the security services. */
  readonly isSecurityAccount: boolean;
  /** True when the organization stack sets this account's contacts instead of its own stack. */
  readonly contactsSetCentrally: boolean;
  readonly controls: Readonly<Record<ControlId, boolean>>;
  /** Days audit evidence is kept. */
  readonly retentionDays: number;
  /** AWS Config records in every enabled region, not only the home region. */
  readonly configAllRegions: boolean;
  /** Object Lock mode of the trail's log bucket. */
  readonly objectLockMode: ObjectLockMode;
  /** AWS Config's service-linked role exists already: use it, do not create it. */
  readonly configServiceLinkedRoleExists: boolean;
  /**
   * Roles the organisation exempts from its SCPs (break-glass and deployment roles), whose
   * creation or change in this account raises a tamper alert; empty outside an organisation.
   */
  readonly exemptRoleArns: readonly string[];
  readonly passwordPolicy: PasswordPolicySettings;
  readonly guardDuty: GuardDutySettings;
  readonly inspector: InspectorSettings;
  readonly containment: ContainmentOptions;
  /** The read-only drift role of this account, when the configuration asks for one. */
  readonly driftRole?: DriftRoleOptions;
  /**
   * The other accounts of the organisation, for the security account (the delegated
   * administrator enables them); empty elsewhere. Sorted.
   */
  readonly administeredAccountIds: readonly string[];
  /** Existing IAM groups of human users that also get the MFA-required policy, sorted. */
  readonly mfaRequiredGroups: readonly string[];
  /** Existing IAM users the stack puts in the baseline's group of people, sorted. */
  readonly humanUsers: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
}





export interface OrganizationSettings {
  readonly stackName: 'organization';
  /** The existing organisation to adopt; undefined creates a new one. */
  readonly organizationId?: string;
  /** Trusted-access service principals kept besides the baseline's own, sorted. */
  readonly otherTrustedServices: readonly string[];
  /** Policy types kept enabled besides SCPs, sorted. */
  readonly otherPolicyTypes: readonly string[];
  readonly managementAccountId: string;
  readonly securityAccountId: string;
  readonly breakGlassRoleArns: readonly string[];
  /** Where the organisation-wide SCPs go; empty means the organisation root. */
  readonly policyTargets: readonly string[];
  readonly otherScpsPerTarget: number;
  /** The keep-contained SCP, where member accounts run containment. */
  readonly keepContainedScp: boolean;
  /** Roles the member stacks deploy with, exempt from the denies, sorted. */
  readonly deploymentRoleArns: readonly string[];
  readonly homeRegion: Region;
  readonly enabledRegions: readonly Region[];
  readonly allowedRegions: readonly Region[];
  readonly memberAccounts: readonly AccountSettings[];
  /** Whether this stack sets the member accounts' alternate contacts. */
  readonly manageContactsCentrally: boolean;
  /** Organisation-level switches: the top-level `controls`, with each control's default. */
  readonly controls: Readonly<Record<ControlId, boolean>>;
  readonly retentionDays: number;
  /** Object Lock mode of the organisation trail's log bucket. */
  readonly objectLockMode: ObjectLockMode;
  readonly tags: Readonly<Record<string, string>>;
}

export interface BaselineSettings {
  readonly accounts: readonly AccountSettings[];
  readonly organization?: OrganizationSettings;
  readonly state?: S3StateConfig;
}

export const accountStackName = (name: string) => `account-${name}`;

/** Applies defaults and per-account overrides; the config must already be validated. */
export function resolveSettings(config: BaselineConfig): BaselineSettings {
  const regions = enabledRegions(config.optInRegions);
  const tags = { ...(config.tags ?? {}) };
  const accounts = config.accounts.map((account) => resolveAccount(config, account, regions, tags));
  const organization: OrganizationSettings | undefined = config.organization && {
    stackName: 'organization',
    organizationId: config.organization.organizationId,
    otherTrustedServices: [...(config.organization.otherTrustedServices ?? [])].sort(),
    otherPolicyTypes: [...(config.organization.otherPolicyTypes ?? [])].sort(),
    managementAccountId: config.organization.managementAccountId,
    securityAccountId: config.organization.securityAccountId,
    breakGlassRoleArns: [...(config.organization.breakGlassRoleArns ?? [])].sort(),
    policyTargets: [...(config.organization.policyTargets ?? [])],
    otherScpsPerTarget: config.organization.otherScpsPerTarget ?? 0,
    keepContainedScp: config.organization.keepContainedScp ?? true,
    // OrganizationAccountAccessRole in every account (accounts created later included), and any other role a member stack uses.
    deploymentRoleArns: deploymentRoleExemptions(accounts.map((account) => account.assumeRoleArn)),
    homeRegion: config.homeRegion as Region,
    enabledRegions: regions,
    allowedRegions: inCatalogueOrder(config.allowedRegions),
    memberAccounts: accounts.filter((account) => account.mode === 'organization-member'),
    manageContactsCentrally: config.organization.manageContactsCentrally ?? false,
    controls: effectiveControls(config.controls),
    retentionDays: config.evidence?.retentionDays ?? DEFAULT_RETENTION_DAYS,
    objectLockMode: config.evidence?.objectLockMode ?? DEFAULT_OBJECT_LOCK_MODE,
    tags,
  };
  return { accounts, organization, state: config.state?.s3 };
}

function resolveAccount(
  config: BaselineConfig,
  account: AccountConfig,
  regions: readonly Region[],
  tags: Record<string, string>,
): AccountSettings {
  const mode: AccountMode = !config.organization
    ? 'standalone'
    : account.accountId === config.organization.managementAccountId
      ? 'organization-management'
      : 'organization-member';
  const assumeRoleArn = account.assumeRoleArn ?? defaultAssumeRoleArn(mode, account.accountId);
  const controls = effectiveControls(config.controls, account.controls);
  const allowedRegions = inCatalogueOrder(account.allowedRegions ?? config.allowedRegions);
  return {
    name: account.name,
    stackName: accountStackName(account.name),
    accountId: account.accountId,
    mode,
    assumeRoleArn,
    homeRegion: config.homeRegion as Region,
    allowedRegions,
    enabledRegions: regions,
    alertEmails: [...(account.alerts?.emails ?? config.alerts.emails)],
    alertLanguage: account.alerts?.language ?? config.alerts.language ?? DEFAULT_ALERT_LANGUAGE,
    budget: {
      monthlyLimitUsd: account.budget?.monthlyLimitUsd ?? config.budget.monthlyLimitUsd,
      anomalyThresholdUsd: account.budget?.anomalyThresholdUsd ?? config.budget.anomalyThresholdUsd,
      stopLaunchesAtPercent: account.budget?.stopLaunchesAtPercent ?? config.budget.stopLaunchesAtPercent,
      stopLaunchesForRoles: [...(account.budget?.stopLaunchesForRoles ?? config.budget.stopLaunchesForRoles ?? [])].sort(),
      servicesMonitorArn: account.budget?.servicesMonitorArn,
    },
    contacts: {
      security: config.securityContact,
      ...(config.billingContact ? { billing: config.billingContact } : {}),
      ...(config.operationsContact ? { operations: config.operationsContact } : {}),
    },
    isSecurityAccount: account.accountId === config.organization?.securityAccountId,
    contactsSetCentrally: mode === 'organization-member' && (config.organization?.manageContactsCentrally ?? false),
    controls,
    retentionDays: config.evidence?.retentionDays ?? DEFAULT_RETENTION_DAYS,
    configAllRegions: config.evidence?.configAllRegions ?? true,
    objectLockMode: config.evidence?.objectLockMode ?? DEFAULT_OBJECT_LOCK_MODE,
    configServiceLinkedRoleExists: account.configServiceLinkedRoleExists ?? config.evidence?.configServiceLinkedRoleExists ?? false,
    exemptRoleArns: config.organization ? [...new Set([...(config.organization.breakGlassRoleArns ?? []), `arn:aws:iam::*:role/${ORGANIZATION_ACCESS_ROLE}`, ...(assumeRoleArn ? [assumeRoleArn] : [])])].sort() : [],
    passwordPolicy: { ...DEFAULT_PASSWORD_POLICY, ...config.iam?.passwordPolicy },
    guardDuty: {
      minimumSeverity: account.guardDuty?.minimumSeverity ?? config.guardDuty?.minimumSeverity ?? DEFAULT_FINDING_SEVERITY,
      features: onUnlessSwitchedOff(GUARDDUTY_FEATURE_KEYS, account.guardDuty?.features, config.guardDuty?.features),
    },
    inspector: {
      regions: (account.inspector?.allRegions ?? config.inspector?.allRegions ?? false) ? regions : allowedRegions,
      scan: onUnlessSwitchedOff(INSPECTOR_SCAN_KEYS, account.inspector?.scan, config.inspector?.scan),
    },
    driftRole: driftRoleOf(config, mode),
    containment: {
      ...DEFAULT_CONTAINMENT,
      ...config.containment,
      ...account.containment,
      exemptRoleArns: [...(account.containment?.exemptRoleArns ?? config.containment?.exemptRoleArns ?? [])].sort(),
    },
    administeredAccountIds:
      account.accountId === config.organization?.securityAccountId
        ? config.accounts.map((other) => other.accountId).filter((id) => id !== account.accountId).sort()
        : [],
    mfaRequiredGroups: [...(account.iam?.mfaRequiredGroups ?? config.iam?.mfaRequiredGroups ?? [])].sort(),
    humanUsers: [...(account.iam?.humanUsers ?? config.iam?.humanUsers ?? [])].sort(),
    tags,
  };
}


/**
 * Standalone: every account's drift role trusts the repository itself. Organisation: the
 * management account's does, and the members' trust the management account's drift role, so one
 * login reaches every account.
 */
function driftRoleOf(config: BaselineConfig, mode: AccountMode): DriftRoleOptions | undefined {
  const drift = config.drift;
  if (!drift) return undefined;
  const viaManagement = mode === 'organization-member';
  const s3 = config.state?.s3;
  return {
    githubRepository: viaManagement ? undefined : drift.githubRepository,
    createGithubOidcProvider: !viaManagement && drift.githubRepository !== undefined && !(drift.githubOidcProviderExists ?? false),
    trustedRoleArns: [
      ...new Set([...(drift.trustedRoleArns ?? []), ...(viaManagement ? [driftRoleArn(config.organization!.managementAccountId)] : [])]),
    ].sort(),
    state: s3 ? { bucket: s3.bucket, keyPrefix: (s3.keyPrefix ?? 'account-baseline').replace(/\/+$/, ''), kmsKeyArn: s3.kmsKeyId } : undefined,
  };
}

/** Regions in catalogue order, so output does not depend on the order they were written in. */
function inCatalogueOrder(regions: readonly string[]): Region[] {
  return ALL_REGIONS.filter((region) => regions.includes(region));
}
