import type { ControlModule } from '../control-module';
import { baselineProtectionDefinition } from './definition';

/** The baselineProtection control: its definition and what it declares in one account. */
export const baselineProtectionControl: ControlModule = {
  ...baselineProtectionDefinition,
  // An SCP in the organization stack; account stacks declare nothing for it.
};
