import type { CisCoverage } from './cis';

/**
 * What each switchable control is, as plain data: the config schema reads the ids, the
 * synth summary and README read the rest. Construct code lives in one file per control.
 */

export const CONTROL_IDS = ['auditTrail', 'configRecorder', 'accountDefaults', 'securityContacts', 'accessAnalyzer', 'securityHub'] as const;
export type ControlId = (typeof CONTROL_IDS)[number];

/**
 * Shared pieces of a baseline that are not switchable controls: the alert topic every control
 * reports to, and the evidence bucket and key the audit controls deliver to.
 */
export const CORE_COMPONENTS = ['alerts', 'evidence'] as const;

/** Which mode an account's stack runs in. */
export type AccountMode = 'standalone' | 'organization-member' | 'organization-management';

export interface ControlDefinition {
  readonly id: ControlId;
  /** One line, for summaries. */
  readonly title: string;
  /** Which attack step of ../shared/THREAT-MODEL.md it answers. */
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
};
