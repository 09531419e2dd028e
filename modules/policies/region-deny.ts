import { ConditionBlock, PolicyDocument, PolicyStatement, policyDocument } from './policy-document';

/**
 * Actions that the region deny never denies, because they are global (served from us-east-1 or
 * from no region at all) or because denying them would lock the owner out of the bill, support
 * or their own account. The one list the SCP and the standalone IAM policy both use.
 *
 * Sources:
 * - AWS Organizations user guide, example SCP "Deny access to AWS based on the requested AWS
 *   Region": all 42 entries, unchanged (docs/sources.md).
 * - AWS Control Tower's region deny control (GRREGIONDENY): the billing and account entries it
 *   adds (account, billing, consolidatedbilling, freetier, invoicing, payments, tax,
 *   savingsplans), sign-in through IAM Identity Center (sso), support plans and the support app,
 *   user notifications, and ecr-public (served from us-east-1 only).
 *
 * Differences from Control Tower, on purpose: its other additions are regional services
 * (access-analyzer, compute-optimizer, resource-explorer-2, ...) that the baseline runs through
 * service-linked roles, which SCPs do not restrict; denying them elsewhere costs the owner nothing.
 */
export const GLOBAL_SERVICE_ACTIONS = [
  // AWS Organizations user guide example (42).
  'a4b:*',
  'acm:*',
  'aws-marketplace-management:*',
  'aws-marketplace:*',
  'aws-portal:*',
  'budgets:*',
  'ce:*',
  'chime:*',
  'cloudfront:*',
  'config:*',
  'cur:*',
  'directconnect:*',
  'ec2:DescribeRegions',
  'ec2:DescribeTransitGateways',
  'ec2:DescribeVpnGateways',
  'fms:*',
  'globalaccelerator:*',
  'health:*',
  'iam:*',
  'importexport:*',
  'kms:*',
  'mobileanalytics:*',
  'networkmanager:*',
  'organizations:*',
  'pricing:*',
  'route53:*',
  'route53domains:*',
  'route53-recovery-cluster:*',
  'route53-recovery-control-config:*',
  'route53-recovery-readiness:*',
  's3:GetAccountPublic*',
  's3:ListAllMyBuckets',
  's3:ListMultiRegionAccessPoints',
  's3:PutAccountPublic*',
  'shield:*',
  'sts:*',
  'support:*',
  'trustedadvisor:*',
  'waf-regional:*',
  'waf:*',
  'wafv2:*',
  'wellarchitected:*',
  // From Control Tower's list: the bill, the account, sign-in, support, notifications.
  'account:*',
  'billing:*',
  'consolidatedbilling:*',
  'ecr-public:*',
  'freetier:*',
  'invoicing:*',
  'notifications:*',
  'notifications-contacts:*',
  'payments:*',
  'savingsplans:*',
  'sso:*',
  'supportapp:*',
  'supportplans:*',
  'tax:*',
] as const;

/** Enabling an opt-in region opens a new place to hide; disabling one can hide what runs there. */
export const REGION_OPT_IN_ACTIONS = ['account:DisableRegion', 'account:EnableRegion'] as const;

/**
 * AWS's region-deny shape: deny everything but the global services when the request is for a
 * region outside `allowedRegions`, and deny enabling or disabling regions. As an SCP, the
 * exempt roles (break-glass, the deployment role, the baseline's own service roles) are left
 * out with `ArnNotLike aws:PrincipalARN`; as an IAM policy on a group it needs no exemption.
 */
export function regionDenyPolicy(props: { allowedRegions: readonly string[]; exemptRoleArns?: readonly string[] }): PolicyDocument {
  if (props.allowedRegions.length === 0) throw new Error('regionDenyPolicy: allowedRegions must not be empty; the account could do nothing');
  const exempt = [...new Set(props.exemptRoleArns ?? [])].sort();
  const unlessExempt: ConditionBlock = exempt.length > 0 ? { ArnNotLike: { 'aws:PrincipalARN': exempt } } : {};
  const statements: PolicyStatement[] = [
    {
      Sid: 'DenyOutsideAllowedRegions',
      Effect: 'Deny',
      NotAction: GLOBAL_SERVICE_ACTIONS,
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': [...props.allowedRegions] }, ...unlessExempt },
    },
    {
      Sid: 'DenyRegionOptInChanges',
      Effect: 'Deny',
      Action: REGION_OPT_IN_ACTIONS,
      Resource: '*',
      ...(exempt.length > 0 ? { Condition: unlessExempt } : {}),
    },
  ];
  return policyDocument(...statements);
}
