import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import type { Region } from '../config/regions';
import { alertsKeyPolicy, alertsTopicPolicy, snsTopicArn } from '../policies/alerts';
import { toPolicyJson } from '../policies/policy-document';
import type { RegionalProviders } from './regional-providers';

export const DEFAULT_ALERTS_TOPIC_NAME = 'account-baseline-alerts';

export interface AlertsHubProps {
  readonly regions: RegionalProviders;
  /** Addresses subscribed to the topic; each must confirm its subscription once. */
  readonly emails: readonly string[];
  /**
   * Name of the SNS topic.
   * @default 'account-baseline-alerts'
   */
  readonly topicName?: string;
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

  constructor(scope: Construct, id: string, props: AlertsHubProps) {
    super(scope, id);
    if (props.emails.length === 0) {
      throw new Error('AlertsHub: emails must list at least one address; alerts that reach nobody are useless');
    }
    const { regions } = props;
    const provider = regions.home;
    this.region = regions.homeRegion;
    this.topicName = props.topicName ?? DEFAULT_ALERTS_TOPIC_NAME;
    this.topicArn = snsTopicArn(this.region, regions.accountId, this.topicName);

    this.key = new KmsKey(this, 'key', {
      provider,
      description: `Encrypts the ${this.topicName} SNS topic`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: toPolicyJson(alertsKeyPolicy({ accountId: regions.accountId })),
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
    new SnsTopicPolicy(this, 'topic-policy', {
      provider,
      arn: this.topic.arn,
      policy: toPolicyJson(alertsTopicPolicy({ topicArn: this.topicArn, accountId: regions.accountId })),
    });
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
}
