/** Name prefix of every role, policy, group, key alias, rule, alarm, budget and bucket the baseline creates. */
export const BASELINE_NAME_PREFIX = 'account-baseline-';

/**
 * The IAM path for the deployment roles of member accounts that have no OrganizationAccountAccessRole
 * (accounts invited into the organisation): a role of any name on it is exempt from the baseline's
 * SCPs as one ARN, however many accounts there are, and the protective SCP lets nobody else create
 * or change a role there (its ARN starts with the baseline's prefix).
 */
export const DEPLOYMENT_ROLE_PATH = `/${BASELINE_NAME_PREFIX}deployer/`;
/** Every deployment role on DEPLOYMENT_ROLE_PATH, in every account. */
export const DEPLOYMENT_ROLE_SHAPE = `arn:aws:iam::*:role${DEPLOYMENT_ROLE_PATH}*`;

/** Whether a role ARN is a deployment role on DEPLOYMENT_ROLE_PATH (directly on it, any name). */
export function onDeploymentRolePath(arn: string): boolean {
  return new RegExp(`^arn:aws:iam::(\\d{12}|\\*):role${DEPLOYMENT_ROLE_PATH}[\\w+=,.@-]+$`).test(arn);
}

/**
 * The path and name of an IAM role ARN up to its first wildcard (`BreakGlass` for
 * `arn:aws:iam::*:role/BreakGlass*`), and whether a wildcard follows.
 */
export function fixedRolePath(arn: string): { readonly fixed: string; readonly wildcard: boolean } {
  const pathAndName = arn.slice(arn.indexOf(':role/') + ':role/'.length);
  const fixed = pathAndName.split(/[*?]/)[0];
  return { fixed, wildcard: fixed.length < pathAndName.length };
}

