import { DEFAULT_ENABLED_REGIONS } from '../modules/core/regions';
import { ACCOUNT_CORE_COMPONENTS, CONTROLS, CONTROL_IDS, CORE_COMPONENTS } from '../modules/controls/catalogue';
import { controlOfPath, listResources } from '../scripts/lib/stacks';
import { summarizeStack } from '../scripts/lib/summary';
import { DEFAULT_CONFIG, ORGANIZATION_EXAMPLE, resourcesOfType, synthesize, validConfigData } from './support/fixtures';

const standalone = synthesize(DEFAULT_CONFIG);
const organization = synthesize(ORGANIZATION_EXAMPLE);

describe('stacks: one per account, plus the organization stack in organisation mode', () => {
  test('a standalone config yields exactly one stack, account-<name>', () => {
    expect(standalone.stacks.map((stack) => stack.name)).toEqual(['account-personal']);
  });

  test('the organisation example yields the organization stack and one stack per listed account', () => {
    expect(organization.stacks.map((stack) => stack.name)).toEqual([
      'account-management',
      'account-production',
      'account-sandbox',
      'account-security',
      'account-staging',
      'organization',
    ]);
  });

  test('stacks land in <outdir>/stacks/<stack>/cdk.tf.json', () => {
    expect(standalone.stack('account-personal').file).toBe(`${standalone.outdir}/stacks/account-personal/cdk.tf.json`);
  });
});

describe('RegionalProviders: one aliased provider per enabled region, locked to the account', () => {
  test('a standalone account gets the 17 default-enabled regions, aliased by region name', () => {
    const providers = standalone.stack('account-personal').json.provider!.aws;
    expect(providers.map((provider) => provider.alias).sort()).toEqual([...DEFAULT_ENABLED_REGIONS].sort());
    for (const provider of providers) expect(provider.region).toBe(provider.alias);
  });

  test('configured opt-in regions are covered too', () => {
    const aliases = organization.stack('account-staging').json.provider!.aws.map((provider) => provider.alias);
    expect(aliases).toHaveLength(18);
    expect(aliases).toContain('eu-south-2');
  });

  test('every provider may only touch its own account (allowed_account_ids)', () => {
    for (const stack of organization.stacks) {
      const expected = stack.name === 'organization' ? '100000000001' : organization.settings.accounts.find((a) => a.stackName === stack.name)!.accountId;
      for (const provider of stack.json.provider!.aws) {
        // The organisation stack also creates its trail's log archive in the security account, through that account's role.
        const account = stack.name === 'organization' && String(provider.alias).startsWith('log-archive-') ? '100000000002' : expected;
        expect({ alias: provider.alias, accounts: provider.allowed_account_ids }).toEqual({ alias: provider.alias, accounts: [account] });
      }
    }
    const archive = organization.stack('organization').json.provider!.aws.filter((provider) => String(provider.alias).startsWith('log-archive-'));
    expect(archive.map((provider) => provider.alias)).toEqual(['log-archive-eu-west-1']);
  });

  test('member accounts are reached through OrganizationAccountAccessRole unless the config names another role', () => {
    const roleOf = (name: string) => (organization.stack(name).json.provider!.aws[0].assume_role as Array<{ role_arn: string }> | undefined)?.[0]?.role_arn;
    expect(roleOf('account-staging')).toBe('arn:aws:iam::100000000004:role/OrganizationAccountAccessRole');
    expect(roleOf('account-sandbox')).toBe('arn:aws:iam::100000000005:role/account-baseline-deployer/BaselineDeployer');
  });

  test('the management account and standalone accounts use the caller credentials (that role does not exist there)', () => {
    expect(organization.stack('account-management').json.provider!.aws[0].assume_role).toBeUndefined();
    expect(organization.stack('organization').json.provider!.aws[0].assume_role).toBeUndefined();
    expect(standalone.stack('account-personal').json.provider!.aws[0].assume_role).toBeUndefined();
  });

  test('no data sources: nothing in a stack needs an AWS API call to synthesize or plan', () => {
    for (const stack of [...standalone.stacks, ...organization.stacks]) expect(stack.json.data).toBeUndefined();
  });

  test('every resource names its provider explicitly, and only regions the account has enabled', () => {
    for (const stack of organization.stacks) {
      const aliases = new Set(stack.json.provider!.aws.map((provider) => `aws.${provider.alias}`));
      for (const { address, block } of listResources(stack.json)) {
        expect({ address, provider: block.provider && aliases.has(block.provider) }).toEqual({ address, provider: true });
      }
    }
  });

  test('baseline tags reach every resource through default_tags', () => {
    const tags = (organization.stack('account-production').json.provider!.aws[0].default_tags as Array<{ tags: Record<string, string> }>)[0].tags;
    expect(tags).toEqual({ BaselineStack: 'account-production', CostCenter: 'platform', ManagedBy: 'aws-account-baseline' });
  });
});

