/**
 * Alerts a person can act on, in the owner's language: every alert the baseline sends, rendered
 * by the alert formatter (and the containment function) for a sample event in every language,
 * compared with the committed golden files (UPDATE_GOLDEN=1 rewrites them after a deliberate
 * change); and the rules every alert keeps, whatever the language.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateTagsCommand, DescribeInstancesCommand, ModifyInstanceAttributeCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import { PublishCommand } from '@aws-sdk/client-sns';
import { EventAlertRequest, FormattedAlert, FormatterSettings, formatAwsMessage, formatEventAlert, textsFor } from '../modules/functions/alert-format';
import { formatInput } from '../modules/functions/alert-formatter-handler';
import { ContainmentClients, ContainmentSettings, carryOut, planContainment } from '../modules/functions/containment-handler';
import { ALERT_LANGUAGES, AlertLanguage } from '../modules/functions/messages/languages';
import type { TamperArea } from '../modules/functions/messages/types';
import { REPO_ROOT, configProblems, resourcesOfType, synthesize, validConfigData } from './support/fixtures';

const ACCOUNT = '111122223333';
const ALLOWED = ['ap-northeast-1', 'us-east-1'];
const settingsIn = (language: string): FormatterSettings => ({ accountId: ACCOUNT, topicArn: `arn:aws:sns:ap-northeast-1:${ACCOUNT}:account-baseline-alerts`, language, allowedRegions: ALLOWED });

const cloudTrail = (region: string, eventName: string, eventSource: string, identity: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  version: '0',
  id: '6f1c0d2e-0000-4000-8000-000000000001',
  'detail-type': eventName === 'ConsoleLogin' ? 'AWS Console Sign In via CloudTrail' : 'AWS API Call via CloudTrail',
  source: eventSource === 'signin.amazonaws.com' ? 'aws.signin' : `aws.${eventSource.split('.')[0]}`,
  account: ACCOUNT,
  region,
  time: '2026-12-01T03:14:15Z',
  detail: {
    eventTime: '2026-12-01T03:14:15Z',
    eventName,
    eventSource,
    awsRegion: region,
    sourceIPAddress: '198.51.100.23',
    userAgent: 'aws-cli/2.15.0 md/Botocore#1.34.0 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.11.6 md/pyimpl#CPython cfg/retry-mode#standard',
    eventID: 'e7c1d2a0-1234-4b5c-9d8e-0f1a2b3c4d5e',
    userIdentity: identity,
    ...extra,
  },
});
const ROOT = { type: 'Root', arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT };
const MALLORY = { type: 'AssumedRole', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/mallory`, accountId: ACCOUNT };
const MINING_FINDING = {
  version: '0',
  id: 'c2b4f5a1-0000-4000-8000-000000000002',
  'detail-type': 'GuardDuty Finding',
  source: 'aws.guardduty',
  account: ACCOUNT,
  region: 'sa-east-1',
  time: '2026-12-01T03:30:00Z',
  detail: {
    accountId: ACCOUNT,
    region: 'sa-east-1',
    type: 'CryptoCurrency:EC2/BitcoinTool.B!DNS',
    severity: 8,
    title: 'EC2 instance i-0abc123def4567890 is querying a domain name that is associated with Bitcoin-related activity.',
    id: '5ab8f0e1c2d3a4b5c6d7e8f9a0b1c2d3',
    updatedAt: '2026-12-01T03:30:00.123Z',
    resource: { resourceType: 'Instance', instanceDetails: { instanceId: 'i-0abc123def4567890' } },
  },
};
const BUDGET_MESSAGE = [
  'AWS Budget Notification December 01, 2026',
  `AWS Account ${ACCOUNT}`,
  '',
  'Dear AWS Customer,',
  '',
  'You requested that we alert you when the ACTUAL Cost associated with your account-baseline-monthly budget is greater than $80.00 for the current month. The ACTUAL Cost associated with this budget is $812.40. You can find additional details below and by accessing the AWS Budgets dashboard [1].',
  '',
  'Budget Name: account-baseline-monthly',
  'Budget Type: Cost',
  'Budgeted Amount: $100.00',
  'Alert Type: ACTUAL',
  'Alert Threshold: > $80.00',
  'ACTUAL Amount: $812.40',
  '',
  '[1] https://console.aws.amazon.com/billing/home#/budgets',
].join('\n');
const ANOMALY_MESSAGE = JSON.stringify({
  accountId: ACCOUNT,
  anomalyStartDate: '2026-11-30T00:00:00Z',
  anomalyEndDate: '2026-12-01T00:00:00Z',
  anomalyId: 'a1b2c3d4-0000-4000-8000-000000000003',
  dimensionalValue: 'Amazon Elastic Compute Cloud - Compute',
  monitorArn: `arn:aws:ce::${ACCOUNT}:anomalymonitor/0000`,
  anomalyScore: { maxScore: 0.97, currentScore: 0.97 },
  impact: { maxImpact: 702.4, totalActualSpend: 731.2, totalExpectedSpend: 28.8, totalImpact: 702.4, totalImpactPercentage: 2438.9 },
  rootCauses: [{ service: 'Amazon Elastic Compute Cloud - Compute', region: 'sa-east-1', usageType: 'SAE1-BoxUsage:c5.4xlarge', linkedAccount: ACCOUNT }],
  anomalyDetailsLink: 'https://console.aws.amazon.com/cost-management/home#/anomaly-detection/monitors/0000/anomalies/a1b2c3d4-0000-4000-8000-000000000003',
  subscriptionId: '0000',
  subscriptionName: 'account-baseline-anomalies',
});

/** One sample per alert the formatter writes, the situations of the incidents. */
const EVENT_SAMPLES: Array<[string, EventAlertRequest]> = [
  ['root activity (a leaked root key tested from abroad)', { alert: 'root-activity', event: cloudTrail('sa-east-1', 'RunInstances', 'ec2.amazonaws.com', ROOT) }],
  ['root console sign-in', { alert: 'root-activity', event: cloudTrail('us-east-1', 'ConsoleLogin', 'signin.amazonaws.com', ROOT, { additionalEventData: { MFAUsed: 'No' } }) }],
  ['console sign-in without MFA', { alert: 'sign-in-without-mfa', event: cloudTrail('us-east-1', 'ConsoleLogin', 'signin.amazonaws.com', { type: 'IAMUser', userName: 'alice', arn: `arn:aws:iam::${ACCOUNT}:user/alice` }, { additionalEventData: { MFAUsed: 'No' } }) }],
  ['GuardDuty crypto-mining finding', { alert: 'guardduty-finding', event: MINING_FINDING }],
  [
    'Config rule non-compliance',
    { alert: 'config-non-compliance', event: { account: ACCOUNT, region: 'ap-northeast-1', time: '2026-12-01T04:00:00Z', detail: { configRuleName: 'account-baseline-root-access-key', resourceType: 'AWS::::Account', resourceId: ACCOUNT } } },
  ],
  ...(['logging', 'detection', 'alertPath', 'spend', 'account', 'identity'] as TamperArea[]).map((area): [string, EventAlertRequest] => [
    `tampering: ${area}`,
    { alert: 'tamper', area, event: cloudTrail('ap-northeast-1', 'StopLogging', 'cloudtrail.amazonaws.com', MALLORY) },
  ]),
  ['tampering refused by the protective SCP', { alert: 'tamper', area: 'logging', event: cloudTrail('ap-northeast-1', 'StopLogging', 'cloudtrail.amazonaws.com', MALLORY, { errorCode: 'AccessDenied' }) }],
  ['compute in an unused region', { alert: 'unused-region-compute', event: cloudTrail('sa-east-1', 'RunInstances', 'ec2.amazonaws.com', { type: 'IAMUser', userName: 'deploy-bot', arn: `arn:aws:iam::${ACCOUNT}:user/deploy-bot` }) }],
  ['alert delivery failing', { alert: 'delivery-failure', event: { account: ACCOUNT, region: 'eu-north-1', time: '2026-12-01T05:00:00Z', detail: { alarmName: 'account-baseline-alert-delivery-failed' } } }],
];
const AWS_MESSAGE_SAMPLES: Array<[string, string]> = [
  ['budget: actual spend past 80 %', BUDGET_MESSAGE],
  ['budget: forecast past 100 %', BUDGET_MESSAGE.replace(/ACTUAL/g, 'FORECASTED').replace('Alert Threshold: > $80.00', 'Alert Threshold: > $100.00')],
  ['cost anomaly', ANOMALY_MESSAGE],
];

