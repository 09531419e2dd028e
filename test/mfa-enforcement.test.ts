import { DEFAULT_ENABLED_REGIONS } from '../modules/core/regions';
import { fromTerraformString } from '../modules/policies/policy-document';
import { matchesPattern } from './support/event-pattern';
import { alertsOn } from './support/event-routing';
import { DEFAULT_CONFIG, ORGANIZATION_EXAMPLE, configProblems, resourcesOfType, synthesize, validConfigData } from './support/fixtures';
import { ADMINISTRATOR_ACCESS, Decision, callerContext, decide } from './support/simulate';

const stack = synthesize(DEFAULT_CONFIG).stack('account-personal');
const account = '111122223333';
// Taken from the synthesized JSON, unescaped as Terraform does before sending it to AWS.
const [policyResource] = resourcesOfType(stack, 'aws_iam_policy').filter((policy) => policy.name === 'account-baseline-require-mfa');
const requireMfa = JSON.parse(fromTerraformString(policyResource.policy));

const alice = `arn:aws:iam::${account}:user/alice`;
const bob = `arn:aws:iam::${account}:user/bob`;

/** Alice, a human user in the baseline group who also holds an administrator policy. */
function asAlice(action: string, resource: string, mfa: 'true' | 'false' | 'absent', identityPolicies: unknown[] = [requireMfa, ADMINISTRATOR_ACCESS]): Promise<Decision> {
  const context: Record<string, string> = { ...callerContext(alice) };
  if (mfa !== 'absent') context['aws:MultiFactorAuthPresent'] = mfa;
  return decide({ principal: alice, action, resource, resourceAccount: account, context }, { identityPolicies });
}

describe('mfaEnforcement: without MFA a human user can do nothing but set MFA up', () => {
  test.each([
    ['ec2:RunInstances', `arn:aws:ec2:us-east-1:${account}:instance/i-0123456789abcdef0`],
    ['s3:ListAllMyBuckets', '*'],
    ['iam:CreateAccessKey', alice],
    ['iam:CreateAccessKey', bob],
    ['iam:DeactivateMFADevice', alice],
    ['iam:AttachUserPolicy', alice],
  ])('%s on %s is explicitly denied, even with an administrator policy', async (action, resource) => {
    expect(await asAlice(action, resource, 'false')).toBe('ExplicitlyDenied');
  });

  test('a request with long-term access keys (no MFA key at all) is denied the same way', async () => {
    expect(await asAlice('ec2:RunInstances', `arn:aws:ec2:us-east-1:${account}:instance/i-0123456789abcdef0`, 'absent')).toBe('ExplicitlyDenied');
  });

  test.each([
    ['iam:CreateVirtualMFADevice', `arn:aws:iam::${account}:mfa/alice-phone`],
    ['iam:EnableMFADevice', alice],
    ['iam:ListMFADevices', alice],
    ['iam:ResyncMFADevice', alice],
    ['iam:ChangePassword', alice],
    ['iam:GetUser', alice],
  ])('%s on %s is allowed by the policy alone, without MFA', async (action, resource) => {
    expect(await asAlice(action, resource, 'false', [requireMfa])).toBe('Allowed');
  });

  test.each([
    // CreateVirtualMFADevice acts on a device, never on a user: a new device does nothing until it is enabled on a user.
    ['iam:EnableMFADevice', bob],
    ['iam:DeactivateMFADevice', bob],
    ['iam:ResyncMFADevice', bob],
    ['iam:ChangePassword', bob],
  ])('%s on another user (%s) is not allowed', async (action, resource) => {
    expect(await asAlice(action, resource, 'false', [requireMfa])).not.toBe('Allowed');
    expect(await asAlice(action, resource, 'true', [requireMfa])).not.toBe('Allowed');
  });

  test.each([
    ['ec2:RunInstances', `arn:aws:ec2:us-east-1:${account}:instance/i-0123456789abcdef0`],
    ['s3:ListAllMyBuckets', '*'],
    ['iam:CreateAccessKey', bob],
  ])('with MFA and an administrator policy, %s is allowed', async (action, resource) => {
    expect(await asAlice(action, resource, 'true')).toBe('Allowed');
  });

  test('with MFA the user may deactivate their own device, which the policy grants', async () => {
    expect(await asAlice('iam:DeactivateMFADevice', alice, 'true', [requireMfa])).toBe('Allowed');
  });

  test('the policy grants nothing beyond self-service: with MFA but no other policy, ordinary actions stay implicitly denied', async () => {
    expect(await asAlice('ec2:RunInstances', `arn:aws:ec2:us-east-1:${account}:instance/i-0123456789abcdef0`, 'true', [requireMfa])).toBe('ImplicitlyDenied');
  });

  test('the synthesized policy escapes ${aws:username} for Terraform, and fits IAM’s 6,144-character limit', () => {
    expect(policyResource.policy).toContain('user/$${aws:username}');
    expect(fromTerraformString(policyResource.policy).length).toBeLessThanOrEqual(6144);
  });
});

