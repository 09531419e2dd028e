/**
 * How an event travels through a synthesized stack's EventBridge rules, as EventBridge would
 * carry it: on its own region's bus, every rule whose target is the home region's bus and whose
 * pattern matches puts a copy there; on the home bus, every rule's pattern is applied to what
 * arrives (an event keeps its own region when forwarded). A read-only CloudTrail call reaches only
 * rules in the state that delivers read-only management events. Patterns are judged by matchesPattern.
 */
import { matchesPattern } from './event-pattern';
import { resourcesOfType } from './fixtures';

type Stack = Parameters<typeof resourcesOfType>[0];
type Resource = Record<string, any>;

const ruleId = (target: Resource) => /aws_cloudwatch_event_rule\.([^.]+)\.name/.exec(String(target.rule))?.[1];
const regionOf = (resource: Resource) => String(resource.provider ?? '').replace(/^aws\./, '');
/** Does `rule` receive and match `event`? */
const matches = (rule: Resource, event: Record<string, unknown>) =>
  ((event.detail as { readOnly?: unknown } | undefined)?.readOnly !== true || rule.state === 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS') &&
  matchesPattern(JSON.parse(rule.event_pattern), event);

/** The stack's home region: where its forwarding targets deliver (or, with none, where its alert topic is). */
export function homeRegionOf(stack: Stack): string {
  const forwarded = resourcesOfType(stack, 'aws_cloudwatch_event_target').find((target) => target.target_id === 'home-region-bus');
  if (forwarded) return /^arn:aws:events:([^:]+):/.exec(forwarded.arn)![1];
  const topic = resourcesOfType(stack, 'aws_sns_topic').find((candidate) => candidate.name === 'account-baseline-alerts');
  if (!topic) throw new Error('the stack has neither forwarding targets nor an alert topic');
  return regionOf(topic);
}

/** The targets of `rules` (by the rule each target names). */
export function targetsOf(stack: Stack, rules: readonly Resource[]): Resource[] {
  const ids = new Set(rules.map((rule) => rule['//'].metadata.uniqueId));
  return resourcesOfType(stack, 'aws_cloudwatch_event_target').filter((target) => ids.has(ruleId(target)));
}

/** The rules of `region` that put what they match on the home region's bus. */
export function forwardingRules(stack: Stack, region: string): Resource[] {
  const forwarding = new Set(resourcesOfType(stack, 'aws_cloudwatch_event_target').filter((target) => target.target_id === 'home-region-bus').map(ruleId));
  return resourcesOfType(stack, 'aws_cloudwatch_event_rule').filter((rule) => regionOf(rule) === region && forwarding.has(rule['//'].metadata.uniqueId));
}

export interface Route {
  /** How many copies of the event reach the home region's bus (1 for an event that arises there). */
  readonly copiesAtHome: number;
  /** The names of the home region's rules starting with the prefix that match the event, once per copy. */
  readonly homeRules: string[];
}

/** Where `event` goes in `stack`: how many copies reach the home bus, and which home rules named `prefix*` match them. */
export function routeOf(stack: Stack, prefix: string, event: Record<string, unknown>): Route {
  const home = homeRegionOf(stack);
  const region = String(event.region);
  const copiesAtHome = region === home ? 1 : forwardingRules(stack, region).filter((rule) => matches(rule, event)).length;
  const matching = resourcesOfType(stack, 'aws_cloudwatch_event_rule')
    .filter((rule) => regionOf(rule) === home && String(rule.name).startsWith(prefix))
    .filter((rule) => matches(rule, event))
    .map((rule) => String(rule.name));
  return { copiesAtHome, homeRules: Array.from({ length: copiesAtHome }, () => matching).flat() };
}

/** Does `event` reach the home region and raise an alert there through a rule named `prefix*`? */
export function alertsOn(stack: Stack, prefix: string, event: Record<string, unknown>): boolean {
  return routeOf(stack, prefix, event).homeRules.length > 0;
}
