import { DEFAULT_ENABLED_REGIONS } from '../modules/config/regions';
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

  test('each region delivers to the evidence bucket with the evidence key, and its recorder is switched on after delivery exists', () => {
    const [bucket] = resourcesOfType(standalone, 'aws_s3_bucket').filter((candidate) => candidate.bucket.startsWith('account-baseline-logs-'));
    const [key] = resourcesOfType(standalone, 'aws_kms_key').filter((candidate) => candidate.description.includes('audit logs'));
    const channels = resourcesOfType(standalone, 'aws_config_delivery_channel');
    expect(channels).toHaveLength(17);
    for (const channel of channels) {
      expect(channel.s3_bucket_name).toBe(ref(bucket, 'id'));
      expect(channel.s3_kms_key_arn).toBe(ref(key, 'arn'));
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

  test('a member account records into its own evidence bucket, which grants CloudTrail nothing (the organisation trail is elsewhere)', () => {
    const stack = organization.stack('account-staging');
    expect(resourcesOfType(stack, 'aws_config_configuration_recorder')).toHaveLength(18);
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

describe('recorder role policies, evaluated from the synthesized JSON', () => {
  const [role] = resourcesOfType(standalone, 'aws_iam_role').filter((candidate) => candidate.name === 'account-baseline-config-recorder');
  const trust = JSON.parse(role.assume_role_policy);
  const roleArn = `arn:aws:iam::${account}:role/account-baseline-config-recorder`;

  test('AWS Config acting for this account may assume the role; acting for another account it may not', async () => {
    const assume = (sourceAccount: string) =>
      decide(
        { principal: 'config.amazonaws.com', action: 'sts:AssumeRole', resource: roleArn, resourceAccount: account, context: { 'aws:SourceAccount': sourceAccount } },
        { resourcePolicy: trust },
      );
    expect(await assume(account)).toBe('Allowed');
    expect(await assume('999988887777')).not.toBe('Allowed');
  });

  test('the role may deliver Config files under its own prefix only', async () => {
    const delivery = JSON.parse(role.inline_policy[0].policy.replace(/\$\{aws_kms_key\.[^}]+\}/g, `arn:aws:kms:ap-northeast-1:${account}:key/1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901`));
    const bucket = `arn:aws:s3:::account-baseline-logs-${account}-ap-northeast-1`;
    const put = (key: string) =>
      decide({ principal: roleArn, action: 's3:PutObject', resource: `${bucket}/${key}`, resourceAccount: account }, { identityPolicies: [delivery] });
    expect(await put(`AWSLogs/${account}/Config/ap-northeast-1/2026/11/23/ConfigHistory/x.json.gz`)).toBe('Allowed');
    expect(await put(`AWSLogs/${account}/CloudTrail/ap-northeast-1/2026/11/23/forged.json.gz`)).not.toBe('Allowed');
  });
});
