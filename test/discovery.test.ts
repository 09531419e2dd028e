/**
 * Discovery: what AWS already has of the resources a stack declares, told apart as the baseline's
 * own, AWS's, another stack's or the owner's, with the ID to import it by, what the deploy would
 * change and what only the owner can decide. AWS answers as the SDK returns its responses.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { AwsReadError, SdkReader, asReadError } from '../scripts/lib/discovery/aws-reader';
import { Discovered, FINDERS, WRITTEN_IN_PLACE, discoverStack } from '../scripts/lib/discovery';
import type { Finding, Present } from '../scripts/lib/discovery/finding';
import { declaredResources } from '../scripts/lib/discovery/stack-model';
import { discoveryDocument } from '../scripts/lib/discovery-doc';
import { DISCOVERY_DOC } from '../scripts/docs';
import type { SynthesizedStack } from '../scripts/lib/stacks';
import { RecordedAws, awsError, emptyAccount } from './support/aws-responses';
import { DEFAULT_CONFIG, ORGANIZATION_EXAMPLE, REPO_ROOT, organizationConfigData, synthesize, validConfigData } from './support/fixtures';

const standalone = synthesize(DEFAULT_CONFIG).stack('account-personal');
const organizationData = organizationConfigData();
delete organizationData.organization.organizationId;
const organization = synthesize(organizationData);
const ACCOUNT = '111122223333';

/** The finding for the resource at `path` (a construct path ending) after discovering the whole stack. */
async function discover(aws: RecordedAws, stack: SynthesizedStack = standalone): Promise<(path: string) => Discovered> {
  const results = await discoverStack({ stack: stack.name, json: stack.json, state: new Map(), aws });
  return (path) => {
    const found = results.filter((result) => result.resource.path.endsWith(path));
    if (found.length !== 1) throw new Error(`${found.length} resources end with ${path}`);
    return found[0];
  };
}

const findingOf = (result: Discovered): Finding => {
  if (result.status === 'written-in-place') throw new Error(`${result.resource.address} was not looked for`);
  return result.finding;
};
const present = (result: Discovered): Present => {
  const finding = findingOf(result);
  if (finding.kind !== 'present') throw new Error(`${result.resource.address}: ${JSON.stringify(finding)}`);
  return finding;
};

/** A transport answering like AWS over HTTP, for the SDK itself (STS in XML, GuardDuty in JSON). */
function transport(answer: (request: { hostname: string; path: string; query?: Record<string, string> }) => { status?: number; body: string; json?: boolean }) {
  const requests: string[] = [];
  return {
    requests,
    handle: async (request: { hostname: string; path: string; method: string; query?: Record<string, string> }) => {
      requests.push(`${request.method} ${request.hostname}${request.path}${request.query?.nextToken ? `?nextToken=${request.query.nextToken}` : ''}`);
      const { status = 200, body, json = true } = answer(request);
      return { response: { statusCode: status, headers: { 'content-type': json ? 'application/json' : 'text/xml' }, body: Readable.from([Buffer.from(body)]) } };
    },
  };
}

