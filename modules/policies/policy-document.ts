/** IAM policy documents as plain data, so pure builders can be unit-tested and simulated. */

export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, string | readonly string[] | boolean>>>>;

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: '*' | Partial<Readonly<Record<'AWS' | 'Service' | 'Federated', string | readonly string[]>>>;
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Condition?: ConditionBlock;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

/** An IAM policy document (version 2012-10-17) of the given statements. */
export function policyDocument(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

/** IAM policy variables such as `${aws:username}`, `${aws:PrincipalTag/team}`, `${*}`. */
const IAM_POLICY_VARIABLE = /\$\{(\*|\?|\$|[A-Za-z0-9-]+:[^}]+)\}/g;

/**
 * Compact JSON, as AWS stores and counts it; key order follows the builders, so it is stable.
 * For Terraform, IAM policy variables are escaped (`$${aws:username}`), otherwise Terraform reads
 * them as its own interpolation and rejects the configuration; Terraform removes the escape
 * again before sending the document to AWS. CDKTF tokens (`${TfToken[...]}`) are left alone.
 */
export function toPolicyJson(document: PolicyDocument): string {
  return JSON.stringify(document).replace(IAM_POLICY_VARIABLE, (variable) => `$${variable}`);
}

/** The document AWS receives from a policy string in Terraform JSON: `$${` and `%%{` unescaped. */
export function fromTerraformString(value: string): string {
  return value.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

/** IAM's limit for a customer-managed policy document, counted without whitespace. */
export const IAM_POLICY_MAX_CHARACTERS = 6144;

/** AWS Organizations' limit for one SCP document, counted without insignificant whitespace. */
export const SCP_MAX_CHARACTERS = 5120;

/** Trust for an AWS service acting for this account only (`aws:SourceAccount`): EventBridge forwarding, Scheduler's heartbeat. */
export function serviceTrustPolicy(service: string, accountId: string): PolicyDocument {
  return policyDocument({
    Effect: 'Allow',
    Principal: { Service: service },
    Action: 'sts:AssumeRole',
    Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
  });
}

/** Trust policy of a Lambda function's role: only Lambda may assume it. */
export function lambdaTrustPolicy(): PolicyDocument {
  return policyDocument({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' });
}
