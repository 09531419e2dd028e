/**
 * The alert path reports its own silence (issue 25, finding 2). In every enabled region a schedule
 * puts a heartbeat on the default bus; away from home the region's forwarding rule sends it home,
 * where a rule writes it to a log whose count an alarm watches. Proven on the synthesized stacks:
 * the heartbeat's route (the project's pattern matcher), the role's and the log's policies (the
 * IAM engine), and the alarm over a timeline of heartbeats (CloudWatch's alarm rules).
 */
import { HEARTBEAT } from '../modules/policies/alerts';
import { eventForwardingPolicy } from '../modules/policies/events';
import { AlarmSettings, alarmStateAt, notifications } from './support/alarm';
import { matchesPattern } from './support/event-pattern';
import { forwardingRules, homeRegionOf, routeOf, targetsOf } from './support/event-routing';
import { DEFAULT_CONFIG, ORGANIZATION_EXAMPLE, resourcesOfType, synthesize } from './support/fixtures';
import { callerContext, decide } from './support/simulate';

type Stack = Parameters<typeof resourcesOfType>[0];

const standalone = synthesize(DEFAULT_CONFIG).stack('account-personal');
const organization = synthesize(ORGANIZATION_EXAMPLE);
const stacks: Array<[string, Stack]> = [
  ['a standalone account', standalone],
  ['the management account', organization.stack('account-management')],
  ['a member account', organization.stack('account-staging')],
];

const regionOf = (resource: Record<string, any>) => String(resource.provider).replace(/^aws\./, '');
const accountOf = (stack: Stack) => /^arn:aws:sns:[^:]+:(\d{12}):/.exec(resourcesOfType(stack, 'aws_cloudwatch_metric_alarm').find((alarm) => alarm.alarm_name === HEARTBEAT.name)!.alarm_actions[0])![1];
const schedules = (stack: Stack) => resourcesOfType(stack, 'aws_scheduler_schedule').filter((schedule) => schedule.name === HEARTBEAT.name);
const heartbeatAlarm = (stack: Stack) => resourcesOfType(stack, 'aws_cloudwatch_metric_alarm').find((alarm) => alarm.alarm_name === HEARTBEAT.name) as AlarmSettings & Record<string, any>;

/** The event a schedule's EventBridge target puts on its region's default bus. */
function heartbeat(stack: Stack, region: string): Record<string, unknown> {
  const schedule = schedules(stack).find((candidate) => regionOf(candidate) === region)!;
  const account = accountOf(stack);
  return {
    version: '0',
    id: `heartbeat-${region}`,
    'detail-type': schedule.target.eventbridge_parameters.detail_type,
    source: schedule.target.eventbridge_parameters.source,
    account,
    time: '2026-12-07T03:00:00Z',
    region,
    resources: [`arn:aws:scheduler:${region}:${account}:schedule/default/${schedule.name}`],
    detail: JSON.parse(schedule.target.input),
  };
}