const callerIdentity = (account: string) =>
  `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${account}:role/deployer</Arn>` +
  `<UserId>AROA:me</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;

const credentials = { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

describe('the AWS reader: signed in as the deploy would be, and reading only', () => {
  test('refuses an operation that is not a read, before anything is sent', async () => {
    const http = transport(() => ({ body: '{}' }));
    const reader = new SdkReader({ requestHandler: http, env: credentials });
    await expect(reader.read({ account: ACCOUNT, region: 'eu-west-1' }, 'guardduty', 'CreateDetector', { Enable: true })).rejects.toThrow(/is not one of discovery's reads \(ALLOWED_READS\); discovery never changes AWS/);
    await expect(reader.read({ account: ACCOUNT, region: 'eu-west-1' }, 'guardduty', 'DeleteDetector', { DetectorId: 'x' })).rejects.toThrow(/is not one of discovery's reads/);
    // Names that only look like reads: a session token, and Cost Explorer's billed cost query.
    await expect(reader.read({ account: ACCOUNT, region: 'eu-west-1' }, 'sts', 'GetSessionToken')).rejects.toThrow(/is not one of discovery's reads/);
    await expect(reader.read({ account: ACCOUNT, region: 'eu-west-1' }, 'ce', 'GetCostAndUsage', {})).rejects.toThrow(/is not one of discovery's reads/);
    expect(http.requests).toEqual([]);
  });

  test('stops when the credentials act in another account than the provider is locked to', async () => {
    const http = transport((request) => (request.hostname.startsWith('sts.') ? { body: callerIdentity('999999999999'), json: false } : { body: '{"detectorIds":[]}' }));
    const reader = new SdkReader({ requestHandler: http, env: credentials });
    await expect(reader.read({ account: ACCOUNT, region: 'eu-west-1' }, 'guardduty', 'ListDetectors')).rejects.toThrow(
      /act in account 999999999999 .* but the stack's provider is locked to account 111122223333/,
    );
    expect(http.requests.filter((request) => request.includes('guardduty'))).toEqual([]);
  });

  test('follows a paginated listing page by page through the SDK, and makes each identical read once', async () => {
    const pages: Record<string, string> = { '': '{"detectorIds":["d-1"],"nextToken":"page-2"}', 'page-2': '{"detectorIds":["d-2"]}' };
    const http = transport((request) => (request.hostname.startsWith('sts.') ? { body: callerIdentity(ACCOUNT), json: false } : { body: pages[request.query?.nextToken ?? ''] }));
    const aws = new SdkReader({ requestHandler: http, env: credentials });
    const stack = { ...standalone, json: { ...standalone.json, resource: { aws_guardduty_detector: standalone.json.resource!.aws_guardduty_detector } } };
    const results = await discoverStack({ stack: stack.name, json: stack.json, state: new Map(), aws, select: (resource) => resource.provider.region === 'eu-west-1' });
    expect(results).toHaveLength(1);
    const finding = present(results[0]);
    // Two detectors across two pages: AWS allows one per region, so the owner decides.
    expect(finding.conflict?.why).toMatch(/^2 detectors in eu-west-1 \(d-1, d-2\); AWS allows one$/);
    expect(http.requests.filter((request) => request.includes('/detector?') || request.endsWith('/detector'))).toEqual([
      'GET guardduty.eu-west-1.amazonaws.com/detector',
      'GET guardduty.eu-west-1.amazonaws.com/detector?nextToken=page-2',
    ]);
  });

  test('a region where the service has no endpoint is told apart, and discovery finds nothing to adopt there', async () => {
    const offline = Object.assign(new Error('getaddrinfo ENOTFOUND guardduty.ap-east-2.amazonaws.com'), { code: 'ENOTFOUND' });
    const error = asReadError(offline, 'guardduty ListDetectors in ap-east-2');
    expect(error).toMatchObject({ notOffered: true, code: 'ENOTFOUND' });
    // Refused credentials and a passing DNS failure are errors: they say nothing of what AWS has.
    expect(asReadError(Object.assign(new Error('The security token included in the request is invalid.'), { name: 'UnrecognizedClientException' }), 'x').notOffered).toBe(false);
    expect(asReadError(Object.assign(new Error('getaddrinfo EAI_AGAIN'), { code: 'EAI_AGAIN' }), 'x').notOffered).toBe(false);
    const aws = emptyAccount().on('guardduty', 'ListDetectors', error, { region: 'sa-east-1' });
    const found = await discover(aws);
    expect(findingOf(found('guardDuty/sa-east-1/detector'))).toEqual({ kind: 'absent', note: expect.stringMatching(/^not offered in sa-east-1: /) });
  });

  test('an answer that is neither found nor missing (access denied) is reported, not taken for absent', async () => {
    const aws = emptyAccount().on('iam', 'GetRole', awsError('AccessDenied', 'iam GetRole: AccessDenied: not authorized'));
    const found = await discover(aws);
    expect(findingOf(found('containment/role'))).toEqual({ kind: 'unknown', reason: 'iam GetRole: AccessDenied: not authorized' });
  });
});

describe('an account with nothing of the baseline', () => {
  test.each([
    ['the standalone stack', standalone],
    ['the organisation stack', organization.stack('organization')],
    ['the security account stack', organization.stack('account-security')],
  ])('in %s every resource is to be created, every type is known and only reads are made', async (_name, stack) => {
    const aws = emptyAccount(stack.name === 'organization' ? '100000000001' : stack.name === 'account-security' ? '100000000002' : ACCOUNT);
    const results = await discoverStack({ stack: stack.name, json: stack.json, state: new Map(), aws });
    const kinds = new Set(results.map((result) => (result.status === 'written-in-place' ? 'written in place' : result.finding.kind)));
    expect([...kinds].sort()).toEqual(['absent', 'written in place']);
    expect(aws.reads.every((read) => /^[a-z0-9]+:(Get|List|Describe|Head|BatchGet)[A-Za-z]+@/.test(read))).toBe(true);
  });

  test('docs/discovery.md is what npm run docs writes from the finders (run it after changing one)', () => {
    expect(readFileSync(DISCOVERY_DOC, 'utf8')).toBe(discoveryDocument());
  });

  test('every resource type the constructs can declare (any option) has a finder or a reason not to look', () => {
    const types = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name));
        else if (entry.name.endsWith('.ts')) for (const match of readFileSync(join(dir, entry.name), 'utf8').matchAll(/@cdktf\/provider-aws\/lib\/([a-z0-9-]+)/g)) types.add(`aws_${match[1].replace(/-/g, '_')}`);
      }
    };
    walk(join(REPO_ROOT, 'modules'));
    types.delete('aws_provider');
    expect([...types].filter((type) => !FINDERS.has(type) && !WRITTEN_IN_PLACE[type]).sort()).toEqual([]);
    expect(types.size).toBeGreaterThan(60);
  });

  test('every resource type either example declares has a finder or a reason not to look (settings written whole)', () => {
    const types = new Set([standalone, ...organization.stacks].flatMap((stack) => Object.keys(stack.json.resource ?? {})));
    const unknown = [...types].filter((type) => !FINDERS.has(type) && !WRITTEN_IN_PLACE[type]);
    expect(unknown).toEqual([]);
    expect(Object.keys(WRITTEN_IN_PLACE).filter((type) => FINDERS.has(type))).toEqual([]);
  });
});

describe('GuardDuty: one detector per region, adopted whoever made it', () => {
  const detector = (tags: Record<string, string> = {}) =>
    emptyAccount()
      .on('guardduty', 'ListDetectors', { DetectorIds: ['6ab3f4c1d2e5'] }, { region: 'us-east-1' })
      .on('guardduty', 'GetDetector', { Status: 'ENABLED', FindingPublishingFrequency: 'ONE_HOUR', Tags: tags, Features: [{ Name: 'S3_DATA_EVENTS', Status: 'DISABLED' }] })
      .on('guardduty', 'ListFilters', { FilterNames: ['archive-low'] })
      .on('guardduty', 'ListPublishingDestinations', { Destinations: [{ DestinationId: 'dest-1', DestinationType: 'S3', Status: 'PUBLISHING' }] });

  test("the owner's detector is adopted by its ID; its findings, filters and destinations stay; the frequency and plans change in place", async () => {
    const found = present((await discover(detector()))('guardDuty/us-east-1/detector'));
    expect(found).toMatchObject({
      origin: 'owner',
      importId: '6ab3f4c1d2e5',
      attributes: { id: '6ab3f4c1d2e5', arn: `arn:aws:guardduty:us-east-1:${ACCOUNT}:detector/6ab3f4c1d2e5` },
      kept: ['its findings', '1 filter (archive-low)', '1 publishing destination'],
    });
    expect(found.changes).toEqual(
      expect.arrayContaining([
        { attribute: 'finding_publishing_frequency', from: 'ONE_HOUR', to: 'FIFTEEN_MINUTES' },
        { attribute: 'feature S3_DATA_EVENTS', from: 'DISABLED', to: 'ENABLED' },
      ]),
    );
    expect(found.conflict).toBeUndefined();
  });

  test('the features of an adopted detector resolve against its ID (nothing is looked up for them)', async () => {
    const found = await discover(detector());
    expect(found('guardDuty/us-east-1/s3DataEvents').status).toBe('written-in-place');
  });

  test('a detector the baseline tagged for this stack is its own; one tagged for another stack is a conflict', async () => {
    expect(present((await discover(detector({ ManagedBy: 'aws-account-baseline', BaselineStack: 'account-personal' })))('guardDuty/us-east-1/detector')).origin).toBe('this-stack');
    const other = present((await discover(detector({ ManagedBy: 'aws-account-baseline', BaselineStack: 'account-other' })))('guardDuty/us-east-1/detector'));
    expect(other.origin).toBe('other-stack');
    expect(other.conflict?.choice).toBe('two configurations deploy into this account: keep one');
  });
});

describe('AWS Config: the one recorder and delivery channel of a region', () => {
  const config = (recorder: Record<string, unknown>, channel: Record<string, unknown>) =>
    emptyAccount()
      .on('config', 'DescribeConfigurationRecorders', { ConfigurationRecorders: [recorder] }, { region: 'eu-west-1' })
      .on('config', 'DescribeConfigurationRecorderStatus', { ConfigurationRecordersStatus: [{ name: recorder.name, recording: true }] })
      .on('config', 'DescribeDeliveryChannels', { DeliveryChannels: [channel] }, { region: 'eu-west-1' })
      .on('s3', 'HeadBucket', {}, { input: { Bucket: channel.s3BucketName } });

  test('a recorder and channel named default are adopted under their own names, which the baseline then declares', async () => {
    const found = await discover(config({ name: 'default', roleARN: `arn:aws:iam::${ACCOUNT}:role/config-role`, recordingGroup: { allSupported: true, includeGlobalResourceTypes: false } }, { name: 'default', s3BucketName: 'my-config-history' }));
    const recorder = present(found('configRecorder/eu-west-1/recorder'));
    expect(recorder).toMatchObject({ origin: 'owner', importId: 'default', keep: { name: 'default' }, kept: ['its configuration history'] });
    expect(recorder.changes).toEqual([{ attribute: 'role_arn', from: `arn:aws:iam::${ACCOUNT}:role/config-role`, to: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig` }]);
    const channel = present(found('configRecorder/eu-west-1/delivery-channel'));
    expect(channel).toMatchObject({ importId: 'default', keep: { name: 'default' }, changes: [{ attribute: 's3_bucket_name', from: 'my-config-history' }] });
    expect(channel.conflict).toBeUndefined();
  });

  test("a channel that delivers to another account's bucket (a central archive) waits for the owner", async () => {
    const aws = config({ name: 'default', recordingGroup: { allSupported: true } }, { name: 'default', s3BucketName: 'org-central-config' }).on('s3', 'HeadBucket', awsError('403', 'Forbidden'), {
      input: { Bucket: 'org-central-config' },
    });
    const channel = present((await discover(aws))('configRecorder/eu-west-1/delivery-channel'));
    expect(channel.conflict?.why).toMatch(/^Config history goes to org-central-config, a bucket of another account/);
    expect(channel.conflict?.choice).toMatch(/controls\.configRecorder: false/);
  });

  test('a recorder another tool manages that records some types only is a conflict; the same recorder recording everything is adopted', async () => {
    const partial = config({ name: 'aws-controltower-BaselineConfigRecorder', recordingGroup: { allSupported: false, resourceTypes: ['AWS::EC2::Instance'] } }, { name: 'aws-controltower-BaselineConfigDeliveryChannel', s3BucketName: 'b' });
    expect(present((await discover(partial))('configRecorder/eu-west-1/recorder')).conflict?.why).toMatch(/looks managed by another tool and records some resource types only/);
    const full = config({ name: 'aws-controltower-BaselineConfigRecorder', recordingGroup: { allSupported: true } }, { name: 'x', s3BucketName: 'b' });
    expect(present((await discover(full))('configRecorder/eu-west-1/recorder')).conflict).toBeUndefined();
  });
});

