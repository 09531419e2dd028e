import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ENABLED_REGIONS } from '../modules/core/regions';
import { crc32, deterministicZip } from '../modules/core/function-package';
import { ContainmentSettings, arnLike, planContainment } from '../modules/functions/containment-rules';
import { CONTAINMENT_TAG_KEY, containedFindingsPattern, containmentRolePolicy, deadLetterQueuePolicy } from '../modules/policies/containment';
import { matchesPattern } from './support/event-pattern';
import { alertsOn, forwardingRules, routeOf } from './support/event-routing';
import { fromTerraformString } from '../modules/policies/policy-document';
import { DEFAULT_CONFIG, ORGANIZATION_EXAMPLE, REPO_ROOT, filesUnder, resourcesOfType, synthesize, tempDir, validConfigData } from './support/fixtures';
import { ADMINISTRATOR_ACCESS, callerContext, decide } from './support/simulate';

const synthesized = synthesize(DEFAULT_CONFIG);
const standalone = synthesized.stack('account-personal');
const ACCOUNT = '111122223333';
const HOME = 'ap-northeast-1';
const ALLOWED = ['us-east-1', 'ap-northeast-1'];
type Stack = typeof standalone;

/** The containment control's own resources of a type (the alert formatter has a function, queue and permissions too). */
const ofContainment = (stack: Stack, type: string) => resourcesOfType(stack, type).filter((resource) => String(resource['//'].metadata.path).includes('/baseline/containment/'));
const [fn] = ofContainment(standalone, 'aws_lambda_function');
const settingsOf = (stack: Stack): ContainmentSettings => JSON.parse(ofContainment(stack, 'aws_lambda_function')[0].environment.variables.CONTAINMENT_SETTINGS);
const rulesNamed = (stack: Stack, name: string) => resourcesOfType(stack, 'aws_cloudwatch_event_rule').filter((rule) => rule.name === name);
/** Does the event, where it arises, reach the home region's rule `name` (and so the function)? */
const reachesFunction = (stack: Stack, name: string, event: Record<string, unknown>) => alertsOn(stack, name, event);

function launchEvent(region: string, identity: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.ec2',
    account: ACCOUNT,
    region,
    time: '2026-12-01T03:14:15Z',
    detail: {
      eventSource: 'ec2.amazonaws.com',
      eventName: 'RunInstances',
      awsRegion: region,
      userIdentity: { accountId: ACCOUNT, ...identity },
      responseElements: { instancesSet: { items: [{ instanceId: 'i-0123456789abcdef0' }] } },
      ...extra,
    },
  };
}
const ROOT = { type: 'Root', arn: `arn:aws:iam::${ACCOUNT}:root` };
const USER = { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/ci`, userName: 'ci' };
const role = (name: string) => ({ type: 'AssumedRole', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/s`, sessionContext: { sessionIssuer: { arn: `arn:aws:iam::${ACCOUNT}:role/${name}` } } });
const finding = (type: string, severity: number, resource: Record<string, unknown>, region = 'sa-east-1') => ({
  'detail-type': 'GuardDuty Finding',
  source: 'aws.guardduty',
  account: ACCOUNT,
  region,
  detail: { accountId: ACCOUNT, region, type, severity, id: 'f1', title: 't', resource },
});
const instanceFinding = (type: string, region?: string) => finding(type, 8, { resourceType: 'Instance', instanceDetails: { instanceId: 'i-0123456789abcdef0' } }, region);
const keyFinding = (severity: number) =>
  finding('UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS', severity, { resourceType: 'AccessKey', accessKeyDetails: { accessKeyId: 'AKIA1', userName: 'ci', userType: 'IAMUser' } });

