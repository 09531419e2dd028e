/**
 * How events reach the home region: the one pattern each region's forwarding rule matches for all
 * alert routes, the home bus, and the forwarding role's and dead-letter queue's policies.
 */
import type { EventPattern } from './events';
import { PolicyDocument, policyDocument, serviceTrustPolicy } from './policy-document';

/**
 * Services whose data events (S3 object reads and writes) reach EventBridge whenever any trail of
 * the account logs them: forwarding them by service would send every object write home. For these
 * the forwarding pattern keeps the call names the alerts watch.
 */
export const DATA_EVENT_SOURCES: readonly string[] = ['s3.amazonaws.com'];

/** The fields a forwarding pattern keeps of each alternative: what kind of event, and which service sent it. */
interface ForwardedKind {
  readonly source?: readonly unknown[];
  readonly detailType?: readonly unknown[];
  /** `detail.eventSource`; absent when any service's events of this kind may be watched. */
  readonly eventSources?: readonly unknown[];
  /** Calls of the DATA_EVENT_SOURCES watched by name: service → `detail.eventName` matchers. */
  readonly namedCalls?: Readonly<Record<string, readonly unknown[]>>;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const listOf = (value: unknown, field: string): readonly unknown[] | undefined => {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new Error(`forwardingPattern: ${field} must be a list of matchers, not ${JSON.stringify(value)}`);
  return value;
};
const sortedUnion = (...lists: ReadonlyArray<readonly unknown[]>): unknown[] =>
  [...new Map(lists.flat().map((item) => [JSON.stringify(item), item])).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, item]) => item);

/**
 * The services whose events `detail` can match: its `eventSource` list, or the union of its
 * `$or` alternatives' lists; `eventSources` undefined when some alternative names no service (any
 * may match). An alternative that names calls of data-event services only goes to `namedCalls`.
 */
function servicesOf(detail: unknown): Pick<ForwardedKind, 'eventSources' | 'namedCalls'> {
  if (!isPlainObject(detail)) return {};
  const own = listOf(detail.eventSource, 'detail.eventSource');
  if (own) {
    const names = listOf(detail.eventName, 'detail.eventName');
    if (names && own.every((service) => typeof service === 'string' && DATA_EVENT_SOURCES.includes(service))) {
      return { eventSources: [], namedCalls: Object.fromEntries(own.map((service) => [service as string, names])) };
    }
    return { eventSources: own };
  }
  if (detail.$or === undefined) return {};
  const alternatives = (listOf(detail.$or, 'detail.$or') ?? []).map(servicesOf);
  if (alternatives.some((services) => services.eventSources === undefined)) return {};
  return { eventSources: sortedUnion(...alternatives.map((services) => services.eventSources!)), namedCalls: mergeNamedCalls(alternatives.map((services) => services.namedCalls)) };
}

function mergeNamedCalls(all: ReadonlyArray<Readonly<Record<string, readonly unknown[]>> | undefined>): Record<string, unknown[]> {
  const merged: Record<string, unknown[]> = {};
  for (const calls of all) for (const [service, names] of Object.entries(calls ?? {})) merged[service] = sortedUnion(merged[service] ?? [], names);
  return merged;
}

/** What kinds of event `pattern` can match, one entry per top-level `$or` alternative. */
function forwardedKinds(pattern: EventPattern): ForwardedKind[] {
  const { $or: alternatives, ...rest } = pattern as Record<string, unknown>;
  // Beside a top-level $or the pattern's own fields must hold too; keeping either side's field is a superset.
  if (alternatives !== undefined) return (listOf(alternatives, '$or') ?? []).flatMap((alternative) => forwardedKinds({ ...rest, ...(alternative as EventPattern) }));
  const services = servicesOf(rest.detail);
  const kind: ForwardedKind = {
    source: listOf(rest.source, 'source'),
    detailType: listOf(rest['detail-type'], 'detail-type'),
    eventSources: services.eventSources,
    namedCalls: services.namedCalls,
  };
  if (!kind.source && !kind.detailType && !kind.eventSources) {
    throw new Error(`forwardingPattern: the pattern ${JSON.stringify(pattern)} names no source, detail-type or detail.eventSource; forwarding it would send every event home`);
  }
  return [kind];
}

