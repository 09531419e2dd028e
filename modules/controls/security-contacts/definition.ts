import type { ControlDefinition } from '../control-definition';

export const securityContactsDefinition: ControlDefinition = {
  id: 'securityContacts',
  title: 'Alternate contacts: SECURITY always, BILLING and OPERATIONS when configured',
  why: "AWS's compromise notice in incident A went to an address nobody read; the SECURITY contact is a monitored one.",
  enabledByDefault: true,
  cis: [{ item: '1.2', extent: 'full', how: 'SECURITY alternate contact from securityContact' }],
  protectedActions: {
    // The SECURITY contact is where AWS sends its abuse and compromise notices.
    accountWide: ['account:DeleteAlternateContact', 'account:PutAlternateContact'],
  },
};