/** Fake EC2 and SNS for the containment function: one running instance, every call recorded. */
/** How the instance answers StopInstances: it stops; it has stop protection (which the role may or may not lift); its root volume is instance store. */
type StopBehaviour = 'stops' | 'protected' | 'protected, lifting refused' | 'instance store' | 'contained before';

const awsError = (name: string, message: string) => Object.assign(new Error(message), { name });

function fakeClients(published: Array<{ subject: string; message: string }>, behaviour: StopBehaviour = 'stops'): ContainmentClients {
  let protectedFromStop = behaviour.startsWith('protected');
  const ec2 = {
    send: async (command: unknown) => {
      if (command instanceof DescribeInstancesCommand) {
        const rootDeviceType = behaviour === 'instance store' ? 'instance-store' : 'ebs';
        const tags = behaviour === 'contained before' ? [{ Key: 'account-baseline:contained', Value: 'the root user launched it (2026-11-30T10:00:00.000Z)' }] : [];
        return { Reservations: [{ Instances: [{ InstanceId: 'i-0abc123def4567890', InstanceType: 'c5.4xlarge', LaunchTime: new Date('2026-12-01T03:14:20Z'), State: { Name: 'running' }, RootDeviceType: rootDeviceType, Tags: tags }] }] };
      }
      if (command instanceof StopInstancesCommand) {
        if (protectedFromStop) throw awsError('OperationNotPermitted', "The instance 'i-0abc123def4567890' may not be stopped. Modify its 'disableApiStop' instance attribute and try again.");
        if (behaviour === 'instance store') throw awsError('UnsupportedOperation', "The instance 'i-0abc123def4567890' does not have an 'ebs' root device type and cannot be stopped.");
        return { StoppingInstances: [{ PreviousState: { Name: 'running' } }] };
      }
      if (command instanceof ModifyInstanceAttributeCommand) {
        if (behaviour === 'protected, lifting refused') throw awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.');
        protectedFromStop = false;
        return {};
      }
      if (command instanceof CreateTagsCommand) return {};
      throw new Error(`unexpected ${(command as object).constructor.name}`);
    },
  };
  return {
    ec2: () => ec2 as never,
    autoScaling: () => ({ send: async () => ({}) }) as never,
    iam: () => ({ send: async () => ({}) }) as never,
    sns: () =>
      ({
        send: async (command: PublishCommand) => {
          published.push({ subject: command.input.Subject!, message: command.input.Message! });
          return {};
        },
      }) as never,
  };
}

