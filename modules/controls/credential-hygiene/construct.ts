import { Construct } from 'constructs';
import type { AlertsHub } from '../../core/alerts-hub';
import type { RegionalProviders } from '../../core/regional-providers';
import type { ConfigRecorder } from '../config-recorder';
import { ManagedConfigRules } from '../config-rules';

/** CIS 1.12: credentials unused this long should be disabled. */
export const MAX_UNUSED_CREDENTIAL_DAYS = 45;
/** CIS 1.14: access keys should be rotated at least this often. */
export const MAX_ACCESS_KEY_AGE_DAYS = 90;

/** The Config rules for IAM users' credentials. */
export interface CredentialHygieneProps {
  /** The account's regional providers: one AWS provider per enabled region, locked to the account, and the home region. */
  readonly regions: RegionalProviders;
  /** The alerts hub that turns this control's events into e-mails. */
  readonly alerts: AlertsHub;
  /** The AWS Config recorder; the rules are created once it records. */
  readonly recorder: ConfigRecorder;
}

/**
 * Config rules that find the credentials most likely to leak unnoticed: console users without
 * MFA, passwords and keys nobody has used for 45 days, and access keys older than 90 days.
 * They alert; disabling or rotating is left to a person.
 */
export class CredentialHygiene extends Construct {
  constructor(scope: Construct, id: string, props: CredentialHygieneProps) {
    super(scope, id);
    new ManagedConfigRules(this, 'config-rules', {
      ...props,
      alertName: 'credential-hygiene-non-compliant',
      rules: [
        {
          id: 'console-users-mfa',
          identifier: 'MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS',
          description: 'NON_COMPLIANT when an IAM user with a console password has no MFA (CIS 1.10)',
        },
        {
          id: 'users-mfa',
          identifier: 'IAM_USER_MFA_ENABLED',
          description: 'NON_COMPLIANT when any IAM user, with or without a console password, has no MFA device',
        },
        {
          id: 'users-in-groups',
          identifier: 'IAM_USER_GROUP_MEMBERSHIP_CHECK',
          description: 'NON_COMPLIANT when an IAM user belongs to no group (the baseline\'s policies bind people through groups)',
        },
        {
          id: 'unused-credentials',
          identifier: 'IAM_USER_UNUSED_CREDENTIALS_CHECK',
          description: `NON_COMPLIANT when an IAM user's password or access key is unused for ${MAX_UNUSED_CREDENTIAL_DAYS} days (CIS 1.12)`,
          parameters: { maxCredentialUsageAge: String(MAX_UNUSED_CREDENTIAL_DAYS) },
        },
        {
          id: 'access-keys-rotated',
          identifier: 'ACCESS_KEYS_ROTATED',
          description: `NON_COMPLIANT when an active access key is older than ${MAX_ACCESS_KEY_AGE_DAYS} days (CIS 1.14)`,
          parameters: { maxAccessKeyAge: String(MAX_ACCESS_KEY_AGE_DAYS) },
        },
      ],
    });
  }
}
