import type { ControlModule } from '../control-module';
import { UnusedRegionAlerts } from './construct';
import { unusedRegionAlertsDefinition } from './definition';

/** The unusedRegionAlerts control: its definition and what it declares in one account. */
export const unusedRegionAlertsControl: ControlModule = {
  ...unusedRegionAlertsDefinition,
  account(ctx) {
    return new UnusedRegionAlerts(ctx.scope, 'unusedRegionAlerts', {
      regions: ctx.regions,
      alerts: ctx.alerts,
      allowedRegions: ctx.props.allowedRegions ?? [ctx.regions.homeRegion],
    });
  },
};
