import { ConfigConfigurationAggregator } from '@cdktf/provider-aws/lib/config-configuration-aggregator';
import { ConfigConfigurationRecorder } from '@cdktf/provider-aws/lib/config-configuration-recorder';
import { ConfigConfigurationRecorderStatus } from '@cdktf/provider-aws/lib/config-configuration-recorder-status';
import { ConfigDeliveryChannel } from '@cdktf/provider-aws/lib/config-delivery-channel';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamServiceLinkedRole } from '@cdktf/provider-aws/lib/iam-service-linked-role';
import { Construct } from 'constructs';
import type { Region } from '../../core/regions';
import type { EvidenceStore } from '../../core/evidence-store';
import type { RegionalProviders } from '../../core/regional-providers';
import { configServiceTrustPolicy } from '../../policies/config-recorder';
import { toPolicyJson } from '../../policies/policy-document';

/**
 * AWS Config records through its service-linked role: no administrator can change its trust or
 * permissions, and SCPs never bind it, so region deny needs no exemption that someone could borrow.
 */
export const CONFIG_SERVICE_LINKED_ROLE = 'aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig';

const RECORDER_NAME = 'account-baseline';

/** Where AWS Config records and the evidence store it delivers to. */
export interface ConfigRecorderProps {
  /** The account's regional providers: one AWS provider per enabled region, locked to the account, and the home region. */
  readonly regions: RegionalProviders;
  /** The evidence store whose Config bucket and key the recorder delivers to. */
  readonly evidence: EvidenceStore;
  /**
   * Record in every enabled region, or in the home region only.
   * @default true
   */
  readonly allRegions?: boolean;
  /**
   * Also aggregate every account and region of the organisation here (the security account only,
   * after the organization stack has delegated AWS Config administration to it).
   * @default false
   */
  readonly organizationAggregator?: boolean;
  /**
   * The account already has AWS Config's service-linked role (Config was set up before): use it
   * instead of creating it, which AWS would refuse.
   * @default false
   */
  readonly serviceLinkedRoleExists?: boolean;
}

/**
 * AWS Config recording every supported resource type, delivering to the evidence store's Config bucket.
 * Global resources (IAM) are recorded once, in the home region, so they are not counted twice.
 */
export class ConfigRecorder extends Construct {
  readonly recordedRegions: readonly Region[];
  /** The recorder status (on) in each recorded region: Config rules there must wait for it. */
  readonly recorderOn: ReadonlyMap<Region, ConfigConfigurationRecorderStatus>;

  constructor(scope: Construct, id: string, props: ConfigRecorderProps) {
    super(scope, id);
    const { regions, evidence } = props;
    const accountId = regions.accountId;
    const serviceLinkedRole = props.serviceLinkedRoleExists
      ? undefined
      : new IamServiceLinkedRole(this, 'service-linked-role', { provider: regions.home, awsServiceName: 'config.amazonaws.com' });
    const roleArn = `arn:aws:iam::${accountId}:role/${CONFIG_SERVICE_LINKED_ROLE}`;
    const bucket = evidence.configBucket;
    if (!bucket || !evidence.configBucketPolicy) throw new Error('ConfigRecorder: the evidence store must be created with configDelivery: true');

    this.recordedRegions = props.allRegions === false ? [regions.homeRegion] : regions.enabledRegions;
    const recorderOn = new Map<Region, ConfigConfigurationRecorderStatus>();
    this.recorderOn = recorderOn;
    for (const region of this.recordedRegions) {
      const provider = regions.provider(region);
      const scope = new Construct(this, region);
      const recorder = new ConfigConfigurationRecorder(scope, 'recorder', {
        provider,
        name: RECORDER_NAME,
        roleArn,
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: region === regions.homeRegion },
        dependsOn: serviceLinkedRole ? [serviceLinkedRole] : undefined,
      });
      const channel = new ConfigDeliveryChannel(scope, 'delivery-channel', {
        provider,
        name: RECORDER_NAME,
        s3BucketName: bucket.id,
        s3KmsKeyArn: evidence.key.arn,
        dependsOn: [recorder, evidence.configBucketPolicy],
      });
      recorderOn.set(
        region,
        new ConfigConfigurationRecorderStatus(scope, 'status', { provider, name: recorder.name, isEnabled: true, dependsOn: [channel] }),
      );
    }

    if (props.organizationAggregator) {
      const aggregatorRole = new IamRole(this, 'aggregator-role', {
        provider: regions.home,
        name: 'account-baseline-config-aggregator',
        description: 'AWS Config organisation aggregator of the account baseline',
        assumeRolePolicy: toPolicyJson(configServiceTrustPolicy(accountId)),
        managedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations'],
      });
      new ConfigConfigurationAggregator(this, 'organization-aggregator', {
        provider: regions.home,
        name: 'account-baseline-organization',
        organizationAggregationSource: { allRegions: true, roleArn: aggregatorRole.arn },
      });
    }
  }
}