/**
 * One pattern that matches every event any of `patterns` matches, for the rule that forwards a
 * region's events to the home region: each pattern cut down to its `source`, `detail-type` and
 * `detail.eventSource` (dropping a condition only widens a pattern, so nothing a pattern matches
 * is missed), the services of one kind of event joined into one list; calls of the
 * DATA_EVENT_SOURCES by name. The home region's rules then apply the full patterns to what
 * arrives; an event several of them watch crosses once. The result is the same whatever order
 * `patterns` come in.
 */
export function forwardingPattern(patterns: readonly EventPattern[]): EventPattern {
  if (patterns.length === 0) throw new Error('forwardingPattern: no patterns to forward');
  const groups = new Map<string, { kind: ForwardedKind; eventSources: unknown[]; namedCalls: Record<string, unknown[]>; anyService: boolean }>();
  for (const kind of patterns.flatMap(forwardedKinds)) {
    const source = kind.source && sortedUnion(kind.source);
    const detailType = kind.detailType && sortedUnion(kind.detailType);
    const key = JSON.stringify([source ?? null, detailType ?? null]);
    const group = groups.get(key) ?? { kind: { source, detailType }, eventSources: [], namedCalls: {}, anyService: false };
    groups.set(key, group);
    if (kind.eventSources) {
      group.eventSources = sortedUnion(group.eventSources, kind.eventSources);
      group.namedCalls = mergeNamedCalls([group.namedCalls, kind.namedCalls]);
    } else group.anyService = true;
  }
  const alternatives = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([, { kind, eventSources, namedCalls, anyService }]) => {
      const of = { ...(kind.source ? { source: kind.source } : {}), ...(kind.detailType ? { 'detail-type': kind.detailType } : {}) };
      if (anyService) return [of];
      // A service forwarded whole needs no list of its calls.
      const named = Object.entries(namedCalls)
        .filter(([service]) => !eventSources.some((candidate) => candidate === service))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([service, names]) => ({ ...of, detail: { eventSource: [service], eventName: names } }));
      return [...(eventSources.length > 0 ? [{ ...of, detail: { eventSource: eventSources } }] : []), ...named];
    });
  return alternatives.length === 1 ? alternatives[0] : { $or: alternatives };
}

/** The ARN of a region's default event bus in an account. */
export function defaultEventBusArn(region: string, accountId: string): string {
  return `arn:aws:events:${region}:${accountId}:event-bus/default`;
}

/** Trust policy of the role EventBridge uses to forward events to the home region. */
export function eventForwardingTrustPolicy(accountId: string): PolicyDocument {
  return serviceTrustPolicy('events.amazonaws.com', accountId);
}

/** The forwarding role may put events on the home region's default bus, and nothing else. */
export function eventForwardingPolicy(homeBusArn: string): PolicyDocument {
  return policyDocument({ Sid: 'ForwardToHomeRegion', Effect: 'Allow', Action: 'events:PutEvents', Resource: homeBusArn });
}

/**
 * A queue for what EventBridge could not deliver: only the rules `sourceCondition` names may put
 * in it (the functions' roles write through their own policies); nothing without TLS.
 */
export function undeliveredEventsQueuePolicy(queueArn: string, sourceCondition: Readonly<Record<string, Record<string, string | string[]>>>): PolicyDocument {
  return policyDocument(
    {
      Sid: 'EventBridgeKeepsUndeliveredEvents',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Resource: queueArn,
      Condition: sourceCondition,
    },
    {
      Sid: 'DenyWithoutTls',
      Effect: 'Deny',
      Principal: '*',
      Action: 'sqs:*',
      Resource: queueArn,
      Condition: { Bool: { 'aws:SecureTransport': false } },
    },
  );
}
