import type { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import type { OrganizationsOrganization } from '@cdktf/provider-aws/lib/organizations-organization';
import type { TerraformResource } from 'cdktf';

/**
 * What the local AWS API this project tests against (moto 5.2.1 in server mode) cannot serve,
 * declared once. Under BASELINE_AWS_ENDPOINT these, and only these, are left out of the
 * deployed stacks (with whatever cannot exist without them); everything else is deployed.
 * They are the emulator's gaps, never AWS's rules: nothing here changes what the baseline
 * deploys to AWS.
 *
 * Each entry quotes what the emulator said when the baseline was deployed to it, and why that
 * makes the resource (or one of its settings) impossible to deploy there.
 */
export interface ResourceGap {
  /** The Terraform resource type left out. */
  readonly resourceType: string;
  /** The emulator's own error (or answer) when the provider deployed it. */
  readonly emulatorSays: string;
  /** One line: why that rules the resource out. */
  readonly reason: string;
  /**
   * Only resources whose setting has one of these values are affected.
   * @default - every resource of the type
   */
  readonly only?: { readonly setting: string; readonly values: readonly string[] };
}

export interface SettingGap extends ResourceGap {
  /** The setting (top-level Terraform attribute or block) that is changed on the endpoint. */
  readonly setting: string;
  /** What the setting becomes on the endpoint, in words, for reports. */
  readonly onEndpoint: string;
  /** Applies the change to a resource of `resourceType`. */
  readonly apply: (resource: TerraformResource) => void;
}

export type EmulatorGap = ResourceGap | SettingGap;

export const isSettingGap = (gap: EmulatorGap): gap is SettingGap => 'setting' in gap;

/** The emulator the gaps were measured on. */
export const EMULATOR = 'moto 5.2.1 (server mode)';

/** Service principals the emulator refuses trusted access for (moto/organizations/models.py TRUSTED_SERVICES). */
const UNTRUSTED_BY_EMULATOR = ['iam.amazonaws.com', 'malware-protection.guardduty.amazonaws.com'];

export const EMULATOR_GAPS: readonly EmulatorGap[] = [
  {
    resourceType: 'aws_accessanalyzer_analyzer',
    emulatorSays: "AttributeError: 'NoneType' object has no attribute 'replace' (moto/backends.py get_backend: no backend for access-analyzer)",
    reason: 'IAM Access Analyzer is not served at all: every call answers HTTP 500.',
  },
  {
    resourceType: 'aws_ec2_image_block_public_access',
    emulatorSays: 'NotImplementedError: The enable_image_block_public_access action has not been implemented',
    reason: 'EC2 EnableImageBlockPublicAccess is not implemented.',
  },
  {
    resourceType: 'aws_ebs_snapshot_block_public_access',
    emulatorSays: 'NotImplementedError: The enable_snapshot_block_public_access action has not been implemented',
    reason: 'EC2 EnableSnapshotBlockPublicAccess is not implemented.',
  },
  {
    resourceType: 'aws_ec2_instance_metadata_defaults',
    emulatorSays: 'NotImplementedError: The modify_instance_metadata_defaults action has not been implemented',
    reason: 'EC2 ModifyInstanceMetadataDefaults is not implemented.',
  },
  {
    resourceType: 'aws_guardduty_detector_feature',
    emulatorSays: 'GetDetector answers without Features; the provider reports "reading GuardDuty Detector Feature (<detector>/S3_DATA_EVENTS): empty result"',
    reason: 'GuardDuty detector features (protection plans) are accepted but not stored, so none can be read back.',
  },
  {
    resourceType: 'aws_guardduty_organization_configuration',
    emulatorSays: 'UpdateOrganizationConfiguration answers HTTP 404: moto/guardduty/urls.py has no route for /detector/<id>/admin',
    reason: "GuardDuty's organisation configuration (auto-enabling members) is not served.",
  },
  {
    resourceType: 'aws_guardduty_organization_configuration_feature',
    emulatorSays: 'UpdateOrganizationConfiguration answers HTTP 404: moto/guardduty/urls.py has no route for /detector/<id>/admin',
    reason: "GuardDuty's organisation configuration (auto-enabling members' protection plans) is not served.",
  },
  {
    resourceType: 'aws_guardduty_organization_admin_account',
    emulatorSays: 'moto/guardduty/responses.py has enable_organization_admin_account but no disable_organization_admin_account',
    reason: 'The delegation can be made but never removed, so the stack could not be offboarded.',
  },
  {
    resourceType: 'aws_inspector2_delegated_admin_account',
    emulatorSays:
      "DisableDelegatedAdminAccount leaves the account in place with status DISABLED (moto/inspector2/models.py); the provider reports \"waiting for Inspector2 Delegated Admin Account (<account>) delete: unexpected state 'DISABLED', wanted target ''\"",
    reason: 'The delegation can be made but never removed as AWS does, so the stack could not be offboarded.',
  },
  {
    resourceType: 'aws_inspector2_member_association',
    emulatorSays:
      "DisassociateMember leaves the member in place with status DISABLED (moto/inspector2/models.py); the provider reports \"waiting for Inspector2 Member Association (<account>) delete: unexpected state 'DISABLED', wanted target ''\"",
    reason: 'A member can be associated but never disassociated as AWS does, so the stack could not be offboarded.',
  },
  {
    resourceType: 'aws_securityhub_account',
    emulatorSays: 'NotImplementedError: The update_security_hub_configuration action has not been implemented',
    reason: 'Security Hub can be enabled but not configured, which the provider does right after.',
  },
  {
    resourceType: 'aws_securityhub_standards_subscription',
    emulatorSays: 'BatchEnableStandards answers HTTP 404: moto/securityhub/urls.py has no route for /standards/register',
    reason: 'Security Hub standards are not served.',
  },
  {
    resourceType: 'aws_securityhub_finding_aggregator',
    emulatorSays: 'CreateFindingAggregator answers HTTP 404: moto/securityhub/urls.py has no route for /findingAggregator/create',
    reason: 'Security Hub finding aggregation is not served.',
  },
  {
    resourceType: 'aws_ce_anomaly_monitor',
    emulatorSays: 'NotImplementedError: The create_anomaly_monitor action has not been implemented',
    reason: 'Cost Explorer anomaly detection is not implemented.',
  },
  {
    resourceType: 'aws_ce_anomaly_subscription',
    emulatorSays: 'NotImplementedError: The create_anomaly_subscription action has not been implemented',
    reason: 'Cost Explorer anomaly detection is not implemented.',
  },
  {
    resourceType: 'aws_budgets_budget',
    emulatorSays:
      'NotImplementedError: The list_tags_for_resource action has not been implemented (and describe_subscribers_for_notification, for its notifications)',
    reason: "A budget cannot be read back: the provider reads every budget's tags and notification subscribers.",
  },
  {
    resourceType: 'aws_budgets_budget_action',
    emulatorSays: 'NotImplementedError: The create_budget_action action has not been implemented',
    reason: 'Budget actions are not implemented.',
  },
  {
    resourceType: 'aws_s3_bucket_logging',
    emulatorSays:
      "AttributeError: 'str' object has no attribute 'get' (moto/s3/models.py _log_permissions_enabled_policy, on the target bucket policy's \"Principal\": \"*\")",
    reason: 'The emulator cannot read a bucket policy with "Principal": "*" (valid IAM, AWS\'s documented form) when it checks a logging target.',
  },
  {
    resourceType: 'aws_iam_organizations_features',
    emulatorSays: 'NotImplementedError: The enable_organizations_root_credentials_management action has not been implemented',
    reason: "IAM's centralised root access for member accounts is not implemented.",
  },
  {
    resourceType: 'aws_organizations_delegated_administrator',
    only: { setting: 'service_principal', values: ['config.amazonaws.com'] },
    emulatorSays: 'InvalidInputException: You specified an unrecognized service principal. (RegisterDelegatedAdministrator for config.amazonaws.com)',
    reason: "The emulator's list of services that take a delegated administrator lacks AWS Config; the others are delegated.",
  },
  {
    resourceType: 'aws_cloudtrail',
    setting: 'enable_logging',
    onEndpoint: 'false: the trail is created but not started',
    emulatorSays: "KeyError: 'arn:aws:cloudtrail:<region>:<account>:trail/account-baseline' (moto/cloudtrail/models.py start_logging)",
    reason: 'StartLogging finds trails by name only; the provider starts a trail by its ARN.',
    apply: (resource) => {
      (resource as Cloudtrail).enableLogging = false;
    },
  },
  {
    resourceType: 'aws_guardduty_detector',
    setting: 'lifecycle',
    onEndpoint: 'ignore_changes = [tags, tags_all]: tags are written when the detector is created and never changed (an adopted detector keeps the tags it had)',
    emulatorSays: 'TagResource answers HTTP 404: moto/guardduty/urls.py has no route for /tags/<arn> (CreateDetector takes tags)',
    reason: "Changing a detector's tags is not served; creating one with tags is, so only an adopted detector is affected.",
    apply: (resource) => {
      resource.addOverride('lifecycle.ignore_changes', ['tags', 'tags_all']);
    },
  },
  {
    resourceType: 'aws_organizations_organization',
    setting: 'aws_service_access_principals',
    onEndpoint: `without ${UNTRUSTED_BY_EMULATOR.join(' and ')}`,
    emulatorSays: 'InvalidInputException: You specified an unrecognized service principal. (EnableAWSServiceAccess for each of them)',
    reason: "The emulator's list of trusted services lacks IAM (centralised root access) and GuardDuty malware protection; the others are kept.",
    apply: (resource) => {
      const organization = resource as OrganizationsOrganization;
      organization.awsServiceAccessPrincipals = (organization.awsServiceAccessPrincipalsInput ?? []).filter((principal) => !UNTRUSTED_BY_EMULATOR.includes(principal));
    },
  },
];

/**
 * Gaps of the emulator that the endpoint switch avoids without changing what is deployed, so
 * they are not in EMULATOR_GAPS. Kept here so that the whole picture is in one file.
 */
export const AVOIDED_GAPS: ReadonlyArray<{ readonly problem: string; readonly emulatorSays: string; readonly avoidedBy: string }> = [
  {
    problem: 'S3 Control (the account-level S3 public access block) is addressed as <account-id>.<endpoint host>, which does not resolve for an IP address',
    emulatorSays: 'dial tcp: lookup 111122223333.127.0.0.1: no such host',
    avoidedBy:
      "the providers' http_proxy/https_proxy point at the endpoint itself: requests to the endpoint (a loopback address) never use a proxy, so only the unresolvable account-prefixed host goes through it, and the emulator answers it",
  },
  {
    problem: "AWS managed policies (the Config recorder role's AWS_ConfigRole) do not exist",
    emulatorSays: 'NoSuchEntity: Policy arn:aws:iam::aws:policy/service-role/AWS_ConfigRole does not exist or is not attachable.',
    avoidedBy: 'the emulator is started with MOTO_IAM_LOAD_MANAGED_POLICIES=true (npm run e2e does so, and checks a given --endpoint for it)',
  },
];

/**
 * What the emulator cannot show even for what it deploys, so the lifecycle test does not claim it.
 */
export const EMULATOR_CHECK_LIMITS: ReadonlyArray<{ readonly limit: string; readonly emulatorSays: string }> = [
  {
    limit: 'No object can be written to or read from an evidence bucket, so surviving logs are checked as surviving buckets with every protection on them',
    emulatorSays:
      'PUT /<evidence bucket>/<key> answers 403: moto/iam/access_control.py returns DENIED for any statement whose condition it cannot evaluate, Allow or Deny, and the bucket policy denies requests without TLS ("Principal": "*", aws:SecureTransport)',
  },
  {
    limit: 'Offboarding cannot be shown to remove the trail, so the check is on the alert topics and the empty state',
    emulatorSays: 'DeleteTrail with the trail\'s ARN, as the provider calls it, does nothing: moto/cloudtrail/models.py delete_trail looks trails up by name only',
  },
  {
    limit: 'An alert cannot be delivered end to end, so the rules and targets are deployed and the event patterns are tested with the project\'s matcher',
    emulatorSays:
      "NotImplementedError: Expr not defined for <class 'moto.events.models.Rule'> (moto/events/models.py send_to_targets delivers to log groups, archives, SQS queues, event buses and API destinations, not to SNS topics)",
  },
];

