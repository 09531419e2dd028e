import type { ControlDefinition } from '../control-definition';

export const mfaEnforcementDefinition: ControlDefinition = {
  id: 'mfaEnforcement',
  title: 'MFA required for human IAM users (AWS\'s self-service MFA policy on a baseline group and chosen groups); alert on console sign-in without MFA',
  why: 'Incident B began with an account that had no MFA: a guessed or phished password was enough.',
  enabledByDefault: true,
  cis: [
    { item: '1.10', extent: 'partial', how: 'members of the baseline group and of iam.mfaRequiredGroups can do nothing but set up MFA until they sign in with it' },
    { item: '4.2', extent: 'full', how: 'EventBridge route from every enabled region for IAM-user console sign-ins without MFA' },
  ],
  protectedActions: { noneBecause: "its policy, group and memberships are the baseline's IAM resources, which the SCP guards as such (and in member accounts the SCP denies what the policy would)" },
};
