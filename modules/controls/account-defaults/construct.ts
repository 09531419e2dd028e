import { EbsEncryptionByDefault } from '@cdktf/provider-aws/lib/ebs-encryption-by-default';
import { EbsSnapshotBlockPublicAccess } from '@cdktf/provider-aws/lib/ebs-snapshot-block-public-access';
import { Ec2ImageBlockPublicAccess } from '@cdktf/provider-aws/lib/ec2-image-block-public-access';
import { Ec2InstanceMetadataDefaults } from '@cdktf/provider-aws/lib/ec2-instance-metadata-defaults';
import { S3AccountPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-account-public-access-block';
import { Construct } from 'constructs';
import type { RegionalProviders } from '../../core/regional-providers';

/** The regions whose account-level defaults (EBS encryption, IMDSv2, public sharing blocks) are set. */
export interface AccountDefaultsProps {
  /** The account's regional providers: one AWS provider per enabled region, locked to the account, and the home region. */
  readonly regions: RegionalProviders;
  /**
   * Hop limit for IMDSv2 responses; 2 lets containers on an instance reach the metadata service.
   * @default 2
   */
  readonly metadataHopLimit?: number;
}

/**
 * Account-level defaults that remove easy data exposure, in every enabled region where the
 * setting is regional: EBS encryption by default, IMDSv2 required for new instances, EBS
 * snapshots and AMIs not shareable publicly; and the account-wide S3 public access block.
 */
export class AccountDefaults extends Construct {
  constructor(scope: Construct, id: string, props: AccountDefaultsProps) {
    super(scope, id);
    const hopLimit = props.metadataHopLimit ?? 2;
    if (!Number.isInteger(hopLimit) || hopLimit < 1 || hopLimit > 64) {
      throw new Error(`AccountDefaults: metadataHopLimit must be a whole number from 1 to 64, got ${hopLimit}`);
    }
    const { regions } = props;
    regions.forEachRegion((region, provider) => {
      // One namespace per region keeps each resource's id independent of the region list.
      const scope = new Construct(this, region);
      new EbsEncryptionByDefault(scope, 'ebs-encryption', { provider, enabled: true });
      new Ec2InstanceMetadataDefaults(scope, 'imds-v2', {
        provider,
        httpTokens: 'required',
        httpPutResponseHopLimit: hopLimit,
      });
      new EbsSnapshotBlockPublicAccess(scope, 'snapshot-public-access', { provider, state: 'block-all-sharing' });
      new Ec2ImageBlockPublicAccess(scope, 'image-public-access', { provider, state: 'block-new-sharing' });
    });
    new S3AccountPublicAccessBlock(this, 's3-public-access', {
      provider: regions.home,
      accountId: regions.accountId,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
  }
}
