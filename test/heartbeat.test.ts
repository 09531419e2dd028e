/**
 * The alert path reports its own silence (issue 25, finding 2). In every enabled region a schedule
 * puts a heartbeat on the default bus; away from home the region's forwarding rule sends it home,
 * where a rule per region matches it by the event's own region and an alarm per region counts that
 * rule's invocations. Proven on the synthesized stacks: the heartbeat's route (the project's
 * pattern matcher), the role's and the log's policies (the IAM engine), and each alarm over a
 * timeline of heartbeats (CloudWatch's alarm rules).
 */
import { HEARTBEAT } from '../modules/policies/alerts';
import { eventForwardingPolicy } from '../modules/policies/event-forwarding';
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
const accountOf = (stack: Stack) => /^arn:aws:events:[^:]+:(\d{12}):/.exec(resourcesOfType(stack, 'aws_scheduler_schedule').find((schedule) => schedule.name === HEARTBEAT.name)!.target.arn)![1];
const schedules = (stack: Stack) => resourcesOfType(stack, 'aws_scheduler_schedule').filter((schedule) => schedule.name === HEARTBEAT.name);
const heartbeatAlarm = (stack: Stack, region: string) =>
  resourcesOfType(stack, 'aws_cloudwatch_metric_alarm').find((alarm) => alarm.alarm_name === `${HEARTBEAT.name}-${region}`) as AlarmSettings & Record<string, any>;

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

  test("each region's heartbeat reaches the home region once, through that region's forwarding rule, and only that region's home rule matches it", () => {
    for (const region of regions) {
      const event = heartbeat(stack, region);
      if (region !== home) expect(forwardingRules(stack, region).filter((rule) => matchesPattern(JSON.parse(rule.event_pattern), event))).toHaveLength(1);
      expect(routeOf(stack, HEARTBEAT.name, event)).toEqual({ copiesAtHome: 1, homeRules: [`${HEARTBEAT.name}-${region}`] });
      const [target] = targetsOf(stack, resourcesOfType(stack, 'aws_cloudwatch_event_rule').filter((rule) => rule.name === `${HEARTBEAT.name}-${region}` && regionOf(rule) === home));
      expect(target.arn).toBe(`arn:aws:logs:${home}:${account}:log-group:${HEARTBEAT.logGroup}`);
    }
    // A heartbeat forged at home (events:PutEvents there) carries the home region: it counts for home only.
    const far = regions.find((region) => region !== home)!;
    expect(routeOf(stack, HEARTBEAT.name, { ...heartbeat(stack, far), region: home }).homeRules).toEqual([`${HEARTBEAT.name}-${home}`]);
    // Replayed from an archive (EventBridge adds replay-name), old heartbeats keep their regions: they match no heartbeat rule.
    expect(routeOf(stack, HEARTBEAT.name, { ...heartbeat(stack, far), 'replay-name': 'cover-up' }).homeRules).toEqual([]);
    // Nothing else reaches the heartbeat rules: an alert event does not match them.
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
    for (const region of regions) expect(await write(`arn:aws:events:${home}:${account}:rule/${HEARTBEAT.name}-${region}`)).toBe('Allowed');
    expect(await write(`arn:aws:events:${home}:${account}:rule/someone-elses-rule`)).toBe('ImplicitlyDenied');
  });

  test("each region's alarm is in the home region, counts its rule's invocations (a metric only AWS publishes), and publishes to the alert topic directly", () => {
    const topic = `arn:aws:sns:${home}:${account}:account-baseline-alerts`;
    for (const region of regions) {
      const alarm = heartbeatAlarm(stack, region);
      expect(regionOf(alarm)).toBe(home);
      expect(alarm.alarm_actions).toEqual([topic]);
      expect(alarm.insufficient_data_actions).toEqual([topic]);
      expect(alarm.ok_actions).toBeUndefined();
      expect(alarm).toMatchObject({ namespace: 'AWS/Events', metric_name: 'Invocations', dimensions: { RuleName: `${HEARTBEAT.name}-${region}` }, statistic: 'Sum', comparison_operator: 'LessThanThreshold' });
      expect(alarm.alarm_description).toContain(region);
    }
  });
});

test("the alert formatter alarms when it fails, when it is throttled (a concurrency of 0 holds every alert back without an error) and when alerts wait undelivered, publishing to the topic directly", () => {
  const alarms = resourcesOfType(standalone, 'aws_cloudwatch_metric_alarm').filter((alarm) => /^account-baseline-alert(s-undelivered|-formatter)/.test(String(alarm.alarm_name)));
  const topic = 'arn:aws:sns:ap-northeast-1:111122223333:account-baseline-alerts';
  expect(alarms.map((alarm) => [alarm.alarm_name, alarm.metric_name, alarm.alarm_actions]).sort()).toEqual([
    ['account-baseline-alert-formatter-events-waiting', 'AsyncEventAge', [topic]],
    ['account-baseline-alert-formatter-failed', 'Errors', [topic]],
    ['account-baseline-alert-formatter-throttled', 'Throttles', [topic]],
    ['account-baseline-alerts-undelivered', 'ApproximateNumberOfMessagesVisible', [topic]],
  ]);
});

