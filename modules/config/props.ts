/**
 * The constructs' props are checked with the configuration file's own field rules (the same zod
 * schemas, reported the same way, so the same messages), so composing `new AccountBaseline(...)` in code refuses what the
 * YAML refuses, before the construct is added to the tree.
 */
import { z } from 'zod';
import { ConfigError, clearestProblems } from './load';
import { accountId, accountSchema, alertsSchema, containmentSchema, groupNames, organizationSchema, region, regionList, userNames } from './schema';

const accountIds = () => z.array(accountId(), { error: 'must be a list of 12-digit AWS account IDs' });

/** The AccountBaseline props that have a field in the configuration file. */
export const accountBaselinePropsSchema = z.object({
  accountId: accountId(),
  homeRegion: region(),
  alertEmails: alertsSchema.shape.emails,
  alertLanguage: alertsSchema.shape.language,
  enabledRegions: regionList('every region of the account the baseline covers').optional(),
  allowedRegions: regionList('the regions the account may use').optional(),
  assumeRoleArn: accountSchema.shape.assumeRoleArn,
  mfaRequiredGroups: groupNames().optional(),
  humanUsers: userNames().optional(),
  containment: containmentSchema.partial().optional(),
});

/** The OrganizationBaseline props that have a field in the configuration file. */
export const organizationBaselinePropsSchema = z.object({
  organizationId: organizationSchema.shape.organizationId,
  managementAccountId: accountId(),
  securityAccountId: accountId(),
  memberAccountIds: accountIds(),
  homeRegion: region(),
  allowedRegions: regionList('the regions the member accounts may use').optional(),
  enabledRegions: regionList('every region the organisation-level controls cover').optional(),
  breakGlassRoleArns: organizationSchema.shape.breakGlassRoleArns,
  otherTrustedServices: organizationSchema.shape.otherTrustedServices,
  otherPolicyTypes: organizationSchema.shape.otherPolicyTypes,
  policyTargets: organizationSchema.shape.policyTargets,
  otherScpsPerTarget: organizationSchema.shape.otherScpsPerTarget,
});

/** Throws a ConfigError naming each bad prop, its value and what is allowed. */
export function checkProps(construct: string, schema: z.ZodType, props: unknown): void {
  const result = schema.safeParse(props, { reportInput: true });
  if (!result.success) throw new ConfigError(construct, clearestProblems(result.error.issues, props), `new ${construct}(...) was given props the configuration file would refuse`);
}
