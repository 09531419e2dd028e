/**
 * Out-of-band changes the lifecycle test makes through the AWS API after deploying, each the
 * kind of thing an administrator (or an attacker with one's credentials) does to quiet the
 * baseline. Drift detection must report each one on its resource, attributed to its control,
 * with the attributes that changed, and nothing else.
 */
import type { DifferenceKind } from '../drift';
import type { AwsCall } from '../local-aws';

/** A resource as deployed: its state values, with where it lives. */
export interface DeployedResource {
  readonly stack: string;
  readonly address: string;
  readonly type: string;
  readonly control: string;
  readonly region: string;
  /** The account it is in. */
  readonly account: string;
  readonly homeRegion: string;
  readonly values: Readonly<Record<string, any>>;
}

export interface Injection {
  readonly id: string;
  /** The control drift detection must attribute it to. */
  readonly control: string;
  readonly description: string;
  /** The resource to change, if the deployment has one. */
  readonly pick: (deployed: readonly DeployedResource[]) => DeployedResource | undefined;
  /** The API calls that change it, made with credentials of its account. */
  readonly calls: (resource: DeployedResource) => AwsCall[];
  /** How drift detection must report it. */
  readonly expect: { readonly kind: DifferenceKind; readonly attributes?: readonly string[] };
}

/** Regions far from anyone's home, in order of preference: where an attacker would go. */
const FAR_REGIONS = ['sa-east-1', 'ap-southeast-2', 'eu-north-1', 'ca-central-1', 'us-west-1', 'ap-south-1'];

const farthest = (candidates: readonly DeployedResource[]) =>
  FAR_REGIONS.map((region) => candidates.find((resource) => resource.region === region && region !== resource.homeRegion)).find(Boolean) ??
  candidates.find((resource) => resource.region !== resource.homeRegion);

const ofType = (deployed: readonly DeployedResource[], type: string, control: string) =>
  deployed.filter((resource) => resource.type === type && resource.control === control);

/** Detaching the baseline's managed policy from the group it was attached to. */
const detachGroupPolicy = (id: string, control: string, description: string): Injection => ({
  id,
  control,
  description,
  pick: (deployed) => ofType(deployed, 'aws_iam_group_policy_attachment', control)[0],
  calls: (resource) => [
    { service: 'iam', operation: 'DetachGroupPolicy', region: 'us-east-1', params: { GroupName: resource.values.group, PolicyArn: resource.values.policy_arn } },
  ],
  expect: { kind: 'missing' },
});

/** Detaching one of the baseline's SCPs from its target (from the management account). */
const detachScp = (id: string, control: string, description: string): Injection => ({
  id,
  control,
  description,
  pick: (deployed) => ofType(deployed, 'aws_organizations_policy_attachment', control)[0],
  calls: (resource) => [
    { service: 'organizations', operation: 'DetachPolicy', region: 'us-east-1', params: { PolicyId: resource.values.policy_id, TargetId: resource.values.target_id } },
  ],
  expect: { kind: 'missing' },
});

