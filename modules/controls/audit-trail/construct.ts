import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { EvidenceStore } from '../../core/evidence-store';
import type { RegionalProviders } from '../../core/regional-providers';
import { TRAIL_NAME, trailArn } from '../../policies/evidence';

/** The trail of one account and the evidence store it delivers to. */
export interface AuditTrailProps {
  /** The account's regional providers: one AWS provider per enabled region, locked to the account, and the home region. */
  readonly regions: RegionalProviders;
  /** Where the trail delivers; its policies must name this trail (`trailArn(...)`). */
  readonly evidence: EvidenceStore;
  /**
   * An organisation trail, created in the management account, that records every member account.
   * @default false
   */
  readonly organizationTrail?: boolean;
  /**
   * What must exist first (for an organisation trail, trusted access for CloudTrail).
   * @default - only the evidence bucket policy
   */
  readonly dependsOn?: readonly ITerraformDependable[];
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
    this.evidence = props.evidence;
    if (this.evidence.trailArn !== this.trailArn) {
      throw new Error(`AuditTrail: the evidence store must be created for trail ${this.trailArn} (it allows ${this.evidence.trailArn ?? 'no trail'})`);
    }
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
      dependsOn: [this.evidence.bucketPolicy, ...(props.dependsOn ?? [])],
    });
  }
}
