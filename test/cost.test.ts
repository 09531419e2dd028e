/**
 * The baseline's own monthly cost, estimated at synth time: it follows the configuration (controls,
 * plans, regions, organisation), it counts what the stack declares, the summary prints its total
 * and warns when the baseline alone would set off the budget's first alert, and docs/cost.md
 * shows the prices and assumptions the estimate uses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BaselineSettings } from '../modules/config/resolve';
import { COST_DOC, costDocument } from '../scripts/docs';
import { ASSUMPTIONS, PRICES, PRICES_AS_OF, StackCost, dollars, estimateStackCost, formatCostTable } from '../scripts/lib/cost';
import { BUDGET_SHARE_WARNED, formatSummary } from '../scripts/lib/summary';
import { ORGANIZATION_EXAMPLE, REPO_ROOT, Synthesized, resourcesOfType, synthesize, validConfigData } from './support/fixtures';

const total = (lines: ReadonlyArray<{ usd: number }>) => lines.reduce((sum, line) => sum + line.usd, 0);
const of = (cost: StackCost, control: string) => cost.lines.filter((line) => line.control === control);
const regionsOf = (cost: StackCost, control: string) => [...new Set(of(cost, control).map((line) => line.region))].sort();

let standalone: Synthesized;
let standaloneCost: StackCost;
let trimmed: Synthesized;
let trimmedCost: StackCost;
let organization: Synthesized;
let organizationCosts: Map<string, StackCost>;

beforeAll(() => {
  standalone = synthesize(validConfigData());
  standaloneCost = estimateStackCost(standalone.stacks[0], standalone.settings);
  // The levers docs/cost.md names, pulled at once.
  const config = validConfigData();
  config.guardDuty = { features: { s3DataEvents: false } };
  config.inspector = { scan: { lambdaCode: false } };
  config.evidence = { ...config.evidence, configAllRegions: false };
  config.controls = { ...config.controls, securityHub: true };
  trimmed = synthesize(config);
  trimmedCost = estimateStackCost(trimmed.stacks[0], trimmed.settings);
  organization = synthesize(ORGANIZATION_EXAMPLE);
  organizationCosts = new Map(organization.stacks.map((stack) => [stack.name, estimateStackCost(stack, organization.settings)]));
}, 120_000);

describe('a standalone account', () => {
  test('every amount is a control of the stack in one of its enabled regions, and the stack total is their sum', () => {
    const account = standalone.settings.accounts[0];
    expect(standaloneCost.lines.length).toBeGreaterThan(20);
    for (const line of standaloneCost.lines) {
      expect(account.enabledRegions).toContain(line.region);
      expect(line.usd).toBeGreaterThan(0);
    }
    expect(standaloneCost.usd).toBeCloseTo(total(standaloneCost.lines), 10);
    // Config, GuardDuty, the alerts hub and the tamper alerts are what a quiet account pays most for.
    expect(new Set(standaloneCost.lines.map((line) => line.control))).toEqual(
      new Set(['alerts', 'auditTrail', 'configRecorder', 'containment', 'credentialHygiene', 'evidence', 'guardDuty', 'inspector', 'passwordPolicy', 'rootCredentials', 'tamperAlerts']),
    );
  });

  test("alarms and KMS keys are counted in the stack as declared: one alarm line per control and region, $0.10 an alarm", () => {
    const alarms = resourcesOfType(standalone.stacks[0], 'aws_cloudwatch_metric_alarm').length;
    const keys = resourcesOfType(standalone.stacks[0], 'aws_kms_key').length;
    expect(alarms).toBeGreaterThan(17);
    expect(total(standaloneCost.lines.filter((line) => / alarms?$/.test(line.what)))).toBeCloseTo(alarms * PRICES.alarm.usd, 10);
    expect(total(standaloneCost.lines.filter((line) => / KMS keys?$/.test(line.what)))).toBeCloseTo(keys * PRICES.kmsKey.usd, 10);
  });

  test('GuardDuty and Config are estimated in every enabled region, the home region busier than the rest', () => {
    const account = standalone.settings.accounts[0];
    expect(regionsOf(standaloneCost, 'guardDuty')).toEqual([...account.enabledRegions].sort());
    expect(regionsOf(standaloneCost, 'configRecorder')).toEqual([...account.enabledRegions].sort());
    const config = (region: string) => total(of(standaloneCost, 'configRecorder').filter((line) => line.region === region));
    expect(config(account.homeRegion)).toBeCloseTo(ASSUMPTIONS.configItems.home * PRICES.configItem.usd, 10);
    expect(config('sa-east-1')).toBeCloseTo(ASSUMPTIONS.configItems.other * PRICES.configItem.usd, 10);
  });

  test("Inspector is the baseline's own functions, scanned for dependencies and code, where Inspector scans", () => {
    const functions = resourcesOfType(standalone.stacks[0], 'aws_lambda_function').length;
    expect(total(of(standaloneCost, 'inspector'))).toBeCloseTo(functions * (PRICES.inspectorLambdaStandard.usd + PRICES.inspectorLambdaCode.usd), 10);
  });

  test('each lever lowers the estimate by its share: S3 protection off, code scanning off, Config at home only; Security Hub on raises it in every region', () => {
    const account = trimmed.settings.accounts[0];
    expect(of(trimmedCost, 'guardDuty').some((line) => line.what.startsWith('S3 protection'))).toBe(false);
    expect(of(standaloneCost, 'guardDuty').some((line) => line.what.startsWith('S3 protection'))).toBe(true);
    expect(regionsOf(trimmedCost, 'configRecorder')).toEqual([account.homeRegion]);
    const functions = resourcesOfType(trimmed.stacks[0], 'aws_lambda_function').length;
    expect(total(of(trimmedCost, 'inspector'))).toBeCloseTo(functions * PRICES.inspectorLambdaStandard.usd, 10);
    expect(of(standaloneCost, 'securityHub')).toEqual([]);
    expect(regionsOf(trimmedCost, 'securityHub')).toEqual([...account.enabledRegions].sort());
    const withoutSecurityHub = trimmedCost.usd - total(of(trimmedCost, 'securityHub'));
    expect(withoutSecurityHub).toBeLessThan(standaloneCost.usd);
  });
});

describe('an organisation', () => {
  test('members are estimated with GuardDuty and Inspector, which the security account switches on for them, though their stacks declare neither', () => {
    const production = organizationCosts.get('account-production')!;
    expect(resourcesOfType(organization.stack('account-production'), 'aws_guardduty_detector')).toEqual([]);
    const account = organization.settings.accounts.find((candidate) => candidate.name === 'production')!;
    expect(regionsOf(production, 'guardDuty')).toEqual([...account.enabledRegions].sort());
    expect(total(of(production, 'inspector'))).toBeGreaterThan(0);
  });

  test("the organisation trail's delivery is counted once, in the organization stack, for every member account and region", () => {
    const members = organization.settings.accounts.filter((account) => account.mode !== 'standalone');
    const delivery = of(organizationCosts.get('organization')!, 'auditTrail');
    expect(delivery).toHaveLength(members.reduce((sum, account) => sum + account.enabledRegions.length, 0));
    for (const stack of organization.settings.accounts.map((account) => account.stackName)) expect(of(organizationCosts.get(stack)!, 'auditTrail')).toEqual([]);
  });

  test("only the security account pays for Security Hub, the example's one account with it on", () => {
    const paying = [...organizationCosts].filter(([, cost]) => of(cost, 'securityHub').length > 0).map(([name]) => name);
    expect(paying).toEqual(['account-security']);
  });
});

describe('what npm run synth prints', () => {
  const withBudget = (settings: BaselineSettings, monthlyLimitUsd: number): BaselineSettings => ({
    ...settings,
    accounts: settings.accounts.map((account) => ({ ...account, budget: { ...account.budget, monthlyLimitUsd } })),
  });
  const summary = (settings: BaselineSettings) => formatSummary('baseline.config.yaml', 'cdktf.out', standalone.stacks, settings);

  test("the summary's second line is the estimated monthly total, dated", () => {
    const second = summary(standalone.settings).split('\n')[1];
    expect(second).toBe(`The baseline itself: about ${dollars(standaloneCost.usd)} a month at AWS list prices of ${PRICES_AS_OF} (each control and region: --cost).`);
  });

  test("it warns when the baseline alone reaches half the account's budget, the budget's first alert, and not below", () => {
    const usd = standaloneCost.usd;
    expect(summary(withBudget(standalone.settings, Math.floor(usd / BUDGET_SHARE_WARNED)))).toMatch(/WARNING: the baseline alone is about \$[\d.]+ a month, \d+ % of this account's/);
    expect(summary(withBudget(standalone.settings, Math.ceil(usd / BUDGET_SHARE_WARNED) + 1))).not.toContain('WARNING: the baseline alone');
  });

  test('the --cost table gives each stack its amount, each control its regions, and the same total', () => {
    const table = formatCostTable([...organizationCosts.values()]);
    const sum = [...organizationCosts.values()].reduce((all, cost) => all + cost.usd, 0);
    expect(table).toContain(`Total ${dollars(sum)} a month`);
    expect(table).toContain(`account-security  ${dollars(organizationCosts.get('account-security')!.usd)} a month`);
    expect(table).toMatch(/\n {2}guardDuty +\$[\d.]+ {3}eu-west-1 \$[\d.]+; 17 regions \$[\d.]+ each\n/);
    for (const line of table.split('\n')) expect(line.length).toBeLessThanOrEqual(120);
  });
});

describe('docs/cost.md', () => {
  test('shows the prices and assumptions the estimate uses, as npm run docs writes them', () => {
    const current = readFileSync(COST_DOC, 'utf8');
    expect(costDocument(current)).toBe(current);
    expect(current).toContain(`read on ${PRICES_AS_OF}`);
  });

  test("shows the embedded default's --cost table as npm run synth prints it", () => {
    const shown = /```\n(account-personal {2}[\s\S]*?)\n {2}\.\.\.\n```/.exec(readFileSync(COST_DOC, 'utf8'))![1];
    expect(formatCostTable([standaloneCost])).toContain(`${shown}\n`);
  });

  test('says that GuardDuty Runtime Monitoring puts an agent into existing workloads, and how to switch it off', () => {
    const text = readFileSync(join(REPO_ROOT, 'docs', 'cost.md'), 'utf8');
    expect(text).toMatch(/installs its security agent into your \*\*existing\*\* EC2 instances/);
    expect(text).toContain('`guardDuty.features.runtimeMonitoring: false`');
  });
});
