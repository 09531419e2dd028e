import { DEFAULT_ENABLED_REGIONS } from '../modules/core/regions';
import { DEFAULT_CONFIG, ORGANIZATION_EXAMPLE, resourcesOfType, synthesize, validConfigData } from './support/fixtures';
import { decide } from './support/simulate';

const standalone = synthesize(DEFAULT_CONFIG).stack('account-personal');
const organization = synthesize(ORGANIZATION_EXAMPLE);
const account = '111122223333';
const ref = (resource: Record<string, any>, attribute: string) => `\${${typeOf(resource)}.${resource['//'].metadata.uniqueId}.${attribute}}`;
function typeOf(resource: Record<string, any>): string {
  for (const [type, resources] of Object.entries(standalone.json.resource ?? {})) if (Object.values(resources).includes(resource as never)) return type;
  throw new Error('resource not in the standalone stack');
}

describe('configRecorder: AWS Config in every enabled region, delivering to the evidence bucket', () => {
  const recorders = resourcesOfType(standalone, 'aws_config_configuration_recorder');

  test('one recorder of all supported resources per enabled region; global resources only in the home region', () => {
    expect(recorders.map((recorder) => recorder.provider).sort()).toEqual(DEFAULT_ENABLED_REGIONS.map((region) => `aws.${region}`).sort());
    for (const recorder of recorders) {
      expect(recorder.recording_group).toEqual({ all_supported: true, include_global_resource_types: recorder.provider === 'aws.ap-northeast-1' });
    }
  });

  test('each region delivers to the Config bucket (not the locked trail bucket) with the evidence key, once its policy lets Config write; the recorder is switched on after', () => {
    const [bucket] = resourcesOfType(standalone, 'aws_s3_bucket').filter((candidate) => candidate.bucket.startsWith('account-baseline-config-'));
    const [bucketPolicy] = resourcesOfType(standalone, 'aws_s3_bucket_policy').filter((candidate) => candidate.bucket === ref(bucket, 'id'));
    const [key] = resourcesOfType(standalone, 'aws_kms_key').filter((candidate) => candidate.description.includes('audit logs'));
    const channels = resourcesOfType(standalone, 'aws_config_delivery_channel');
    expect(channels).toHaveLength(17);
    for (const channel of channels) {
      expect(channel.s3_bucket_name).toBe(ref(bucket, 'id'));
      expect(channel.s3_kms_key_arn).toBe(ref(key, 'arn'));
      expect(channel.depends_on).toContain(`aws_s3_bucket_policy.${bucketPolicy['//'].metadata.uniqueId}`);
    }
    const statuses = resourcesOfType(standalone, 'aws_config_configuration_recorder_status');
    expect(statuses).toHaveLength(17);
    for (const status of statuses) {
      expect(status.is_enabled).toBe(true);
      expect(status.depends_on).toEqual([expect.stringMatching(/^aws_config_delivery_channel\./)]);
    }
  });

  test('evidence.configAllRegions: false records in the home region only', () => {
    const config = validConfigData();
    config.evidence = { configAllRegions: false };
    const stack = synthesize(config).stack('account-personal');
    expect(resourcesOfType(stack, 'aws_config_configuration_recorder').map((recorder) => recorder.provider)).toEqual(['aws.ap-northeast-1']);
  });

  test('a member account records into its own evidence store, whose log bucket grants CloudTrail nothing (the organisation trail is elsewhere)', () => {
    const stack = organization.stack('account-staging');
    expect(resourcesOfType(stack, 'aws_config_configuration_recorder')).toHaveLength(18);
    expect(resourcesOfType(stack, 'aws_s3_bucket').map((bucket) => bucket.bucket).sort()).toEqual([
      'account-baseline-access-logs-100000000004-eu-west-1',
      'account-baseline-config-100000000004-eu-west-1',
      'account-baseline-logs-100000000004-eu-west-1',
    ]);
    const [logsPolicy] = resourcesOfType(stack, 'aws_s3_bucket_policy').filter((policy) => policy.policy.includes('DenyObjectsNotEncryptedWithKms'));
    expect(JSON.parse(logsPolicy.policy).Statement.map((statement: { Sid: string }) => statement.Sid)).toEqual([
      'DenyInsecureTransport',
      'DenyObjectsNotEncryptedWithKms',
    ]);
  });

  test('the security account aggregates every account and region; the organization stack delegates AWS Config to it', () => {
    expect(resourcesOfType(organization.stack('account-security'), 'aws_config_configuration_aggregator')).toEqual([
      expect.objectContaining({ organization_aggregation_source: expect.objectContaining({ all_regions: true }) }),
    ]);
    expect(resourcesOfType(organization.stack('account-staging'), 'aws_config_configuration_aggregator')).toEqual([]);
    expect(resourcesOfType(organization.stack('organization'), 'aws_organizations_delegated_administrator')).toContainEqual(
      expect.objectContaining({ account_id: '100000000002', service_principal: 'config.amazonaws.com' }),
    );
  });
});

