import { BudgetsBudgetAction, BudgetsBudgetActionDefinition, BudgetsBudgetActionSubscriber } from '@cdktf/provider-aws/lib/budgets-budget-action';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { IAM_POLICY_MAX_CHARACTERS, toPolicyJson } from '../../policies/policy-document';
import { FEWER_BREAK_GLASS_ROLES, checkedScpContent } from '../../policies/scp-limits';
import {
  STOP_LAUNCHES_POLICY_NAME,
  budgetActionTrustPolicy,
  iamBreakerExecutionPolicy,
  scpBreakerExecutionPolicy,
  stopLaunchesPolicy,
} from '../../policies/spend';

/** The execution role in an account's own stack, and in the organization stack (both may be in the management account). */
export const BREAKER_EXECUTION_ROLE_NAME = 'account-baseline-budget-actions';
export const ORGANIZATION_BREAKER_EXECUTION_ROLE_NAME = 'account-baseline-org-budget-actions';

/** AWS Budgets: at most 10 e-mail subscribers (and one SNS topic) per notification or action. */
export const BUDGET_MAX_EMAIL_SUBSCRIBERS = 10;

/** Who hears that the breaker fired: at most 10 e-mail addresses and one SNS topic (AWS Budgets). */
export interface BreakerNotification {
  readonly emails: readonly string[];
  /** An SNS topic in the budget's own account. @default - e-mail only */
  readonly topicArn?: string;
}

interface BreakerCommon {
  /** Provider of the account that owns the budget. */
  readonly provider: TerraformProvider;
  /** The 12-digit ID of the account that owns the budget. */
  readonly accountId: string;
  /** Actual spend, in percent of the budget, at which the action runs. */
  readonly atPercent: number;
  /** Who hears that the action ran: e-mail addresses and, optionally, a topic. */
  readonly notify: BreakerNotification;
  /** What must exist first (the budget, the alert topic's policy). @default - nothing */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** The circuit breaker as an IAM policy (standalone and management accounts). */
export interface IamSpendCircuitBreakerProps extends BreakerCommon {
  /** The budget whose actual spend trips the breaker. */
  readonly budgetName: string;
  /** Groups of people the deny policy is attached to (they must exist). */
  readonly groups: readonly string[];
  /** Workload roles the deny policy is attached to (they must exist). @default - none */
  readonly roles?: readonly string[];
}

/**
 * The spend circuit breaker where SCPs cannot reach (a standalone account, or the management
 * account of an organisation): a budget action that, once actual spend crosses the threshold,
 * attaches the managed policy `account-baseline-stop-launches` (deny launching compute) to the
 * human-users groups and the listed workload roles, run by an execution role that can attach
 * and detach that one policy to and from those principals only. Nothing else is denied, so the
 * owner can still sign in, read the bill, open a support case, and detach the policy or reset
 * the action in the Budgets console. Root is never affected: IAM policies do not apply to it.
 */
export class IamSpendCircuitBreaker extends Construct {
  readonly policy: IamPolicy;
  readonly action: BudgetsBudgetAction;

  constructor(scope: Construct, id: string, props: IamSpendCircuitBreakerProps) {
    super(scope, id);
    const { provider, accountId } = props;
    const groups = [...props.groups].sort();
    const roles = [...(props.roles ?? [])].sort();
    if (groups.length === 0 && roles.length === 0) {
      throw new Error('IamSpendCircuitBreaker: nothing to stop; give at least one group or role to attach the deny policy to');
    }
    const policyArn = `arn:aws:iam::${accountId}:policy/${STOP_LAUNCHES_POLICY_NAME}`;
    const content = checkedSize(toPolicyJson(stopLaunchesPolicy()), IAM_POLICY_MAX_CHARACTERS, `the IAM policy ${STOP_LAUNCHES_POLICY_NAME}`);
    this.policy = new IamPolicy(this, 'stop-launches-policy', {
      provider,
      name: STOP_LAUNCHES_POLICY_NAME,
      description: 'Spend circuit breaker: attached by a budget action when actual spend crosses the threshold; denies launching compute',
      policy: content,
    });
    const role = executionRole(this, {
      provider,
      name: BREAKER_EXECUTION_ROLE_NAME,
      accountId,
      budgetNames: [props.budgetName],
      policy: iamBreakerExecutionPolicy({ accountId, policyArn, groups, roles }),
    });
    this.action = breakerAction(this, 'action', {
      ...props,
      budgetName: props.budgetName,
      roleArn: role.arn,
      actionType: 'APPLY_IAM_POLICY',
      definition: {
        iamActionDefinition: {
          policyArn: this.policy.arn,
          ...(groups.length > 0 ? { groups } : {}),
          ...(roles.length > 0 ? { roles } : {}),
        },
      },
      dependsOn: [...(props.dependsOn ?? []), this.policy],
    });
  }
}

/** The circuit breaker as SCPs, run from the management account for each member account that has one. */
export interface OrganizationSpendCircuitBreakerProps {
  /** The management account's provider: only the management account can attach SCPs. */
  readonly provider: TerraformProvider;
  /** The 12-digit ID of the organisation's management account. */
  readonly managementAccountId: string;
  /** The organisation's ID (a token is fine). */
  readonly organizationId: string;
  /** One breaker per member account, each on its own budget in the management account. */
  readonly accounts: ReadonlyArray<{
    readonly name: string;
    readonly accountId: string;
    readonly budgetName: string;
    readonly atPercent: number;
    readonly notify: BreakerNotification;
  }>;
  /** Roles the SCP exempts (break-glass). @default - none */
  readonly exemptRoleArns?: readonly string[];
  /** What must exist first (the SCP policy type, the organisation). @default - nothing */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * The spend circuit breaker in an organisation: one SCP `account-baseline-stop-launches`
 * (deny launching compute, break-glass roles exempt), created unattached; per member account a
 * budget action that attaches it to that account once its actual spend crosses the threshold.
 * Budget actions that apply SCPs must live in the management account, so the budgets they
 * watch do too (filtered to the member account). SCPs bind every principal in the member
 * account, its root user included, and never the management account, from where the owner
 * detaches the policy or resets the action.
 */
export class OrganizationSpendCircuitBreaker extends Construct {
  readonly policy: OrganizationsPolicy;

