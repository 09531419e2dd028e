import type { ControlDefinition } from '../control-definition';

export const regionDenyDefinition: ControlDefinition = {
  id: 'regionDeny',
  title:
    'Region deny: nothing but global services outside the allowed regions, and no enabling or disabling of regions; an SCP in an organisation (root users included), an IAM policy on the groups of people otherwise',
  why: 'In incident A one leaked key launched instances in nine regions the owner never used; in an organisation an SCP makes that impossible, even for a member root user.',
  enabledByDefault: true,
  // Its IAM form binds the baseline's group of people.
  after: ['mfaEnforcement'],
  cis: [],
  protectedActions: { noneBecause: 'in member accounts it is an SCP, which nobody there can change' },
};
