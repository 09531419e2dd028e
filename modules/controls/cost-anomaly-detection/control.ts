import type { ControlModule } from '../control-module';
import { CostAnomalyDetection } from './construct';
import { costAnomalyDetectionDefinition } from './definition';

/** The costAnomalyDetection control: its definition and what it declares in one account. */
export const costAnomalyDetectionControl: ControlModule = {
  ...costAnomalyDetectionDefinition,
  account(ctx) {
    const budget = ctx.requireBudget('costAnomalyDetection');
    return new CostAnomalyDetection(ctx.scope, 'costAnomalyDetection', {
      provider: ctx.regions.home,
      thresholdUsd: budget.anomalyThresholdUsd,
      // Through the formatter, which writes AWS's message in the account's language.
      topicArn: ctx.alerts.intakeTopicArn,
      topicReady: ctx.alerts.publishingAllowed,
      emails: ctx.props.alertEmails,
      existingServicesMonitorArn: budget.servicesMonitorArn,
    });
  },
};
