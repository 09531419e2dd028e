import { IamOrganizationsFeatures } from '@cdktf/provider-aws/lib/iam-organizations-features';
import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { OrganizationsPolicyAttachment } from '@cdktf/provider-aws/lib/organizations-policy-attachment';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { memberRootDenyPolicy } from '../../policies/identity';
import { checkedScpContent } from '../../policies/scp-limits';

export const MEMBER_ROOT_SCP_NAME = 'account-baseline-deny-member-root';

/** IAM's centralised root access for an organisation. */
export interface CentralRootAccessProps {
  /** The management account's provider. */
  readonly provider: TerraformProvider;
  /** Where the SCP is attached (the organisation root, OUs or accounts); `name` names the attachment. */
  readonly targets: ReadonlyArray<{ readonly name: string; readonly targetId: string }>;
  /** What must exist first (the organisation's trusted access for IAM). @default - nothing */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * Centralised root access for the member accounts (management stack): IAM's organisation
 * features RootCredentialsManagement (the management account can delete and audit member root
 * credentials) and RootSessions (it can open short, task-scoped root sessions with
 * sts:AssumeRoot), and an SCP that denies the member root users everything outside such a
 * session. Member root credentials are not deleted by this construct: that is an API call per
 * account (`aws iam delete-login-profile` etc. in a root session), described in docs/deploying.md ("Removing member root credentials").
 */
export class CentralRootAccess extends Construct {
  readonly policy: OrganizationsPolicy;

  constructor(scope: Construct, id: string, props: CentralRootAccessProps) {
    super(scope, id);
    const { provider } = props;
    const dependsOn = [...(props.dependsOn ?? [])];
    new IamOrganizationsFeatures(this, 'features', {
      provider,
      enabledFeatures: ['RootCredentialsManagement', 'RootSessions'],
      dependsOn,
    });
    const content = checkedScpContent('CentralRootAccess', MEMBER_ROOT_SCP_NAME, memberRootDenyPolicy(), 'it has no configurable part');
    this.policy = new OrganizationsPolicy(this, 'member-root-scp', {
      provider,
      name: MEMBER_ROOT_SCP_NAME,
      description: 'Member root users may act only in privileged root sessions (sts:AssumeRoot), and never create access keys',
      type: 'SERVICE_CONTROL_POLICY',
      content,
      dependsOn,
    });
    for (const target of props.targets) {
      new OrganizationsPolicyAttachment(this, `attachment-${target.name}`, { provider, policyId: this.policy.id, targetId: target.targetId });
    }
  }
}
