/**
 * What the baseline itself costs a month, estimated before the deploy for the configuration being
 * synthesized: per stack, per control and per region, from AWS's published list prices and the
 * usage of a quiet account (both below, dated and explained in docs/cost.md, which `npm run docs`
 * writes from them).
 *
 * Two kinds of line. Services billed by usage (Config, GuardDuty, Inspector, Security Hub, the
 * trail's delivery, the heartbeat) come from the account's settings: which controls are on, in
 * which regions, with which plans, since in an organisation GuardDuty, Inspector and Security Hub
 * are switched on for every member by the security account's stack rather than declared in each.
 * Things billed per resource (KMS keys, alarms, Config rules, the functions Inspector scans) are
 * counted in the synthesized stack, so the estimate follows what is declared. Free tiers are not
 * subtracted, and what only your workloads cause (instances, containers, databases, buckets'
 * data events beyond the assumption) is left out: docs/cost.md gives its unit prices.
 */
import type { AccountSettings, BaselineSettings } from '../../modules/config/resolve';
import { SynthesizedStack, controlOfPath, listResources } from './stacks';

/** The day the prices below were read from AWS's pricing pages (US East, N. Virginia). */
export const PRICES_AS_OF = '2026-12-07';

export interface UnitPrice {
  /** US dollars per unit. */
  readonly usd: number;
  readonly unit: string;
  /** The pricing page that publishes it. */
  readonly page: string;
}

const CONFIG = 'https://aws.amazon.com/config/pricing/';
const GUARDDUTY = 'https://aws.amazon.com/guardduty/pricing/';
const INSPECTOR = 'https://aws.amazon.com/inspector/pricing/';
const CLOUDWATCH = 'https://aws.amazon.com/cloudwatch/pricing/';

/** AWS list prices in us-east-1 (other regions are within about a third of these), first tier. */
export const PRICES = {
  configItem: { usd: 0.003, unit: 'configuration item recorded (continuous recording)', page: CONFIG },
  configItemDaily: { usd: 0.012, unit: 'configuration item recorded (daily recording)', page: CONFIG },
  configRuleEvaluation: { usd: 0.001, unit: 'Config rule evaluation (first 100,000 a region a month)', page: CONFIG },
  guardDutyManagementEvent: { usd: 4 / 1e6, unit: 'CloudTrail management event GuardDuty analyses (first 500 million)', page: GUARDDUTY },
  guardDutyFlowDnsGb: { usd: 1.0, unit: 'GB of VPC flow and DNS logs GuardDuty analyses (first 500 GB)', page: GUARDDUTY },
  guardDutyS3DataEvent: { usd: 0.8 / 1e6, unit: 'S3 data event GuardDuty analyses (first 500 million)', page: GUARDDUTY },
  guardDutyRuntimeVcpu: { usd: 1.5, unit: 'vCPU watched for a month by Runtime Monitoring (first 500 vCPUs)', page: GUARDDUTY },
  inspectorEc2Instance: { usd: 1.258, unit: 'EC2 instance Inspector scans for a month', page: INSPECTOR },
  inspectorEcrImage: { usd: 0.09, unit: 'container image Inspector scans when pushed to ECR', page: INSPECTOR },
  inspectorLambdaStandard: { usd: 0.3, unit: 'Lambda function Inspector scans for a month (dependencies)', page: INSPECTOR },
  inspectorLambdaCode: { usd: 0.6, unit: "Lambda function Inspector scans for a month (the function's own code, on top; not confirmed against the live page)", page: INSPECTOR },
  securityHubCheck: { usd: 0.001, unit: 'Security Hub CSPM security check (first 100,000 a region a month)', page: 'https://aws.amazon.com/security-hub/cspm/pricing/' },
  // The baseline's keys rotate yearly; each of a key's first two rotations adds $1 a month: $1 in its first year, $3 from its third.
  kmsKey: { usd: 3.0, unit: 'KMS key with yearly rotation for a month, once rotated twice', page: 'https://aws.amazon.com/kms/pricing/' },
  kmsRequest: { usd: 0.03 / 10_000, unit: 'KMS request', page: 'https://aws.amazon.com/kms/pricing/' },
  alarm: { usd: 0.1, unit: 'CloudWatch alarm on one metric for a month', page: CLOUDWATCH },
  logsIngestedGb: { usd: 0.5, unit: 'GB ingested into CloudWatch Logs', page: CLOUDWATCH },
  s3Put: { usd: 0.005 / 1000, unit: 'S3 PUT request', page: 'https://aws.amazon.com/s3/pricing/' },
  s3StoredGb: { usd: 0.023, unit: 'GB stored for a month in S3 Standard', page: 'https://aws.amazon.com/s3/pricing/' },
  crossRegionEvent: { usd: 1 / 1e6, unit: "event EventBridge delivers to another region's bus", page: 'https://aws.amazon.com/eventbridge/pricing/' },
} as const satisfies Record<string, UnitPrice>;

