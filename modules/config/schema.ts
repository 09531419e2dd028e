/**
 * The one configuration model: this zod schema is the TypeScript type (`BaselineConfig`),
 * the validator (`parseConfig` / `loadConfigFile` in load.ts) and the JSON Schema for editors (`npm run schema`).
 *
 * Every field's message says what is allowed; the loader adds the field path and the bad value.
 */
import { z } from 'zod';
import { CONTROL_IDS, CONTROLS, ControlId, effectiveControls } from '../controls/catalogue';
import { ALL_REGIONS, OPT_IN_REGIONS, Region, isOptInRegion, isRegion } from '../core/regions';
import { BUDGET_LIMITS, isWholeCents } from '../controls/cost-budget/settings';
import { GUARDDUTY_FEATURES, GUARDDUTY_FEATURE_KEYS } from '../controls/guardduty/settings';
import { INSPECTOR_SCAN_KEYS } from '../controls/inspector/settings';
import { PASSWORD_POLICY_LIMITS } from '../controls/password-policy/settings';
import { closestMatch } from './suggest';
import { BASELINE_NAME_PREFIX, fixedRolePath } from '../policies/protective';
import { ALERT_LANGUAGES, AlertLanguage } from '../functions/messages/languages';

const ACCOUNT_ID = /^\d{12}$/;
const ACCOUNT_NAME = /^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$/;
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;
// Break-glass patterns may use wildcards, as in AWS's own SCP examples (ArnNotLike aws:PrincipalARN).
const ROLE_ARN_PATTERN = /^arn:aws:iam::(\d{12}|\*):role\/[\w+=,.@/*-]{1,512}$/;
/**
 * Why a break-glass role ARN would exempt more than break-glass roles, or undefined. A wildcard
 * account is fine: the protective SCP denies creating or changing a role of an exempt name in
 * every member account. A wildcard name is not, unless a fixed prefix of at least four characters
 * comes first; nor may it cover the baseline's own roles or AWS's service-linked roles.
 */
export function breakGlassNameProblem(arn: string): string | undefined {
  const { fixed, wildcard } = fixedRolePath(arn);
  if (wildcard && fixed.split('/').pop()!.length < 4) {
    return 'must name its roles: a wildcard may only follow at least 4 fixed characters of the role name (such as "BreakGlass*"), or it could exempt roles made for other purposes (AWS\'s own, an identity provider\'s)';
  }
  const lower = fixed.toLowerCase();
  if ([BASELINE_NAME_PREFIX, 'aws-service-role/'].some((reserved) => lower.startsWith(reserved) || (wildcard && reserved.startsWith(lower)))) {
    return "must not cover the baseline's own roles (account-baseline-*) or AWS's service-linked roles";
  }
  return undefined;
}

// AWS Account API PutAlternateContact: PhoneNumber pattern and length.
const PHONE = /^[\s0-9()+-]{1,25}$/;

const accountIdMessage = 'must be a 12-digit AWS account ID written as a quoted string (e.g. "111122223333")';

export const accountId = () =>
  z.string({ error: accountIdMessage }).regex(ACCOUNT_ID, { error: accountIdMessage });

export const region = () =>
  z.enum(ALL_REGIONS as [Region, ...Region[]], {
    error: (issue) => {
      if (typeof issue.input !== 'string') return 'must be an AWS region name such as "ap-northeast-1"';
      const guess = closestMatch(issue.input, ALL_REGIONS);
      // A likely typo needs only the guess; otherwise the list, which is long.
      return guess
        ? `is not an AWS region this baseline knows; did you mean "${guess}"?`
        : `is not an AWS region this baseline knows; known regions: ${ALL_REGIONS.join(', ')}`;
    },
  });

const email = () =>
  z
    .string({ error: 'must be an e-mail address such as "security@example.com"' })
    .max(254, { error: 'must be at most 254 characters (AWS limit for contact e-mails)' })
    .pipe(z.email({ error: 'must be an e-mail address such as "security@example.com"' }));

const usd = (what: string) =>
  z
    .number({ error: `must be a positive number of US dollars (${what})` })
    .positive({ error: `must be a positive number of US dollars (${what})` })
    .max(1_000_000_000, { error: 'must be at most 1,000,000,000 US dollars' })
    .refine(isWholeCents, {
      error: 'must have at most two decimal places (AWS Budgets amounts are in cents)',
    });

const wholeNumber = (unit: string) =>
  z.number({ error: `must be a whole number of ${unit}` }).int({ error: `must be a whole number of ${unit}` });

const nonEmptyText = (what: string, max: number) =>
  z
    .string({ error: `must be text (${what})` })
    .trim()
    .min(1, { error: `must not be empty (${what})` })
    .max(max, { error: `must be at most ${max} characters (${what})` });

/** An on/off switch. */
const onOff = () => z.boolean({ error: 'must be true or false' });

export const regionList = (what: string) =>
  z.array(region(), { error: `must be a list of region names (${what})` });

/** The error of a required mapping: missing, or not a mapping. */
const mapping = (what: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? `is required: ${what}` : `must be ${what}`),
});

