import type { ControlDefinition } from '../catalogue';

export const guardDutyDefinition: ControlDefinition = {
  id: 'guardDuty',
  title:
    'GuardDuty in every enabled region with its protection plans, findings from every region e-mailed (medium and above, and always crypto-mining and root-credential findings)',
  why: 'In incident A the attacker ran instances in nine regions the owner never used; a detector in the home region alone would have seen nothing.',
  enabledByDefault: true,
  cis: [],
};
