import type { IamGroup } from '@cdktf/provider-aws/lib/iam-group';
import { Construct } from 'constructs';
import type { Region } from './config/regions';
import { enabledRegions as defaultAndOptInRegions } from './config/regions';
import { AccountMode, CONTROL_IDS, CONTROLS, ControlId } from './controls/catalogue';
import type { AlternateContacts, BudgetSettings, ContainmentOptions, DriftRoleOptions, GuardDutySettings, InspectorSettings, ObjectLockMode, PasswordPolicySettings } from './config/resolve';
import { defaultAssumeRoleArn } from './config/resolve';
import { accountBaselinePropsSchema, checkProps } from './config/props';
import { AccessAnalyzer } from './controls/access-analyzer';
import { AccountDefaults } from './controls/account-defaults';
import { AuditTrail } from './controls/audit-trail';
import { Containment } from './controls/containment';
import { ConfigRecorder } from './controls/config-recorder';
import { CostAnomalyDetection } from './controls/cost-anomaly-detection';
import { CostBudget } from './controls/cost-budget';
import { CredentialHygiene } from './controls/credential-hygiene';
import { RegionDenyForGroups } from './controls/region-deny';
import { GuardDuty } from './controls/guardduty';
import { Inspector } from './controls/inspector';
import { MfaEnforcement } from './controls/mfa-enforcement';
import { PasswordPolicy } from './controls/password-policy';
import { RootCredentials } from './controls/root-credentials';
import { EvidenceStore } from './core/evidence-store';
import { trailArn } from './policies/evidence';
import { SecurityContacts } from './controls/security-contacts';
import { SecurityHub } from './controls/security-hub';
import { TamperAlerts } from './controls/tamper-alerts';
import { UnusedRegionAlerts } from './controls/unused-region-alerts';
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
  private recorder?: ConfigRecorder;
  private mfa?: MfaEnforcement;

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
    for (const control of this.enabledControls) this.addControl(control);
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
    return this.mfa?.group;
  }

  private addControl(control: ControlId): void {
    const props = this.props;
    switch (control) {
      case 'auditTrail':
        // In an organisation the management account's organisation trail records this account.
        if (this.hasOwnTrail) new AuditTrail(this, control, { regions: this.regions, evidence: this.evidence });
        return;
      case 'configRecorder':
        this.recorder = new ConfigRecorder(this, control, {
          regions: this.regions,
          evidence: this.evidence,
          allRegions: props.configAllRegions ?? true,
          organizationAggregator: props.isSecurityAccount ?? false,
          serviceLinkedRoleExists: props.configServiceLinkedRoleExists,
        });
        return;
      case 'accountDefaults':
        new AccountDefaults(this, control, { regions: this.regions });
        return;
      case 'securityContacts':
        if (props.contactsSetCentrally) return;
        if (!props.contacts) {
          throw new Error('AccountBaseline: contacts (at least the security contact) are required while the securityContacts control is on');
        }
        new SecurityContacts(this, control, { provider: this.regions.home, contacts: props.contacts });
        return;
      case 'securityHub':
        new SecurityHub(this, control, { regions: this.regions });
        return;
      case 'accessAnalyzer':
        new AccessAnalyzer(this, control, { regions: this.regions, organizationAnalyzer: props.isSecurityAccount ?? false });
        return;
      case 'rootCredentials':
        new RootCredentials(this, control, { regions: this.regions, alerts: this.alerts, recorder: this.recorderFor(control) });
        return;
      case 'mfaEnforcement':
        this.mfa = new MfaEnforcement(this, control, {
          regions: this.regions,
          alerts: this.alerts,
          attachToGroups: props.mfaRequiredGroups,
          members: props.humanUsers,
        });
        return;
      case 'passwordPolicy':
        new PasswordPolicy(this, control, {
          regions: this.regions,
          alerts: this.alerts,
          recorder: this.recorderFor(control),
          policy: props.passwordPolicy,
        });
        return;
      case 'guardDuty': {
        // In an organisation the security account, as delegated administrator, enables every member.
        const administers = props.isSecurityAccount ?? false;
        new GuardDuty(this, control, {
          regions: this.regions,
          alerts: this.alerts,
          detectors: this.mode === 'standalone' || administers,
          organizationConfiguration: administers,
          features: props.guardDuty?.features,
          minimumSeverity: props.guardDuty?.minimumSeverity,
        });
        return;
      }
      case 'inspector':
        if (this.mode !== 'standalone' && !props.isSecurityAccount) return; // enabled by the delegated administrator
        new Inspector(this, control, {
          regions: this.regions,
          scanRegions: props.inspector?.regions ?? props.allowedRegions ?? [this.regions.homeRegion],
          scan: props.inspector?.scan,
          memberAccountIds: props.isSecurityAccount ? (props.administeredAccountIds ?? []) : undefined,
        });
        return;
      case 'costBudget': {
        const budget = this.requireBudget(control);
        // In an organisation, member accounts' breakers are SCPs in the organization stack; SCPs
        // never bind the management account, so it gets the IAM form, like a standalone account.
        const iamBreaker = budget.stopLaunchesAtPercent !== undefined && this.mode !== 'organization-member';
        const groups = this.humanGroups();
        new CostBudget(this, control, {
          provider: this.regions.home,
          accountId: this.accountId,
          monthlyLimitUsd: budget.monthlyLimitUsd,
          emails: props.alertEmails,
          // Through the formatter, which writes AWS's message in the account's language.
          topicArn: this.alerts.intakeTopicArn,
          topicReady: this.alerts.publishingAllowed,
          ownCostsOnly: this.mode === 'organization-management',
          circuitBreaker: iamBreaker
            ? {
                atPercent: budget.stopLaunchesAtPercent!,
                groups,
                roles: budget.stopLaunchesForRoles,
                dependsOn: this.mfa ? [this.mfa.group] : [],
              }
            : undefined,
        });
        return;
      }
      case 'costAnomalyDetection': {
        const budget = this.requireBudget(control);
        new CostAnomalyDetection(this, control, {
          provider: this.regions.home,
          thresholdUsd: budget.anomalyThresholdUsd,
          // Through the formatter, which writes AWS's message in the account's language.
          topicArn: this.alerts.intakeTopicArn,
          topicReady: this.alerts.publishingAllowed,
          emails: props.alertEmails,
          existingServicesMonitorArn: budget.servicesMonitorArn,
        });
        return;
      }
      case 'regionDeny': {
        // Member accounts are fenced by the organisation's SCP; SCPs never bind the management account.
        if (this.mode === 'organization-member') return;
        const groups = this.humanGroups();
        if (groups.length === 0) {
          throw new Error('AccountBaseline: regionDeny needs a group of people to attach to; switch mfaEnforcement on or give mfaRequiredGroups');
        }
        new RegionDenyForGroups(this, control, {
          provider: this.regions.home,
          allowedRegions: props.allowedRegions ?? [this.regions.homeRegion],
          groups,
          dependsOn: this.mfa ? [this.mfa.group] : [],
        });
        return;
      }
      case 'baselineProtection':
        return; // an SCP in the organization stack
      case 'tamperAlerts':
        new TamperAlerts(this, control, { regions: this.regions, alerts: this.alerts, exemptRoleArns: props.exemptRoleArns });
        return;
      case 'unusedRegionAlerts':
        new UnusedRegionAlerts(this, control, {
          regions: this.regions,
          alerts: this.alerts,
          allowedRegions: props.allowedRegions ?? [this.regions.homeRegion],
        });
        return;
      case 'credentialHygiene':
        new CredentialHygiene(this, control, { regions: this.regions, alerts: this.alerts, recorder: this.recorderFor(control) });
        return;
      case 'containment': {
        const { exemptRoleArns, ...contain } = props.containment ?? {};
        new Containment(this, control, {
          regions: this.regions,
          alerts: this.alerts,
          allowedRegions: props.allowedRegions ?? [this.regions.homeRegion],
          // The organisation's break-glass and deployment roles, and any the account names.
          exemptRoleArns: [...(props.exemptRoleArns ?? []), ...(exemptRoleArns ?? [])],
          ...contain,
        });
        return;
      }
    }
  }

  /** The groups of people: the baseline's human-users group (with mfaEnforcement) and the MFA-required groups. */
  private humanGroups(): string[] {
    return [...(this.mfa ? [this.mfa.groupName] : []), ...(this.props.mfaRequiredGroups ?? [])];
  }

  private requireBudget(control: ControlId): NonNullable<AccountBaselineProps['budget']> {
    if (!this.props.budget) throw new Error(`AccountBaseline: budget (monthlyLimitUsd and anomalyThresholdUsd) is required while the ${control} control is on`);
    return this.props.budget;
  }

  /** The recorder that a control's Config rules need; CONTROL_IDS puts configRecorder first. */
  private recorderFor(control: ControlId): ConfigRecorder {
    if (!this.recorder) {
      throw new Error(`AccountBaseline: ${control} needs the configRecorder control (AWS Config rules only run where a recorder is on); switch configRecorder on or ${control} off`);
    }
    return this.recorder;
  }
}
