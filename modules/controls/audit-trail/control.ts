import type { ControlModule } from '../control-module';
import { AuditTrail } from './construct';
import { auditTrailDefinition } from './definition';

/** The auditTrail control: its definition and what it declares in one account. */
export const auditTrailControl: ControlModule = {
  ...auditTrailDefinition,
  account(ctx) {
    // In an organisation the management account's organisation trail records this account.
    if (!ctx.hasOwnTrail) return undefined;
    return new AuditTrail(ctx.scope, 'auditTrail', { regions: ctx.regions, evidence: ctx.evidence });
  },
};