describe("AWS Config records through its service-linked role, which nobody can re-trust and no SCP binds", () => {
  const recorderArn = `arn:aws:iam::${account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;

  test('the stack creates the service-linked role and every recorder uses it, after it exists; no role of its own is left to borrow', () => {
    const [role] = resourcesOfType(standalone, 'aws_iam_service_linked_role');
    expect(role.aws_service_name).toBe('config.amazonaws.com');
    for (const recorder of resourcesOfType(standalone, 'aws_config_configuration_recorder')) {
      expect(recorder.role_arn).toBe(recorderArn);
      expect(recorder.depends_on).toEqual([`aws_iam_service_linked_role.${role['//'].metadata.uniqueId}`]);
    }
    expect(resourcesOfType(standalone, 'aws_iam_role').map((candidate) => candidate.name)).not.toContain('account-baseline-config-recorder');
  });

  test('evidence.configServiceLinkedRoleExists (or per account) uses the role that is there instead of creating it', () => {
    const config = validConfigData();
    config.evidence = { configServiceLinkedRoleExists: true };
    const stack = synthesize(config).stack('account-personal');
    expect(resourcesOfType(stack, 'aws_iam_service_linked_role')).toEqual([]);
    expect(resourcesOfType(stack, 'aws_config_configuration_recorder')[0].role_arn).toBe(recorderArn);
  });
});

describe('Config bucket and key policies, evaluated from the synthesized JSON', () => {
  const [bucket] = resourcesOfType(standalone, 'aws_s3_bucket_policy').filter((candidate) => candidate.policy.includes('ConfigDelivers'));
  const bucketPolicy = JSON.parse(bucket.policy);
  const bucketArn = `arn:aws:s3:::account-baseline-config-${account}-ap-northeast-1`;
  const [evidenceKey] = resourcesOfType(standalone, 'aws_kms_key').filter((candidate) => candidate.description.includes('audit logs'));
  const keyPolicy = JSON.parse(evidenceKey.policy);
  const put = (key: string, sourceAccount: string) =>
    decide(
      {
        principal: 'config.amazonaws.com',
        action: 's3:PutObject',
        resource: `${bucketArn}/${key}`,
        resourceAccount: account,
        context: { 'aws:SourceAccount': sourceAccount, 's3:x-amz-acl': 'bucket-owner-full-control' },
      },
      { resourcePolicy: bucketPolicy },
    );

  test('AWS Config, for this account, may deliver under its own prefix only', async () => {
    expect(await put(`AWSLogs/${account}/Config/ap-northeast-1/2026/11/23/ConfigHistory/x.json.gz`, account)).toBe('Allowed');
    expect(await put(`AWSLogs/${account}/CloudTrail/ap-northeast-1/2026/11/23/forged.json.gz`, account)).not.toBe('Allowed');
  });

  test('AWS Config acting for another account may not deliver here (confused deputy)', async () => {
    expect(await put(`AWSLogs/${account}/Config/x.json.gz`, '999988887777')).not.toBe('Allowed');
  });

  test('the evidence key lets AWS Config encrypt for this account only', async () => {
    const generate = (sourceAccount: string) =>
      decide(
        { principal: 'config.amazonaws.com', action: 'kms:GenerateDataKey', resource: `arn:aws:kms:ap-northeast-1:${account}:key/1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901`, resourceAccount: account, context: { 'aws:SourceAccount': sourceAccount } },
        { resourcePolicy: keyPolicy },
      );
    expect(await generate(account)).toBe('Allowed');
    expect(await generate('999988887777')).not.toBe('Allowed');
  });
});
