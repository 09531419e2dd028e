import { DEFAULT_ENABLED_REGIONS } from '../modules/core/regions';
import { parseConfig } from '../modules/config/load';
import { alertDelivered } from './support/alerts';
import { matchesPattern } from './support/event-pattern';
import { alertsOn, routeOf, targetsOf } from './support/event-routing';
import { DEFAULT_CONFIG, ORGANIZATION_EXAMPLE, resourcesOfType, synthesize, validConfigData } from './support/fixtures';

const standalone = synthesize(DEFAULT_CONFIG).stack('account-personal');
const organization = synthesize(ORGANIZATION_EXAMPLE);
type Stack = typeof standalone;

const regionOf = (resource: Record<string, any>) => String(resource.provider).replace(/^aws\./, '');
const findingRules = (stack: Stack) => resourcesOfType(stack, 'aws_cloudwatch_event_rule').filter((rule) => rule.name === 'account-baseline-guardduty-findings');
const finding = (type: string, severity: number) => ({
  source: 'aws.guardduty',
  'detail-type': 'GuardDuty Finding',
  region: 'sa-east-1',
  detail: { accountId: '111122223333', region: 'sa-east-1', type, severity, id: 'f1', title: 'x' },
});

describe('guardDuty: a detector in every enabled region, with every protection plan', () => {
  const detectors = resourcesOfType(standalone, 'aws_guardduty_detector');
  const features = resourcesOfType(standalone, 'aws_guardduty_detector_feature');

  test('one detector per enabled region: 17 with no opt-in regions, publishing findings every 15 minutes', () => {
    expect(detectors.map(regionOf).sort()).toEqual([...DEFAULT_ENABLED_REGIONS].sort());
    for (const detector of detectors) expect(detector).toMatchObject({ enable: true, finding_publishing_frequency: 'FIFTEEN_MINUTES' });
  });

  test('an enabled opt-in region gets its detector too', () => {
    const config = validConfigData();
    config.optInRegions = ['eu-south-2'];
    const stack = synthesize(config).stack('account-personal');
    expect(resourcesOfType(stack, 'aws_guardduty_detector').map(regionOf)).toContain('eu-south-2');
    expect(resourcesOfType(stack, 'aws_guardduty_detector')).toHaveLength(18);
  });

  test('each region has the six protection plans as separate features, runtime monitoring with agent management for EKS, ECS and EC2', () => {
    for (const region of DEFAULT_ENABLED_REGIONS) {
      const here = features.filter((feature) => regionOf(feature) === region);
      expect(here.map((feature) => [feature.name, feature.status]).sort()).toEqual([
        ['EBS_MALWARE_PROTECTION', 'ENABLED'],
        ['EKS_AUDIT_LOGS', 'ENABLED'],
        ['LAMBDA_NETWORK_LOGS', 'ENABLED'],
        ['RDS_LOGIN_EVENTS', 'ENABLED'],
        ['RUNTIME_MONITORING', 'ENABLED'],
        ['S3_DATA_EVENTS', 'ENABLED'],
      ]);
      const runtime = here.find((feature) => feature.name === 'RUNTIME_MONITORING')!;
      expect(runtime.additional_configuration).toEqual([
        { name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' },
        { name: 'ECS_FARGATE_AGENT_MANAGEMENT', status: 'ENABLED' },
        { name: 'EC2_AGENT_MANAGEMENT', status: 'ENABLED' },
      ]);
      for (const feature of here) expect(feature.detector_id).toMatch(new RegExp(`aws_guardduty_detector\\.baseline_guardDuty_${region}_detector_`));
    }
  });

  test('a plan switched off in config is declared DISABLED, per account', () => {
    const config = validConfigData();
    config.guardDuty = { features: { runtimeMonitoring: false } };
    config.accounts.push({ name: 'lab', accountId: '444455556666', guardDuty: { features: { s3DataEvents: false } } });
    const synthesized = synthesize(config);
    const statuses = (stack: string, name: string) =>
      [...new Set(resourcesOfType(synthesized.stack(stack), 'aws_guardduty_detector_feature').filter((feature) => feature.name === name).map((feature) => feature.status))];
    expect(statuses('account-personal', 'RUNTIME_MONITORING')).toEqual(['DISABLED']);
    expect(statuses('account-personal', 'S3_DATA_EVENTS')).toEqual(['ENABLED']);
    expect(statuses('account-lab', 'S3_DATA_EVENTS')).toEqual(['DISABLED']);
    expect(statuses('account-lab', 'RUNTIME_MONITORING')).toEqual(['DISABLED']);
  });
});

describe('guardDuty: findings from every region reach a person', () => {
  const rules = findingRules(standalone);

  test('a finding in any enabled region reaches the findings rule in the home region, once, and is published there', () => {
    expect(rules.map(regionOf)).toEqual(['ap-northeast-1']);
    const targets = targetsOf(standalone, rules);
    expect(targets.map((target) => target.arn)).toEqual([expect.stringContaining('aws_lambda_function.baseline_alerts_formatter')]);
    for (const region of DEFAULT_ENABLED_REGIONS) {
      const event = { ...finding('CryptoCurrency:EC2/BitcoinTool.B!DNS', 8), region };
      expect({ region, ...routeOf(standalone, 'account-baseline-guardduty-findings', event) }).toEqual({ region, copiesAtHome: 1, homeRules: ['account-baseline-guardduty-findings'] });
    }
  });

  test.each([
    ['a medium finding (severity 5)', true, finding('Recon:EC2/PortProbeUnprotectedPort', 5)],
    ['a finding at the threshold (severity 4)', true, finding('Recon:EC2/Portscan', 4)],
    ['a low finding (severity 2)', false, finding('Recon:EC2/PortProbeUnprotectedPort', 2)],
    ['a low crypto-mining finding', true, finding('CryptoCurrency:EC2/BitcoinTool.B!DNS', 2)],
    ['a low crypto-miner runtime finding', true, finding('Impact:Runtime/CryptoMinerExecuted', 1)],
    ['a low root-credential finding', true, finding('Policy:IAMUser/RootCredentialUsage', 2)],
  ])('%s raises an alert: %s', (_what, expected, event) => {
    expect(matchesPattern(JSON.parse(rules[0].event_pattern), event)).toBe(expected);
  });

  test('the threshold comes from config', () => {
    const config = validConfigData();
    config.guardDuty = { minimumSeverity: 7 };
    const [rule] = findingRules(synthesize(config).stack('account-personal'));
    expect(matchesPattern(JSON.parse(rule.event_pattern), finding('Recon:EC2/Portscan', 5))).toBe(false);
    expect(matchesPattern(JSON.parse(rule.event_pattern), finding('Backdoor:EC2/C&CActivity.B', 8))).toBe(true);
  });

  test('the e-mail names the account, region, finding type and severity as a word, and links to the finding', () => {
    const target = resourcesOfType(standalone, 'aws_cloudwatch_event_target').find(
      (candidate) => candidate.input_transformer && String(candidate.rule).includes('guardDuty'),
    )!;
    const alert = alertDelivered(standalone, target, finding('CryptoCurrency:EC2/BitcoinTool.B!DNS', 8));
    expect(alert.subject).toBe('[High] GuardDuty: CryptoCurrency:EC2/BitcoinTool.B!DNS in sa-east-1, AWS account 111122223333');
    for (const fact of ['Account: 111122223333', 'Region: sa-east-1', 'Severity: High (8.0)', 'Finding: CryptoCurrency:EC2/BitcoinTool.B!DNS']) expect(alert.message).toContain(fact);
    expect(alert.message).toContain('https://sa-east-1.console.aws.amazon.com/guardduty/home?region=sa-east-1#/findings?macros=current&fId=f1');
  });

  test.each([
    [{ minimumSeverity: 0 }, 'guardDuty.minimumSeverity = 0: must be a number from 1 to 10 (GuardDuty severity)'],
    [{ features: { s3Logs: false } }, 'guardDuty.features'],
  ])('a bad setting %j is rejected: %s', (guardDuty, message) => {
    const config = validConfigData();
    config.guardDuty = guardDuty;
    expect(() => parseConfig(config)).toThrow(message);
  });
});

describe('inspector: EC2, ECR, Lambda and Lambda code in the allowed regions', () => {
  test('one enabler per allowed region, for this account, with all four scan types', () => {
    const enablers = resourcesOfType(standalone, 'aws_inspector2_enabler');
    expect(enablers.map(regionOf).sort()).toEqual(['ap-northeast-1', 'us-east-1']);
    for (const enabler of enablers) {
      expect(enabler.account_ids).toEqual(['111122223333']);
      expect(enabler.resource_types).toEqual(['EC2', 'ECR', 'LAMBDA', 'LAMBDA_CODE']);
    }
  });

  test('configurable to every enabled region, and per scan type', () => {
    const config = validConfigData();
    config.inspector = { allRegions: true, scan: { lambdaCode: false } };
    const enablers = resourcesOfType(synthesize(config).stack('account-personal'), 'aws_inspector2_enabler');
    expect(enablers).toHaveLength(17);
    expect(enablers[0].resource_types).toEqual(['EC2', 'ECR', 'LAMBDA']);
  });
});

describe('guardDuty and inspector in an organisation', () => {
  const orgStack = organization.stack('organization');
  const security = organization.stack('account-security');

  test('the organization stack delegates GuardDuty to the security account in every enabled region, after trusted access', () => {
    const admins = resourcesOfType(orgStack, 'aws_guardduty_organization_admin_account');
    expect(admins.map(regionOf).sort()).toEqual([...DEFAULT_ENABLED_REGIONS, 'eu-south-2'].sort());
    for (const admin of admins) {
      expect(admin.admin_account_id).toBe('100000000002');
      expect(admin.depends_on).toEqual([expect.stringMatching(/^aws_organizations_organization\./)]);
    }
    expect(resourcesOfType(orgStack, 'aws_organizations_organization')[0].aws_service_access_principals).toEqual(
      expect.arrayContaining(['guardduty.amazonaws.com', 'malware-protection.guardduty.amazonaws.com', 'inspector2.amazonaws.com']),
    );
  });

  test('the organization stack delegates Inspector in the regions the security account scans', () => {
    const admins = resourcesOfType(orgStack, 'aws_inspector2_delegated_admin_account');
    expect(admins.map(regionOf).sort()).toEqual(['eu-central-1', 'eu-west-1', 'us-east-1']);
    for (const admin of admins) expect(admin.account_id).toBe('100000000002');
  });

  test('the security account auto-enables every member, existing and new, with the same plans, in every region', () => {
    const configurations = resourcesOfType(security, 'aws_guardduty_organization_configuration');
    expect(configurations).toHaveLength(18);
    for (const configuration of configurations) expect(configuration.auto_enable_organization_members).toBe('ALL');
    const features = resourcesOfType(security, 'aws_guardduty_organization_configuration_feature');
    expect(features).toHaveLength(18 * 6);
    for (const feature of features) {
      expect(feature.auto_enable).toBe('ALL');
      expect(feature.depends_on).toEqual([expect.stringMatching(/aws_guardduty_organization_configuration\./)]);
    }
  });

  test('the security account enables Inspector for itself, and separately for every other configured account once associated', () => {
    const enablers = resourcesOfType(security, 'aws_inspector2_enabler');
    expect(enablers).toHaveLength(3 * 2);
    const own = enablers.filter((enabler) => enabler.account_ids.length === 1);
    const members = enablers.filter((enabler) => enabler.account_ids.length > 1);
    expect(own.map((enabler) => enabler.account_ids)).toEqual([['100000000002'], ['100000000002'], ['100000000002']]);
    for (const enabler of members) {
      expect(enabler.account_ids).toEqual(['100000000001', '100000000003', '100000000004', '100000000005']);
      expect(enabler.depends_on).toHaveLength(4);
    }
    expect(resourcesOfType(security, 'aws_inspector2_member_association')).toHaveLength(3 * 4);
    for (const configuration of resourcesOfType(security, 'aws_inspector2_organization_configuration')) {
      expect(configuration.auto_enable).toEqual({ ec2: true, ecr: true, lambda: true, lambda_code: true });
    }
  });

  // Found by deploying to the local AWS API: the provider refuses, once it knows the caller's
  // account, an enabler whose account_ids hold both the administrator's own account and others.
  test("no Inspector enabler mixes the stack's own account with other accounts", () => {
    for (const stack of organization.stacks) {
      const own = organization.settings.accounts.find((account) => account.stackName === stack.name)?.accountId;
      for (const enabler of resourcesOfType(stack, 'aws_inspector2_enabler')) {
        expect({ stack: stack.name, mixed: enabler.account_ids.length > 1 && enabler.account_ids.includes(own) }).toEqual({ stack: stack.name, mixed: false });
      }
    }
  });

  test('member stacks do not fight the organisation: no detectors or enablers, but their own findings alerts', () => {
    for (const name of ['account-management', 'account-production', 'account-staging', 'account-sandbox']) {
      const stack = organization.stack(name);
      expect({ name, detectors: resourcesOfType(stack, 'aws_guardduty_detector').length, enablers: resourcesOfType(stack, 'aws_inspector2_enabler').length }).toEqual({
        name,
        detectors: 0,
        enablers: 0,
      });
      // One rule, in the home region; every other enabled region (eu-south-2 too) forwards to it.
      expect(findingRules(stack)).toHaveLength(1);
      expect(alertsOn(stack, 'account-baseline-guardduty-findings', { ...finding('Backdoor:EC2/C&CActivity.B', 8), region: 'eu-south-2' })).toBe(true);
    }
  });

  test('the security account stack is deployed after the organization stack (delegation before organisation configuration)', () => {
    const manifest = require(`${organization.outdir}/manifest.json`);
    expect(manifest.stacks['account-security'].dependencies).toEqual(['organization']);
    expect(manifest.stacks['account-production'].dependencies).toEqual([]);
  });
});
