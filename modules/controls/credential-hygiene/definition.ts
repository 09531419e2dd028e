import type { ControlDefinition } from '../control-definition';

export const credentialHygieneDefinition: ControlDefinition = {
  id: 'credentialHygiene',
  title: 'Config rules for console users without MFA, credentials unused for 45 days and access keys older than 90 days, alerting when broken',
  why: "Forgotten credentials are the ones that leak: incident A's root key had been lying around unused.",
  enabledByDefault: true,
  cis: [
    { item: '1.10', extent: 'partial', how: 'Config rule mfa-enabled-for-iam-console-access flags every console user without MFA (it reports; it does not enforce)' },
    { item: '1.12', extent: 'partial', how: 'Config rule iam-user-unused-credentials-check (45 days) alerts; disabling the credentials is left to a person' },
    { item: '1.14', extent: 'partial', how: 'Config rule access-keys-rotated (90 days) alerts; rotating is left to a person' },
  ],
  requires: ['configRecorder'],
  protectedActions: { noneBecause: "its Config rules are guarded with the recorder's (config:DeleteConfig*) and its alert rules as every baseline rule" },
};