describe('containment: one function in the home region, on by default', () => {
  test('a Node.js function on the runtime that ships the AWS SDK v3, in the home region, with its settings', () => {
    expect(ofContainment(standalone, 'aws_lambda_function')).toHaveLength(1);
    expect(fn).toMatchObject({ function_name: 'account-baseline-containment', runtime: 'nodejs22.x', handler: 'containment-handler.handler', provider: `aws.${HOME}`, timeout: 120 });
    expect(settingsOf(standalone)).toEqual({
      accountId: ACCOUNT,
      topicArn: `arn:aws:sns:${HOME}:${ACCOUNT}:account-baseline-alerts`,
      language: 'en',
      tagKey: CONTAINMENT_TAG_KEY,
      dryRun: false,
      allowedRegions: ALLOWED,
      exemptRoleArns: [],
      contain: { rootLaunches: true, unusedRegionLaunches: true, findings: true, accessKeys: false },
    });
  });

  test('after its own retries, a failed event goes to an SQS-encrypted dead-letter queue kept two weeks', () => {
    const [queue] = ofContainment(standalone, 'aws_sqs_queue');
    expect(queue).toMatchObject({ name: 'account-baseline-containment-dead-letters', sqs_managed_sse_enabled: true, message_retention_seconds: 1209600 });
    const [onFailure] = ofContainment(standalone, 'aws_lambda_function_event_invoke_config');
    expect(onFailure).toMatchObject({ maximum_retry_attempts: 2, maximum_event_age_in_seconds: 21600 });
    expect(onFailure.destination_config.on_failure.destination).toMatch(/^\$\{aws_sqs_queue\.baseline_containment_dead-letters_[^.]+\.arn\}$/);
  });

  test('alarms reach the alert topic when the function fails, is throttled (a concurrency of 0 holds events back without an error), or events wait in the dead-letter queue', () => {
    const alarms = resourcesOfType(standalone, 'aws_cloudwatch_metric_alarm').filter((alarm) => String(alarm.alarm_name).startsWith('account-baseline-containment'));
    expect(alarms.map((alarm) => [alarm.alarm_name, alarm.namespace, alarm.metric_name, alarm.alarm_actions]).sort()).toEqual([
      ['account-baseline-containment-dead-letters', 'AWS/SQS', 'ApproximateNumberOfMessagesVisible', [`arn:aws:sns:${HOME}:${ACCOUNT}:account-baseline-alerts`]],
      ['account-baseline-containment-events-waiting', 'AWS/Lambda', 'AsyncEventAge', [`arn:aws:sns:${HOME}:${ACCOUNT}:account-baseline-alerts`]],
      ['account-baseline-containment-failed', 'AWS/Lambda', 'Errors', [`arn:aws:sns:${HOME}:${ACCOUNT}:account-baseline-alerts`]],
      ['account-baseline-containment-throttled', 'AWS/Lambda', 'Throttles', [`arn:aws:sns:${HOME}:${ACCOUNT}:account-baseline-alerts`]],
    ]);
  });

  test("every other enabled region forwards launches and findings home; there the two rules' targets invoke the function with retries and a dead-letter queue", () => {
    for (const name of ['account-baseline-containment-launches', 'account-baseline-containment-findings']) {
      expect(rulesNamed(standalone, name).map((rule) => rule.provider)).toEqual([`aws.${HOME}`]);
    }
    for (const region of DEFAULT_ENABLED_REGIONS.filter((candidate) => candidate !== HOME)) {
      expect({ region, forwarding: forwardingRules(standalone, region).map((rule) => rule.name) }).toEqual({ region, forwarding: expect.arrayContaining(['account-baseline-forward-to-home-region']) });
    }
    const targets = resourcesOfType(standalone, 'aws_cloudwatch_event_target').filter((target) => String(target['//'].metadata.path).includes('/containment/'));
    expect(targets.map((target) => [target.provider, target.target_id])).toEqual([
      [`aws.${HOME}`, 'function'],
      [`aws.${HOME}`, 'function'],
    ]);
    for (const target of targets) {
      expect(target.arn).toMatch(/^\$\{aws_lambda_function\.baseline_containment_function_[^.]+\.arn\}$/);
      expect(target.retry_policy).toEqual({ maximum_retry_attempts: 185, maximum_event_age_in_seconds: 86400 });
      expect(target.dead_letter_config.arn).toMatch(/aws_sqs_queue\.baseline_containment_dead-letters/);
    }
    const permissions = ofContainment(standalone, 'aws_lambda_permission');
    expect(permissions.map((permission) => [permission.principal, permission.action])).toEqual([
      ['events.amazonaws.com', 'lambda:InvokeFunction'],
      ['events.amazonaws.com', 'lambda:InvokeFunction'],
    ]);
  });

  test('switched off per account it declares nothing; its settings come from the config, per account too', () => {
    const config = validConfigData();
    config.accounts[0].controls = { containment: false };
    expect(ofContainment(synthesize(config).stack('account-personal'), 'aws_lambda_function')).toEqual([]);
    const dry = validConfigData();
    dry.containment = { dryRun: true, deactivateAccessKeys: true, exemptRoleArns: ['arn:aws:iam::*:role/Deployer'] };
    dry.accounts[0].containment = { findings: false };
    const stack = synthesize(dry).stack('account-personal');
    expect(settingsOf(stack)).toMatchObject({ dryRun: true, exemptRoleArns: ['arn:aws:iam::*:role/Deployer'], contain: { findings: false, accessKeys: true } });
    // With findings off, only access-key findings are routed.
    const pattern = JSON.parse(rulesNamed(stack, 'account-baseline-containment-findings')[0].event_pattern);
    expect(pattern.detail.resource.resourceType).toEqual(['AccessKey']);
  });

  test('a configuration that switches every kind of containment off is refused, saying what to do, and nothing is written', () => {
    const config = validConfigData();
    config.containment = { rootLaunches: false, unusedRegionLaunches: false, findings: false };
    const outdir = join(tempDir(), 'cdktf.out');
    expect(() => synthesize(config, outdir)).toThrow('Containment: every kind of containment is switched off; switch the containment control off instead');
    expect(() => readFileSync(join(outdir, 'manifest.json'))).toThrow();
  });

  test('in an organisation every account runs its own function; exempt roles are the break-glass and deployment roles', () => {
    const organization = synthesize(join(REPO_ROOT, 'examples', 'organization.yaml'));
    for (const name of ['account-management', 'account-security', 'account-staging']) {
      expect(ofContainment(organization.stack(name), 'aws_lambda_function')).toHaveLength(1);
    }
    expect(settingsOf(organization.stack('account-staging')).exemptRoleArns).toEqual([
      'arn:aws:iam::*:role/BreakGlassAdmin',
      'arn:aws:iam::*:role/OrganizationAccountAccessRole',
      'arn:aws:iam::100000000004:role/OrganizationAccountAccessRole',
    ]);
  });
});

