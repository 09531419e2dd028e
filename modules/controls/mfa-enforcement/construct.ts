import { IamGroup } from '@cdktf/provider-aws/lib/iam-group';
import { IamGroupPolicyAttachment } from '@cdktf/provider-aws/lib/iam-group-policy-attachment';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamUserGroupMembership } from '@cdktf/provider-aws/lib/iam-user-group-membership';
import { Construct } from 'constructs';
import type { AlertsHub } from '../../core/alerts-hub';
import type { RegionalProviders } from '../../core/regional-providers';
import { consoleSignInWithoutMfaPattern } from '../../policies/events';
import { requireMfaPolicy } from '../../policies/identity';
import { IAM_POLICY_MAX_CHARACTERS, fromTerraformString, toPolicyJson } from '../../policies/policy-document';

export const DEFAULT_HUMAN_USERS_GROUP = 'account-baseline-human-users';
export const REQUIRE_MFA_POLICY_NAME = 'account-baseline-require-mfa';

/** The MFA policy, the groups it binds and the sign-in-without-MFA alert. */
export interface MfaEnforcementProps {
  /** The account's regional providers: one AWS provider per enabled region, locked to the account, and the home region. */
  readonly regions: RegionalProviders;
  /** The alerts hub that turns this control's events into e-mails. */
  readonly alerts: AlertsHub;
  /**
   * Name of the group the baseline creates for human IAM users.
   * @default 'account-baseline-human-users'
   */
  readonly groupName?: string;
  /**
   * Existing groups of human users that also get the policy; each must exist in the account.
   * @default - none
   */
  readonly attachToGroups?: readonly string[];
  /**
   * Existing IAM users who are people, put in the baseline's group; each must exist in the account.
   * @default - none: the group starts empty
   */
  readonly members?: readonly string[];
}

/**
 * Requires MFA of human IAM users: a managed policy in the shape AWS documents (self-service to
 * set up MFA, everything else denied until the session has MFA) on a baseline group and on the
 * groups named, and an alert whenever an IAM user signs in to the console without MFA, in any
 * region. Put people in the group; never put workloads there, since access keys never carry MFA.
 */
export class MfaEnforcement extends Construct {
  readonly group: IamGroup;
  /** The group's name, known at synth time (for policies that name the group). */
  readonly groupName: string;
  readonly policy: IamPolicy;

  constructor(scope: Construct, id: string, props: MfaEnforcementProps) {
    super(scope, id);
    const provider = props.regions.home;
    const document = toPolicyJson(requireMfaPolicy());
    const size = fromTerraformString(document).length;
    if (size > IAM_POLICY_MAX_CHARACTERS) {
      throw new Error(`MfaEnforcement: the policy is ${size} characters, over IAM's ${IAM_POLICY_MAX_CHARACTERS}`);
    }
    this.policy = new IamPolicy(this, 'policy', {
      provider,
      name: REQUIRE_MFA_POLICY_NAME,
      description: 'Human IAM users may only set up MFA and manage their own credentials until they sign in with MFA',
      policy: document,
    });
    this.groupName = props.groupName ?? DEFAULT_HUMAN_USERS_GROUP;
    this.group = new IamGroup(this, 'human-users', { provider, name: this.groupName });
    new IamGroupPolicyAttachment(this, 'human-users-policy', { provider, group: this.group.name, policyArn: this.policy.arn });
    // Ids carry the group name, so reordering the list replaces nothing.
    const own = props.groupName ?? DEFAULT_HUMAN_USERS_GROUP;
    for (const group of [...new Set(props.attachToGroups ?? [])].filter((name) => name !== own).sort()) {
      new IamGroupPolicyAttachment(this, `group-${group}`, { provider, group, policyArn: this.policy.arn });
    }
    // One membership per user (not the group's whole list), so people added by hand stay in the group.
    for (const user of [...new Set(props.members ?? [])].sort()) {
      new IamUserGroupMembership(this, `member-${user}`, { provider, user, groups: [this.group.name] });
    }
    props.alerts.route(this, 'sign-in-without-mfa', {
      description: 'Alerts when an IAM user signs in to the console without MFA',
      pattern: consoleSignInWithoutMfaPattern(),
      alert: { alert: 'sign-in-without-mfa' },
    });
  }
}
