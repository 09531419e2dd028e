import type { ControlDefinition } from '../control-definition';

export const costBudgetDefinition: ControlDefinition = {
  id: 'costBudget',
  title:
    'Monthly cost budget per account: e-mail and alert-topic notifications at 50, 80 and 100 % of actual and 100 % of forecast spend; optional circuit breaker that denies compute launches',
  why: 'Both incidents were discovered on the bill, days late ($2,798.86 and $1,346). A budget turns spend into an alarm, and the opt-in breaker into a brake.',
  enabledByDefault: true,
  // Its IAM form binds the baseline's group of people.
  after: ['mfaEnforcement'],
  cis: [],
  protectedActions: {
    onBaselineResources: ['budgets:DeleteBudgetAction', 'budgets:ModifyBudget', 'budgets:UpdateBudgetAction'],
  },
};
