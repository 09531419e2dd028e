import { BudgetsBudget } from '@cdktf/provider-aws/lib/budgets-budget';
import { STOP_LAUNCHES_POLICY_NAME } from '../../policies/spend';
import type { OrganizationContext } from '../control-organization';
import { monthlyBudgetConfig } from './construct';
import { OrganizationSpendCircuitBreaker } from './spend-circuit-breaker';

/** One member account's circuit breaker. */
export interface MemberCircuitBreaker {
  /** The account's short name, for budget and construct names. */
  readonly name: string;
  readonly accountId: string;
  readonly monthlyLimitUsd: number;
  readonly atPercent: number;
  /** Who hears that the breaker fired (at most 10). */
  readonly emails: readonly string[];
}

/**
 * Member accounts' circuit breakers: per account, a budget in the management account that counts
 * that account's costs, and a budget action that attaches the stop-launches SCP to it.
 */
export function spendCircuitBreakersInOrganization(
  ctx: OrganizationContext,
  props: { readonly managementAccountId: string; readonly organizationId: string; readonly breakers: readonly MemberCircuitBreaker[] },
): void {
  const { scope } = ctx;
  const provider = ctx.regions.home;
  const accounts = props.breakers.map((breaker) => {
    const budgetName = `account-baseline-stop-launches-${breaker.name}`;
    const budget = new BudgetsBudget(
      scope,
      `budget-${breaker.name}`,
      monthlyBudgetConfig({ provider, accountId: props.managementAccountId, name: budgetName, monthlyLimitUsd: breaker.monthlyLimitUsd, linkedAccountId: breaker.accountId }),
    );
    return { ...breaker, budgetName, budget, notify: { emails: breaker.emails } };
  });
  new OrganizationSpendCircuitBreaker(scope, 'circuit-breaker', {
    provider,
    managementAccountId: props.managementAccountId,
    organizationId: props.organizationId,
    accounts,
    exemptRoleArns: ctx.breakGlassRoleArns,
    dependsOn: [...ctx.organizationReady, ...accounts.map((account) => account.budget)],
  });
  for (const account of accounts) ctx.scps.onAccountOf(account.accountId, `account ${account.name} (${account.accountId})`, STOP_LAUNCHES_POLICY_NAME);
}
