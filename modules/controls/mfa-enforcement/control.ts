import type { ControlModule } from '../control-module';
import { MfaEnforcement } from './construct';
import { mfaEnforcementDefinition } from './definition';

/** The mfaEnforcement control: its definition and what it declares in one account. */
export const mfaEnforcementControl: ControlModule = {
  ...mfaEnforcementDefinition,
  account(ctx) {
    return new MfaEnforcement(ctx.scope, 'mfaEnforcement', {
      regions: ctx.regions,
      alerts: ctx.alerts,
      attachToGroups: ctx.props.mfaRequiredGroups,
      members: ctx.props.humanUsers,
    });
  },
};
