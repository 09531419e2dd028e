/**
 * The configuration file's `organization` section: the organisation, its management and security
 * accounts, the break-glass roles its SCPs exempt, and what it keeps besides the baseline's own.
 */
import { z } from 'zod';
import { ROLE_ARN_PATTERN, accountId, onOff, wholeNumber } from '../core/config-primitives';
import { BASELINE_NAME_PREFIX, fixedRolePath } from '../policies/protective';

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
