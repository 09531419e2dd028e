/**
 * The lifecycle on an account that is not new: before the first deploy, what an owner turns on by
 * hand is created on the emulator (GuardDuty in three regions, one with a filter and its own
 * finding frequency; Config's default recorder and delivery channel in two regions, recording;
 * Security Hub; a weak password policy), `npm run adopt` runs, and the deploy must adopt all of it:
 * the same detectors with their filter, one recorder and one channel per region, Security Hub left
 * as it was; after offboarding, what the owner had is still there.
 *
 * IAM Access Analyzer cannot be seeded: the emulator does not serve it (see emulator-gaps.ts), so
 * its finder is covered by the unit tests with the SDK's responses.
 */
import type { LocalEndpoint } from '../../../modules/endpoint/local-endpoint';
import { AwsCall, AwsCredentials, callAws, callAwsOrThrow } from '../local-aws';

export interface Seeded {
  readonly account: string;
  /** Region -> the detector the owner created there. */
  readonly detectors: ReadonlyMap<string, string>;
  /** The detector with the owner's filter and finding frequency. */
  readonly filtered: { readonly region: string; readonly detectorId: string; readonly filter: string; readonly frequency: string };
  /** Regions with the owner's recorder and channel, both named `default`. */
  readonly configRegions: readonly string[];
  readonly securityHubRegion: string;
  readonly passwordLength: number;
  /** What was created, for the report. */
  readonly summary: string;
}

const OWNER_FILTER = 'owner-archives-low-severity';
const OWNER_FREQUENCY = 'ONE_HOUR';
const OWNER_BUCKET = (account: string) => `owner-config-history-${account}`;

/** Creates what an owner turned on by hand before the baseline, in `account` (home region first). */
export async function seedUsedAccount(endpoint: LocalEndpoint, credentials: AwsCredentials, account: string, regions: { home: string; allowed: string; far: string }): Promise<Seeded> {
  const detectorRegions = [regions.home, regions.allowed, regions.far];
  const created = await callAwsOrThrow(
    endpoint,
    credentials,
    detectorRegions.map((region) => ({ service: 'guardduty', operation: 'CreateDetector', region, params: { Enable: true } })),
  );
  const detectors = new Map(detectorRegions.map((region, index) => [region, String(created[index].DetectorId)]));
  const filtered = { region: regions.home, detectorId: detectors.get(regions.home)!, filter: OWNER_FILTER, frequency: OWNER_FREQUENCY };
  const configRegions = [regions.home, regions.allowed];
  // Config's console set-up: its service-linked role, a bucket, a recorder and channel named default, recording
  // every resource type, global ones in the home region (as the baseline records them, so that the adopted
  // recorder needs no change: the emulator refuses to update a recording group it read back, see docs/local-aws.md).
  const role = `arn:aws:iam::${account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
  const calls: AwsCall[] = [
    { service: 'guardduty', operation: 'UpdateDetector', region: regions.home, params: { DetectorId: filtered.detectorId, FindingPublishingFrequency: OWNER_FREQUENCY } },
    {
      service: 'guardduty',
      operation: 'CreateFilter',
      region: regions.home,
      params: { DetectorId: filtered.detectorId, Name: OWNER_FILTER, Action: 'ARCHIVE', FindingCriteria: { Criterion: { severity: { Lt: 4 } } } },
    },
    { service: 'iam', operation: 'CreateServiceLinkedRole', region: 'us-east-1', params: { AWSServiceName: 'config.amazonaws.com' } },
    { service: 's3', operation: 'CreateBucket', region: 'us-east-1', params: { Bucket: OWNER_BUCKET(account) } },
    ...configRegions.flatMap((region): AwsCall[] => [
      {
        service: 'config',
        operation: 'PutConfigurationRecorder',
        region,
        params: { ConfigurationRecorder: { name: 'default', roleARN: role, recordingGroup: { allSupported: true, includeGlobalResourceTypes: region === regions.home } } },
      },
      { service: 'config', operation: 'PutDeliveryChannel', region, params: { DeliveryChannel: { name: 'default', s3BucketName: OWNER_BUCKET(account) } } },
      { service: 'config', operation: 'StartConfigurationRecorder', region, params: { ConfigurationRecorderName: 'default' } },
    ]),
    { service: 'securityhub', operation: 'EnableSecurityHub', region: regions.home, params: { EnableDefaultStandards: false } },
    { service: 'iam', operation: 'UpdateAccountPasswordPolicy', region: 'us-east-1', params: { MinimumPasswordLength: 8 } },
  ];
  await callAwsOrThrow(endpoint, credentials, calls);
  return {
    account,
    detectors,
    filtered,
    configRegions,
    securityHubRegion: regions.home,
    passwordLength: 8,
    summary:
      `GuardDuty in ${detectorRegions.join(', ')} (${regions.home}: filter ${OWNER_FILTER}, findings every hour); ` +
      `Config recorder and channel "default" in ${configRegions.join(', ')}, recording; Security Hub in ${regions.home}; a password policy of 8 characters`,
  };
}

/** What the deploy must have done with the owner's things: adopted, not duplicated, not replaced. */
export async function adoptedProblems(endpoint: LocalEndpoint, credentials: AwsCredentials, seeded: Seeded, regions: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  const listings = await callAwsOrThrow(
    endpoint,
    credentials,
    regions.flatMap((region): AwsCall[] => [
      { service: 'guardduty', operation: 'ListDetectors', region },
      { service: 'config', operation: 'DescribeConfigurationRecorders', region },
      { service: 'config', operation: 'DescribeDeliveryChannels', region },
    ]),
  );
  regions.forEach((region, index) => {
    const [detectors, recorders, channels] = listings.slice(index * 3, index * 3 + 3);
    const ids = detectors.DetectorIds as string[];
    const seededId = seeded.detectors.get(region);
    if (ids.length !== 1) problems.push(`${region}: ${ids.length} GuardDuty detectors (${ids.join(', ')}), not one`);
    else if (seededId && ids[0] !== seededId) problems.push(`${region}: detector ${ids[0]}, not the owner's ${seededId}`);
    const recorderNames = (recorders.ConfigurationRecorders as Array<{ name: string }>).map((recorder) => recorder.name);
    const channelNames = (channels.DeliveryChannels as Array<{ name: string }>).map((channel) => channel.name);
    const expected = seeded.configRegions.includes(region) ? 'default' : 'account-baseline';
    if (recorderNames.join() !== expected) problems.push(`${region}: recorders ${recorderNames.join(', ') || 'none'}, expected one named ${expected}`);
    if (channelNames.join() !== expected) problems.push(`${region}: delivery channels ${channelNames.join(', ') || 'none'}, expected one named ${expected}`);
  });
  const [filter, detector, hub, policy] = await callAws(endpoint, credentials, [
    { service: 'guardduty', operation: 'GetFilter', region: seeded.filtered.region, params: { DetectorId: seeded.filtered.detectorId, FilterName: seeded.filtered.filter } },
    { service: 'guardduty', operation: 'GetDetector', region: seeded.filtered.region, params: { DetectorId: seeded.filtered.detectorId } },
    { service: 'securityhub', operation: 'DescribeHub', region: seeded.securityHubRegion },
    { service: 'iam', operation: 'GetAccountPasswordPolicy', region: 'us-east-1' },
  ]);
  if (!filter.ok) problems.push(`the owner's filter ${seeded.filtered.filter} is gone: ${filter.error}`);
  if (!detector.ok || detector.result.FindingPublishingFrequency !== 'FIFTEEN_MINUTES') {
    problems.push(`the adopted detector was not updated in place to FIFTEEN_MINUTES: ${detector.error ?? detector.result.FindingPublishingFrequency}`);
  }
  if (!hub.ok) problems.push(`Security Hub is no longer on in ${seeded.securityHubRegion}: ${hub.error}`);
  if (!policy.ok || policy.result.PasswordPolicy.MinimumPasswordLength < 14) problems.push(`the password policy was not overwritten: ${policy.error ?? policy.result.PasswordPolicy.MinimumPasswordLength}`);
  return problems;
}

