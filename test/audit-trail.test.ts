import { DEFAULT_CONFIG, ORGANIZATION_EXAMPLE, organizationConfigData, resourcesOfType, synthesize, validConfigData } from './support/fixtures';
import { ADMINISTRATOR_ACCESS, callerContext, decide, unmetConditions } from './support/simulate';

const standalone = synthesize(DEFAULT_CONFIG).stack('account-personal');
const organization = synthesize(ORGANIZATION_EXAMPLE);
const account = '111122223333';
const logBucket = `account-baseline-logs-${account}-ap-northeast-1`;
const accessLogBucket = `account-baseline-access-logs-${account}-ap-northeast-1`;
const ownTrail = `arn:aws:cloudtrail:ap-northeast-1:${account}:trail/account-baseline`;

const byBucket = (stack: typeof standalone, type: string, bucket: string) =>
  resourcesOfType(stack, type).filter((resource) => {
    const buckets = resourcesOfType(stack, 'aws_s3_bucket');
    const target = buckets.find((candidate) => candidate.bucket === bucket)!;
    return resource.bucket === `\${aws_s3_bucket.${target['//'].metadata.uniqueId}.id}`;
  });

describe('auditTrail: a multi-region, validated, encrypted trail in a standalone account', () => {
  const [trail] = resourcesOfType(standalone, 'aws_cloudtrail');

  test('the trail records every region and global service events, with log file validation', () => {
    expect(resourcesOfType(standalone, 'aws_cloudtrail')).toHaveLength(1);
    expect(trail).toMatchObject({
      name: 'account-baseline',
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      is_organization_trail: false,
      provider: 'aws.ap-northeast-1',
    });
  });

  test('it is encrypted with the customer-managed evidence key and waits for the bucket policy', () => {
    const [key] = resourcesOfType(standalone, 'aws_kms_key').filter((candidate) => candidate.description.includes('audit logs'));
    expect(trail.kms_key_id).toBe(`\${aws_kms_key.${key['//'].metadata.uniqueId}.arn}`);
    expect(trail.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_policy\./)]);
  });

  test('bucket and key cannot be removed by terraform destroy, and the bucket is never force-destroyed', () => {
    for (const bucket of resourcesOfType(standalone, 'aws_s3_bucket')) {
      expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
      expect(bucket.force_destroy).toBe(false);
    }
    const [key] = resourcesOfType(standalone, 'aws_kms_key').filter((candidate) => candidate.description.includes('audit logs'));
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
  });

  test('the log bucket is versioned, private, owner-enforced, KMS-encrypted and access-logged', () => {
    expect(byBucket(standalone, 'aws_s3_bucket_versioning', logBucket)[0].versioning_configuration).toEqual({ status: 'Enabled' });
    expect(byBucket(standalone, 'aws_s3_bucket_public_access_block', logBucket)[0]).toMatchObject({
      block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true,
    });
    expect(byBucket(standalone, 'aws_s3_bucket_ownership_controls', logBucket)[0].rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
    const [encryption] = byBucket(standalone, 'aws_s3_bucket_server_side_encryption_configuration', logBucket);
    expect(encryption.rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe('aws:kms');
    const [logging] = byBucket(standalone, 'aws_s3_bucket_logging', logBucket);
    expect(logging.target_bucket).toMatch(/^\$\{aws_s3_bucket\.baseline_evidence_access-logs_/);
    // Switched on only once the access-log bucket lets the logging service write.
    expect(logging.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_policy\.baseline_evidence_access-logs-policy_/)]);
  });

  test('logs, and versions someone overwrote or deleted, are kept 365 days by default and as configured', () => {
    const retention = (stack: typeof standalone) => byBucket(stack, 'aws_s3_bucket_lifecycle_configuration', logBucket)[0].rule[0];
    expect(retention(standalone)).toMatchObject({ expiration: [{ days: 365 }], noncurrent_version_expiration: [{ noncurrent_days: 365 }] });
    const config = validConfigData();
    config.evidence = { retentionDays: 730 };
    expect(retention(synthesize(config).stack('account-personal'))).toMatchObject({ expiration: [{ days: 730 }] });
  });
});