describe('containment package: deterministic, and the function it carries loads', () => {
  const zipOf = (dir: string) => [...filesUnder(dir)].find(([path]) => path.endsWith('account-baseline-containment.zip'))!;

  test('synthesizing twice gives the same archive, asset path and source_code_hash', () => {
    const again = synthesize(DEFAULT_CONFIG).stack('account-personal');
    expect(ofContainment(again, 'aws_lambda_function')[0].filename).toBe(fn.filename);
    expect(ofContainment(again, 'aws_lambda_function')[0].source_code_hash).toBe(fn.source_code_hash);
    const [, first] = zipOf(synthesized.outdir);
    const [, second] = zipOf(synthesize(DEFAULT_CONFIG).outdir);
    expect(second.equals(first)).toBe(true);
  });

  test('the archive holds the handler and its rules, and exports a handler that Node.js can load', () => {
    const [, zip] = zipOf(synthesized.outdir);
    const dir = join(tempDir(), 'function');
    mkdirSync(dir);
    // Read by another implementation (Python's zipfile), not by the writer's own idea of the format.
    const file = join(dir, 'package.zip');
    writeFileSync(file, zip);
    execFileSync('python3', ['-m', 'zipfile', '-t', file]);
    execFileSync('python3', ['-m', 'zipfile', '-e', file, dir]);
    rmSync(file);
    expect([...filesUnder(dir).keys()].sort()).toEqual([
      'containment-handler.js',
      'containment-message.js',
      'containment-rules.js',
      'messages/en.js',
      'messages/ja.js',
      'messages/languages.js',
      'messages/links.js',
      'messages/types.js',
    ]);
    // Loaded with this project's AWS SDK, as the Lambda runtime provides its own.
    const exported = execFileSync(process.execPath, ['-e', `console.log(typeof require(${JSON.stringify(join(dir, 'containment-handler.js'))}).handler)`], {
      env: { ...process.env, NODE_PATH: join(REPO_ROOT, 'node_modules') },
    });
    expect(exported.toString().trim()).toBe('function');
  });

  test('the zip writer: fixed timestamps, names in order, CRC-32 as specified', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    const one = deterministicZip({ 'b.js': 'b', 'a.js': 'a' });
    expect(deterministicZip({ 'a.js': 'a', 'b.js': 'b' }).zip.equals(one.zip)).toBe(true);
    expect(one.zip.indexOf('a.js')).toBeLessThan(one.zip.indexOf('b.js'));
  });
});

