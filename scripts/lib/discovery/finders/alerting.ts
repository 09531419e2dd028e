/**
 * Finders for the baseline's alerting and spend resources: EventBridge rules, CloudWatch alarms,
 * Config rules, budgets and their actions, Cost Anomaly Detection monitors and subscriptions.
 * Rules, alarms and Config rules are written whole by every deploy (a second create is an update),
 * so only someone else's resource under one of their names matters; budgets, actions and
 * anomaly monitors refuse a second create or make a duplicate.
 */
import { isNotFound, readAllPages, readIfExists } from '../aws-reader';
import { BASELINE_NAME, Finder, Finding, nameTaken, originOfTags, tagObject } from '../finding';
import { declaredValues, extrasConflict, withExtras } from './extras';

const absent: Finding = { kind: 'absent' };

function namedPresent(what: string, name: string, tags: Record<string, string>, stack: string, importId: string, attributes: Record<string, unknown>): Finding {
  // Rules, alarms, Config rules, budgets and subscriptions are tagged in their create call.
  const { origin, evidence } = originOfTags(tags, stack, { baseline: BASELINE_NAME.test(name), taggedAtCreation: true });
  return {
    kind: 'present',
    found: `${what} ${name}`,
    origin,
    evidence,
    importId,
    attributes,
    ...(origin === 'owner' || origin === 'other-stack' ? { conflict: nameTaken(what, name, evidence) } : {}),
  };
}

export const eventRule: Finder = {
  type: 'aws_cloudwatch_event_rule',
  recognises: 'by its name on the default bus; its tags; no target the stack does not declare',
  refusesSecondCreate: false,
  async find(context) {
    const { aws, target, arg, stack } = context;
    const name = arg<string>('name');
    const rule = await readIfExists<{ Arn: string }>(aws, target, 'events', 'DescribeRule', { Name: name });
    if (!rule) return absent;
    const { Tags } = await aws.read(target, 'events', 'ListTagsForResource', { ResourceARN: rule.Arn });
    // A target the stack does not declare would receive every event the rule matches.
    const declared = new Set(declaredValues(context, 'aws_cloudwatch_event_target', 'target_id'));
    const targets = (await readAllPages(aws, target, 'events', 'ListTargetsByRule', { Rule: name }, { tokenIn: 'NextToken' })).flatMap((page) => (page.Targets ?? []) as Array<{ Id: string; Arn: string }>);
    const extras = targets.filter((candidate) => !declared.has(candidate.Id)).map((candidate) => `target ${candidate.Id} (${candidate.Arn})`);
    return withExtras(
      namedPresent('rule', name, tagObject(Tags), stack, name, { id: name, name, arn: rule.Arn }),
      extras.length > 0 ? extrasConflict('rule', name, extras, `remove them (aws events remove-targets --rule ${name} --ids ...)`) : undefined,
    );
  },
};

export const metricAlarm: Finder = {
  type: 'aws_cloudwatch_metric_alarm',
  recognises: 'by its name; its tags',
  refusesSecondCreate: false,
  async find({ aws, target, arg, stack }) {
    const name = arg<string>('alarm_name');
    const { MetricAlarms } = await aws.read(target, 'cloudwatch', 'DescribeAlarms', { AlarmNames: [name] });
    const [alarm] = (MetricAlarms ?? []) as Array<{ AlarmArn: string }>;
    if (!alarm) return absent;
    const { Tags } = await aws.read(target, 'cloudwatch', 'ListTagsForResource', { ResourceARN: alarm.AlarmArn });
    return namedPresent('alarm', name, tagObject(Tags), stack, name, { id: name, alarm_name: name, arn: alarm.AlarmArn });
  },
};

