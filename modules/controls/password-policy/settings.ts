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
