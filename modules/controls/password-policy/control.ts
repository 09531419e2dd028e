import type { ControlModule } from '../control-module';
import { PasswordPolicy } from './construct';
import { passwordPolicyDefinition } from './definition';

/** The passwordPolicy control: its definition and what it declares in one account. */
export const passwordPolicyControl: ControlModule = {
  ...passwordPolicyDefinition,
  account(ctx) {
    return new PasswordPolicy(ctx.scope, 'passwordPolicy', {
      regions: ctx.regions,
      alerts: ctx.alerts,
      recorder: ctx.recorderFor('passwordPolicy'),
      policy: ctx.props.passwordPolicy,
    });
  },
};