async function containmentSamples(language: string): Promise<Array<[string, FormattedAlert]>> {
  const settings: ContainmentSettings = {
    accountId: ACCOUNT,
    topicArn: settingsIn(language).topicArn,
    tagKey: 'account-baseline:contained',
    dryRun: false,
    language,
    allowedRegions: ALLOWED,
    exemptRoleArns: [],
    contain: { rootLaunches: true, unusedRegionLaunches: true, findings: true, accessKeys: true },
  };
  const launch = cloudTrail('sa-east-1', 'RunInstances', 'ec2.amazonaws.com', ROOT, { responseElements: { instancesSet: { items: [{ instanceId: 'i-0abc123def4567890' }] } } });
  const keyFinding = {
    ...MINING_FINDING,
    detail: {
      ...MINING_FINDING.detail,
      type: 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
      title: 'Credentials for the EC2 instance role were used from an external IP address.',
      resource: { resourceType: 'AccessKey', accessKeyDetails: { accessKeyId: 'AKIAEXAMPLE000000001', userName: 'deploy-bot', userType: 'IAMUser' } },
    },
  };
  const samples: Array<[string, unknown, StopBehaviour?]> = [
    ['containment: root launch stopped', launch],
    ['containment: stop protection switched off, then stopped', launch, 'protected'],
    ['containment: could NOT stop (stop protection the role may not lift)', launch, 'protected, lifting refused'],
    ['containment: could NOT stop (instance store)', launch, 'instance store'],
    [
      'containment: a contained instance started again by someone who may not release it',
      cloudTrail('ap-northeast-1', 'StartInstances', 'ec2.amazonaws.com', MALLORY, { responseElements: { instancesSet: { items: [{ instanceId: 'i-0abc123def4567890' }] } } }),
      'contained before',
    ],
    ['containment: mining instance stopped', MINING_FINDING],
    ['containment: leaked access key deactivated', keyFinding],
    ['containment: unreadable event', { ...launch, detail: { ...launch.detail, responseElements: {} } }],
  ];
  const rendered: Array<[string, FormattedAlert]> = [];
  for (const [name, event, behaviour] of samples) {
    const published: Array<{ subject: string; message: string }> = [];
    await carryOut(planContainment(event, settings), settings, fakeClients(published, behaviour), () => new Date('2026-12-01T03:15:00Z'));
    expect({ name, published: published.length }).toEqual({ name, published: 1 });
    rendered.push([name, published[0]]);
  }
  return rendered;
}

