import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ConfigError, configPath, DEFAULT_CONFIG_PATH, loadConfigFile, parseConfig } from '../modules/config/load';
import { resolveSettings } from '../modules/config/resolve';
import { configJsonSchema } from '../modules/config/schema';
import { DEFAULT_CONFIG, ORGANIZATION_EXAMPLE, configProblems, organizationConfigData, tempDir, validConfigData } from './support/fixtures';

type Config = Record<string, any>;

function problemsOf(data: unknown): ConfigError {
  try {
    parseConfig(data, 'test.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected the configuration to be rejected, but it was accepted');
}

describe('configuration: the shipped files are valid', () => {
  test('the embedded default is a standalone account homed in ap-northeast-1 with a budget and an example.com alert address', () => {
    const config = loadConfigFile(DEFAULT_CONFIG);
    expect(config.homeRegion).toBe('ap-northeast-1');
    expect(config.organization).toBeUndefined();
    expect(config.budget.monthlyLimitUsd).toBeGreaterThan(0);
    expect(config.alerts.emails.every((email) => email.endsWith('@example.com'))).toBe(true);
  });

  test('the organisation example has a management stack and at least three member accounts', () => {
    const settings = resolveSettings(loadConfigFile(ORGANIZATION_EXAMPLE));
    expect(settings.organization?.memberAccounts.length).toBeGreaterThanOrEqual(3);
  });

  test('BASELINE_CONFIG selects another file; without it the embedded default is used', () => {
    expect(configPath({})).toBe(DEFAULT_CONFIG_PATH);
    expect(configPath({ BASELINE_CONFIG: 'examples/organization.yaml' })).toBe(ORGANIZATION_EXAMPLE);
  });

  test('a JSON file with the same content is accepted', () => {
    const path = join(tempDir(), 'baseline.json');
    writeFileSync(path, JSON.stringify(validConfigData()));
    expect(loadConfigFile(path)).toEqual(loadConfigFile(DEFAULT_CONFIG));
  });

  test('the JSON Schema for editors forbids unknown keys and requires the core settings', () => {
    const schema = configJsonSchema() as { required: string[]; additionalProperties: boolean; properties: Record<string, unknown> };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['homeRegion', 'allowedRegions', 'alerts', 'securityContact', 'budget', 'accounts']));
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['organization', 'optInRegions', 'controls']));
  });
});

interface BadCase {
  readonly name: string;
  readonly mutate: (config: Config) => void;
  readonly path: string;
  /** The value the message must show, as JSON (or 'missing'). */
  readonly shows: string;
  /** What the message must say is allowed. */
  readonly says: RegExp;
  readonly base?: () => Config;
}

