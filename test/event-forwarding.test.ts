import { TerraformStack, Testing } from 'cdktf';
import { AlertsHub, EVENT_PATTERN_MAX_CHARACTERS, FORWARDING_RULE_NAME } from '../modules/core/alerts-hub';
import { RegionalProviders } from '../modules/core/regional-providers';
import { EventPattern } from '../modules/policies/events';
import { forwardingPattern } from '../modules/policies/event-forwarding';
import { matchesPattern } from './support/event-pattern';
import { forwardingRules, homeRegionOf, routeOf } from './support/event-routing';
import { DEFAULT_CONFIG, ORGANIZATION_EXAMPLE, resourcesOfType, synthesize } from './support/fixtures';

const standalone = synthesize(DEFAULT_CONFIG);
const organization = synthesize(ORGANIZATION_EXAMPLE);
type Stack = ReturnType<typeof standalone.stack>;
type Event = Record<string, unknown>;
const FAR = 'sa-east-1';

const ABSENT = Symbol('absent');
const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const merged = (a: Event, b: Event): Event => {
  const result: Event = { ...a };
  for (const [key, value] of Object.entries(b)) result[key] = isObject(result[key]) && isObject(value) ? merged(result[key] as Event, value) : value;
  return result;
};

/** A value each matcher of an EventBridge list accepts (ABSENT: the field must be missing). */
function valueFor(matcher: unknown): unknown {
  if (!isObject(matcher)) return matcher;
  const [[operator, operand]] = Object.entries(matcher);
  if (operator === 'prefix') return isObject(operand) ? `${String(operand['equals-ignore-case']).toUpperCase()}witness` : `${String(operand)}witness`;
  if (operator === 'exists') return operand ? 'present' : ABSENT;
  if (operator === 'anything-but') return typeof operand === 'number' ? operand + 1 : `not-${JSON.stringify(operand)}`;
  if (operator === 'numeric') {
    const bounds = operand as Array<string | number>;
    const candidates = bounds.filter((item): item is number => typeof item === 'number').flatMap((bound) => [bound, bound + 0.5, bound - 0.5]);
    return candidates.find((candidate) => matchesPattern({ n: [matcher] }, { n: candidate }));
  }
  throw new Error(`no witness for the matcher ${JSON.stringify(matcher)}`);
}

/**
 * Events that `pattern` matches, covering every matcher of every list and every `$or`
 * alternative at least once (field by field, not every combination).
 */
function witnesses(pattern: EventPattern): Event[] {
  const { $or: alternatives, ...fields } = pattern as Event;
  const choices = Object.entries(fields).map(([key, rule]) => [key, Array.isArray(rule) ? rule.map(valueFor) : witnesses(rule as EventPattern)] as const);
  const count = Math.max(1, ...choices.map(([, values]) => values.length));
  const bases = Array.from({ length: count }, (_, index) =>
    Object.fromEntries(choices.map(([key, values]) => [key, values[index % values.length]]).filter(([, value]) => value !== ABSENT)),
  );
  if (alternatives === undefined) return bases;
  return (alternatives as EventPattern[]).flatMap(witnesses).flatMap((choice, index) => [merged(bases[index % bases.length], choice)]);
}

/** The home region's rules: the full patterns the forwarded events must still meet. */
const homeRules = (stack: Stack) => resourcesOfType(stack, 'aws_cloudwatch_event_rule').filter((rule) => rule.provider === `aws.${homeRegionOf(stack)}`);
/** Config rules live in the home region only, so their compliance changes arise nowhere else. */
const homeOnly = (rule: Record<string, any>) => String(rule.name).endsWith('-non-compliant');
/** The regions a stack has providers for: its enabled regions. */
const enabledRegionsOf = (stack: Stack): string[] => (stack.json.provider?.aws as Array<{ region: string }>).map((provider) => provider.region);
const stacks: Array<[string, Stack]> = [
  ['the default standalone account', standalone.stack('account-personal')],
  ...['account-management', 'account-security', 'account-production'].map((name): [string, Stack] => [`the organisation's ${name}`, organization.stack(name)]),
];

