import { App, TerraformStack } from 'cdktf';
import { AccountBaseline } from '../modules/account-baseline';
import { ConfigError, parseConfig } from '../modules/config/load';
import { OrganizationBaseline } from '../modules/organization-baseline';
import { organizationConfigData, tempDir, validConfigData } from './support/fixtures';

const newStack = () => new TerraformStack(new App({ outdir: tempDir() }), 'stack');

/** The problems a ConfigError lists, as { path, message }. */
function problemsOf(build: () => unknown): Array<{ path: string; message: string }> {
  try {
    build();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map(({ path, message }) => ({ path, message }));
  }
  throw new Error('expected a ConfigError');
}

describe('constructs check their props with the configuration file\'s rules and messages', () => {
  test('AccountBaseline refuses an 11-digit account ID and an address without @, naming each, before joining the tree', () => {
    const stack = newStack();
    const props = { accountId: '11112222333', homeRegion: 'ap-northeast-1', alertEmails: ['jan.backup.example.net'] } as const;
    const problems = problemsOf(() => new AccountBaseline(stack, 'baseline', props as never));
    expect(problems.map((problem) => problem.path)).toEqual(['accountId', 'alertEmails[0]']);
    expect(stack.node.children).toHaveLength(0);

    // The same values in the configuration file get the same messages.
    const config = validConfigData();
    config.accounts[0].accountId = props.accountId;
    config.alerts.emails = [...props.alertEmails];
    const fromFile = problemsOf(() => parseConfig(config));
    expect(problems.map((problem) => problem.message)).toEqual([
      fromFile.find((problem) => problem.path === 'accounts[0].accountId')!.message,
      fromFile.find((problem) => problem.path === 'alerts.emails[0]')!.message,
    ]);
  });

  test('the error reads like the configuration file\'s: construct, field, value and what is allowed', () => {
    expect(() => new AccountBaseline(newStack(), 'baseline', { accountId: '111122223333', homeRegion: 'ap-northeast-9' as never, alertEmails: ['a@example.com'] })).toThrow(
      /^new AccountBaseline\(\.\.\.\) was given props the configuration file would refuse \(1 problem\):\n {2}- homeRegion = "ap-northeast-9": is not an AWS region this baseline knows; did you mean "ap-northeast-1"\?/,
    );
  });

  test('AccountBaseline refuses more than ten alert addresses, a bad role ARN and bad containment exemptions', () => {
    const problems = problemsOf(
      () =>
        new AccountBaseline(newStack(), 'baseline', {
          accountId: '111122223333',
          homeRegion: 'ap-northeast-1',
          alertEmails: Array.from({ length: 11 }, (_, index) => `a${index}@example.com`),
          assumeRoleArn: 'arn:aws:iam::111122223333:user/deployer',
          containment: { exemptRoleArns: ['BreakGlass'] },
        }),
    );
    expect(problems.map((problem) => problem.path)).toEqual(['alertEmails', 'assumeRoleArn', 'containment.exemptRoleArns[0]']);
    expect(problems[0].message).toContain('at most 10 addresses');
  });

  test('OrganizationBaseline refuses bad account IDs, a bad organisation ID and a break-glass wildcard that names nothing', () => {
    const stack = newStack();
    const problems = problemsOf(
      () =>
        new OrganizationBaseline(stack, 'organization', {
          organizationId: 'o-short',
          managementAccountId: '100000000001',
          securityAccountId: '10000000002',
          memberAccountIds: ['100000000003', 'x'],
          homeRegion: 'eu-west-1',
          breakGlassRoleArns: ['arn:aws:iam::*:role/*'],
        }),
    );
    expect(problems.map((problem) => problem.path)).toEqual(['organizationId', 'securityAccountId', 'memberAccountIds[1]', 'breakGlassRoleArns[0]']);
    expect(stack.node.children).toHaveLength(0);
    const config = organizationConfigData();
    config.organization.breakGlassRoleArns = ['arn:aws:iam::*:role/*'];
    expect(problems[3].message).toBe(problemsOf(() => parseConfig(config)).find((problem) => problem.path === 'organization.breakGlassRoleArns[0]')!.message);
  });

  test('valid props pass untouched', () => {
    expect(() => new AccountBaseline(newStack(), 'baseline', { accountId: '111122223333', homeRegion: 'ap-northeast-1', alertEmails: ['a@example.com'], contacts: { security: { name: 'A', title: 'B', email: 'a@example.com', phone: '+1 555 0100' } }, budget: { monthlyLimitUsd: 10, anomalyThresholdUsd: 5 } })).not.toThrow();
  });
});