describe('containment event patterns: which events reach the function, from every enabled region', () => {
  test("the root user's launch matches in every enabled region, allowed ones included", () => {
    for (const region of DEFAULT_ENABLED_REGIONS) expect({ region, matched: reachesFunction(standalone, 'account-baseline-containment-launches', launchEvent(region, ROOT)) }).toEqual({ region, matched: true });
  });

  test('anyone\'s launch matches in every region outside the allowed ones, and in none of the allowed ones', () => {
    for (const region of DEFAULT_ENABLED_REGIONS) {
      const matched = reachesFunction(standalone, 'account-baseline-containment-launches', launchEvent(region, USER));
      expect({ region, matched }).toEqual({ region, matched: !ALLOWED.includes(region) });
    }
  });

  test("a far region's event crosses to the home region once, and the home rule passes it to the function once (root's twice: its own rule forwards it too)", () => {
    expect(routeOf(standalone, 'account-baseline-containment-', launchEvent('sa-east-1', USER))).toEqual({ copiesAtHome: 1, homeRules: ['account-baseline-containment-launches'] });
    expect(routeOf(standalone, 'account-baseline-containment-', instanceFinding('CryptoCurrency:EC2/BitcoinTool.B!DNS'))).toEqual({ copiesAtHome: 1, homeRules: ['account-baseline-containment-findings'] });
    expect(routeOf(standalone, 'account-baseline-containment-', launchEvent('sa-east-1', ROOT)).copiesAtHome).toBe(2);
  });

  test.each(['RequestSpotInstances', 'RequestSpotFleet', 'CreateFleet', 'StartInstances'])('%s by root matches too', (eventName) => {
    expect(reachesFunction(standalone, 'account-baseline-containment-launches', launchEvent('us-west-2', ROOT, { eventName }))).toBe(true);
  });

  test("anyone's start of an instance, or resumption of an Auto Scaling group, reaches the function from every region (it contains again what carries its tag)", () => {
    const resume = (region: string) => ({ ...launchEvent(region, USER), source: 'aws.autoscaling', detail: { ...launchEvent(region, USER).detail, eventSource: 'autoscaling.amazonaws.com', eventName: 'ResumeProcesses', requestParameters: { autoScalingGroupName: 'miners' } } });
    for (const region of DEFAULT_ENABLED_REGIONS) {
      expect({ region, start: reachesFunction(standalone, 'account-baseline-containment-launches', launchEvent(region, USER, { eventName: 'StartInstances' })) }).toEqual({ region, start: true });
      expect({ region, resume: reachesFunction(standalone, 'account-baseline-containment-launches', resume(region)) }).toEqual({ region, resume: true });
    }
  });

  test('a refused launch (errorCode) and other EC2 calls do not match', () => {
    expect(reachesFunction(standalone, 'account-baseline-containment-launches', launchEvent('sa-east-1', ROOT, { errorCode: 'UnauthorizedOperation' }))).toBe(false);
    expect(reachesFunction(standalone, 'account-baseline-containment-launches', launchEvent('sa-east-1', ROOT, { eventName: 'DescribeInstances' }))).toBe(false);
  });

  test.each([
    'CryptoCurrency:EC2/BitcoinTool.B!DNS',
    'CryptoCurrency:EC2/BitcoinTool.B',
    'Backdoor:EC2/C&CActivity.B!DNS',
    'Backdoor:EC2/DenialOfService.Tcp',
    'Trojan:EC2/BlackholeTraffic',
    'UnauthorizedAccess:EC2/TorClient',
    'UnauthorizedAccess:EC2/TorRelay',
    'Impact:EC2/BitcoinDomainRequest.Reputation',
    'CryptoCurrency:Runtime/BitcoinTool.B',
    'Impact:Runtime/CryptoMinerExecuted',
  ])('a %s finding on an instance matches, in a far region', (type) => {
    expect(reachesFunction(standalone, 'account-baseline-containment-findings', instanceFinding(type))).toBe(true);
  });

  test.each(['Recon:EC2/PortProbeUnprotectedPort', 'UnauthorizedAccess:EC2/SSHBruteForce', 'Policy:IAMUser/RootCredentialUsage'])('a %s finding does not stop anything', (type) => {
    expect(reachesFunction(standalone, 'account-baseline-containment-findings', instanceFinding(type))).toBe(false);
  });

  test('access-key findings reach the function only when opted in, and only High or Critical ones', () => {
    expect(reachesFunction(standalone, 'account-baseline-containment-findings', keyFinding(8))).toBe(false);
    const pattern = containedFindingsPattern({ instances: true, accessKeys: true })!;
    expect(matchesPattern(pattern as Record<string, unknown>, keyFinding(8))).toBe(true);
    expect(matchesPattern(pattern as Record<string, unknown>, keyFinding(5))).toBe(false);
  });
});

