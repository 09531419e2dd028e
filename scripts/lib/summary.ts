import type { AccountSettings, BaselineSettings } from '../../modules/config/resolve';
import { PRICES_AS_OF, StackCost, dollars, estimateStackCost } from './cost';
import { SynthesizedStack, TerraformJson, controlOfPath, listResources } from './stacks';

export interface StackSummary {
  readonly stack: string;
  readonly resourceCount: number;
  readonly providerRegions: readonly string[];
  readonly backend: string;
  /** control → resource type → count */
  readonly controls: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

export function summarizeStack(stack: string, json: TerraformJson): StackSummary {
  const controls = new Map<string, Map<string, number>>();
  const resources = listResources(json);
  for (const { type, path } of resources) {
    const control = controlOfPath(path);
    const types = controls.get(control) ?? new Map<string, number>();
    types.set(type, (types.get(type) ?? 0) + 1);
    controls.set(control, types);
  }
  return {
    stack,
    resourceCount: resources.length,
    providerRegions: (json.provider?.aws ?? []).map((provider) => String(provider.region)),
    backend: Object.keys(json.terraform?.backend ?? {})[0] ?? 'local',
    controls,
  };
}

/** Lines of the summary are kept within this many characters. */
export const SUMMARY_WIDTH = 120;

/**
 * The per-stack summary `npm run synth` prints: who, where, how many resources per control (a
 * line or two), what is switched off, then the next steps. `allowedRegionsAsWritten` gives each
 * account's allowed regions in the order the configuration lists them.
 */
export function formatSummary(
  source: string,
  outdir: string,
  stacks: readonly SynthesizedStack[],
  settings: BaselineSettings,
  allowedRegionsAsWritten: (account: AccountSettings) => readonly string[] = (account) => account.allowedRegions,
  /**
   * The configuration as the commands must name it (BASELINE_CONFIG), relative to the project root.
   * @default - the embedded default, which the commands need not name
   */
  configArgument?: string,
  /**
   * The stacks' estimated monthly costs.
   * @default - estimated here
   */
  stackCosts: readonly StackCost[] = stacks.map((stack) => estimateStackCost(stack, settings)),
): string {
  const costs = new Map(stackCosts.map((cost) => [cost.stack, cost]));
  const lines = [
    `Synthesized ${stacks.length} stack${stacks.length === 1 ? '' : 's'} from ${source} into ${outdir}/stacks.`,
    costLine([...costs.values()]),
    '',
  ];
  for (const stack of stacks) {
    const summary = summarizeStack(stack.name, stack.json);
    const account = settings.accounts.find((candidate) => candidate.stackName === stack.name);
    const who = account
      ? `account ${account.accountId}, ${account.mode}${account.assumeRoleArn ? `, via ${account.assumeRoleArn.split(':').pop()}` : ''}`
      : `management account ${settings.organization?.managementAccountId}`;
    lines.push(`${stack.name}  (${who})`);
    lines.push(
      `  ${summary.resourceCount} resources, ${summary.providerRegions.length} providers, ${summary.backend} state` +
        (account ? `; home ${account.homeRegion}; allowed: ${allowedRegionsAsWritten(account).join(', ')}` : ''),
    );
    if (summary.controls.size === 0) lines.push('  no resources: every organisation-level control is switched off');
    const counts = [...summary.controls]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([control, types]) => `${control} ${[...types.values()].reduce((sum, count) => sum + count, 0)}`);
    lines.push(...wrap(counts, SUMMARY_WIDTH - 2).map((line) => `  ${line}`));
    const cost = costs.get(stack.name)!;
    if (account && cost.usd >= account.budget.monthlyLimitUsd * BUDGET_SHARE_WARNED) {
      lines.push(
        `  WARNING: the baseline alone is about ${dollars(cost.usd)} a month, ${Math.round((cost.usd / account.budget.monthlyLimitUsd) * 100)} % of this account's ` +
          `${dollars(account.budget.monthlyLimitUsd)} budget;`,
        `  its ${Math.round(BUDGET_SHARE_WARNED * 100)} % alert will fire every month. Raise budget.monthlyLimitUsd, or see docs/cost.md for what costs less.`,
      );
    }
    if (account) {
      const off = Object.entries(account.controls).filter(([, on]) => !on).map(([id]) => id);
      if (off.length > 0) lines.push(...wrap(off, SUMMARY_WIDTH - 16).map((line, index) => `  ${index === 0 ? 'switched off: ' : '              '}${line}`));
    }
    lines.push('');
  }
  lines.push(...nextSteps(settings, stacks.map((stack) => stack.name), configArgument));
  return lines.join('\n');
}

/** The share of an account's budget at which the summary warns that the baseline alone uses it up: the first alert's. */
export const BUDGET_SHARE_WARNED = 0.5;

