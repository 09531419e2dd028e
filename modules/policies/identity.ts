import { PolicyDocument, policyDocument } from './policy-document';

/** The only IAM user the `${aws:username}` policy variable resolves to: the caller. */
const OWN_USER = 'arn:aws:iam::*:user/${aws:username}';

/**
 * Actions a human IAM user may call before signing in with MFA: enough to set up and use an MFA
 * device, and to change an expired password. The list follows AWS's published policy "Allows
 * MFA-authenticated IAM users to manage their own credentials on the Security credentials page"
 * (docs/sources.md), plus iam:ChangePassword and iam:GetAccountPasswordPolicy, which the
 * same AWS page recommends adding so that a user whose password expired (or must be reset at
 * first sign-in) can still change it rather than being locked out.
 */
export const ACTIONS_ALLOWED_WITHOUT_MFA = [
  'iam:ChangePassword',
  'iam:CreateVirtualMFADevice',
  'iam:EnableMFADevice',
  'iam:GetAccountPasswordPolicy',
  'iam:GetUser',
  'iam:ListMFADevices',
  'iam:ListVirtualMFADevices',
  'iam:ResyncMFADevice',
  'sts:GetSessionToken',
] as const;

/**
 * AWS's "MFA-authenticated IAM users manage their own credentials" policy: each user may manage
 * their own password, keys and MFA devices, and everything else is denied until the session is
 * MFA-authenticated. The deny applies whatever other policies allow; it grants nothing beyond
 * self-service, so the user's group still needs its own permissions.
 *
 * A virtual MFA device may have any name (as in AWS's policy): the device is useless until it is
 * enabled, and enabling is limited to the caller's own user.
 */
export function requireMfaPolicy(): PolicyDocument {
  return policyDocument(
    {
      Sid: 'AllowViewAccountInfo',
      Effect: 'Allow',
      Action: ['iam:GetAccountPasswordPolicy', 'iam:ListVirtualMFADevices'],
      Resource: '*',
    },
    {
      Sid: 'AllowManageOwnPasswords',
      Effect: 'Allow',
      Action: ['iam:ChangePassword', 'iam:GetUser'],
      Resource: OWN_USER,
    },
    {
      Sid: 'AllowManageOwnAccessKeys',
      Effect: 'Allow',
      Action: ['iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:GetAccessKeyLastUsed', 'iam:ListAccessKeys', 'iam:UpdateAccessKey'],
      Resource: OWN_USER,
    },
    {
      Sid: 'AllowManageOwnSigningCertificates',
      Effect: 'Allow',
      Action: ['iam:DeleteSigningCertificate', 'iam:ListSigningCertificates', 'iam:UpdateSigningCertificate', 'iam:UploadSigningCertificate'],
      Resource: OWN_USER,
    },
    {
      Sid: 'AllowManageOwnSSHPublicKeys',
      Effect: 'Allow',
      Action: ['iam:DeleteSSHPublicKey', 'iam:GetSSHPublicKey', 'iam:ListSSHPublicKeys', 'iam:UpdateSSHPublicKey', 'iam:UploadSSHPublicKey'],
      Resource: OWN_USER,
    },
    {
      Sid: 'AllowManageOwnGitCredentials',
      Effect: 'Allow',
      Action: [
        'iam:CreateServiceSpecificCredential',
        'iam:DeleteServiceSpecificCredential',
        'iam:ListServiceSpecificCredentials',
        'iam:ResetServiceSpecificCredential',
        'iam:UpdateServiceSpecificCredential',
      ],
      Resource: OWN_USER,
    },
    {
      Sid: 'AllowManageOwnVirtualMFADevice',
      Effect: 'Allow',
      Action: 'iam:CreateVirtualMFADevice',
      Resource: 'arn:aws:iam::*:mfa/*',
    },
    {
      Sid: 'AllowManageOwnUserMFA',
      Effect: 'Allow',
      Action: ['iam:DeactivateMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:ResyncMFADevice'],
      Resource: OWN_USER,
    },
    {
      Sid: 'DenyAllExceptListedIfNoMFA',
      Effect: 'Deny',
      NotAction: ACTIONS_ALLOWED_WITHOUT_MFA,
      Resource: '*',
      // IfExists: a request without the key at all (long-term access keys) is treated as no MFA.
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    },
  );
}

/** Any account's root user, as `aws:PrincipalArn` names it. */
const ANY_ROOT_USER = 'arn:aws:iam::*:root';

/**
 * SCP for member accounts under centralised root access: the root user can do nothing except
 * in a privileged root session that the management account (or the delegated IAM
 * administrator) opens with sts:AssumeRoot, whose requests carry `aws:AssumedRoot`. Creating a
 * root access key is denied even then. The shape AWS publishes for centralised root access,
 * plus Control Tower's root access-key deny (docs/sources.md). SCPs never apply to the
 * management account, whose root user stays unrestricted.
 */
export function memberRootDenyPolicy(): PolicyDocument {
  return policyDocument(
    {
      Sid: 'DenyRootUserOutsidePrivilegedRootSessions',
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { ArnLike: { 'aws:PrincipalArn': ANY_ROOT_USER }, Null: { 'aws:AssumedRoot': 'true' } },
    },
    {
      Sid: 'DenyRootAccessKeys',
      Effect: 'Deny',
      Action: 'iam:CreateAccessKey',
      Resource: '*',
      Condition: { ArnLike: { 'aws:PrincipalArn': ANY_ROOT_USER } },
    },
  );
}
