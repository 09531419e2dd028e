import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { DRIFT_ROLE_NAME, GITHUB_OIDC_HOST, READ_ONLY_ACCESS_ARN, StateLocation, driftRolePolicy, driftTrustPolicy } from '../policies/drift-role';
import { toPolicyJson } from '../policies/policy-document';

/** Who may assume an account's read-only drift role, and the state it may read. */
export interface DriftRoleOptions {
  readonly githubRepository?: string;
  readonly createGithubOidcProvider: boolean;
  readonly trustedRoleArns: readonly string[];
  readonly state?: { readonly bucket: string; readonly keyPrefix: string; readonly kmsKeyArn?: string };
}

/** The read-only drift role of one account and who may assume it. */
export interface DriftRoleProps {
  /** The AWS provider (account and region) the resources are created with. */
  readonly provider: TerraformProvider;
  /** The 12-digit ID of the account. */
  readonly accountId: string;
  /**
   * GitHub repository (`owner/name`) whose workflows may assume the role.
   * @default - GitHub is not trusted
   */
  readonly githubRepository?: string;
  /**
   * Create GitHub's OIDC identity provider in the account (an account has at most one per issuer).
   * @default true when githubRepository is set
   */
  readonly createGithubOidcProvider?: boolean;
  /**
   * Roles that may assume it (in an organisation, the management account's drift role).
   * @default - none
   */
  readonly trustedRoleArns?: readonly string[];
  /**
   * Where the Terraform state lives, which the role may read.
   * @default - local state: nothing to read in AWS
   */
  readonly state?: StateLocation;
}

/**
 * `account-baseline-drift-readonly`: the role `npm run drift` runs as in CI, trusted by a GitHub
 * repository (through GitHub's OIDC provider) or by named roles. It reads what a plan reads
 * (ReadOnlyAccess) and the state, and no data besides.
 */
export class DriftRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: DriftRoleProps) {
    super(scope, id);
    const { provider } = props;
    const oidc =
      props.githubRepository && (props.createGithubOidcProvider ?? true)
        ? new IamOpenidConnectProvider(this, 'github-oidc', { provider, url: `https://${GITHUB_OIDC_HOST}`, clientIdList: ['sts.amazonaws.com'] })
        : undefined;
    this.role = new IamRole(this, 'role', {
      provider,
      name: DRIFT_ROLE_NAME,
      description: 'Drift detection: reads what a Terraform plan reads and the state, and no data; changes nothing',
      maxSessionDuration: 3600,
      assumeRolePolicy: toPolicyJson(driftTrustPolicy(props)),
      inlinePolicy: [{ name: 'read-the-state-and-no-data', policy: toPolicyJson(driftRolePolicy(props.state)) }],
      dependsOn: oidc ? [oidc] : undefined,
    });
    new IamRolePolicyAttachment(this, 'read-only-access', { provider, role: this.role.name, policyArn: READ_ONLY_ACCESS_ARN });
  }
}
