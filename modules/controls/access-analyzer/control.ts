import type { ControlModule } from '../control-module';
import { AccessAnalyzer } from './construct';
import { accessAnalyzerDefinition } from './definition';

/** The accessAnalyzer control: its definition and what it declares in one account. */
export const accessAnalyzerControl: ControlModule = {
  ...accessAnalyzerDefinition,
  account(ctx) {
    return new AccessAnalyzer(ctx.scope, 'accessAnalyzer', { regions: ctx.regions, organizationAnalyzer: ctx.props.isSecurityAccount ?? false });
  },
};
