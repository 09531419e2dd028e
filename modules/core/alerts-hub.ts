import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { CountAlarmSpec, countAlarm, heldBackAlarms } from './alarm';
import type { Region } from './regions';
import { EventAlert, FORMATTER_NAME, FORMATTER_SETTINGS_VARIABLE, FormatterSettings, eventAlertInputTemplate } from '../functions/alert-format';
import { ALERT_LANGUAGES, AlertLanguage, DEFAULT_ALERT_LANGUAGE } from '../functions/messages/languages';
import type { AlertTexts } from '../functions/messages/types';
import {
  HEARTBEAT,
  alertFormatterPolicy,
  alertTopicNames,
  alertsKeyPolicy,
  alertsTopicPolicy,
  heartbeatLogPolicy,
  heartbeatPattern,
  heartbeatPolicy,
  heartbeatThreshold,
  heartbeatTrustPolicy,
  snsTopicArn,
  undeliveredAlertsQueuePolicy,
} from '../policies/alerts';
import { EventPattern, defaultEventBusArn, eventForwardingPolicy, eventForwardingTrustPolicy, forwardingPattern } from '../policies/events';
import { lambdaTrustPolicy, toPolicyJson } from '../policies/policy-document';
import { MESSAGE_SOURCES, functionCode } from './function-code';
import type { RegionalProviders } from './regional-providers';