describe("a region's heartbeat alarm over time (the standalone stack)", () => {
  const home = homeRegionOf(standalone);
  const FAR = 'sa-east-1';
  const alarm = heartbeatAlarm(standalone, FAR);
  const MINUTE = 60;
  const HOUR = 3600;
  const every = HEARTBEAT.everyMinutes * MINUTE;
  /** Heartbeats from `from` to `to` seconds, 37 s into each five minutes. */
  const beats = (from: number, to: number, delay = () => 0) => {
    const times: number[] = [];
    for (let time = from + 37; time < to; time += every) times.push(time + delay());
    return times;
  };
  // Deployed 10 minutes into a period, so the first half hour is partial.
  const DEPLOYED = 10 * MINUTE;
  const END = 8 * HOUR;

  test('its threshold is half the beats a region sends in a half hour (6), two half hours in a row', () => {
    expect(alarm).toMatchObject({ period: 1800, threshold: 3, evaluation_periods: 2, datapoints_to_alarm: 2, treat_missing_data: 'missing' });
    expect(schedules(standalone)).toHaveLength(17);
    expect(resourcesOfType(standalone, 'aws_cloudwatch_metric_alarm').filter((candidate) => String(candidate.alarm_name).startsWith(`${HEARTBEAT.name}-`))).toHaveLength(17);
  });

  test('beating: no notification from the first deploy on (a new alarm starts without data and turns OK quietly)', () => {
    expect(notifications(alarm, beats(DEPLOYED, END), END)).toEqual([]);
    expect(alarmStateAt(alarm, beats(DEPLOYED, END), END)).toBe('OK');
  });

  test('late beats (up to 90 s after their minute) and beats delivered twice raise nothing', () => {
    let seed = 7;
    const late = () => ((seed = (seed * 48271) % 2147483647) % 90);
    expect(notifications(alarm, beats(DEPLOYED, END, late), END)).toEqual([]);
    expect(notifications(alarm, [...beats(DEPLOYED, END), ...beats(DEPLOYED, END)], END)).toEqual([]);
  });

  test('the region falling silent (its forwarding rule deleted or disabled) alerts within 90 minutes, to the topic, once', () => {
    const silentFrom = 3 * HOUR + 7 * MINUTE;
    const sent = notifications(alarm, beats(DEPLOYED, silentFrom), END);
    expect(sent).toHaveLength(1);
    expect(sent[0].actions).toEqual([`arn:aws:sns:${home}:111122223333:account-baseline-alerts`]);
    expect(sent[0].at - silentFrom).toBeGreaterThan(0);
    expect(sent[0].at - silentFrom).toBeLessThanOrEqual(90 * MINUTE);
  });

  test('a region losing most of its beats (one in three arrives) alerts as ALARM', () => {
    const from = 2 * HOUR;
    const thinned = [...beats(DEPLOYED, from), ...beats(from, END).filter((_, index) => index % 3 === 0)];
    expect(notifications(alarm, thinned, END)).toEqual([expect.objectContaining({ state: 'ALARM', actions: alarm.alarm_actions })]);
  });

  test("finding 1's attack (a home bus policy that denies PutEvents) stops the forwarding role, and every far region's alarm says so", async () => {
    const account = accountOf(standalone);
    const role = `arn:aws:iam::${account}:role/account-baseline-event-forwarding`;
    const bus = `arn:aws:events:${home}:${account}:event-bus/default`;
    const denyAll = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'events:PutEvents', Resource: bus }] };
    expect(await decide({ principal: role, action: 'events:PutEvents', resource: bus, resourceAccount: account, context: callerContext(role) }, { resourcePolicy: denyAll, identityPolicies: [eventForwardingPolicy(bus)] })).toBe(
      'ExplicitlyDenied',
    );
    const attackedAt = 2 * HOUR + 20 * MINUTE;
    for (const region of schedules(standalone).map(regionOf).filter((candidate) => candidate !== home)) {
      const sent = notifications(heartbeatAlarm(standalone, region), beats(DEPLOYED, attackedAt), END);
      expect(sent).toHaveLength(1);
      expect(sent[0].at - attackedAt).toBeLessThanOrEqual(90 * MINUTE);
    }
    // The home region's own heartbeat never crosses the bus policy: its alarm stays quiet.
    expect(notifications(heartbeatAlarm(standalone, home), beats(DEPLOYED, END), END)).toEqual([]);
  });

  test("forged heartbeats put on the home bus count for the home region only: a silent far region still alerts", () => {
    // The forger's events carry region = home (routeOf above); the far region's rule sees nothing of them.
    const silentFrom = 3 * HOUR;
    expect(notifications(alarm, beats(DEPLOYED, silentFrom), END)).toHaveLength(1);
  });
});
