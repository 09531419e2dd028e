import type { ControlModule } from '../control-module';
import { GuardDuty } from './construct';
import { guardDutyDefinition } from './definition';

/** The guardDuty control: its definition and what it declares in one account. */
export const guardDutyControl: ControlModule = {
  ...guardDutyDefinition,
  account(ctx) {
    // In an organisation the security account, as delegated administrator, enables every member.
    const administers = ctx.props.isSecurityAccount ?? false;
    return new GuardDuty(ctx.scope, 'guardDuty', {
      regions: ctx.regions,
      alerts: ctx.alerts,
      detectors: ctx.mode === 'standalone' || administers,
      organizationConfiguration: administers,
      features: ctx.props.guardDuty?.features,
      minimumSeverity: ctx.props.guardDuty?.minimumSeverity,
    });
  },
};
