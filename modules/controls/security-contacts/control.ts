import type { ControlModule } from '../control-module';
import { SecurityContacts } from './construct';
import { securityContactsDefinition } from './definition';

/** The securityContacts control: its definition and what it declares in one account. */
export const securityContactsControl: ControlModule = {
  ...securityContactsDefinition,
  account(ctx) {
    if (ctx.props.contactsSetCentrally) return undefined;
    if (!ctx.props.contacts) {
      throw new Error('AccountBaseline: contacts (at least the security contact) are required while the securityContacts control is on');
    }
    return new SecurityContacts(ctx.scope, 'securityContacts', { provider: ctx.regions.home, contacts: ctx.props.contacts });
  },
};
