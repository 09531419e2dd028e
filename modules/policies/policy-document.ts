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

export function policyDocument(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

/** Compact JSON, as AWS stores and counts it; key order follows the builders, so it is stable. */
export function toPolicyJson(document: PolicyDocument): string {
  return JSON.stringify(document);
}
