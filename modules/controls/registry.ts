import { accessAnalyzerControl } from './access-analyzer/control';
import { accountDefaultsControl } from './account-defaults/control';
import { auditTrailControl } from './audit-trail/control';
import { baselineProtectionControl } from './baseline-protection/control';
import { configRecorderControl } from './config-recorder/control';
import { containmentControl } from './containment/control';
import { costAnomalyDetectionControl } from './cost-anomaly-detection/control';
import { costBudgetControl } from './cost-budget/control';
import { credentialHygieneControl } from './credential-hygiene/control';
import { guardDutyControl } from './guardduty/control';
import { inspectorControl } from './inspector/control';
import { mfaEnforcementControl } from './mfa-enforcement/control';
import { passwordPolicyControl } from './password-policy/control';
import { regionDenyControl } from './region-deny/control';
import { rootCredentialsControl } from './root-credentials/control';
import { securityContactsControl } from './security-contacts/control';
import { securityHubControl } from './security-hub/control';
import { tamperAlertsControl } from './tamper-alerts/control';
import { unusedRegionAlertsControl } from './unused-region-alerts/control';
import type { ControlDefinition, ControlId } from './catalogue';
import type { ControlModule } from './control-module';

/**
 * Every control with its hook: one line per control. The catalogue (`CONTROLS`) holds the same
 * definitions without the constructs, for the configuration and the docs.
 */
export const CONTROL_MODULES: Readonly<Record<ControlId, ControlModule>> = {
  auditTrail: auditTrailControl,
  configRecorder: configRecorderControl,
  accountDefaults: accountDefaultsControl,
  securityContacts: securityContactsControl,
  accessAnalyzer: accessAnalyzerControl,
  securityHub: securityHubControl,
  rootCredentials: rootCredentialsControl,
  mfaEnforcement: mfaEnforcementControl,
  passwordPolicy: passwordPolicyControl,
  credentialHygiene: credentialHygieneControl,
  guardDuty: guardDutyControl,
  inspector: inspectorControl,
  costBudget: costBudgetControl,
  costAnomalyDetection: costAnomalyDetectionControl,
  regionDeny: regionDenyControl,
  baselineProtection: baselineProtectionControl,
  tamperAlerts: tamperAlertsControl,
  unusedRegionAlerts: unusedRegionAlertsControl,
  containment: containmentControl,
};

/**
 * The order in which an account baseline builds its enabled controls: a control after what it
 * requires and what it is declared to come after (when those are on), otherwise in the order
 * given (the catalogue's). A cycle is a programming error, named.
 */
export function buildOrder(enabled: readonly ControlId[], definitions: Readonly<Record<ControlId, ControlDefinition>> = CONTROL_MODULES): ControlId[] {
  const on = new Set(enabled);
  const before = (id: ControlId) => [...(definitions[id].requires ?? []), ...(definitions[id].after ?? [])].filter((other) => on.has(other));
  const order: ControlId[] = [];
  const pending = [...enabled];
  while (pending.length > 0) {
    const next = pending.findIndex((id) => before(id).every((other) => order.includes(other)));
    if (next < 0) throw new Error(`controls that wait for each other: ${pending.map((id) => `${id} (after ${before(id).join(', ')})`).join('; ')}`);
    order.push(...pending.splice(next, 1));
  }
  return order;
}