export const DEFAULT_ALERTS_TOPIC_NAME = 'account-baseline-alerts';
export const UNDELIVERED_ALERTS_QUEUE = 'account-baseline-alerts-undelivered';
/** The Lambda runtime of the baseline's functions; it ships the AWS SDK v3 they use. */
export const FUNCTION_RUNTIME = 'nodejs22.x';
export const FORMATTER_SOURCES = ['alert-formatter-handler', 'alert-format', ...MESSAGE_SOURCES] as const;
/** EventBridge's default quota for an event pattern (raising it to 4,096 takes a quota request). */
export const EVENT_PATTERN_MAX_CHARACTERS = 2048;
/** The rule in each region away from home that forwards what the home region's rules watch (except read-only events). */
export const FORWARDING_RULE_NAME = 'account-baseline-forward-to-home-region';

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

  private readonly regions: RegionalProviders;
  private forwardingRole?: IamRole;
  /** Per region away from home: its forwarding rule, and the routes and patterns it forwards. */
  private readonly forwarders = new Map<Region, { rule: CloudwatchEventRule; routes: string[]; patterns: EventPattern[]; key: string }>();
  /** Forwarding patterns by the patterns they forward (as JSON): most regions forward the same routes, so each is computed once. */
  private readonly forwardedPatterns = new Map<string, string>();

  constructor(scope: Construct, id: string, props: AlertsHubProps) {
    super(scope, id);
    if (props.emails.length === 0) {
      throw new Error('AlertsHub: emails must list at least one address; alerts that reach nobody are useless');
    }
    const { regions } = props;
    this.regions = regions;
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
    this.formatter = this.alertFormatter(props, intake);
    // Ids carry the address, not its position, so reordering the list replaces nothing.
    for (const email of [...props.emails].sort()) {
      new SnsTopicSubscription(this, `email-${email}`, {
        provider,
        topicArn: this.topic.arn,
        protocol: 'email',
        endpoint: email,
      });
    }
    this.heartbeat();
  }

  /**
   * An alert path that goes silent says so. In every enabled region an EventBridge Scheduler
   * schedule puts a heartbeat on the region's default bus every few minutes; away from home the
   * region's forwarding rule sends it home with the alert events (so the rule, the forwarding role
   * and the home bus's policy are all on its way). At home one rule per region matches that
   * region's heartbeats by the event's own region, which EventBridge sets and a sender cannot, and
   * writes them to a log; an alarm per region counts the rule's invocations, a metric AWS publishes
   * and nobody can add to. Fewer than half a region's beats for an hour, or none, and its alarm
   * publishes to the topic directly, not through forwarding.
   */
  private heartbeat(): void {
    const { regions } = this;
    const provider = regions.home;
    const home = regions.homeRegion;
    const accountId = regions.accountId;
    const logGroupArn = `arn:aws:logs:${home}:${accountId}:log-group:${HEARTBEAT.logGroup}`;
    const scope = new Construct(this, 'heartbeat');
    const log = new CloudwatchLogGroup(scope, 'log', { provider, name: HEARTBEAT.logGroup, retentionInDays: 14 });
    const writes = new CloudwatchLogResourcePolicy(scope, 'log-policy', {
      provider,
      policyName: HEARTBEAT.name,
      policyDocument: toPolicyJson(heartbeatLogPolicy({ logGroupArn, ruleArns: `arn:aws:events:${home}:${accountId}:rule/${HEARTBEAT.name}-*`, accountId })),
    });
    const role = new IamRole(scope, 'role', {
      provider,
      name: HEARTBEAT.name,
      description: "Lets EventBridge Scheduler put the alert path's heartbeat on each enabled region's default bus",
      assumeRolePolicy: toPolicyJson(heartbeatTrustPolicy(accountId)),
      inlinePolicy: [{ name: 'put-heartbeats', policy: toPolicyJson(heartbeatPolicy(regions.enabledRegions.map((region) => defaultEventBusArn(region, accountId)))) }],
    });
    regions.forEachRegion((region, regionProvider) => {
      new SchedulerSchedule(scope, `schedule-${region}`, {
        provider: regionProvider,
        name: HEARTBEAT.name,
        description: `Puts the alert path's heartbeat on the default bus every ${HEARTBEAT.everyMinutes} minutes${region === home ? '' : `, to be forwarded to ${home}`}`,
        scheduleExpression: `rate(${HEARTBEAT.everyMinutes} minutes)`,
        flexibleTimeWindow: { mode: 'OFF' },
        target: {
          arn: defaultEventBusArn(region, accountId),
          roleArn: role.arn,
          input: JSON.stringify({ region }),
          eventbridgeParameters: { source: HEARTBEAT.source, detailType: HEARTBEAT.detailType },
          retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 300 },
        },
      });
      const ruleName = `${HEARTBEAT.name}-${region}`;
      this.routeRules(
        scope,
        `heartbeat-${region}`,
        { description: `Writes the heartbeat that arrives from ${region} to the heartbeat log; its alarm counts them`, pattern: heartbeatPattern(region), regions: region === home ? [home] : [home, region] },
        (local, rule, homeProvider) => {
          new CloudwatchEventTarget(local, 'to-log', { provider: homeProvider, rule: rule.name, targetId: 'heartbeat-log', arn: logGroupArn, dependsOn: [log, writes] });
        },
      );
      new CloudwatchMetricAlarm(scope, `alarm-${region}`, {
        provider,
        alarmName: ruleName,
        alarmDescription: this.texts.alarms.heartbeatMissing(region, home, HEARTBEAT.logGroup),
        namespace: 'AWS/Events',
        metricName: 'Invocations',
        dimensions: { RuleName: ruleName },
        statistic: 'Sum',
        period: HEARTBEAT.periodSeconds,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        threshold: heartbeatThreshold(),
        comparisonOperator: 'LessThanThreshold',
        // No heartbeat at all is INSUFFICIENT_DATA: that alerts too. A new alarm starts there, so a
        // first deploy sends nothing; it turns OK once the heartbeats arrive.
        treatMissingData: 'missing',
        alarmActions: [this.topicArn],
        insufficientDataActions: [this.topicArn],
      });
    });
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
    this.routeRules(scope, id, props, (local, rule, provider) => {
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

  private undeliveredQueue!: SqsQueue;

  /**
   * The formatter: its function, role and log; its invocations by the baseline's rules and the
   * intake topic; raw events to the topic when it fails; and the alarms that say so directly.
   */
  private alertFormatter(props: AlertsHubProps, intake: SnsTopic): LambdaFunction {
    const { regions } = props;
    const provider = regions.home;
    const accountId = regions.accountId;
    const home = regions.homeRegion;
    const logGroup = new CloudwatchLogGroup(this, 'formatter-log', {
      provider,
      name: `/aws/lambda/${FORMATTER_NAME}`,
      retentionInDays: props.logRetentionDays ?? 365,
    });
    const role = new IamRole(this, 'formatter-role', {
      provider,
      name: FORMATTER_NAME,
      description: 'The alert formatter: writes alerts in words and publishes them to the alert topic; nothing else',
      assumeRolePolicy: toPolicyJson(lambdaTrustPolicy()),
      inlinePolicy: [
        {
          name: 'publish-alerts',
          policy: toPolicyJson(
            alertFormatterPolicy({ accountId, homeRegion: home, topicArn: this.topicArn, logGroupArn: `arn:aws:logs:${home}:${accountId}:log-group:/aws/lambda/${FORMATTER_NAME}` }),
          ),
        },
      ],
    });
    const settings: FormatterSettings = {
      accountId,
      topicArn: this.topicArn,
      language: this.language,
      allowedRegions: [...(props.allowedRegions ?? [home])],
    };
    const code = functionCode(this, 'formatter-code', FORMATTER_NAME, FORMATTER_SOURCES);
    const formatter = new LambdaFunction(this, 'formatter', {
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
    new LambdaFunctionEventInvokeConfig(this, 'formatter-on-failure', {
      provider,
      functionName: formatter.functionName,
      maximumRetryAttempts: 2,
      maximumEventAgeInSeconds: 6 * 3600,
      destinationConfig: { onFailure: { destination: this.topic.arn } },
    });
    new LambdaPermission(this, 'formatter-invoked-by-rules', {
      provider,
      statementId: 'invoked-by-baseline-rules',
      action: 'lambda:InvokeFunction',
      functionName: formatter.functionName,
      principal: 'events.amazonaws.com',
      sourceArn: `arn:aws:events:${home}:${accountId}:rule/account-baseline-*`,
    });
    new LambdaPermission(this, 'formatter-invoked-by-intake', {
      provider,
      statementId: 'invoked-by-intake-topic',
      action: 'lambda:InvokeFunction',
      functionName: formatter.functionName,
      principal: 'sns.amazonaws.com',
      sourceArn: intake.arn,
    });
    new SnsTopicSubscription(this, 'intake-to-formatter', {
      provider,
      topicArn: intake.arn,
      protocol: 'lambda',
      endpoint: formatter.arn,
    });

    this.undeliveredQueue = new SqsQueue(this, 'undelivered', {
      provider,
      name: UNDELIVERED_ALERTS_QUEUE,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: 1209600,
    });
    new SqsQueuePolicy(this, 'undelivered-policy', {
      provider,
      queueUrl: this.undeliveredQueue.url,
      policy: toPolicyJson(undeliveredAlertsQueuePolicy({ queueArn: `arn:aws:sqs:${home}:${accountId}:${UNDELIVERED_ALERTS_QUEUE}`, accountId, homeRegion: home })),
    });
    const alarm = (alarmId: string, spec: CountAlarmSpec) => countAlarm(this, alarmId, provider, this.topicArn, spec);
    alarm('formatter-failed', {
      name: `${FORMATTER_NAME}-failed`,
      description: this.texts.alarms.formatterFailed,
      namespace: 'AWS/Lambda',
      metric: 'Errors',
      statistic: 'Sum',
      dimensions: { FunctionName: FORMATTER_NAME },
    });
    heldBackAlarms(this, 'formatter', provider, this.topicArn, FORMATTER_NAME, this.texts.alarms);
    alarm('undelivered-alerts', {
      name: UNDELIVERED_ALERTS_QUEUE,
      description: this.texts.alarms.undeliveredAlerts(UNDELIVERED_ALERTS_QUEUE),
      namespace: 'AWS/SQS',
      metric: 'ApproximateNumberOfMessagesVisible',
      statistic: 'Maximum',
      dimensions: { QueueName: UNDELIVERED_ALERTS_QUEUE },
    });
    return formatter;
  }

  /**
   * Sends matching events from every region to a Lambda function in the home region, the way
   * `route` sends alerts: forwarded to the home bus, and there delivered whole to the function,
   * with EventBridge's retries and a dead-letter queue for what it cannot deliver. Returns the
   * home region's rule, for the function's permission and the queue's policy.
   */
  routeToFunction(scope: Construct, id: string, props: FunctionRouteProps): CloudwatchEventRule {
    let homeRule: CloudwatchEventRule | undefined;
    this.routeRules(scope, id, props, (local, rule, provider) => {
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

  /**
   * The rules of one route: in the home region its own rule, to which `homeTarget` adds the
   * target. In every other region the route's events join that region's forwarding rule, one for
   * all routes, so that an event several routes watch crosses to the home region once; a route
   * that needs read-only events (the root user's) forwards through a rule of its own there, since
   * a rule that receives them for every service would forward every Describe and List call.
   */
  private routeRules(
    scope: Construct,
    id: string,
    props: Omit<AlertRouteProps, 'alert'>,
    homeTarget: (local: Construct, rule: CloudwatchEventRule, provider: AwsProvider) => void,
  ): void {
    const home = this.regions.homeRegion;
    const regions = props.regions ?? this.regions.enabledRegions;
    const name = `account-baseline-${id}`;
    if (!regions.includes(home)) throw new Error(`AlertsHub.route: the regions of ${name} must include the home region ${home}, where the rule acts`);
    if (name.length > 64) throw new Error(`AlertsHub.route: rule name ${name} is longer than EventBridge's 64 characters`);
    const pattern = JSON.stringify(props.pattern);
    if (pattern.length > EVENT_PATTERN_MAX_CHARACTERS) {
      throw new Error(`AlertsHub.route: the event pattern of ${name} is ${pattern.length} characters, over the ${EVENT_PATTERN_MAX_CHARACTERS} EventBridge allows; split it into two routes`);
    }
    const route = new Construct(scope, id);
    for (const region of regions) {
      if (region !== home && !props.readOnlyEvents) {
        this.forwardFrom(region, name, props.pattern, pattern);
        continue;
      }
      const provider = this.regions.provider(region);
      const local = new Construct(route, region);
      const rule = new CloudwatchEventRule(local, 'rule', {
        provider,
        name,
        description: region === home ? props.description : `${props.description} (forwarded to ${home})`,
        eventPattern: pattern,
        state: props.readOnlyEvents ? 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' : 'ENABLED',
      });
      if (region === home) homeTarget(local, rule, provider);
      else this.toHomeRegion(local, rule, provider);
    }
  }

  /** Adds a route's pattern to what `region`'s forwarding rule sends home, creating the rule for the first. */
  private forwardFrom(region: Region, routeName: string, pattern: EventPattern, patternJson: string): void {
    let forwarder = this.forwarders.get(region);
    if (!forwarder) {
      const provider = this.regions.provider(region);
      const local = new Construct(this, `forwarding-${region}`);
      const rule = new CloudwatchEventRule(local, 'rule', { provider, name: FORWARDING_RULE_NAME, eventPattern: '{}', state: 'ENABLED' });
      this.toHomeRegion(local, rule, provider);
      forwarder = { rule, routes: [], patterns: [], key: '' };
      this.forwarders.set(region, forwarder);
    }
    const routes = [...forwarder.routes, routeName];
    const key = `${forwarder.key}\n${patternJson}`;
    const forwarded = this.forwardedPatterns.get(key) ?? JSON.stringify(forwardingPattern([...forwarder.patterns, pattern]));
    this.forwardedPatterns.set(key, forwarded);
    if (forwarded.length > EVENT_PATTERN_MAX_CHARACTERS) {
      throw new Error(
        `AlertsHub.route: forwarding ${routeName} from ${region} makes the pattern of ${FORWARDING_RULE_NAME} ${forwarded.length} characters, ` +
          `over the ${EVENT_PATTERN_MAX_CHARACTERS} EventBridge allows; its events come from too many services (detail.eventSource) to forward through one rule`,
      );
    }
    forwarder.patterns.push(pattern);
    forwarder.routes.push(routeName);
    forwarder.key = key;
    forwarder.rule.eventPattern = forwarded;
    const names = routes.map((route) => route.replace(/^account-baseline-/, '')).join(', ');
    forwarder.rule.description = `Forwards to ${this.regions.homeRegion} the events its alert rules watch: ${names}`.slice(0, 512);
  }

  /** The target that puts what `rule` matches on the home region's default bus. */
  private toHomeRegion(scope: Construct, rule: CloudwatchEventRule, provider: AwsProvider): void {
    new CloudwatchEventTarget(scope, 'to-home-region', {
      provider,
      rule: rule.name,
      targetId: 'home-region-bus',
      arn: defaultEventBusArn(this.regions.homeRegion, this.regions.accountId),
      roleArn: this.eventForwardingRole().arn,
    });
  }

  /** The role EventBridge assumes to forward events to the home region; created on first use. */
  private eventForwardingRole(): IamRole {
    this.forwardingRole ??= new IamRole(this, 'event-forwarding-role', {
      provider: this.regions.home,
      name: 'account-baseline-event-forwarding',
      description: `Forwards alert events from every region to the default event bus in ${this.regions.homeRegion}`,
      assumeRolePolicy: toPolicyJson(eventForwardingTrustPolicy(this.regions.accountId)),
      inlinePolicy: [
        {
          name: 'put-events-on-home-bus',
          policy: toPolicyJson(eventForwardingPolicy(defaultEventBusArn(this.regions.homeRegion, this.regions.accountId))),
        },
      ],
    });
    return this.forwardingRole;
  }
}