export const alertsSchema = z.strictObject({
  emails: z
    .array(email(), { error: 'must be a list of e-mail addresses' })
    .min(1, { error: 'must list at least one e-mail address; alerts that reach nobody are useless' })
    .max(10, { error: 'must list at most 10 addresses (AWS Budgets accepts at most 10 e-mail subscribers)' })
    .meta({ description: 'Where every alert of the account is sent. Each address must confirm the SNS subscription once.' }),
  language: z
    .enum(Object.keys(ALERT_LANGUAGES) as [AlertLanguage, ...AlertLanguage[]], { error: `must be one of ${Object.keys(ALERT_LANGUAGES).join(', ')}` })
    .optional()
    .meta({ description: 'The language alert e-mails are written in: en (English) or ja (Japanese).', default: 'en' }),
}, mapping('a mapping with `emails`, the addresses every alert goes to'));

const contactSchema = z.strictObject({
  name: nonEmptyText('contact name', 64).meta({ description: "The contact's name." }),
  title: nonEmptyText('contact title', 50).meta({ description: 'Their job title.' }),
  email: email().meta({ description: 'Where AWS writes to them; use a monitored address.' }),
  phone: z
    .string({ error: 'must be a phone number written as a quoted string' })
    .regex(PHONE, { error: 'must be a phone number of at most 25 characters: digits, spaces, "+", "-", "(" and ")"' })
    .meta({ description: 'Their phone number (digits, spaces, "+", "-", "(" and ")").' }),
}, mapping('a mapping { name, title, email, phone }: the person AWS writes to about this account'));

// IAM role names: 1-64 characters of [\w+=,.@-].
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
// Cost Anomaly Detection monitor ARN (GetAnomalyMonitors).
const ANOMALY_MONITOR_ARN = /^arn:aws:ce::(\d{12}):anomalymonitor\/[0-9a-f-]{36}$/;

const { stopLaunchesAtPercent: BREAKER, roles: BREAKER_ROLES } = BUDGET_LIMITS;

const budgetSchema = z.strictObject({
  monthlyLimitUsd: usd('monthly budget').meta({ description: 'Monthly cost budget for one account, in USD.' }),
  anomalyThresholdUsd: usd('anomaly alert threshold').meta({ description: 'Cost Anomaly Detection alerts when an anomaly\'s total impact reaches this many USD.' }),
  stopLaunchesAtPercent: wholeNumber('percent')
    .min(BREAKER.min, { error: `must be a whole percentage of the monthly budget from ${BREAKER.min} to ${BREAKER.max}` })
    .max(BREAKER.max, { error: `must be a whole percentage of the monthly budget from ${BREAKER.min} to ${BREAKER.max}` })
    .optional()
    .meta({ description: 'Circuit breaker, off unless set: when actual spend reaches this percentage of the monthly budget, a budget action denies launching compute (an SCP on the account in an organisation, an IAM policy on the human-users group and `stopLaunchesForRoles` otherwise).', defaultText: 'off' }),
  stopLaunchesForRoles: z
    .array(
      z.string({ error: 'must be an IAM role name' }).regex(ROLE_NAME, { error: 'must be an IAM role name (not an ARN): 1-64 letters, digits and +=,.@_-' }),
      { error: 'must be a list of IAM role names' },
    )
    .max(BREAKER_ROLES, { error: `must list at most ${BREAKER_ROLES} roles (AWS Budgets action limit)` })
    .optional()
    .meta({ description: 'Workload roles (names) the circuit breaker\'s deny policy is attached to as well, where it is an IAM policy (standalone accounts and the management account); each role must exist.', defaultText: 'none' }),
}, mapping('a mapping with monthlyLimitUsd and anomalyThresholdUsd, in US dollars'));

const accountBudgetSchema = budgetSchema.partial().extend({
  servicesMonitorArn: z
    .string({ error: 'must be a Cost Anomaly Detection monitor ARN' })
    .regex(ANOMALY_MONITOR_ARN, { error: 'must be a Cost Anomaly Detection monitor ARN such as "arn:aws:ce::111122223333:anomalymonitor/12345678-abcd-1234-abcd-123456789012"' })
    .optional()
    .meta({ description: 'ARN of the account\'s existing AWS services cost monitor, which the stack adopts (a Terraform import): AWS allows one per account and creates one in many new accounts. `aws ce get-anomaly-monitors --query "AnomalyMonitors[?MonitorDimension==\'SERVICE\'].MonitorArn"`', defaultText: 'a new monitor is created' }),
});

/** An object of optional on/off switches, one per key. */
const switches = <K extends string>(keys: readonly K[], describe: (key: K) => { description: string; default: boolean }) =>
  z.strictObject(Object.fromEntries(keys.map((key) => [key, onOff().optional().meta(describe(key))])) as Record<K, z.ZodOptional<z.ZodBoolean>>);

/** What each Inspector scan key covers, for the reference. */
const INSPECTOR_SCAN_TARGETS: Record<(typeof INSPECTOR_SCAN_KEYS)[number], string> = {
  ec2: 'EC2 instances for software vulnerabilities and network exposure',
  ecr: 'container images in ECR',
  lambda: 'Lambda functions\' dependencies',
  lambdaCode: 'Lambda functions\' own code',
};