export const configRule: Finder = {
  type: 'aws_config_config_rule',
  recognises: 'by its name; its tags',
  refusesSecondCreate: false,
  async find({ aws, target, arg, stack }) {
    const name = arg<string>('name');
    const [rule] = ((await readIfExists(aws, target, 'config', 'DescribeConfigRules', { ConfigRuleNames: [name] }))?.ConfigRules ?? []) as Array<{ ConfigRuleArn: string; ConfigRuleId?: string }>;
    if (!rule) return absent;
    const { Tags } = await aws.read(target, 'config', 'ListTagsForResource', { ResourceArn: rule.ConfigRuleArn });
    return namedPresent('Config rule', name, tagObject(Tags), stack, name, { id: name, name, arn: rule.ConfigRuleArn, rule_id: rule.ConfigRuleId });
  },
};

export const budget: Finder = {
  type: 'aws_budgets_budget',
  recognises: "by its name in the account (AWS refuses a second budget of the same name); the baseline's budget names start with account-baseline",
  refusesSecondCreate: true,
  async find({ aws, target, arg, stack }) {
    const name = arg<string>('name');
    const account = arg<string | undefined>('account_id') ?? target.account;
    const budget = (await readIfExists(aws, target, 'budgets', 'DescribeBudget', { AccountId: account, BudgetName: name }))?.Budget;
    if (!budget) return absent;
    const amount = budget.BudgetLimit ? `${budget.BudgetLimit.Amount} ${budget.BudgetLimit.Unit}` : '?';
    const arn = `arn:aws:budgets::${account}:budget/${name}`;
    const { ResourceTags } = await aws.read(target, 'budgets', 'ListTagsForResource', { ResourceARN: arn });
    const found = namedPresent('budget', name, tagObject(ResourceTags), stack, `${account}:${name}`, { id: `${account}:${name}`, name, arn }) as Extract<Finding, { kind: 'present' }>;
    return { ...found, found: `budget ${name} (${amount} a ${String(budget.TimeUnit ?? 'period').toLowerCase()})` };
  },
};

export const budgetAction: Finder = {
  type: 'aws_budgets_budget_action',
  recognises: "on the baseline's budget, the action of the same kind that applies the same policy",
  refusesSecondCreate: true,
  async find({ aws, target, arg }) {
    const account = arg<string | undefined>('account_id') ?? target.account;
    const budgetName = arg<string>('budget_name');
    let actions: Array<{ ActionId: string; ActionType: string; NotificationType: string; Definition?: { IamActionDefinition?: { PolicyArn?: string }; ScpActionDefinition?: { PolicyId?: string } } }>;
    try {
      actions = (
        await readAllPages(aws, target, 'budgets', 'DescribeBudgetActionsForBudget', { AccountId: account, BudgetName: budgetName }, { tokenIn: 'NextToken' })
      ).flatMap((page) => page.Actions ?? []);
    } catch (error) {
      if (isNotFound(error)) return absent;
      throw error;
    }
    const definition = (arg<Array<Record<string, Array<Record<string, unknown>>>>>('definition') ?? [])[0] ?? {};
    const policyArn = definition.iam_action_definition?.[0]?.policy_arn;
    const policyId = definition.scp_action_definition?.[0]?.policy_id;
    const action = actions.find(
      (candidate) =>
        candidate.ActionType === arg<string>('action_type') &&
        candidate.NotificationType === arg<string>('notification_type') &&
        (policyArn === undefined || candidate.Definition?.IamActionDefinition?.PolicyArn === policyArn) &&
        (policyId === undefined || candidate.Definition?.ScpActionDefinition?.PolicyId === policyId),
    );
    if (!action) return absent;
    const id = `${account}:${action.ActionId}:${budgetName}`;
    return {
      kind: 'present',
      found: `budget action ${action.ActionId} on ${budgetName}`,
      origin: 'baseline-name',
      evidence: "on the baseline's budget, applying the baseline's policy",
      importId: id,
      attributes: { id, action_id: action.ActionId },
    };
  },
};

