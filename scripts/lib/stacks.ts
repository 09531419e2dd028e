import { readFileSync } from 'node:fs';
import { join } from 'node:path';

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

/**
 * The control a construct path belongs to: the child of the stack's baseline construct
 * (`account-x/baseline/<control>/...`), e.g. `alerts` or `accountDefaults`.
 */
export function controlOfPath(path: string): string {
  const segments = path.split('/');
  const index = segments.indexOf('baseline');
  return index >= 0 && segments[index + 1] ? segments[index + 1] : '(outside the baseline)';
}
