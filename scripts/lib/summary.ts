import type { BaselineSettings } from '../../modules/config/resolve';
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

/** The per-stack summary `npm run synth` prints. */
export function formatSummary(source: string, outdir: string, stacks: readonly SynthesizedStack[], settings: BaselineSettings): string {
  const lines = [`Synthesized ${stacks.length} stack${stacks.length === 1 ? '' : 's'} from ${source} into ${outdir}/stacks:`, ''];
  for (const stack of stacks) {
    const summary = summarizeStack(stack.name, stack.json);
    const account = settings.accounts.find((candidate) => candidate.stackName === stack.name);
    const who = account
      ? `account ${account.accountId}, ${account.mode}${account.assumeRoleArn ? `, via ${account.assumeRoleArn}` : ''}`
      : `management account ${settings.organization?.managementAccountId}`;
    lines.push(`${stack.name}  (${who})`);
    lines.push(
      `  ${summary.resourceCount} resources, ${summary.providerRegions.length} regional providers, ${summary.backend} state` +
        (account ? `; home ${account.homeRegion}, allowed: ${account.allowedRegions.join(', ')}` : ''),
    );
    if (summary.controls.size === 0) lines.push('  no resources: every organisation-level control is switched off');
    for (const [control, types] of [...summary.controls].sort(([a], [b]) => a.localeCompare(b))) {
      const total = [...types.values()].reduce((sum, count) => sum + count, 0);
      const detail = [...types].sort(([a], [b]) => a.localeCompare(b)).map(([type, count]) => `${type} x${count}`).join(', ');
      lines.push(`  - ${control}: ${total} (${detail})`);
    }
    if (account) {
      const off = Object.entries(account.controls).filter(([, on]) => !on).map(([id]) => id);
      if (off.length > 0) lines.push(`  switched off: ${off.join(', ')}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
