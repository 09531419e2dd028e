import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { Region } from './regions';
import { EventAlert, eventAlertInputTemplate } from '../functions/alert-format';
import { ALERT_LANGUAGES, AlertLanguage, DEFAULT_ALERT_LANGUAGE } from '../functions/messages/languages';
import type { AlertTexts } from '../functions/messages/types';
import { alertTopicNames, alertsKeyPolicy, alertsTopicPolicy, snsTopicArn } from '../policies/alerts';
import type { EventPattern } from '../policies/events';
import { toPolicyJson } from '../policies/policy-document';
import { declareAlertFormatter } from './alerts/alert-formatter';
import { EventRouter } from './alerts/event-router';
import { declareHeartbeat } from './alerts/heartbeat';
import type { RegionalProviders } from './regional-providers';

export const DEFAULT_ALERTS_TOPIC_NAME = 'account-baseline-alerts';
// The alerts hub's parts, each in a file of its own under core/alerts/, and their names, as they were exported from here.
export { EVENT_PATTERN_MAX_CHARACTERS, FORWARDING_RULE_NAME } from './alerts/event-router';
export { FORMATTER_SOURCES, UNDELIVERED_ALERTS_QUEUE } from './alerts/alert-formatter';
export { FUNCTION_RUNTIME } from './function-code';

/** Where alerts go, in which language, and from which regions they are gathered. */
export interface AlertsHubProps {
  /** The account's regional providers: one AWS provider per enabled region, locked to the account, and the home region. */
  readonly regions: RegionalProviders;
  /** Addresses subscribed to the topic; each must confirm its subscription once. */
  readonly emails: readonly string[];
  /**
   * Name of the SNS topic.
   * @default 'account-baseline-alerts'
   */
  readonly topicName?: string;
  /**
   * The language alert e-mails are written in.
   * @default 'en'
   */
  readonly language?: AlertLanguage;
  /**
   * The regions the account works in: alerts about anything elsewhere say so.
   * @default - the home region
   */
  readonly allowedRegions?: readonly Region[];
  /**
   * Days the alert formatter's log is kept.
   * @default 365
   */
  readonly logRetentionDays?: number;
}

/** One alert route: the event pattern, its kind for the formatter, and the regions it listens in. */
export interface AlertRouteProps {
  /** Shown on the EventBridge rules. */
  readonly description: string;
  /** The events that raise the alert. */
  readonly pattern: EventPattern;
  /** Which alert this is: the formatter writes it (in the hub's language) from the whole event. */
  readonly alert: EventAlert;
  /**
   * Regions where the events arise. Events away from the home region are forwarded to it, since
   * EventBridge cannot target an SNS topic in another region.
   * @default - every enabled region: console sign-in and IAM events arrive in us-east-1 whatever the home region
   */
  readonly regions?: readonly Region[];
  /**
   * Also match read-only management events (`Get*`, `Describe*`, `List*`), which EventBridge
   * delivers only to rules in the state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS.
   * @default false
   */
  readonly readOnlyEvents?: boolean;
}

/** A route that delivers matching events to a function in the home region instead of the alert topic. */
export interface FunctionRouteProps extends Omit<AlertRouteProps, 'alert'> {
  /** The function in the home region that receives the events. */
  readonly functionArn: string;
  /** Where EventBridge puts an event it could not deliver to the function. */
  readonly deadLetterQueueArn: string;
}

/**
 * The one place an account's alerts go: an SNS topic in the home region, encrypted with a
 * customer-managed key that the alerting services may use, with e-mail subscribers. Alerts reach
 * it through the alert formatter, a Lambda function that writes each one in the account's
 * language with a subject, the facts and numbered steps; AWS Budgets and Cost Anomaly Detection
 * publish to an intake topic the formatter reads. Alarms publish to the topic directly (their
 * descriptions are written in the language), so an alert that alerts are failing never depends
 * on the formatter. Controls send here through `route`, `topicArn` and `intakeTopicArn`.
 */
export class AlertsHub extends Construct {
  readonly region: Region;
  readonly topicName: string;
  /** Known at synth time, so policies that name the topic stay plain JSON. */
  readonly topicArn: string;
  readonly topic: SnsTopic;
  /** Where AWS Budgets and Cost Anomaly Detection publish; the formatter passes it on in words. */
  readonly intakeTopicArn: string;
  readonly key: KmsKey;
  readonly formatter: LambdaFunction;
  readonly language: AlertLanguage;
  /** Every alert's text, in the hub's language: controls take their messages from here. */
  readonly texts: AlertTexts;
  /**
   * The topic policy and key policy that let AWS services publish. Budgets and Cost Anomaly
   * Detection check the topic when a subscriber is added, so they depend on these.
   */
  readonly publishingAllowed: readonly ITerraformDependable[];

  private readonly router: EventRouter;
  private readonly undeliveredQueue: SqsQueue;

