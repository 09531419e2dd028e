import { PolicyDocument, PolicyStatement, policyDocument } from './policy-document';

/**
 * What the protective SCP denies: leaving the organisation, and switching off or blinding the
 * baseline's detective controls. Each group follows AWS's published protective SCP examples
 * (../shared/REFERENCE.md), plus the quieter ways to blind a control: GuardDuty filters and
 * Access Analyzer archive rules that auto-archive findings, and rewriting the alert rules.
 */
export const PROTECTED_ACTIONS = {
  organization: ['organizations:LeaveOrganization'],
  guardDuty: [
    'guardduty:CreateFilter',
    'guardduty:DeleteDetector',
    'guardduty:DeleteMembers',
    'guardduty:DeletePublishingDestination',
    'guardduty:DisassociateFromAdministratorAccount',
    'guardduty:DisassociateFromMasterAccount',
    'guardduty:DisassociateMembers',
    'guardduty:StopMonitoringMembers',
    'guardduty:UpdateDetector',
    'guardduty:UpdateFilter',
    'guardduty:UpdateOrganizationConfiguration',
  ],
  inspector: ['inspector2:Disable', 'inspector2:DisassociateMember', 'inspector2:UpdateOrganizationConfiguration'],
  auditTrail: ['cloudtrail:DeleteTrail', 'cloudtrail:PutEventSelectors', 'cloudtrail:StopLogging', 'cloudtrail:UpdateTrail'],
  configRecorder: [
    'config:DeleteConfigurationAggregator',
    'config:DeleteConfigurationRecorder',
    'config:DeleteDeliveryChannel',
    'config:PutConfigurationRecorder',
    'config:PutDeliveryChannel',
    'config:StopConfigurationRecorder',
  ],
  accessAnalyzer: ['access-analyzer:CreateArchiveRule', 'access-analyzer:DeleteAnalyzer', 'access-analyzer:UpdateArchiveRule'],
  securityHub: [
    'securityhub:BatchDisableStandards',
    'securityhub:DisableSecurityHub',
    'securityhub:DisassociateFromAdministratorAccount',
    'securityhub:DisassociateFromMasterAccount',
  ],
  // Not sns:Unsubscribe: IAM authorizes it without a resource, so it cannot be limited to the alert topic.
  alertTopic: ['sns:DeleteTopic', 'sns:RemovePermission', 'sns:SetTopicAttributes'],
  alertRules: ['events:DeleteRule', 'events:DisableRule', 'events:PutRule', 'events:PutTargets', 'events:RemoveTargets'],
  evidence: [
    's3:DeleteBucket',
    's3:DeleteBucketPolicy',
    's3:DeleteObjectVersion',
    's3:PutBucketPolicy',
    's3:PutBucketVersioning',
    's3:PutLifecycleConfiguration',
  ],
} as const;

/**
 * The protective SCP. Baseline resources are named by their fixed names where the service has
 * resource ARNs (the trail, the alert topic, the alert rules); GuardDuty,
 * Inspector, Config, Access Analyzer and Security Hub act per account and region, so their
 * statements cover the action everywhere. The deployment and break-glass roles are exempt.
 */
export function protectiveScp(props: {
  exemptRoleArns: readonly string[];
  trailName: string;
  topicName: string;
  /** Prefix of the baseline's EventBridge rule names. */
  rulePrefix: string;
  /** Prefix of the baseline's evidence bucket names. */
  bucketPrefix: string;
}): PolicyDocument {
  const exempt = [...new Set(props.exemptRoleArns)].sort();
  const unlessExempt = exempt.length > 0 ? { Condition: { ArnNotLike: { 'aws:PrincipalARN': exempt } } } : {};
  const deny = (Sid: string, Action: readonly string[], Resource: string | readonly string[] = '*'): PolicyStatement => ({ Sid, Effect: 'Deny', Action, Resource, ...unlessExempt });
  // Account-wide actions share one statement: each statement repeats the exemption, and the SCP must fit 5,120 characters.
  return policyDocument(
    deny('DenyLeavingOrDisablingTheBaseline', [
      ...PROTECTED_ACTIONS.organization,
      ...PROTECTED_ACTIONS.guardDuty,
      ...PROTECTED_ACTIONS.inspector,
      ...PROTECTED_ACTIONS.configRecorder,
      ...PROTECTED_ACTIONS.accessAnalyzer,
      ...PROTECTED_ACTIONS.securityHub,
    ]),
    deny('ProtectBaselineTrail', PROTECTED_ACTIONS.auditTrail, `arn:aws:cloudtrail:*:*:trail/${props.trailName}`),
    deny('ProtectAlertTopic', PROTECTED_ACTIONS.alertTopic, `arn:aws:sns:*:*:${props.topicName}`),
    deny('ProtectAlertRules', PROTECTED_ACTIONS.alertRules, `arn:aws:events:*:*:rule/${props.rulePrefix}*`),
    deny('ProtectEvidence', PROTECTED_ACTIONS.evidence, [`arn:aws:s3:::${props.bucketPrefix}*`, `arn:aws:s3:::${props.bucketPrefix}*/*`]),
  );
}