describe('evidence an administrator cannot delete: S3 Object Lock on the trail bucket', () => {
  const lockOf = (stack: typeof standalone, bucket: string) => byBucket(stack, 'aws_s3_bucket_object_lock_configuration', bucket);

  test('the log bucket keeps every version under COMPLIANCE retention for the retention period, switched on after versioning', () => {
    const [lock] = lockOf(standalone, logBucket);
    expect(lock).toMatchObject({ object_lock_enabled: 'Enabled', rule: { default_retention: { mode: 'COMPLIANCE', days: 365 } } });
    expect(lock.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_versioning\.baseline_evidence_logs-versioning_/)]);
  });

  test('evidence.objectLockMode GOVERNANCE and retentionDays carry over', () => {
    const config = validConfigData();
    config.evidence = { retentionDays: 730, objectLockMode: 'GOVERNANCE' };
    expect(lockOf(synthesize(config).stack('account-personal'), logBucket)[0].rule).toEqual({ default_retention: { mode: 'GOVERNANCE', days: 730 } });
  });

  test("not on the access-log bucket (S3 refuses a default retention on a logging target) nor on Config's (Config does not deliver to a locked bucket)", () => {
    expect(resourcesOfType(standalone, 'aws_s3_bucket_object_lock_configuration')).toHaveLength(1);
    expect(lockOf(standalone, accessLogBucket)).toEqual([]);
  });

  test("the organisation trail's bucket, in the security account's log archive, is locked the same way", () => {
    const org = organization.stack('organization');
    expect(lockOf(org, 'account-baseline-org-logs-100000000002-eu-west-1')[0].rule).toEqual({ default_retention: { mode: 'COMPLIANCE', days: 365 } });
  });
});

describe('auditTrail in an organisation: one organisation trail from the management account', () => {
  test('the organization stack has the organisation trail; account stacks have none', () => {
    expect(resourcesOfType(organization.stack('organization'), 'aws_cloudtrail')).toEqual([
      expect.objectContaining({ is_organization_trail: true, is_multi_region_trail: true, enable_log_file_validation: true }),
    ]);
    for (const name of ['account-management', 'account-security', 'account-staging']) {
      expect(resourcesOfType(organization.stack(name), 'aws_cloudtrail')).toEqual([]);
    }
  });
});

