/**
 * What the containment function decides, as pure code: which events call for containment, what
 * to contain and why. No AWS SDK here, so that the synthesis (event patterns, policies) and the
 * tests can share these lists with the function, which carries this file in its package.
 */
/** What the function is told through its environment (CONTAINMENT_SETTINGS, JSON). */
export interface ContainmentSettings {
  readonly accountId: string;
  readonly topicArn: string;
  /** The one tag key the function writes. */
  readonly tagKey: string;
  /** Tag and alert, but stop, cancel and deactivate nothing. */
  readonly dryRun: boolean;
  /** The language of its alerts (alerts.language). @default 'en' */
  readonly language?: string;
  readonly allowedRegions: readonly string[];
  /** Roles whose launches are never contained (break-glass, deployment); `*` and `?` wildcards. */
  readonly exemptRoleArns: readonly string[];
  readonly contain: {
    readonly rootLaunches: boolean;
    readonly unusedRegionLaunches: boolean;
    readonly findings: boolean;
    readonly accessKeys: boolean;
  };
}

export const SETTINGS_VARIABLE = 'CONTAINMENT_SETTINGS';

/** The EC2 launches the function contains, as CloudTrail names them. */
export const CONTAINED_LAUNCH_EVENTS = ['CreateFleet', 'RequestSpotFleet', 'RequestSpotInstances', 'RunInstances', 'StartInstances'] as const;

/**
 * Calls that undo a containment, by event source: starting an instance the function stopped, resuming the Auto
 * Scaling group it suspended (which would terminate the stopped evidence and launch anew). By anyone but an
 * exempt role, in any region, the function contains again what it had contained.
 */
export const RELEASE_EVENTS: Readonly<Record<string, readonly string[]>> = {
  'autoscaling.amazonaws.com': ['ResumeProcesses'],
  'ec2.amazonaws.com': ['StartInstances'],
};

/**
 * GuardDuty finding types on an EC2 instance that mean it is mining or under an intruder's
 * control: crypto-currency activity, backdoors and command-and-control, trojans, Tor, and the
 * runtime-monitoring equivalents. Prefixes end in `/` or `.`; the rest are whole types.
 */
export const CONTAINED_FINDING_PREFIXES = [
  'Backdoor:EC2/',
  'Backdoor:Runtime/',
  'CryptoCurrency:EC2/',
  'CryptoCurrency:Runtime/',
  'Trojan:EC2/',
  'Trojan:Runtime/',
  'UnauthorizedAccess:EC2/TorClient',
  'UnauthorizedAccess:EC2/TorRelay',
  'Impact:EC2/BitcoinDomainRequest.',
  'Impact:Runtime/CryptoMinerExecuted',
] as const;

/** GuardDuty's own words for its severity bands. */
export function severityWord(severity: number): string {
  if (severity >= 9) return 'Critical';
  if (severity >= 7) return 'High';
  if (severity >= 4) return 'Medium';
  return 'Low';
}

/** Access-key findings at or above this severity (GuardDuty's High) deactivate the key, when opted in. */
export const ACCESS_KEY_MINIMUM_SEVERITY = 7;

export interface Trigger {
  /** e.g. "RunInstances (CloudTrail)" or "GuardDuty finding CryptoCurrency:EC2/BitcoinTool.B!DNS". */
  readonly what: string;
  /** Where it came from, and its name there (the event name, or the finding type). */
  readonly source: 'cloudtrail' | 'guardduty';
  readonly name: string;
  readonly who: string;
  readonly sourceIp?: string;
  readonly time?: string;
  readonly eventId?: string;
}

