/**
 * Making the next deploy of a stack resume after an interrupted one, whatever the interrupt
 * caught. Three repairs, in this order:
 *
 * 1. A lost local state (a 0-byte, unreadable or missing state file after a SIGKILL or a full
 *    disk) is restored from the backup Terraform keeps beside it.
 * 2. What Terraform marked tainted (its creation was interrupted) is untainted: it exists, and
 *    the deploy repairs it in place instead of replacing it.
 * 3. Orphans are imported: resources the stack declares that exist in AWS but not in the state,
 *    because the interrupt cancelled the call after AWS had acted on it, or because the state
 *    was lost. Only resources that refuse a second create (or would be created twice) matter,
 *    and only the baseline's own are adopted (discovery says how each is recognised). The import
 *    changes nothing in AWS: a plan limited to the imports, with every change ignored, must
 *    contain imports only, or nothing is applied.
 */
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AwsReader, Discovered, FINDERS, discoverStack } from './discovery';
import type { AdoptionEntry, AdoptionFile } from '../../modules/adoption/adoption-file';
import { entryOf } from './adoption';
import type { Present } from './discovery/finding';
import type { StackRun } from './stack-runs';
import { readState, terraformIn } from './state';

/** Files recover writes into a stack directory for the length of one import, then removes. */
export const RECOVER_FILES = { imports: 'recover_imports.tf.json', override: 'recover_override.tf.json', plan: 'recover.tfplan' } as const;

export interface AdoptedOrphan {
  readonly address: string;
  readonly importId: string;
  readonly found: string;
  readonly evidence: string;
}

export interface RecoveryReport {
  readonly stack: string;
  /**
   * What recover adopted that AWS names (a service-linked role, Security Hub, a delegated
   * administrator): who created it cannot be told, so it joins the adoption file, and offboarding
   * leaves it instead of destroying what may have been the owner's.
   */
  readonly recorded: readonly AdoptionEntry[];
  /** Set when the state was restored from Terraform's backup. */
  readonly restored?: string;
  readonly untainted: readonly string[];
  readonly adopted: readonly AdoptedOrphan[];
  /** Orphans found and left alone, with why (not the baseline's, not importable, could not tell). */
  readonly leftAlone: ReadonlyArray<{ readonly address: string; readonly why: string }>;
}

/** The local state file of a stack, if it keeps local state. */
export function localStatePath(run: Pick<StackRun, 'dir' | 'json'>): string | undefined {
  const local = run.json.terraform?.backend?.local as { path?: string } | undefined;
  return local?.path ? resolve(run.dir, local.path) : undefined;
}

