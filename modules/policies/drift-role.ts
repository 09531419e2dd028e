/**
 * The read-only role drift detection runs as, so that no administrator role is needed to find out
 * whether the baseline is still in place: AWS's ReadOnlyAccess (what a plan reads) plus reading
 * the Terraform state, and explicitly no reading of data (objects, secrets, parameters, queues,
 * tables, logs) beyond the state.
 */
import { PolicyDocument, PolicyStatement, policyDocument } from './policy-document';

export const DRIFT_ROLE_NAME = 'account-baseline-drift-readonly';
export const READ_ONLY_ACCESS_ARN = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
/** GitHub Actions' OIDC issuer. */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

export const driftRoleArn = (accountId: string) => `arn:aws:iam::${accountId}:role/${DRIFT_ROLE_NAME}`;

/** Who may assume the drift role. */
export interface DriftTrustProps {
  /** The 12-digit ID of the account. */
  readonly accountId: string;
  /**
   * GitHub repository (`owner/name`) whose workflows may assume the role through GitHub's OIDC
   * provider in this account.
   * @default - GitHub is not trusted
   */
  readonly githubRepository?: string;
  /**
   * Roles that may assume it (the management account's drift role, a CI role of your own).
   * @default - none
   */
  readonly trustedRoleArns?: readonly string[];
}

/** Who may assume the drift role: this repository's GitHub workflows, and the roles named. */
export function driftTrustPolicy(props: DriftTrustProps): PolicyDocument {
  const statements: PolicyStatement[] = [];
  if (props.githubRepository) {
    statements.push({
      Sid: 'GitHubWorkflowsOfTheRepository',
      Effect: 'Allow',
      Principal: { Federated: `arn:aws:iam::${props.accountId}:oidc-provider/${GITHUB_OIDC_HOST}` },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com' },
        StringLike: { [`${GITHUB_OIDC_HOST}:sub`]: `repo:${props.githubRepository}:*` },
      },
    });
  }
  const roles = [...new Set(props.trustedRoleArns ?? [])].sort();
  if (roles.length > 0) statements.push({ Sid: 'TrustedRoles', Effect: 'Allow', Principal: { AWS: roles }, Action: 'sts:AssumeRole' });
  if (statements.length === 0) throw new Error('driftTrustPolicy: trust a GitHub repository or at least one role, or nobody can assume the role');
  return policyDocument(...statements);
}

/** State objects: `<bucket>/<keyPrefix>/*`. */
export interface StateLocation {
  readonly bucket: string;
  readonly keyPrefix: string;
  readonly kmsKeyArn?: string;
}

/**
 * What the role adds to ReadOnlyAccess: reading the state (objects, listing, its key), and a
 * deny on reading any other data, whatever else it is given.
 */
export function driftRolePolicy(state?: StateLocation): PolicyDocument {
  const stateObjects = state ? `arn:aws:s3:::${state.bucket}/${state.keyPrefix}/*` : undefined;
  const statements: PolicyStatement[] = [];
  if (state) {
    statements.push(
      { Sid: 'ReadTheState', Effect: 'Allow', Action: 's3:GetObject', Resource: stateObjects },
      { Sid: 'ListTheState', Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${state.bucket}` },
    );
    if (state.kmsKeyArn) statements.push({ Sid: 'DecryptTheState', Effect: 'Allow', Action: 'kms:Decrypt', Resource: state.kmsKeyArn });
  }
  statements.push(
    {
      Sid: 'ReadNoObjectsButTheState',
      Effect: 'Deny',
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      ...(stateObjects ? { NotResource: stateObjects } : { Resource: '*' }),
    },
    {
      Sid: 'ReadNoData',
      Effect: 'Deny',
      Action: [
        'dynamodb:BatchGetItem',
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:Scan',
        'logs:FilterLogEvents',
        'logs:GetLogEvents',
        'secretsmanager:GetSecretValue',
        'sqs:ReceiveMessage',
        'ssm:GetParameter',
        'ssm:GetParameterHistory',
        'ssm:GetParameters',
        'ssm:GetParametersByPath',
      ],
      Resource: '*',
    },
  );
  return policyDocument(...statements);
}