export type ContainmentPlan =
  | {
      readonly kind: 'contain-compute';
      readonly region: string;
      readonly reason: string;
      /** The reason as data, for the alert's language. */
      readonly cause: ContainmentCause;
      readonly trigger: Trigger;
      readonly instanceIds: readonly string[];
      readonly spotRequestIds: readonly string[];
      readonly spotFleetRequestIds: readonly string[];
      readonly fleetIds: readonly string[];
      /** Auto Scaling groups whose instances to look at (a resumed group). @default - none */
      readonly groupNames?: readonly string[];
      /** Act only on instances that already carry the function's tag (a release): anything else is not ours. @default false */
      readonly onlyContained?: boolean;
    }
  | {
      readonly kind: 'deactivate-access-key';
      readonly region: string;
      readonly reason: string;
      readonly trigger: Trigger;
      readonly userName: string;
      readonly accessKeyId: string;
    }
  | { readonly kind: 'leave-alone'; readonly why: string }
  | { readonly kind: 'unreadable'; readonly why: string };

type Json = Record<string, any>;

/** Why compute is contained (the alert's words come from it). */
export type ContainmentCause =
  | { readonly kind: 'root' }
  | { readonly kind: 'unused-region'; readonly allowedRegions: readonly string[] }
  | { readonly kind: 'finding'; readonly type: string; readonly severity: 'low' | 'medium' | 'high' | 'critical'; readonly title?: string }
  | { readonly kind: 'released'; readonly exemptRoleArns: readonly string[] };

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const strings = (values: unknown): string[] => (Array.isArray(values) ? values.filter((value): value is string => typeof value === 'string' && value !== '') : []);