describe('planContainment: what the function decides, per event', () => {
  const settings: ContainmentSettings = {
    accountId: ACCOUNT,
    topicArn: 't',
    tagKey: CONTAINMENT_TAG_KEY,
    dryRun: false,
    allowedRegions: ALLOWED,
    exemptRoleArns: ['arn:aws:iam::*:role/BreakGlass*', 'arn:aws:iam::*:role/OrganizationAccountAccessRole'],
    contain: { rootLaunches: true, unusedRegionLaunches: true, findings: true, accessKeys: true },
  };
  const kind = (event: unknown, overrides: Partial<ContainmentSettings> = {}) => planContainment(event, { ...settings, ...overrides }).kind;

  test('root anywhere and anyone outside the allowed regions are contained', () => {
    expect(kind(launchEvent('us-east-1', ROOT))).toBe('contain-compute');
    expect(kind(launchEvent('sa-east-1', USER))).toBe('contain-compute');
    expect(kind(launchEvent('sa-east-1', role('aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling')))).toBe('contain-compute');
  });

  test('starting an instance or resuming a group, in an allowed region, by anyone but an exempt role: contained again, but only what carries the tag', () => {
    const start = planContainment(launchEvent('ap-northeast-1', USER, { eventName: 'StartInstances' }), settings);
    expect(start).toMatchObject({ kind: 'contain-compute', onlyContained: true, instanceIds: ['i-0123456789abcdef0'], cause: { kind: 'released', exemptRoleArns: settings.exemptRoleArns } });
    const resume = planContainment(
      { ...launchEvent('ap-northeast-1', role('Admin')), detail: { ...launchEvent('ap-northeast-1', role('Admin')).detail, eventSource: 'autoscaling.amazonaws.com', eventName: 'ResumeProcesses', requestParameters: { autoScalingGroupName: 'miners' }, responseElements: null } },
      settings,
    );
    expect(resume).toMatchObject({ kind: 'contain-compute', onlyContained: true, instanceIds: [], groupNames: ['miners'] });
    expect(kind(launchEvent('ap-northeast-1', role('BreakGlassAdmin'), { eventName: 'StartInstances' }))).toBe('leave-alone');
    expect(kind(launchEvent('ap-northeast-1', USER, { eventName: 'StartInstances', errorCode: 'UnauthorizedOperation' }))).toBe('leave-alone');
  });

  test('exempt roles (wildcards as in IAM), allowed regions and refused calls are left alone', () => {
    expect(kind(launchEvent('sa-east-1', role('BreakGlassAdmin')))).toBe('leave-alone');
    expect(kind(launchEvent('sa-east-1', role('OrganizationAccountAccessRole')))).toBe('leave-alone');
    expect(kind(launchEvent('ap-northeast-1', USER))).toBe('leave-alone');
    expect(kind(launchEvent('sa-east-1', USER, { errorCode: 'UnauthorizedOperation' }))).toBe('leave-alone');
    expect(arnLike('arn:aws:iam::*:role/BreakGlass*', 'arn:aws:iam::1:role/BreakGlassAdmin')).toBe(true);
    expect(arnLike('arn:aws:iam::*:role/BreakGlass', 'arn:aws:iam::1:role/BreakGlassAdmin')).toBe(false);
  });

  test('the root user is contained even when exempt roles are listed, and not when root containment is off', () => {
    expect(kind(launchEvent('us-east-1', ROOT), { contain: { ...settings.contain, rootLaunches: false } })).toBe('leave-alone');
    expect(kind(launchEvent('sa-east-1', ROOT), { contain: { ...settings.contain, rootLaunches: false } })).toBe('contain-compute');
  });

  test("another account's events are not this function's to act on", () => {
    expect(kind({ ...launchEvent('sa-east-1', { ...ROOT, accountId: '999988887777' }) })).toBe('leave-alone');
    expect(kind({ ...instanceFinding('CryptoCurrency:EC2/BitcoinTool.B'), detail: { ...instanceFinding('CryptoCurrency:EC2/BitcoinTool.B').detail, accountId: '999988887777' } })).toBe('leave-alone');
  });

  test('fleets and spot fleets name what to cancel', () => {
    const plan = planContainment(launchEvent('sa-east-1', ROOT, { eventName: 'CreateFleet', responseElements: { CreateFleetResponse: { fleetId: 'fleet-1', fleetInstanceSet: { item: [{ instanceIds: { item: ['i-1', 'i-2'] } }] } } } }), settings);
    expect(plan).toMatchObject({ kind: 'contain-compute', fleetIds: ['fleet-1'], instanceIds: ['i-1', 'i-2'] });
    expect(planContainment(launchEvent('sa-east-1', ROOT, { eventName: 'RequestSpotFleet', responseElements: { spotFleetRequestId: 'sfr-1' } }), settings)).toMatchObject({ spotFleetRequestIds: ['sfr-1'] });
  });

  test('what it cannot read is refused with a reason, never guessed', () => {
    expect(planContainment(null, settings)).toEqual({ kind: 'unreadable', why: 'it is not an EventBridge event (no detail-type or detail)' });
    expect(kind({ 'detail-type': 'Something Else', detail: {} })).toBe('unreadable');
    expect(kind(launchEvent('sa-east-1', ROOT, { responseElements: null }))).toBe('unreadable');
    expect(kind(finding('CryptoCurrency:EC2/BitcoinTool.B', 8, { resourceType: 'Instance' }))).toBe('unreadable');
  });

  test('access keys: only High and above, only IAM users, only when opted in', () => {
    expect(kind(keyFinding(8))).toBe('deactivate-access-key');
    expect(kind(keyFinding(6.9))).toBe('leave-alone');
    expect(kind(keyFinding(8), { contain: { ...settings.contain, accessKeys: false } })).toBe('leave-alone');
  });
});

