import type { CisCoverage } from './cis';

/**
 * What each switchable control is, as plain data: the config schema reads the ids, the
 * synth summary and README read the rest. Construct code lives in one file per control.
 */

export const CONTROL_IDS = [
  'auditTrail',
  'configRecorder',
  'accountDefaults',
  'securityContacts',
  'accessAnalyzer',
  'securityHub',
  'rootCredentials',
  'mfaEnforcement',
  'passwordPolicy',
  'credentialHygiene',
  'guardDuty',
  'inspector',
  'costBudget',
  'costAnomalyDetection',
  'regionDeny',
  'baselineProtection',
  'tamperAlerts',
  'unusedRegionAlerts',
  'containment',
] as const;
export type ControlId = (typeof CONTROL_IDS)[number];

/**
 * Shared pieces of a baseline that are not switchable controls: the alert topic every control
 * reports to, the evidence bucket and key the audit controls deliver to, (organization stack
 * only) the organisation itself with its trusted access and policy types, and (when configured)
 * the read-only drift role.
 */
export const CORE_COMPONENTS = ['alerts', 'evidence', 'organization', 'driftRole'] as const;
/**
 * What offboarding (npm run offboard) leaves in the account, unmanaged: the evidence (log
 * buckets, with every protection on them, and their key) and the organisation itself. Every
 * resource that carries prevent_destroy belongs to one of these.
 */
export const KEPT_ON_OFFBOARDING = ['evidence', 'organization'] as const;
/** The core components of an account's own stack. */
export const ACCOUNT_CORE_COMPONENTS = ['alerts', 'evidence'] as const;

/** Which mode an account's stack runs in. */
export type AccountMode = 'standalone' | 'organization-member' | 'organization-management';

export interface ControlDefinition {
  readonly id: ControlId;
  /** One line, for summaries. */
  readonly title: string;
  /** Which attack step of docs/threat-model.md it answers. */
  readonly why: string;
  /** Whether the control is on when neither config nor props say otherwise. */
  readonly enabledByDefault: boolean;
  /** The CIS AWS Foundations items it covers, for `npm run controls`. */
  readonly cis: readonly CisCoverage[];
  /**
   * Service principal whose administration the organization stack delegates to the security
   * account while this control is on there.
   * @default - the control delegates nothing
   */
  readonly delegatedAdministratorService?: string;
  /**
   * Controls this one cannot work without in the same account (e.g. AWS Config rules need the
   * recorder). The configuration is rejected when one is on and a requirement is off.
   * @default - none
   */
  readonly requires?: readonly ControlId[];
  /**
   * The control lives only in the organization stack (an SCP); account stacks declare nothing for it.
   * @default false
   */
  readonly organizationOnly?: boolean;
}

