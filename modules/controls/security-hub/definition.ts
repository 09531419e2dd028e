import type { ControlDefinition } from '../control-definition';

export const securityHubDefinition: ControlDefinition = {
  id: 'securityHub',
  title: 'AWS Security Hub with the CIS v3.0.0 and Foundational Best Practices standards, findings aggregated in the home region',
  why: 'One place that scores the account against CIS and AWS best practice. Off by default: it is billed per check in every region, which can exceed the whole budget of a small account.',
  enabledByDefault: false,
  cis: [{ item: '4.16', extent: 'full', how: 'Security Hub on in every enabled region, with CIS v3.0.0 and FSBP' }],
  protectedActions: {
    accountWide: [
      'securityhub:BatchDisableStandards',
      'securityhub:DisableSecurityHub',
      // From the administrator account, and its older name (master).
      'securityhub:DisassociateFrom*',
    ],
  },
};
