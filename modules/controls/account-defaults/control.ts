import type { ControlModule } from '../control-module';
import { AccountDefaults } from './construct';
import { accountDefaultsDefinition } from './definition';

/** The accountDefaults control: its definition and what it declares in one account. */
export const accountDefaultsControl: ControlModule = {
  ...accountDefaultsDefinition,
  account(ctx) {
    return new AccountDefaults(ctx.scope, 'accountDefaults', { regions: ctx.regions });
  },
};