const controlsSchema = switches(CONTROL_IDS, (id) => ({ description: `${CONTROLS[id].title}.`, default: CONTROLS[id].enabledByDefault }));

// IAM group names: 1-128 characters of [\w+=,.@-].
const GROUP_NAME = /^[\w+=,.@-]{1,128}$/;

export const groupNames = () =>
  z
    .array(
      z.string({ error: 'must be an IAM group name' }).regex(GROUP_NAME, { error: 'must be an IAM group name: 1-128 letters, digits and +=,.@_-' }),
      { error: 'must be a list of IAM group names' },
    )
    .max(50, { error: 'must list at most 50 groups' });

// IAM user names: 1-64 characters of [\w+=,.@-].
const USER_NAME = /^[\w+=,.@-]{1,64}$/;

export const userNames = () =>
  z.array(
    z.string({ error: 'must be an IAM user name' }).regex(USER_NAME, { error: 'must be an IAM user name: 1-64 letters, digits and +=,.@_-' }),
    { error: 'must be a list of IAM user names' },
  );

const { minimumLength: LENGTH, maxAgeDays: AGE } = PASSWORD_POLICY_LIMITS;

const iamSchema = z.strictObject({
  passwordPolicy: z
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
    })
    .optional()
    .meta({ description: 'The account password policy for IAM users (the passwordPolicy control).' }),
  mfaRequiredGroups: groupNames().optional().meta({ description: 'Existing IAM groups of human users that also get the MFA-required policy (the mfaEnforcement control). Each group must exist in the account.', defaultText: 'none' }),
  humanUsers: userNames().optional().meta({ description: 'Existing IAM users who are people: the stack puts each in the baseline\'s group (account-baseline-human-users), so the MFA, region-deny and circuit-breaker policies bind them. Each user must exist in the account; never list workloads (access keys carry no MFA).', defaultText: 'none' }),
});

const guardDutySchema = z.strictObject({
  minimumSeverity: z
    .number({ error: 'must be a number from 1 to 10 (GuardDuty severity)' })
    .min(1, { error: 'must be a number from 1 to 10 (GuardDuty severity)' })
    .max(10, { error: 'must be a number from 1 to 10 (GuardDuty severity)' })
    .optional()
    .meta({ description: 'Alert on findings at or above this severity (1-10; GuardDuty\'s medium starts at 4). Crypto-currency mining and root-credential findings always alert.', default: 4 }),
  features: switches(GUARDDUTY_FEATURE_KEYS, (key) => ({ description: `The ${GUARDDUTY_FEATURES[key]} protection plan.`, default: true })).optional().meta({ description: 'Protection plans; each is on unless switched off here.' }),
});

const inspectorSchema = z.strictObject({
  allRegions: onOff().optional().meta({ description: 'Scan in every enabled region, not only the allowed ones.', default: false }),
  scan: switches(INSPECTOR_SCAN_KEYS, (key) => ({ description: `Scan ${INSPECTOR_SCAN_TARGETS[key]}.`, default: true })).optional().meta({ description: 'What Inspector scans; each is on unless switched off here.' }),
});

export const containmentSchema = z.strictObject({
  dryRun: onOff().optional().meta({ description: 'Tag what would be contained and alert, but stop, cancel and deactivate nothing.', default: false }),
  rootLaunches: onOff().optional().meta({ description: 'Stop EC2 instances (and cancel spot requests and fleets) the root user launches, in any region.', default: true }),
  unusedRegionLaunches: onOff().optional().meta({ description: 'Stop EC2 instances anyone but an exempt role launches outside the allowed regions, Auto Scaling\'s included.', default: true }),
  findings: onOff().optional().meta({ description: 'Stop instances GuardDuty names in crypto-mining, backdoor, trojan or Tor findings.', default: true }),
  deactivateAccessKeys: onOff().optional().meta({ description: 'Deactivate (not delete) an IAM user\'s access key named in a High or Critical GuardDuty finding.', default: false }),
  exemptRoleArns: z
    .array(
      z.string({ error: 'must be an IAM role ARN' }).regex(ROLE_ARN_PATTERN, { error: 'must be an IAM role ARN such as "arn:aws:iam::*:role/Deployer"' }),
      { error: 'must be a list of IAM role ARNs' },
    )
    .optional()
    .meta({ description: 'Roles whose launches are never contained, besides the organisation\'s break-glass and deployment roles (the account may be "*"; a wildcard may end the name).', defaultText: 'none' }),
});

const driftSchema = z
  .strictObject({
    githubRepository: z
      .string({ error: 'must be a GitHub repository such as "example-org/aws-baseline"' })
      .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { error: 'must be a GitHub repository such as "example-org/aws-baseline" (owner/name)' })
      .optional()
      .meta({ description: 'GitHub repository ("owner/name") whose workflows may assume account-baseline-drift-readonly through GitHub\'s OIDC provider: in every account when standalone, in the management account in an organisation (member accounts\' drift roles trust the management account\'s).', defaultText: 'none' }),
    githubOidcProviderExists: onOff().optional().meta({ description: 'The accounts already have GitHub\'s OIDC identity provider, so the stacks do not create it.', default: false }),
    trustedRoleArns: z
      .array(z.string({ error: 'must be an IAM role ARN' }).regex(ROLE_ARN, { error: 'must be an IAM role ARN such as "arn:aws:iam::111122223333:role/ci"' }), {
        error: 'must be a list of IAM role ARNs',
      })
      .optional()
      .meta({ description: 'Other roles that may assume the drift role in every account (a CI role of your own).', defaultText: 'none' }),
  })
  .refine((drift) => drift.githubRepository !== undefined || (drift.trustedRoleArns ?? []).length > 0, {
    error: 'must trust someone: give githubRepository or trustedRoleArns, or leave drift out (no drift role)',
  });

