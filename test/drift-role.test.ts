import { join } from 'node:path';
import { fromTerraformString } from '../modules/policies/policy-document';
import { DRIFT_ROLE_NAME } from '../modules/policies/drift-role';
import { configProblems, organizationConfigData, resourcesOfType, synthesize, tempDir, validConfigData } from './support/fixtures';
import { ADMINISTRATOR_ACCESS, callerContext, decide, unmetConditions } from './support/simulate';
import { synthesizeBaseline } from '../modules/baseline-app';
import { parseConfig } from '../modules/config/load';
import { resolveSettings } from '../modules/config/resolve';
import { readSynthesizedStacks } from '../scripts/lib/stacks';

const REPOSITORY = 'example-org/aws-baseline';
const MANAGEMENT = '100000000001';
const STAGING = '100000000004';
const GITHUB = 'token.actions.githubusercontent.com';

function withDrift<T extends Record<string, any>>(config: T): T {
  (config as Record<string, any>).drift = { githubRepository: REPOSITORY };
  return config;
}
const standalone = synthesize(withDrift(validConfigData())).stack('account-personal');
const organization = synthesize(withDrift(organizationConfigData()));
const roleIn = (stack: typeof standalone) => {
  const roles = resourcesOfType(stack, 'aws_iam_role').filter((role) => role.name === DRIFT_ROLE_NAME);
  expect(roles).toHaveLength(1);
  return roles[0];
};

