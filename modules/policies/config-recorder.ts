import { PolicyDocument, policyDocument } from './policy-document';

/** Trust policy: only AWS Config, acting for this account, may assume the role. */
export function configServiceTrustPolicy(accountId: string): PolicyDocument {
  return policyDocument({
    Sid: 'ConfigAssumesRoleForThisAccount',
    Effect: 'Allow',
    Principal: { Service: 'config.amazonaws.com' },
    Action: 'sts:AssumeRole',
    Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
  });
}
