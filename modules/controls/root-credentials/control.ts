import type { ControlModule } from '../control-module';
import { RootCredentials } from './construct';
import { rootCredentialsDefinition } from './definition';

/** The rootCredentials control: its definition and what it declares in one account. */
export const rootCredentialsControl: ControlModule = {
  ...rootCredentialsDefinition,
  account(ctx) {
    return new RootCredentials(ctx.scope, 'rootCredentials', { regions: ctx.regions, alerts: ctx.alerts, recorder: ctx.recorderFor('rootCredentials') });
  },
};