describe("the function's role, evaluated as attacks in iam-simulate: it stops and tags, and can do nothing worse", () => {
  const [roleResource] = resourcesOfType(standalone, 'aws_iam_role').filter((candidate) => candidate.name === 'account-baseline-containment');
  const policy = JSON.parse(roleResource.inline_policy[0].policy);
  const principal = `arn:aws:iam::${ACCOUNT}:role/account-baseline-containment`;
  const instance = `arn:aws:ec2:sa-east-1:${ACCOUNT}:instance/i-0123456789abcdef0`;
  const topic = `arn:aws:sns:${HOME}:${ACCOUNT}:account-baseline-alerts`;
  const ask = (action: string, resource: string, context: Record<string, string | string[]> = {}, identity = policy) =>
    decide({ principal, action, resource, resourceAccount: ACCOUNT, context: { 'aws:RequestedRegion': 'sa-east-1', ...context } }, { identityPolicies: [identity] });

  test('only Lambda may assume it', () => {
    expect(JSON.parse(roleResource.assume_role_policy).Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
  });

  test.each([
    ['stop an instance', 'ec2:StopInstances', instance, {}],
    ['tag it with its own key', 'ec2:CreateTags', instance, { 'aws:TagKeys': [CONTAINMENT_TAG_KEY] }],
    ['look at instances', 'ec2:DescribeInstances', '*', {}],
    ['cancel a spot request', 'ec2:CancelSpotInstanceRequests', `arn:aws:ec2:sa-east-1:${ACCOUNT}:spot-instances-request/sir-1`, {}],
    ['cancel a spot fleet', 'ec2:CancelSpotFleetRequests', `arn:aws:ec2:sa-east-1:${ACCOUNT}:spot-fleet-request/sfr-1`, {}],
    ['delete a fleet (keeping its instances)', 'ec2:DeleteFleets', `arn:aws:ec2:sa-east-1:${ACCOUNT}:fleet/fleet-1`, {}],
    ['suspend an Auto Scaling group', 'autoscaling:SuspendProcesses', `arn:aws:autoscaling:sa-east-1:${ACCOUNT}:autoScalingGroup:uuid:autoScalingGroupName/miners`, {}],
    ['tag the group with its own key', 'autoscaling:CreateOrUpdateTags', `arn:aws:autoscaling:sa-east-1:${ACCOUNT}:autoScalingGroup:uuid:autoScalingGroupName/miners`, { 'aws:TagKeys': [CONTAINMENT_TAG_KEY] }],
    ['publish to the alert topic', 'sns:Publish', topic, {}],
    ["switch off an instance's stop protection (DisableApiStop), to stop it", 'ec2:ModifyInstanceAttribute', instance, { 'ec2:Attribute': 'DisableApiStop' }],
    ['see which instances a resumed Auto Scaling group holds', 'autoscaling:DescribeAutoScalingGroups', '*', {}],
  ])('it may %s (%s)', async (_what, action, resource, context) => {
    expect(await ask(action, resource, context)).toBe('Allowed');
  });

  test.each([
    ['terminate an instance (the evidence)', 'ec2:TerminateInstances', instance, {}],
    ['launch one', 'ec2:RunInstances', instance, {}],
    ['start one again', 'ec2:StartInstances', instance, {}],
    ["change an instance's other attributes: termination protection", 'ec2:ModifyInstanceAttribute', instance, { 'ec2:Attribute': 'DisableApiTermination' }],
    ["change an instance's other attributes: its security groups", 'ec2:ModifyInstanceAttribute', instance, { 'ec2:Attribute': 'GroupId' }],
    ["change an instance's other attributes: its user data", 'ec2:ModifyInstanceAttribute', instance, { 'ec2:Attribute': 'UserData' }],
    ['open a security group', 'ec2:AuthorizeSecurityGroupIngress', `arn:aws:ec2:sa-east-1:${ACCOUNT}:security-group/sg-1`, {}],
    ['snapshot a volume (copy the data)', 'ec2:CreateSnapshot', `arn:aws:ec2:sa-east-1:${ACCOUNT}:volume/vol-1`, {}],
    ['tag with another key', 'ec2:CreateTags', instance, { 'aws:TagKeys': ['Owner'] }],
    ['tag with its key and another', 'ec2:CreateTags', instance, { 'aws:TagKeys': [CONTAINMENT_TAG_KEY, 'Owner'] }],
    ['remove tags', 'ec2:DeleteTags', instance, { 'aws:TagKeys': [CONTAINMENT_TAG_KEY] }],
    ['tag the group with another key', 'autoscaling:CreateOrUpdateTags', `arn:aws:autoscaling:sa-east-1:${ACCOUNT}:autoScalingGroup:uuid:autoScalingGroupName/miners`, { 'aws:TagKeys': ['Owner'] }],
    ['resume an Auto Scaling group', 'autoscaling:ResumeProcesses', `arn:aws:autoscaling:sa-east-1:${ACCOUNT}:autoScalingGroup:uuid:autoScalingGroupName/miners`, {}],
    ['delete an Auto Scaling group', 'autoscaling:DeleteAutoScalingGroup', `arn:aws:autoscaling:sa-east-1:${ACCOUNT}:autoScalingGroup:uuid:autoScalingGroupName/miners`, {}],
    ['attach a policy to a role', 'iam:AttachRolePolicy', `arn:aws:iam::${ACCOUNT}:role/account-baseline-containment`, {}],
    ['deactivate an access key (not opted in)', 'iam:UpdateAccessKey', `arn:aws:iam::${ACCOUNT}:user/ci`, {}],
    ['read data', 's3:GetObject', 'arn:aws:s3:::account-baseline-logs-111122223333-ap-northeast-1/AWSLogs/x', {}],
    ['run a command on an instance', 'ssm:SendCommand', instance, {}],
    ['publish to another topic', 'sns:Publish', `arn:aws:sns:${HOME}:${ACCOUNT}:other`, {}],
    ['change its own code', 'lambda:UpdateFunctionCode', `arn:aws:lambda:${HOME}:${ACCOUNT}:function:account-baseline-containment`, {}],
  ])('it cannot %s (%s)', async (_what, action, resource, context) => {
    expect(await ask(action, resource, context)).not.toBe('Allowed');
  });

  test('deactivating access keys is allowed only when opted in, and deleting them never', async () => {
    const optedIn = containmentRolePolicy({ accountId: ACCOUNT, homeRegion: HOME, topicArn: topic, queueArn: 'arn:aws:sqs:x:1:q', logGroupArn: 'arn:aws:logs:x:1:log-group:l', deactivateAccessKeys: true });
    expect(await ask('iam:UpdateAccessKey', `arn:aws:iam::${ACCOUNT}:user/ci`, {}, optedIn)).toBe('Allowed');
    expect(await ask('iam:DeleteAccessKey', `arn:aws:iam::${ACCOUNT}:user/ci`, {}, optedIn)).not.toBe('Allowed');
  });

  test('the dead-letter queue takes undelivered events from the containment rules only, and nothing without TLS', async () => {
    const queue = `arn:aws:sqs:${HOME}:${ACCOUNT}:account-baseline-containment-dead-letters`;
    const [queuePolicy] = ofContainment(standalone, 'aws_sqs_queue_policy');
    const document = JSON.parse(queuePolicy.policy);
    expect(document).toEqual(deadLetterQueuePolicy({
      queueArn: queue,
      ruleArns: ['launches', 'findings'].map((route) => `arn:aws:events:${HOME}:${ACCOUNT}:rule/account-baseline-containment-${route}`),
    }));
    const send = (sourceArn: string, context: Record<string, string> = {}) =>
      decide({ principal: 'events.amazonaws.com', action: 'sqs:SendMessage', resource: queue, resourceAccount: ACCOUNT, context: { 'aws:SourceArn': sourceArn, ...context } }, { resourcePolicy: document });
    expect(await send(`arn:aws:events:${HOME}:${ACCOUNT}:rule/account-baseline-containment-launches`)).toBe('Allowed');
    expect(await send(`arn:aws:events:${HOME}:${ACCOUNT}:rule/someone-elses`)).not.toBe('Allowed');
    expect(await send(`arn:aws:events:${HOME}:${ACCOUNT}:rule/account-baseline-containment-launches`, { 'aws:SecureTransport': 'false' })).toBe('ExplicitlyDenied');
  });
});

describe('in member accounts the keep-contained SCP keeps what containment stopped stopped, and evidence (IAM engine)', () => {
  const org = synthesize(ORGANIZATION_EXAMPLE).stack('organization');
  const policy = resourcesOfType(org, 'aws_organizations_policy').find((candidate) => candidate.name === 'account-baseline-keep-contained')!;
  const scp = JSON.parse(fromTerraformString(policy.content));
  const STAGING = '100000000004';
  const contained = { [`aws:ResourceTag/${CONTAINMENT_TAG_KEY}`]: '2026-12-07T03:14:15Z' };
  const resourceOf = (action: string) =>
    action.startsWith('autoscaling:')
      ? `arn:aws:autoscaling:eu-west-1:${STAGING}:autoScalingGroup:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b:autoScalingGroupName/miners`
      : `arn:aws:ec2:eu-west-1:${STAGING}:instance/i-0123456789abcdef0`;
  const as = (principal: string, action: string, tags: Record<string, string> = contained) =>
    decide(
      { principal, action, resource: resourceOf(action), resourceAccount: STAGING, context: { ...callerContext(principal), ...tags } },
      { identityPolicies: principal.endsWith(':root') ? [] : [ADMINISTRATOR_ACCESS], serviceControlPolicies: [scp] },
    );
  const ACTIONS = [
    'ec2:StartInstances',
    'ec2:TerminateInstances',
    // The root volume detached is the evidence gone, or the miner's disk started elsewhere.
    'ec2:DetachVolume',
    'ec2:DeleteTags',
    'ec2:CreateTags',
    'autoscaling:ResumeProcesses',
    // Emptying the group, or terminating its instances through it, lets Auto Scaling's own role destroy the evidence.
    'autoscaling:UpdateAutoScalingGroup',
    'autoscaling:SetDesiredCapacity',
    'autoscaling:TerminateInstanceInAutoScalingGroup',
    'autoscaling:DetachInstances',
    'autoscaling:DeleteAutoScalingGroup',
    'autoscaling:DeleteTags',
    'autoscaling:CreateOrUpdateTags',
  ];

  test('it is attached to the root, and fits', () => {
    const attached = resourcesOfType(org, 'aws_organizations_policy_attachment').filter((attachment) => String(attachment.policy_id).includes('keep-contained'));
    expect(attached.map((attachment) => attachment.target_id)).toEqual([expect.stringMatching(/roots\[0\]\.id/)]);
    expect(fromTerraformString(policy.content).length).toBeLessThan(1024);
  });

  test("a member's administrator, or its root user, may not start, resume, terminate, delete or re-tag contained compute", async () => {
    for (const principal of [`arn:aws:iam::${STAGING}:role/Admin`, `arn:aws:iam::${STAGING}:user/alice`, `arn:aws:iam::${STAGING}:root`]) {
      for (const action of ACTIONS) expect({ principal, action, decision: await as(principal, action) }).toEqual({ principal, action, decision: 'ExplicitlyDenied' });
    }
  });

  test('compute that is not contained is the owner\'s to start, stop, tag and terminate', async () => {
    for (const action of ACTIONS) expect({ action, decision: await as(`arn:aws:iam::${STAGING}:role/Admin`, action, {}) }).toEqual({ action, decision: 'Allowed' });
  });

  test('the break-glass and deployment roles may release it; the containment role may tag it again; a look-alike name may not', async () => {
    for (const principal of [
      `arn:aws:iam::${STAGING}:role/BreakGlassAdmin`,
      `arn:aws:iam::${STAGING}:role/OrganizationAccountAccessRole`,
      `arn:aws:iam::${STAGING}:role/account-baseline-deployer/BaselineDeployer`,
    ]) {
      for (const action of ACTIONS) expect({ principal, action, decision: await as(principal, action) }).toEqual({ principal, action, decision: 'Allowed' });
    }
    expect(await as(`arn:aws:iam::${STAGING}:role/account-baseline-containment`, 'ec2:CreateTags')).toBe('Allowed');
    expect(await as(`arn:aws:iam::${STAGING}:role/BreakGlassAdmin2`, 'ec2:StartInstances')).toBe('ExplicitlyDenied');
  });
});
