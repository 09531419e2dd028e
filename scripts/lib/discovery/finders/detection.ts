/**
 * Finders for the detective services, of which AWS allows one per account and region (a GuardDuty
 * detector, a Config recorder and delivery channel, a Security Hub subscription, an analyzer per
 * kind) and which an owner often turned on by hand before the baseline came: those are adopted
 * whatever their name, keeping what hangs off them (findings, filters, history).
 */
import { isNotFound, readAllPages, readIfExists } from '../aws-reader';
import { BASELINE_NAME, Change, Finder, Finding, changesOf, nameTaken, originOfTags, tagObject } from '../finding';
import { optionalRead } from './extras';

const absent: Finding = { kind: 'absent' };

export const guardDutyDetector: Finder = {
  type: 'aws_guardduty_detector',
  recognises: "AWS allows one detector per region: the one there is adopted; the baseline's tags say whether it made it",
  refusesSecondCreate: true,
  async find({ aws, target, stack, resource, stackResources }) {
    const pages = await readAllPages(aws, target, 'guardduty', 'ListDetectors', {}, { tokenIn: 'NextToken' });
    const ids = pages.flatMap((page) => (page.DetectorIds ?? []) as string[]);
    if (ids.length === 0) return absent;
    const [id] = ids;
    const detector = await aws.read(target, 'guardduty', 'GetDetector', { DetectorId: id });
    const { origin, evidence } = originOfTags(detector.Tags, stack, { baseline: false, taggedAtCreation: true });
    // What hangs off the detector, for the report; the adoption does not depend on it.
    const filters = await readAllPages(aws, target, 'guardduty', 'ListFilters', { DetectorId: id }, { tokenIn: 'NextToken' }).then(
      (pages) => pages.flatMap((page) => (page.FilterNames ?? []) as string[]),
      (error: Error) => error,
    );
    const destinations = await aws.read(target, 'guardduty', 'ListPublishingDestinations', { DetectorId: id }).then(
      (page) => (page.Destinations ?? []) as unknown[],
      (error: Error) => error,
    );
    // The protection plans the stack turns on for this detector, against what is on today.
    const features = new Map<string, string>(((detector.Features ?? []) as Array<{ Name: string; Status: string }>).map((feature) => [feature.Name, feature.Status]));
    const wanted = stackResources.filter((candidate) => candidate.type === 'aws_guardduty_detector_feature' && candidate.references.includes(resource.address));
    const changes: Change[] = [
      ...changesOf([
        ['enable', detector.Status === 'ENABLED', resource.block.enable ?? true],
        ['finding_publishing_frequency', detector.FindingPublishingFrequency, resource.block.finding_publishing_frequency],
      ]),
      ...changesOf(
        wanted.map((feature) => {
          const name = String(feature.block.name);
          const from = features.get(name) ?? 'DISABLED';
          return [`feature ${name}`, from, feature.block.status, from === 'ENABLED' && feature.block.status === 'DISABLED' ? 'a protection plan turned off' : undefined] as const;
        }),
      ),
    ];
    // What keeps findings from reaching alerts and containment: the owner should look at each.
    const review: string[] = [];
    if (!(filters instanceof Error)) {
      for (const filter of filters) {
        const described = await optionalRead(() => aws.read(target, 'guardduty', 'GetFilter', { DetectorId: id, FilterName: filter }), `filter ${filter}`);
        if (described.note) review.push(described.note);
        else if (described.value?.Action === 'ARCHIVE') review.push(`filter ${filter} archives the findings it matches: they reach no alert and no containment`);
      }
    }
    for (const [operation, field, what] of [
      ['ListIPSets', 'IpSetIds', 'trusted IP list'],
      ['ListThreatIntelSets', 'ThreatIntelSetIds', 'threat list'],
    ] as const) {
      const listed = await optionalRead(() => readAllPages(aws, target, 'guardduty', operation, { DetectorId: id }, { tokenIn: 'NextToken' }), `the ${what}s`);
      const count = (listed.value ?? []).flatMap((page) => (page[field] ?? []) as string[]).length;
      if (listed.note) review.push(listed.note);
      else if (count > 0 && what === 'trusted IP list') review.push(`${count} trusted IP list${count === 1 ? '' : 's'}: GuardDuty raises no finding for those addresses`);
    }
    return {
      kind: 'present',
      found: `detector ${id} (${detector.Status === 'ENABLED' ? 'enabled' : 'suspended'}, findings published every ${EVERY[detector.FindingPublishingFrequency] ?? detector.FindingPublishingFrequency})`,
      origin: origin === 'other-stack' ? 'other-stack' : origin,
      evidence,
      importId: id,
      attributes: { id, account_id: target.account, arn: `arn:aws:guardduty:${target.region}:${target.account}:detector/${id}` },
      ...(changes.length > 0 ? { changes } : {}),
      ...(review.length > 0 ? { review } : {}),
      kept: [
        'its findings',
        filters instanceof Error ? `its filters (they could not be listed: ${codeOf(filters)})` : counted(filters.length, 'filter', filters),
        destinations instanceof Error ? `its publishing destinations (they could not be listed: ${codeOf(destinations)})` : counted(destinations.length, 'publishing destination'),
      ],
      ...(ids.length > 1
        ? { conflict: { why: `${ids.length} detectors in ${target.region} (${ids.join(', ')}); AWS allows one`, choice: `delete all but one detector in ${target.region}, then run npm run adopt again` } }
        : {}),
      ...(origin === 'other-stack'
        ? { conflict: { why: `detector ${id} is managed by another stack of the baseline (${evidence})`, choice: 'two configurations deploy into this account: keep one' } }
        : {}),
    };
  },
};