export const INJECTIONS: readonly Injection[] = [
  detachGroupPolicy('detach-mfa-policy', 'mfaEnforcement', 'detach the MFA-required policy from the human-users group'),
  {
    id: 'weaken-password-policy',
    control: 'passwordPolicy',
    description: 'weaken the password policy to 8 characters and nothing else',
    pick: (deployed) => ofType(deployed, 'aws_iam_account_password_policy', 'passwordPolicy')[0],
    calls: () => [{ service: 'iam', operation: 'UpdateAccountPasswordPolicy', region: 'us-east-1', params: { MinimumPasswordLength: 8 } }],
    expect: { kind: 'drifted', attributes: ['minimum_password_length', 'password_reuse_prevention', 'require_symbols'] },
  },
  {
    id: 'disable-root-alert-far-away',
    control: 'rootCredentials',
    description: 'disable the root-activity alert rule in a region far from home',
    pick: (deployed) => farthest(ofType(deployed, 'aws_cloudwatch_event_rule', 'rootCredentials')),
    calls: (resource) => [{ service: 'events', operation: 'DisableRule', region: resource.region, params: { Name: resource.values.name } }],
    expect: { kind: 'drifted', attributes: ['state'] },
  },
  {
    id: 'remove-forwarding-target-far-away',
    control: 'alerts',
    description: "remove the target of a far region's forwarding rule, so that region's alerts no longer reach home",
    pick: (deployed) => farthest(ofType(deployed, 'aws_cloudwatch_event_target', 'alerts').filter((resource) => resource.values.target_id === 'home-region-bus')),
    calls: (resource) => [{ service: 'events', operation: 'RemoveTargets', region: resource.region, params: { Rule: resource.values.rule, Ids: [resource.values.target_id] } }],
    expect: { kind: 'missing' },
  },
  {
    id: 'delete-guardduty-detector',
    control: 'guardDuty',
    description: 'delete the GuardDuty detector of a far region',
    pick: (deployed) => farthest(ofType(deployed, 'aws_guardduty_detector', 'guardDuty')),
    calls: (resource) => [{ service: 'guardduty', operation: 'DeleteDetector', region: resource.region, params: { DetectorId: resource.values.id } }],
    expect: { kind: 'missing' },
  },
  {
    id: 'unsubscribe-alert-email',
    control: 'alerts',
    description: "delete the alert topic's e-mail subscription",
    pick: (deployed) => ofType(deployed, 'aws_sns_topic_subscription', 'alerts')[0],
    calls: (resource) => [{ service: 'sns', operation: 'Unsubscribe', region: resource.region, params: { SubscriptionArn: resource.values.arn } }],
    expect: { kind: 'missing' },
  },
  detachGroupPolicy('detach-region-deny-policy', 'regionDeny', 'detach the region-deny IAM policy from the human-users group'),
  detachScp('detach-region-deny-scp', 'regionDeny', 'detach the region-deny SCP from its target'),
  detachScp('detach-protective-scp', 'baselineProtection', 'detach the SCP that protects the baseline from its target'),
  {
    id: 'stop-config-recorder',
    control: 'configRecorder',
    description: 'stop the AWS Config recorder of a far region',
    pick: (deployed) => farthest(ofType(deployed, 'aws_config_configuration_recorder_status', 'configRecorder')),
    calls: (resource) => [{ service: 'config', operation: 'StopConfigurationRecorder', region: resource.region, params: { ConfigurationRecorderName: resource.values.name } }],
    expect: { kind: 'drifted', attributes: ['is_enabled'] },
  },
  {
    id: 'delete-evidence-bucket-policy',
    control: 'evidence',
    description: "remove the trail log bucket's policy (TLS-only, KMS-only, the trail's writes)",
    // The trail's bucket, not the access-log or Config bucket beside it.
    pick: (deployed) => ofType(deployed, 'aws_s3_bucket_policy', 'evidence').find((resource) => /-logs-/.test(String(resource.values.bucket)) && !String(resource.values.bucket).includes('-access-logs-')),
    calls: (resource) => [{ service: 's3', operation: 'DeleteBucketPolicy', region: resource.region, params: { Bucket: resource.values.bucket } }],
    expect: { kind: 'missing' },
  },
  {
    id: 'disable-ebs-encryption',
    control: 'accountDefaults',
    description: 'turn off EBS encryption by default in a far region',
    pick: (deployed) => farthest(ofType(deployed, 'aws_ebs_encryption_by_default', 'accountDefaults')),
    calls: (resource) => [{ service: 'ec2', operation: 'DisableEbsEncryptionByDefault', region: resource.region }],
    expect: { kind: 'drifted', attributes: ['enabled'] },
  },
  {
    id: 'delete-security-contact',
    control: 'securityContacts',
    description: 'delete the SECURITY alternate contact, where AWS sends abuse notices',
    pick: (deployed) => ofType(deployed, 'aws_account_alternate_contact', 'securityContacts').find((resource) => resource.values.alternate_contact_type === 'SECURITY'),
    calls: (resource) => [
      {
        service: 'account',
        operation: 'DeleteAlternateContact',
        region: resource.region,
        params: { AlternateContactType: 'SECURITY', ...(resource.values.account_id ? { AccountId: resource.values.account_id } : {}) },
      },
    ],
    expect: { kind: 'missing' },
  },
  {
    id: 'turn-off-log-validation',
    control: 'auditTrail',
    description: "turn off the trail's log file validation",
    pick: (deployed) => ofType(deployed, 'aws_cloudtrail', 'auditTrail')[0],
    calls: (resource) => [{ service: 'cloudtrail', operation: 'UpdateTrail', region: resource.region, params: { Name: resource.values.name, EnableLogFileValidation: false } }],
    expect: { kind: 'drifted', attributes: ['enable_log_file_validation'] },
  },
];
