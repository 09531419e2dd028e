/**
 * The one configuration model: this zod schema is the TypeScript type (`BaselineConfig`),
 * the validator (`parseConfig` / `loadConfigFile` in load.ts) and the JSON Schema for editors (`npm run schema`).
 *
 * Every field's message says what is allowed; the loader adds the field path and the bad value.
 */
import { z } from 'zod';
import { CONTROL_IDS, CONTROLS, effectiveControls } from '../controls/catalogue';
import { containmentSchema } from '../controls/containment/settings';
import { ANOMALY_MONITOR_ARN, accountBudgetSchema, budgetSchema } from '../controls/cost-budget/settings';
import { guardDutySchema } from '../controls/guardduty/settings';
import { inspectorSchema } from '../controls/inspector/settings';
import { passwordPolicySettingsSchema } from '../controls/password-policy/settings';
import { contactSchema } from '../controls/security-contacts/settings';
import {
  ACCOUNT_NAME,
  ROLE_ARN,
  accountId,
  email,
  groupNames,
  mapping,
  onOff,
  region,
  regionList,
  switches,
  userNames,
  wholeNumber,
} from '../core/config-primitives';
import { OPT_IN_REGIONS, isOptInRegion, isRegion } from '../core/regions';
import { ALERT_LANGUAGES, AlertLanguage } from '../functions/messages/languages';
import { organizationSchema } from './organization-schema';
import { reportCircuitBreakerProblems, reportDuplicates, reportMissingRequirements, reportRegionDenyWithoutPeople } from './rules';

// The shared building blocks and the controls' own settings, as they were exported from here.
export { accountId, region, regionList, groupNames, userNames } from '../core/config-primitives';
export { containmentSchema } from '../controls/containment/settings';
export { OTHER_POLICY_TYPES, breakGlassNameProblem, organizationSchema } from './organization-schema';

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






const controlsSchema = switches(CONTROL_IDS, (id) => ({ description: `${CONTROLS[id].title}.`, default: CONTROLS[id].enabledByDefault }));



const iamSchema = z.strictObject({
  passwordPolicy: passwordPolicySettingsSchema.optional().meta({ description: 'The account password policy for IAM users (the passwordPolicy control).' }),
  mfaRequiredGroups: groupNames().optional().meta({ description: 'Existing IAM groups of human users that also get the MFA-required policy (the mfaEnforcement control). Each group must exist in the account.', defaultText: 'none' }),
  humanUsers: userNames().optional().meta({ description: 'Existing IAM users who are people: the stack puts each in the baseline\'s group (account-baseline-human-users), so the MFA, region-deny and circuit-breaker policies bind them. Each user must exist in the account; never list workloads (access keys carry no MFA).', defaultText: 'none' }),
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