export const accountSchema = z.strictObject({
  name: z
    .string({ error: 'must be text' })
    .regex(ACCOUNT_NAME, {
      error: 'must be 1-40 characters: lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen',
    }).meta({ description: 'Short name; the stack is called `account-<name>`.' }),
  accountId: accountId().meta({ description: "The account's 12-digit ID; every provider of its stack is locked to it." }),
  assumeRoleArn: z
    .string({ error: 'must be an IAM role ARN' })
    .regex(ROLE_ARN, { error: 'must be an IAM role ARN such as "arn:aws:iam::111122223333:role/OrganizationAccountAccessRole"' })
    .optional()
    .meta({ description: 'Role the account\'s stack assumes. Organisation mode defaults to `OrganizationAccountAccessRole` in the member account; standalone mode uses the caller\'s credentials.', defaultText: "OrganizationAccountAccessRole in a member account; the caller's credentials otherwise" }),
  allowedRegions: regionList('overrides the top-level allowedRegions for this account').optional().meta({ description: 'The regions this account may use, instead of the top-level allowedRegions.' }),
  budget: accountBudgetSchema.optional().meta({ description: "This account's budget keys, over the top-level budget, and the account's existing services monitor to adopt." }),
  alerts: alertsSchema.optional().meta({ description: "This account's own alert addresses and language, instead of the top-level alerts." }),
  controls: controlsSchema.optional().meta({ description: 'Switches for this account, over the top-level controls.' }),
  guardDuty: guardDutySchema.optional().meta({ description: 'Overrides the top-level `guardDuty` settings for this account (standalone mode; in an organisation the security account\'s apply to all).' }),
  inspector: inspectorSchema.optional().meta({ description: 'Overrides the top-level `inspector` settings for this account (same rule as guardDuty).' }),
  containment: containmentSchema.optional().meta({ description: 'Overrides the top-level `containment` settings for this account, setting by setting.' }),
  iam: z
    .strictObject({
      mfaRequiredGroups: groupNames().optional().meta({ description: "This account's groups of people who must use MFA, instead of the top-level iam.mfaRequiredGroups." }),
      humanUsers: userNames().optional().meta({ description: "This account's IAM users who are people, instead of the top-level iam.humanUsers." }),
    })
    .optional()
    .meta({ description: "This account's own groups and people (its IAM differs from the others')." }),
  configServiceLinkedRoleExists: onOff().optional().meta({ description: 'Overrides the top-level `evidence.configServiceLinkedRoleExists` for this account.' }),
});

/** Organisation policy types the baseline can keep enabled besides SCPs (AWS Organizations EnablePolicyType). */
export const OTHER_POLICY_TYPES = [
  'AISERVICES_OPT_OUT_POLICY',
  'BACKUP_POLICY',
  'CHATBOT_POLICY',
  'DECLARATIVE_POLICY_EC2',
  'RESOURCE_CONTROL_POLICY',
  'TAG_POLICY',
] as const;

