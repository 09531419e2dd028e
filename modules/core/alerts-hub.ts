import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { Region } from '../config/regions';
import { alertsKeyPolicy, alertsTopicPolicy, snsTopicArn } from '../policies/alerts';
import { ALERT_LANGUAGES, AlertLanguage, DEFAULT_ALERT_LANGUAGE } from '../policies/messages/languages';
import type { AlertTexts } from '../policies/messages/types';
import {
  AlertMessage,
  EventPattern,
  defaultEventBusArn,
  eventForwardingPolicy,
  eventForwardingTrustPolicy,
  inputTemplate,
} from '../policies/events';
import { toPolicyJson } from '../policies/policy-document';
import type { RegionalProviders } from './regional-providers';

export const DEFAULT_ALERTS_TOPIC_NAME = 'account-baseline-alerts';
/** EventBridge's default quota for an event pattern (raising it to 4,096 takes a quota request). */
export const EVENT_PATTERN_MAX_CHARACTERS = 2048;

export interface AlertsHubProps {
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
}

export interface AlertRouteProps {
  /** Shown on the EventBridge rules. */
  readonly description: string;
  /** The events that raise the alert. */
  readonly pattern: EventPattern;
  /** How the alert reads in the e-mail. */
  readonly message: AlertMessage;
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

export interface FunctionRouteProps extends Omit<AlertRouteProps, 'message'> {
  /** The function in the home region that receives the events. */
  readonly functionArn: string;
  /** Where EventBridge puts an event it could not deliver to the function. */
  readonly deadLetterQueueArn: string;
}

/**
 * The one place an account's alerts go: an SNS topic in the home region, encrypted with a
 * customer-managed key that the alerting services may use, with e-mail subscribers.
 * Controls send here through `topicArn`.
 */
export class AlertsHub extends Construct {
  readonly region: Region;
  readonly topicName: string;
  /** Known at synth time, so policies that name the topic stay plain JSON. */
  readonly topicArn: string;
  readonly topic: SnsTopic;
  readonly key: KmsKey;
  /** Every alert's text, in the hub's language: controls take their messages from here. */
  readonly texts: AlertTexts;
  /**
   * The topic policy and key policy that let AWS services publish. Budgets and Cost Anomaly
   * Detection check the topic when a subscriber is added, so they depend on these.
   */
  readonly publishingAllowed: readonly ITerraformDependable[];

  private readonly regions: RegionalProviders;
  private forwardingRole?: IamRole;

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
    this.texts = ALERT_LANGUAGES[props.language ?? DEFAULT_ALERT_LANGUAGE];

    this.key = new KmsKey(this, 'key', {
      provider,
      description: `Encrypts the ${this.topicName} SNS topic`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: toPolicyJson(alertsKeyPolicy({ accountId: regions.accountId, topicArn: this.topicArn })),
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
    this.publishingAllowed = [topicPolicy, this.key];
    // Ids carry the address, not its position, so reordering the list replaces nothing.
    for (const email of [...props.emails].sort()) {
      new SnsTopicSubscription(this, `email-${email}`, {
        provider,
        topicArn: this.topic.arn,
        protocol: 'email',
        endpoint: email,
      });
    }
  }

  /**
   * Sends matching events to the alert topic as readable e-mails. In each region a rule named
   * `account-baseline-<id>` matches the pattern; away from the home region it forwards the event
   * to the home region's default bus (keeping its account, region and detail), and in the home
   * region it publishes the message. The rules are created under `scope`, so they belong to the
   * control that asked for them.
   */
  route(scope: Construct, id: string, props: AlertRouteProps): void {
    this.routeRules(scope, id, props, (local, rule, provider) => {
      new CloudwatchEventTarget(local, 'to-alert-topic', {
        provider,
        rule: rule.name,
        targetId: 'alert-topic',
        arn: this.topic.arn,
        inputTransformer: { inputPaths: { ...props.message.paths }, inputTemplate: inputTemplate(props.message) },
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

  /** The rules of one route, in each of its regions; `homeTarget` adds the home region's target. */
  private routeRules(
    scope: Construct,
    id: string,
    props: Omit<AlertRouteProps, 'message'>,
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
      const provider = this.regions.provider(region);
      const local = new Construct(route, region);
      const rule = new CloudwatchEventRule(local, 'rule', {
        provider,
        name,
        description: region === home ? props.description : `${props.description} (forwarded to ${home})`,
        eventPattern: pattern,
        state: props.readOnlyEvents ? 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' : 'ENABLED',
      });
      if (region === home) {
        homeTarget(local, rule, provider);
      } else {
        new CloudwatchEventTarget(local, 'to-home-region', {
          provider,
          rule: rule.name,
          targetId: 'home-region-bus',
          arn: defaultEventBusArn(home, this.regions.accountId),
          roleArn: this.eventForwardingRole().arn,
        });
      }
    }
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