describe('forwarding: what any alert watches in any region reaches the home region', () => {
  /** The witnesses of home rules that do not reach the home region from some other enabled region, and how many were checked. */
  function unforwarded(stack: Stack): { checked: number; missed: string[] } {
    const home = homeRegionOf(stack);
    const missed: string[] = [];
    let checked = 0;
    for (const rule of homeRules(stack).filter((candidate) => !homeOnly(candidate))) {
      const pattern = JSON.parse(rule.event_pattern);
      for (const witness of witnesses(pattern)) {
        for (const region of enabledRegionsOf(stack).filter((candidate) => candidate !== home)) {
          const event = { ...witness, region };
          // A witness the rule itself refuses (its own region condition) proves nothing here.
          if (!matchesPattern(pattern, event)) continue;
          checked += 1;
          if (!routeOf(stack, String(rule.name), event).homeRules.includes(rule.name)) missed.push(`${rule.name} from ${region}: ${JSON.stringify(event)}`);
        }
      }
    }
    return { checked, missed };
  }

  test.each(stacks)('in %s, every event a home rule matches is forwarded from every other enabled region (witnesses of every matcher)', (_what, stack) => {
    const { checked, missed } = unforwarded(stack);
    expect(missed).toEqual([]);
    expect(checked).toBeGreaterThan(1000);
  });

  test('the check finds a gap: with one service taken out of the forwarding rules, its events are reported missing', () => {
    const stack = standalone.stack('account-personal');
    const json = JSON.parse(JSON.stringify(stack.json));
    for (const rule of Object.values(json.resource.aws_cloudwatch_event_rule as Record<string, Record<string, string>>)) {
      if (rule.name === FORWARDING_RULE_NAME) rule.event_pattern = rule.event_pattern.replace('"events.amazonaws.com",', '');
    }
    const { missed } = unforwarded({ ...stack, json });
    expect(missed.length).toBeGreaterThan(0);
    expect(new Set(missed.map((line) => line.split(' ')[0]))).toEqual(new Set(['account-baseline-tamper-alert-path']));
  });

  test('every witness matches the pattern it was made from (the check above cannot pass on events no rule wants)', () => {
    for (const rule of homeRules(standalone.stack('account-personal'))) {
      const pattern = JSON.parse(rule.event_pattern);
      for (const witness of witnesses(pattern)) expect({ rule: rule.name, matched: matchesPattern(pattern, witness) }).toEqual({ rule: rule.name, matched: true });
    }
  });

  test('Config compliance changes are not forwarded: the baseline Config rules exist in the home region only', () => {
    const stack = standalone.stack('account-personal');
    const change = { source: 'aws.config', 'detail-type': 'Config Rules Compliance Change', region: FAR, detail: { configRuleName: 'account-baseline-root-mfa', newEvaluationResult: { complianceType: 'NON_COMPLIANT' } } };
    expect(routeOf(stack, 'account-baseline-', change).copiesAtHome).toBe(0);
  });

  test.each([
    ['an S3 object written', { 'detail-type': 'AWS API Call via CloudTrail', detail: { eventSource: 's3.amazonaws.com', eventName: 'PutObject', userIdentity: { type: 'AssumedRole' } } }],
    ['an EC2 state change', { source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification', detail: { state: 'running' } }],
    ['an AWS Health notice', { source: 'aws.health', 'detail-type': 'AWS Health Event', detail: { service: 'EC2' } }],
    ['a read-only call by a role', { 'detail-type': 'AWS API Call via CloudTrail', detail: { eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', readOnly: true, userIdentity: { type: 'AssumedRole' } } }],
  ])('%s stays in its region: nothing the alerts watch', (_what, event) => {
    expect(routeOf(standalone.stack('account-personal'), 'account-baseline-', { ...event, region: FAR }).copiesAtHome).toBe(0);
  });

  test("an event two alerts watch crosses once: a crypto-mining finding reaches both the findings alert and containment, each once", () => {
    const finding = { source: 'aws.guardduty', 'detail-type': 'GuardDuty Finding', region: FAR, detail: { type: 'CryptoCurrency:EC2/BitcoinTool.B!DNS', severity: 8, resource: { resourceType: 'Instance' } } };
    expect(routeOf(standalone.stack('account-personal'), 'account-baseline-', finding)).toEqual({
      copiesAtHome: 1,
      homeRules: ['account-baseline-containment-findings', 'account-baseline-guardduty-findings'],
    });
  });

  test.each(stacks)('in %s each other enabled region has one forwarding rule for every alert plus the root-activity rule, within the pattern quota', (_what, stack) => {
    const home = homeRegionOf(stack);
    const regions = enabledRegionsOf(stack).filter((region) => region !== home);
    expect(regions.length).toBeGreaterThan(3);
    for (const region of regions) {
      const rules = forwardingRules(stack, region);
      expect({ region, rules: rules.map((rule) => [rule.name, rule.state]).sort() }).toEqual({
        region,
        rules: [
          [FORWARDING_RULE_NAME, 'ENABLED'],
          ['account-baseline-root-activity', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'],
        ],
      });
      for (const rule of rules) expect(rule.event_pattern.length).toBeLessThanOrEqual(EVENT_PATTERN_MAX_CHARACTERS);
    }
    expect(forwardingRules(stack, home)).toEqual([]);
  });
});

describe('forwardingPattern: each pattern cut down to what kind of event it is and which service sent it', () => {
  const apiCall = (eventSource: string, eventName: string) => ({ 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventSource: [eventSource], eventName: [eventName] } });

  test("the services of one kind of event are joined into one list, sorted; the other conditions are dropped", () => {
    expect(forwardingPattern([apiCall('iam.amazonaws.com', 'CreateUser'), apiCall('ec2.amazonaws.com', 'RunInstances')])).toEqual({
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: { eventSource: ['ec2.amazonaws.com', 'iam.amazonaws.com'] },
    });
  });

  test('the same result whatever order the patterns come in', () => {
    const patterns: EventPattern[] = [
      apiCall('iam.amazonaws.com', 'CreateUser'),
      { source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'], detail: { severity: [{ numeric: ['>=', 4] }] } },
      { 'detail-type': ['AWS API Call via CloudTrail'], detail: { $or: [{ eventSource: ['kms.amazonaws.com'] }, { eventSource: ['sns.amazonaws.com'] }] } },
    ];
    const expected = JSON.stringify(forwardingPattern(patterns));
    expect(JSON.stringify(forwardingPattern([...patterns].reverse()))).toBe(expected);
    expect(JSON.stringify(forwardingPattern([patterns[1], patterns[2], patterns[0]]))).toBe(expected);
  });

  test('services inside a detail $or are gathered; an alternative without one means any service of that kind', () => {
    expect(forwardingPattern([{ 'detail-type': ['AWS API Call via CloudTrail'], detail: { $or: [{ eventSource: ['kms.amazonaws.com'] }, { eventSource: ['sns.amazonaws.com'] }] } }])).toEqual({
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: { eventSource: ['kms.amazonaws.com', 'sns.amazonaws.com'] },
    });
    expect(forwardingPattern([apiCall('iam.amazonaws.com', 'CreateUser'), { 'detail-type': ['AWS API Call via CloudTrail'], detail: { $or: [{ eventSource: ['kms.amazonaws.com'] }, { userIdentity: { type: ['Root'] } }] } }])).toEqual({
      'detail-type': ['AWS API Call via CloudTrail'],
    });
  });

  test('different kinds stay apart under one top-level $or; a top-level $or in a pattern is read alternative by alternative', () => {
    const pattern = forwardingPattern([
      { $or: [{ source: ['aws.guardduty'] }, { source: ['aws.securityhub'], 'detail-type': ['Security Hub Findings - Imported'] }] },
      { 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { eventName: ['ConsoleLogin'] } },
    ]);
    expect(pattern).toEqual({
      $or: [{ source: ['aws.guardduty'] }, { source: ['aws.securityhub'], 'detail-type': ['Security Hub Findings - Imported'] }, { 'detail-type': ['AWS Console Sign In via CloudTrail'] }],
    });
  });

  test('S3 calls are forwarded by name (a trail logging data events would otherwise send every object write home), unless some pattern wants every S3 call', () => {
    const bucketPolicy = apiCall('s3.amazonaws.com', 'PutBucketPolicy');
    expect(forwardingPattern([apiCall('iam.amazonaws.com', 'CreateUser'), bucketPolicy, apiCall('s3.amazonaws.com', 'DeleteAccountPublicAccessBlock')])).toEqual({
      $or: [
        { 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventSource: ['iam.amazonaws.com'] } },
        { 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventSource: ['s3.amazonaws.com'], eventName: ['DeleteAccountPublicAccessBlock', 'PutBucketPolicy'] } },
      ],
    });
    expect(forwardingPattern([bucketPolicy, { 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventSource: ['s3.amazonaws.com'] } }])).toEqual({
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: { eventSource: ['s3.amazonaws.com'] },
    });
  });

  test('a pattern that names no kind of event or service is refused: forwarding it would send every event home', () => {
    expect(() => forwardingPattern([{ detail: { userIdentity: { type: ['Root'] } } }])).toThrow(
      'forwardingPattern: the pattern {"detail":{"userIdentity":{"type":["Root"]}}} names no source, detail-type or detail.eventSource; forwarding it would send every event home',
    );
    expect(() => forwardingPattern([{ source: 'aws.guardduty' }])).toThrow('forwardingPattern: source must be a list of matchers, not "aws.guardduty"');
    expect(() => forwardingPattern([])).toThrow('forwardingPattern: no patterns to forward');
  });
});

describe('AlertsHub: routes of its users join the forwarding rule', () => {
  const hubIn = (enabledRegions: string[]) => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'hub');
    const regions = new RegionalProviders(stack, 'regions', { accountId: '111122223333', homeRegion: 'eu-west-1', enabledRegions: enabledRegions as never });
    return { app, stack, hub: new AlertsHub(stack, 'alerts', { regions, emails: ['ops@example.com'] }) };
  };
  const route = (hub: AlertsHub, id: string, pattern: EventPattern, regions?: string[]) =>
    hub.route(hub, id, { description: id, pattern, alert: { alert: 'root-activity' } as never, regions: regions as never });
  const forwardersOf = (stack: TerraformStack) => {
    const synthesized = JSON.parse(Testing.synth(stack));
    return Object.values(synthesized.resource.aws_cloudwatch_event_rule as Record<string, Record<string, string>>).filter((rule) => rule.name === FORWARDING_RULE_NAME);
  };

  test("a user's route is forwarded from the regions it names, and only those; every region away from home forwards the heartbeat", () => {
    const { stack, hub } = hubIn(['eu-west-1', 'us-east-1', 'eu-central-1']);
    route(hub, 'app-deploys', { source: ['aws.codedeploy'], 'detail-type': ['CodeDeploy Deployment State-change Notification'] }, ['eu-west-1', 'eu-central-1']);
    const forwarders = new Map(forwardersOf(stack).map((rule) => [rule.provider, rule]));
    expect([...forwarders.keys()].sort()).toEqual(['aws.eu-central-1', 'aws.us-east-1']);
    const central = forwarders.get('aws.eu-central-1')!;
    expect(JSON.parse(central.event_pattern)).toEqual({
      $or: [
        { source: ['account-baseline.heartbeat'], 'detail-type': ['Baseline heartbeat'] },
        { source: ['aws.codedeploy'], 'detail-type': ['CodeDeploy Deployment State-change Notification'] },
      ],
    });
    expect(central.description).toBe('Forwards to eu-west-1 the events its alert rules watch: heartbeat-eu-central-1, app-deploys');
    expect(JSON.parse(forwarders.get('aws.us-east-1')!.event_pattern)).toEqual({ source: ['account-baseline.heartbeat'], 'detail-type': ['Baseline heartbeat'] });
  });

  test('a route that would take the forwarding pattern over the quota is refused, naming the route and the region', () => {
    const { hub } = hubIn(['eu-west-1', 'us-east-1']);
    const services = (from: number) => Array.from({ length: 30 }, (_, index) => `service-${from + index}-with-a-long-name.amazonaws.com`);
    route(hub, 'many-a', { 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventSource: services(0) } });
    expect(() => route(hub, 'many-b', { 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventSource: services(30) } })).toThrow(
      /^AlertsHub\.route: forwarding account-baseline-many-b from us-east-1 makes the pattern of account-baseline-forward-to-home-region \d+ characters, over the 2048 EventBridge allows/,
    );
  });
});
