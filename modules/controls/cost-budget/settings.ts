import { z } from 'zod';
import { isWholeCents, mapping, usd, wholeNumber } from '../../core/config-primitives';

export { isWholeCents };

/**
 * AWS limits and sane bounds for the cost controls: a breaker percentage of the monthly budget,
 * and at most 100 roles in a budget action's IAM definition.
 */
export const BUDGET_LIMITS = {
  stopLaunchesAtPercent: { min: 1, max: 1000 },
  roles: 100,
} as const;

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

// IAM role names: 1-64 characters of [\w+=,.@-].
export const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
// Cost Anomaly Detection monitor ARN (GetAnomalyMonitors).
export const ANOMALY_MONITOR_ARN = /^arn:aws:ce::(\d{12}):anomalymonitor\/[0-9a-f-]{36}$/;

const { stopLaunchesAtPercent: BREAKER, roles: BREAKER_ROLES } = BUDGET_LIMITS;

export const budgetSchema = z.strictObject({
  monthlyLimitUsd: usd('monthly budget').meta({ description: 'Monthly cost budget for one account, in USD.' }),
  anomalyThresholdUsd: usd('anomaly alert threshold').meta({ description: 'Cost Anomaly Detection alerts when an anomaly\'s total impact reaches this many USD.' }),
  stopLaunchesAtPercent: wholeNumber('percent')
    .min(BREAKER.min, { error: `must be a whole percentage of the monthly budget from ${BREAKER.min} to ${BREAKER.max}` })
    .max(BREAKER.max, { error: `must be a whole percentage of the monthly budget from ${BREAKER.min} to ${BREAKER.max}` })
    .optional()
    .meta({ description: 'Circuit breaker, off unless set: when actual spend reaches this percentage of the monthly budget, a budget action denies launching compute (an SCP on the account in an organisation, an IAM policy on the human-users group and `stopLaunchesForRoles` otherwise).', defaultText: 'off' }),
  stopLaunchesForRoles: z
    .array(
      z.string({ error: 'must be an IAM role name' }).regex(ROLE_NAME, { error: 'must be an IAM role name (not an ARN): 1-64 letters, digits and +=,.@_-' }),
      { error: 'must be a list of IAM role names' },
    )
    .max(BREAKER_ROLES, { error: `must list at most ${BREAKER_ROLES} roles (AWS Budgets action limit)` })
    .optional()
    .meta({ description: 'Workload roles (names) the circuit breaker\'s deny policy is attached to as well, where it is an IAM policy (standalone accounts and the management account); each role must exist.', defaultText: 'none' }),
}, mapping('a mapping with monthlyLimitUsd and anomalyThresholdUsd, in US dollars'));

export const accountBudgetSchema = budgetSchema.partial().extend({
  servicesMonitorArn: z
    .string({ error: 'must be a Cost Anomaly Detection monitor ARN' })
    .regex(ANOMALY_MONITOR_ARN, { error: 'must be a Cost Anomaly Detection monitor ARN such as "arn:aws:ce::111122223333:anomalymonitor/12345678-abcd-1234-abcd-123456789012"' })
    .optional()
    .meta({ description: 'ARN of the account\'s existing AWS services cost monitor, which the stack adopts (a Terraform import): AWS allows one per account and creates one in many new accounts. `aws ce get-anomaly-monitors --query "AnomalyMonitors[?MonitorDimension==\'SERVICE\'].MonitorArn"`', defaultText: 'a new monitor is created' }),
});