describe("the baseline's names: its own are recognised, anyone else's is a conflict", () => {
  const role = (tags: Array<{ Key: string; Value: string }>) =>
    emptyAccount().on('iam', 'GetRole', { Role: { RoleName: 'account-baseline-containment', Arn: `arn:aws:iam::${ACCOUNT}:role/account-baseline-containment`, RoleId: 'AROA1', Tags: tags } }, {
      input: { RoleName: 'account-baseline-containment' },
    });

  test('a role carrying the baseline tags of this stack is its own, imported by name', async () => {
    const found = present((await discover(role([{ Key: 'ManagedBy', Value: 'aws-account-baseline' }, { Key: 'BaselineStack', Value: 'account-personal' }])))('containment/role'));
    expect(found).toMatchObject({ origin: 'this-stack', importId: 'account-baseline-containment', evidence: 'tagged ManagedBy=aws-account-baseline, BaselineStack=account-personal' });
  });

  test("a role with the name but without the tags the baseline writes when it creates one, or with other tags, is not the baseline's: a conflict", async () => {
    const untagged = present((await discover(role([])))('containment/role'));
    expect(untagged).toMatchObject({ origin: 'owner', evidence: "the baseline's name, but none of the tags the baseline gives it when it creates it" });
    const foreign = present((await discover(role([{ Key: 'team', Value: 'platform' }])))('containment/role'));
    expect(foreign).toMatchObject({ origin: 'owner', conflict: { why: expect.stringMatching(/^role account-baseline-containment exists and is not the baseline's/) } });
  });

  test('a bucket with the name and no tags yet (the provider tags a bucket after creating it) is taken for an interrupted creation', async () => {
    const bucket = emptyAccount().on('s3', 'HeadBucket', {}, { input: { Bucket: `account-baseline-logs-${ACCOUNT}-ap-northeast-1` } }).on('s3', 'GetBucketTagging', awsError('NoSuchTagSet'));
    expect(present((await discover(bucket))('evidence/logs'))).toMatchObject({ origin: 'baseline-name', importId: `account-baseline-logs-${ACCOUNT}-ap-northeast-1` });
  });

  const keys = (target: string, tags: Array<{ TagKey: string; TagValue: string }>) =>
    emptyAccount()
      .on('kms', 'ListAliases', { Aliases: [{ AliasName: 'alias/account-baseline-alerts', AliasArn: `arn:aws:kms:ap-northeast-1:${ACCOUNT}:alias/account-baseline-alerts`, TargetKeyId: target }] }, { region: 'ap-northeast-1' })
      .on('kms', 'DescribeKey', (input) => ({ KeyMetadata: { KeyId: input.KeyId, Arn: `arn:aws:kms:ap-northeast-1:${ACCOUNT}:key/${input.KeyId}`, KeyManager: 'CUSTOMER', KeyState: 'Enabled', Description: 'x' } }))
      .on('kms', 'ListResourceTags', { Tags: tags, Truncated: false });

  test('a key is found through the alias the stack gives it, and the alias is adopted with it', async () => {
    const found = await discover(keys('key-1', [{ TagKey: 'ManagedBy', TagValue: 'aws-account-baseline' }, { TagKey: 'BaselineStack', TagValue: 'account-personal' }]));
    expect(present(found('alerts/key'))).toMatchObject({ origin: 'this-stack', importId: 'key-1', attributes: { key_id: 'key-1' } });
    expect(present(found('alerts/key-alias'))).toMatchObject({ origin: 'this-stack', importId: 'alias/account-baseline-alerts' });
  });

  test("an alias of the baseline's naming someone else's key is a conflict, for the key and the alias", async () => {
    const found = await discover(keys('their-key', [{ TagKey: 'owner', TagValue: 'finance' }]));
    expect(present(found('alerts/key')).conflict?.why).toMatch(/^key alias alias\/account-baseline-alerts exists and is not the baseline's/);
    expect(present(found('alerts/key-alias')).origin).toBe('owner');
  });

  test('a key created before its alias (the interrupt fell between) is found by its description and tags', async () => {
    const description = String(declaredResources(standalone.json).find((resource) => resource.path.endsWith('alerts/key'))!.block.description);
    const aws = emptyAccount()
      .on('kms', 'ListKeys', { Keys: [{ KeyId: 'someone-elses' }, { KeyId: 'k-7' }], Truncated: false }, { region: 'ap-northeast-1' })
      .on('kms', 'DescribeKey', (input) => ({ KeyMetadata: { KeyId: input.KeyId, Arn: `arn:k/${input.KeyId}`, KeyManager: 'CUSTOMER', KeyState: 'Enabled', Description: description } }))
      .on('kms', 'ListResourceTags', { Tags: [] }, { input: { KeyId: 'someone-elses' } })
      .on('kms', 'ListResourceTags', { Tags: [{ TagKey: 'ManagedBy', TagValue: 'aws-account-baseline' }, { TagKey: 'BaselineStack', TagValue: 'account-personal' }] }, { input: { KeyId: 'k-7' } });
    expect(present((await discover(aws))('alerts/key'))).toMatchObject({ importId: 'k-7', found: 'key k-7 (no alias yet)', origin: 'this-stack' });
  });
});

describe('what Terraform would leave on an adopted resource is a conflict, whatever its tags say (tags can be copied)', () => {
  const TAGS = [{ Key: 'ManagedBy', Value: 'aws-account-baseline' }, { Key: 'BaselineStack', Value: 'account-personal' }];

  test('a role carrying a policy the stack does not declare (an attached AdministratorAccess) is a conflict, naming it', async () => {
    const aws = emptyAccount()
      .on('iam', 'GetRole', { Role: { RoleName: 'account-baseline-containment', Arn: 'arn:r', RoleId: 'R', Tags: TAGS } }, { input: { RoleName: 'account-baseline-containment' } })
      .on('iam', 'ListAttachedRolePolicies', { AttachedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }], IsTruncated: false }, { input: { RoleName: 'account-baseline-containment' } });
    const found = present((await discover(aws))('containment/role'));
    expect(found.origin).toBe('this-stack');
    expect(found.conflict?.why).toMatch(/^role account-baseline-containment carries what the baseline does not declare: attached policy arn:aws:iam::aws:policy\/AdministratorAccess\. Terraform would leave it there/);
  });

  test("the role's own inline policy and the stack's own policies are not extras", async () => {
    const aws = emptyAccount()
      .on('iam', 'GetRole', { Role: { RoleName: 'account-baseline-containment', Arn: 'arn:r', RoleId: 'R', Tags: TAGS } }, { input: { RoleName: 'account-baseline-containment' } })
      .on('iam', 'ListRolePolicies', { PolicyNames: ['stop-and-tag'], IsTruncated: false }, { input: { RoleName: 'account-baseline-containment' } });
    const inline = (declaredResources(standalone.json).find((resource) => resource.path.endsWith('containment/role'))!.block.inline_policy as Array<{ name: string }>).map((policy) => policy.name);
    aws.on('iam', 'ListRolePolicies', { PolicyNames: inline, IsTruncated: false }, { input: { RoleName: 'account-baseline-containment' } });
    expect(present((await discover(aws))('containment/role')).conflict).toBeUndefined();
  });

  test('a group of the baseline\'s name with an inline policy (one that denies enrolling MFA locks the people out) is a conflict', async () => {
    const aws = emptyAccount()
      .on('iam', 'GetGroup', { Group: { GroupName: 'account-baseline-human-users', Arn: 'arn:g', GroupId: 'G' }, Users: [], IsTruncated: false })
      .on('iam', 'ListGroupPolicies', { PolicyNames: ['deny-mfa'], IsTruncated: false });
    expect(present((await discover(aws))('mfaEnforcement/human-users')).conflict?.why).toMatch(/group account-baseline-human-users carries what the baseline does not declare: inline policy deny-mfa/);
  });

  test("a topic with someone's subscription or a data protection policy is a conflict; the stack's own e-mail subscription is not", async () => {
    const arn = `arn:aws:sns:ap-northeast-1:${ACCOUNT}:account-baseline-alerts`;
    const topic = (subscriptions: Array<{ Protocol: string; Endpoint: string }>, policy = '') =>
      emptyAccount()
        .on('sns', 'GetTopicAttributes', { Attributes: { TopicArn: arn } }, { input: { TopicArn: arn } })
        .on('sns', 'ListTagsForResource', { Tags: TAGS })
        .on('sns', 'ListSubscriptionsByTopic', { Subscriptions: subscriptions }, { input: { TopicArn: arn } })
        .on('sns', 'GetDataProtectionPolicy', { DataProtectionPolicy: policy }, { input: { ResourceArn: arn } });
    const own = [{ Protocol: 'email', Endpoint: 'security-alerts@example.com' }];
    expect(present((await discover(topic(own)))('alerts/topic')).conflict).toBeUndefined();
    expect(present((await discover(topic([...own, { Protocol: 'https', Endpoint: 'https://attacker.example/alerts' }])))('alerts/topic')).conflict?.why).toMatch(
      /a https subscription to https:\/\/attacker\.example\/alerts/,
    );
    expect(present((await discover(topic(own, '{"Statement":[]}')))('alerts/topic')).conflict?.why).toMatch(/a data protection policy \(it can refuse every message published to the topic\)/);
  });

  test('a key whose material came from outside, a function URL, bucket replication and a rule target the stack does not declare are conflicts', async () => {
    const aws = emptyAccount()
      .on('kms', 'ListAliases', { Aliases: [{ AliasName: 'alias/account-baseline-evidence', AliasArn: 'arn:a', TargetKeyId: 'k-ext' }] }, { region: 'ap-northeast-1' })
      .on('kms', 'DescribeKey', { KeyMetadata: { KeyId: 'k-ext', Arn: 'arn:k', KeyManager: 'CUSTOMER', KeyState: 'Enabled', Origin: 'EXTERNAL' } })
      .on('kms', 'ListResourceTags', { Tags: [{ TagKey: 'ManagedBy', TagValue: 'aws-account-baseline' }, { TagKey: 'BaselineStack', TagValue: 'account-personal' }] })
      .on('lambda', 'GetFunction', { Configuration: { FunctionName: 'account-baseline-containment', FunctionArn: 'arn:f' }, Tags: { ManagedBy: 'aws-account-baseline', BaselineStack: 'account-personal' } }, { input: { FunctionName: 'account-baseline-containment' } })
      .on('lambda', 'GetFunctionUrlConfig', { FunctionUrl: 'https://abc.lambda-url.ap-northeast-1.on.aws/', AuthType: 'NONE' }, { input: { FunctionName: 'account-baseline-containment' } })
      .on('s3', 'HeadBucket', {}, { input: { Bucket: `account-baseline-logs-${ACCOUNT}-ap-northeast-1`, ExpectedBucketOwner: ACCOUNT } })
      .on('s3', 'GetBucketReplication', { ReplicationConfiguration: { Role: 'arn:r', Rules: [{ Destination: { Bucket: 'arn:aws:s3:::elsewhere' } }] } }, { input: { Bucket: `account-baseline-logs-${ACCOUNT}-ap-northeast-1` } })
      .on('events', 'DescribeRule', { Arn: 'arn:rule', Name: 'account-baseline-root-activity' }, { input: { Name: 'account-baseline-root-activity' }, region: 'ap-northeast-1' })
      .on('events', 'ListTagsForResource', { Tags: TAGS })
      .on('events', 'ListTargetsByRule', { Targets: [{ Id: 'exfiltrate', Arn: 'arn:aws:events:us-east-1:999999999999:event-bus/default' }] }, { input: { Rule: 'account-baseline-root-activity' }, region: 'ap-northeast-1' });
    const found = await discover(aws);
    expect(present(found('evidence/key')).conflict?.why).toMatch(/key material from EXTERNAL/);
    expect(present(found('containment/function')).conflict?.why).toMatch(/a function URL \(https:\/\/abc\.lambda-url/);
    expect(present(found('evidence/logs')).conflict?.why).toMatch(/replication to arn:aws:s3:::elsewhere/);
    expect(present(found('rootCredentials/root-activity/ap-northeast-1/rule')).conflict?.why).toMatch(/target exfiltrate \(arn:aws:events:us-east-1:999999999999:event-bus\/default\)/);
  });

  test("a bucket of another account under the baseline's name (bucket names are global) is a conflict", async () => {
    const aws = emptyAccount().on('s3', 'HeadBucket', awsError('403', 'Forbidden'), { input: { Bucket: `account-baseline-logs-${ACCOUNT}-ap-northeast-1`, ExpectedBucketOwner: ACCOUNT } });
    expect(present((await discover(aws))('evidence/logs')).conflict?.why).toMatch(/belongs to another account/);
  });

  test("a detector's archive filters and trusted IP lists stay, and are listed for review", async () => {
    const aws = emptyAccount()
      .on('guardduty', 'ListDetectors', { DetectorIds: ['d-1'] }, { region: 'us-east-1' })
      .on('guardduty', 'GetDetector', { Status: 'ENABLED', FindingPublishingFrequency: 'FIFTEEN_MINUTES', Tags: {} })
      .on('guardduty', 'ListFilters', { FilterNames: ['hide-mining'] })
      .on('guardduty', 'GetFilter', { Name: 'hide-mining', Action: 'ARCHIVE', FindingCriteria: {} })
      .on('guardduty', 'ListIPSets', { IpSetIds: ['ip-1'] });
    const found = present((await discover(aws))('guardDuty/us-east-1/detector'));
    expect(found.review).toEqual(['filter hide-mining archives the findings it matches: they reach no alert and no containment', '1 trusted IP list: GuardDuty raises no finding for those addresses']);
    expect(found.conflict).toBeUndefined();
  });
});

describe('account settings are written over, never weakened without the owner saying so', () => {
  const policy = (fields: Record<string, unknown>) => emptyAccount().on('iam', 'GetAccountPasswordPolicy', { PasswordPolicy: { MinimumPasswordLength: 8, ExpirePasswords: false, ...fields } });

  test('a weaker password policy is overwritten, old -> new, and imported so that offboarding leaves it', async () => {
    const found = present((await discover(policy({ RequireSymbols: false })))('passwordPolicy/policy'));
    expect(found).toMatchObject({ importId: 'iam-account-password-policy', origin: 'owner' });
    expect(found.changes).toEqual(
      expect.arrayContaining([
        { attribute: 'minimum_password_length', from: '8', to: '14' },
        { attribute: 'max_password_age', from: '(never expires)', to: '90' },
        { attribute: 'require_symbols', from: 'false', to: 'true' },
      ]),
    );
    expect(found.conflict).toBeUndefined();
  });

  test('a stronger password policy than the configuration asks for is a conflict naming each weakening', async () => {
    const found = present((await discover(policy({ MinimumPasswordLength: 20, PasswordReusePrevention: 24, MaxPasswordAge: 60, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true })))('passwordPolicy/policy'));
    expect(found.conflict?.why).toBe(
      'the baseline would weaken what is set today: minimum_password_length 20 -> 14 (shorter passwords allowed); max_password_age 60 -> 90 (passwords kept longer)',
    );
    expect(found.conflict?.choice).toMatch(/^set the stronger value in the configuration/);
  });

  test('image block public access, which the provider cannot import, is recorded as written over', async () => {
    const found = present((await discover(emptyAccount().on('ec2', 'GetImageBlockPublicAccessState', { ImageBlockPublicAccessState: 'block-new-sharing' }, { region: 'eu-west-2' })))('accountDefaults/eu-west-2/image-public-access'));
    expect(found.importId).toBeUndefined();
    expect(found.notImportable).toMatch(/cannot import it/);
    expect(found.changes).toBeUndefined();
  });

  test('snapshot sharing blocked for all today stays blocked; metadata defaults with a lower hop limit are a conflict', async () => {
    const aws = emptyAccount()
      .on('ec2', 'GetSnapshotBlockPublicAccessState', { State: 'block-all-sharing' }, { region: 'eu-west-2' })
      .on('ec2', 'GetInstanceMetadataDefaults', { AccountLevel: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 } }, { region: 'eu-west-2' });
    const found = await discover(aws);
    expect(present(found('accountDefaults/eu-west-2/snapshot-public-access'))).toMatchObject({ importId: 'eu-west-2', origin: 'owner' });
    expect(present(found('accountDefaults/eu-west-2/snapshot-public-access')).changes).toBeUndefined();
    expect(present(found('accountDefaults/eu-west-2/imds-v2')).conflict?.why).toMatch(/http_put_response_hop_limit 1 -> 2 \(metadata reachable from more hops/);
  });

  test('Inspector scanning what the configuration leaves out would be switched off: a conflict', async () => {
    const data = validConfigData();
    data.inspector = { scan: { lambdaCode: false } };
    const stack = synthesize(data).stack('account-personal');
    const aws = emptyAccount().on('inspector2', 'BatchGetAccountStatus', {
      accounts: [{ accountId: ACCOUNT, state: { status: 'ENABLED' }, resourceState: { ec2: { status: 'ENABLED' }, ecr: { status: 'DISABLED' }, lambda: { status: 'DISABLED' }, lambdaCode: { status: 'ENABLED' } } }],
    });
    const found = present((await discover(aws, stack))('inspector/us-east-1/enabler'));
    expect(found.changes).toEqual(
      expect.arrayContaining([
        { attribute: 'scan ECR', from: 'off', to: 'on' },
        { attribute: 'scan LAMBDA_CODE', from: 'on', to: 'off', weaker: 'the provider turns off every scan it is not given' },
      ]),
    );
    expect(found.conflict).toBeDefined();
  });
});

describe('an organisation that already exists', () => {
  const orgStack = organization.stack('organization');
  const existing = (fields: { master?: string; services?: string[]; types?: string[]; feature?: string }) =>
    emptyAccount('100000000001')
      .on('organizations', 'DescribeOrganization', { Organization: { Id: 'o-abc123', Arn: 'arn:aws:organizations::100000000001:organization/o-abc123', FeatureSet: fields.feature ?? 'ALL', MasterAccountId: fields.master ?? '100000000001' } })
      .on('organizations', 'ListRoots', { Roots: [{ Id: 'r-ab12', Arn: 'arn:r', PolicyTypes: (fields.types ?? ['SERVICE_CONTROL_POLICY']).map((type) => ({ Type: type, Status: 'ENABLED' })) }] })
      .on('organizations', 'ListAWSServiceAccessForOrganization', { EnabledServicePrincipals: (fields.services ?? []).map((service) => ({ ServicePrincipal: service })) })
      .on('organizations', 'ListTargetsForPolicy', { Targets: [] });

  test('is adopted by its ID without organization.organizationId, and its root resolves what attaches to it', async () => {
    const found = await discover(existing({ services: ['sso.amazonaws.com', 'cloudtrail.amazonaws.com'] }), orgStack);
    const org = present(found('baseline/organization'));
    expect(org).toMatchObject({ importId: 'o-abc123', attributes: { roots: [{ id: 'r-ab12', arn: 'arn:r' }] } });
    expect(org.conflict).toBeUndefined();
    expect(findingOf(found('baselineProtection/attachment-organization-root'))).toEqual({ kind: 'absent', note: expect.stringMatching(/^needs aws_organizations_policy\..*, which does not exist yet$/) });
    // With the SCP there already, attached to the root the organisation gave, the attachment is found by both IDs.
    const attached = existing({})
      .on('organizations', 'ListPolicies', { Policies: [{ Id: 'p-prot', Arn: 'arn:p', Name: 'account-baseline-protect-baseline', AwsManaged: false }] })
      .on('organizations', 'ListTagsForResource', { Tags: [{ Key: 'ManagedBy', Value: 'aws-account-baseline' }, { Key: 'BaselineStack', Value: 'organization' }] })
      .on('organizations', 'ListTargetsForPolicy', { Targets: [{ TargetId: 'r-ab12', Type: 'ROOT' }] }, { input: { PolicyId: 'p-prot' } });
    expect(present((await discover(attached, orgStack))('baselineProtection/attachment-organization-root'))).toMatchObject({ importId: 'r-ab12:p-prot' });
  });

  test('trusted access or a policy type the configuration does not list would be switched off: a conflict with the setting to add', async () => {
    const org = present((await discover(existing({ services: ['sso.amazonaws.com', 'securitylake.amazonaws.com'], types: ['SERVICE_CONTROL_POLICY', 'TAG_POLICY'] }), orgStack))('baseline/organization'));
    expect(org.conflict?.why).toMatch(/trusted access is on for securitylake\.amazonaws\.com, which the configuration does not list/);
    expect(org.conflict?.choice).toMatch(/add securitylake\.amazonaws\.com to organization\.otherTrustedServices/);
    expect(org.conflict?.choice).toMatch(/add TAG_POLICY to organization\.otherPolicyTypes/);
  });

  test('an organisation managed by another account, or with consolidated billing only, waits for the owner', async () => {
    expect(present((await discover(existing({ master: '999999999999' }), orgStack))('baseline/organization')).conflict?.choice).toBe(
      'set organization.managementAccountId to 999999999999 and deploy the organization stack with its credentials',
    );
    expect(present((await discover(existing({ feature: 'CONSOLIDATED_BILLING' }), orgStack))('baseline/organization')).conflict?.why).toMatch(/consolidated billing only/);
  });

  test('a delegated administrator already registered to the security account is adopted; to another account, a conflict', async () => {
    const registered = (account: string) =>
      existing({}).on('organizations', 'ListDelegatedAdministrators', { DelegatedAdministrators: [{ Id: account, Name: 'security' }] }, { input: { ServicePrincipal: 'access-analyzer.amazonaws.com' } });
    expect(present((await discover(registered('100000000002'), orgStack))('accessAnalyzer/delegated-administrator'))).toMatchObject({
      importId: '100000000002/access-analyzer.amazonaws.com',
      origin: 'aws',
    });
    expect(present((await discover(registered('100000000004'), orgStack))('accessAnalyzer/delegated-administrator')).conflict?.choice).toMatch(/^make 100000000004 the security account/);
  });

  test("Security Hub turned on by hand is adopted, declaring the value the provider reads back so it is never replaced", async () => {
    const aws = emptyAccount('100000000002')
      .on('securityhub', 'DescribeHub', { HubArn: 'arn:aws:securityhub:eu-west-1:100000000002:hub/default', AutoEnableControls: true, ControlFindingGenerator: 'STANDARD_CONTROL', SubscribedAt: '2025-01-02T03:04:05Z' }, { region: 'eu-west-1' })
      .on('securityhub', 'GetEnabledStandards', { StandardsSubscriptions: [{ StandardsArn: 'arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0', StandardsSubscriptionArn: 'arn:sub', StandardsStatus: 'READY' }] }, { region: 'eu-west-1' });
    const hub = present((await discover(aws, organization.stack('account-security')))('securityHub/eu-west-1/hub'));
    expect(hub).toMatchObject({ importId: '100000000002', keep: { enable_default_standards: false }, changes: [{ attribute: 'control_finding_generator', from: 'STANDARD_CONTROL', to: 'SECURITY_CONTROL' }] });
    expect(hub.kept).toEqual(['its findings', 'standard aws-foundational-security-best-practices/v/1.0.0']);
  });
});

test('the recorded AWS of these tests refuses reads it was not told about', async () => {
  await expect(new RecordedAws().read({ account: ACCOUNT, region: 'eu-west-1' }, 'iam', 'GetRole', {})).rejects.toThrow(/no recorded answer for iam GetRole/);
  await expect(new RecordedAws().read({ account: ACCOUNT, region: 'eu-west-1' }, 'iam', 'GetUser', {})).rejects.toThrow(/iam GetUser is not in ALLOWED_READS/);
  expect(new AwsReadError('x', 'NoSuchEntityException')).toBeInstanceOf(Error);
  expect(ORGANIZATION_EXAMPLE).toMatch(/organization\.yaml$/);
});
