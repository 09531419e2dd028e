import { DEFAULT_ENABLED_REGIONS } from '../modules/core/regions';
import { DEFAULT_CONFIG, ORGANIZATION_EXAMPLE, organizationConfigData, resourcesOfType, synthesize } from './support/fixtures';

const standalone = synthesize(DEFAULT_CONFIG);
const organization = synthesize(ORGANIZATION_EXAMPLE);
const analyzers = (stack: Parameters<typeof resourcesOfType>[0], type: string) =>
  resourcesOfType(stack, 'aws_accessanalyzer_analyzer').filter((analyzer) => analyzer.type === type);

describe('accessAnalyzer: findings for anything shared outside the account, in every region', () => {
  test('a standalone account has one account analyzer in each of the 17 default regions', () => {
    const providers = analyzers(standalone.stack('account-personal'), 'ACCOUNT').map((analyzer) => analyzer.provider).sort();
    expect(providers).toEqual(DEFAULT_ENABLED_REGIONS.map((region) => `aws.${region}`).sort());
  });

  test('the security account also has an organisation analyzer in every enabled region', () => {
    expect(analyzers(organization.stack('account-security'), 'ORGANIZATION')).toHaveLength(18);
    expect(analyzers(organization.stack('account-staging'), 'ORGANIZATION')).toHaveLength(0);
    expect(analyzers(organization.stack('account-staging'), 'ACCOUNT')).toHaveLength(18);
  });

  test('the organization stack makes the security account the delegated administrator for Access Analyzer', () => {
    expect(resourcesOfType(organization.stack('organization'), 'aws_organizations_delegated_administrator')).toContainEqual(
      expect.objectContaining({ account_id: '100000000002', service_principal: 'access-analyzer.amazonaws.com' }),
    );
  });

  test('switched off for the security account, Access Analyzer is not delegated', () => {
    const config = organizationConfigData();
    config.accounts.find((account: { name: string }) => account.name === 'security').controls = { accessAnalyzer: false };
    const result = synthesize(config);
    const delegated = resourcesOfType(result.stack('organization'), 'aws_organizations_delegated_administrator').map((resource) => resource.service_principal);
    expect(delegated).not.toContain('access-analyzer.amazonaws.com');
    expect(resourcesOfType(result.stack('account-security'), 'aws_accessanalyzer_analyzer')).toEqual([]);
  });
});
