import { BudgetsBudget, BudgetsBudgetNotification } from '@cdktf/provider-aws/lib/budgets-budget';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { isWholeCents } from './settings';
import { BUDGET_MAX_EMAIL_SUBSCRIBERS, IamSpendCircuitBreaker } from './spend-circuit-breaker';

export const MONTHLY_BUDGET_NAME = 'account-baseline-monthly';

/** When the budget notifies: actual spend at 50, 80 and 100 %, forecast spend at 100 %. */
export const BUDGET_NOTIFICATIONS: ReadonlyArray<{ readonly type: 'ACTUAL' | 'FORECASTED'; readonly percent: number }> = [
  { type: 'ACTUAL', percent: 50 },
  { type: 'ACTUAL', percent: 80 },
  { type: 'ACTUAL', percent: 100 },
  { type: 'FORECASTED', percent: 100 },
];

/** The monthly budget, its notifications and the optional circuit breaker. */
export interface CostBudgetProps {
  /** The AWS provider (account and region) the resources are created with. */
  readonly provider: TerraformProvider;
  /** The 12-digit ID of the account. */
  readonly accountId: string;
  /** Monthly limit in USD; at most two decimal places. */
  readonly monthlyLimitUsd: number;
  /** Who is notified: e-mail addresses (at most 10) and the alert topic. */
  readonly emails: readonly string[];
  /** The ARN of the topic the notifications also go to (the formatter's intake topic). */
  readonly topicArn: string;
  /** What lets AWS Budgets publish to the topic. @default - nothing */
  readonly topicReady?: readonly ITerraformDependable[];
  /**
   * Count only this account's own costs. Needed in an organisation's management account, whose
   * unfiltered budget would count every member account's costs.
   * @default false
   */
  readonly ownCostsOnly?: boolean;
  /**
   * The circuit breaker (an IAM policy on people and workloads), off unless given.
   * @default - no circuit breaker
   */
  readonly circuitBreaker?: {
    readonly atPercent: number;
    readonly groups: readonly string[];
    readonly roles?: readonly string[];
    /** The groups and roles the action attaches to, when this stack creates them. @default - none */
    readonly dependsOn?: readonly ITerraformDependable[];
  };
}

/**
 * The account's monthly cost budget, `account-baseline-monthly`: e-mails and the alert topic
 * hear of actual spend at 50, 80 and 100 % and of forecast spend at 100 %; optionally the spend
 * circuit breaker acts at its own threshold.
 */
export class CostBudget extends Construct {
  readonly budget: BudgetsBudget;

  constructor(scope: Construct, id: string, props: CostBudgetProps) {
    super(scope, id);
    const { provider, accountId } = props;
    this.budget = new BudgetsBudget(this, 'budget', monthlyBudgetConfig({ ...props, name: MONTHLY_BUDGET_NAME }));
    if (props.circuitBreaker) {
      new IamSpendCircuitBreaker(this, 'circuit-breaker', {
        provider,
        accountId,
        budgetName: MONTHLY_BUDGET_NAME,
        atPercent: props.circuitBreaker.atPercent,
        notify: { emails: props.emails, topicArn: props.topicArn },
        groups: props.circuitBreaker.groups,
        roles: props.circuitBreaker.roles,
        dependsOn: [this.budget, ...(props.topicReady ?? []), ...(props.circuitBreaker.dependsOn ?? [])],
      });
    }
  }
}

/**
 * A monthly COST budget in USD, with the baseline's notifications when `emails` are given.
 * Shared with the organisation's circuit-breaker budgets, which watch one member account.
 */
export function monthlyBudgetConfig(props: {
  provider: TerraformProvider;
  accountId: string;
  name: string;
  monthlyLimitUsd: number;
  emails?: readonly string[];
  topicArn?: string;
  topicReady?: readonly ITerraformDependable[];
  ownCostsOnly?: boolean;
  /** Count only this linked account's costs (a budget in the management account about a member). */
  linkedAccountId?: string;
}) {
  const emails = [...(props.emails ?? [])].sort();
  if (emails.length > BUDGET_MAX_EMAIL_SUBSCRIBERS) {
    throw new Error(`CostBudget: AWS Budgets notifies at most ${BUDGET_MAX_EMAIL_SUBSCRIBERS} e-mail addresses, got ${emails.length}`);
  }
  if (!(props.monthlyLimitUsd > 0) || !isWholeCents(props.monthlyLimitUsd)) {
    throw new Error(`CostBudget: monthlyLimitUsd must be a positive amount in whole cents, got ${props.monthlyLimitUsd}`);
  }
  const linked = props.linkedAccountId ?? (props.ownCostsOnly ? props.accountId : undefined);
  const notification: BudgetsBudgetNotification[] =
    emails.length === 0 && !props.topicArn
      ? []
      : BUDGET_NOTIFICATIONS.map(({ type, percent }) => ({
          notificationType: type,
          comparisonOperator: 'GREATER_THAN',
          threshold: percent,
          thresholdType: 'PERCENTAGE',
          ...(emails.length > 0 ? { subscriberEmailAddresses: emails } : {}),
          ...(props.topicArn ? { subscriberSnsTopicArns: [props.topicArn] } : {}),
        }));
  return {
    provider: props.provider,
    accountId: props.accountId,
    name: props.name,
    budgetType: 'COST',
    timeUnit: 'MONTHLY',
    limitAmount: props.monthlyLimitUsd.toFixed(2),
    limitUnit: 'USD',
    ...(linked ? { costFilter: [{ name: 'LinkedAccount', values: [linked] }] } : {}),
    ...(notification.length > 0 ? { notification } : {}),
    ...(props.topicReady && props.topicReady.length > 0 ? { dependsOn: [...props.topicReady] } : {}),
  };
}