export const CONTROLS: Readonly<Record<ControlId, ControlDefinition>> = {
  auditTrail: {
    id: 'auditTrail',
    title: 'Multi-region CloudTrail (an organisation trail in organisation mode), KMS-encrypted, validated, in a protected bucket',
    why: 'In incident B, CloudTrail showed where the attacker came from; the evidence must outlive the attacker and terraform destroy.',
    enabledByDefault: true,
    cis: [
      { item: '3.1', extent: 'full', how: 'multi-region trail with global service events (organisation trail in organisation mode)' },
      { item: '3.2', extent: 'full', how: 'log file validation on' },
      { item: '3.4', extent: 'full', how: 'server access logging of the log bucket into a second bucket' },
      { item: '3.5', extent: 'full', how: 'SSE-KMS with a customer-managed key' },
      { item: '3.6', extent: 'partial', how: "rotation on for the baseline's own keys; keys created outside the baseline are not governed" },
    ],
  },
  configRecorder: {
    id: 'configRecorder',
    title: 'AWS Config recording every resource type in every enabled region (aggregated in the security account)',
    why: 'Shows what an attacker created or changed, in every region, with its history.',
    enabledByDefault: true,
    cis: [{ item: '3.3', extent: 'full', how: 'a recorder of all supported resources, delivering and on, in every enabled region' }],
    delegatedAdministratorService: 'config.amazonaws.com',
  },
  accountDefaults: {
    id: 'accountDefaults',
    title: 'Safe account defaults: EBS encryption, IMDSv2, no public snapshots, AMIs or S3 buckets',
    why: 'Keeps data from being exposed by a default that an attacker or a hurried owner leaves in place.',
    enabledByDefault: true,
    cis: [
      { item: '2.1.4', extent: 'full', how: 'account-level S3 Block Public Access, all four settings' },
      { item: '2.2.1', extent: 'full', how: 'EBS encryption by default in every enabled region' },
      { item: '5.6', extent: 'partial', how: 'IMDSv2 required by default for new instances in every enabled region; existing instances are not changed' },
    ],
  },
  securityContacts: {
    id: 'securityContacts',
    title: 'Alternate contacts: SECURITY always, BILLING and OPERATIONS when configured',
    why: "AWS's compromise notice in incident A went to an address nobody read; the SECURITY contact is a monitored one.",
    enabledByDefault: true,
    cis: [{ item: '1.2', extent: 'full', how: 'SECURITY alternate contact from securityContact' }],
  },
  accessAnalyzer: {
    id: 'accessAnalyzer',
    title: 'IAM Access Analyzer in every enabled region (and an organisation analyzer in the security account)',
    why: 'Shows resources an attacker shared outside the account, such as a role trusting their own account.',
    enabledByDefault: true,
    cis: [{ item: '1.20', extent: 'full', how: 'an account analyzer in every enabled region' }],
    delegatedAdministratorService: 'access-analyzer.amazonaws.com',
  },
  securityHub: {
    id: 'securityHub',
    title: 'AWS Security Hub with the CIS v3.0.0 and Foundational Best Practices standards, findings aggregated in the home region',
    why: 'One place that scores the account against CIS and AWS best practice. Off by default: it is billed per check in every region, which can exceed the whole budget of a small account.',
    enabledByDefault: false,
    cis: [{ item: '4.16', extent: 'full', how: 'Security Hub on in every enabled region, with CIS v3.0.0 and FSBP' }],
  },
  rootCredentials: {
    id: 'rootCredentials',
    title:
      'Root user: alerts on any root activity from every region, Config rules for root access keys and root MFA; in an organisation, centralised root access and an SCP that denies member root users',
    why: 'Incident A began with a forgotten root access key. A leaked root key can do anything and cannot be limited by IAM; in an organisation an SCP can.',
    enabledByDefault: true,
    cis: [
      { item: '1.4', extent: 'full', how: 'Config rule iam-root-access-key-check; in organisation mode the SCP also denies creating root access keys' },
      { item: '1.5', extent: 'full', how: 'Config rule root-account-mfa-enabled' },
      {
        item: '1.7',
        extent: 'partial',
        how: 'every root action is alerted on; in organisation mode member root users are denied everything outside privileged root sessions (the management account root cannot be restricted)',
      },
      { item: '4.3', extent: 'full', how: 'EventBridge route from every enabled region (sign-in and API calls, us-east-1 included) to the alert topic' },
    ],
    requires: ['configRecorder'],
  },
  mfaEnforcement: {
    id: 'mfaEnforcement',
    title: 'MFA required for human IAM users (AWS\'s self-service MFA policy on a baseline group and chosen groups); alert on console sign-in without MFA',
    why: 'Incident B began with an account that had no MFA: a guessed or phished password was enough.',
    enabledByDefault: true,
    cis: [
      { item: '1.10', extent: 'partial', how: 'members of the baseline group and of iam.mfaRequiredGroups can do nothing but set up MFA until they sign in with it' },
      { item: '4.2', extent: 'full', how: 'EventBridge route from every enabled region for IAM-user console sign-ins without MFA' },
    ],
  },
  passwordPolicy: {
    id: 'passwordPolicy',
    title: 'IAM password policy at CIS level or stronger, checked by the Config rule iam-password-policy',
    why: 'Long, unique passwords make the guessed password of incident B much harder to guess.',
    enabledByDefault: true,
    cis: [
      { item: '1.8', extent: 'full', how: 'minimum length 14 or more (iam.passwordPolicy.minimumLength)' },
      { item: '1.9', extent: 'full', how: 'the last 24 passwords cannot be reused' },
    ],
    requires: ['configRecorder'],
  },
  credentialHygiene: {
    id: 'credentialHygiene',
    title: 'Config rules for console users without MFA, credentials unused for 45 days and access keys older than 90 days, alerting when broken',
    why: "Forgotten credentials are the ones that leak: incident A's root key had been lying around unused.",
    enabledByDefault: true,
    cis: [
      { item: '1.10', extent: 'partial', how: 'Config rule mfa-enabled-for-iam-console-access flags every console user without MFA (it reports; it does not enforce)' },
      { item: '1.12', extent: 'partial', how: 'Config rule iam-user-unused-credentials-check (45 days) alerts; disabling the credentials is left to a person' },
      { item: '1.14', extent: 'partial', how: 'Config rule access-keys-rotated (90 days) alerts; rotating is left to a person' },
    ],
    requires: ['configRecorder'],
  },
  guardDuty: {
    id: 'guardDuty',
    title:
      'GuardDuty in every enabled region with its protection plans, findings from every region e-mailed (medium and above, and always crypto-mining and root-credential findings)',
    why: 'In incident A the attacker ran instances in nine regions the owner never used; a detector in the home region alone would have seen nothing.',
    enabledByDefault: true,
    cis: [],
  },
  inspector: {
    id: 'inspector',
    title: 'Amazon Inspector scanning EC2, ECR images and Lambda functions (and their code) in the allowed regions',
    why: 'AWS asked the owner of incident B to enable Inspector before it would consider a refund: vulnerable workloads are the next way in.',
    enabledByDefault: true,
    cis: [],
  },
  costBudget: {
    id: 'costBudget',
    title:
      'Monthly cost budget per account: e-mail and alert-topic notifications at 50, 80 and 100 % of actual and 100 % of forecast spend; optional circuit breaker that denies compute launches',
    why: 'Both incidents were discovered on the bill, days late ($2,798.86 and $1,346). A budget turns spend into an alarm, and the opt-in breaker into a brake.',
    enabledByDefault: true,
    cis: [],
  },
  costAnomalyDetection: {
    id: 'costAnomalyDetection',
    title:
      'Cost Anomaly Detection: an AWS services monitor per account (the management account\'s sees the whole organisation), immediate alerts to the alert topic and a daily e-mail digest',
    why: 'Crypto-mining in unused regions is a spend anomaly long before it reaches a monthly budget; the alert comes within a day of the usage.',
    enabledByDefault: true,
    cis: [],
  },
  regionDeny: {
    id: 'regionDeny',
    title:
      'Region deny: nothing but global services outside the allowed regions, and no enabling or disabling of regions; an SCP in an organisation (root users included), an IAM policy on the groups of people otherwise',
    why: 'In incident A one leaked key launched instances in nine regions the owner never used; in an organisation an SCP makes that impossible, even for a member root user.',
    enabledByDefault: true,
    cis: [],
  },
  baselineProtection: {
    id: 'baselineProtection',
    title:
      'Protective SCP (organisation): no leaving the organisation, no switching off or blinding GuardDuty, Inspector, the baseline trail, Config, Access Analyzer, Security Hub or the alerts',
    why: 'An attacker who owns an account switches off the detectors first; the protective SCP keeps them on whatever the member account\'s own administrators do.',
    enabledByDefault: true,
    organizationOnly: true,
    cis: [],
  },
  tamperAlerts: {
    id: 'tamperAlerts',
    title:
      'Tamper alerts from every enabled region: trail, Config, detectors, alert rules, subscriptions, keys, alarms, contacts, regions, new users, keys, passwords and MFA devices, the baseline\'s policies, groups and exempt roles; an alarm when an alert cannot be delivered',
    why: 'An intruder with administrator keys switches off what would catch them first; where no SCP applies (a standalone or management account) the alert is the only answer.',
    enabledByDefault: true,
    cis: [
      { item: '4.5', extent: 'partial', how: 'trail stopped, deleted, updated or its selectors changed, alerted through EventBridge (CIS asks for a metric filter and alarm)' },
      { item: '4.7', extent: 'partial', how: 'any key of the account disabled or scheduled for deletion, alerted through EventBridge' },
      { item: '4.9', extent: 'partial', how: 'Config recorder stopped or deleted, delivery channel or rules deleted, alerted through EventBridge' },
    ],
  },
  unusedRegionAlerts: {
    id: 'unusedRegionAlerts',
    title: 'Alert when anyone launches compute (every launch the spend circuit breaker stops: EC2, Auto Scaling, ECS, EKS, Lambda, SageMaker, Batch, EMR, Glue, CodeBuild, Lightsail, GameLift, WorkSpaces, Bedrock and more) in an enabled region outside the allowed ones',
    why: "In incident A a leaked key launched instances in nine regions the owner never used; whoever holds the key, the owner hears of it within minutes, not from the bill.",
    enabledByDefault: true,
    cis: [],
  },
  containment: {
    id: 'containment',
    title: 'Stop (never terminate) EC2 launched by root, outside the allowed regions, or named in crypto-mining and intrusion findings, within minutes',
    why: 'In both incidents the money was lost while instances ran for days; an alert nobody reads for four days saves nothing, a stopped instance does.',
    enabledByDefault: true,
    cis: [],
  },
};

/** Each control's switch: the account's own, else the top-level one, else the control's default. */
export function effectiveControls(
  topLevel?: Partial<Readonly<Record<ControlId, boolean>>>,
  own?: Partial<Readonly<Record<ControlId, boolean>>>,
): Record<ControlId, boolean> {
  return Object.fromEntries(CONTROL_IDS.map((id) => [id, own?.[id] ?? topLevel?.[id] ?? CONTROLS[id].enabledByDefault])) as Record<ControlId, boolean>;
}

/**
 * The control a construct path belongs to: the child of the stack's baseline construct
 * (`account-x/baseline/<control>/...`), e.g. `alerts` or `accountDefaults`.
 */
export function controlOfPath(path: string): string {
  const segments = path.split('/');
  const index = segments.indexOf('baseline');
  return index >= 0 && segments[index + 1] ? segments[index + 1] : '(outside the baseline)';
}