describe.each(stacks)('in %s', (_name, stack) => {
  const home = homeRegionOf(stack);
  const account = accountOf(stack);
  const enabled = [...new Set(resourcesOfType(stack, 'aws_guardduty_detector').map(regionOf))];
  const regions = schedules(stack).map(regionOf).sort();

  test('every enabled region has a heartbeat schedule that puts it on its own default bus, as the heartbeat role', () => {
    // Every region a provider serves, not only where detectors are (the member's detectors are the administrator's).
    const providerRegions = (stack.json.provider?.aws ?? []).map((provider: Record<string, unknown>) => String(provider.region)).filter((region) => region !== 'undefined');
    expect(regions).toEqual([...new Set(providerRegions)].sort());
    expect(regions.length).toBeGreaterThanOrEqual(enabled.length);
    for (const schedule of schedules(stack)) {
      const region = regionOf(schedule);
      expect(schedule.schedule_expression).toBe(`rate(${HEARTBEAT.everyMinutes} minutes)`);
      expect(schedule.flexible_time_window).toEqual({ mode: 'OFF' });
      expect(schedule.target.arn).toBe(`arn:aws:events:${region}:${account}:event-bus/default`);
      expect(schedule.target.role_arn).toMatch(/^\$\{aws_iam_role\.[^.]+heartbeat_role[^.]+\.arn\}$/);
      expect(JSON.parse(schedule.target.input)).toEqual({ region });
    }
  });

  test("each region's heartbeat reaches the home region once, through that region's forwarding rule, and the home rule writes it to the log", () => {
    for (const region of regions) {
      const event = heartbeat(stack, region);
      if (region !== home) expect(forwardingRules(stack, region).filter((rule) => matchesPattern(JSON.parse(rule.event_pattern), event))).toHaveLength(1);
      expect(routeOf(stack, HEARTBEAT.name, event)).toEqual({ copiesAtHome: 1, homeRules: [HEARTBEAT.name] });
    }
    const homeRule = resourcesOfType(stack, 'aws_cloudwatch_event_rule').find((rule) => rule.name === HEARTBEAT.name && regionOf(rule) === home)!;
    const [target] = targetsOf(stack, [homeRule]);
    expect(target.arn).toBe(`arn:aws:logs:${home}:${account}:log-group:${HEARTBEAT.logGroup}`);
    // The log's metric filter counts what the rule writes (EventBridge writes the event's JSON).
    const filter = resourcesOfType(stack, 'aws_cloudwatch_log_metric_filter').find((candidate) => candidate.name === HEARTBEAT.name)!;
    const [, field, value] = /^\{ \$\.(\w+) = "([^"]+)" \}$/.exec(filter.pattern)!;
    expect(heartbeat(stack, regions[0])[field]).toBe(value);
    expect(filter.metric_transformation).toEqual({ namespace: HEARTBEAT.namespace, name: HEARTBEAT.metric, value: '1', unit: 'Count' });
    // Nothing else is written to the log: an alert event does not match the home rule.
    expect(routeOf(stack, HEARTBEAT.name, { ...heartbeat(stack, home), source: 'aws.guardduty' }).homeRules).toEqual([]);
  });

  test("the heartbeat role may put events on the enabled regions' default buses and nothing else; only the home rule may write the log", async () => {
    const role = resourcesOfType(stack, 'aws_iam_role').find((candidate) => candidate.name === HEARTBEAT.name)!;
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'scheduler.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': account } } },
    ]);
    const policy = JSON.parse(role.inline_policy[0].policy);
    const principal = `arn:aws:iam::${account}:role/${HEARTBEAT.name}`;
    const may = (action: string, resource: string) => decide({ principal, action, resource, resourceAccount: account, context: callerContext(principal) }, { identityPolicies: [policy] });
    for (const region of regions) expect(await may('events:PutEvents', `arn:aws:events:${region}:${account}:event-bus/default`)).toBe('Allowed');
    expect(await may('events:PutEvents', `arn:aws:events:${home}:${account}:event-bus/someone-elses`)).toBe('ImplicitlyDenied');
    expect(await may('events:PutEvents', `arn:aws:events:${home}:210987654321:event-bus/default`)).toBe('ImplicitlyDenied');
    expect(await may('events:PutRule', `arn:aws:events:${home}:${account}:rule/${HEARTBEAT.name}`)).toBe('ImplicitlyDenied');

    const logPolicy = JSON.parse(resourcesOfType(stack, 'aws_cloudwatch_log_resource_policy').find((candidate) => candidate.policy_name === HEARTBEAT.name)!.policy_document);
    const stream = `arn:aws:logs:${home}:${account}:log-group:${HEARTBEAT.logGroup}:log-stream:beats`;
    const write = (sourceArn: string) =>
      decide(
        { principal: 'events.amazonaws.com', action: 'logs:PutLogEvents', resource: stream, resourceAccount: account, context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': account } },
        { resourcePolicy: logPolicy },
      );
    expect(await write(`arn:aws:events:${home}:${account}:rule/${HEARTBEAT.name}`)).toBe('Allowed');
    expect(await write(`arn:aws:events:${home}:${account}:rule/someone-elses-rule`)).toBe('ImplicitlyDenied');
  });

  test('the alarm is in the home region and publishes to the alert topic directly, not through forwarding', () => {
    const alarm = heartbeatAlarm(stack);
    expect(regionOf(alarm)).toBe(home);
    const topic = `arn:aws:sns:${home}:${account}:account-baseline-alerts`;
    expect(alarm.alarm_actions).toEqual([topic]);
    expect(alarm.insufficient_data_actions).toEqual([topic]);
    expect(alarm.ok_actions).toBeUndefined();
    expect(alarm).toMatchObject({ namespace: HEARTBEAT.namespace, metric_name: HEARTBEAT.metric, statistic: 'Sum', comparison_operator: 'LessThanThreshold' });
  });
});