/** After offboarding: the owner's detectors, recorders and channels are still there (released, not destroyed). */
export async function releasedProblems(endpoint: LocalEndpoint, credentials: AwsCredentials, seeded: Seeded): Promise<string[]> {
  const problems: string[] = [];
  const detectorRegions = [...seeded.detectors.keys()];
  const results = await callAws(endpoint, credentials, [
    ...detectorRegions.map((region) => ({ service: 'guardduty', operation: 'GetDetector', region, params: { DetectorId: seeded.detectors.get(region)! } })),
    ...seeded.configRegions.map((region) => ({ service: 'config', operation: 'DescribeConfigurationRecorders', region, params: { ConfigurationRecorderNames: ['default'] } })),
    ...seeded.configRegions.map((region) => ({ service: 'config', operation: 'DescribeDeliveryChannels', region, params: { DeliveryChannelNames: ['default'] } })),
  ]);
  const recording = await callAws(
    endpoint,
    credentials,
    seeded.configRegions.map((region) => ({ service: 'config', operation: 'DescribeConfigurationRecorderStatus', region, params: { ConfigurationRecorderNames: ['default'] } })),
  );
  recording.forEach((result, index) => {
    if (!result.ok || !result.result.ConfigurationRecordersStatus?.[0]?.recording) problems.push(`the owner's recorder in ${seeded.configRegions[index]} no longer records after offboarding: ${result.error ?? 'stopped'}`);
  });
  results.forEach((result, index) => {
    if (result.ok) return;
    const what =
      index < detectorRegions.length
        ? `detector ${seeded.detectors.get(detectorRegions[index])} in ${detectorRegions[index]}`
        : `Config ${index < detectorRegions.length + seeded.configRegions.length ? 'recorder' : 'delivery channel'} default`;
    problems.push(`the owner's ${what} was destroyed by offboarding: ${result.error}`);
  });
  return problems;
}
