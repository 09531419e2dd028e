import { AccountAlternateContact } from '@cdktf/provider-aws/lib/account-alternate-contact';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { AlternateContacts } from './settings';

/** The alternate contacts of one account. */
export interface SecurityContactsProps {
  /** Any provider of the account (alternate contacts are global); the home region's by convention. */
  readonly provider: AwsProvider;
  /** The contacts to set: SECURITY always, BILLING and OPERATIONS when given. */
  readonly contacts: AlternateContacts;
  /**
   * Member account whose contacts are set, from the management account.
   * @default - the provider's own account
   */
  readonly memberAccountId?: string;
  /**
   * What must exist first (from the management account: trusted access for account.amazonaws.com).
   * @default - nothing
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * The account's alternate contacts. SECURITY is where AWS sends abuse and compromise notices:
 * in incident A that e-mail reached nobody who acted on it.
 */
export class SecurityContacts extends Construct {
  constructor(scope: Construct, id: string, props: SecurityContactsProps) {
    super(scope, id);
    const entries: Array<[string, AlternateContacts['security'] | undefined]> = [
      ['SECURITY', props.contacts.security],
      ['BILLING', props.contacts.billing],
      ['OPERATIONS', props.contacts.operations],
    ];
    for (const [type, contact] of entries) {
      if (!contact) continue;
      new AccountAlternateContact(this, type.toLowerCase(), {
        provider: props.provider,
        accountId: props.memberAccountId,
        alternateContactType: type,
        name: contact.name,
        title: contact.title,
        emailAddress: contact.email,
        phoneNumber: contact.phone,
        dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
      });
    }
  }
}