/** `*` and `?` as in IAM's ArnLike. */
export function arnLike(pattern: string, arn: string): boolean {
  const expression = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${expression}$`).test(arn);
}

/** The IAM role behind an assumed-role identity, or the identity's own ARN. */
function principalArn(identity: Json): string | undefined {
  const issuer = identity.sessionContext?.sessionIssuer;
  if (identity.type === 'AssumedRole' && isObject(issuer) && typeof issuer.arn === 'string') return issuer.arn;
  return typeof identity.arn === 'string' ? identity.arn : undefined;
}

function describeIdentity(identity: Json): string {
  const key = typeof identity.accessKeyId === 'string' && identity.accessKeyId ? `, access key ${identity.accessKeyId}` : '';
  const via = typeof identity.invokedBy === 'string' ? ` (through ${identity.invokedBy})` : '';
  switch (identity.type) {
    case 'Root':
      return `the ROOT USER of the account${key}`;
    case 'IAMUser':
      return `IAM user ${identity.userName ?? identity.arn}${key}`;
    case 'AssumedRole':
      return `role ${principalArn(identity)} (session ${String(identity.arn ?? '').split('/').pop()})${via}`;
    case 'AWSService':
      return `AWS service ${identity.invokedBy ?? 'unknown'}`;
    default:
      return `${identity.type ?? 'an unknown identity'} ${identity.arn ?? ''}`.trim();
  }
}

/** Instances, spot requests and fleets a launch event names in its response. */
function launchedResources(detail: Json): Pick<Extract<ContainmentPlan, { kind: 'contain-compute' }>, 'instanceIds' | 'spotRequestIds' | 'spotFleetRequestIds' | 'fleetIds'> {
  const response: Json = isObject(detail.responseElements) ? detail.responseElements : {};
  const items = (set: unknown): Json[] => (isObject(set) && Array.isArray(set.items) ? set.items.filter(isObject) : isObject(set) && Array.isArray(set.item) ? set.item.filter(isObject) : []);
  const fleet: Json = isObject(response.CreateFleetResponse) ? response.CreateFleetResponse : response;
  const fleetInstances = items(fleet.fleetInstanceSet).flatMap((entry) => (isObject(entry.instanceIds) ? strings(entry.instanceIds.item) : strings(entry.instanceIds)));
  const unique = (values: string[]) => [...new Set(values)].sort();
  return {
    instanceIds: unique([...items(response.instancesSet).map((item) => item.instanceId), ...fleetInstances].filter((id): id is string => typeof id === 'string')),
    spotRequestIds: unique(items(response.spotInstanceRequestSet).map((item) => item.spotInstanceRequestId).filter((id): id is string => typeof id === 'string')),
    spotFleetRequestIds: unique(typeof response.spotFleetRequestId === 'string' ? [response.spotFleetRequestId] : []),
    fleetIds: unique(typeof fleet.fleetId === 'string' ? [fleet.fleetId] : []),
  };
}

/** Decides what an event calls for. Pure: no AWS call, no clock. */
export function planContainment(event: unknown, settings: ContainmentSettings): ContainmentPlan {
  if (!isObject(event) || !isObject(event.detail) || typeof event['detail-type'] !== 'string') {
    return { kind: 'unreadable', why: 'it is not an EventBridge event (no detail-type or detail)' };
  }
  const detail = event.detail;
  if (event['detail-type'] === 'AWS API Call via CloudTrail') return planLaunch(event, detail, settings);
  if (event['detail-type'] === 'GuardDuty Finding') return planFinding(detail, settings);
  return { kind: 'unreadable', why: `its detail-type "${event['detail-type']}" is neither a CloudTrail API call nor a GuardDuty finding` };
}

function planLaunch(event: Json, detail: Json, settings: ContainmentSettings): ContainmentPlan {
  const region = typeof detail.awsRegion === 'string' ? detail.awsRegion : event.region;
  const identity = detail.userIdentity;
  if (typeof region !== 'string' || !isObject(identity) || typeof detail.eventName !== 'string') {
    return { kind: 'unreadable', why: 'the CloudTrail event has no region, user identity or event name' };
  }
  const release = (RELEASE_EVENTS[String(detail.eventSource)] ?? []).includes(detail.eventName);
  const launch = detail.eventSource === 'ec2.amazonaws.com' && (CONTAINED_LAUNCH_EVENTS as readonly string[]).includes(detail.eventName);
  if (!release && !launch) {
    return { kind: 'leave-alone', why: `${detail.eventSource} ${detail.eventName} launches nothing the function contains` };
  }
  const account = identity.accountId ?? event.account ?? detail.recipientAccountId;
  if (account !== undefined && account !== settings.accountId) {
    return { kind: 'leave-alone', why: `the launch is in account ${account}, not ${settings.accountId}` };
  }
  if (typeof detail.errorCode === 'string') return { kind: 'leave-alone', why: `the call was refused (${detail.errorCode}): nothing was launched` };
  const arn = principalArn(identity);
  const exempt = arn !== undefined && settings.exemptRoleArns.some((pattern) => arnLike(pattern, arn));
  const root = identity.type === 'Root';
  const unused = !settings.allowedRegions.includes(region);
  let reason: string | undefined;
  let cause: ContainmentCause | undefined;
  if (!launch) {
    // Resuming an Auto Scaling group launches nothing by itself: only a release, below.
  } else if (root && settings.contain.rootLaunches) {
    reason = 'the root user launched it; nobody should run compute as root';
    cause = { kind: 'root' };
  } else if (unused && !exempt && settings.contain.unusedRegionLaunches) {
    reason = `it was launched in ${region}, outside the regions this account uses (${settings.allowedRegions.join(', ')})`;
    cause = { kind: 'unused-region', allowedRegions: settings.allowedRegions };
  }
  const trigger: Trigger = {
    what: `${detail.eventName} (CloudTrail)`,
    source: 'cloudtrail',
    name: String(detail.eventName),
    who: describeIdentity(identity),
    sourceIp: detail.sourceIPAddress,
    time: detail.eventTime ?? event.time,
    eventId: detail.eventID,
  };
  if ((!reason || !cause) && release && !exempt) {
    // Whatever the region or caller: if it undoes a containment, contain again (only what carries the tag).
    const group = detail.requestParameters?.autoScalingGroupName;
    const released: ReturnType<typeof launchedResources> & { groupNames?: string[] } =
      detail.eventSource === 'autoscaling.amazonaws.com' ? { ...launchedResources({}), groupNames: typeof group === 'string' ? [group] : [] } : launchedResources(detail);
    if (released.instanceIds.length === 0 && (released.groupNames ?? []).length === 0) {
      return { kind: 'unreadable', why: `the ${detail.eventName} event names no instance or Auto Scaling group` };
    }
    return {
      kind: 'contain-compute',
      region,
      reason: 'the baseline had contained it, and someone who may not release it started it again',
      cause: { kind: 'released', exemptRoleArns: settings.exemptRoleArns },
      trigger,
      ...released,
      onlyContained: true,
    };
  }
  if (!reason || !cause) {
    const why = exempt ? `${arn} is exempt` : unused ? 'containing launches outside the allowed regions is switched off' : `${region} is an allowed region and the caller is not the root user`;
    return { kind: 'leave-alone', why };
  }
  const resources = launchedResources(detail);
  if (Object.values(resources).every((ids) => ids.length === 0)) {
    return { kind: 'unreadable', why: `the ${detail.eventName} event names no instance, spot request or fleet in its response` };
  }
  return { kind: 'contain-compute', region, reason, cause, trigger, ...resources };
}

function planFinding(detail: Json, settings: ContainmentSettings): ContainmentPlan {
  const { type, severity, region, resource } = detail;
  if (typeof type !== 'string' || typeof severity !== 'number' || typeof region !== 'string' || !isObject(resource)) {
    return { kind: 'unreadable', why: 'the GuardDuty finding has no type, severity, region or resource' };
  }
  if (detail.accountId !== settings.accountId) {
    return { kind: 'leave-alone', why: `the finding is about account ${detail.accountId}; that account's own function contains it` };
  }
  const trigger: Trigger = {
    what: `GuardDuty finding ${type} (severity ${severity}, ${severityWord(severity)})`,
    source: 'guardduty',
    name: type,
    who: typeof detail.title === 'string' ? detail.title : type,
    time: detail.updatedAt,
    eventId: detail.id,
  };
  if (resource.resourceType === 'Instance') {
    if (!settings.contain.findings) return { kind: 'leave-alone', why: 'containing instances named in findings is switched off' };
    if (!CONTAINED_FINDING_PREFIXES.some((prefix) => type === prefix || type.startsWith(prefix))) {
      return { kind: 'leave-alone', why: `${type} is not a finding the function contains` };
    }
    const instanceId = resource.instanceDetails?.instanceId;
    if (typeof instanceId !== 'string') return { kind: 'unreadable', why: 'the instance finding names no instance ID' };
    return {
      kind: 'contain-compute',
      region,
      reason: `GuardDuty reports ${type} on it: ${detail.title ?? 'see the finding'}`,
      cause: { kind: 'finding', type, severity: severityWord(severity).toLowerCase() as 'low' | 'medium' | 'high' | 'critical', title: typeof detail.title === 'string' ? detail.title : undefined },
      trigger,
      instanceIds: [instanceId],
      spotRequestIds: [],
      spotFleetRequestIds: [],
      fleetIds: [],
    };
  }
  if (resource.resourceType === 'AccessKey') {
    const key = resource.accessKeyDetails;
    if (!settings.contain.accessKeys) return { kind: 'leave-alone', why: 'deactivating access keys is not switched on' };
    if (severity < ACCESS_KEY_MINIMUM_SEVERITY) return { kind: 'leave-alone', why: `severity ${severity} is below ${ACCESS_KEY_MINIMUM_SEVERITY} (High)` };
    if (!isObject(key) || key.userType !== 'IAMUser') return { kind: 'leave-alone', why: 'only IAM users\' access keys are deactivated' };
    if (typeof key.accessKeyId !== 'string' || typeof key.userName !== 'string') return { kind: 'unreadable', why: 'the access-key finding names no key or user' };
    return {
      kind: 'deactivate-access-key',
      region,
      reason: `GuardDuty reports ${type} (severity ${severity}, ${severityWord(severity)}) for this key: ${detail.title ?? 'see the finding'}`,
      trigger,
      userName: key.userName,
      accessKeyId: key.accessKeyId,
    };
  }
  return { kind: 'leave-alone', why: `findings on ${resource.resourceType} are not contained` };
}

