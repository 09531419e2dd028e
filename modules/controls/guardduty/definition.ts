import type { ControlDefinition } from '../control-definition';

export const guardDutyDefinition: ControlDefinition = {
  id: 'guardDuty',
  title:
    'GuardDuty in every enabled region with its protection plans, findings from every region e-mailed (medium and above, and always crypto-mining and root-credential findings)',
  why: 'In incident A the attacker ran instances in nine regions the owner never used; a detector in the home region alone would have seen nothing.',
  enabledByDefault: true,
  cis: [],
  protectedActions: {
    accountWide: [
      'guardduty:CreateFilter',
      // A trusted IP list or a threat list of the attacker's own suppresses or floods findings.
      'guardduty:CreateIPSet',
      // Threat intel, threat entity and trusted entity sets (which suppress findings like a trusted IP list).
      'guardduty:CreateT*',
      'guardduty:DeleteDetector',
      'guardduty:DeleteMembers',
      'guardduty:DeletePublishingDestination',
      // From the administrator account (and its older name, master), and members from it.
      'guardduty:Disassociate*',
      'guardduty:StopMonitoringMembers',
      'guardduty:UpdateDetector',
      'guardduty:UpdateFilter',
      'guardduty:UpdateIPSet',
      'guardduty:UpdateMemberDetectors',
      'guardduty:UpdateT*',
      'guardduty:UpdateOrganizationConfiguration',
    ],
  },
};
