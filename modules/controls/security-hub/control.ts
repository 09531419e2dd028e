import type { ControlModule } from '../control-module';
import { SecurityHub } from './construct';
import { securityHubDefinition } from './definition';

/** The securityHub control: its definition and what it declares in one account. */
export const securityHubControl: ControlModule = {
  ...securityHubDefinition,
  account(ctx) {
    return new SecurityHub(ctx.scope, 'securityHub', { regions: ctx.regions });
  },
};
