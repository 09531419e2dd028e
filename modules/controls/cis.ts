/**
 * CIS AWS Foundations Benchmark v3.0.0 items this baseline aims to cover
 * (docs/sources.md). Titles are shortened paraphrases; the benchmark is the authority.
 */
export const CIS_ITEMS = [
  { id: '1.2', title: 'Security contact information is registered' },
  { id: '1.4', title: 'No root user access key exists' },
  { id: '1.5', title: 'MFA is enabled for the root user' },
  { id: '1.7', title: 'Use of the root user is eliminated' },
  { id: '1.8', title: 'Password policy requires at least 14 characters' },
  { id: '1.9', title: 'Password policy prevents reuse' },
  { id: '1.10', title: 'MFA is enabled for every IAM user with a console password' },
  { id: '1.12', title: 'Credentials unused for 45 days or more are disabled' },
  { id: '1.14', title: 'Access keys are rotated every 90 days or less' },
  { id: '1.20', title: 'IAM Access Analyzer is enabled in all regions' },
  { id: '2.1.4', title: 'S3 Block Public Access is enabled' },
  { id: '2.2.1', title: 'EBS default encryption is enabled in all regions' },
  { id: '3.1', title: 'CloudTrail is enabled in all regions' },
  { id: '3.2', title: 'CloudTrail log file validation is enabled' },
  { id: '3.3', title: 'AWS Config is enabled in all regions' },
  { id: '3.4', title: 'Server access logging is enabled on the CloudTrail bucket' },
  { id: '3.5', title: 'CloudTrail logs are encrypted with a customer-managed KMS key' },
  { id: '3.6', title: 'Rotation is enabled for customer-managed KMS keys' },
  { id: '4.2', title: 'Console sign-in without MFA is monitored' },
  { id: '4.3', title: 'Use of the root user is monitored' },
  { id: '4.5', title: 'CloudTrail configuration changes are monitored' },
  { id: '4.7', title: 'Disabling or scheduled deletion of customer-managed keys is monitored' },
  { id: '4.9', title: 'AWS Config configuration changes are monitored' },
  { id: '4.16', title: 'AWS Security Hub is enabled' },
  { id: '5.6', title: 'EC2 instances require IMDSv2' },
] as const;

export type CisItemId = (typeof CIS_ITEMS)[number]['id'];

/** What one control does for one CIS item. */
export interface CisCoverage {
  readonly item: CisItemId;
  /** `partial` when the control alone does not satisfy the item. */
  readonly extent: 'full' | 'partial';
  readonly how: string;
}