/** A state file Terraform can read: JSON with a `version`. */
function readable(file: string): { resources: number } | undefined {
  try {
    if (!existsSync(file) || statSync(file).size === 0) return undefined;
    const state = JSON.parse(readFileSync(file, 'utf8')) as { version?: number; resources?: unknown[] };
    return typeof state.version === 'number' ? { resources: state.resources?.length ?? 0 } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Restores a lost local state from `<state>.backup`, which Terraform writes before each change of
 * the state: it lacks at most what the last writes added, and adoption finds that. A state file
 * that cannot be read is kept beside it as `<state>.lost-<time>`, never deleted.
 */
export function restoreLostState(run: Pick<StackRun, 'dir' | 'json'>, now = new Date()): string | undefined {
  const file = localStatePath(run);
  if (!file) return undefined;
  const current = readable(file);
  if (current) return undefined;
  const backup = readable(`${file}.backup`);
  const what = existsSync(file) ? (statSync(file).size === 0 ? 'was empty (0 bytes)' : 'could not be read') : 'was missing';
  if (!backup || backup.resources === 0) {
    if (existsSync(file)) renameSync(file, `${file}.lost-${now.toISOString().replace(/[:.]/g, '-')}`);
    return `the state ${what} and Terraform kept no backup with resources: everything is adopted from what exists`;
  }
  if (existsSync(file)) renameSync(file, `${file}.lost-${now.toISOString().replace(/[:.]/g, '-')}`);
  writeFileSync(file, readFileSync(`${file}.backup`));
  return `the state ${what}: restored from Terraform's backup (${backup.resources} resources); what the backup lacks is adopted from what exists`;
}

/** Whether recover adopts a found orphan: the baseline's own (by its tags or exact name) or AWS's. */
export function isRecoverable(finding: Present): boolean {
  return ['this-stack', 'baseline-name', 'aws'].includes(finding.origin) && finding.importId !== undefined && !finding.conflict;
}

/**
 * Repairs one stack. `run` must be synthesized without its adoption file (its import blocks may
 * name what has since been replaced); `adopted` is that file, whose resources are imported as
 * they are now: the one it names, or the baseline's own that replaced it.
 */
export async function recoverStack(run: StackRun, aws: AwsReader, log: (line: string) => void, adopted?: AdoptionFile): Promise<RecoveryReport> {
  const restored = restoreLostState(run);
  if (restored) log(`${run.name}: ${restored}`);
  await terraformIn(run.dir, ['init', '-input=false', '-no-color'], run.env);
  if (restored?.includes('restored from')) {
    // The backup is the state before the last run: forget what has gone since (a refresh reads AWS and writes
    // only the state), so that discovery looks for what replaced it.
    await terraformIn(run.dir, ['apply', '-refresh-only', '-auto-approve', '-input=false', '-no-color', '-lock-timeout=60s'], run.env);
  }
  const state = await readState(run.dir, run.env);
  const tainted = state.filter((resource) => resource.tainted).map((resource) => resource.address);
  for (const address of tainted) await terraformIn(run.dir, ['untaint', '-no-color', address], run.env);

  const values = new Map(state.map((resource) => [resource.address, resource.values as Readonly<Record<string, unknown>>]));
  const adoptedIds = new Map((adopted?.entries ?? []).filter((entry) => entry.decision !== 'conflict' && entry.importId).map((entry) => [entry.address, entry.importId!]));
  const discovered = await discoverStack({
    stack: run.name,
    json: run.json,
    state: values,
    aws,
    select: (resource) => FINDERS.get(resource.type)?.refusesSecondCreate === true || adoptedIds.has(resource.address),
  });
  const { imports, leftAlone } = await withDependencies(discovered, run, values, aws, adoptedIds);
  if (imports.length > 0) await importInto(run, imports);
  const recorded = imports.filter(({ resource, finding }) => finding.origin === 'aws' && !adoptedIds.has(resource.address)).map(({ resource, finding }) => entryOf({ resource }, finding, 'adopt'));
  return {
    stack: run.name,
    recorded,
    ...(restored ? { restored } : {}),
    untainted: tainted,
    adopted: imports.map(({ resource, finding }) => ({ address: resource.address, importId: finding.importId!, found: finding.found, evidence: finding.evidence })),
    leftAlone,
  };
}

type Importable = { readonly resource: Discovered['resource']; readonly finding: Present };

/**
 * The orphans to import, with the resources they depend on that the state lacks (a targeted
 * import plans those too: each must exist and be the baseline's, or the orphan is left for later).
 */
async function withDependencies(discovered: readonly Discovered[], run: StackRun, state: ReadonlyMap<string, unknown>, aws: AwsReader, adoptedIds: ReadonlyMap<string, string>) {
  const leftAlone: Array<{ address: string; why: string }> = [];
  const orphans: Importable[] = [];
  for (const entry of discovered) {
    // What the configuration itself imports (organization.organizationId, budget.servicesMonitorArn) its own block imports.
    if (entry.status !== 'looked-for') continue;
    const { finding } = entry;
    const address = entry.resource.address;
    if (finding.kind === 'absent') {
      if (adoptedIds.has(address)) {
        leftAlone.push({ address, why: `adopt/${run.name}.json adopts ${adoptedIds.get(address)}, which AWS no longer has: run npm run adopt to bring the file up to date, then deploy` });
      }
      continue;
    }
    if (finding.kind === 'unknown') leftAlone.push({ address, why: `could not tell: ${finding.reason}` });
    // What the owner decided to adopt is recovered as the adoption file names it.
    else if (isRecoverable(finding) || (finding.importId !== undefined && finding.importId === adoptedIds.get(address))) orphans.push({ resource: entry.resource, finding });
    else leftAlone.push({ address, why: whyLeftAlone(finding) });
  }
  if (orphans.length === 0) return { imports: [], leftAlone };
  // Every dependency outside the state, looked for once (those that refuse a second create already were).
  const closure = dependencyClosure(run, orphans.map((orphan) => orphan.resource.address)).filter((address) => !state.has(address));
  const known = new Map(orphans.map((orphan) => [orphan.resource.address, orphan]));
  const missing = closure.filter((address) => !known.has(address));
  if (missing.length > 0) {
    const found = await discoverStack({ stack: run.name, json: run.json, state: state as ReadonlyMap<string, Readonly<Record<string, unknown>>>, aws, select: (resource) => missing.includes(resource.address) });
    for (const entry of found) {
      if (entry.status === 'looked-for' && entry.finding.kind === 'present' && isRecoverable(entry.finding)) known.set(entry.resource.address, { resource: entry.resource, finding: entry.finding });
    }
  }
  // What the configuration itself imports (organization.organizationId, budget.servicesMonitorArn) is imported by the same plan.
  const configured = new Set((run.json.import ?? []).map((entry) => entry.to));
  const imports = orphans.filter((orphan) => {
    const lacking = dependencyClosure(run, [orphan.resource.address]).filter((address) => !state.has(address) && !known.has(address) && !configured.has(address));
    if (lacking.length > 0) leftAlone.push({ address: orphan.resource.address, why: `it needs ${lacking.join(', ')}, which the state lacks and AWS does not have: deploy (which creates them and then stops on this one), then run npm run recover again` });
    return lacking.length === 0;
  });
  const chosen = new Set(imports.map((orphan) => orphan.resource.address));
  const dependencies = [...known.values()].filter((entry) => !chosen.has(entry.resource.address) && imports.some((orphan) => dependencyClosure(run, [orphan.resource.address]).includes(entry.resource.address)));
  return { imports: [...imports, ...dependencies].sort((a, b) => a.resource.address.localeCompare(b.resource.address)), leftAlone };
}

function whyLeftAlone(finding: Present): string {
  if (finding.conflict) return `${finding.found}: ${finding.conflict.why}`;
  if (!finding.importId) return `${finding.found}: ${finding.notImportable ?? 'cannot be imported'}`;
  return `${finding.found} is not the baseline's (${finding.evidence}): if it is yours to manage, run npm run adopt`;
}

/** Addresses a resource refers to or waits for, transitively. */
function dependencyClosure(run: Pick<StackRun, 'json'>, addresses: readonly string[]): string[] {
  const blocks = new Map<string, unknown>(Object.entries(run.json.resource ?? {}).flatMap(([type, resources]) => Object.entries(resources).map(([name, block]) => [`${type}.${name}`, block])));
  const seen = new Set<string>();
  const visit = (address: string) => {
    const block = blocks.get(address);
    if (!block) return;
    const { '//': _metadata, depends_on: dependsOn, ...args } = block as Record<string, unknown>;
    const direct = [...JSON.stringify(args).matchAll(/(?<!\$)\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)/g)].map((match) => match[1]);
    for (const next of [...direct, ...((dependsOn as string[] | undefined) ?? [])]) {
      if (seen.has(next) || !blocks.has(next)) continue;
      seen.add(next);
      visit(next);
    }
  };
  for (const address of addresses) visit(address);
  return [...seen].sort();
}

/**
 * Imports with import blocks and a plan limited to them, every change of the targeted resources
 * ignored: the plan must hold imports and nothing else, or nothing is applied. The files are
 * removed again whatever happens.
 */
async function importInto(run: StackRun, imports: readonly Importable[]): Promise<void> {
  const files = Object.values(RECOVER_FILES).map((file) => join(run.dir, file));
  const targets = [...new Set([...imports.map(({ resource }) => resource.address), ...dependencyClosure(run, imports.map(({ resource }) => resource.address))])].sort();
  const override: Record<string, Record<string, unknown>> = {};
  for (const address of targets) {
    const [type, name] = address.split('.');
    override[type] = { ...override[type], [name]: { lifecycle: { ignore_changes: 'all' } } };
  }
  try {
    writeFileSync(
      files[0],
      `${JSON.stringify({ import: imports.map(({ resource, finding }) => ({ to: resource.address, id: finding.importId, provider: resource.block.provider })) }, null, 2)}\n`,
    );
    writeFileSync(files[1], `${JSON.stringify({ resource: override }, null, 2)}\n`);
    await terraformIn(run.dir, ['plan', '-input=false', '-no-color', '-lock-timeout=60s', `-out=${RECOVER_FILES.plan}`, ...imports.map(({ resource }) => `-target=${resource.address}`)], run.env);
    const plan = JSON.parse(await terraformIn(run.dir, ['show', '-json', '-no-color', RECOVER_FILES.plan], run.env)) as {
      resource_changes?: Array<{ address: string; change: { actions: string[]; importing?: unknown } }>;
    };
    const unexpected = (plan.resource_changes ?? []).filter((change) => !(change.change.actions.length === 1 && change.change.actions[0] === 'no-op'));
    if (unexpected.length > 0) {
      throw new Error(
        `the import of ${run.name} would also change ${unexpected.map((change) => `${change.address} (${change.change.actions.join('/')})`).join(', ')}; nothing was imported. ` +
          'Deploy the stack, then run npm run recover again',
      );
    }
    await terraformIn(run.dir, ['apply', '-input=false', '-no-color', '-lock-timeout=60s', RECOVER_FILES.plan], run.env);
  } finally {
    for (const file of files) rmSync(file, { force: true });
  }
}
