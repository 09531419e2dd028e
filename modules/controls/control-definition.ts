import type { CisCoverage } from './cis';

/** Every switchable control, in the order the docs and summaries present them (not the order they are built in: see registry.ts). */
export const CONTROL_IDS = [
  'auditTrail',
  'configRecorder',
  'accountDefaults',
  'securityContacts',
  'accessAnalyzer',
  'securityHub',
  'rootCredentials',
  'mfaEnforcement',
  'passwordPolicy',
  'credentialHygiene',
  'guardDuty',
  'inspector',
  'costBudget',
  'costAnomalyDetection',
  'regionDeny',
  'baselineProtection',
  'tamperAlerts',
  'unusedRegionAlerts',
  'containment',
] as const;
export type ControlId = (typeof CONTROL_IDS)[number];

/** Which mode an account's stack runs in. */
export type AccountMode = 'standalone' | 'organization-member' | 'organization-management';

/**
 * What the protective SCP (organisation mode) denies in member accounts to all but the exempt
 * roles so that nobody there switches a control off or blinds it. A control declares its actions,
 * or says why it has none of its own (what else guards it).
 */
export interface ProtectedActions {
  /**
   * Actions that act on the whole account or region, with no resource of the baseline's to name: denied everywhere.
   * @default - none
   */
  readonly accountWide?: readonly string[];
  /**
   * Actions on the baseline's own resources, which the SCP names by their fixed names and prefix.
   * @default - none
   */
  readonly onBaselineResources?: readonly string[];
  /**
   * Denied only while the organisation keeps the control on in its members (an organisation may leave account defaults to its accounts).
   * @default false
   */
  readonly onlyWhileOn?: boolean;
  /**
   * Why the control has no action of its own to deny: what guards it instead.
   * @default - it declares actions
   */
  readonly noneBecause?: string;
}

export interface ControlDefinition {
  readonly id: ControlId;
  /** One line, for summaries. */
  readonly title: string;
  /** Which attack step of docs/threat-model.md it answers. */
  readonly why: string;
  /** Whether the control is on when neither config nor props say otherwise. */
  readonly enabledByDefault: boolean;
  /** The CIS AWS Foundations items it covers, for `npm run controls`. */
  readonly cis: readonly CisCoverage[];
  /**
   * Service principal whose administration the organization stack delegates to the security
   * account while this control is on there.
   * @default - the control delegates nothing
   */
  readonly delegatedAdministratorService?: string;
  /**
   * Controls this one cannot work without in the same account (e.g. AWS Config rules need the
   * recorder). The configuration is rejected when one is on and a requirement is off.
   * @default - none
   */
  readonly requires?: readonly ControlId[];
  /** What the protective SCP denies so that this control stays on in member accounts. */
  readonly protectedActions: ProtectedActions;
  /**
   * Controls the account baseline builds before this one when they are on, because this one uses
   * what they build (the group of people), without requiring them. Requirements are built first
   * too; the build order is derived from both, never from a list's order.
   * @default - none
   */
  readonly after?: readonly ControlId[];
  /**
   * The control lives only in the organization stack (an SCP); account stacks declare nothing for it.
   * @default false
   */
  readonly organizationOnly?: boolean;
}

