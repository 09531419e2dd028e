/** The README's composition example, kept true by running it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { App, TerraformStack } from 'cdktf';
import { AccountBaseline } from '../modules';
import { readSynthesizedStacks } from '../scripts/lib/stacks';
import { REPO_ROOT, resourcesOfType, tempDir } from './support/fixtures';

describe('composition: the constructs work in a stack of your own, without main.ts or a config file', () => {
  const outdir = join(tempDir(), 'out');
  // --- README example starts ---
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
  // --- README example ends ---
  const [synthesized] = readSynthesizedStacks(outdir);

  test('the baseline brings one provider per default-enabled region, locked to the given account', () => {
    const providers = synthesized.json.provider!.aws;
    expect(providers).toHaveLength(17);
    expect(new Set(providers.map((provider) => JSON.stringify(provider.allowed_account_ids)))).toEqual(new Set(['["123456789012"]']));
  });

  test("your own resource subscribes to the baseline's alert topic in the home region", () => {
    const subscriptions = resourcesOfType(synthesized, 'aws_sns_topic_subscription');
    expect(subscriptions.map((subscription) => subscription.protocol).sort()).toEqual(['email', 'https']);
    const pager = subscriptions.find((subscription) => subscription.protocol === 'https')!;
    expect(pager.provider).toBe('aws.eu-west-1');
    expect(pager.topic_arn).toMatch(/^\$\{aws_sns_topic\.baseline_alerts_topic_[0-9A-F]+\.arn\}$/);
  });

  test('the README shows exactly the example this test runs', () => {
    const example = (text: string) => {
      const lines = text.split('\n').map((line) => line.trim());
      return lines.slice(lines.findIndex((line) => line.startsWith('const stack = ')), lines.indexOf('app.synth();') + 1).join('\n');
    };
    const ran = /--- README example starts ---\n([\s\S]*?)\/\/ --- README example ends ---/.exec(readFileSync(__filename, 'utf8'))![1];
    const readme = /## Composing the constructs[\s\S]*?```ts\n([\s\S]*?)```/.exec(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'))![1];
    expect(example(ran).length).toBeGreaterThan(200);
    expect(example(readme)).toBe(example(ran));
  });

  test('the alert topic ARN is known at synth time for policies that name it', () => {
    expect(baseline.alerts.topicArn).toBe('arn:aws:sns:eu-west-1:123456789012:account-baseline-alerts');
  });
});
