import type { ControlModule } from '../control-module';
import { CredentialHygiene } from './construct';
import { credentialHygieneDefinition } from './definition';

/** The credentialHygiene control: its definition and what it declares in one account. */
export const credentialHygieneControl: ControlModule = {
  ...credentialHygieneDefinition,
  account(ctx) {
    return new CredentialHygiene(ctx.scope, 'credentialHygiene', { regions: ctx.regions, alerts: ctx.alerts, recorder: ctx.recorderFor('credentialHygiene') });
  },
};
