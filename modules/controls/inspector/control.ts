import type { ControlModule } from '../control-module';
import { Inspector } from './construct';
import { inspectorDefinition } from './definition';

/** The inspector control: its definition and what it declares in one account. */
export const inspectorControl: ControlModule = {
  ...inspectorDefinition,
  account(ctx) {
    if (ctx.mode !== 'standalone' && !ctx.props.isSecurityAccount) return undefined; // enabled by the delegated administrator
    return new Inspector(ctx.scope, 'inspector', {
      regions: ctx.regions,
      scanRegions: ctx.props.inspector?.regions ?? ctx.props.allowedRegions ?? [ctx.regions.homeRegion],
      scan: ctx.props.inspector?.scan,
      memberAccountIds: ctx.props.isSecurityAccount ? (ctx.props.administeredAccountIds ?? []) : undefined,
    });
  },
};
