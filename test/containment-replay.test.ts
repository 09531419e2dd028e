/**
 * The first incident replayed against a local AWS API (moto in server mode): instances launched in
 * the nine regions AWS support listed, and the root user's RunInstances events, as CloudTrail hands
 * them to EventBridge, fed to the containment function's own code with the AWS SDK pointed at the
 * emulator through AWS_ENDPOINT_URL. Every instance must end stopped and tagged, and the alert topic
 * must deliver one readable message per containment, read here through an SQS subscription.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AutoScalingClient, CreateAutoScalingGroupCommand, DescribeAutoScalingGroupsCommand, ResumeProcessesCommand } from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateCommand, DescribeInstancesCommand, EC2Client, RunInstancesCommand, StartInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { ContainmentOutcome, ContainmentSettings, handler, SETTINGS_VARIABLE } from '../modules/functions/containment-handler';
import { CONTAINMENT_TAG_KEY } from '../modules/policies/containment';
import { RunningEmulator, startEmulator } from '../scripts/lib/local-aws';
import { alertTopicWithReader, topicMessages } from './support/alerts';
import { tempDir } from './support/fixtures';

const ACCOUNT = '123456789012'; // moto's default account
const HOME = 'ap-northeast-1';
/** The consoles AWS support asked the owner of incident A to check, one per region. */
const INCIDENT_REGIONS = ['us-east-1', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'sa-east-1'];
const ALLOWED = ['ap-northeast-1', 'us-east-1'];
const BREAK_GLASS = `arn:aws:iam::*:role/BreakGlassAdmin`;

let emulator: RunningEmulator;
let topicArn: string;
let queueUrl: string;
const timings: number[] = [];
const saved: Record<string, string | undefined> = {};
const workDir = tempDir('containment-replay-');

