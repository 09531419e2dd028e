/**
 * AWS commercial regions the baseline knows about.
 *
 * Sources: the AWS General Reference (docs/sources.md, "Regions").
 * The opt-in list is limited to regions that AWS provider 5.100.0 (the version this
 * project pins) knows, so that a config accepted here is also accepted at apply time.
 */

/** Regions enabled by default in every commercial account; an attacker can use all of them. */
export const DEFAULT_ENABLED_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
] as const;

/** Regions that are disabled until the owner enables them (`account:EnableRegion`). */
export const OPT_IN_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
] as const;

export type DefaultEnabledRegion = (typeof DEFAULT_ENABLED_REGIONS)[number];
export type OptInRegion = (typeof OPT_IN_REGIONS)[number];
export type Region = DefaultEnabledRegion | OptInRegion;

export const ALL_REGIONS: readonly Region[] = [...DEFAULT_ENABLED_REGIONS, ...OPT_IN_REGIONS];

/**
 * Region where AWS delivers console sign-in and IAM API events to EventBridge.
 * Alert routes for root activity and sign-ins must live here whatever the home region is.
 */
export const GLOBAL_EVENTS_REGION: DefaultEnabledRegion = 'us-east-1';

/** Whether a string is one of the AWS regions this baseline knows (default-enabled or opt-in). */
export function isRegion(value: string): value is Region {
  return (ALL_REGIONS as readonly string[]).includes(value);
}

/** Whether a region is one an account must opt in to before using it. */
export function isOptInRegion(value: string): value is OptInRegion {
  return (OPT_IN_REGIONS as readonly string[]).includes(value);
}

/**
 * Regions a baseline must cover in an account: every default-enabled region plus the
 * opt-in regions the owner enabled, in a stable order (default list first, then opt-in
 * regions in catalogue order) so that synthesized output never depends on config order.
 */
export function enabledRegions(optInRegions: readonly string[] = []): Region[] {
  const optIn = OPT_IN_REGIONS.filter((region) => optInRegions.includes(region));
  return [...DEFAULT_ENABLED_REGIONS, ...optIn];
}