export const organizationSchema = z.strictObject({
  organizationId: z
    .string({ error: 'must be an organisation ID such as "o-a1b2c3d4e5"' })
    .regex(/^o-[a-z0-9]{10,32}$/, { error: 'must be an organisation ID such as "o-a1b2c3d4e5" ("o-" and 10-32 lower-case letters or digits)' })
    .optional()
    .meta({ description: 'ID of the existing organisation (`aws organizations describe-organization`). With it, the organization stack adopts the organisation (a Terraform import) instead of creating one.', defaultText: 'a new organisation is created' }),
  otherTrustedServices: z
    .array(
      z.string({ error: 'must be a service principal' }).regex(/^[a-z0-9][a-z0-9.-]*\.amazonaws\.com$/, { error: 'must be a service principal such as "sso.amazonaws.com"' }),
      { error: 'must be a list of service principals' },
    )
    .optional()
    .meta({ description: 'Service principals that already have trusted access and must keep it (for example "sso.amazonaws.com"). The organization stack manages the whole list: a service that is in neither this list nor the baseline\'s own would lose trusted access.', defaultText: 'none' }),
  otherPolicyTypes: z
    .array(z.enum(OTHER_POLICY_TYPES, { error: `must be one of ${OTHER_POLICY_TYPES.join(', ')}` }), { error: 'must be a list of policy types' })
    .optional()
    .meta({ description: 'Policy types besides SCPs that are enabled and must stay enabled; the same caution applies.', defaultText: 'none' }),
  policyTargets: z
    .array(
      z.string({ error: 'must be an OU or root ID' }).regex(/^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/, {
        error: 'must be an OU ID such as "ou-ab12-cd34ef56" or a root ID such as "r-ab12"',
      }),
      { error: 'must be a list of OU or root IDs' },
    )
    .min(1, { error: 'must list at least one target, or be left out to use the organisation root' })
    .optional()
    .meta({ description: 'Where the organisation-wide SCPs are attached: OU IDs ("ou-...") or the root ID ("r-...").', defaultText: 'the organisation root' }),
  otherScpsPerTarget: wholeNumber('policies')
    .min(0, { error: 'must be from 0 to 4 (AWS allows 5 SCPs per target, FullAWSAccess included)' })
    .max(4, { error: 'must be from 0 to 4 (AWS allows 5 SCPs per target, FullAWSAccess included)' })
    .optional()
    .meta({ description: 'SCPs of your own attached to each target besides FullAWSAccess; AWS allows 5 per target in all.', default: 0 }),
  keepContainedScp: onOff()
    .optional()
    .meta({
      description:
        'The SCP account-baseline-keep-contained: in member accounts with containment on, only the exempt roles may start, resume, terminate or re-tag what containment stopped. It takes one of the five SCP slots of each target; switched off, contained compute stays stopped only through the containment function, which stops it again.',
      default: true,
    }),
  managementAccountId: accountId().meta({ description: 'The management account; the organization stack is deployed with its credentials.' }),
  securityAccountId: accountId().meta({ description: 'Delegated administrator for the security services; must be a member account.' }),
  manageContactsCentrally: onOff().optional().meta({ description: 'Set member accounts\' alternate contacts from the management stack instead of from each account\'s own stack. Needs trusted access for AWS Account Management (account.amazonaws.com).', default: false }),
  breakGlassRoleArns: z
    .array(
      z
        .string({ error: 'must be an IAM role ARN' })
        .regex(ROLE_ARN_PATTERN, {
          error: 'must be an IAM role ARN such as "arn:aws:iam::*:role/BreakGlass" (the account may be "*")',
        })
        .refine((arn) => breakGlassNameProblem(arn) === undefined, {
          error: (issue) => breakGlassNameProblem(String(issue.input)) ?? 'is not a usable break-glass role',
        }),
      { error: 'must be a list of IAM role ARNs' },
    )
    .optional()
    .meta({ description: 'Roles exempt from the baseline\'s denies (wildcards allowed, as in `ArnNotLike`).', defaultText: 'none' }),
});

const s3StateSchema = z.strictObject({
  bucket: z
    .string({ error: 'must be an S3 bucket name' })
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'must be an S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)' })
    .meta({ description: 'An existing bucket for the state, versioned and encrypted; create it once, outside the baseline.' }),
  region: region().meta({ description: "The state bucket's region." }),
  keyPrefix: z
    .string({ error: 'must be text' })
    .regex(/^[A-Za-z0-9!_.*'()/-]{1,200}$/, { error: 'must be an S3 key prefix without spaces' })
    .optional()
    .meta({ description: 'State of stack S lives at `<keyPrefix>/S.tfstate`.', default: 'account-baseline' }),
  kmsKeyId: z
    .string({ error: 'must be a KMS key ARN' })
    .startsWith('arn:aws:kms:', { error: 'must be a KMS key ARN' })
    .optional()
    .meta({ description: 'A KMS key for the state objects.', defaultText: "the bucket's default encryption" }),
});

