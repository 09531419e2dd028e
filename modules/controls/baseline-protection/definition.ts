import type { ControlDefinition } from '../control-definition';

export const baselineProtectionDefinition: ControlDefinition = {
  id: 'baselineProtection',
  title:
    'Protective SCP (organisation): no leaving the organisation, no switching off or blinding GuardDuty, Inspector, the baseline trail, Config, Access Analyzer, Security Hub or the alerts',
  why: 'An attacker who owns an account switches off the detectors first; the protective SCP keeps them on whatever the member account\'s own administrators do.',
  enabledByDefault: true,
  organizationOnly: true,
  cis: [],
  protectedActions: { noneBecause: 'it is the protective SCP itself, which nobody in a member account can change' },
};
