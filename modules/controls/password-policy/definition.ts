import type { ControlDefinition } from '../control-definition';

export const passwordPolicyDefinition: ControlDefinition = {
  id: 'passwordPolicy',
  title: 'IAM password policy at CIS level or stronger, checked by the Config rule iam-password-policy',
  why: 'Long, unique passwords make the guessed password of incident B much harder to guess.',
  enabledByDefault: true,
  cis: [
    { item: '1.8', extent: 'full', how: 'minimum length 14 or more (iam.passwordPolicy.minimumLength)' },
    { item: '1.9', extent: 'full', how: 'the last 24 passwords cannot be reused' },
  ],
  requires: ['configRecorder'],
  protectedActions: { noneBecause: 'the password policy is an account setting with no resource to name; changing it raises a tamper alert and its Config rule reports it' },
};
