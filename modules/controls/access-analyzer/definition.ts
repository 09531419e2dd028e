import type { ControlDefinition } from '../control-definition';

export const accessAnalyzerDefinition: ControlDefinition = {
  id: 'accessAnalyzer',
  title: 'IAM Access Analyzer in every enabled region (and an organisation analyzer in the security account)',
  why: 'Shows resources an attacker shared outside the account, such as a role trusting their own account.',
  enabledByDefault: true,
  cis: [{ item: '1.20', extent: 'full', how: 'an account analyzer in every enabled region' }],
  delegatedAdministratorService: 'access-analyzer.amazonaws.com',
  protectedActions: {
    accountWide: ['access-analyzer:CreateArchiveRule', 'access-analyzer:DeleteAnalyzer', 'access-analyzer:UpdateArchiveRule'],
  },
};
