/**
 * AWS limits and sane bounds for the cost controls: a breaker percentage of the monthly budget,
 * and at most 100 roles in a budget action's IAM definition.
 */
export const BUDGET_LIMITS = {
  stopLaunchesAtPercent: { min: 1, max: 1000 },
  roles: 100,
} as const;

/** True for an amount in whole cents, as AWS Budgets takes them (floating-point safe). */
export function isWholeCents(value: number): boolean {
  return Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;
}

export interface BudgetSettings {
  readonly monthlyLimitUsd: number;
  readonly anomalyThresholdUsd: number;
  /** The circuit breaker's threshold, in percent of the monthly budget; undefined when it is off. */
  readonly stopLaunchesAtPercent?: number;
  /** Workload roles the breaker's IAM policy is attached to (standalone and management accounts), sorted. */
  readonly stopLaunchesForRoles: readonly string[];
  /** The account's existing AWS services cost monitor, adopted by its stack. */
  readonly servicesMonitorArn?: string;
}