export const baselineConfigSchema = z
  .strictObject({
    homeRegion: region().meta({ description: 'Region for the alert topic and other single-region resources.' }),
    allowedRegions: regionList('regions the accounts may use').min(1, { error: 'must list at least the home region' }).meta({ description: 'Regions the accounts may use; everything else is fenced off by the region-deny control.' }),
    optInRegions: z
      .array(
        z.enum(OPT_IN_REGIONS, {
          error: (issue) =>
            typeof issue.input === 'string' && isRegion(issue.input)
              ? 'is enabled by default in every account, so it does not belong in optInRegions'
              : `is not an opt-in region this baseline knows; known opt-in regions: ${OPT_IN_REGIONS.join(', ')}`,
        }),
        { error: 'must be a list of opt-in region names' },
      )
      .optional()
      .meta({ description: 'Opt-in regions that are enabled in the accounts; the baseline covers them like the default regions.', defaultText: 'none' }),
    alerts: alertsSchema.meta({ description: 'Where every alert goes, and the language it is written in.' }),
    securityContact: contactSchema.meta({ description: 'Receives AWS\'s security notices (the abuse e-mail of incident A).' }),
    billingContact: contactSchema.optional().meta({ description: 'BILLING alternate contact; set when configured.', defaultText: 'left as it is' }),
    operationsContact: contactSchema.optional().meta({ description: 'OPERATIONS alternate contact; set when configured.', defaultText: 'left as it is' }),
    budget: budgetSchema.meta({ description: 'The monthly budget, the anomaly threshold and the optional spend circuit breaker, for every account.' }),
    organization: organizationSchema.optional().meta({ description: 'Organisation mode: an organization stack for the management account (SCPs, trusted access, delegated administrators, the organisation trail).', defaultText: 'standalone accounts' }),
    accounts: z
      .array(accountSchema, { error: 'must be a list of accounts' })
      .min(1, { error: 'must list at least one account' })
      .meta({ description: 'The accounts, one stack each (account-<name>), with their own overrides.' }),
    controls: controlsSchema.optional().meta({ description: 'Switch controls on or off for every account; an account\'s own `controls` wins.' }),
    tags: z.record(
      z.string().regex(/^[\w .:/=+@-]{1,128}$/, { error: 'tag keys must be 1-128 letters, digits, spaces or _.:/=+-@' }),
      z.string({ error: 'tag values must be text' }).max(256, { error: 'tag values must be at most 256 characters' }),
      { error: 'must map tag keys to text values' },
    ).optional().meta({ description: 'Tags added to every resource the baseline creates, besides its own ManagedBy and BaselineStack.', defaultText: 'none' }),
    guardDuty: guardDutySchema.optional().meta({ description: 'GuardDuty in every enabled region: alert threshold and protection plans.' }),
    inspector: inspectorSchema.optional().meta({ description: 'Amazon Inspector: where it scans and what.' }),
    containment: containmentSchema.optional().meta({ description: 'What the containment control stops, and whether it only tags and alerts (dryRun).' }),
    drift: driftSchema.optional().meta({ description: 'A read-only role in every account for drift detection in CI (account-baseline-drift-readonly).' }),
    iam: iamSchema.optional().meta({ description: 'IAM settings for human users: password policy and groups that must use MFA.' }),
    evidence: z
      .strictObject({
        retentionDays: wholeNumber('days')
          .min(90, { error: 'must be at least 90 days: investigations look back months, as in both incidents' })
          .max(36500, { error: 'must be at most 36500 days (100 years)' })
          .optional()
          .meta({ description: 'Days logs are kept in the evidence bucket, including overwritten or deleted versions.', default: 365 }),
        configAllRegions: onOff().optional().meta({ description: 'Record AWS Config in every enabled region (CIS 3.3), or in the home region only.', default: true }),
        objectLockMode: z.enum(['COMPLIANCE', 'GOVERNANCE'], { error: 'must be COMPLIANCE or GOVERNANCE' }).optional().meta({ description: 'S3 Object Lock on the trail\'s log bucket for the whole retention period. COMPLIANCE: nobody, the root user included, can delete or shorten it; GOVERNANCE: a principal allowed s3:BypassGovernanceRetention (any administrator outside an organisation) can.', default: 'COMPLIANCE' }),
        configServiceLinkedRoleExists: onOff().optional().meta({ description: 'The accounts already have AWS Config\'s service-linked role (AWSServiceRoleForConfig, made when Config was set up before), so the stacks use it instead of creating it.', default: false }),
      })
      .optional()
      .meta({ description: 'Where the audit evidence (CloudTrail, AWS Config) is kept, and for how long.' }),
    state: z.strictObject({ s3: s3StateSchema.meta({ description: 'The S3 bucket that holds every stack\'s state.' }) }).optional().meta({ description: 'Remote state in S3 with Terraform\'s native lock file; without it, state stays local.', defaultText: 'local state files' }),
  })
  .superRefine((config, ctx) => {
    const optIn = new Set(config.optInRegions ?? []);
    const checkRegions = (regions: readonly string[], path: (string | number)[]) => {
      regions.forEach((name, index) => {
        if (isOptInRegion(name) && !optIn.has(name)) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, index],
            input: name,
            message: 'is an opt-in region that is not listed in optInRegions; enable it in the account and add it there first',
          });
        }
      });
      if (!regions.includes(config.homeRegion)) {
        ctx.addIssue({
          code: 'custom',
          path,
          input: regions,
          message: `must contain the home region "${config.homeRegion}"`,
        });
      }
      reportDuplicates(regions, path, ctx);
    };

    if (isOptInRegion(config.homeRegion) && !optIn.has(config.homeRegion)) {
      ctx.addIssue({
        code: 'custom',
        path: ['homeRegion'],
        input: config.homeRegion,
        message: 'is an opt-in region that is not listed in optInRegions; enable it in the account and add it there first',
      });
    }
    checkRegions(config.allowedRegions, ['allowedRegions']);
    reportDuplicates(config.optInRegions ?? [], ['optInRegions'], ctx);
    reportDuplicates(config.alerts.emails, ['alerts', 'emails'], ctx);

    reportDuplicates(config.accounts.map((account) => account.name), ['accounts'], ctx, 'name');
    reportDuplicates(config.accounts.map((account) => account.accountId), ['accounts'], ctx, 'accountId');

    reportDuplicates(config.iam?.mfaRequiredGroups ?? [], ['iam', 'mfaRequiredGroups'], ctx);
    reportDuplicates(config.iam?.humanUsers ?? [], ['iam', 'humanUsers'], ctx);
    reportDuplicates(config.organization?.otherTrustedServices ?? [], ['organization', 'otherTrustedServices'], ctx);
    reportDuplicates(config.organization?.otherPolicyTypes ?? [], ['organization', 'otherPolicyTypes'], ctx);

    reportMissingRequirements(config, ctx);
    reportCircuitBreakerProblems(config, ctx);
    reportRegionDenyWithoutPeople(config, ctx);

    config.accounts.forEach((account, index) => {
      reportDuplicates(account.iam?.mfaRequiredGroups ?? [], ['accounts', index, 'iam', 'mfaRequiredGroups'], ctx);
      reportDuplicates(account.iam?.humanUsers ?? [], ['accounts', index, 'iam', 'humanUsers'], ctx);
      const usersWithoutGroup = (account.iam?.humanUsers ?? config.iam?.humanUsers ?? []).length > 0 && !effectiveControls(config.controls, account.controls).mfaEnforcement;
      if (usersWithoutGroup) {
        ctx.addIssue({
          code: 'custom',
          path: account.iam?.humanUsers ? ['accounts', index, 'iam', 'humanUsers'] : ['iam', 'humanUsers'],
          input: account.iam?.humanUsers ?? config.iam?.humanUsers,
          message: `lists people for ${account.name}'s baseline group, but mfaEnforcement (which creates the group) is off there; switch it on or remove the users`,
        });
      }
      if (account.allowedRegions) checkRegions(account.allowedRegions, ['accounts', index, 'allowedRegions']);
      if (account.alerts) reportDuplicates(account.alerts.emails, ['accounts', index, 'alerts', 'emails'], ctx);
      const monitorAccount = account.budget?.servicesMonitorArn ? ANOMALY_MONITOR_ARN.exec(account.budget.servicesMonitorArn)?.[1] : undefined;
      if (monitorAccount && monitorAccount !== account.accountId) {
        ctx.addIssue({
          code: 'custom',
          path: ['accounts', index, 'budget', 'servicesMonitorArn'],
          input: account.budget!.servicesMonitorArn,
          message: `must be a monitor of the account itself (${account.accountId}), not of ${monitorAccount}`,
        });
      }
      const roleAccount = account.assumeRoleArn ? ROLE_ARN.exec(account.assumeRoleArn)?.[1] : undefined;
      if (roleAccount && roleAccount !== account.accountId) {
        ctx.addIssue({
          code: 'custom',
          path: ['accounts', index, 'assumeRoleArn'],
          input: account.assumeRoleArn,
          message: `must be a role in the account itself (${account.accountId}), not in ${roleAccount}; otherwise this account's baseline would be applied to another account`,
        });
      }
    });

    const organization = config.organization;
    if (organization) {
      if (organization.securityAccountId === organization.managementAccountId) {
        ctx.addIssue({
          code: 'custom',
          path: ['organization', 'securityAccountId'],
          input: organization.securityAccountId,
          message: 'must be a member account, not the management account (AWS refuses to make the management account a delegated administrator)',
        });
      } else if (!config.accounts.some((account) => account.accountId === organization.securityAccountId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['organization', 'securityAccountId'],
          input: organization.securityAccountId,
          message: 'must be one of accounts[].accountId, so that the security account gets its own stack',
        });
      }
    }
  });

