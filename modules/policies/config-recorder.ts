import { PolicyDocument, policyDocument } from './policy-document';
import { bucketArn } from './evidence';

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

/** What the recorder's role needs beyond AWS_ConfigRole: deliver to the evidence bucket, encrypted with its key. */
export function configDeliveryPolicy(props: { bucket: string; accountId: string; keyArn: string }): PolicyDocument {
  return policyDocument(
    { Sid: 'CheckBucket', Effect: 'Allow', Action: 's3:GetBucketAcl', Resource: bucketArn(props.bucket) },
    {
      Sid: 'DeliverSnapshotsAndHistory',
      Effect: 'Allow',
      Action: 's3:PutObject',
      Resource: `${bucketArn(props.bucket)}/AWSLogs/${props.accountId}/Config/*`,
    },
    { Sid: 'EncryptDeliveries', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: props.keyArn },
  );
}
