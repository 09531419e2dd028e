/** The composition examples of docs/composition.md, kept true by running them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { App, TerraformStack } from 'cdktf';
import { AccountBaseline, OrganizationBaseline } from '../modules';
import { readSynthesizedStacks } from '../scripts/lib/stacks';
import { REPO_ROOT, resourcesOfType, tempDir } from './support/fixtures';

describe('composition: the constructs work in a stack of your own, without main.ts or a config file', () => {
  const outdir = join(tempDir(), 'out');
  // --- docs example starts ---
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'my-platform');
  const baseline = new AccountBaseline(stack, 'baseline', {
    accountId: '123456789012',
    homeRegion: 'eu-west-1',
    alertEmails: ['secops@example.com'],
    contacts: { security: { name: 'SecOps', title: 'Security', email: 'secops@example.com', phone: '+1 555 0100' } },
    budget: { monthlyLimitUsd: 500, anomalyThresholdUsd: 50 },
    controls: { accountDefaults: true },
  });
  // Your own resources can use the baseline's providers and alert topic.
  new SnsTopicSubscription(stack, 'pager', {
    provider: baseline.regions.home,
    topicArn: baseline.alerts.topic.arn,
    protocol: 'https',
    endpoint: 'https://pager.example.com/aws-alerts',
  });
  app.synth();
  // --- docs example ends ---
  const [synthesized] = readSynthesizedStacks(outdir);

  test('the baseline brings one provider per default-enabled region, locked to the given account', () => {
    const providers = synthesized.json.provider!.aws;
    expect(providers).toHaveLength(17);
    expect(new Set(providers.map((provider) => JSON.stringify(provider.allowed_account_ids)))).toEqual(new Set(['["123456789012"]']));
  });

  test("your own resource subscribes to the baseline's alert topic in the home region", () => {
    const subscriptions = resourcesOfType(synthesized, 'aws_sns_topic_subscription');
    // The e-mail subscriber, yours, and the formatter on the intake topic.
    expect(subscriptions.map((subscription) => subscription.protocol).sort()).toEqual(['email', 'https', 'lambda']);
    const pager = subscriptions.find((subscription) => subscription.protocol === 'https')!;
    expect(pager.provider).toBe('aws.eu-west-1');
    expect(pager.topic_arn).toMatch(/^\$\{aws_sns_topic\.baseline_alerts_topic_[0-9A-F]+\.arn\}$/);
  });

  test('the alert topic ARN is known at synth time for policies that name it', () => {
    expect(baseline.alerts.topicArn).toBe('arn:aws:sns:eu-west-1:123456789012:account-baseline-alerts');
  });
});

describe('composition: an organisation from your own stacks, one management stack and one per member account', () => {
  const outdir = join(tempDir(), 'out');
  // --- docs organisation example starts ---
  const app = new App({ outdir });
  const management = new TerraformStack(app, 'org-management');
  new OrganizationBaseline(management, 'baseline', {
    organizationId: 'o-a1b2c3d4e5',
    managementAccountId: '100000000001',
    securityAccountId: '100000000002',
    memberAccountIds: ['100000000002', '100000000003'],
    homeRegion: 'eu-west-1',
    allowedRegions: ['eu-west-1', 'us-east-1'],
    breakGlassRoleArns: ['arn:aws:iam::*:role/BreakGlassAdmin'],
    // The SCPs go on this OU instead of the organisation root; workloads may use Ireland only.
    policyTargets: ['ou-ab12-cd34ef56'],
    regionDeny: [{ name: 'workloads', accountId: '100000000003', allowedRegions: ['eu-west-1'] }],
  });
  for (const member of [{ name: 'security', accountId: '100000000002' }, { name: 'workloads', accountId: '100000000003' }]) {
    const stack = new TerraformStack(app, `member-${member.name}`);
    new AccountBaseline(stack, 'baseline', {
      accountId: member.accountId,
      mode: 'organization-member', // reached through OrganizationAccountAccessRole unless assumeRoleArn says otherwise
      isSecurityAccount: member.name === 'security',
      administeredAccountIds: member.name === 'security' ? ['100000000003'] : undefined,
      homeRegion: 'eu-west-1',
      allowedRegions: member.name === 'workloads' ? ['eu-west-1'] : ['eu-west-1', 'us-east-1'],
      alertEmails: ['secops@example.com'],
      contacts: { security: { name: 'SecOps', title: 'Security', email: 'secops@example.com', phone: '+1 555 0100' } },
      budget: { monthlyLimitUsd: 1000, anomalyThresholdUsd: 100 },
    });
    stack.addDependency(management); // deployed after the organisation it relies on
  }
  app.synth();
  // --- docs organisation example ends ---
  const stacks = readSynthesizedStacks(outdir);
  const stack = (name: string) => stacks.find((candidate) => candidate.name === name)!;

  test('three stacks: the management stack and one per member, each deployed after the management stack', () => {
    expect(stacks.map((candidate) => candidate.name).sort()).toEqual(['member-security', 'member-workloads', 'org-management']);
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
    expect(manifest.stacks['member-security'].dependencies).toEqual(['org-management']);
    expect(manifest.stacks['member-workloads'].dependencies).toEqual(['org-management']);
  });

  test('each member stack reaches its account through OrganizationAccountAccessRole', () => {
    for (const [name, account] of [['member-security', '100000000002'], ['member-workloads', '100000000003']]) {
      for (const provider of stack(name).json.provider!.aws) {
        expect(provider.assume_role).toEqual([{ role_arn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`, session_name: 'account-baseline' }]);
      }
    }
  });

  test('the management stack owns the SCPs and attaches them to the listed OU, and the narrower region deny to the account', () => {
    const org = stack('org-management');
    const policies = resourcesOfType(org, 'aws_organizations_policy').map((policy) => policy.name).sort();
    expect(policies).toEqual(['account-baseline-deny-member-root', 'account-baseline-protect-baseline', 'account-baseline-region-deny', 'account-baseline-region-deny-workloads']);
    expect(resourcesOfType(org, 'aws_organizations_policy_attachment').map((attachment) => attachment.target_id).sort()).toEqual([
      '100000000003',
      'ou-ab12-cd34ef56',
      'ou-ab12-cd34ef56',
      'ou-ab12-cd34ef56',
    ]);
  });

  test('member stacks declare no SCPs and no region-deny IAM policy: the SCPs bind them', () => {
    for (const name of ['member-security', 'member-workloads']) {
      expect(resourcesOfType(stack(name), 'aws_organizations_policy')).toEqual([]);
      expect(resourcesOfType(stack(name), 'aws_iam_policy').map((policy) => policy.name)).not.toContain('account-baseline-region-deny');
    }
  });
});

describe('docs/composition.md shows exactly the composition examples the tests run', () => {
  const body = (text: string, first: RegExp) => {
    const lines = text.split('\n').map((line) => line.trim());
    return lines.slice(lines.findIndex((line) => first.test(line)), lines.indexOf('app.synth();') + 1).join('\n');
  };
  const source = readFileSync(__filename, 'utf8');
  /** The TypeScript code blocks of a Markdown text. */
  const tsBlocks = (text: string) => [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
  const ONE_ACCOUNT = /--- docs example starts ---\n([\s\S]*?)\/\/ --- docs example ends ---/;
  const section = /## Composing the constructs([\s\S]*?)\n## /.exec(readFileSync(join(REPO_ROOT, 'docs', 'composition.md'), 'utf8'))![1];
  const readmeBlocks = tsBlocks(section);

  test.each([
    ['one account', ONE_ACCOUNT, 0],
    ['an organisation', /--- docs organisation example starts ---\n([\s\S]*?)\/\/ --- docs organisation example ends ---/, 1],
  ] as const)('%s', (_name, marker, index) => {
    const ran = body(marker.exec(source)![1], /^const (stack|management) = /);
    expect(ran.length).toBeGreaterThan(200);
    expect(body(readmeBlocks[index] ?? '', /^const (stack|management) = /)).toBe(ran);
  });

  test('the README shows the one-account example exactly as it runs', () => {
    const [readmeExample] = tsBlocks(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'));
    const ran = body(ONE_ACCOUNT.exec(source)![1], /^const stack = /);
    expect(body(readmeExample ?? '', /^const stack = /)).toBe(ran);
  });
});