/**
 * The circuit breaker is part of the costBudget control, and where it is an IAM policy
 * (standalone and management accounts) it needs principals to attach to; in member accounts it
 * is an SCP on the whole account, so roles listed for a member would be silently unused.
 */
function reportCircuitBreakerProblems(
  config: {
    organization?: { managementAccountId: string };
    controls?: Partial<Record<ControlId, boolean>>;
    budget: { stopLaunchesAtPercent?: number; stopLaunchesForRoles?: string[] };
    iam?: { mfaRequiredGroups?: string[] };
    accounts: ReadonlyArray<{
      name: string;
      accountId: string;
      controls?: Partial<Record<ControlId, boolean>>;
      budget?: { stopLaunchesAtPercent?: number; stopLaunchesForRoles?: string[] };
      iam?: { mfaRequiredGroups?: string[] };
    }>;
  },
  ctx: z.RefinementCtx,
): void {
  config.accounts.forEach((account, index) => {
    const own = account.budget?.stopLaunchesAtPercent !== undefined;
    const percent = account.budget?.stopLaunchesAtPercent ?? config.budget.stopLaunchesAtPercent;
    if (percent === undefined) return;
    const at = own ? ['accounts', index, 'budget', 'stopLaunchesAtPercent'] : ['budget', 'stopLaunchesAtPercent'];
    const on = effectiveControls(config.controls, account.controls);
    const member = config.organization !== undefined && account.accountId !== config.organization.managementAccountId;
    if (!on.costBudget) {
      ctx.addIssue({
        code: 'custom',
        path: at,
        input: percent,
        message: `turns the circuit breaker on for ${account.name}, but the costBudget control is off there; switch costBudget on, or remove stopLaunchesAtPercent`,
      });
      return;
    }
    if (member) {
      if (account.budget?.stopLaunchesForRoles !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['accounts', index, 'budget', 'stopLaunchesForRoles'],
          input: account.budget.stopLaunchesForRoles,
          message: `is not used in a member account: there the circuit breaker is an SCP that stops every principal of ${account.name}; remove it`,
        });
      }
      return;
    }
    const groups = humanGroupCount(config, account, on);
    const roles = (account.budget?.stopLaunchesForRoles ?? config.budget.stopLaunchesForRoles ?? []).length;
    if (groups + roles === 0) {
      ctx.addIssue({
        code: 'custom',
        path: at,
        input: percent,
        message: `turns the circuit breaker on for ${account.name}, but it would stop nobody: its IAM policy goes on the human-users group (mfaEnforcement is off), iam.mfaRequiredGroups and budget.stopLaunchesForRoles (both empty); switch mfaEnforcement on or list groups or roles`,
      });
    }
  });
}

