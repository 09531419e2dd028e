import type { AccountMode, ControlId } from './catalogue';
import type { AlternateContacts } from './security-contacts/settings';
import type { BudgetSettings } from './cost-budget/settings';
import type { ContainmentOptions } from './containment/settings';
import type { GuardDutySettings } from './guardduty/settings';
import type { InspectorSettings } from './inspector/settings';
import type { PasswordPolicySettings } from './password-policy/settings';
import type { DriftRoleOptions } from '../core/drift-role';
import type { ObjectLockMode } from '../core/evidence-store';
import type { RegionalProviders } from '../core/regional-providers';
import type { Region } from '../core/regions';
import type { AlertLanguage } from '../functions/messages/languages';

/** What one account gets: its ID, regions, alert addresses, contacts and budget, and which controls are on. */
export interface AccountBaselineProps {
  /** The 12-digit ID of the account. Every provider of the stack is locked to it. */
  readonly accountId: string;
  /** The home region, where single-region resources and the alert topic live. */
  readonly homeRegion: Region;
  /** Where the account's alerts are e-mailed. */
  readonly alertEmails: readonly string[];
  /**
   * The language of the alert e-mails.
   * @default 'en'
   */
  readonly alertLanguage?: AlertLanguage;
  /**
   * Every region of the account the baseline must cover.
   * @default - the 17 regions enabled by default in every account
   */
  readonly enabledRegions?: readonly Region[];
  /**
   * Regions the account may use.
   * @default - the home region only
   */
  readonly allowedRegions?: readonly Region[];
  /**
   * How the account is governed.
   * @default 'standalone'
   */
  readonly mode?: AccountMode;
  /**
   * Role to assume in the account when the baseline creates its own providers.
   * @default - OrganizationAccountAccessRole for an organisation member, else the caller's credentials
   */
  readonly assumeRoleArn?: string;
  /**
   * Days audit evidence is kept.
   * @default 365
   */
  readonly retentionDays?: number;
  /**
   * AWS Config records in every enabled region, not only the home region.
   * @default true
   */
  readonly configAllRegions?: boolean;
  /**
   * S3 Object Lock mode of the trail's log bucket (see EvidenceStore).
   * @default 'COMPLIANCE'
   */
  readonly objectLockMode?: ObjectLockMode;
  /**
   * AWS Config's service-linked role exists already in the account: use it, do not create it.
   * @default false
   */
  readonly configServiceLinkedRoleExists?: boolean;
  /**
   * Roles the organisation's SCPs exempt (break-glass and deployment roles): creating or changing
   * a role of these names in this account raises a tamper alert.
   * @default - none
   */
  readonly exemptRoleArns?: readonly string[];
  /**
   * This account is the organisation's delegated administrator for the security services, so it
   * also gets the organisation-wide views (e.g. the organisation Access Analyzer).
   * @default false
   */
  readonly isSecurityAccount?: boolean;
  /**
   * Alternate contacts; required while the securityContacts control is on.
   * @default - none
   */
  readonly contacts?: AlternateContacts;
  /**
   * The organization stack sets this account's contacts, so this baseline does not.
   * @default false
   */
  readonly contactsSetCentrally?: boolean;
  /**
   * The IAM password policy (passwordPolicy control); every character class is always required.
   * @default - 14 characters, expiring after 90 days
   */
  readonly passwordPolicy?: Partial<PasswordPolicySettings>;
  /**
   * Existing groups of human users that get the MFA-required policy besides the baseline's own
   * group (mfaEnforcement control).
   * @default - none
   */
  readonly mfaRequiredGroups?: readonly string[];
  /**
   * Existing IAM users who are people, put in the baseline's group (mfaEnforcement control) so its
   * policies bind them.
   * @default - none: the group starts empty
   */
  readonly humanUsers?: readonly string[];
  /**
   * GuardDuty alert threshold and protection plans (guardDuty control).
   * @default - severity 4 and above, every protection plan on
   */
  readonly guardDuty?: Partial<GuardDutySettings>;
  /**
   * Where Inspector scans and what (inspector control).
   * @default - the allowed regions; EC2, ECR, Lambda and Lambda code
   */
  readonly inspector?: Partial<InspectorSettings>;
  /**
   * What the containment control stops, and whether it only tags and alerts.
   * @default - stops root launches, launches outside the allowed regions and instances in mining or intrusion findings; access keys are left alone
   */
  readonly containment?: Partial<ContainmentOptions>;
  /**
   * A read-only role for drift detection in CI, `account-baseline-drift-readonly`, trusted by a
   * GitHub repository and/or the roles named.
   * @default - no drift role
   */
  readonly driftRole?: DriftRoleOptions;
  /**
   * Monthly budget, anomaly threshold and the optional circuit breaker; required while the
   * costBudget or costAnomalyDetection control is on.
   * @default - none
   */
  readonly budget?: Partial<BudgetSettings> & Pick<BudgetSettings, 'monthlyLimitUsd' | 'anomalyThresholdUsd'>;
  /**
   * For the security account: the organisation's other accounts, which it enables as
   * delegated administrator of GuardDuty and Inspector.
   * @default - none
   */
  readonly administeredAccountIds?: readonly string[];
  /**
   * Switch controls on or off; these win over each control's default.
   * @default - every control that is on by default (see controls/catalogue.ts)
   */
  readonly controls?: Partial<Readonly<Record<ControlId, boolean>>>;
  /**
   * Tags for every resource, through the providers' default tags. Ignored when `regions` is given.
   * @default - no extra tags
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Providers to use, for composing the baseline into a stack that already has them.
   * @default - one provider per enabled region, created under this construct
   */
  readonly regions?: RegionalProviders;
}