describe('state: local by default, S3 with native locking when configured', () => {
  test('local state is kept in the project root through a path relative to the stack directory', () => {
    expect(standalone.stack('account-personal').json.terraform!.backend).toEqual({
      local: { path: '../../../terraform.account-personal.tfstate' },
    });
  });

  test('S3 state is encrypted, keyed per stack and locked with the S3 lock file', () => {
    expect(organization.stack('account-security').json.terraform!.backend).toEqual({
      s3: {
        bucket: 'example-org-terraform-state',
        key: 'account-baseline/account-security.tfstate',
        region: 'eu-west-1',
        encrypt: true,
        use_lockfile: true,
      },
    });
  });
});

describe('AlertsHub: one encrypted topic per account in the home region, e-mailed to the config addresses', () => {
  const stack = standalone.stack('account-personal');
  const [key] = resourcesOfType(stack, 'aws_kms_key');
  /** E-mail subscriptions only: the formatter also subscribes, to the intake topic. */
  const emailsOf = (name: string) => resourcesOfType(organization.stack(name), 'aws_sns_topic_subscription').filter((subscription) => subscription.protocol === 'email');

  test('the alert topic and the intake topic live in the home region and are encrypted with the customer-managed key, not alias/aws/sns', () => {
    const topics = resourcesOfType(stack, 'aws_sns_topic');
    expect(topics.map((topic) => topic.name).sort()).toEqual(['account-baseline-alerts', 'account-baseline-alerts-intake']);
    for (const topic of topics) {
      expect(topic.provider).toBe('aws.ap-northeast-1');
      expect(topic.kms_master_key_id).toMatch(/^\$\{aws_kms_key\.baseline_alerts_key_[0-9A-F]+\.arn\}$/);
    }
  });

  test('people are subscribed to the alert topic only; the intake topic feeds the formatter alone', () => {
    const subscriptions = resourcesOfType(stack, 'aws_sns_topic_subscription');
    for (const subscription of subscriptions) {
      expect(subscription.topic_arn).toMatch(subscription.protocol === 'email' ? /baseline_alerts_topic_/ : /baseline_alerts_intake-topic_/);
    }
  });

  test('the key rotates and waits 30 days before deletion', () => {
    expect(key.enable_key_rotation).toBe(true);
    expect(key.deletion_window_in_days).toBe(30);
  });

  test('each configured address gets an e-mail subscription', () => {
    const subscriptions = emailsOf('account-security');
    expect(subscriptions.map((subscription) => [subscription.protocol, subscription.endpoint])).toEqual([
      ['email', 'cloud-security@example.com'],
      ['email', 'platform-oncall@example.com'],
    ]);
  });

  test('an account with its own alert addresses uses those instead', () => {
    const subscriptions = emailsOf('account-sandbox');
    expect(subscriptions.map((subscription) => subscription.endpoint)).toEqual(['sandbox-owners@example.com']);
  });
});

describe('controls: switchable by config, per account, with construct paths naming the control', () => {
  test('accountDefaults is on by default: EBS encryption, IMDSv2, snapshot and AMI public-sharing blocks in every region', () => {
    const stack = standalone.stack('account-personal');
    for (const type of ['aws_ebs_encryption_by_default', 'aws_ec2_instance_metadata_defaults', 'aws_ebs_snapshot_block_public_access', 'aws_ec2_image_block_public_access']) {
      const providers = resourcesOfType(stack, type).map((resource) => resource.provider).sort();
      expect({ type, providers }).toEqual({ type, providers: DEFAULT_ENABLED_REGIONS.map((region) => `aws.${region}`).sort() });
    }
    expect(resourcesOfType(stack, 'aws_ec2_instance_metadata_defaults').every((r) => r.http_tokens === 'required')).toBe(true);
    expect(resourcesOfType(stack, 'aws_s3_account_public_access_block')).toEqual([
      expect.objectContaining({ account_id: '111122223333', block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true }),
    ]);
  });

  test('switching a control off in the config removes its resources and only its resources', () => {
    const config = validConfigData();
    config.controls = { accountDefaults: false };
    const stack = synthesize(config).stack('account-personal');
    expect([...summarizeStack(stack.name, stack.json).controls.keys()].sort()).toEqual(
      [...ACCOUNT_CORE_COMPONENTS, ...CONTROL_IDS.filter((control) => control !== 'accountDefaults' && CONTROLS[control].enabledByDefault && !CONTROLS[control].organizationOnly)].sort(),
    );
    expect(listResources(stack.json).some(({ path }) => controlOfPath(path) === 'accountDefaults')).toBe(false);
  });

  test("an account's own switch wins over the top-level one", () => {
    const config = validConfigData();
    config.controls = { accountDefaults: false };
    config.accounts.push({ name: 'lab', accountId: '444455556666', controls: { accountDefaults: true } });
    const result = synthesize(config);
    const controls = (name: string) => new Set(listResources(result.stack(name).json).map(({ path }) => controlOfPath(path)));
    expect(controls('account-personal').has('accountDefaults')).toBe(false);
    expect(controls('account-lab').has('accountDefaults')).toBe(true);
  });

  test('every resource sits under a control of the baseline construct', () => {
    for (const stack of organization.stacks) {
      for (const { path } of listResources(stack.json)) expect([...CORE_COMPONENTS, ...CONTROL_IDS]).toContain(controlOfPath(path));
    }
  });
});
