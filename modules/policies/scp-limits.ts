import { PolicyDocument, SCP_MAX_CHARACTERS, fromTerraformString, toPolicyJson } from './policy-document';

/** AWS Organizations: at most 5 SCPs attached to one root, OU or account, AWS's FullAWSAccess included. */
export const SCPS_PER_TARGET_MAX = 5;

/** What to change when an SCP that lists the break-glass roles is too large. */
export const FEWER_BREAK_GLASS_ROLES = 'list fewer organization.breakGlassRoleArns (one wildcard ARN such as arn:aws:iam::*:role/BreakGlass* covers many)';

export interface PlannedScp {
  readonly name: string;
  /** The document as AWS will count it (minified, Terraform escapes removed). */
  readonly content: string;
  /** What to change when it is too large. */
  readonly tooLargeHint: string;
}

export interface PlannedTarget {
  /** How the message names the target ("the organisation root", "account sandbox (100000000005)"). */
  readonly target: string;
  /** The baseline's SCPs attached to it, or that a budget action may attach. */
  readonly policies: readonly string[];
  /** SCPs attached outside the baseline that stay attached. */
  readonly otherPolicies: number;
}

/** Why one SCP is too large for AWS, or undefined when it fits. */
export function scpSizeProblem(scp: PlannedScp): string | undefined {
  const over = scp.content.length - SCP_MAX_CHARACTERS;
  return over > 0 ? `the SCP ${scp.name} is ${scp.content.length} characters, ${over} over the ${SCP_MAX_CHARACTERS} AWS allows; ${scp.tooLargeHint}` : undefined;
}

/**
 * An SCP's content for Terraform, minified; throws, naming `owner`, when AWS would refuse its size.
 * For SCPs a construct owns alone; the organisation's report collects problems instead.
 */
export function checkedScpContent(owner: string, name: string, document: PolicyDocument, tooLargeHint: string): string {
  const content = toPolicyJson(document);
  const tooLarge = scpSizeProblem({ name, content: fromTerraformString(content), tooLargeHint });
  if (tooLarge) throw new Error(`${owner}: ${tooLarge}`);
  return content;
}

/**
 * Every AWS Organizations limit the baseline's SCPs could break at apply time, as messages that
 * say which policy or target, by how much, and what to change. Empty when all is well.
 */
export function scpLimitProblems(scps: readonly PlannedScp[], targets: readonly PlannedTarget[]): string[] {
  const problems = scps.map(scpSizeProblem).filter((problem): problem is string => problem !== undefined);
  for (const target of targets) {
    const count = 1 + target.policies.length + target.otherPolicies;
    const over = count - SCPS_PER_TARGET_MAX;
    if (over > 0) {
      const others = target.otherPolicies > 0 ? `, ${target.otherPolicies} of your own` : '';
      problems.push(
        `${target.target} would carry ${count} SCPs (FullAWSAccess, ${target.policies.join(', ')}${others}), ${over} over the ${SCPS_PER_TARGET_MAX} AWS allows per target; ` +
          'attach the baseline to OUs instead (organization.policyTargets), merge or detach SCPs of your own, or switch a baseline control off' +
          (target.policies.includes('account-baseline-keep-contained') ? ' (or only its SCP: organization.keepContainedScp: false)' : ''),
      );
    }
  }
  return problems;
}