describe('the heartbeat alarm over time (the standalone stack, 17 regions)', () => {
  const alarm = heartbeatAlarm(standalone);
  const regions = schedules(standalone).map(regionOf).sort();
  const MINUTE = 60;
  const HOUR = 3600;
  const every = HEARTBEAT.everyMinutes * MINUTE;
  /** Heartbeats of `region` from `from` to `to` seconds; each region's schedule has its own offset. */
  const beats = (from: number, to: number, region: string, delay = () => 0) => {
    const offset = (regions.indexOf(region) * 17) % every;
    const times: number[] = [];
    for (let time = from + offset; time < to; time += every) times.push(time + delay());
    return times;
  };
  // Deployed 10 minutes into a period, so the first half hour is partial.
  const DEPLOYED = 10 * MINUTE;
  const END = 8 * HOUR;
  const all = (to = END, except: readonly string[] = []) => regions.filter((region) => !except.includes(region)).flatMap((region) => beats(DEPLOYED, to, region));

  test('its threshold is what the regions send in a period, less half a region: 17 regions, 6 beats each per half hour', () => {
    expect(regions).toHaveLength(17);
    expect(alarm.period).toBe(1800);
    expect(alarm.threshold).toBe(17 * 6 - 3);
    expect(alarm).toMatchObject({ evaluation_periods: 2, datapoints_to_alarm: 2, treat_missing_data: 'missing' });
  });

  test('every region beating: no notification from the first deploy on (a new alarm starts without data and turns OK quietly)', () => {
    expect(notifications(alarm, all(), END)).toEqual([]);
    expect(alarmStateAt(alarm, all(), END)).toBe('OK');
  });

  test('late beats (up to 90 s after their minute) and beats delivered twice raise nothing', () => {
    let seed = 7;
    const late = () => ((seed = (seed * 48271) % 2147483647) % 90);
    const jittered = regions.flatMap((region) => beats(DEPLOYED, END, region, late));
    const twice = [...all(), ...beats(DEPLOYED, END, 'eu-west-1')];
    expect(notifications(alarm, jittered, END)).toEqual([]);
    expect(notifications(alarm, twice, END)).toEqual([]);
  });

  test('one far region falling silent (its forwarding rule deleted) raises the alarm within 90 minutes, to the topic, once', () => {
    const silentFrom = 3 * HOUR + 7 * MINUTE;
    const datapoints = [...all(END, ['sa-east-1']), ...beats(DEPLOYED, silentFrom, 'sa-east-1')];
    const sent = notifications(alarm, datapoints, END);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ state: 'ALARM', actions: alarm.alarm_actions });
    expect(sent[0].at - silentFrom).toBeGreaterThan(0);
    expect(sent[0].at - silentFrom).toBeLessThanOrEqual(90 * MINUTE);
  });

  test("finding 1's attack (a home bus policy that denies PutEvents) silences every far region, and the alarm says so", async () => {
    const home = homeRegionOf(standalone);
    const account = accountOf(standalone);
    const role = `arn:aws:iam::${account}:role/account-baseline-event-forwarding`;
    const bus = `arn:aws:events:${home}:${account}:event-bus/default`;
    const denyAll = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'events:PutEvents', Resource: bus }] };
    // The IAM engine: the forwarding role can no longer put anything on the home bus...
    expect(await decide({ principal: role, action: 'events:PutEvents', resource: bus, resourceAccount: account, context: callerContext(role) }, { resourcePolicy: denyAll, identityPolicies: [eventForwardingPolicy(bus)] })).toBe(
      'ExplicitlyDenied',
    );
    // ...so from then on only the home region's own heartbeat arrives.
    const attackedAt = 2 * HOUR + 20 * MINUTE;
    const datapoints = [...all(attackedAt), ...beats(attackedAt, END, home)];
    const sent = notifications(alarm, datapoints, END);
    expect(sent).toEqual([expect.objectContaining({ state: 'ALARM', actions: alarm.alarm_actions })]);
    expect(sent[0].at - attackedAt).toBeLessThanOrEqual(90 * MINUTE);
  });

  test('no heartbeat at all (the home rule disabled, the log or its metric filter deleted) alerts too, as missing data', () => {
    const stoppedAt = 4 * HOUR;
    const sent = notifications(alarm, all(stoppedAt), END);
    expect(sent.map((notification) => notification.state)).toContain('INSUFFICIENT_DATA');
    const insufficient = sent.find((notification) => notification.state === 'INSUFFICIENT_DATA')!;
    expect(insufficient.actions).toEqual(alarm.insufficient_data_actions);
    expect(insufficient.at - stoppedAt).toBeLessThanOrEqual(90 * MINUTE);
  });
});
