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
