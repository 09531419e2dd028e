/**
 * What Terraform would not manage on a resource it adopts: policies attached to a role or group
 * that the stack does not declare, subscriptions and a data protection policy on a topic, a
 * function URL, bucket replication, extra rule targets, imported key material. Tags prove
 * nothing (anyone who may tag may copy them), and after the import these would stay: so each is a
 * conflict the owner must see and decide, whoever the tags say made the resource. What only
 * deserves a look (a detector's archive filters, trusted IP lists) is listed for review.
 */
import { AwsReadError, isNotFound } from '../aws-reader';
import type { Conflict, FindContext, Finding, Present } from '../finding';
import { resolveReferences } from '../stack-model';

/** The values of `attribute` in the stack's resources of `type` that refer to `address`, where they resolve. */
export function declaredValues(context: FindContext, type: string, attribute: string, address = context.resource.address): Array<string | undefined> {
  return context.stackResources
    .filter((candidate) => candidate.type === type && candidate.references.includes(address))
    .map((candidate) => {
      try {
        return String(resolveReferences(candidate.block[attribute], context.known));
      } catch {
        return undefined;
      }
    });
}

/** Every IAM policy ARN the stack may attach: its own policies (by name and path) and AWS's it names. */
export function policyArnsOfStack(context: FindContext): Set<string> {
  const arns = new Set<string>();
  for (const resource of context.stackResources) {
    if (resource.type === 'aws_iam_policy') arns.add(`arn:aws:iam::${resource.provider.account}:policy${(resource.block.path as string | undefined) ?? '/'}${String(resource.block.name)}`);
    for (const arn of (resource.block.managed_policy_arns as string[] | undefined) ?? []) arns.add(arn);
    const attached = resource.block.policy_arn;
    if (typeof attached === 'string' && attached.startsWith('arn:')) arns.add(attached);
  }
  return arns;
}

/** The conflict for what the deploy would leave in place on an adopted resource. */
export function extrasConflict(what: string, name: string, extras: readonly string[], remove: string): Conflict {
  return {
    why: `${what} ${name} carries what the baseline does not declare: ${extras.join('; ')}. Terraform would leave it there after adopting ${what === 'key' ? 'the key' : `the ${what}`}, whoever put it there`,
    choice: `${remove}, then run npm run adopt again; or, if it is yours and wanted, take it over as it is with npm run adopt -- --accept`,
  };
}

/** `finding` with the extras' conflict (joined to one it already has) and what to review. */
export function withExtras(finding: Finding, conflict: Conflict | undefined, review: readonly string[] = []): Finding {
  if (finding.kind !== 'present') return finding;
  const merged: Present = {
    ...finding,
    ...(conflict
      ? { conflict: finding.conflict ? { why: `${finding.conflict.why}; ${conflict.why}`, choice: `${finding.conflict.choice}; ${conflict.choice}` } : conflict }
      : {}),
    ...(review.length > 0 ? { review: [...(finding.review ?? []), ...review] } : {}),
  };
  return merged;
}

/**
 * A read that only adds to what is reported: its answer, `absent` when AWS says there is none, or a
 * note to review when it cannot be made (an emulator that does not serve it, a refused read).
 */
export async function optionalRead<T>(read: () => Promise<T>, what: string): Promise<{ value?: T; absent?: true; note?: string }> {
  try {
    return { value: await read() };
  } catch (error) {
    if (isNotFound(error)) return { absent: true };
    const code = error instanceof AwsReadError ? error.code : (error as Error).name;
    return { note: `${what} could not be checked (${code}): look at it yourself` };
  }
}
