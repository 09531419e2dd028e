import type { ControlModule } from '../control-module';
import { CostBudget } from './construct';
import { costBudgetDefinition } from './definition';

/** The costBudget control: its definition and what it declares in one account. */
export const costBudgetControl: ControlModule = {
  ...costBudgetDefinition,
  account(ctx) {
    const budget = ctx.requireBudget('costBudget');
    // In an organisation, member accounts' breakers are SCPs in the organization stack; SCPs
    // never bind the management account, so it gets the IAM form, like a standalone account.
    const iamBreaker = budget.stopLaunchesAtPercent !== undefined && ctx.mode !== 'organization-member';
    const groups = ctx.humanGroups();
    return new CostBudget(ctx.scope, 'costBudget', {
      provider: ctx.regions.home,
      accountId: ctx.accountId,
      monthlyLimitUsd: budget.monthlyLimitUsd,
      emails: ctx.props.alertEmails,
      // Through the formatter, which writes AWS's message in the account's language.
      topicArn: ctx.alerts.intakeTopicArn,
      topicReady: ctx.alerts.publishingAllowed,
      ownCostsOnly: ctx.mode === 'organization-management',
      circuitBreaker: iamBreaker
        ? {
            atPercent: budget.stopLaunchesAtPercent!,
            groups,
            roles: budget.stopLaunchesForRoles,
            dependsOn: ctx.humanUsersGroup ? [ctx.humanUsersGroup] : [],
          }
        : undefined,
    });
  },
};