  constructor(scope: Construct, id: string, props: OrganizationSpendCircuitBreakerProps) {
    super(scope, id);
    const { provider, managementAccountId } = props;
    const content = checkedScpContent(
      'SpendCircuitBreaker',
      STOP_LAUNCHES_POLICY_NAME,
      stopLaunchesPolicy({ exemptRoleArns: props.exemptRoleArns }),
      FEWER_BREAK_GLASS_ROLES,
    );
    this.policy = new OrganizationsPolicy(this, 'stop-launches-scp', {
      provider,
      name: STOP_LAUNCHES_POLICY_NAME,
      description: 'Spend circuit breaker: attached to a member account by a budget action when its spend crosses the threshold; denies launching compute',
      type: 'SERVICE_CONTROL_POLICY',
      content,
      dependsOn: [...(props.dependsOn ?? [])],
    });
    const accounts = [...props.accounts].sort((a, b) => a.name.localeCompare(b.name));
    const role = executionRole(this, {
      provider,
      name: ORGANIZATION_BREAKER_EXECUTION_ROLE_NAME,
      accountId: managementAccountId,
      budgetNames: accounts.map((account) => account.budgetName),
      policy: scpBreakerExecutionPolicy({
        managementAccountId,
        organizationId: props.organizationId,
        policyArn: this.policy.arn,
        accountIds: accounts.map((account) => account.accountId),
      }),
    });
    for (const account of accounts) {
      breakerAction(this, account.name, {
        provider,
        accountId: managementAccountId,
        budgetName: account.budgetName,
        atPercent: account.atPercent,
        notify: account.notify,
        roleArn: role.arn,
        actionType: 'APPLY_SCP_POLICY',
        definition: { scpActionDefinition: { policyId: this.policy.id, targetIds: [account.accountId] } },
        dependsOn: [...(props.dependsOn ?? []), this.policy],
      });
    }
  }
}

function checkedSize(content: string, max: number, what: string): string {
  if (content.length > max) throw new Error(`SpendCircuitBreaker: ${what} is ${content.length} characters, ${content.length - max} over the ${max} AWS allows`);
  return content;
}

function executionRole(
  scope: Construct,
  props: { provider: TerraformProvider; name: string; accountId: string; budgetNames: readonly string[]; policy: ReturnType<typeof iamBreakerExecutionPolicy> },
): IamRole {
  return new IamRole(scope, 'execution-role', {
    provider: props.provider,
    name: props.name,
    description: 'AWS Budgets runs the spend circuit breaker with this role: it can attach and detach the stop-launches policy, nothing else',
    assumeRolePolicy: toPolicyJson(budgetActionTrustPolicy({ accountId: props.accountId, budgetNames: props.budgetNames })),
    inlinePolicy: [{ name: 'attach-stop-launches-policy', policy: toPolicyJson(props.policy) }],
  });
}

function breakerAction(
  scope: Construct,
  id: string,
  props: BreakerCommon & {
    budgetName: string;
    roleArn: string;
    actionType: 'APPLY_IAM_POLICY' | 'APPLY_SCP_POLICY';
    definition: BudgetsBudgetActionDefinition;
  },
): BudgetsBudgetAction {
  const subscriber: BudgetsBudgetActionSubscriber[] = [
    ...[...props.notify.emails].sort().map((address) => ({ address, subscriptionType: 'EMAIL' })),
    ...(props.notify.topicArn ? [{ address: props.notify.topicArn, subscriptionType: 'SNS' }] : []),
  ];
  if (props.notify.emails.length > BUDGET_MAX_EMAIL_SUBSCRIBERS) {
    throw new Error(`SpendCircuitBreaker: AWS Budgets notifies at most ${BUDGET_MAX_EMAIL_SUBSCRIBERS} e-mail addresses, got ${props.notify.emails.length}`);
  }
  return new BudgetsBudgetAction(scope, id, {
    provider: props.provider,
    accountId: props.accountId,
    budgetName: props.budgetName,
    actionType: props.actionType,
    // AUTOMATIC: the point of a breaker is to act while nobody is watching.
    approvalModel: 'AUTOMATIC',
    notificationType: 'ACTUAL',
    executionRoleArn: props.roleArn,
    actionThreshold: { actionThresholdType: 'PERCENTAGE', actionThresholdValue: props.atPercent },
    definition: props.definition,
    subscriber,
    dependsOn: [...(props.dependsOn ?? [])],
  });
}
