import type { CisCoverage } from './cis';
import { accessAnalyzerDefinition } from './access-analyzer/definition';
import { accountDefaultsDefinition } from './account-defaults/definition';
import { auditTrailDefinition } from './audit-trail/definition';
import { baselineProtectionDefinition } from './baseline-protection/definition';
import { configRecorderDefinition } from './config-recorder/definition';
import { containmentDefinition } from './containment/definition';
import { costAnomalyDetectionDefinition } from './cost-anomaly-detection/definition';
import { costBudgetDefinition } from './cost-budget/definition';
import { credentialHygieneDefinition } from './credential-hygiene/definition';
import { guardDutyDefinition } from './guardduty/definition';
import { inspectorDefinition } from './inspector/definition';
import { mfaEnforcementDefinition } from './mfa-enforcement/definition';
import { passwordPolicyDefinition } from './password-policy/definition';
import { regionDenyDefinition } from './region-deny/definition';
import { rootCredentialsDefinition } from './root-credentials/definition';
import { securityContactsDefinition } from './security-contacts/definition';
import { securityHubDefinition } from './security-hub/definition';
import { tamperAlertsDefinition } from './tamper-alerts/definition';
import { unusedRegionAlertsDefinition } from './unused-region-alerts/definition';

/**
 * What each switchable control is, as plain data: the config schema reads the ids, the
 * synth summary and README read the rest. Each control has a folder, `modules/controls/<id>/`,
 * with its definition (here, by import), its construct and its hook (`control.ts`, in the registry).
 */

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

/**
 * Shared pieces of a baseline that are not switchable controls: the alert topic every control
 * reports to, the evidence bucket and key the audit controls deliver to, (organization stack
 * only) the organisation itself with its trusted access and policy types, and (when configured)
 * the read-only drift role.
 */
export const CORE_COMPONENTS = ['alerts', 'evidence', 'organization', 'driftRole'] as const;
/**
 * What offboarding (npm run offboard) leaves in the account, unmanaged: the evidence (log
 * buckets, with every protection on them, and their key) and the organisation itself. Every
 * resource that carries prevent_destroy belongs to one of these.
 */
export const KEPT_ON_OFFBOARDING = ['evidence', 'organization'] as const;
/** The core components of an account's own stack. */
export const ACCOUNT_CORE_COMPONENTS = ['alerts', 'evidence'] as const;

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

export const CONTROLS: Readonly<Record<ControlId, ControlDefinition>> = {
  auditTrail: auditTrailDefinition,
  configRecorder: configRecorderDefinition,
  accountDefaults: accountDefaultsDefinition,
  securityContacts: securityContactsDefinition,
  accessAnalyzer: accessAnalyzerDefinition,
  securityHub: securityHubDefinition,
  rootCredentials: rootCredentialsDefinition,
  mfaEnforcement: mfaEnforcementDefinition,
  passwordPolicy: passwordPolicyDefinition,
  credentialHygiene: credentialHygieneDefinition,
  guardDuty: guardDutyDefinition,
  inspector: inspectorDefinition,
  costBudget: costBudgetDefinition,
  costAnomalyDetection: costAnomalyDetectionDefinition,
  regionDeny: regionDenyDefinition,
  baselineProtection: baselineProtectionDefinition,
  tamperAlerts: tamperAlertsDefinition,
  unusedRegionAlerts: unusedRegionAlertsDefinition,
  containment: containmentDefinition,
};

/** Each control's switch: the account's own, else the top-level one, else the control's default. */
export function effectiveControls(
  topLevel?: Partial<Readonly<Record<ControlId, boolean>>>,
  own?: Partial<Readonly<Record<ControlId, boolean>>>,
): Record<ControlId, boolean> {
  return Object.fromEntries(CONTROL_IDS.map((id) => [id, own?.[id] ?? topLevel?.[id] ?? CONTROLS[id].enabledByDefault])) as Record<ControlId, boolean>;
}

/**
 * The control a construct path belongs to: the child of the stack's baseline construct
 * (`account-x/baseline/<control>/...`), e.g. `alerts` or `accountDefaults`.
 */
export function controlOfPath(path: string): string {
  const segments = path.split('/');
  const index = segments.indexOf('baseline');
  return index >= 0 && segments[index + 1] ? segments[index + 1] : '(outside the baseline)';
}