const EVERY: Record<string, string> = { FIFTEEN_MINUTES: '15 minutes', ONE_HOUR: 'hour', SIX_HOURS: '6 hours' };

/** Security Hub answers InvalidAccessException in an account that does not subscribe to it: nothing there. */
const notSubscribed = (error: unknown) => isNotFound(error) || /InvalidAccess|NotSubscribed/.test((error as { code?: string }).code ?? '');

const codeOf = (error: Error) => (error as { code?: string }).code ?? error.name;

function counted(count: number, what: string, names: readonly string[] = []): string {
  return `${count} ${what}${count === 1 ? '' : 's'}${names.length > 0 ? ` (${names.join(', ')})` : ''}`;
}

/** Recorders that AWS services create for themselves (`servicePrincipal`) are not the account's own. */
async function customerRecorders(context: Parameters<Finder['find']>[0]) {
  const { ConfigurationRecorders } = await context.aws.read(context.target, 'config', 'DescribeConfigurationRecorders', {});
  return ((ConfigurationRecorders ?? []) as Array<{ name: string; roleARN?: string; recordingGroup?: { allSupported?: boolean; includeGlobalResourceTypes?: boolean }; servicePrincipal?: string }>).filter(
    (recorder) => !recorder.servicePrincipal,
  );
}

/** Names other landing-zone tools give their recorders and channels. */
const OTHER_TOOL = /controltower|control-tower|landing-?zone|accelerator|lza|aws-config-?rule-?manager/i;

