import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import type { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import type { Construct } from 'constructs';
import { FORMATTER_NAME, FORMATTER_SETTINGS_VARIABLE, FormatterSettings } from '../../functions/alert-format';
import type { AlertLanguage } from '../../functions/messages/languages';
import type { AlertTexts } from '../../functions/messages/types';
import { alertFormatterPolicy, undeliveredAlertsQueuePolicy } from '../../policies/alerts';
import { lambdaTrustPolicy, toPolicyJson } from '../../policies/policy-document';
import { functionAlarms } from '../alarm';
import { FUNCTION_RUNTIME, MESSAGE_SOURCES, functionCode } from '../function-code';
import type { RegionalProviders } from '../regional-providers';
import type { Region } from '../regions';

/** The queue where the home region's rules put what they could not deliver to the formatter. */
export const UNDELIVERED_ALERTS_QUEUE = 'account-baseline-alerts-undelivered';
/** The files of the formatter's package. */
export const FORMATTER_SOURCES = ['alert-formatter-handler', 'alert-format', ...MESSAGE_SOURCES] as const;

/** What the formatter needs from the alerts hub it belongs to. */
export interface AlertFormatterProps {
  readonly regions: RegionalProviders;
  /** The alert topic it publishes to, and where an event it cannot format goes raw. */
  readonly topic: SnsTopic;
  readonly topicArn: string;
  readonly language: AlertLanguage;
  readonly texts: AlertTexts;
  /** The account's allowed regions, which its alerts name. */
  readonly allowedRegions?: readonly Region[];
  /** Days its log is kept. */
  readonly logRetentionDays?: number;
}

/**
 * The formatter: its function, role and log; its invocations by the baseline's rules and the
 * intake topic; raw events to the topic when it fails; and the alarms that say so directly. It
 * builds under the alerts hub, so its construct paths are the hub's own.
 */
export function declareAlertFormatter(hub: Construct, props: AlertFormatterProps, intake: SnsTopic): { readonly formatter: LambdaFunction; readonly undeliveredQueue: SqsQueue } {
  const { regions } = props;
  const provider = regions.home;
  const accountId = regions.accountId;
  const home = regions.homeRegion;
  const logGroup = new CloudwatchLogGroup(hub, 'formatter-log', {
    provider,
    name: `/aws/lambda/${FORMATTER_NAME}`,
    retentionInDays: props.logRetentionDays ?? 365,
  });
  const role = new IamRole(hub, 'formatter-role', {
    provider,
    name: FORMATTER_NAME,
    description: 'The alert formatter: writes alerts in words and publishes them to the alert topic; nothing else',
    assumeRolePolicy: toPolicyJson(lambdaTrustPolicy()),
    inlinePolicy: [
      {
        name: 'publish-alerts',
        policy: toPolicyJson(
          alertFormatterPolicy({ accountId, homeRegion: home, topicArn: props.topicArn, logGroupArn: `arn:aws:logs:${home}:${accountId}:log-group:/aws/lambda/${FORMATTER_NAME}` }),
        ),
      },
    ],
  });
  const settings: FormatterSettings = {
    accountId,
    topicArn: props.topicArn,
    language: props.language,
    allowedRegions: [...(props.allowedRegions ?? [home])],
  };
  const code = functionCode(hub, 'formatter-code', FORMATTER_NAME, FORMATTER_SOURCES);
  const formatter = new LambdaFunction(hub, 'formatter', {
    provider,
    functionName: FORMATTER_NAME,
    description: "Writes each alert in the account's language, with a subject and numbered steps; sends the raw event if it cannot",
    role: role.arn,
    runtime: FUNCTION_RUNTIME,
    handler: 'alert-formatter-handler.handler',
    filename: code.path,
    sourceCodeHash: code.sha256,
    timeout: 30,
    memorySize: 128,
    environment: { variables: { [FORMATTER_SETTINGS_VARIABLE]: JSON.stringify(settings) } },
    dependsOn: [logGroup],
  });
  // If it cannot publish after Lambda's retries, the event goes to the topic raw: never lost.
  new LambdaFunctionEventInvokeConfig(hub, 'formatter-on-failure', {
    provider,
    functionName: formatter.functionName,
    maximumRetryAttempts: 2,
    maximumEventAgeInSeconds: 6 * 3600,
    destinationConfig: { onFailure: { destination: props.topic.arn } },
  });
  new LambdaPermission(hub, 'formatter-invoked-by-rules', {
    provider,
    statementId: 'invoked-by-baseline-rules',
    action: 'lambda:InvokeFunction',
    functionName: formatter.functionName,
    principal: 'events.amazonaws.com',
    sourceArn: `arn:aws:events:${home}:${accountId}:rule/account-baseline-*`,
  });
  new LambdaPermission(hub, 'formatter-invoked-by-intake', {
    provider,
    statementId: 'invoked-by-intake-topic',
    action: 'lambda:InvokeFunction',
    functionName: formatter.functionName,
    principal: 'sns.amazonaws.com',
    sourceArn: intake.arn,
  });
  new SnsTopicSubscription(hub, 'intake-to-formatter', {
    provider,
    topicArn: intake.arn,
    protocol: 'lambda',
    endpoint: formatter.arn,
  });

  const undeliveredQueue = new SqsQueue(hub, 'undelivered', {
    provider,
    name: UNDELIVERED_ALERTS_QUEUE,
    sqsManagedSseEnabled: true,
    messageRetentionSeconds: 1209600,
  });
  new SqsQueuePolicy(hub, 'undelivered-policy', {
    provider,
    queueUrl: undeliveredQueue.url,
    policy: toPolicyJson(undeliveredAlertsQueuePolicy({ queueArn: `arn:aws:sqs:${home}:${accountId}:${UNDELIVERED_ALERTS_QUEUE}`, accountId, homeRegion: home })),
  });
  functionAlarms(
    hub,
    'formatter',
    provider,
    props.topicArn,
    { name: FORMATTER_NAME, failedDescription: props.texts.alarms.formatterFailed },
    { id: 'undelivered-alerts', alarmName: UNDELIVERED_ALERTS_QUEUE, queueName: UNDELIVERED_ALERTS_QUEUE, description: props.texts.alarms.undeliveredAlerts(UNDELIVERED_ALERTS_QUEUE) },
    props.texts.alarms,
  );
  return { formatter, undeliveredQueue };
}
