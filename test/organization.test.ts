import { parseConfig } from '../modules/config/load';
import { ORGANIZATION_EXAMPLE, organizationConfigData, resourcesOfType, synthesize } from './support/fixtures';

const example = synthesize(ORGANIZATION_EXAMPLE).stack('organization');
const [organization] = resourcesOfType(example, 'aws_organizations_organization');

describe('organization stack: adopting the existing organisation', () => {
  test('organizationId becomes a Terraform import of the organisation, through the management provider', () => {
    expect(example.json.import).toEqual([
      { id: 'o-a1b2c3d4e5', provider: 'aws.eu-west-1', to: expect.stringMatching(/^aws_organizations_organization\.baseline_organization_[0-9A-F]+$/) },
    ]);
  });

  test('without organizationId there is no import: the stack creates the organisation', () => {
    const config = organizationConfigData();
    delete config.organization.organizationId;
    const stack = synthesize(config).stack('organization');
    expect(stack.json.import).toBeUndefined();
    expect(resourcesOfType(stack, 'aws_organizations_organization')).toHaveLength(1);
  });

  test('the organisation can never be destroyed by Terraform', () => {
    expect(organization.lifecycle).toEqual({ prevent_destroy: true });
  });

  test('all features, SCPs enabled, and trusted access for exactly what the baseline uses plus the services the owner keeps', () => {
    expect(organization.feature_set).toBe('ALL');
    expect(organization.enabled_policy_types).toEqual(['SERVICE_CONTROL_POLICY']);
    expect(organization.aws_service_access_principals).toEqual([
      'access-analyzer.amazonaws.com', // delegated Access Analyzer
      'cloudtrail.amazonaws.com', // organisation trail
      'config.amazonaws.com', // delegated AWS Config aggregator
      'guardduty.amazonaws.com', // delegated GuardDuty
      'iam.amazonaws.com', // centralised root access
      'inspector2.amazonaws.com', // delegated Inspector
      'malware-protection.guardduty.amazonaws.com', // GuardDuty malware protection for members
      'sso.amazonaws.com', // otherTrustedServices
    ]);
  });

  test('central contacts add trusted access for AWS Account Management; other policy types are kept enabled', () => {
    const config = organizationConfigData();
    config.organization.manageContactsCentrally = true;
    config.organization.otherPolicyTypes = ['TAG_POLICY', 'BACKUP_POLICY'];
    const [org] = resourcesOfType(synthesize(config).stack('organization'), 'aws_organizations_organization');
    expect(org.aws_service_access_principals).toContain('account.amazonaws.com');
    expect(org.enabled_policy_types).toEqual(['BACKUP_POLICY', 'SERVICE_CONTROL_POLICY', 'TAG_POLICY']);
  });

  test('everything that needs trusted access waits for the organisation', () => {
    const dependants = [
      ...resourcesOfType(example, 'aws_cloudtrail'),
      ...resourcesOfType(example, 'aws_organizations_delegated_administrator'),
      ...resourcesOfType(example, 'aws_iam_organizations_features'),
      ...resourcesOfType(example, 'aws_organizations_policy'),
    ];
    expect(dependants.length).toBeGreaterThanOrEqual(5);
    for (const resource of dependants) expect(resource.depends_on).toContainEqual(expect.stringMatching(/^aws_organizations_organization\./));
  });

  test.each([
    [{ organizationId: 'r-abcd' }, 'organization.organizationId = "r-abcd": must be an organisation ID such as "o-a1b2c3d4e5"'],
    [{ otherTrustedServices: ['sso'] }, 'organization.otherTrustedServices[0] = "sso": must be a service principal such as "sso.amazonaws.com"'],
    [{ otherPolicyTypes: ['SCP'] }, 'organization.otherPolicyTypes[0] = "SCP": must be one of AISERVICES_OPT_OUT_POLICY'],
  ])('a bad organisation setting %j is rejected: %s', (setting, message) => {
    const config = organizationConfigData();
    Object.assign(config.organization, setting);
    expect(() => parseConfig(config)).toThrow(message);
  });
});