export interface UsageAssumption {
  /** In the home region. */
  readonly home: number;
  /** In each other enabled region. */
  readonly other: number;
  readonly unit: string;
  readonly why: string;
}

/** The usage of a quiet account a month: a few people, little running, most regions idle. */
export const ASSUMPTIONS = {
  configItems: {
    home: 1000,
    other: 100,
    unit: 'configuration items',
    why: 'a change recorded for each resource created, changed or deleted; the IAM users, roles and policies (recorded in the home region only), a few instances, their network interfaces and volumes at home; the default VPC and the baseline\'s own resources elsewhere',
  },
  managementEvents: {
    home: 300_000,
    other: 30_000,
    unit: 'CloudTrail management events',
    why: "every API call that reads or changes a resource, the baseline's own services' included (Config's recorder, Inspector, the heartbeat's schedule)",
  },
  flowDnsGb: { home: 1, other: 0.05, unit: 'GB of VPC flow and DNS logs', why: 'a few instances at home; nothing running elsewhere' },
  s3DataEvents: { home: 200_000, other: 0, unit: 'S3 data events', why: 'reads and writes of your buckets (the trail and Config writing their logs count too)' },
  securityHubChecks: { home: 6000, other: 3000, unit: 'Security Hub checks', why: 'the two standards\' controls run daily over the resources there' },
  trailObjects: { home: 8760, other: 8760, unit: 'log files CloudTrail writes', why: 'CloudTrail delivers a file about every five minutes in each region with activity, each encrypted with a KMS data key' },
  trailStoredGb: { home: 1, other: 0, unit: 'GB of new trail and Config logs', why: 'a month of a quiet account\'s logs, compressed; they accumulate for the retention period' },
} as const satisfies Record<string, UsageAssumption>;

/** People and roles each periodic IAM Config rule evaluates once a day. */
export const EVALUATED_PRINCIPALS = 5;
/** A heartbeat every five minutes, in each enabled region. */
const HEARTBEATS_A_MONTH = 12 * 24 * 365 / 12;
const HEARTBEAT_LOG_KB = 1;

export interface CostLine {
  readonly stack: string;
  readonly control: string;
  readonly region: string;
  readonly usd: number;
  /** What the amount is for, with the quantity. */
  readonly what: string;
}

export interface StackCost {
  readonly stack: string;
  readonly usd: number;
  readonly lines: readonly CostLine[];
}

/** The monthly estimate of one synthesized stack. */
export function estimateStackCost(stack: SynthesizedStack, settings: BaselineSettings): StackCost {
  const lines: CostLine[] = [];
  const add = (control: string, region: string, usd: number, what: string) => {
    if (usd > 0) lines.push({ stack: stack.name, control, region, usd, what });
  };
  // A resource's region is its provider's (aliases need not be region names: log-archive-eu-west-1).
  const providers = new Map((stack.json.provider?.aws ?? []).map((provider) => [provider.alias === undefined ? 'aws' : `aws.${String(provider.alias)}`, String(provider.region)]));
  const regionOf = (provider: unknown) => providers.get(typeof provider === 'string' ? provider : 'aws') ?? 'unknown';

  // Per resource: what the stack declares, counted by type, control and region (and the functions by region, for Inspector).
  const resources = listResources(stack.json);
  const counted = new Map<string, { type: string; control: string; region: string; count: number }>();
  const functionsByRegion = new Map<string, number>();
  for (const { type, path, block } of resources) {
    const region = regionOf(block.provider);
    if (type === 'aws_lambda_function') functionsByRegion.set(region, (functionsByRegion.get(region) ?? 0) + 1);
    if (!PRICED_PER_RESOURCE.includes(type)) continue;
    const control = controlOfPath(path);
    const key = `${type}\n${control}\n${region}`;
    counted.set(key, { type, control, region, count: (counted.get(key)?.count ?? 0) + 1 });
  }
  for (const { type, control, region, count: n } of counted.values()) {
    if (type === 'aws_cloudwatch_metric_alarm') add(control, region, n * PRICES.alarm.usd, `${n} alarm${n === 1 ? '' : 's'}`);
    else if (type === 'aws_config_config_rule') {
      const evaluations = n * 30 * EVALUATED_PRINCIPALS;
      add(control, region, evaluations * PRICES.configRuleEvaluation.usd, `${n} Config rule${n === 1 ? '' : 's'}, ${evaluations} evaluations`);
    } else add(control, region, n * PRICES.kmsKey.usd, `${n} KMS key${n === 1 ? '' : 's'}`);
  }

  // Per account: the services its settings switch on.
  const account = settings.accounts.find((candidate) => candidate.stackName === stack.name);
  if (account) estimateAccountServices(account, settings, functionsByRegion, add);
  else if (settings.organization && stack.name === settings.organization.stackName) {
    // The organisation trail delivers every account's logs to the security account's archive.
    if (resources.some((resource) => resource.type === 'aws_cloudtrail')) {
      for (const member of settings.accounts.filter((candidate) => candidate.mode !== 'standalone')) {
        for (const region of member.enabledRegions) addTrailDelivery(add, region, region === member.homeRegion, ` for ${member.name}`);
      }
    }
  }
  lines.sort((a, b) => a.control.localeCompare(b.control) || a.region.localeCompare(b.region) || a.what.localeCompare(b.what));
  return { stack: stack.name, usd: sum(lines), lines };
}