  constructor(scope: Construct, id: string, props: AlertsHubProps) {
    super(scope, id);
    if (props.emails.length === 0) {
      throw new Error('AlertsHub: emails must list at least one address; alerts that reach nobody are useless');
    }
    const { regions } = props;
    this.router = new EventRouter(this, regions);
    const provider = regions.home;
    this.region = regions.homeRegion;
    this.topicName = props.topicName ?? DEFAULT_ALERTS_TOPIC_NAME;
    this.topicArn = snsTopicArn(this.region, regions.accountId, this.topicName);
    this.language = props.language ?? DEFAULT_ALERT_LANGUAGE;
    this.texts = ALERT_LANGUAGES[this.language];
    const [, intakeName] = alertTopicNames(this.topicName);
    this.intakeTopicArn = snsTopicArn(this.region, regions.accountId, intakeName);

    this.key = new KmsKey(this, 'key', {
      provider,
      description: `Encrypts the ${this.topicName} SNS topic`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: toPolicyJson(alertsKeyPolicy({ accountId: regions.accountId, topicArns: [this.topicArn, this.intakeTopicArn] })),
    });
    new KmsAlias(this, 'key-alias', {
      provider,
      name: `alias/${this.topicName}`,
      targetKeyId: this.key.keyId,
    });
    this.topic = new SnsTopic(this, 'topic', {
      provider,
      name: this.topicName,
      displayName: 'AWS account baseline alerts',
      kmsMasterKeyId: this.key.arn,
    });
    const topicPolicy = new SnsTopicPolicy(this, 'topic-policy', {
      provider,
      arn: this.topic.arn,
      policy: toPolicyJson(alertsTopicPolicy({ topicArn: this.topicArn, accountId: regions.accountId })),
    });
    const intake = new SnsTopic(this, 'intake-topic', {
      provider,
      name: intakeName,
      displayName: 'AWS account baseline alerts, before formatting',
      kmsMasterKeyId: this.key.arn,
    });
    const intakePolicy = new SnsTopicPolicy(this, 'intake-topic-policy', {
      provider,
      arn: intake.arn,
      policy: toPolicyJson(alertsTopicPolicy({ topicArn: this.intakeTopicArn, accountId: regions.accountId })),
    });
    this.publishingAllowed = [topicPolicy, intakePolicy, this.key];
    ({ formatter: this.formatter, undeliveredQueue: this.undeliveredQueue } = declareAlertFormatter(
      this,
      { regions, topic: this.topic, topicArn: this.topicArn, language: this.language, texts: this.texts, allowedRegions: props.allowedRegions, logRetentionDays: props.logRetentionDays },
      intake,
    ));
    // Ids carry the address, not its position, so reordering the list replaces nothing.
    for (const email of [...props.emails].sort()) {
      new SnsTopicSubscription(this, `email-${email}`, {
        provider,
        topicArn: this.topic.arn,
        protocol: 'email',
        endpoint: email,
      });
    }
    declareHeartbeat(this, { regions, router: this.router, topicArn: this.topicArn, texts: this.texts });
  }

  /**
   * Sends matching events to the alert topic as readable e-mails. In each region a rule named
   * `account-baseline-<id>` matches the pattern; away from the home region it forwards the event
   * to the home region's default bus (keeping its account, region and detail), and in the home
   * region it hands the alert's kind and the whole event to the formatter, with EventBridge's
   * retries and a queue for what it cannot deliver. The rules are created under `scope`, so they
   * belong to the control that asked for them.
   */
  route(scope: Construct, id: string, props: AlertRouteProps): void {
    this.router.rules(scope, id, props, (local, rule, provider) => {
      new CloudwatchEventTarget(local, 'to-alert-formatter', {
        provider,
        rule: rule.name,
        targetId: 'alert-formatter',
        arn: this.formatter.arn,
        inputTransformer: { inputTemplate: eventAlertInputTemplate(props.alert) },
        retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86400 },
        deadLetterConfig: { arn: this.undeliveredQueue.arn },
      });
    });
  }

  /**
   * Sends matching events from every region to a Lambda function in the home region, the way
   * `route` sends alerts: forwarded to the home bus, and there delivered whole to the function,
   * with EventBridge's retries and a dead-letter queue for what it cannot deliver. Returns the
   * home region's rule, for the function's permission and the queue's policy.
   */
  routeToFunction(scope: Construct, id: string, props: FunctionRouteProps): CloudwatchEventRule {
    let homeRule: CloudwatchEventRule | undefined;
    this.router.rules(scope, id, props, (local, rule, provider) => {
      homeRule = rule;
      new CloudwatchEventTarget(local, 'to-function', {
        provider,
        rule: rule.name,
        targetId: 'function',
        arn: props.functionArn,
        retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86400 },
        deadLetterConfig: { arn: props.deadLetterQueueArn },
      });
    });
    return homeRule!;
  }

}
