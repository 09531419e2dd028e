import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BaselineSettings } from '../../modules/config/resolve';
export { controlOfPath } from '../../modules/controls/catalogue';

/** A stack as CDKTF wrote it: `<outdir>/stacks/<name>/cdk.tf.json`. */
export interface SynthesizedStack {
  readonly name: string;
  readonly dir: string;
  readonly file: string;
  readonly json: TerraformJson;
}

export interface TerraformJson {
  readonly terraform?: {
    readonly backend?: Record<string, Record<string, unknown>>;
    readonly required_providers?: Record<string, { source?: string; version?: string }>;
  };
  readonly provider?: Record<string, ReadonlyArray<Record<string, unknown>>>;
  readonly resource?: Record<string, Record<string, ResourceBlock>>;
  readonly data?: Record<string, Record<string, ResourceBlock>>;
  /** Terraform import blocks, e.g. adopting an existing organisation. */
  readonly import?: ReadonlyArray<{ readonly to: string; readonly id: string; readonly provider?: string }>;
}

export interface ResourceBlock {
  readonly '//'?: { metadata?: { path?: string; uniqueId?: string } };
  readonly provider?: string;
  readonly [attribute: string]: unknown;
}

/** Every stack listed in the output's manifest (stale stack folders of removed accounts are ignored). */
export function readSynthesizedStacks(outdir: string): SynthesizedStack[] {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { synthesizedStackPath: string; workingDirectory: string }>;
  };
  return Object.entries(manifest.stacks)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, entry]) => {
      const file = join(outdir, entry.synthesizedStackPath);
      return { name, dir: join(outdir, entry.workingDirectory), file, json: JSON.parse(readFileSync(file, 'utf8')) };
    });
}

/** Every resource of a stack with its address (`type.name`) and construct path. */
export function listResources(json: TerraformJson): Array<{ address: string; type: string; path: string; block: ResourceBlock }> {
  return Object.entries(json.resource ?? {}).flatMap(([type, resources]) =>
    Object.entries(resources).map(([name, block]) => ({
      address: `${type}.${name}`,
      type,
      path: block['//']?.metadata?.path ?? '',
      block,
    })),
  );
}

/** The account each stack deploys into. */
export function stackAccounts(settings: BaselineSettings): Map<string, string> {
  const accounts = new Map<string, string>(settings.accounts.map((account) => [account.stackName, account.accountId]));
  if (settings.organization) accounts.set(settings.organization.stackName, settings.organization.managementAccountId);
  return accounts;
}

/**
 * The account whose credentials run each stack: in an organisation the management account's
 * (member stacks assume their role from there), else the stack's own account.
 */
export function deployingAccounts(settings: BaselineSettings): Map<string, string> {
  const management = settings.organization?.managementAccountId;
  return new Map([...stackAccounts(settings)].map(([stack, account]) => [stack, management ?? account]));
}
