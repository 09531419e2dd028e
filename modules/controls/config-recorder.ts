import { ConfigConfigurationAggregator } from '@cdktf/provider-aws/lib/config-configuration-aggregator';
import { ConfigConfigurationRecorder } from '@cdktf/provider-aws/lib/config-configuration-recorder';
import { ConfigConfigurationRecorderStatus } from '@cdktf/provider-aws/lib/config-configuration-recorder-status';
import { ConfigDeliveryChannel } from '@cdktf/provider-aws/lib/config-delivery-channel';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { Construct } from 'constructs';
import type { Region } from '../config/regions';
import type { EvidenceStore } from '../core/evidence-store';
import type { RegionalProviders } from '../core/regional-providers';
import { configDeliveryPolicy, configServiceTrustPolicy } from '../policies/config-recorder';
import { toPolicyJson } from '../policies/policy-document';

/** The recorder's service role; the region-deny SCP exempts it, since Config reads resources in every region. */
export const CONFIG_RECORDER_ROLE_NAME = 'account-baseline-config-recorder';

const RECORDER_NAME = 'account-baseline';

export interface ConfigRecorderProps {
  readonly regions: RegionalProviders;
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
}

/**
 * AWS Config recording every supported resource type, delivering to the evidence bucket.
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
    const role = new IamRole(this, 'role', {
      provider: regions.home,
      name: CONFIG_RECORDER_ROLE_NAME,
      description: 'AWS Config recorder of the account baseline',
      assumeRolePolicy: toPolicyJson(configServiceTrustPolicy(accountId)),
      managedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AWS_ConfigRole'],
      inlinePolicy: [
        {
          name: 'deliver-to-evidence-bucket',
          policy: toPolicyJson(configDeliveryPolicy({ bucket: evidence.bucketName, accountId, keyArn: evidence.key.arn })),
        },
      ],
    });

    this.recordedRegions = props.allRegions === false ? [regions.homeRegion] : regions.enabledRegions;
    const recorderOn = new Map<Region, ConfigConfigurationRecorderStatus>();
    this.recorderOn = recorderOn;
    for (const region of this.recordedRegions) {
      const provider = regions.provider(region);
      const scope = new Construct(this, region);
      const recorder = new ConfigConfigurationRecorder(scope, 'recorder', {
        provider,
        name: RECORDER_NAME,
        roleArn: role.arn,
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: region === regions.homeRegion },
      });
      const channel = new ConfigDeliveryChannel(scope, 'delivery-channel', {
        provider,
        name: RECORDER_NAME,
        s3BucketName: evidence.bucket.id,
        s3KmsKeyArn: evidence.key.arn,
        dependsOn: [recorder],
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
