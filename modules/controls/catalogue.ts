import { CONTROL_IDS, ControlDefinition, ControlId } from './control-definition';
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

export { CONTROL_IDS } from './control-definition';
export type { AccountMode, ControlDefinition, ControlId, ProtectedActions } from './control-definition';

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

/**
 * What each switchable control is, as plain data: the config schema reads the ids, the
 * synth summary and README read the rest. Each control has a folder, `modules/controls/<id>/`,
 * with its definition (here, by import), its construct and its hook (`control.ts`, in the registry).
 */
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
