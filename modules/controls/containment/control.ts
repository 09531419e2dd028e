import type { ControlModule } from '../control-module';
import { Containment } from './construct';
import { containmentDefinition } from './definition';

/** The containment control: its definition and what it declares in one account. */
export const containmentControl: ControlModule = {
  ...containmentDefinition,
  account(ctx) {
    const { exemptRoleArns, ...contain } = ctx.props.containment ?? {};
    return new Containment(ctx.scope, 'containment', {
      regions: ctx.regions,
      alerts: ctx.alerts,
      allowedRegions: ctx.props.allowedRegions ?? [ctx.regions.homeRegion],
      // The organisation's break-glass and deployment roles, and any the account names.
      exemptRoleArns: [...(ctx.props.exemptRoleArns ?? []), ...(exemptRoleArns ?? [])],
      ...contain,
    });
  },
};