type Add = (control: string, region: string, usd: number, what: string) => void;

/** The resource types priced per resource declared. */
const PRICED_PER_RESOURCE = ['aws_kms_key', 'aws_kms_replica_key', 'aws_cloudwatch_metric_alarm', 'aws_config_config_rule'];

function estimateAccountServices(account: AccountSettings, settings: BaselineSettings, functionsByRegion: ReadonlyMap<string, number>, add: Add): void {
  const security = account.mode === 'standalone' ? undefined : settings.accounts.find((candidate) => candidate.isSecurityAccount);
  // In an organisation the security account's GuardDuty and Inspector settings apply to every member.
  const guardDuty = (security ?? account).guardDuty;
  const inspector = (security ?? account).inspector;
  const usage = (assumption: UsageAssumption, region: string) => (region === account.homeRegion ? assumption.home : assumption.other);

  if (account.controls.configRecorder) {
    for (const region of account.configAllRegions ? account.enabledRegions : [account.homeRegion]) {
      const items = usage(ASSUMPTIONS.configItems, region);
      add('configRecorder', region, items * PRICES.configItem.usd, `${items} configuration items`);
    }
  }
  if (account.controls.guardDuty) {
    for (const region of account.enabledRegions) {
      const events = usage(ASSUMPTIONS.managementEvents, region);
      const gb = usage(ASSUMPTIONS.flowDnsGb, region);
      add('guardDuty', region, events * PRICES.guardDutyManagementEvent.usd + gb * PRICES.guardDutyFlowDnsGb.usd, `${events} management events, ${gb} GB of flow and DNS logs`);
      const dataEvents = usage(ASSUMPTIONS.s3DataEvents, region);
      if (guardDuty.features.s3DataEvents) add('guardDuty', region, dataEvents * PRICES.guardDutyS3DataEvent.usd, `S3 protection, ${dataEvents} data events`);
    }
  }
  if (account.controls.inspector) {
    for (const region of inspector.regions) {
      const n = functionsByRegion.get(region) ?? 0;
      const perFunction = (inspector.scan.lambda ? PRICES.inspectorLambdaStandard.usd : 0) + (inspector.scan.lambda && inspector.scan.lambdaCode ? PRICES.inspectorLambdaCode.usd : 0);
      add('inspector', region, n * perFunction, `the baseline's ${n} function${n === 1 ? '' : 's'} scanned`);
    }
  }
  if (account.controls.securityHub) {
    for (const region of account.enabledRegions) {
      const checks = usage(ASSUMPTIONS.securityHubChecks, region);
      add('securityHub', region, checks * PRICES.securityHubCheck.usd, `${checks} checks`);
    }
  }
  // A standalone account's own trail; in an organisation the organisation stack's trail covers it.
  if (account.controls.auditTrail && account.mode === 'standalone') {
    for (const region of account.enabledRegions) addTrailDelivery(add, region, region === account.homeRegion, '');
  }
  // The heartbeat: forwarded home from every other region, written to a log group at home.
  for (const region of account.enabledRegions) {
    if (region !== account.homeRegion) add('alerts', region, HEARTBEATS_A_MONTH * PRICES.crossRegionEvent.usd, `${HEARTBEATS_A_MONTH} heartbeats forwarded home`);
  }
  const logGb = (HEARTBEATS_A_MONTH * account.enabledRegions.length * HEARTBEAT_LOG_KB) / 1024 / 1024;
  add('alerts', account.homeRegion, logGb * PRICES.logsIngestedGb.usd, `${HEARTBEATS_A_MONTH * account.enabledRegions.length} heartbeats logged`);
}

