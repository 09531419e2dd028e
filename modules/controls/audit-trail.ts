import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { Construct } from 'constructs';
import { EvidenceStore } from '../core/evidence-store';
import type { RegionalProviders } from '../core/regional-providers';
import { TRAIL_NAME, trailArn } from '../policies/evidence';

export interface AuditTrailProps {
  readonly regions: RegionalProviders;
  /**
   * An organisation trail, created in the management account, that records every member account.
   * @default false
   */
  readonly organizationTrail?: boolean;
  /**
   * Days the logs are kept.
   * @default 365
   */
  readonly retentionDays?: number;
}

/**
 * A multi-region CloudTrail trail with global service events and log-file validation, encrypted
 * with the evidence key and delivered to the evidence bucket. In incident B, CloudTrail is how the
 * owner learnt where the attacker came from.
 */
export class AuditTrail extends Construct {
  readonly trailArn: string;
  readonly evidence: EvidenceStore;
  readonly trail: Cloudtrail;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const { regions } = props;
    this.trailArn = trailArn(regions.homeRegion, regions.accountId);
    this.evidence = new EvidenceStore(this, 'evidence', {
      regions,
      retentionDays: props.retentionDays,
      trailArn: this.trailArn,
      organizationTrail: props.organizationTrail,
    });
    this.trail = new Cloudtrail(this, 'trail', {
      provider: regions.home,
      name: TRAIL_NAME,
      s3BucketName: this.evidence.bucket.id,
      kmsKeyId: this.evidence.key.arn,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      isOrganizationTrail: props.organizationTrail ?? false,
      // CloudTrail checks at creation that it may write to the bucket.
      dependsOn: [this.evidence.bucketPolicy],
    });
  }
}