const BAD_CONFIGS: BadCase[] = [
  { name: 'a misspelt top-level key', mutate: (c) => { c.homeregion = 'ap-northeast-1'; }, path: 'homeregion', shows: '"ap-northeast-1"', says: /^is not a known setting; did you mean "homeRegion"\?$/ },
  { name: 'a home region that does not exist', mutate: (c) => { c.homeRegion = 'ap-northeast-9'; }, path: 'homeRegion', shows: '"ap-northeast-9"', says: /^is not an AWS region this baseline knows; did you mean "ap-northeast-\d"\?$/ },
  { name: 'a region that resembles none', mutate: (c) => { c.homeRegion = 'mars-1'; }, path: 'homeRegion', shows: '"mars-1"', says: /not an AWS region this baseline knows; known regions: us-east-1, .*mx-central-1$/ },
  { name: 'a key nothing resembles', mutate: (c) => { c.zzz = 1; }, path: 'zzz', shows: '1', says: /^is not a known setting; allowed here: homeRegion, allowedRegions/ },
  { name: 'a missing security contact', mutate: (c) => { delete c.securityContact; }, path: 'securityContact', shows: 'missing', says: /^is required: a mapping \{ name, title, email, phone \}: the person AWS writes to about this account$/ },
  { name: 'allowedRegions without the home region', mutate: (c) => { c.allowedRegions = ['us-east-1']; }, path: 'allowedRegions', shows: '["us-east-1"]', says: /must contain the home region "ap-northeast-1"/ },
  { name: 'an empty allowedRegions', mutate: (c) => { c.allowedRegions = []; }, path: 'allowedRegions', shows: '[]', says: /must list at least the home region/ },
  { name: 'an allowed region that does not exist', mutate: (c) => { c.allowedRegions.push('mars-north-1'); }, path: 'allowedRegions[2]', shows: '"mars-north-1"', says: /not an AWS region/ },
  { name: 'a default-enabled region listed as opt-in', mutate: (c) => { c.optInRegions = ['us-east-1']; }, path: 'optInRegions[0]', shows: '"us-east-1"', says: /enabled by default in every account/ },
  { name: 'an allowed opt-in region that is not enabled', mutate: (c) => { c.allowedRegions.push('af-south-1'); }, path: 'allowedRegions[2]', shows: '"af-south-1"', says: /opt-in region that is not listed in optInRegions/ },
  { name: 'an opt-in home region that is not enabled', mutate: (c) => { c.homeRegion = 'eu-south-2'; c.allowedRegions.push('eu-south-2'); }, path: 'homeRegion', shows: '"eu-south-2"', says: /opt-in region that is not listed in optInRegions/ },
  { name: 'no alert addresses', mutate: (c) => { c.alerts.emails = []; }, path: 'alerts.emails', shows: '[]', says: /at least one e-mail address/ },
  { name: 'an alert address that is not an e-mail', mutate: (c) => { c.alerts.emails = ['security team']; }, path: 'alerts.emails[0]', shows: '"security team"', says: /must be an e-mail address/ },
  { name: 'more alert addresses than a budget accepts', mutate: (c) => { c.alerts.emails = Array.from({ length: 11 }, (_, i) => `a${i}@example.com`); }, path: 'alerts.emails', shows: '["a0@example.com"', says: /at most 10 addresses \(AWS Budgets/ },
  { name: 'a duplicated alert address', mutate: (c) => { c.alerts.emails = ['a@example.com', 'a@example.com']; }, path: 'alerts.emails[1]', shows: '"a@example.com"', says: /duplicate of alerts.emails\[0\]/ },
  { name: 'a security contact phone with letters', mutate: (c) => { c.securityContact.phone = 'call me'; }, path: 'securityContact.phone', shows: '"call me"', says: /phone number of at most 25 characters/ },
  { name: 'a billing contact with a malformed e-mail', mutate: (c) => { c.billingContact = { ...c.securityContact, email: 'finance@' }; }, path: 'billingContact.email', shows: '"finance@"', says: /must be an e-mail address/ },
  { name: 'a security contact without e-mail', mutate: (c) => { delete c.securityContact.email; }, path: 'securityContact.email', shows: 'missing', says: /must be an e-mail address/ },
  { name: 'a negative monthly budget', mutate: (c) => { c.budget.monthlyLimitUsd = -5; }, path: 'budget.monthlyLimitUsd', shows: '-5', says: /positive number of US dollars/ },
  { name: 'an anomaly threshold written as words', mutate: (c) => { c.budget.anomalyThresholdUsd = 'ten'; }, path: 'budget.anomalyThresholdUsd', shows: '"ten"', says: /positive number of US dollars/ },
  { name: 'a budget with fractions of a cent', mutate: (c) => { c.budget.monthlyLimitUsd = 10.005; }, path: 'budget.monthlyLimitUsd', shows: '10.005', says: /at most two decimal places/ },
  { name: 'no accounts', mutate: (c) => { c.accounts = []; }, path: 'accounts', shows: '[]', says: /at least one account/ },
  { name: 'an account ID written as a YAML number', mutate: (c) => { c.accounts[0].accountId = 12345678901; }, path: 'accounts[0].accountId', shows: '12345678901', says: /12-digit AWS account ID written as a quoted string/ },
  { name: 'an account ID with 11 digits', mutate: (c) => { c.accounts[0].accountId = '11112222333'; }, path: 'accounts[0].accountId', shows: '"11112222333"', says: /12-digit AWS account ID/ },
  { name: 'two accounts with the same name', mutate: (c) => { c.accounts.push({ name: 'personal', accountId: '444455556666' }); }, path: 'accounts[1].name', shows: '"personal"', says: /duplicate of accounts\[0\]\.name/ },
  { name: 'two accounts with the same ID', mutate: (c) => { c.accounts.push({ name: 'other', accountId: '111122223333' }); }, path: 'accounts[1].accountId', shows: '"111122223333"', says: /duplicate of accounts\[0\]\.accountId/ },
  { name: 'an account name that cannot be a stack name', mutate: (c) => { c.accounts[0].name = 'Personal Account'; }, path: 'accounts[0].name', shows: '"Personal Account"', says: /lower-case letters, digits and hyphens/ },
  { name: 'a misspelt account key', mutate: (c) => { c.accounts[0].acountId = '111122223333'; }, path: 'accounts[0].acountId', shows: '"111122223333"', says: /did you mean "accountId"\?/ },
  { name: 'an assume-role ARN in another account', mutate: (c) => { c.accounts[0].assumeRoleArn = 'arn:aws:iam::999988887777:role/Deployer'; }, path: 'accounts[0].assumeRoleArn', shows: '"arn:aws:iam::999988887777:role/Deployer"', says: /must be a role in the account itself \(111122223333\)/ },
  { name: 'an account allowedRegions override without the home region', mutate: (c) => { c.accounts[0].allowedRegions = ['us-west-2']; }, path: 'accounts[0].allowedRegions', shows: '["us-west-2"]', says: /must contain the home region/ },
  { name: 'an unknown control switch', mutate: (c) => { c.controls = { guardduty: true }; }, path: 'controls.guardduty', shows: 'true', says: /^is not a known setting; did you mean "guardDuty"\?$/ },
  { name: 'a control switch that is not a boolean', mutate: (c) => { c.controls = { accountDefaults: 'yes' }; }, path: 'controls.accountDefaults', shows: '"yes"', says: /must be true or false/ },
  { name: 'an S3 state bucket name with capitals', mutate: (c) => { c.state = { s3: { bucket: 'My_State', region: 'ap-northeast-1' } }; }, path: 'state.s3.bucket', shows: '"My_State"', says: /S3 bucket name/ },
  { name: 'the management account as security account', base: organizationConfigData, mutate: (c) => { c.organization.securityAccountId = c.organization.managementAccountId; }, path: 'organization.securityAccountId', shows: '"100000000001"', says: /must be a member account, not the management account/ },
  { name: 'a security account without a stack', base: organizationConfigData, mutate: (c) => { c.organization.securityAccountId = '100000000099'; }, path: 'organization.securityAccountId', shows: '"100000000099"', says: /must be one of accounts\[\]\.accountId/ },
  { name: 'a circuit breaker at 0 percent', mutate: (c) => { c.budget.stopLaunchesAtPercent = 0; }, path: 'budget.stopLaunchesAtPercent', shows: '0', says: /whole percentage of the monthly budget from 1 to 1000/ },
  { name: 'a circuit breaker at a fractional percentage', mutate: (c) => { c.budget.stopLaunchesAtPercent = 12.5; }, path: 'budget.stopLaunchesAtPercent', shows: '12.5', says: /whole number of percent/ },
  { name: 'a breaker role given as an ARN', mutate: (c) => { c.budget.stopLaunchesForRoles = ['arn:aws:iam::111122223333:role/ci']; }, path: 'budget.stopLaunchesForRoles[0]', shows: '"arn:aws:iam::111122223333:role/ci"', says: /IAM role name \(not an ARN\)/ },
  { name: 'a circuit breaker while the budget is switched off', mutate: (c) => { c.controls = { costBudget: false }; }, path: 'budget.stopLaunchesAtPercent', shows: '200', says: /costBudget control is off there; switch costBudget on, or remove stopLaunchesAtPercent/ },
  { name: 'a circuit breaker that would stop nobody', mutate: (c) => { c.controls = { mfaEnforcement: false }; }, path: 'budget.stopLaunchesAtPercent', shows: '200', says: /would stop nobody.*switch mfaEnforcement on or list groups or roles/ },
  { name: 'breaker roles for a member account, where the breaker is an SCP', base: organizationConfigData, mutate: (c) => { c.accounts[4].budget.stopLaunchesForRoles = ['ci']; }, path: 'accounts[4].budget.stopLaunchesForRoles', shows: '["ci"]', says: /not used in a member account: there the circuit breaker is an SCP/ },
  { name: "another account's anomaly monitor to adopt", mutate: (c) => { c.accounts[0].budget = { servicesMonitorArn: 'arn:aws:ce::999988887777:anomalymonitor/12345678-abcd-1234-abcd-123456789012' }; }, path: 'accounts[0].budget.servicesMonitorArn', shows: '999988887777', says: /must be a monitor of the account itself \(111122223333\)/ },
  { name: 'an anomaly monitor that is not an ARN', mutate: (c) => { c.accounts[0].budget = { servicesMonitorArn: 'Default-Services-Monitor' }; }, path: 'accounts[0].budget.servicesMonitorArn', shows: '"Default-Services-Monitor"', says: /Cost Anomaly Detection monitor ARN such as/ },
  { name: 'an anomaly monitor set for every account at once', mutate: (c) => { c.budget.servicesMonitorArn = 'arn:aws:ce::111122223333:anomalymonitor/12345678-abcd-1234-abcd-123456789012'; }, path: 'budget.servicesMonitorArn', shows: 'anomalymonitor', says: /not a known setting; allowed here: monthlyLimitUsd, anomalyThresholdUsd, stopLaunchesAtPercent, stopLaunchesForRoles/ },
  { name: 'a break-glass role that is not an ARN', base: organizationConfigData, mutate: (c) => { c.organization.breakGlassRoleArns = ['BreakGlass']; }, path: 'organization.breakGlassRoleArns[0]', shows: '"BreakGlass"', says: /IAM role ARN such as/ },
  { name: 'a break-glass wildcard that names no role', base: organizationConfigData, mutate: (c) => { c.organization.breakGlassRoleArns = ['arn:aws:iam::*:role/*']; }, path: 'organization.breakGlassRoleArns[0]', shows: '"arn:aws:iam::*:role/*"', says: /a wildcard may only follow at least 4 fixed characters/ },
  { name: "a break-glass wildcard that covers the baseline's own roles", base: organizationConfigData, mutate: (c) => { c.organization.breakGlassRoleArns = ['arn:aws:iam::*:role/account-*']; }, path: 'organization.breakGlassRoleArns[0]', shows: '"arn:aws:iam::*:role/account-*"', says: /must not cover the baseline's own roles/ },
  { name: 'an Object Lock mode AWS does not have', base: validConfigData, mutate: (c) => { c.evidence = { objectLockMode: 'LEGAL_HOLD' }; }, path: 'evidence.objectLockMode', shows: '"LEGAL_HOLD"', says: /must be COMPLIANCE or GOVERNANCE/ },
];

describe('configuration: each bad input is rejected naming the field, the value and what is allowed', () => {
  test.each(BAD_CONFIGS.map((c) => [c.name, c] as const))('%s', (_name, bad) => {
    const config = (bad.base ?? validConfigData)();
    bad.mutate(config);
    const error = problemsOf(config);
    const problem = error.problems.find((candidate) => candidate.path === bad.path);
    expect(problem).toBeDefined();
    expect(problem!.message).toMatch(bad.says);
    const line = error.message.split('\n').find((candidate) => candidate.startsWith(`  - ${bad.path} = `));
    expect(line).toBeDefined();
    expect(line!.slice(`  - ${bad.path} = `.length)).toContain(bad.shows);
  });

  test('every problem in a file is reported at once, not only the first', () => {
    const config = validConfigData();
    config.homeRegion = 'nowhere-1';
    config.budget.monthlyLimitUsd = 0;
    config.accounts[0].accountId = 'abc';
    const paths = problemsOf(config).problems.map((problem) => problem.path);
    expect(paths).toEqual(expect.arrayContaining(['homeRegion', 'budget.monthlyLimitUsd', 'accounts[0].accountId']));
  });

  test('a document that is not a mapping is rejected', () => {
    expect(problemsOf(['homeRegion']).message).toMatch(/must be a mapping of settings/);
  });
});

describe('configuration files: unreadable or malformed files are rejected clearly', () => {
  const write = (name: string, text: string) => {
    const path = join(tempDir(), name);
    writeFileSync(path, text);
    return path;
  };
  const rejection = (path: string) => {
    try {
      loadConfigFile(path);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected rejection');
  };

  test('a YAML syntax error names the file and the line', () => {
    const path = write('broken.yaml', 'homeRegion: ap-northeast-1\nallowedRegions: [ap-northeast-1\n');
    expect(rejection(path)).toMatch(/broken\.yaml is not a valid baseline configuration[\s\S]*is not valid YAML[\s\S]*line/);
  });

  test('a key written twice in YAML is an error, not a silent override', () => {
    const path = write('twice.yaml', stringify(validConfigData()) + 'homeRegion: us-east-1\n');
    expect(rejection(path)).toMatch(/is not valid YAML.*[Mm]ap keys must be unique/s);
  });

  test('a file with another extension is refused', () => {
    expect(rejection(write('baseline.toml', 'homeRegion = "x"'))).toMatch(/must be a file ending in \.yaml, \.yml or \.json/);
  });

  test('a missing file is reported as unreadable', () => {
    expect(rejection(join(tempDir(), 'absent.yaml'))).toMatch(/could not be read/);
  });
});

describe('configuration: one clear line per mistake', () => {
  const problemsFor = configProblems;

  test('a list given as a string is reported as the wrong type, not also as too long', () => {
    expect(problemsFor((config) => (config.alerts.emails = 'security-alerts@example.com'))).toEqual(['alerts.emails: must be a list of e-mail addresses']);
  });

  test('a misspelt required key is reported once, with the guess, not also as the missing key', () => {
    expect(problemsFor((config) => {
      config.allowedRegion = config.allowedRegions;
      delete config.allowedRegions;
    })).toEqual(['allowedRegion: is not a known setting; did you mean "allowedRegions"?']);
  });

  test.each([
    ['homeRegoin', 'homeRegion', 'ap-northeast-1'],
    ['HomeRegion', 'homeRegion', 'ap-northeast-1'],
    ['alowedRegions', 'allowedRegions', ['ap-northeast-1']],
  ])('a camelCase key misspelt as %s (letters swapped, case changed) is suggested once, and not also reported missing', (typo, key, value) => {
    expect(problemsFor((config) => {
      delete config[key];
      config[typo] = value;
    })).toEqual([`${typo}: is not a known setting; did you mean "${key}"?`]);
  });

  test('a misspelt control switch gets its suggestion too', () => {
    expect(problemsFor((config) => (config.controls = { gaurdDuty: false }))).toEqual(['controls.gaurdDuty: is not a known setting; did you mean "guardDuty"?']);
  });

  test('a missing mapping says it is required and what it holds', () => {
    expect(problemsFor((config) => delete config.budget)).toEqual(['budget: is required: a mapping with monthlyLimitUsd and anomalyThresholdUsd, in US dollars']);
    expect(problemsFor((config) => delete config.alerts)).toEqual(['alerts: is required: a mapping with `emails`, the addresses every alert goes to']);
  });
});

describe('baseline.schema.json', () => {
  test('the committed JSON Schema is the one the code generates (run `npm run schema` after changing the schema)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { SCHEMA_FILE, schemaText } = require('../scripts/schema') as typeof import('../scripts/schema');
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(schemaText());
  });
});

describe('docs/configuration.md, the configuration reference', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { CONFIGURATION_DOC, configurationText } = require('../scripts/schema') as typeof import('../scripts/schema');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { configurationKeys } = require('../scripts/lib/configuration-doc') as typeof import('../scripts/lib/configuration-doc');
  const keys = configurationKeys(configJsonSchema() as never);

  test('the committed page is the one the schema generates (run `npm run schema` after changing the schema)', () => {
    expect(readFileSync(CONFIGURATION_DOC, 'utf8')).toBe(configurationText());
  });

  test('every key of the schema is listed, with a description and a default (or "required")', () => {
    expect(keys.length).toBeGreaterThan(150);
    expect(keys.filter((key) => key.description.length < 10).map((key) => key.path)).toEqual([]);
    expect(keys.filter((key) => key.default === 'not set').map((key) => key.path)).toEqual([]);
    for (const path of ['homeRegion', 'alerts.emails', 'budget.stopLaunchesAtPercent', 'accounts[].budget.servicesMonitorArn', 'controls.securityHub', 'guardDuty.features.runtimeMonitoring', 'state.s3.keyPrefix']) {
      expect(keys.map((key) => key.path)).toContain(path);
    }
  });

  test('types, defaults and limits come from the schema itself', () => {
    const key = (path: string) => keys.find((candidate) => candidate.path === path)!;
    expect(key('alerts.emails')).toMatchObject({ type: 'list of e-mail address', default: 'required', limits: '1–10 items' });
    expect(key('alerts.language')).toMatchObject({ type: 'one of `en`, `ja`', default: '`"en"`' });
    expect(key('controls.securityHub')).toMatchObject({ type: '`true` or `false`', default: '`false`' });
    expect(key('controls.guardDuty').default).toBe('`true`');
    expect(key('evidence.retentionDays')).toMatchObject({ type: 'whole number', default: '`365`', limits: '90–36500' });
    expect(key('budget.stopLaunchesAtPercent').limits).toBe('1–1000');
    expect(key('accounts[].allowedRegions')).toMatchObject({ type: 'list of region', default: 'as at the top level' });
  });
});
