import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketObjectLockConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { accessLogBucketPolicy, configBucketPolicy, evidenceKeyPolicy, logBucketPolicy } from '../policies/evidence';
import { toPolicyJson } from '../policies/policy-document';
import type { RegionalProviders } from './regional-providers';

/** Audit evidence is kept this many days unless the configuration says otherwise. */
export const DEFAULT_RETENTION_DAYS = 365;

/** S3 Object Lock mode of the trail's log bucket. */
export type ObjectLockMode = 'COMPLIANCE' | 'GOVERNANCE';
export const DEFAULT_OBJECT_LOCK_MODE: ObjectLockMode = 'COMPLIANCE';

/** The evidence store: retention, Object Lock mode and who may deliver to it. */
export interface EvidenceStoreProps {
  /** The account's regional providers: one AWS provider per enabled region, locked to the account, and the home region. */
  readonly regions: RegionalProviders;
  /**
   * Days logs (and versions overwritten or deleted by anyone) are kept.
   * @default 365
   */
  readonly retentionDays?: number;
  /**
   * Trail allowed to write into the bucket and use the key.
   * @default - no trail writes here
   */
  readonly trailArn?: string;
  /**
   * The trail is an organisation trail (writes under the organisation's prefix too).
   * @default false
   */
  readonly organizationTrail?: boolean;
  /**
   * Prefix of bucket names and the key alias; stores deployed into the same account need different ones.
   * @default 'account-baseline'
   */
  readonly namePrefix?: string;
  /**
   * S3 Object Lock mode of the trail's log bucket, for the whole retention period: every log
   * version stays undeletable, whoever asks. COMPLIANCE binds the root user too; GOVERNANCE can be
   * bypassed by a principal allowed s3:BypassGovernanceRetention.
   * @default 'COMPLIANCE'
   */
  readonly objectLockMode?: ObjectLockMode;
  /**
   * Also a bucket for AWS Config's deliveries (Config does not deliver to a bucket with Object Lock).
   * @default false
   */
  readonly configDelivery?: boolean;
}

/**
 * Where the account's evidence lives, in the home region: a customer-managed KMS key and a log
 * bucket (versioned, public access blocked, TLS- and KMS-only, retained, access-logged to a second
 * bucket). Buckets and key carry `prevent_destroy`: `terraform destroy` cannot erase the evidence.
 */
export class EvidenceStore extends Construct {
  readonly bucketName: string;
  readonly bucket: S3Bucket;
  readonly key: KmsKey;
  /** Writers (the trail) must wait for it: CloudTrail checks its access when created. */
  readonly bucketPolicy: S3BucketPolicy;
  readonly accessLogBucketName: string;
  /** The bucket AWS Config delivers to, when `configDelivery` is on. */
  readonly configBucket?: S3Bucket;
  readonly configBucketName: string;
  /** Config's delivery channel must wait for it: Config checks its access when the channel is created. */
  readonly configBucketPolicy?: S3BucketPolicy;
  /** The trail its policies let write, if any. */
  readonly trailArn?: string;
  private readonly regions: RegionalProviders;

