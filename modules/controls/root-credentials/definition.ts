import type { ControlDefinition } from '../control-definition';

export const rootCredentialsDefinition: ControlDefinition = {
  id: 'rootCredentials',
  title:
    'Root user: alerts on any root activity from every region, Config rules for root access keys and root MFA; in an organisation, centralised root access and an SCP that denies member root users',
  why: 'Incident A began with a forgotten root access key. A leaked root key can do anything and cannot be limited by IAM; in an organisation an SCP can.',
  enabledByDefault: true,
  cis: [
    { item: '1.4', extent: 'full', how: 'Config rule iam-root-access-key-check; in organisation mode the SCP also denies creating root access keys' },
    { item: '1.5', extent: 'full', how: 'Config rule root-account-mfa-enabled' },
    {
      item: '1.7',
      extent: 'partial',
      how: 'every root action is alerted on; in organisation mode member root users are denied everything outside privileged root sessions (the management account root cannot be restricted)',
    },
    { item: '4.3', extent: 'full', how: 'EventBridge route from every enabled region (sign-in and API calls, us-east-1 included) to the alert topic' },
  ],
  requires: ['configRecorder'],
  protectedActions: { noneBecause: "its Config rules are guarded with the recorder's (config:DeleteConfig*), its alert rules as every baseline rule, and in an organisation its SCP and centralised root access are the management account's" },
};