/** The summary's second line: the estimated monthly cost of the baseline itself. */
function costLine(costs: readonly StackCost[]): string {
  const total = costs.reduce((sum, cost) => sum + cost.usd, 0);
  return `The baseline itself: about ${dollars(total)} a month at AWS list prices of ${PRICES_AS_OF} (each control and region: --cost).`;
}

/** A word for a POSIX shell: quoted when it holds anything but safe characters. */
const shellWord = (word: string) => (/^[\w./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`);

/**
 * What the owner does after synthesizing, in the order that protects the account soonest: the root
 * user first (it needs no deploy), then what exists and what would change, the deploy, the
 * subscriptions, the people, drift in CI. Every command names the configuration when it is not
 * the embedded default, so that it works as printed (from the project root). Each line within 120
 * characters.
 */
export function nextSteps(settings: BaselineSettings, stackNames: readonly string[], configArgument?: string): string[] {
  const accounts = settings.accounts.filter((account) => stackNames.includes(account.stackName));
  const prefix = configArgument ? `BASELINE_CONFIG=${shellWord(configArgument)} ` : '';
  const lines = ['Next steps:'];
  let step = 0;
  const add = (text: string, ...more: string[]) => lines.push(`  ${++step}. ${text}`, ...more.map((line) => `     ${line}`));
  /** A command on a line of its own, split into words when it would pass the width. */
  const command = (text: string) => wrapWords(text, SUMMARY_WIDTH - 5);
  const rootAccounts = accounts.filter((account) => account.mode !== 'organization-member').map((account) => account.name);
  if (rootAccounts.length > 0) {
    add(
      `Now, before any deploy: sign in as the root user of ${rootAccounts.join(', ')}, delete any root access key, turn on`,
      'root MFA and store the password safely (IAM console > Security credentials); nothing else can restrict root there.',
    );
  }
  const organization = settings.organization && stackNames.includes(settings.organization.stackName) ? settings.organization.stackName : undefined;
  const ordered = [...(organization ? [organization] : []), ...accounts.map((account) => account.stackName)];
  const who = settings.organization ? `management-account credentials (${settings.organization.managementAccountId})` : accounts.length === 1 ? `credentials for account ${accounts[0].accountId}` : 'credentials for each account';
  add(`With ${who}: what AWS already has (to adopt it), and what would change:`, ...command(`${prefix}npm run adopt`), ...command(`${prefix}npx cdktf diff ${ordered.join(' ')}`));
  if (organization) {
    const through = accounts.some((account) => account.assumeRoleArn) ? ' (members through their deployment roles)' : '';
    add(`Deploy the organisation first, then the accounts${through}:`, ...command(`${prefix}npx cdktf deploy ${organization}`), ...(accounts.length > 0 ? command(`${prefix}npx cdktf deploy ${accounts.map((account) => account.stackName).join(' ')}`) : []));
  } else if (accounts.length > 0) {
    add('Deploy:', ...command(`${prefix}npx cdktf deploy ${accounts.map((account) => account.stackName).join(' ')}`));
  }
  const addresses = [...new Set(accounts.flatMap((account) => account.alertEmails))].sort();
  add(
    'Confirm the "AWS Notification - Subscription Confirmation" e-mail at each address; until then alerts reach nobody:',
    ...wrap(addresses, SUMMARY_WIDTH - 5),
    // A click leaves the subscription cancellable by anyone holding an alert e-mail: confirm from the link instead.
    "Do not click the link: with the account's credentials, run npm run confirm -- --link '<the link>'",
  );
  const unbound = accounts.filter((account) => account.mode !== 'organization-member' && account.controls.mfaEnforcement && account.humanUsers.length === 0 && account.mfaRequiredGroups.length === 0);
  if (unbound.length > 0) {
    add(
      `Put your people in account-baseline-human-users (set iam.humanUsers): ${unbound.map((account) => account.name).join(', ')}`,
      'WARNING: until then the MFA, region-deny and circuit-breaker IAM policies there bind nobody.',
    );
  }
  if (accounts.some((account) => account.mode === 'organization-member')) {
    add('Member accounts: delete their root passwords and keys through centralised root access (IAM > Root access).');
  }
  add('Check for drift from CI (docs/drift.md):', ...command(`${prefix}npm run drift`));
  add('Expect a few tamper alerts from the first deploy itself (contacts, policies); anything later is worth a look.');
  return [...lines, ''];
}

/** A command's words on lines of at most `width` characters, continued with a backslash. */
function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + word.length + 3 <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines.map((line, index) => (index < lines.length - 1 ? `${line} \\` : line));
}

/** Items joined with ", " into lines of at most `width` characters. */
function wrap(items: readonly string[], width: number): string[] {
  const lines: string[] = [];
  for (const item of items) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + item.length + 2 <= width) lines[last] += `, ${item}`;
    else lines.push(item);
  }
  return lines;
}
