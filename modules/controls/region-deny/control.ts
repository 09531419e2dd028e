import type { ControlModule } from '../control-module';
import { RegionDenyForGroups } from './construct';
import { regionDenyDefinition } from './definition';

/** The regionDeny control: its definition and what it declares in one account. */
export const regionDenyControl: ControlModule = {
  ...regionDenyDefinition,
  account(ctx) {
    // Member accounts are fenced by the organisation's SCP; SCPs never bind the management account.
    if (ctx.mode === 'organization-member') return undefined;
    const groups = ctx.humanGroups();
    if (groups.length === 0) {
      throw new Error('AccountBaseline: regionDeny needs a group of people to attach to; switch mfaEnforcement on or give mfaRequiredGroups');
    }
    return new RegionDenyForGroups(ctx.scope, 'regionDeny', {
      provider: ctx.regions.home,
      allowedRegions: ctx.props.allowedRegions ?? [ctx.regions.homeRegion],
      groups,
      dependsOn: ctx.humanUsersGroup ? [ctx.humanUsersGroup] : [],
    });
  },
};
