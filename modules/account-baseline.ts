import type { IamGroup } from '@cdktf/provider-aws/lib/iam-group';
import { Construct } from 'constructs';
import { enabledRegions as defaultAndOptInRegions } from './core/regions';
import { AccountMode, CONTROL_IDS, CONTROLS, ControlId } from './controls/catalogue';
import type { AccountBaselineProps } from './controls/account-baseline-props';

export type { AccountBaselineProps } from './controls/account-baseline-props';
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
import { RegionalProviders } from './core/regional-providers';

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