describe('drift role: account-baseline-drift-readonly, so that drift detection needs no administrator', () => {
  test('without a drift setting no account has one (the examples deploy none)', () => {
    expect(resourcesOfType(synthesize(validConfigData()).stack('account-personal'), 'aws_iam_role').map((role) => role.name)).not.toContain(DRIFT_ROLE_NAME);
  });

  test('it reads what a plan reads (ReadOnlyAccess) and nothing more is attached', () => {
    const attachments = resourcesOfType(standalone, 'aws_iam_role_policy_attachment').filter((attachment) => attachment['//'].metadata.path.includes('/driftRole/'));
    expect(attachments.map((attachment) => attachment.policy_arn)).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess']);
  });

  test("a standalone account trusts the repository's GitHub workflows, through GitHub's OIDC provider, which the stack creates", async () => {
    const [oidc] = resourcesOfType(standalone, 'aws_iam_openid_connect_provider');
    expect(oidc).toMatchObject({ url: `https://${GITHUB}`, client_id_list: ['sts.amazonaws.com'] });
    const trust = JSON.parse(roleIn(standalone).assume_role_policy);
    const request = (provider: string) => ({
      principal: provider,
      action: 'sts:AssumeRoleWithWebIdentity',
      resource: `arn:aws:iam::111122223333:role/${DRIFT_ROLE_NAME}`,
      resourceAccount: '111122223333',
      context: { [`${GITHUB}:sub`]: `repo:${REPOSITORY}:ref:refs/heads/main`, [`${GITHUB}:aud`]: 'sts.amazonaws.com' },
    });
    // The engine drops the OIDC token's keys (as it drops kms:EncryptionContext:*): everything else of the
    // statement holds for GitHub's provider in this account, and the token conditions pin the repository.
    expect(await unmetConditions(request(`arn:aws:iam::111122223333:oidc-provider/${GITHUB}`), trust, 'GitHubWorkflowsOfTheRepository')).toEqual([`${GITHUB}:aud`, `${GITHUB}:sub`]);
    expect(trust.Statement[0].Condition).toEqual({
      StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com' },
      StringLike: { [`${GITHUB}:sub`]: `repo:${REPOSITORY}:*` },
    });
    // Another account's GitHub provider, or another identity provider, is not trusted at all.
    expect(await decide(request(`arn:aws:iam::999988887777:oidc-provider/${GITHUB}`), { resourcePolicy: trust })).not.toBe('Allowed');
    expect(await decide(request('arn:aws:iam::111122223333:oidc-provider/gitlab.com'), { resourcePolicy: trust })).not.toBe('Allowed');
  });

  test('githubOidcProviderExists uses the one the account has', () => {
    const config = validConfigData();
    config.drift = { githubRepository: REPOSITORY, githubOidcProviderExists: true };
    expect(resourcesOfType(synthesize(config).stack('account-personal'), 'aws_iam_openid_connect_provider')).toEqual([]);
  });

  test("in an organisation the management account's role trusts GitHub and every member's trusts the management account's role, not its administrators", async () => {
    const management = roleIn(organization.stack('account-management'));
    expect(JSON.parse(management.assume_role_policy).Statement.map((statement: { Sid: string }) => statement.Sid)).toEqual(['GitHubWorkflowsOfTheRepository']);
    expect(resourcesOfType(organization.stack('account-staging'), 'aws_iam_openid_connect_provider')).toEqual([]);
    const trust = JSON.parse(roleIn(organization.stack('account-staging')).assume_role_policy);
    const assume = (principal: string) =>
      decide(
        { principal, action: 'sts:AssumeRole', resource: `arn:aws:iam::${STAGING}:role/${DRIFT_ROLE_NAME}`, resourceAccount: STAGING, context: callerContext(principal) },
        { resourcePolicy: trust, identityPolicies: [ADMINISTRATOR_ACCESS] },
      );
    expect(await assume(`arn:aws:iam::${MANAGEMENT}:role/${DRIFT_ROLE_NAME}`)).toBe('Allowed');
    expect(await assume(`arn:aws:iam::${MANAGEMENT}:role/Admin`)).not.toBe('Allowed');
  });

  const policy = JSON.parse(roleIn(organization.stack('account-staging')).inline_policy[0].policy);
  const principal = `arn:aws:iam::${STAGING}:role/${DRIFT_ROLE_NAME}`;
  // ReadOnlyAccess is AWS's own policy; here even an allow-everything policy beside it reads no data.
  const ask = (action: string, resource: string) =>
    decide({ principal, action, resource, resourceAccount: STAGING, context: callerContext(principal) }, { identityPolicies: [ADMINISTRATOR_ACCESS, policy] });

  test('it reads the state, whatever else it is allowed', async () => {
    const only = (action: string, resource: string) => decide({ principal, action, resource, resourceAccount: STAGING, context: callerContext(principal) }, { identityPolicies: [policy] });
    expect(await only('s3:GetObject', 'arn:aws:s3:::example-org-terraform-state/account-baseline/account-staging.tfstate')).toBe('Allowed');
    expect(await only('s3:ListBucket', 'arn:aws:s3:::example-org-terraform-state')).toBe('Allowed');
  });

  test.each([
    ['an evidence log', 's3:GetObject', `arn:aws:s3:::account-baseline-logs-${STAGING}-eu-west-1/AWSLogs/x.json.gz`],
    ['an old version of an object', 's3:GetObjectVersion', 'arn:aws:s3:::app-data/customers.csv'],
    ['a secret', 'secretsmanager:GetSecretValue', `arn:aws:secretsmanager:eu-west-1:${STAGING}:secret:db-AbCdEf`],
    ['a parameter', 'ssm:GetParameter', `arn:aws:ssm:eu-west-1:${STAGING}:parameter/db/password`],
    ['a table', 'dynamodb:Scan', `arn:aws:dynamodb:eu-west-1:${STAGING}:table/customers`],
    ['a queue', 'sqs:ReceiveMessage', `arn:aws:sqs:eu-west-1:${STAGING}:orders`],
    ['a log', 'logs:GetLogEvents', `arn:aws:logs:eu-west-1:${STAGING}:log-group:/app:log-stream:s1`],
  ])('it reads no data: %s (%s) is explicitly denied', async (_what, action, resource) => {
    expect(await ask(action, resource)).toBe('ExplicitlyDenied');
  });

  test('region deny exempts it (a plan reads every region), and the protective SCP keeps anyone from empowering it', () => {
    const scps = resourcesOfType(organization.stack('organization'), 'aws_organizations_policy');
    const regionDeny = JSON.parse(fromTerraformString(scps.find((scp) => scp.name === 'account-baseline-region-deny')!.content));
    expect(regionDeny.Statement[0].Condition.ArnNotLike['aws:PrincipalARN']).toContain(`arn:aws:iam::*:role/${DRIFT_ROLE_NAME}`);
    const protective = JSON.parse(fromTerraformString(scps.find((scp) => scp.name === 'account-baseline-protect-baseline')!.content));
    const named = protective.Statement.find((statement: { Sid: string }) => statement.Sid === 'ProtectBaselineResources');
    expect(named.Resource).toContain('arn:aws:iam::*:role/account-baseline-*');
    expect(named.Action).toEqual(expect.arrayContaining(['iam:Put*', 'iam:Attach*', 'iam:Update*']));
  });

  test('BASELINE_DRIFT_ROLE: every provider that assumes a role assumes its own account\'s drift role; the others use the given credentials', () => {
    const outdir = join(tempDir(), 'cdktf.out');
    synthesizeBaseline(resolveSettings(parseConfig(withDrift(organizationConfigData()))), { outdir, assumeDriftRole: true });
    const stacks = readSynthesizedStacks(outdir);
    const roles = (name: string) => stacks.find((stack) => stack.name === name)!.json.provider!.aws.map((provider) => (provider.assume_role as Array<{ role_arn: string }> | undefined)?.[0]?.role_arn);
    expect(new Set(roles('account-staging'))).toEqual(new Set([`arn:aws:iam::${STAGING}:role/${DRIFT_ROLE_NAME}`]));
    expect(new Set(roles('account-management'))).toEqual(new Set([undefined]));
    // The organisation stack's log-archive providers reach the security account's drift role.
    expect(new Set(roles('organization'))).toEqual(new Set([undefined, `arn:aws:iam::100000000002:role/${DRIFT_ROLE_NAME}`]));
  });

  test('a drift setting that trusts nobody, or a repository that is not owner/name, is refused', () => {
    expect(configProblems((config) => (config.drift = {}))).toEqual(['drift: must trust someone: give githubRepository or trustedRoleArns, or leave drift out (no drift role)']);
    expect(configProblems((config) => (config.drift = { githubRepository: 'https://github.com/example-org/aws-baseline' }))).toEqual([
      'drift.githubRepository: must be a GitHub repository such as "example-org/aws-baseline" (owner/name)',
    ]);
  });
});