export const anomalyMonitor: Finder = {
  type: 'aws_ce_anomaly_monitor',
  recognises: 'AWS allows one AWS-services monitor per account: the one there is adopted under its own name',
  refusesSecondCreate: true,
  async find({ aws, target, arg, stack }) {
    const type = arg<string>('monitor_type');
    const dimension = arg<string | undefined>('monitor_dimension');
    const name = arg<string>('name');
    const monitors = (await readAllPages(aws, target, 'ce', 'GetAnomalyMonitors', {}, { tokenIn: 'NextPageToken' })).flatMap((page) => page.AnomalyMonitors ?? []) as Array<{
      MonitorArn: string;
      MonitorName: string;
      MonitorType: string;
      MonitorDimension?: string;
    }>;
    const monitor =
      monitors.find((candidate) => candidate.MonitorName === name) ??
      (type === 'DIMENSIONAL' ? monitors.find((candidate) => candidate.MonitorType === type && candidate.MonitorDimension === dimension) : undefined);
    if (!monitor) return absent;
    const { ResourceTags } = await aws.read(target, 'ce', 'ListTagsForResource', { ResourceArn: monitor.MonitorArn });
    const { origin, evidence } = originOfTags(tagObject(ResourceTags), stack, { baseline: monitor.MonitorName === name, taggedAtCreation: true });
    return {
      kind: 'present',
      found: `anomaly monitor ${monitor.MonitorName} (${monitor.MonitorType.toLowerCase()}${monitor.MonitorDimension ? `, ${monitor.MonitorDimension.toLowerCase()}` : ''})`,
      origin: monitor.MonitorName === name ? origin : 'owner',
      evidence: monitor.MonitorName === name ? evidence : 'AWS allows one AWS-services monitor per account, and this one is there',
      importId: monitor.MonitorArn,
      attributes: { id: monitor.MonitorArn, arn: monitor.MonitorArn, name: monitor.MonitorName },
      ...(monitor.MonitorName === name ? {} : { changes: [{ attribute: 'name', from: monitor.MonitorName, to: name }] }),
      kept: ['its anomaly history'],
    };
  },
};

export const anomalySubscription: Finder = {
  type: 'aws_ce_anomaly_subscription',
  recognises: "by its name (AWS would accept a second one of the same name: a duplicate); the baseline's start with account-baseline",
  refusesSecondCreate: true,
  async find({ aws, target, arg, stack }) {
    const name = arg<string>('name');
    const subscriptions = (await readAllPages(aws, target, 'ce', 'GetAnomalySubscriptions', {}, { tokenIn: 'NextPageToken' })).flatMap(
      (page) => page.AnomalySubscriptions ?? [],
    ) as Array<{ SubscriptionArn: string; SubscriptionName: string }>;
    const subscription = subscriptions.find((candidate) => candidate.SubscriptionName === name);
    if (!subscription) return absent;
    const { ResourceTags } = await aws.read(target, 'ce', 'ListTagsForResource', { ResourceArn: subscription.SubscriptionArn });
    return namedPresent('anomaly subscription', name, tagObject(ResourceTags), stack, subscription.SubscriptionArn, { id: subscription.SubscriptionArn, arn: subscription.SubscriptionArn, name });
  },
};

export const schedule: Finder = {
  type: 'aws_scheduler_schedule',
  recognises: "by its name in the default schedule group (AWS refuses a second schedule of the same name); schedules carry no tags, so only the baseline's exact name says it is the baseline's",
  refusesSecondCreate: true,
  async find({ aws, target, arg }) {
    const name = arg<string>('name');
    const group = arg<string | undefined>('group_name') ?? 'default';
    const found = await readIfExists<{ Arn: string; State?: string }>(aws, target, 'scheduler', 'GetSchedule', { Name: name, GroupName: group });
    if (!found) return absent;
    const baseline = BASELINE_NAME.test(name);
    return {
      kind: 'present',
      found: `schedule ${name} (group ${group}${found.State === 'DISABLED' ? ', disabled' : ''})`,
      origin: baseline ? 'baseline-name' : 'owner',
      evidence: baseline ? "the baseline's exact name (schedules carry no tags)" : 'a name the baseline does not use',
      importId: `${group}/${name}`,
      attributes: { id: `${group}/${name}`, name, group_name: group, arn: found.Arn },
      ...(baseline ? {} : { conflict: nameTaken('schedule', name, 'a name the baseline does not use') }),
    };
  },
};
