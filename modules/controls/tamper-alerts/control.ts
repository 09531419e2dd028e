import type { ControlModule } from '../control-module';
import { TamperAlerts } from './construct';
import { tamperAlertsDefinition } from './definition';

/** The tamperAlerts control: its definition and what it declares in one account. */
export const tamperAlertsControl: ControlModule = {
  ...tamperAlertsDefinition,
  account(ctx) {
    return new TamperAlerts(ctx.scope, 'tamperAlerts', { regions: ctx.regions, alerts: ctx.alerts, exemptRoleArns: ctx.props.exemptRoleArns });
  },
};
