import { DEFAULT_CONFIG, ORGANIZATION_EXAMPLE, resourcesOfType, synthesize } from './support/fixtures';

describe('securityHub: off by default, and complete when switched on', () => {
  test('the default standalone account has no Security Hub (it is billed per check in every region)', () => {
    expect(resourcesOfType(synthesize(DEFAULT_CONFIG).stack('account-personal'), 'aws_securityhub_account')).toEqual([]);
  });

  const security = synthesize(ORGANIZATION_EXAMPLE).stack('account-security');

  test('switched on, it runs in every enabled region with both standards and no default standards', () => {
    const hubs = resourcesOfType(security, 'aws_securityhub_account');
    expect(hubs).toHaveLength(18);
    for (const hub of hubs) expect(hub).toMatchObject({ enable_default_standards: false, control_finding_generator: 'SECURITY_CONTROL' });
    const standards = resourcesOfType(security, 'aws_securityhub_standards_subscription').map((subscription) => subscription.standards_arn);
    expect(standards).toHaveLength(36);
    expect(standards).toContain('arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0');
    expect(standards).toContain('arn:aws:securityhub:eu-south-2::standards/aws-foundational-security-best-practices/v/1.0.0');
  });

  test('findings from every region are aggregated in the home region', () => {
    expect(resourcesOfType(security, 'aws_securityhub_finding_aggregator')).toEqual([
      expect.objectContaining({ linking_mode: 'ALL_REGIONS', provider: 'aws.eu-west-1' }),
    ]);
  });
});