export const configRecorder: Finder = {
  type: 'aws_config_configuration_recorder',
  recognises: 'AWS allows one recorder per region, whatever its name: the one there is adopted under its own name',
  refusesSecondCreate: true,
  async find(context) {
    const [recorder] = await customerRecorders(context);
    if (!recorder) return absent;
    const name = context.arg<string>('name');
    const [status] = ((await context.aws.read(context.target, 'config', 'DescribeConfigurationRecorderStatus', { ConfigurationRecorderNames: [recorder.name] })).ConfigurationRecordersStatus ?? []) as Array<{
      recording?: boolean;
    }>;
    const group = (context.resource.block.recording_group as Array<{ all_supported?: boolean; include_global_resource_types?: boolean }> | undefined)?.[0];
    const recordsLess = (group?.all_supported ?? true) && recorder.recordingGroup?.allSupported === false;
    const changes = changesOf([
      ['recording_group.all_supported', recorder.recordingGroup?.allSupported, group?.all_supported, recorder.recordingGroup?.allSupported === true && group?.all_supported === false ? 'fewer resource types recorded' : undefined],
      // Global resources (IAM) are recorded once, in the home region: not recording them elsewhere loses nothing.
      ['recording_group.include_global_resource_types', recorder.recordingGroup?.includeGlobalResourceTypes, group?.include_global_resource_types],
      ['role_arn', recorder.roleARN, context.arg<string>('role_arn')],
    ]);
    const byOtherTool = OTHER_TOOL.test(recorder.name);
    return {
      kind: 'present',
      found: `recorder ${recorder.name} (${status?.recording ? 'recording' : 'not recording'}${recorder.recordingGroup?.allSupported === false ? ', some resource types only' : ', every resource type'})`,
      origin: recorder.name === name ? 'baseline-name' : 'owner',
      evidence: recorder.name === name ? "the baseline's recorder name" : `named ${recorder.name}, not ${name}`,
      importId: recorder.name,
      attributes: { id: recorder.name, name: recorder.name },
      ...(recorder.name === name ? {} : { keep: { name: recorder.name } }),
      ...(changes.length > 0 ? { changes } : {}),
      kept: ['its configuration history'],
      ...(byOtherTool && recordsLess
        ? {
            conflict: {
              why: `recorder ${recorder.name} looks managed by another tool and records some resource types only; the baseline would make it record every type, and that tool may change it back`,
              choice: `switch configRecorder off for this account (controls.configRecorder: false) and keep the other tool's recorder, or take it over with npm run adopt -- --accept`,
            },
          }
        : {}),
    };
  },
};

export const configDeliveryChannel: Finder = {
  type: 'aws_config_delivery_channel',
  recognises: 'AWS allows one delivery channel per region: the one there is adopted under its own name',
  refusesSecondCreate: true,
  async find(context) {
    const { DeliveryChannels } = await context.aws.read(context.target, 'config', 'DescribeDeliveryChannels', {});
    const [channel] = (DeliveryChannels ?? []) as Array<{ name: string; s3BucketName?: string; s3KeyPrefix?: string; snsTopicARN?: string }>;
    if (!channel) return absent;
    const name = context.arg<string>('name');
    let bucket: string | undefined;
    try {
      bucket = context.arg<string>('s3_bucket_name');
    } catch {
      bucket = undefined; // the baseline's bucket is not there yet: it is created first
    }
    const elsewhere = channel.s3BucketName ? await bucketOfAnotherAccount(context, channel.s3BucketName) : false;
    return {
      kind: 'present',
      found: `delivery channel ${channel.name} (to bucket ${channel.s3BucketName ?? '(none)'}${channel.snsTopicARN ? `, topic ${channel.snsTopicARN}` : ''})`,
      origin: channel.name === name ? 'baseline-name' : 'owner',
      evidence: channel.name === name ? "the baseline's channel name" : `named ${channel.name}, not ${name}`,
      importId: channel.name,
      attributes: { id: channel.name, name: channel.name },
      ...(channel.name === name ? {} : { keep: { name: channel.name } }),
      changes: changesOf([['s3_bucket_name', channel.s3BucketName, bucket ?? "the baseline's Config bucket"]]),
      ...(elsewhere
        ? {
            conflict: {
              why: `Config history goes to ${channel.s3BucketName}, a bucket of another account (a central log archive); the baseline would send it to its own bucket instead`,
              choice: 'keep the central archive by switching configRecorder off for this account (controls.configRecorder: false), or send history to the baseline with npm run adopt -- --accept',
            },
          }
        : {}),
    };
  },
};

