import type { AccountSettings, BaselineSettings } from '../../modules/config/resolve';
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
): string {
  const lines = [`Synthesized ${stacks.length} stack${stacks.length === 1 ? '' : 's'} from ${source} into ${outdir}/stacks:`, ''];
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
    if (account) {
      const off = Object.entries(account.controls).filter(([, on]) => !on).map(([id]) => id);
      if (off.length > 0) lines.push(...wrap(off, SUMMARY_WIDTH - 16).map((line, index) => `  ${index === 0 ? 'switched off: ' : '              '}${line}`));
    }
    lines.push('');
  }
  lines.push(...nextSteps(settings, stacks.map((stack) => stack.name)));
  return lines.join('\n');
}

/**
 * What the owner does after synthesizing: deploy in order, confirm the subscriptions, put people in
 * the baseline's group, secure the root user. Each line within 120 characters.
 */
export function nextSteps(settings: BaselineSettings, stackNames: readonly string[]): string[] {
  const accounts = settings.accounts.filter((account) => stackNames.includes(account.stackName));
  const lines = ['Next steps:'];
  let step = 0;
  const add = (text: string, ...more: string[]) => lines.push(`  ${++step}. ${text}`, ...more.map((line) => `     ${line}`));
  if (settings.organization && stackNames.includes(settings.organization.stackName)) {
    add(`Deploy the organisation first, with management-account credentials: npx cdktf deploy ${settings.organization.stackName}`);
  }
  if (accounts.length === 1 && !accounts[0].assumeRoleArn) {
    add(`Deploy: npx cdktf deploy ${accounts[0].stackName}  (with credentials for account ${accounts[0].accountId})`);
  } else if (accounts.length > 0) {
    const through = accounts.some((account) => account.assumeRoleArn) ? ' (members through their deployment roles)' : '';
    add(`Then the accounts, with credentials for ${settings.organization?.managementAccountId ?? 'each account'}${through}:`, `npx cdktf deploy ${accounts.map((account) => account.stackName).join(' ')}`);
  }
  const addresses = [...new Set(accounts.flatMap((account) => account.alertEmails))].sort();
  add('Confirm the "AWS Notification - Subscription Confirmation" e-mail AWS sends to each alert address;', 'alerts reach nobody until then:', ...wrap(addresses, SUMMARY_WIDTH - 5));
  const unbound = accounts.filter((account) => account.mode !== 'organization-member' && account.controls.mfaEnforcement && account.humanUsers.length === 0 && account.mfaRequiredGroups.length === 0);
  if (unbound.length > 0) {
    add(
      `Put your people in account-baseline-human-users (set iam.humanUsers): ${unbound.map((account) => account.name).join(', ')}`,
      'WARNING: until then the MFA, region-deny and circuit-breaker IAM policies there bind nobody.',
    );
  }
  const rootAccounts = accounts.filter((account) => account.mode !== 'organization-member').map((account) => account.name);
  if (rootAccounts.length > 0) {
    add(`Root user of ${rootAccounts.join(', ')}: delete any root access key, turn on root MFA, store the password safely`, '(IAM console > Security credentials, signed in as root); nothing else can restrict root there.');
  }
  if (accounts.some((account) => account.mode === 'organization-member')) {
    add('Member accounts: delete their root passwords and keys through centralised root access (IAM > Root access).');
  }
  add('Expect a few tamper alerts from the first deploy itself (contacts, policies); anything later is worth a look.');
  return [...lines, ''];
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
