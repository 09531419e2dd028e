import { z } from 'zod';
import { wholeNumber } from '../../core/config-primitives';

/** What IAM accepts and CIS asks for: length 14 (CIS 1.8) to 128, expiry 1 to 1095 days. */
export const PASSWORD_POLICY_LIMITS = {
  minimumLength: { min: 14, max: 128 },
  maxAgeDays: { min: 1, max: 1095 },
} as const;

/** The password policy applied unless the configuration asks for stronger. */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicySettings = { minimumLength: 14, maxAgeDays: 90 };

export interface PasswordPolicySettings {
  /** At least 14 (CIS 1.8). */
  readonly minimumLength: number;
  /** Days before a password must be changed. */
  readonly maxAgeDays: number;
}

const { minimumLength: LENGTH, maxAgeDays: AGE } = PASSWORD_POLICY_LIMITS;

/** The configuration file's `iam.passwordPolicy`. */
export const passwordPolicySettingsSchema = z
  .strictObject({
    minimumLength: wholeNumber('characters')
      .min(LENGTH.min, { error: `must be at least ${LENGTH.min} (CIS 1.8)` })
      .max(LENGTH.max, { error: `must be at most ${LENGTH.max} (IAM limit)` })
      .optional()
      .meta({ description: 'At least 14 (CIS 1.8).', default: 14 }),
    maxAgeDays: wholeNumber('days')
      .min(AGE.min, { error: `must be between ${AGE.min} and ${AGE.max} days (IAM limit)` })
      .max(AGE.max, { error: `must be between ${AGE.min} and ${AGE.max} days (IAM limit)` })
      .optional()
      .meta({ description: 'Days before a password must be changed; the user changes it at the next sign-in.', default: 90 }),
  });