export const configRecorderStatus: Finder = {
  type: 'aws_config_configuration_recorder_status',
  recognises: "the recording of the recorder it starts: adopted with an adopted recorder that records, so that offboarding never stops it",
  refusesSecondCreate: false,
  async find(context) {
    const name = context.arg<string>('name');
    const recorder = context.resource.references.find((address) => address.startsWith('aws_config_configuration_recorder.'));
    const { ConfigurationRecordersStatus } = await context.aws.read(context.target, 'config', 'DescribeConfigurationRecorderStatus', { ConfigurationRecorderNames: [name] }).catch((error) => {
      if (isNotFound(error)) return { ConfigurationRecordersStatus: [] };
      throw error;
    });
    const [status] = (ConfigurationRecordersStatus ?? []) as Array<{ name: string; recording?: boolean }>;
    if (!status?.recording) return { kind: 'absent', note: 'not recording: the deploy starts it' };
    const origin = recorder ? context.originOf(recorder) : undefined;
    return {
      kind: 'present',
      found: `recorder ${name}, recording`,
      origin: origin === 'owner' ? 'owner' : 'baseline-name',
      evidence: origin === 'owner' ? 'the recorder it starts is adopted' : "the baseline's recorder",
      importId: name,
      attributes: { id: name, name },
    };
  },
};

async function bucketOfAnotherAccount(context: Parameters<Finder['find']>[0], bucket: string): Promise<boolean> {
  try {
    await context.aws.read(context.target, 's3', 'HeadBucket', { Bucket: bucket, ExpectedBucketOwner: context.target.account });
    return false;
  } catch (error) {
    return /^(403|Forbidden|AccessDenied)$/.test((error as { code?: string }).code ?? '');
  }
}

export const configAggregator: Finder = {
  type: 'aws_config_configuration_aggregator',
  recognises: 'by its name; its tags',
  refusesSecondCreate: false,
  async find({ aws, target, arg, stack }) {
    const name = arg<string>('name');
    const [aggregator] = (await readIfExists(aws, target, 'config', 'DescribeConfigurationAggregators', { ConfigurationAggregatorNames: [name] }))?.ConfigurationAggregators ?? [];
    if (!aggregator) return absent;
    const { Tags } = await aws.read(target, 'config', 'ListTagsForResource', { ResourceArn: aggregator.ConfigurationAggregatorArn });
    const { origin, evidence } = originOfTags(tagObject(Tags), stack, { baseline: BASELINE_NAME.test(name), taggedAtCreation: true });
    return {
      kind: 'present',
      found: `aggregator ${name}`,
      origin,
      evidence,
      importId: name,
      attributes: { id: name, name, arn: aggregator.ConfigurationAggregatorArn },
      ...(origin === 'owner' || origin === 'other-stack' ? { conflict: nameTaken('aggregator', name, evidence) } : {}),
    };
  },
};

export const accessAnalyzer: Finder = {
  type: 'aws_accessanalyzer_analyzer',
  recognises: 'one analyzer of each kind per region is adopted under its own name; its tags say whether the baseline made it',
  refusesSecondCreate: true,
  async find({ aws, target, arg, stack }) {
    const type = arg<string>('type');
    const name = arg<string>('analyzer_name');
    const pages = await readAllPages(aws, target, 'accessanalyzer', 'ListAnalyzers', { type }, { tokenIn: 'nextToken' });
    const analyzers = pages.flatMap((page) => page.analyzers ?? []) as Array<{ name: string; arn: string; status?: string; tags?: Record<string, string> }>;
    const analyzer = analyzers.find((candidate) => candidate.name === name) ?? analyzers[0];
    if (!analyzer) return absent;
    const { origin, evidence } = originOfTags(analyzer.tags, stack, { baseline: analyzer.name === name, taggedAtCreation: true });
    const rules = await optionalRead(() => readAllPages(aws, target, 'accessanalyzer', 'ListArchiveRules', { analyzerName: analyzer.name }, { tokenIn: 'nextToken' }), `the archive rules of analyzer ${analyzer.name}`);
    const ruleNames = (rules.value ?? []).flatMap((page) => (page.archiveRules ?? []) as Array<{ ruleName: string }>).map((rule) => rule.ruleName);
    const review = rules.note ? [rules.note] : ruleNames.map((rule) => `archive rule ${rule} archives the findings it matches`);
    return {
      ...(review.length > 0 ? { review } : {}),
      kind: 'present',
      found: `analyzer ${analyzer.name} (${type.toLowerCase()}${analyzer.status ? `, ${analyzer.status.toLowerCase()}` : ''})`,
      origin,
      evidence,
      importId: analyzer.name,
      attributes: { id: analyzer.name, analyzer_name: analyzer.name, arn: analyzer.arn },
      ...(analyzer.name === name ? {} : { keep: { analyzer_name: analyzer.name } }),
      kept: ['its findings and archive rules'],
    };
  },
};