const config = { credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
const ec2 = (region: string) => new EC2Client({ region, ...config, endpoint: emulator.endpoint.url });
const sqs = () => new SQSClient({ region: HOME, ...config, endpoint: emulator.endpoint.url });

function settings(overrides: Partial<ContainmentSettings> = {}): ContainmentSettings {
  return {
    accountId: ACCOUNT,
    topicArn,
    tagKey: CONTAINMENT_TAG_KEY,
    dryRun: false,
    allowedRegions: ALLOWED,
    exemptRoleArns: [BREAK_GLASS, 'arn:aws:iam::*:role/OrganizationAccountAccessRole'],
    contain: { rootLaunches: true, unusedRegionLaunches: true, findings: true, accessKeys: true },
    ...overrides,
  };
}

/** The function as Lambda runs it: settings in its environment, the SDK's own clients. */
async function invoke(event: unknown, overrides: Partial<ContainmentSettings> = {}): Promise<ContainmentOutcome> {
  process.env[SETTINGS_VARIABLE] = JSON.stringify(settings(overrides));
  const started = process.hrtime.bigint();
  try {
    return await handler(event);
  } finally {
    timings.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
}

async function launch(region: string, count = 1, stopProtection = false): Promise<string[]> {
  const result = await ec2(region).send(
    new RunInstancesCommand({ ImageId: 'ami-12c6146b', InstanceType: 'c5.4xlarge', MinCount: count, MaxCount: count, ...(stopProtection ? { DisableApiStop: true } : {}) }),
  );
  return result.Instances!.map((instance) => instance.InstanceId!);
}

async function instance(region: string, id: string) {
  const result = await ec2(region).send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  const found = result.Reservations![0].Instances![0];
  return { state: found.State!.Name, tag: found.Tags?.find((tag) => tag.Key === CONTAINMENT_TAG_KEY)?.Value };
}

/** Every alert the topic delivered since the last call. */
const delivered = () => topicMessages(sqs(), queueUrl);

type Identity = Record<string, unknown>;
const ROOT: Identity = { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT, accessKeyId: 'AKIAIOSFODNN7EXAMPLE' };
const USER: Identity = { type: 'IAMUser', principalId: 'AIDA1', arn: `arn:aws:iam::${ACCOUNT}:user/ci`, accountId: ACCOUNT, userName: 'ci', accessKeyId: 'AKIAI44QH8DHBEXAMPLE' };
const role = (name: string, extra: Identity = {}): Identity => ({
  type: 'AssumedRole',
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/session`,
  accountId: ACCOUNT,
  sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, userName: name } },
  ...extra,
});

/** A RunInstances event as EventBridge delivers it from CloudTrail (shape from the CloudTrail user guide). */
function runInstancesEvent(region: string, identity: Identity, instanceIds: readonly string[], id = `evt-${region}-${instanceIds.join('-')}`) {
  return {
    version: '0',
    id,
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.ec2',
    account: ACCOUNT,
    time: '2026-12-01T03:14:15Z',
    region,
    detail: {
      eventVersion: '1.09',
      userIdentity: identity,
      eventTime: '2026-12-01T03:14:15Z',
      eventSource: 'ec2.amazonaws.com',
      eventName: 'RunInstances',
      awsRegion: region,
      sourceIPAddress: '198.51.100.23',
      userAgent: 'aws-cli/2.15.0',
      requestParameters: { instanceType: 'c5.4xlarge', instancesSet: { items: [{ imageId: 'ami-12c6146b', minCount: 1, maxCount: 1 }] } },
      responseElements: { instancesSet: { items: instanceIds.map((instanceId) => ({ instanceId, instanceType: 'c5.4xlarge', instanceState: { code: 0, name: 'pending' } })) } },
      eventID: `e-${id}`,
      eventType: 'AwsApiCall',
      recipientAccountId: ACCOUNT,
    },
  };
}

const logLines: string[] = [];
beforeAll(async () => {
  // The function writes one JSON line per event to its log; collect them instead of printing them.
  jest.spyOn(console, 'log').mockImplementation((line: string) => void logLines.push(line));
  for (const name of ['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_PROFILE', SETTINGS_VARIABLE]) saved[name] = process.env[name];
  emulator = await startEmulator({ logFile: join(workDir, 'emulator.log') });
  // As the function finds them in Lambda: the endpoint (here the emulator), credentials, its own region.
  Object.assign(process.env, { AWS_ENDPOINT_URL: emulator.endpoint.url, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: HOME });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  const sns = new SNSClient({ region: HOME, ...config, endpoint: emulator.endpoint.url });
  ({ topicArn, queueUrl } = await alertTopicWithReader(sns, sqs()));
}, 90_000);

afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await emulator?.stop();
  const sorted = [...timings].sort((a, b) => a - b);
  const report = { events: sorted.length, medianMs: sorted[Math.floor(sorted.length / 2)], maxMs: sorted[sorted.length - 1] };
  writeFileSync(join(workDir, 'timings.json'), JSON.stringify(report));
  process.stderr.write(`containment handler on the emulator: ${report.events} events, median ${report.medianMs?.toFixed(0)} ms, max ${report.maxMs?.toFixed(0)} ms per event\n`);
});

describe('incident A replayed: the root user launches instances in nine regions', () => {
  const launched = new Map<string, string[]>();

  beforeAll(async () => {
    for (const region of INCIDENT_REGIONS) launched.set(region, await launch(region, region === 'sa-east-1' ? 3 : 1));
    await delivered();
  }, 60_000);

  test('each RunInstances event stops and tags every instance it launched, in its own region', async () => {
    for (const region of INCIDENT_REGIONS) {
      const outcome = await invoke(runInstancesEvent(region, ROOT, launched.get(region)!));
      expect({ region, contained: outcome.contained }).toEqual({ region, contained: [...launched.get(region)!].sort() });
    }
    for (const [region, ids] of launched) {
      for (const id of ids) {
        const found = await instance(region, id);
        expect({ region, id, state: found.state }).toEqual({ region, id, state: 'stopped' });
        expect(found.tag).toMatch(/^the root user launched it/);
      }
    }
  });

  test('the alert topic delivers one readable message per containment: what, where, who, why and how to undo it', async () => {
    const alerts = await delivered();
    expect(alerts).toHaveLength(INCIDENT_REGIONS.length);
    for (const region of INCIDENT_REGIONS) {
      const ids = [...launched.get(region)!].sort();
      const alert = alerts.find((candidate) => candidate.message.includes(`region ${region}.`))!;
      expect(alert.subject).toBe(`[High] Stopped ${ids.length} instance${ids.length === 1 ? '' : 's'} in ${region}, account ${ACCOUNT}`);
      expect(alert.message).toContain('Why: the root user launched it');
      expect(alert.message).toContain('RunInstances (CloudTrail) by the ROOT USER (access key AKIAIOSFODNN7EXAMPLE) from 198.51.100.23');
      for (const id of ids) expect(alert.message).toContain(`- ${id} (c5.4xlarge`);
      expect(alert.message).toContain(
        `aws ec2 delete-tags --region ${region} --resources ${ids.join(' ')} --tags Key=${CONTAINMENT_TAG_KEY} && aws ec2 start-instances --region ${region} --instance-ids ${ids.join(' ')}`,
      );
      expect(alert.message).not.toMatch(/^"|\\n/); // plain text, not a JSON-quoted string
    }
  });

  test("the function's log has one line per event, with its outcome and how long it took", () => {
    const lines = logLines.map((line) => JSON.parse(line));
    expect(lines.filter((line) => line.containment?.plan === 'contain-compute')).toHaveLength(INCIDENT_REGIONS.length);
    for (const line of lines) expect(line).toEqual({ containment: expect.any(Object), milliseconds: expect.any(Number), eventId: expect.any(String) });
  });

  test('a repeated event (EventBridge delivers at least once) stops nothing twice and alerts nobody twice', async () => {
    const region = 'sa-east-1';
    const outcome = await invoke(runInstancesEvent(region, ROOT, launched.get(region)!));
    expect(outcome).toMatchObject({ contained: [], alreadyContained: [...launched.get(region)!].sort(), alerted: false });
    expect(await delivered()).toEqual([]);
  });
});

describe("incident A with stop protection: the intruder's RunInstances asks for DisableApiStop", () => {
  test('the function switches stop protection off and stops every instance, and the alert says so (never "stopped" for one that is not)', async () => {
    const region = 'ca-central-1';
    const ids = (await launch(region, 2, true)).sort();
    await delivered();
    const outcome = await invoke(runInstancesEvent(region, ROOT, ids));
    expect(outcome).toMatchObject({ contained: ids, protectionLifted: ids, failed: [] });
    for (const id of ids) expect(await instance(region, id)).toMatchObject({ state: 'stopped', tag: expect.stringMatching(/^the root user launched it/) });
    const [alert] = await delivered();
    expect(alert.subject).toBe(`[High] Stopped 2 instances in ${region}, account ${ACCOUNT}`);
    for (const id of ids) expect(alert.message).toContain(`- ${id} (c5.4xlarge, launched`);
    expect(alert.message.match(/stopped \(its stop protection was switched off first\)/g)).toHaveLength(2);
  });
});

describe('who is contained and who is left alone', () => {
  test('an IAM user launching in a region outside the allowed ones is contained', async () => {
    const [id] = await launch('eu-north-1');
    const outcome = await invoke(runInstancesEvent('eu-north-1', USER, [id]));
    expect(outcome.contained).toEqual([id]);
    expect((await instance('eu-north-1', id)).state).toBe('stopped');
    const [alert] = await delivered();
    expect(alert.message).toContain('Why: it was launched in eu-north-1, outside the regions this account uses (ap-northeast-1, us-east-1)');
    expect(alert.message).toContain('IAM user ci, access key AKIAI44QH8DHBEXAMPLE');
  });

  test('a role launching in an allowed region is left alone', async () => {
    const [id] = await launch('ap-northeast-1');
    const outcome = await invoke(runInstancesEvent('ap-northeast-1', role('WebDeployer'), [id]));
    expect(outcome).toMatchObject({ plan: 'leave-alone', contained: [], alerted: false });
    expect(await instance('ap-northeast-1', id)).toEqual({ state: 'running', tag: undefined });
    expect(await delivered()).toEqual([]);
  });

  test('an Auto Scaling launch in an allowed region is left alone', async () => {
    const [id] = await launch('us-east-1');
    const autoScaling = role('aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling', { invokedBy: 'autoscaling.amazonaws.com' });
    const outcome = await invoke(runInstancesEvent('us-east-1', autoScaling, [id]));
    expect(outcome.plan).toBe('leave-alone');
    expect((await instance('us-east-1', id)).state).toBe('running');
  });

  test('an Auto Scaling launch outside the allowed regions is contained, and the group is kept from replacing it', async () => {
    const region = 'ca-central-1';
    const client = new AutoScalingClient({ region, ...config, endpoint: emulator.endpoint.url });
    await ec2(region).send(new CreateLaunchTemplateCommand({ LaunchTemplateName: 'miner', LaunchTemplateData: { ImageId: 'ami-12c6146b', InstanceType: 'c5.4xlarge' } }));
    await client.send(new CreateAutoScalingGroupCommand({ AutoScalingGroupName: 'miners', LaunchTemplate: { LaunchTemplateName: 'miner' }, MinSize: 1, MaxSize: 1, DesiredCapacity: 1, AvailabilityZones: [`${region}a`] }));
    const group = (await client.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['miners'] }))).AutoScalingGroups![0];
    const ids = group.Instances!.map((entry) => entry.InstanceId!);
    const autoScaling = role('aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling', { invokedBy: 'autoscaling.amazonaws.com' });
    const outcome = await invoke(runInstancesEvent(region, autoScaling, ids));
    expect(outcome).toMatchObject({ contained: ids, suspendedGroups: ['miners'] });
    const after = (await client.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['miners'] }))).AutoScalingGroups![0];
    // Terminate too: emptying the group (desired capacity 0) would have Auto Scaling's own role destroy the evidence.
    expect(after.SuspendedProcesses!.map((process) => process.ProcessName).sort()).toEqual(['AZRebalance', 'AlarmNotification', 'HealthCheck', 'InstanceRefresh', 'Launch', 'ReplaceUnhealthy', 'ScheduledActions', 'Terminate']);
    // The group carries containment's tag (so that, in member accounts, the keep-contained SCP guards it), not passed to new instances.
    expect(after.Tags!.filter((tag) => tag.Key === CONTAINMENT_TAG_KEY)).toEqual([expect.objectContaining({ PropagateAtLaunch: false, Value: expect.stringContaining('outside the regions this account uses') })]);
    const [alert] = await delivered();
    expect(alert.message).toContain(`aws autoscaling resume-processes --region ${region} --auto-scaling-group-name miners`);

    // The intruder resumes the group (which would terminate the stopped evidence and launch anew): suspended again.
    await client.send(new ResumeProcessesCommand({ AutoScalingGroupName: 'miners' }));
    const intruder = role('Admin');
    const resumed = { ...runInstancesEvent(region, intruder, []), source: 'aws.autoscaling' };
    resumed.detail = { ...resumed.detail, eventSource: 'autoscaling.amazonaws.com', eventName: 'ResumeProcesses', requestParameters: { autoScalingGroupName: 'miners' } as never, responseElements: null as never };
    const again = await invoke(resumed);
    expect(again).toMatchObject({ suspendedGroups: ["miners"], alerted: true });
    const suspendedAgain = (await client.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['miners'] }))).AutoScalingGroups![0];
    expect(suspendedAgain.SuspendedProcesses!.map((process) => process.ProcessName)).toContain('Launch');
    const [second] = await delivered();
    expect(second.message).toContain('someone started it again (or resumed its Auto Scaling group) who may not release it: only arn:aws:iam::*:role/BreakGlassAdmin');
  });

  test('an instance the function stopped, started again by someone who may not release it, is stopped again; an exempt role may start it', async () => {
    const region = 'ap-northeast-1';
    const [id] = await launch(region);
    await invoke(runInstancesEvent(region, ROOT, [id]));
    await delivered();
    await ec2(region).send(new StartInstancesCommand({ InstanceIds: [id] }));
    const startedBy = (who: Identity) => {
      const event = runInstancesEvent(region, who, [id], `evt-start-${Math.random()}`);
      event.detail = { ...event.detail, eventName: 'StartInstances' };
      return event;
    };
    const outcome = await invoke(startedBy(role('Admin')));
    expect(outcome).toMatchObject({ contained: [id] });
    expect(await instance(region, id)).toMatchObject({ state: 'stopped' });
    const [alert] = await delivered();
    expect(alert.subject).toBe(`[High] Stopped 1 instance in ${region}, account ${ACCOUNT}`);
    expect(alert.message).toContain('who may not release it');
    // An instance without the tag is nobody's business here; an exempt role's start is left alone.
    const [own] = await launch(region);
    const ownStart = runInstancesEvent(region, role('Admin'), [own]);
    ownStart.detail = { ...ownStart.detail, eventName: 'StartInstances' };
    expect(await invoke(ownStart)).toMatchObject({ contained: [], alerted: false });
    await ec2(region).send(new StartInstancesCommand({ InstanceIds: [id] }));
    expect(await invoke(startedBy(role('BreakGlassAdmin')))).toMatchObject({ plan: 'leave-alone' });
    expect(await instance(region, id)).toMatchObject({ state: 'running' });
    expect(await delivered()).toEqual([]);
  });

  test('the break-glass role is left alone anywhere', async () => {
    const [id] = await launch('sa-east-1');
    const outcome = await invoke(runInstancesEvent('sa-east-1', role('BreakGlassAdmin'), [id]));
    expect(outcome).toMatchObject({ plan: 'leave-alone', why: `arn:aws:iam::${ACCOUNT}:role/BreakGlassAdmin is exempt` });
    expect((await instance('sa-east-1', id)).state).toBe('running');
    expect(await delivered()).toEqual([]);
  });

  test('dryRun tags and alerts but stops nothing, and alerts only once for a repeated event', async () => {
    const [id] = await launch('ap-south-1');
    const first = await invoke(runInstancesEvent('ap-south-1', ROOT, [id]), { dryRun: true });
    expect(first.contained).toEqual([id]);
    const found = await instance('ap-south-1', id);
    expect(found.state).toBe('running');
    expect(found.tag).toMatch(/^DRY RUN, not stopped: the root user launched it/);
    const [alert] = await delivered();
    expect(alert.subject).toBe(`[Medium] Would stop (dry run) 1 instance in ap-south-1, account ${ACCOUNT}`);
    expect(alert.message).toContain('Dry run: the baseline would have stopped compute');
    expect(alert.message).toContain('Nothing was stopped.');
    const again = await invoke(runInstancesEvent('ap-south-1', ROOT, [id]), { dryRun: true });
    expect(again).toMatchObject({ contained: [], alreadyContained: [id], alerted: false });
    expect(await delivered()).toEqual([]);
  });

  test('a malformed event alerts and acts on nothing', async () => {
    const [id] = await launch('eu-west-2');
    const outcome = await invoke({ 'detail-type': 'AWS API Call via CloudTrail', detail: { eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances' } });
    expect(outcome).toMatchObject({ plan: 'unreadable', contained: [], alerted: true });
    expect((await instance('eu-west-2', id)).state).toBe('running');
    const [alert] = await delivered();
    expect(alert.subject).toBe('[High] Containment could not read an event (nothing was done)');
    expect(alert.message).toContain('the CloudTrail event has no region, user identity or event name');
    expect((await invoke('not even an object')).plan).toBe('unreadable');
    await delivered();
  });
});

describe('spot requests', () => {
  test("the root user's spot request is cancelled so it launches no more, and its instance is stopped", async () => {
    const region = 'ap-southeast-2';
    const client = ec2(region);
    const { RequestSpotInstancesCommand, DescribeSpotInstanceRequestsCommand } = await import('@aws-sdk/client-ec2');
    const requested = await client.send(new RequestSpotInstancesCommand({ InstanceCount: 1, LaunchSpecification: { ImageId: 'ami-12c6146b', InstanceType: 'c5.4xlarge' } }));
    const requestId = requested.SpotInstanceRequests![0].SpotInstanceRequestId!;
    const event = runInstancesEvent(region, ROOT, []);
    event.detail.eventName = 'RequestSpotInstances';
    (event.detail as Record<string, unknown>).responseElements = { spotInstanceRequestSet: { items: [{ spotInstanceRequestId: requestId, state: 'open' }] } };
    const outcome = await invoke(event);
    expect(outcome.cancelled).toEqual([requestId]);
    // AWS keeps a cancelled request as 'cancelled'; the emulator forgets it. Either way it launches no more.
    const after = (await client.send(new DescribeSpotInstanceRequestsCommand({ SpotInstanceRequestIds: [requestId] }))).SpotInstanceRequests ?? [];
    expect(after.filter((request) => request.State !== 'cancelled')).toEqual([]);
    expect(outcome.contained).toHaveLength(1);
    expect((await instance(region, outcome.contained[0])).state).toBe('stopped');
    const [alert] = await delivered();
    expect(alert.message).toContain(`Cancelled, so they launch no more: ${requestId}`);
    // Repeated: the request is already cancelled, the instances stopped; nothing happens, nobody hears twice.
    expect(await invoke(event)).toMatchObject({ cancelled: [], contained: [], alerted: false });
    expect(await delivered()).toEqual([]);
  });
});

describe('GuardDuty findings', () => {
  const finding = (type: string, severity: number, resource: Record<string, unknown>, region = 'us-west-2') => ({
    version: '0',
    id: `f-${type}`,
    'detail-type': 'GuardDuty Finding',
    source: 'aws.guardduty',
    account: ACCOUNT,
    region,
    detail: { schemaVersion: '2.0', accountId: ACCOUNT, region, id: 'f1', type, severity, title: `${type} seen`, updatedAt: '2026-12-01T03:30:00Z', resource },
  });

  test('an instance mining crypto-currency in an allowed region is stopped', async () => {
    const [id] = await launch('us-east-1');
    const outcome = await invoke(finding('CryptoCurrency:EC2/BitcoinTool.B!DNS', 8, { resourceType: 'Instance', instanceDetails: { instanceId: id } }, 'us-east-1'));
    expect(outcome.contained).toEqual([id]);
    expect((await instance('us-east-1', id)).state).toBe('stopped');
    const [alert] = await delivered();
    expect(alert.message).toContain('GuardDuty finding CryptoCurrency:EC2/BitcoinTool.B!DNS (High)');
  });

  test("an IAM user's access key in a High finding is deactivated, not deleted, when opted in", async () => {
    const iam = new IAMClient({ region: 'us-east-1', ...config, endpoint: emulator.endpoint.url });
    await iam.send(new CreateUserCommand({ UserName: 'leaky' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'leaky' }))).AccessKey!.AccessKeyId!;
    const event = finding('UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS', 8, {
      resourceType: 'AccessKey',
      accessKeyDetails: { accessKeyId: key, userName: 'leaky', userType: 'IAMUser' },
    });
    const outcome = await invoke(event);
    expect(outcome.deactivatedKey).toBe(key);
    const keys = (await iam.send(new ListAccessKeysCommand({ UserName: 'leaky' }))).AccessKeyMetadata!;
    expect(keys).toEqual([expect.objectContaining({ AccessKeyId: key, Status: 'Inactive' })]);
    const [alert] = await delivered();
    expect(alert.message).toContain(`aws iam update-access-key --user-name leaky --access-key-id ${key} --status Active`);
    // Not opted in: the key is left alone.
    expect((await invoke(event, { contain: { rootLaunches: true, unusedRegionLaunches: true, findings: true, accessKeys: false } })).plan).toBe('leave-alone');
  });
});