/** How many groups of people an account's IAM-policy forms (region deny, circuit breaker) attach to. */
function humanGroupCount(
  config: { iam?: { mfaRequiredGroups?: string[] } },
  account: { iam?: { mfaRequiredGroups?: string[] } },
  on: Record<ControlId, boolean>,
): number {
  return (on.mfaEnforcement ? 1 : 0) + (account.iam?.mfaRequiredGroups ?? config.iam?.mfaRequiredGroups ?? []).length;
}

/** Where region deny is an IAM policy (standalone and management accounts), it needs groups of people to attach to. */
function reportRegionDenyWithoutPeople(
  config: Parameters<typeof reportCircuitBreakerProblems>[0],
  ctx: z.RefinementCtx,
): void {
  config.accounts.forEach((account, index) => {
    const on = effectiveControls(config.controls, account.controls);
    const member = config.organization !== undefined && account.accountId !== config.organization.managementAccountId;
    if (!on.regionDeny || member || humanGroupCount(config, account, on) > 0) return;
    const own = account.controls?.mfaEnforcement === false;
    ctx.addIssue({
      code: 'custom',
      path: own ? ['accounts', index, 'controls', 'mfaEnforcement'] : ['controls', 'mfaEnforcement'],
      input: false,
      message: `is off, and ${account.name} lists no iam.mfaRequiredGroups, so regionDeny (an IAM policy on the groups of people there) has nothing to attach to; switch mfaEnforcement on, list groups, or switch regionDeny off`,
    });
  });
}

/** Why a control needs another, for the message. */
const REQUIREMENT_REASONS: Partial<Record<ControlId, string>> = {
  configRecorder: 'AWS Config rules only run where a recorder is on',
};

/**
 * A control that is on while a control it needs is off would fail at apply time; say so now,
 * once per switch that turned the requirement off.
 */
function reportMissingRequirements(config: { controls?: Partial<Record<ControlId, boolean>>; accounts: ReadonlyArray<{ name: string; controls?: Partial<Record<ControlId, boolean>> }> }, ctx: z.RefinementCtx): void {
  const problems = new Map<string, { path: (string | number)[]; required: ControlId; needing: Set<ControlId>; accounts: Set<string> }>();
  config.accounts.forEach((account, index) => {
    const on = effectiveControls(config.controls, account.controls);
    for (const control of CONTROL_IDS) {
      for (const required of CONTROLS[control].requires ?? []) {
        if (!on[control] || on[required]) continue;
        const path = account.controls?.[required] === false ? ['accounts', index, 'controls', required] : ['controls', required];
        const key = path.join('.');
        const problem = problems.get(key) ?? { path, required, needing: new Set(), accounts: new Set() };
        problem.needing.add(control);
        problem.accounts.add(account.name);
        problems.set(key, problem);
      }
    }
  });
  for (const { path, required, needing, accounts } of problems.values()) {
    const controls = [...needing].join(', ');
    const reason = REQUIREMENT_REASONS[required] ? ` (${REQUIREMENT_REASONS[required]})` : '';
    ctx.addIssue({
      code: 'custom',
      path,
      input: false,
      message: `is off, but ${controls} ${needing.size === 1 ? 'is' : 'are'} on in ${[...accounts].join(', ')} and need${needing.size === 1 ? 's' : ''} ${required}${reason}; switch ${required} on, or switch ${controls} off as well`,
    });
  }
}

function reportDuplicates(
  values: readonly string[],
  path: (string | number)[],
  ctx: z.RefinementCtx,
  field?: string,
): void {
  const seen = new Map<string, number>();
  values.forEach((value, index) => {
    const first = seen.get(value);
    if (first === undefined) {
      seen.set(value, index);
      return;
    }
    const where = field ? [...path, index, field] : [...path, index];
    const firstWhere = field ? `${path.join('.')}[${first}].${field}` : `${path.join('.')}[${first}]`;
    ctx.addIssue({ code: 'custom', path: where, input: value, message: `is a duplicate of ${firstWhere}; each must be unique` });
  });
}

/** The validated configuration, exactly as written by the user. */
export type BaselineConfig = z.infer<typeof baselineConfigSchema>;
export type AccountConfig = BaselineConfig['accounts'][number];
export type OrganizationConfig = NonNullable<BaselineConfig['organization']>;
export type ControlSwitches = NonNullable<BaselineConfig['controls']>;
export type Contact = BaselineConfig['securityContact'];
export type S3StateConfig = NonNullable<BaselineConfig['state']>['s3'];

/** JSON Schema (draft 2020-12) of the configuration file, for editors. */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(baselineConfigSchema, { unrepresentable: 'any' }) as Record<string, unknown>;
}