describe("auditTrail in an organisation: the logs live in the security account's log archive, not the management account", () => {
  const MANAGEMENT = '100000000001';
  const SECURITY = '100000000002';
  const org = organization.stack('organization');
  const archiveBucket = `account-baseline-org-logs-${SECURITY}-eu-west-1`;
  const orgTrail = `arn:aws:cloudtrail:eu-west-1:${MANAGEMENT}:trail/account-baseline`;
  const providerOf = (stack: typeof org, resource: Record<string, any>) =>
    stack.json.provider!.aws.find((provider) => `aws.${provider.alias}` === resource.provider)!;
  const archiveResources = [...Object.entries(org.json.resource ?? {})]
    .filter(([type]) => type.startsWith('aws_s3_') || type.startsWith('aws_kms_'))
    .flatMap(([, resources]) => Object.values(resources as Record<string, Record<string, any>>));
  const [key] = resourcesOfType(org, 'aws_kms_key');
  const [trail] = resourcesOfType(org, 'aws_cloudtrail');

  test("every bucket and key of the organisation stack is created in the security account, through its deployment role", () => {
    expect(archiveResources.length).toBeGreaterThanOrEqual(18);
    for (const resource of archiveResources) {
      expect(providerOf(org, resource)).toMatchObject({
        region: 'eu-west-1',
        allowed_account_ids: [SECURITY],
        assume_role: [{ role_arn: `arn:aws:iam::${SECURITY}:role/OrganizationAccountAccessRole`, session_name: 'account-baseline' }],
      });
    }
    expect(resourcesOfType(org, 'aws_s3_bucket').map((bucket) => bucket.bucket).sort()).toEqual([
      `account-baseline-org-access-logs-${SECURITY}-eu-west-1`,
      archiveBucket,
    ]);
  });

  test('the trail itself stays in the management account and delivers to the log archive with its key, once its policy is in place', () => {
    expect(providerOf(org, trail).allowed_account_ids).toEqual([MANAGEMENT]);
    expect(trail.s3_bucket_name).toMatch(/^\$\{aws_s3_bucket\.baseline_evidence_logs_[^.]+\.id\}$/);
    expect(trail.kms_key_id).toBe(`\${aws_kms_key.${key['//'].metadata.uniqueId}.arn}`);
    expect(trail.depends_on).toContain(`aws_s3_bucket_policy.${byBucket(org, 'aws_s3_bucket_policy', archiveBucket)[0]['//'].metadata.uniqueId}`);
  });

  test("the security account's own deployment role is used when it has one", () => {
    const config = organizationConfigData();
    const security = config.accounts.find((candidate: { accountId: string }) => candidate.accountId === SECURITY);
    security.assumeRoleArn = `arn:aws:iam::${SECURITY}:role/BaselineDeployer`;
    const custom = synthesize(config).stack('organization');
    const [customKey] = resourcesOfType(custom, 'aws_kms_key');
    expect((providerOf(custom, customKey).assume_role as Array<{ role_arn: string }>)[0].role_arn).toBe(`arn:aws:iam::${SECURITY}:role/BaselineDeployer`);
  });

  const bucketPolicy = JSON.parse(byBucket(org, 'aws_s3_bucket_policy', archiveBucket)[0].policy);
  const memberLog = `arn:aws:s3:::${archiveBucket}/AWSLogs/o-a1b2c3d4e5/100000000003/CloudTrail/eu-west-1/2026/12/01/log.json.gz`;

  test("CloudTrail may deliver every account's logs for the management account's organisation trail, and for no other trail", async () => {
    const put = (sourceArn: string) =>
      decide(
        { principal: 'cloudtrail.amazonaws.com', action: 's3:PutObject', resource: memberLog, resourceAccount: SECURITY, context: { 'aws:SourceArn': sourceArn, 's3:x-amz-acl': 'bucket-owner-full-control' } },
        { resourcePolicy: bucketPolicy },
      );
    expect(await put(orgTrail)).toBe('Allowed');
    expect(await put(`arn:aws:cloudtrail:eu-west-1:${SECURITY}:trail/account-baseline`)).not.toBe('Allowed');
    expect(await put('arn:aws:cloudtrail:eu-west-1:999988887777:trail/exfil')).not.toBe('Allowed');
  });

  test.each([
    ['read the logs', 's3:GetObject', memberLog],
    ['delete a log version', 's3:DeleteObjectVersion', memberLog],
    ["rewrite the archive's policy", 's3:PutBucketPolicy', `arn:aws:s3:::${archiveBucket}`],
    ['switch its versioning off', 's3:PutBucketVersioning', `arn:aws:s3:::${archiveBucket}`],
  ])('an administrator of the management account cannot %s (%s)', async (_what, action, resource) => {
    const principal = `arn:aws:iam::${MANAGEMENT}:role/Admin`;
    const decision = await decide(
      { principal, action, resource, resourceAccount: SECURITY, context: callerContext(principal) },
      { resourcePolicy: bucketPolicy, identityPolicies: [ADMINISTRATOR_ACCESS] },
    );
    expect(decision).not.toBe('Allowed');
  });

  const keyPolicy = JSON.parse(key.policy);
  const keyArn = `arn:aws:kms:eu-west-1:${SECURITY}:key/1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901`;

  test("the key is the security account's, and CloudTrail may use it only for the management account's trails", async () => {
    expect(keyPolicy.Statement.find((statement: { Sid: string }) => statement.Sid === 'AccountAdministersKey').Principal).toEqual({ AWS: `arn:aws:iam::${SECURITY}:root` });
    const encrypts = keyPolicy.Statement.find((statement: { Sid: string }) => statement.Sid === 'CloudTrailEncryptsLogs');
    expect(encrypts.Condition).toEqual({
      StringEquals: { 'aws:SourceArn': orgTrail },
      StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${MANAGEMENT}:trail/*` },
    });
    expect(await unmetConditions({ principal: 'cloudtrail.amazonaws.com', action: 'kms:GenerateDataKey', resource: keyArn, resourceAccount: SECURITY, context: { 'aws:SourceArn': orgTrail } }, keyPolicy, 'CloudTrailEncryptsLogs')).toEqual([
      'kms:EncryptionContext:aws:cloudtrail:arn',
    ]);
  });

  test.each(['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy', 'kms:Decrypt'])('an administrator of the management account cannot %s the log archive key', async (action) => {
    const principal = `arn:aws:iam::${MANAGEMENT}:role/Admin`;
    const decision = await decide(
      { principal, action, resource: keyArn, resourceAccount: SECURITY, context: callerContext(principal) },
      { resourcePolicy: keyPolicy, identityPolicies: [ADMINISTRATOR_ACCESS] },
    );
    expect(decision).not.toBe('Allowed');
  });
});

describe('evidence bucket policy, evaluated as attacks against the synthesized policy', () => {
  const policy = JSON.parse(byBucket(standalone, 'aws_s3_bucket_policy', logBucket)[0].policy);
  const object = `arn:aws:s3:::${logBucket}/AWSLogs/${account}/CloudTrail/ap-northeast-1/2026/11/23/log.json.gz`;
  const put = (principal: string, context: Record<string, string>) =>
    decide({ principal, action: 's3:PutObject', resource: object, resourceAccount: account, context }, { resourcePolicy: policy });

  test("CloudTrail delivering for the baseline's trail is allowed", async () => {
    expect(await put('cloudtrail.amazonaws.com', { 'aws:SourceArn': ownTrail, 's3:x-amz-acl': 'bucket-owner-full-control' })).toBe('Allowed');
  });

  test("CloudTrail delivering for someone else's trail is not allowed", async () => {
    const other = 'arn:aws:cloudtrail:us-east-1:999988887777:trail/exfil';
    expect(await put('cloudtrail.amazonaws.com', { 'aws:SourceArn': other, 's3:x-amz-acl': 'bucket-owner-full-control' })).not.toBe('Allowed');
  });

  test('an object uploaded with encryption other than SSE-KMS is explicitly denied, even by an administrator', async () => {
    const admin = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
    const decision = await decide(
      { principal: `arn:aws:iam::${account}:role/Admin`, action: 's3:PutObject', resource: object, resourceAccount: account, context: { 's3:x-amz-server-side-encryption': 'AES256' } },
      { resourcePolicy: policy, identityPolicies: [admin] },
    );
    expect(decision).toBe('ExplicitlyDenied');
  });

  test('any request without TLS is explicitly denied', async () => {
    expect(await put('cloudtrail.amazonaws.com', { 'aws:SourceArn': ownTrail, 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SecureTransport': 'false' })).toBe('ExplicitlyDenied');
  });

  test('another account cannot read or delete the evidence', async () => {
    for (const action of ['s3:GetObject', 's3:DeleteObject']) {
      const decision = await decide({ principal: 'arn:aws:iam::999988887777:root', action, resource: object, resourceAccount: account }, { resourcePolicy: policy });
      expect({ action, decision }).not.toEqual({ action, decision: 'Allowed' });
    }
  });

  test('only S3 server access logging for the log bucket may write into the access-log bucket', async () => {
    const accessPolicy = JSON.parse(byBucket(standalone, 'aws_s3_bucket_policy', accessLogBucket)[0].policy);
    const target = `arn:aws:s3:::${accessLogBucket}/${logBucket}/2026-11-23-00-00-00-0000000000000000`;
    const logging = (sourceArn: string) =>
      decide(
        { principal: 'logging.s3.amazonaws.com', action: 's3:PutObject', resource: target, resourceAccount: account, context: { 'aws:SourceAccount': account, 'aws:SourceArn': sourceArn } },
        { resourcePolicy: accessPolicy },
      );
    expect(await logging(`arn:aws:s3:::${logBucket}`)).toBe('Allowed');
    expect(await logging('arn:aws:s3:::some-other-bucket')).not.toBe('Allowed');
  });
});

describe('evidence key policy', () => {
  const [key] = resourcesOfType(standalone, 'aws_kms_key').filter((candidate) => candidate.description.includes('audit logs'));
  const policy = JSON.parse(key.policy);
  const keyArn = `arn:aws:kms:ap-northeast-1:${account}:key/1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901`;
  const generate = (sourceArn: string) =>
    decide(
      {
        principal: 'cloudtrail.amazonaws.com',
        action: 'kms:GenerateDataKey',
        resource: keyArn,
        resourceAccount: account,
        context: { 'aws:SourceArn': sourceArn, 'kms:EncryptionContext:aws:cloudtrail:arn': sourceArn },
      },
      { resourcePolicy: policy },
    );

  test("for the baseline's trail, CloudTrail's key statement is met but for the encryption context the engine cannot receive", async () => {
    const request = {
      principal: 'cloudtrail.amazonaws.com',
      action: 'kms:GenerateDataKey',
      resource: keyArn,
      resourceAccount: account,
      context: { 'aws:SourceArn': ownTrail },
    };
    expect(await unmetConditions(request, policy, 'CloudTrailEncryptsLogs')).toEqual(['kms:EncryptionContext:aws:cloudtrail:arn']);
    // The context pattern names this account's trails, as AWS documents for CloudTrail keys.
    expect(policy.Statement.find((statement: { Sid: string }) => statement.Sid === 'CloudTrailEncryptsLogs').Condition.StringLike).toEqual({
      'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${account}:trail/*`,
    });
  });

  test("CloudTrail may not encrypt for another account's trail with this key", async () => {
    expect(await generate('arn:aws:cloudtrail:us-east-1:999988887777:trail/exfil')).not.toBe('Allowed');
  });
});