export const securityHubAccount: Finder = {
  type: 'aws_securityhub_account',
  recognises: 'one Security Hub subscription per account and region: the one there is adopted',
  refusesSecondCreate: true,
  async find({ aws, target, resource }) {
    let hub: { HubArn: string; AutoEnableControls?: boolean; ControlFindingGenerator?: string; SubscribedAt?: string };
    try {
      hub = await aws.read(target, 'securityhub', 'DescribeHub', {});
    } catch (error) {
      if (notSubscribed(error)) return absent;
      throw error;
    }
    const standards = ((await aws.read(target, 'securityhub', 'GetEnabledStandards', {})).StandardsSubscriptions ?? []) as Array<{ StandardsArn: string }>;
    return {
      kind: 'present',
      found: `Security Hub, on since ${hub.SubscribedAt ?? '?'} (${standards.length} standard${standards.length === 1 ? '' : 's'} on)`,
      origin: 'aws',
      evidence: 'the account subscribes to Security Hub once per region, whoever turned it on',
      importId: target.account,
      attributes: { id: target.account, arn: hub.HubArn },
      // enable_default_standards is never read back: after an import it is false, and any other value would replace the hub.
      keep: { enable_default_standards: false },
      changes: changesOf([
        ['auto_enable_controls', hub.AutoEnableControls, resource.block.auto_enable_controls],
        ['control_finding_generator', hub.ControlFindingGenerator, resource.block.control_finding_generator],
      ]),
      kept: ['its findings', ...standards.map((standard) => `standard ${standard.StandardsArn.split(':standards/').pop() ?? standard.StandardsArn}`)],
    };
  },
};

export const securityHubStandard: Finder = {
  type: 'aws_securityhub_standards_subscription',
  recognises: 'an enabled standard is the same whoever enabled it',
  refusesSecondCreate: false,
  async find({ aws, target, arg }) {
    const arn = arg<string>('standards_arn');
    let subscriptions: Array<{ StandardsArn: string; StandardsSubscriptionArn: string; StandardsStatus?: string }>;
    try {
      subscriptions = (await readAllPages(aws, target, 'securityhub', 'GetEnabledStandards', {}, { tokenIn: 'NextToken' })).flatMap((page) => page.StandardsSubscriptions ?? []);
    } catch (error) {
      if (notSubscribed(error)) return absent;
      throw error;
    }
    const subscription = subscriptions.find((candidate) => candidate.StandardsArn === arn && candidate.StandardsStatus !== 'DELETING');
    if (!subscription) return absent;
    return {
      kind: 'present',
      found: `standard ${arn.split(':standards/').pop() ?? arn} (${(subscription.StandardsStatus ?? 'READY').toLowerCase()})`,
      origin: 'aws',
      evidence: 'enabled standards have no owner',
      importId: subscription.StandardsSubscriptionArn,
      attributes: { id: subscription.StandardsSubscriptionArn, standards_arn: arn },
    };
  },
};