async function everyAlert(language: string): Promise<Array<[string, FormattedAlert]>> {
  const settings = settingsIn(language);
  const texts = textsFor(language);
  return [
    ...EVENT_SAMPLES.map(([name, request]): [string, FormattedAlert] => [name, formatEventAlert(request, settings, texts)]),
    ...AWS_MESSAGE_SAMPLES.map(([name, message]): [string, FormattedAlert] => [name, formatAwsMessage(message, 'AWS Notification', settings, texts)]),
    ...(await containmentSamples(language)),
  ];
}

const numberedSteps = (message: string) => message.split('\n').filter((line) => /^\d+\. /.test(line));

describe.each(Object.keys(ALERT_LANGUAGES) as AlertLanguage[])('alerts in %s', (language) => {
  const texts = ALERT_LANGUAGES[language];

  test('every alert renders for its sample event as in the golden file', async () => {
    const rendered = (await everyAlert(language)).map(([name, alert]) => `## ${name}\nSubject: ${alert.subject}\n\n${alert.message}\n`).join('\n');
    const golden = join(REPO_ROOT, 'test', 'golden', `alerts.${language}.txt`);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, rendered);
    expect({ golden, exists: existsSync(golden) }).toEqual({ golden, exists: true });
    expect(rendered).toBe(readFileSync(golden, 'utf8'));
  });

  test('every alert has a subject SNS accepts that opens with its severity, plain text, and two to four numbered steps with console links', async () => {
    for (const [name, alert] of await everyAlert(language)) {
      expect({ name, length: [...alert.subject].length <= 99, controls: /[\u0000-\u001f]/.test(alert.subject) }).toEqual({ name, length: true, controls: false });
      expect({ name, quoted: /^"|"$/.test(alert.message.trim()) }).toEqual({ name, quoted: false });
      const steps = numberedSteps(alert.message);
      expect({ name, steps: steps.length >= 2 && steps.length <= 4 }).toEqual({ name, steps: true });
      const severities = ['low', 'medium', 'high', 'critical'] as const;
      expect({ name, severityFirst: severities.some((severity) => alert.subject.startsWith(texts.subjectTag(severity))) }).toEqual({ name, severityFirst: true });
      expect({ name, link: /^ {3}https:\/\/([a-z0-9-]+\.)?console\.aws\.amazon\.com\//m.test(alert.message) }).toEqual({ name, link: true });
    }
  });

  test('the region warning appears exactly when the region is outside the allowed ones, and never for global services in us-east-1', async () => {
    const warned = (await everyAlert(language)).filter(([, alert]) => alert.message.includes(texts.outsideAllowedRegions('sa-east-1', ALLOWED)));
    expect(warned.map(([name]) => name)).toEqual(['root activity (a leaked root key tested from abroad)', 'GuardDuty crypto-mining finding', 'compute in an unused region', 'cost anomaly']);
    const settings = { ...settingsIn(language), allowedRegions: ['eu-west-1'] };
    const signIn = formatEventAlert(EVENT_SAMPLES[2][1], settings, texts);
    expect(signIn.message).not.toContain(texts.outsideAllowedRegions('us-east-1', ['eu-west-1']));
    const call = formatEventAlert({ alert: 'root-activity', event: cloudTrail('us-east-1', 'RunInstances', 'ec2.amazonaws.com', ROOT) }, settings, texts);
    expect(call.message).toContain(texts.outsideAllowedRegions('us-east-1', ['eu-west-1']));
  });

  test('severity is a word: GuardDuty 8 is High, 9.5 Critical, 5 Medium, 2 Low', () => {
    const render = (severity: number) => formatEventAlert({ alert: 'guardduty-finding', event: { ...MINING_FINDING, detail: { ...MINING_FINDING.detail, severity } } }, settingsIn(language), texts);
    expect([8, 9.5, 5, 2].map((score) => render(score).subject.startsWith(texts.subjectTag(['high', 'critical', 'medium', 'low'][[8, 9.5, 5, 2].indexOf(score)] as never)))).toEqual([true, true, true, true]);
    expect(render(8).message).toContain(`${texts.labels.severity}: ${texts.severity.high} (8.0)`);
  });
});

describe('a formatting failure never loses an alert', () => {
  const settings = settingsIn('ja');
  test('an alert request of an unknown kind reaches the topic raw, under a plain subject', () => {
    const [alert] = formatInput({ alert: 'no-such-alert', event: { id: 'x-1', detail: { secret: 'kept' } } }, settings);
    expect(alert.subject).toContain(ACCOUNT);
    expect(alert.message).toContain('"no-such-alert"');
    expect(alert.message).toContain('"secret": "kept"');
  });

  test('an event that is not an object at all reaches the topic raw', () => {
    const [alert] = formatInput('just a string', settings);
    expect(alert.message).toContain('just a string');
  });

  test('a message on the intake topic the formatter does not know is passed on whole, with AWS subject', () => {
    const [alert] = formatInput({ Records: [{ EventSource: 'aws:sns', Sns: { Message: 'Something AWS says.\nSecond line.', Subject: 'AWS says' } }] }, settings);
    expect(alert.subject).toContain('AWS says');
    expect(alert.message).toContain('Something AWS says.\nSecond line.');
  });

  test('each record of an SNS delivery becomes its own alert', () => {
    const alerts = formatInput({ Records: [BUDGET_MESSAGE, ANOMALY_MESSAGE].map((Message) => ({ EventSource: 'aws:sns', Sns: { Message, Subject: null } })) }, settings);
    expect(alerts.map((alert) => alert.subject)).toEqual([expect.stringContaining('account-baseline-monthly'), expect.stringContaining('$702.40')]);
  });
});

describe('alerts.language in the synthesized stack', () => {
  const config = validConfigData();
  config.alerts.language = 'ja';
  const stack = synthesize(config).stack('account-personal');

  test('every alert rule hands its kind and the whole event to the formatter, which is told the language and the allowed regions', () => {
    const functions = resourcesOfType(stack, 'aws_lambda_function');
    const formatter = functions.find((candidate) => candidate.function_name === 'account-baseline-alert-formatter');
    const settings = JSON.parse(formatter!.environment.variables.ALERT_FORMATTER_SETTINGS);
    expect(settings.language).toBe('ja');
    expect([...settings.allowedRegions].sort()).toEqual([...config.allowedRegions].sort());
    const targets = resourcesOfType(stack, 'aws_cloudwatch_event_target').filter((target) => target.input_transformer);
    expect(targets.length).toBeGreaterThan(5);
    for (const target of targets) {
      expect(target.input_transformer.input_template).toMatch(/^\{"alert":"[a-z-]+"(,"area":"[A-Za-z]+")?,"event":<aws\.events\.event\.json>\}$/);
      expect(target.arn).toMatch(/^\$\{aws_lambda_function\.baseline_alerts_formatter_[0-9A-F]+\.arn\}$/);
      expect(target.dead_letter_config.arn).toMatch(/^\$\{aws_sqs_queue\.baseline_alerts_undelivered_[0-9A-F]+\.arn\}$/);
    }
  });

  test('budgets and Cost Anomaly Detection publish to the intake topic, which only the formatter reads', () => {
    const budgets = resourcesOfType(stack, 'aws_budgets_budget');
    for (const notification of budgets.flatMap((budget) => budget.notification ?? [])) {
      expect(notification.subscriber_sns_topic_arns).toEqual([expect.stringMatching(/:account-baseline-alerts-intake$/)]);
    }
    const immediate = resourcesOfType(stack, 'aws_ce_anomaly_subscription').find((subscription) => subscription.frequency === 'IMMEDIATE');
    expect(immediate!.subscriber).toEqual([{ type: 'SNS', address: expect.stringMatching(/:account-baseline-alerts-intake$/) }]);
    const subscriptions = resourcesOfType(stack, 'aws_sns_topic_subscription').filter((subscription) => subscription.protocol === 'lambda');
    expect(subscriptions).toHaveLength(1);
  });

  test('alarms, which e-mail directly, are described in Japanese', () => {
    const descriptions = resourcesOfType(stack, 'aws_cloudwatch_metric_alarm').map((alarm) => alarm.alarm_description as string);
    expect(descriptions.length).toBeGreaterThan(3);
    for (const description of descriptions) expect(description).toMatch(/[\u3040-\u30ff]/);
  });

  test('an unknown language is refused, naming the languages there are', () => {
    expect(configProblems((data) => (data.alerts.language = 'fr'))).toEqual(['alerts.language: must be one of en, ja']);
  });
});
