import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { PolicyDocument } from '../../modules/policies/policy-document';

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export interface Request {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly resourceAccount: string;
  readonly context?: Record<string, string | string[]>;
}

/**
 * Asks a real IAM policy engine for the decision on one request against the given policies.
 * Throws if the engine rejects the input (an invalid policy or action), so a typo cannot pass as a deny.
 */
export async function decide(
  request: Request,
  policies: { resourcePolicy?: PolicyDocument | unknown; identityPolicies?: Array<PolicyDocument | unknown> },
): Promise<Decision> {
  const response = await runSimulation(
    {
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: request.resourceAccount },
        contextVariables: { 'aws:SecureTransport': 'true', ...request.context },
      },
      identityPolicies: (policies.identityPolicies ?? []).map((policy, index) => ({ name: `identity-${index}`, policy: policy as any })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: policies.resourcePolicy as any,
    } as any,
    {},
  );
  if (response.resultType === 'error') throw new Error(`the policy engine rejected the simulation: ${JSON.stringify(response.errors)}`);
  return response.overallResult as Decision;
}

/**
 * The condition keys of one resource-policy statement (by Sid) that the request did not satisfy.
 * For keys the engine cannot receive (it drops `kms:EncryptionContext:<key>`), this lets a test
 * show that every other condition of the statement holds.
 */
export async function unmetConditions(request: Request, resourcePolicy: unknown, sid: string): Promise<string[]> {
  const response: any = await runSimulation(
    {
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: request.resourceAccount },
        contextVariables: { 'aws:SecureTransport': 'true', ...request.context },
      },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: resourcePolicy as any,
    } as any,
    {},
  );
  if (response.resultType !== 'single') throw new Error(`unexpected simulation result: ${JSON.stringify(response.errors ?? response.resultType)}`);
  const analysis = response.result.analysis.resourceAnalysis;
  const statement = [...analysis.allowStatements, ...analysis.denyStatements, ...analysis.unmatchedStatements].find(
    (candidate: any) => candidate.explain?.identifier === sid,
  );
  if (!statement) throw new Error(`no statement ${sid} in the policy`);
  if (statement.principalMatch !== 'Match' || !statement.actionMatch || !statement.resourceMatch) {
    throw new Error(`statement ${sid} does not apply to this principal, action and resource`);
  }
  return (statement.explain.conditions ?? []).filter((condition: any) => !condition.matches).map((condition: any) => condition.conditionKeyValue);
}
