import { PolicyDocument, PolicyStatement, policyDocument } from './policy-document';

/** Name of the baseline's trail, in every mode. */
export const TRAIL_NAME = 'account-baseline';

/** The ARN of a CloudTrail trail, the baseline's by default. */
export function trailArn(region: string, accountId: string, name = TRAIL_NAME): string {
  return `arn:aws:cloudtrail:${region}:${accountId}:trail/${name}`;
}

export const bucketArn = (bucket: string) => `arn:aws:s3:::${bucket}`;

/** The account a trail belongs to (the fifth field of its ARN). */
export const accountOfTrail = (arn: string): string => arn.split(':')[4];

/** Denies any request to the bucket that does not use TLS. */
function denyInsecureTransport(bucket: string): PolicyStatement {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [bucketArn(bucket), `${bucketArn(bucket)}/*`],
    Condition: { Bool: { 'aws:SecureTransport': false } },
  };
}

/** The log bucket whose policy is built, and which trail may write to it. */
export interface LogBucketPolicyProps {
  /** The bucket name. */
  readonly bucket: string;
  /** The account that owns the bucket. */
  readonly accountId: string;
  /** Trail allowed to deliver here; it may belong to another account (an organisation trail into a log archive). @default - no trail (a bucket for access logs or AWS Config) */
  readonly trailArn?: string;
  /** An organisation trail writes under `AWSLogs/<organisation id>/` as well as the account's prefix. @default false */
  readonly organizationTrail?: boolean;
}

/**
 * Log bucket: CloudTrail (only the baseline's trail) may check the ACL and write; every request
 * must use TLS; an object uploaded with any encryption other than SSE-KMS is refused (uploads
 * without the header get the bucket's default SSE-KMS encryption).
 */
export function logBucketPolicy(props: LogBucketPolicyProps): PolicyDocument {
  const arn = bucketArn(props.bucket);
  const statements: PolicyStatement[] = [denyInsecureTransport(props.bucket)];
  statements.push({
    Sid: 'DenyObjectsNotEncryptedWithKms',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:PutObject',
    Resource: `${arn}/*`,
    Condition: {
      StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' },
      Null: { 's3:x-amz-server-side-encryption': 'false' },
    },
  });
  if (props.trailArn) {
    const sourceArn = { 'aws:SourceArn': props.trailArn };
    statements.push(
      {
        Sid: 'CloudTrailChecksAcl',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: arn,
        Condition: { StringEquals: sourceArn },
      },
      {
        Sid: 'CloudTrailWritesLogs',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        // The organisation's ID is not in the configuration; the trail ARN condition pins the writer.
        Resource: props.organizationTrail ? `${arn}/AWSLogs/*` : `${arn}/AWSLogs/${accountOfTrail(props.trailArn)}/*`,
        Condition: { StringEquals: { ...sourceArn, 's3:x-amz-acl': 'bucket-owner-full-control' } },
      },
    );
  }
  return policyDocument(...statements);
}

/** Access-log bucket: only S3 server access logging for the log bucket may write; TLS only. */
export function accessLogBucketPolicy(props: { bucket: string; accountId: string; sourceBucket: string }): PolicyDocument {
  return policyDocument(denyInsecureTransport(props.bucket), {
    Sid: 'S3ServerAccessLogsWrite',
    Effect: 'Allow',
    Principal: { Service: 'logging.s3.amazonaws.com' },
    Action: 's3:PutObject',
    Resource: `${bucketArn(props.bucket)}/*`,
    Condition: {
      StringEquals: { 'aws:SourceAccount': props.accountId },
      ArnLike: { 'aws:SourceArn': bucketArn(props.sourceBucket) },
    },
  });
}

/**
 * Bucket AWS Config delivers to, through its service-linked role: AWS's published statements
 * (check the ACL, list, write under this account's prefix with the owner in full control), for
 * this account only; TLS only.
 */
export function configBucketPolicy(props: { bucket: string; accountId: string }): PolicyDocument {
  const arn = bucketArn(props.bucket);
  const fromThisAccount = { 'aws:SourceAccount': props.accountId };
  const config = { Service: 'config.amazonaws.com' };
  return policyDocument(
    denyInsecureTransport(props.bucket),
    { Sid: 'ConfigChecksBucket', Effect: 'Allow', Principal: config, Action: ['s3:GetBucketAcl', 's3:ListBucket'], Resource: arn, Condition: { StringEquals: fromThisAccount } },
    {
      Sid: 'ConfigDelivers',
      Effect: 'Allow',
      Principal: config,
      Action: 's3:PutObject',
      Resource: `${arn}/AWSLogs/${props.accountId}/Config/*`,
      Condition: { StringEquals: { ...fromThisAccount, 's3:x-amz-acl': 'bucket-owner-full-control' } },
    },
  );
}

/**
 * Evidence key: the account that owns it administers it through IAM; CloudTrail may encrypt only
 * for the baseline's trail (which may belong to another account: the management account's
 * organisation trail encrypting into the security account's log archive) and may describe the
 * key; AWS Config (when it delivers here) may encrypt for this account.
 */
export function evidenceKeyPolicy(props: { accountId: string; trailArn?: string; configDelivery?: boolean }): PolicyDocument {
  const statements: PolicyStatement[] = [
    {
      Sid: 'AccountAdministersKey',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${props.accountId}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
  ];
  if (props.trailArn) {
    statements.push(
      {
        Sid: 'CloudTrailEncryptsLogs',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:GenerateDataKey*',
        Resource: '*',
        Condition: {
          StringEquals: { 'aws:SourceArn': props.trailArn },
          StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${accountOfTrail(props.trailArn)}:trail/*` },
        },
      },
      {
        Sid: 'CloudTrailDescribesKey',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:DescribeKey',
        Resource: '*',
      },
    );
  }
  if (props.configDelivery) {
    statements.push({
      Sid: 'ConfigEncryptsDeliveries',
      Effect: 'Allow',
      Principal: { Service: 'config.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': props.accountId } },
    });
  }
  return policyDocument(...statements);
}