function addTrailDelivery(add: Add, region: string, home: boolean, suffix: string): void {
  const objects = home ? ASSUMPTIONS.trailObjects.home : ASSUMPTIONS.trailObjects.other;
  const stored = home ? ASSUMPTIONS.trailStoredGb.home : ASSUMPTIONS.trailStoredGb.other;
  add(
    'auditTrail',
    region,
    objects * (PRICES.s3Put.usd + PRICES.kmsRequest.usd) + stored * PRICES.s3StoredGb.usd,
    `${objects} log files written and encrypted${stored > 0 ? `, ${stored} GB stored` : ''}${suffix}`,
  );
}

const sum = (lines: readonly { usd: number }[]) => lines.reduce((total, line) => total + line.usd, 0);

/** Dollars as the summary prints them. */
export const dollars = (usd: number) => `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** Each control's share of a set of stacks, largest first. */
export function byControl(costs: readonly StackCost[]): Array<{ control: string; usd: number }> {
  const totals = new Map<string, number>();
  for (const line of costs.flatMap((cost) => cost.lines)) totals.set(line.control, (totals.get(line.control) ?? 0) + line.usd);
  return [...totals].map(([control, usd]) => ({ control, usd })).sort((a, b) => b.usd - a.usd || a.control.localeCompare(b.control));
}

/**
 * The `npm run synth -- --cost` table: per stack, each control's amount and how it falls on the
 * regions (regions costing the same are grouped, named when there are at most three).
 */
export function formatCostTable(costs: readonly StackCost[]): string {
  const lines = [`The baseline's own monthly cost, estimated (AWS list prices of ${PRICES_AS_OF}, a quiet account's usage; docs/cost.md):`, ''];
  for (const cost of costs) {
    lines.push(`${cost.stack}  ${dollars(cost.usd)} a month`);
    const controls = new Map<string, Map<string, number>>();
    for (const line of cost.lines) {
      const regions = controls.get(line.control) ?? new Map<string, number>();
      regions.set(line.region, (regions.get(line.region) ?? 0) + line.usd);
      controls.set(line.control, regions);
    }
    const rows = [...controls].map(([control, regions]) => ({ control, regions, usd: [...regions.values()].reduce((a, b) => a + b, 0) }));
    for (const { control, regions, usd } of rows.sort((a, b) => b.usd - a.usd || a.control.localeCompare(b.control))) {
      // Regions grouped by what they cost, in cents, largest first.
      const groups = new Map<number, string[]>();
      for (const [region, amount] of [...regions].sort(([a], [b]) => a.localeCompare(b))) {
        const cents = Math.round(amount * 100);
        groups.set(cents, [...(groups.get(cents) ?? []), region]);
      }
      const where = [...groups]
        .sort(([a], [b]) => b - a)
        .map(([cents, names]) => (names.length <= 3 ? `${names.join(', ')} ${dollars(cents / 100)}` : `${names.length} regions ${dollars(cents / 100)} each`));
      lines.push(`  ${control.padEnd(22)} ${dollars(usd).padStart(8)}   ${where.join('; ')}`);
    }
    lines.push('');
  }
  lines.push(`Total ${dollars(sum(costs))} a month, before free tiers and without what your own workloads cause (docs/cost.md).`);
  return `${lines.join('\n')}\n`;
}

/** The generated part of docs/cost.md: the prices and the usage assumed, with their dates. */
export function costPricesSection(): string {
  const lines = [
    `Prices: AWS's published list prices in US East (N. Virginia), read on ${PRICES_AS_OF}, first tier.`,
    '',
    '| what | price | published on |',
    '|---|---:|---|',
    ...Object.values(PRICES).map((price: UnitPrice) => `| ${price.unit} | ${formatUnitPrice(price.usd)} | ${price.page} |`),
    '',
    'Usage assumed for a quiet account, a month:',
    '',
    '| usage | home region | each other region | why |',
    '|---|---:|---:|---|',
    ...Object.values(ASSUMPTIONS).map((usage: UsageAssumption) => `| ${usage.unit} | ${usage.home.toLocaleString('en-US')} | ${usage.other.toLocaleString('en-US')} | ${usage.why} |`),
    '',
    `Each periodic IAM Config rule evaluates ${EVALUATED_PRINCIPALS} users and roles once a day; the heartbeat sends ${HEARTBEATS_A_MONTH.toLocaleString('en-US')} events a month from each region.`,
  ];
  return lines.join('\n');
}

/** A unit price as the table shows it: per event prices per million, others as they are. */
function formatUnitPrice(usd: number): string {
  if (usd < 0.0001) return `$${(usd * 1e6).toFixed(2)} per million`;
  const fixed = usd.toFixed(3);
  return `$${fixed.endsWith('0') ? fixed.slice(0, -1) : fixed}`;
}