describe('mfaEnforcement: the group for human users and the groups named in config', () => {
  test('a baseline group carries the policy', () => {
    const [group] = resourcesOfType(stack, 'aws_iam_group');
    expect(group.name).toBe('account-baseline-human-users');
    const attachments = resourcesOfType(stack, 'aws_iam_group_policy_attachment').filter((attachment) => attachment['//'].metadata.path.includes('/mfaEnforcement/'));
    expect(attachments).toHaveLength(1);
    expect(attachments[0].group).toMatch(/aws_iam_group\.baseline_mfaEnforcement_human-users_[^.]+\.name/);
    expect(attachments[0].policy_arn).toMatch(/aws_iam_policy\.baseline_mfaEnforcement_policy_[^.]+\.arn/);
  });

  test('existing groups listed in iam.mfaRequiredGroups get the policy too, per account', () => {
    const config = validConfigData();
    config.iam.mfaRequiredGroups = ['Developers', 'Administrators'];
    config.accounts.push({ name: 'lab', accountId: '444455556666', iam: { mfaRequiredGroups: ['LabUsers'] } });
    const synthesized = synthesize(config);
    const groupsOf = (name: string) =>
      resourcesOfType(synthesized.stack(name), 'aws_iam_group_policy_attachment')
        .filter((attachment) => attachment['//'].metadata.path.includes('/mfaEnforcement/'))
        .map((attachment) => attachment.group)
        .filter((group: string) => !group.startsWith('${'));
    expect(groupsOf('account-personal')).toEqual(['Administrators', 'Developers']);
    expect(groupsOf('account-lab')).toEqual(['LabUsers']);
  });

  test('iam.humanUsers puts existing IAM users in the baseline group, one membership each (people added by hand stay), per account', () => {
    const config = validConfigData();
    config.iam.humanUsers = ['bob', 'alice'];
    config.accounts.push({ name: 'lab', accountId: '444455556666', iam: { humanUsers: ['carol'] } });
    const synthesized = synthesize(config);
    const membersOf = (name: string) => resourcesOfType(synthesized.stack(name), 'aws_iam_user_group_membership').map((membership) => [membership.user, membership.groups]);
    const group = [expect.stringMatching(/^\$\{aws_iam_group\.baseline_mfaEnforcement_human-users_[^.]+\.name\}$/)];
    expect(membersOf('account-personal')).toEqual([['alice', group], ['bob', group]]);
    expect(membersOf('account-lab')).toEqual([['carol', group]]);
    expect(resourcesOfType(stack, 'aws_iam_user_group_membership')).toEqual([]);
  });

  test('iam.humanUsers is refused for a bad user name, a repeated one, or an account without the group', () => {
    const problemsOf = configProblems;
    expect(problemsOf((config) => (config.iam.humanUsers = ['alice smith']))).toEqual(['iam.humanUsers[0]: must be an IAM user name: 1-64 letters, digits and +=,.@_-']);
    expect(problemsOf((config) => (config.iam.humanUsers = ['alice', 'alice']))[0]).toMatch(/^iam\.humanUsers\[1\]: /);
    expect(problemsOf((config) => {
      config.iam.humanUsers = ['alice'];
      config.controls = { mfaEnforcement: false, regionDeny: false };
      config.budget.stopLaunchesAtPercent = undefined;
    })).toEqual(["iam.humanUsers: lists people for personal's baseline group, but mfaEnforcement (which creates the group) is off there; switch it on or remove the users"]);
  });

  test('the organisation example attaches it to the management account’s Administrators group', () => {
    const management = synthesize(ORGANIZATION_EXAMPLE).stack('account-management');
    expect(resourcesOfType(management, 'aws_iam_group_policy_attachment').map((attachment) => attachment.group)).toContain('Administrators');
  });
});

describe('mfaEnforcement: console sign-in without MFA raises an alert from every region', () => {
  const rules = resourcesOfType(stack, 'aws_cloudwatch_event_rule').filter((rule) => rule.name === 'account-baseline-sign-in-without-mfa');
  const signIn = (mfa: string, result = 'Success', type = 'IAMUser') => ({
    source: 'aws.signin',
    'detail-type': 'AWS Console Sign In via CloudTrail',
    region: 'us-east-1',
    detail: { eventName: 'ConsoleLogin', userIdentity: { type, userName: 'alice' }, additionalEventData: { MFAUsed: mfa }, responseElements: { ConsoleLogin: result } },
  });

  test('one rule, in the home region; a sign-in in any enabled region reaches it', () => {
    expect(rules.map((rule) => rule.provider)).toEqual(['aws.ap-northeast-1']);
    for (const region of DEFAULT_ENABLED_REGIONS) expect({ region, alerts: alertsOn(stack, 'account-baseline-sign-in-without-mfa', { ...signIn('No'), region }) }).toEqual({ region, alerts: true });
  });

  test.each([
    ['an IAM user signing in without MFA', true, signIn('No')],
    ['an IAM user signing in with MFA', false, signIn('Yes')],
    ['a failed sign-in without MFA', false, signIn('No', 'Failure')],
    ['a federated (SSO) sign-in', false, signIn('No', 'Success', 'AssumedRole')],
  ])('%s raises an alert: %s', (_what, expected, event) => {
    expect(matchesPattern(JSON.parse(rules[0].event_pattern), event)).toBe(expected);
  });
});