  constructor(scope: Construct, id: string, props: EvidenceStoreProps) {
    super(scope, id);
    const retentionDays = props.retentionDays ?? DEFAULT_RETENTION_DAYS;
    if (!Number.isInteger(retentionDays) || retentionDays < 1) {
      throw new Error(`EvidenceStore: retentionDays must be a whole number of days, at least 1; got ${retentionDays}`);
    }
    const { regions } = props;
    this.regions = regions;
    this.trailArn = props.trailArn;
    const provider = regions.home;
    const accountId = regions.accountId;
    const prefix = props.namePrefix ?? 'account-baseline';
    this.bucketName = `${prefix}-logs-${accountId}-${regions.homeRegion}`;
    this.accessLogBucketName = `${prefix}-access-logs-${accountId}-${regions.homeRegion}`;
    this.configBucketName = `${prefix}-config-${accountId}-${regions.homeRegion}`;
    for (const name of [this.bucketName, this.accessLogBucketName, this.configBucketName]) {
      if (name.length > 63) throw new Error(`EvidenceStore: bucket name ${name} is longer than S3's 63 characters; use a shorter namePrefix`);
    }

    this.key = new KmsKey(this, 'key', {
      provider,
      description: 'Encrypts the account baseline audit logs',
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: toPolicyJson(evidenceKeyPolicy({ accountId, trailArn: props.trailArn, configDelivery: props.configDelivery })),
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(this, 'key-alias', { provider, name: `alias/${prefix}-evidence`, targetKeyId: this.key.keyId });

    const { bucket: accessLogs } = this.hardenedBucket('access-logs', this.accessLogBucketName, retentionDays, 'AES256');
    const accessLogsPolicy = new S3BucketPolicy(this, 'access-logs-policy', {
      provider,
      bucket: accessLogs.id,
      policy: toPolicyJson(accessLogBucketPolicy({ bucket: this.accessLogBucketName, accountId, sourceBucket: this.bucketName })),
    });

    const logs = this.hardenedBucket('logs', this.bucketName, retentionDays, 'aws:kms');
    this.bucket = logs.bucket;
    // Every log version is kept for the retention period, whoever asks to delete it: the lifecycle
    // expires it only afterwards. Not on the access-log bucket (S3 refuses a default retention on a
    // logging target) nor on Config's (Config does not deliver to a locked bucket).
    new S3BucketObjectLockConfigurationA(this, 'logs-object-lock', {
      provider,
      bucket: this.bucket.id,
      objectLockEnabled: 'Enabled',
      rule: { defaultRetention: { mode: props.objectLockMode ?? DEFAULT_OBJECT_LOCK_MODE, days: retentionDays } },
      // Object Lock needs versioning on first.
      dependsOn: [logs.versioning],
    });
    new S3BucketLoggingA(this, 'logs-access-logging', {
      provider,
      bucket: this.bucket.id,
      targetBucket: accessLogs.id,
      targetPrefix: `${this.bucketName}/`,
      // Logs can be delivered only once the target's policy lets the logging service write (an
      // owner-enforced bucket takes no ACL grants), so logging waits for it. A local AWS API refused
      // to switch logging on before it (InvalidTargetBucketForLogging).
      dependsOn: [accessLogsPolicy],
    });
    this.bucketPolicy = new S3BucketPolicy(this, 'logs-policy', {
      provider,
      bucket: this.bucket.id,
      policy: toPolicyJson(
        logBucketPolicy({ bucket: this.bucketName, accountId, trailArn: props.trailArn, organizationTrail: props.organizationTrail }),
      ),
    });
    if (props.configDelivery) {
      this.configBucket = this.hardenedBucket('config', this.configBucketName, retentionDays, 'aws:kms').bucket;
      this.configBucketPolicy = new S3BucketPolicy(this, 'config-policy', {
        provider,
        bucket: this.configBucket.id,
        policy: toPolicyJson(configBucketPolicy({ bucket: this.configBucketName, accountId })),
      });
    }
  }

  /**
   * A bucket with the protections every evidence bucket shares; `encryption` is its default
   * encryption. Returns its versioning too, which Object Lock must wait for.
   */
  private hardenedBucket(
    id: string,
    name: string,
    retentionDays: number,
    encryption: 'aws:kms' | 'AES256',
  ): { bucket: S3Bucket; versioning: S3BucketVersioningA } {
    const provider = this.regions.home;
    const bucket = new S3Bucket(this, id, { provider, bucket: name, forceDestroy: false, lifecycle: { preventDestroy: true } });
    new S3BucketPublicAccessBlock(this, `${id}-public-access`, {
      provider,
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, `${id}-ownership`, { provider, bucket: bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    const versioning = new S3BucketVersioningA(this, `${id}-versioning`, { provider, bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfigurationA(this, `${id}-encryption`, {
      provider,
      bucket: bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: encryption === 'aws:kms' ? { sseAlgorithm: 'aws:kms', kmsMasterKeyId: this.key.arn } : { sseAlgorithm: 'AES256' },
          bucketKeyEnabled: encryption === 'aws:kms',
        },
      ],
    });
    new S3BucketLifecycleConfiguration(this, `${id}-retention`, {
      provider,
      bucket: bucket.id,
      rule: [
        {
          id: 'retention',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: retentionDays }],
          // A log someone overwrote or deleted stays recoverable for the whole retention period.
          noncurrentVersionExpiration: [{ noncurrentDays: retentionDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
    return { bucket, versioning };
  }
}
