import type { IamGroup } from '@cdktf/provider-aws/lib/iam-group';
import type { Construct } from 'constructs';
import type { AccountBaselineProps } from './account-baseline-props';
import type { AlertsHub } from '../core/alerts-hub';
import type { EvidenceStore } from '../core/evidence-store';
import type { RegionalProviders } from '../core/regional-providers';
import type { AccountMode, ControlDefinition, ControlId } from './catalogue';
import type { ConfigRecorder } from './config-recorder';

/**
 * What a control's `account` hook gets from the account baseline it joins: the baseline itself as
 * the scope (the control's construct takes the control's id there, so construct paths stay
 * `<stack>/baseline/<control>/...`), the props, the shared parts (providers, alerts, evidence) and
 * what controls built before it provide to the ones after (the recorder, the people's group).
 */
export interface AccountContext {
  /** The AccountBaseline: the control creates its construct here, with the control's id. */
  readonly scope: Construct;
  readonly props: AccountBaselineProps;
  readonly accountId: string;
  readonly mode: AccountMode;
  readonly regions: RegionalProviders;
  readonly alerts: AlertsHub;
  /** The evidence bucket and key, created the first time a control asks. */
  readonly evidence: EvidenceStore;
  /** A standalone account records itself with its own trail; in an organisation the organisation trail does. */
  readonly hasOwnTrail: boolean;
  /** Whether a control is on in this account. */
  isEnabled(control: ControlId): boolean;
  /** The recorder a control's Config rules need (the configRecorder control is built first: it is required). */
  recorderFor(control: ControlId): ConfigRecorder;
  /** The baseline's group of people, when the mfaEnforcement control is on. */
  readonly humanUsersGroup?: IamGroup;
  /** The groups of people: the baseline's human-users group (with mfaEnforcement) and the MFA-required groups. */
  humanGroups(): string[];
  /** The budget a cost control needs, or an error naming the control. */
  requireBudget(control: ControlId): NonNullable<AccountBaselineProps['budget']>;
}

/**
 * A control as the account baseline builds it: its definition (what the catalogue, the schema and
 * the docs read) and the hook that declares its resources in one account. The hook creates at most
 * one construct, under `ctx.scope` with the control's id, and returns it for the controls after it
 * (`undefined` when the account declares nothing for it, e.g. an SCP of the organisation stack).
 */
export interface ControlModule extends ControlDefinition {
  account?(ctx: AccountContext): Construct | undefined;
}
