import type { Region } from '../core/regions';
import type { AlternateContacts } from './security-contacts/settings';
import type { ObjectLockMode } from '../core/evidence-store';
import type { ControlId } from './catalogue';
import type { RegionalProviders } from '../core/regional-providers';

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
