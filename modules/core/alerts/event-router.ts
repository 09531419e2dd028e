import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { EventPattern } from '../../policies/events';
import { defaultEventBusArn, eventForwardingPolicy, eventForwardingTrustPolicy, forwardingPattern } from '../../policies/event-forwarding';
import { toPolicyJson } from '../../policies/policy-document';
import type { RegionalProviders } from '../regional-providers';
import type { Region } from '../regions';

/** EventBridge's default quota for an event pattern (raising it to 4,096 takes a quota request). */
export const EVENT_PATTERN_MAX_CHARACTERS = 2048;
/** The rule in each region away from home that forwards what the home region's rules watch (except read-only events). */
export const FORWARDING_RULE_NAME = 'account-baseline-forward-to-home-region';

/** Where a route's rules go and what they match (an alert route without its kind). */
export interface RouteRulesProps {
  /** Shown on the EventBridge rules. */
  readonly description: string;
  /** The events the route matches. */
  readonly pattern: EventPattern;
  /**
   * Regions where the events arise; it must include the home region, where the rule acts.
   * @default - every enabled region
   */
  readonly regions?: readonly Region[];
  /**
   * Also match read-only management events, which EventBridge delivers only to rules in the state
   * ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS; such a route forwards through a rule of its own in each region.
   * @default false
   */
  readonly readOnlyEvents?: boolean;
}

/**
 * How events reach the home region: each route's rule there, and away from home one forwarding
 * rule per region for every route, with the role EventBridge assumes to put them on the home bus.
 * It builds under the alerts hub (`forwarding-<region>`, `event-forwarding-role`) and, for each
 * route, under the scope of the control that asked, so the construct paths are the hub's own.
 */
export class EventRouter {
  private forwardingRole?: IamRole;
  /** Per region away from home: its forwarding rule and the routes and patterns it forwards. */
  private readonly forwarders = new Map<Region, { rule: CloudwatchEventRule; routes: string[]; patterns: EventPattern[]; key: string }>();
  /** Forwarding patterns already computed, by the patterns they join: equal regions compute once. */
  private readonly forwardedPatterns = new Map<string, string>();

  constructor(
    private readonly hub: Construct,
    private readonly regions: RegionalProviders,
  ) {}

  /**
   * The rules of one route: in the home region its own rule, to which `homeTarget` adds the
   * target. In every other region the route's events join that region's forwarding rule, one for
   * all routes, so that an event several routes watch crosses to the home region once; a route
   * that needs read-only events (the root user's) forwards through a rule of its own there, since
   * a rule that receives them for every service would forward every Describe and List call.
   */
  rules(
    scope: Construct,
    id: string,
    props: RouteRulesProps,
    homeTarget: (local: Construct, rule: CloudwatchEventRule, provider: AwsProvider) => void,
  ): void {
    const home = this.regions.homeRegion;
    const regions = props.regions ?? this.regions.enabledRegions;
    const name = `account-baseline-${id}`;
    if (!regions.includes(home)) throw new Error(`AlertsHub.route: the regions of ${name} must include the home region ${home}, where the rule acts`);
    if (name.length > 64) throw new Error(`AlertsHub.route: rule name ${name} is longer than EventBridge's 64 characters`);
    const pattern = JSON.stringify(props.pattern);
    if (pattern.length > EVENT_PATTERN_MAX_CHARACTERS) {
      throw new Error(`AlertsHub.route: the event pattern of ${name} is ${pattern.length} characters, over the ${EVENT_PATTERN_MAX_CHARACTERS} EventBridge allows; split it into two routes`);
    }
    const route = new Construct(scope, id);
    for (const region of regions) {
      if (region !== home && !props.readOnlyEvents) {
        this.forwardFrom(region, name, props.pattern, pattern);
        continue;
      }
      const provider = this.regions.provider(region);
      const local = new Construct(route, region);
      const rule = new CloudwatchEventRule(local, 'rule', {
        provider,
        name,
        description: region === home ? props.description : `${props.description} (forwarded to ${home})`,
        eventPattern: pattern,
        state: props.readOnlyEvents ? 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' : 'ENABLED',
      });
      if (region === home) homeTarget(local, rule, provider);
      else this.toHomeRegion(local, rule, provider);
    }
  }

  /** Adds a route's pattern to what `region`'s forwarding rule sends home, creating the rule for the first. */
  private forwardFrom(region: Region, routeName: string, pattern: EventPattern, patternJson: string): void {
    let forwarder = this.forwarders.get(region);
    if (!forwarder) {
      const provider = this.regions.provider(region);
      const local = new Construct(this.hub, `forwarding-${region}`);
      const rule = new CloudwatchEventRule(local, 'rule', { provider, name: FORWARDING_RULE_NAME, eventPattern: '{}', state: 'ENABLED' });
      this.toHomeRegion(local, rule, provider);
      forwarder = { rule, routes: [], patterns: [], key: '' };
      this.forwarders.set(region, forwarder);
    }
    const routes = [...forwarder.routes, routeName];
    const key = `${forwarder.key}\n${patternJson}`;
    const forwarded = this.forwardedPatterns.get(key) ?? JSON.stringify(forwardingPattern([...forwarder.patterns, pattern]));
    this.forwardedPatterns.set(key, forwarded);
    if (forwarded.length > EVENT_PATTERN_MAX_CHARACTERS) {
      throw new Error(
        `AlertsHub.route: forwarding ${routeName} from ${region} makes the pattern of ${FORWARDING_RULE_NAME} ${forwarded.length} characters, ` +
          `over the ${EVENT_PATTERN_MAX_CHARACTERS} EventBridge allows; its events come from too many services (detail.eventSource) to forward through one rule`,
      );
    }
    forwarder.patterns.push(pattern);
    forwarder.routes.push(routeName);
    forwarder.key = key;
    forwarder.rule.eventPattern = forwarded;
    const names = routes.map((route) => route.replace(/^account-baseline-/, '')).join(', ');
    forwarder.rule.description = `Forwards to ${this.regions.homeRegion} the events its alert rules watch: ${names}`.slice(0, 512);
  }

  /** The target that puts what `rule` matches on the home region's default bus. */
  private toHomeRegion(scope: Construct, rule: CloudwatchEventRule, provider: AwsProvider): void {
    new CloudwatchEventTarget(scope, 'to-home-region', {
      provider,
      rule: rule.name,
      targetId: 'home-region-bus',
      arn: defaultEventBusArn(this.regions.homeRegion, this.regions.accountId),
      roleArn: this.eventForwardingRole().arn,
    });
  }

  /** The role EventBridge assumes to forward events to the home region; created on first use. */
  private eventForwardingRole(): IamRole {
    this.forwardingRole ??= new IamRole(this.hub, 'event-forwarding-role', {
      provider: this.regions.home,
      name: 'account-baseline-event-forwarding',
      description: `Forwards alert events from every region to the default event bus in ${this.regions.homeRegion}`,
      assumeRolePolicy: toPolicyJson(eventForwardingTrustPolicy(this.regions.accountId)),
      inlinePolicy: [
        {
          name: 'put-events-on-home-bus',
          policy: toPolicyJson(eventForwardingPolicy(defaultEventBusArn(this.regions.homeRegion, this.regions.accountId))),
        },
      ],
    });
    return this.forwardingRole;
  }
}
