import { ConfigError, parseConfig } from '../modules/config/load';
import { DEFAULT_CONFIG, resourcesOfType, synthesize, validConfigData } from './support/fixtures';

const stack = synthesize(DEFAULT_CONFIG).stack('account-personal');
const rulesOf = (synthesized: typeof stack, control: string) =>
  resourcesOfType(synthesized, 'aws_config_config_rule').filter((rule) => rule['//'].metadata.path.includes(`/${control}/`));

describe('passwordPolicy: CIS level or stronger, checked by AWS Config with the same numbers', () => {
  test('length 14, reuse 24, every character class, 90-day expiry without lock-out', () => {
    const [policy] = resourcesOfType(stack, 'aws_iam_account_password_policy');
    expect(policy).toMatchObject({
      minimum_password_length: 14,
      password_reuse_prevention: 24,
      require_lowercase_characters: true,
      require_uppercase_characters: true,
      require_numbers: true,
      require_symbols: true,
      allow_users_to_change_password: true,
      max_password_age: 90,
      hard_expiry: false,
    });
  });

  test('the iam-password-policy rule checks exactly what the policy sets', () => {
    const [rule] = rulesOf(stack, 'passwordPolicy');
    expect(rule.source).toEqual({ owner: 'AWS', source_identifier: 'IAM_PASSWORD_POLICY' });
    expect(JSON.parse(rule.input_parameters)).toEqual({
      RequireUppercaseCharacters: 'true',
      RequireLowercaseCharacters: 'true',
      RequireSymbols: 'true',
      RequireNumbers: 'true',
      MinimumPasswordLength: '14',
      PasswordReusePrevention: '24',
      MaxPasswordAge: '90',
    });
  });

  test('a stronger length and another expiry from config reach both the policy and the rule', () => {
    const config = validConfigData();
    config.iam.passwordPolicy = { minimumLength: 20, maxAgeDays: 365 };
    const synthesized = synthesize(config).stack('account-personal');
    expect(resourcesOfType(synthesized, 'aws_iam_account_password_policy')[0]).toMatchObject({ minimum_password_length: 20, max_password_age: 365 });
    expect(JSON.parse(rulesOf(synthesized, 'passwordPolicy')[0].input_parameters)).toMatchObject({ MinimumPasswordLength: '20', MaxPasswordAge: '365' });
  });

  test.each([
    [{ minimumLength: 12 }, 'iam.passwordPolicy.minimumLength = 12: must be at least 14 (CIS 1.8)'],
    [{ minimumLength: 200 }, 'iam.passwordPolicy.minimumLength = 200: must be at most 128 (IAM limit)'],
    [{ maxAgeDays: 0 }, 'iam.passwordPolicy.maxAgeDays = 0: must be between 1 and 1095 days (IAM limit)'],
  ])('a weaker or impossible policy %j is rejected: %s', (passwordPolicy, message) => {
    const config = validConfigData();
    config.iam.passwordPolicy = passwordPolicy;
    expect(() => parseConfig(config)).toThrow(ConfigError);
    expect(() => parseConfig(config)).toThrow(message);
  });
});

describe('credentialHygiene: Config rules for the credentials most likely to leak unnoticed', () => {
  test('console users without MFA, any user without MFA, users in no group, credentials unused for 45 days, access keys older than 90 days', () => {
    const rules = rulesOf(stack, 'credentialHygiene');
    expect(Object.fromEntries(rules.map((rule) => [rule.source.source_identifier, rule.input_parameters ? JSON.parse(rule.input_parameters) : null]))).toEqual({
      MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS: null,
      IAM_USER_MFA_ENABLED: null,
      IAM_USER_GROUP_MEMBERSHIP_CHECK: null,
      IAM_USER_UNUSED_CREDENTIALS_CHECK: { maxCredentialUsageAge: '45' },
      ACCESS_KEYS_ROTATED: { maxAccessKeyAge: '90' },
    });
  });

  test('every baseline Config rule runs once, in the home region, after the recorder is on there, and alerts when NON_COMPLIANT', () => {
    const rules = resourcesOfType(stack, 'aws_config_config_rule');
    expect(rules).toHaveLength(8);
    for (const rule of rules) {
      expect(rule.provider).toBe('aws.ap-northeast-1');
      expect(rule.maximum_execution_frequency).toBe('TwentyFour_Hours');
      expect(rule.depends_on).toEqual([expect.stringMatching(/aws_config_configuration_recorder_status\.baseline_configRecorder_ap-northeast-1_status_/)]);
    }
    const alerted = resourcesOfType(stack, 'aws_cloudwatch_event_rule')
      .filter((rule) => rule.name.endsWith('-non-compliant'))
      .flatMap((rule) => JSON.parse(rule.event_pattern).detail.configRuleName);
    expect(alerted.sort()).toEqual(rules.map((rule) => rule.name).sort());
  });
});

describe('controls that need the Config recorder', () => {
  test('switching configRecorder off while rule-based controls are on is rejected, naming the switch and what needs it', () => {
    const config = validConfigData();
    config.controls = { configRecorder: false };
    expect(() => parseConfig(config)).toThrow(
      'controls.configRecorder = false: is off, but rootCredentials, passwordPolicy, credentialHygiene are on in personal and need configRecorder (AWS Config rules only run where a recorder is on); switch configRecorder on, or switch rootCredentials, passwordPolicy, credentialHygiene off as well',
    );
  });

  test("an account's own switch is the one named", () => {
    const config = validConfigData();
    config.accounts[0].controls = { configRecorder: false, rootCredentials: false, credentialHygiene: false };
    expect(() => parseConfig(config)).toThrow(/accounts\[0\]\.controls\.configRecorder = false: is off, but passwordPolicy is on in personal and needs configRecorder/);
  });

  test('with those controls off as well, the configuration is valid and declares no Config rules', () => {
    const config = validConfigData();
    config.controls = { configRecorder: false, rootCredentials: false, passwordPolicy: false, credentialHygiene: false };
    const synthesized = synthesize(config).stack('account-personal');
    expect(resourcesOfType(synthesized, 'aws_config_config_rule')).toEqual([]);
  });
});
