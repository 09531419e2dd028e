import { listResources } from '../scripts/lib/stacks';
import { ORGANIZATION_EXAMPLE, organizationConfigData, synthesize } from './support/fixtures';

/** Attributes that must be unique per account (and region, for regional services). */
const NAMED: Record<string, { attribute: string; scope: 'global' | 'regional' }> = {
  aws_s3_bucket: { attribute: 'bucket', scope: 'global' },
  aws_iam_role: { attribute: 'name', scope: 'global' },
  aws_kms_alias: { attribute: 'name', scope: 'regional' },
  aws_sns_topic: { attribute: 'name', scope: 'regional' },
  aws_cloudtrail: { attribute: 'name', scope: 'regional' },
  aws_accessanalyzer_analyzer: { attribute: 'analyzer_name', scope: 'regional' },
  aws_config_configuration_recorder: { attribute: 'name', scope: 'regional' },
  aws_config_configuration_aggregator: { attribute: 'name', scope: 'regional' },
  aws_iam_policy: { attribute: 'name', scope: 'global' },
  aws_iam_group: { attribute: 'name', scope: 'global' },
  aws_organizations_policy: { attribute: 'name', scope: 'global' },
  aws_budgets_budget: { attribute: 'name', scope: 'global' },
  aws_ce_anomaly_monitor: { attribute: 'name', scope: 'global' },
  aws_ce_anomaly_subscription: { attribute: 'name', scope: 'global' },
};

describe('stacks that deploy into the same account never declare the same named resource', () => {
  const withBreakers = () => {
    const config = organizationConfigData();
    config.budget.stopLaunchesAtPercent = 200; // the management account's IAM breaker and every member's SCP breaker
    return config;
  };
  test.each([
    ['the organisation example', ORGANIZATION_EXAMPLE],
    ['the organisation example with a circuit breaker in every account', withBreakers()],
  ] as const)('%s, where the management account has both its own stack and the organization stack', (_name, source) => {
    const result = synthesize(source);
    const accountOf = (stack: string) =>
      stack === 'organization' ? result.settings.organization!.managementAccountId : result.settings.accounts.find((a) => a.stackName === stack)!.accountId;
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const stack of result.stacks) {
      for (const { type, block, address } of listResources(stack.json)) {
        const named = NAMED[type];
        if (!named) continue;
        const region = named.scope === 'regional' ? String(block.provider) : 'global';
        const key = `${accountOf(stack.name)} ${type} ${region} ${String(block[named.attribute])}`;
        const where = `${stack.name}:${address}`;
        if (seen.has(key)) clashes.push(`${key}: ${seen.get(key)} and ${where}`);
        else seen.set(key, where);
      }
    }
    expect(clashes).toEqual([]);
  });
});
