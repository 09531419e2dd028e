import type { IamGroup } from '@cdktf/provider-aws/lib/iam-group';
import { Construct } from 'constructs';
import type { Region } from './config/regions';
import { enabledRegions as defaultAndOptInRegions } from './config/regions';
import { AccountMode, CONTROL_IDS, CONTROLS, ControlId } from './controls/catalogue';
import type { AlternateContacts, BudgetSettings, ContainmentOptions, DriftRoleOptions, GuardDutySettings, InspectorSettings, ObjectLockMode, PasswordPolicySettings } from './config/resolve';
import { defaultAssumeRoleArn } from './config/resolve';
import { accountBaselinePropsSchema, checkProps } from './config/props';
import type { ConfigRecorder } from './controls/config-recorder';
import type { AccountContext } from './controls/control-module';
import type { MfaEnforcement } from './controls/mfa-enforcement';
import { CONTROL_MODULES, buildOrder } from './controls/registry';
import { EvidenceStore } from './core/evidence-store';
import { trailArn } from './policies/evidence';
import { AlertsHub } from './core/alerts-hub';
import { DriftRole } from './core/drift-role';
import type { AlertLanguage } from './functions/messages/languages';
import { RegionalProviders } from './core/regional-providers';

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

/**
 * The baseline of one AWS account. Its children are namespaced by control, and those ids are
 * part of the contract: renaming one would replace real resources.
 */
export class AccountBaseline extends Construct {
  readonly accountId: string;
  readonly mode: AccountMode;
  readonly regions: RegionalProviders;
  readonly alerts: AlertsHub;
  /** Which controls this baseline switched on. */
  readonly enabledControls: readonly ControlId[];

  private readonly props: AccountBaselineProps;
  private evidenceStore?: EvidenceStore;
  /** What each control built, for the controls after it. */
  private readonly built = new Map<ControlId, Construct>();

  constructor(scope: Construct, id: string, props: AccountBaselineProps) {
    // Checked with the configuration file's rules before the construct joins the tree.
    super(scope, (checkProps('AccountBaseline', accountBaselinePropsSchema, props), id));
    this.props = props;
    this.accountId = props.accountId;
    this.mode = props.mode ?? 'standalone';
    this.regions =
      props.regions ??
      new RegionalProviders(this, 'regions', {
        accountId: props.accountId,
        homeRegion: props.homeRegion,
        enabledRegions: props.enabledRegions ?? defaultAndOptInRegions(),
        assumeRoleArn: props.assumeRoleArn ?? defaultAssumeRoleArn(this.mode, props.accountId),
        defaultTags: props.tags,
      });
    if (this.regions.accountId !== props.accountId) {
      throw new Error(`AccountBaseline: regions belong to account ${this.regions.accountId}, not ${props.accountId}`);
    }
    this.alerts = new AlertsHub(this, 'alerts', {
      regions: this.regions,
      emails: props.alertEmails,
      language: props.alertLanguage,
      allowedRegions: props.allowedRegions ?? [this.regions.homeRegion],
    });

    this.enabledControls = CONTROL_IDS.filter((control) => props.controls?.[control] ?? CONTROLS[control].enabledByDefault);
    const context = this.context();
    for (const control of buildOrder(this.enabledControls)) {
      const construct = CONTROL_MODULES[control].account?.(context);
      if (construct) this.built.set(control, construct);
    }
    if (props.driftRole) new DriftRole(this, 'driftRole', { provider: this.regions.home, accountId: props.accountId, ...props.driftRole });
  }

  /** A standalone account records itself; in an organisation the organisation trail does. */
  private get hasOwnTrail(): boolean {
    return this.mode === 'standalone' && this.enabledControls.includes('auditTrail');
  }

  /** The account's evidence bucket and key, created the first time a control needs them. */
  get evidence(): EvidenceStore {
    this.evidenceStore ??= new EvidenceStore(this, 'evidence', {
      regions: this.regions,
      retentionDays: this.props.retentionDays,
      objectLockMode: this.props.objectLockMode,
      configDelivery: this.enabledControls.includes('configRecorder'),
      trailArn: this.hasOwnTrail ? trailArn(this.regions.homeRegion, this.accountId) : undefined,
    });
    return this.evidenceStore;
  }

  /** The group for human IAM users that must use MFA, while the mfaEnforcement control is on. */
  get humanUsersGroup(): IamGroup | undefined {
    return (this.built.get('mfaEnforcement') as MfaEnforcement | undefined)?.group;
  }

  /** What each control's hook sees of this baseline (see ControlModule). */
  private context(): AccountContext {
    const baseline = this;
    return {
      scope: this,
      props: this.props,
      accountId: this.accountId,
      mode: this.mode,
      regions: this.regions,
      alerts: this.alerts,
      get evidence() {
        return baseline.evidence;
      },
      hasOwnTrail: this.hasOwnTrail,
      isEnabled: (control) => this.enabledControls.includes(control),
      recorderFor: (control) => this.recorderFor(control),
      get humanUsersGroup() {
        return baseline.humanUsersGroup;
      },
      humanGroups: () => this.humanGroups(),
      requireBudget: (control) => this.requireBudget(control),
    };
  }

  /** The groups of people: the baseline's human-users group (with mfaEnforcement) and the MFA-required groups. */
  private humanGroups(): string[] {
    const mfa = this.built.get('mfaEnforcement') as MfaEnforcement | undefined;
    return [...(mfa ? [mfa.groupName] : []), ...(this.props.mfaRequiredGroups ?? [])];
  }

  private requireBudget(control: ControlId): NonNullable<AccountBaselineProps['budget']> {
    if (!this.props.budget) throw new Error(`AccountBaseline: budget (monthlyLimitUsd and anomalyThresholdUsd) is required while the ${control} control is on`);
    return this.props.budget;
  }

  /** The recorder that a control's Config rules need; the build order puts configRecorder, which they require, first. */
  private recorderFor(control: ControlId): ConfigRecorder {
    const recorder = this.built.get('configRecorder') as ConfigRecorder | undefined;
    if (!recorder) {
      throw new Error(`AccountBaseline: ${control} needs the configRecorder control (AWS Config rules only run where a recorder is on); switch configRecorder on or ${control} off`);
    }
    return recorder;
  }
}
