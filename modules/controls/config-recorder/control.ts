import type { ControlModule } from '../control-module';
import { ConfigRecorder } from './construct';
import { configRecorderDefinition } from './definition';

/** The configRecorder control: its definition and what it declares in one account. */
export const configRecorderControl: ControlModule = {
  ...configRecorderDefinition,
  account(ctx) {
    return new ConfigRecorder(ctx.scope, 'configRecorder', {
      regions: ctx.regions,
      evidence: ctx.evidence,
      allRegions: ctx.props.configAllRegions ?? true,
      organizationAggregator: ctx.props.isSecurityAccount ?? false,
      serviceLinkedRoleExists: ctx.props.configServiceLinkedRoleExists,
    });
  },
};