export const securityHubAggregator: Finder = {
  type: 'aws_securityhub_finding_aggregator',
  recognises: 'one finding aggregator per account: the one there is adopted',
  refusesSecondCreate: true,
  async find({ aws, target, resource }) {
    let aggregators: Array<{ FindingAggregatorArn: string }>;
    try {
      aggregators = (await aws.read(target, 'securityhub', 'ListFindingAggregators', {})).FindingAggregators ?? [];
    } catch (error) {
      if (notSubscribed(error)) return absent;
      throw error;
    }
    const [aggregator] = aggregators;
    if (!aggregator) return absent;
    const described = await aws.read(target, 'securityhub', 'GetFindingAggregator', { FindingAggregatorArn: aggregator.FindingAggregatorArn });
    const elsewhere = described.FindingAggregationRegion && described.FindingAggregationRegion !== target.region;
    return {
      ...(elsewhere
        ? {
            conflict: {
              why: `the account's finding aggregator gathers findings in ${described.FindingAggregationRegion}; the baseline declares it in ${target.region}`,
              choice: `delete the aggregator in ${described.FindingAggregationRegion} (findings stay in each region), or make ${described.FindingAggregationRegion} the home region`,
            },
          }
        : {}),
      kind: 'present',
      found: `finding aggregator in ${described.FindingAggregationRegion ?? target.region} (${String(described.RegionLinkingMode ?? '?').toLowerCase().replace(/_/g, ' ')})`,
      origin: 'aws',
      evidence: 'the account has one, whoever made it',
      importId: aggregator.FindingAggregatorArn,
      attributes: { id: aggregator.FindingAggregatorArn, arn: aggregator.FindingAggregatorArn },
      changes: changesOf([['linking_mode', described.RegionLinkingMode, resource.block.linking_mode]]),
    };
  },
};

export const cloudTrail: Finder = {
  type: 'aws_cloudtrail',
  recognises: "by its name; its tags. The owner's other trails stay as they are",
  refusesSecondCreate: true,
  async find({ aws, target, arg, stack }) {
    const name = arg<string>('name');
    const { trailList } = await aws.read(target, 'cloudtrail', 'DescribeTrails', { includeShadowTrails: true });
    const trails = (trailList ?? []) as Array<{ Name: string; TrailARN: string; HomeRegion?: string; IsOrganizationTrail?: boolean }>;
    const trail = trails.find((candidate) => candidate.Name === name || candidate.TrailARN.endsWith(`:trail/${name}`));
    const others = trails.filter((candidate) => candidate !== trail).map((candidate) => `trail ${candidate.Name}${candidate.IsOrganizationTrail ? ' (organisation)' : ''}`);
    if (!trail) return others.length > 0 ? { kind: 'absent', note: `other trails stay: ${others.join(', ')}` } : absent;
    const { ResourceTagList } = await aws.read({ ...target, region: trail.HomeRegion ?? target.region }, 'cloudtrail', 'ListTags', { ResourceIdList: [trail.TrailARN] });
    const tags = tagObject(((ResourceTagList ?? []) as Array<{ TagsList?: Array<{ Key: string; Value: string }> }>)[0]?.TagsList);
    const { origin, evidence } = originOfTags(tags, stack, { baseline: BASELINE_NAME.test(name), taggedAtCreation: true });
    const foreign = origin === 'owner' || origin === 'other-stack';
    if (trail.HomeRegion && trail.HomeRegion !== target.region) {
      return {
        kind: 'present',
        found: `trail ${trail.Name} (home ${trail.HomeRegion})`,
        origin,
        evidence,
        attributes: { id: trail.TrailARN, name: trail.Name, arn: trail.TrailARN },
        conflict: {
          why: `trail ${trail.Name} lives in ${trail.HomeRegion}, and the baseline declares its trail in ${target.region}: it cannot be adopted there`,
          choice: `delete or rename the trail in ${trail.HomeRegion} (its logs stay in its bucket), then run npm run adopt again`,
        },
      };
    }
    return {
      kind: 'present',
      found: `trail ${trail.Name}${trail.HomeRegion && trail.HomeRegion !== target.region ? ` (home ${trail.HomeRegion})` : ''}`,
      origin,
      evidence,
      // Provider 5.100 keeps a trail under its ARN (state schema version 1).
      importId: trail.TrailARN,
      attributes: { id: trail.Name, name: trail.Name, arn: trail.TrailARN },
      ...(others.length > 0 ? { kept: others } : {}),
      ...(foreign
        ? {
            conflict: {
              why: `trail name ${name} is taken by a trail the baseline did not create (${evidence}); the deploy would fail`,
              choice: `rename or delete that trail (its logs stay in its bucket), or take it over with npm run adopt -- --accept`,
            },
          }
        : {}),
    };
  },
};
