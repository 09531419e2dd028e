import { DEFAULT_CONFIG, ORGANIZATION_EXAMPLE, organizationConfigData, resourcesOfType, synthesize, validConfigData } from './support/fixtures';

const contactsOf = (stack: Parameters<typeof resourcesOfType>[0]) =>
  resourcesOfType(stack, 'aws_account_alternate_contact').map((contact) => ({
    type: contact.alternate_contact_type,
    email: contact.email_address,
    accountId: contact.account_id,
  }));

describe('securityContacts: AWS notices reach a monitored address', () => {
  test('a standalone account sets its SECURITY contact from securityContact, in its own account', () => {
    const stack = synthesize(DEFAULT_CONFIG).stack('account-personal');
    expect(resourcesOfType(stack, 'aws_account_alternate_contact')).toEqual([
      expect.objectContaining({
        alternate_contact_type: 'SECURITY',
        name: 'Account Owner',
        title: 'Owner',
        email_address: 'security@example.com',
        phone_number: '+81-3-0000-0000',
        provider: 'aws.ap-northeast-1',
      }),
    ]);
    expect(contactsOf(stack)[0].accountId).toBeUndefined();
  });

  test('BILLING is set too when billingContact is configured; OPERATIONS only when configured', () => {
    const stack = synthesize(ORGANIZATION_EXAMPLE).stack('account-production');
    expect(contactsOf(stack).map((contact) => [contact.type, contact.email]).sort()).toEqual([
      ['BILLING', 'finance@example.com'],
      ['SECURITY', 'security@example.com'],
    ]);
  });

  test('with manageContactsCentrally, the organization stack sets members’ contacts and member stacks do not', () => {
    const config = organizationConfigData();
    config.organization.manageContactsCentrally = true;
    const result = synthesize(config);
    expect(contactsOf(result.stack('account-staging'))).toEqual([]);
    const central = contactsOf(result.stack('organization'));
    const members = result.settings.organization!.memberAccounts.map((account) => account.accountId);
    expect(new Set(central.map((contact) => contact.accountId))).toEqual(new Set(members));
    expect(central.filter((contact) => contact.type === 'SECURITY')).toHaveLength(members.length);
    // The management account is not a member: its own stack still sets its contacts.
    expect(contactsOf(result.stack('account-management')).map((contact) => contact.type).sort()).toEqual(['BILLING', 'SECURITY']);
  });

  test('switching the control off removes the contacts', () => {
    const config = validConfigData();
    config.controls = { securityContacts: false };
    expect(contactsOf(synthesize(config).stack('account-personal'))).toEqual([]);
  });
});
