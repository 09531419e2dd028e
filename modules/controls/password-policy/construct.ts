import { IamAccountPasswordPolicy } from '@cdktf/provider-aws/lib/iam-account-password-policy';
import { Construct } from 'constructs';
import type { PasswordPolicySettings } from './settings';
import { DEFAULT_PASSWORD_POLICY, PASSWORD_POLICY_LIMITS } from './settings';
import type { AlertsHub } from '../../core/alerts-hub';
import type { RegionalProviders } from '../../core/regional-providers';
import type { ConfigRecorder } from '../config-recorder';
import { ManagedConfigRules } from '../config-rules';

/** CIS 1.9: passwords cannot be reused within the last 24 (IAM's maximum). */
export const PASSWORD_REUSE_PREVENTION = 24;

/** The account password policy and the Config rule that checks it. */
export interface PasswordPolicyProps {
  /** The account's regional providers: one AWS provider per enabled region, locked to the account, and the home region. */
  readonly regions: RegionalProviders;
  /** The alerts hub that turns this control's events into e-mails. */
  readonly alerts: AlertsHub;
  /** The AWS Config recorder; the rules are created once it records. */
  readonly recorder: ConfigRecorder;
  /**
   * Length and expiry; every character class is always required.
   * @default - 14 characters, expiring after 90 days
   */
  readonly policy?: Partial<PasswordPolicySettings>;
}

/**
 * The account's IAM password policy at CIS level or stronger, and the Config rule that checks
 * it with the same numbers, so a change made outside Terraform raises an alert. An expired
 * password is changed at the next sign-in (no hard expiry), so nobody is locked out by it.
 */
export class PasswordPolicy extends Construct {
  readonly settings: PasswordPolicySettings;

  constructor(scope: Construct, id: string, props: PasswordPolicyProps) {
    super(scope, id);
    const settings = { ...DEFAULT_PASSWORD_POLICY, ...props.policy };
    for (const field of ['minimumLength', 'maxAgeDays'] as const) {
      const { min, max } = PASSWORD_POLICY_LIMITS[field];
      const value = settings[field];
      if (!Number.isInteger(value) || value < min || value > max) {
        throw new Error(`PasswordPolicy: ${field} must be a whole number from ${min} to ${max}, not ${value}`);
      }
    }
    this.settings = settings;
    new IamAccountPasswordPolicy(this, 'policy', {
      provider: props.regions.home,
      minimumPasswordLength: settings.minimumLength,
      passwordReusePrevention: PASSWORD_REUSE_PREVENTION,
      requireLowercaseCharacters: true,
      requireUppercaseCharacters: true,
      requireNumbers: true,
      requireSymbols: true,
      allowUsersToChangePassword: true,
      maxPasswordAge: settings.maxAgeDays,
      hardExpiry: false,
    });
    new ManagedConfigRules(this, 'config-rules', {
      regions: props.regions,
      recorder: props.recorder,
      alerts: props.alerts,
      alertName: 'password-policy-non-compliant',
      rules: [
        {
          id: 'password-policy',
          identifier: 'IAM_PASSWORD_POLICY',
          description: 'NON_COMPLIANT when the account password policy is weaker than the baseline (CIS 1.8, 1.9)',
          parameters: {
            RequireUppercaseCharacters: 'true',
            RequireLowercaseCharacters: 'true',
            RequireSymbols: 'true',
            RequireNumbers: 'true',
            MinimumPasswordLength: String(settings.minimumLength),
            PasswordReusePrevention: String(PASSWORD_REUSE_PREVENTION),
            MaxPasswordAge: String(settings.maxAgeDays),
          },
        },
      ],
    });
  }
}
