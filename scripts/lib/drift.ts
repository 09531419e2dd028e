/**
 * Drift detection: plan every stack with `-detailed-exitcode`, read the plan as JSON, and say for
 * every resource and every control whether it is in sync, changed outside Terraform, missing, or
 * waiting for a configuration change to be applied.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackOnEndpoint } from '../../modules/endpoint/local-endpoint';
import { OVERRIDE_FILE, OfflineSession, TerraformRun, mapWithConcurrency, offlineOverride, runTerraform, scratchCopy, withoutImports } from './offline-terraform';
import { ResourceBlock, TerraformJson, controlOfPath, listResources } from './stacks';

/** Changed outside Terraform; not there (never deployed, or deleted); configuration changed and not yet applied. */
export type DifferenceKind = 'drifted' | 'missing' | 'pending';
export type Status = 'in sync' | DifferenceKind;

/** Worst first: a control with any drifted resource is drifted, and so on. */
const SEVERITY: readonly Status[] = ['drifted', 'missing', 'pending', 'in sync'];
const worst = (statuses: readonly Status[]): Status => SEVERITY.find((status) => statuses.includes(status)) ?? 'in sync';

export interface ResourceDifference {
  readonly address: string;
  /** The control (or core component) the resource belongs to, from its construct path. */
  readonly control: string;
  readonly path: string;
  readonly kind: DifferenceKind;
  /** Terraform's planned actions, e.g. ["update"] or ["create"]. */
  readonly actions: readonly string[];
  /** Top-level attributes whose values differ. */
  readonly attributes: readonly string[];
}

/** A resource deliberately not deployed to a local endpoint (an emulator gap), so not checked there. */
export interface NotChecked {
  readonly address: string;
  readonly control: string;
  /** Why: the emulator gap, or the gap resource it needs. */
  readonly reason: string;
}

export interface ControlStatus {
  readonly control: string;
  /** 'not checked' when every resource of the control is an emulator gap on this endpoint. */
  readonly status: Status | 'not checked';
  /** Resources checked (declared in the synthesized stack). */
  readonly resources: number;
  readonly drifted: number;
  readonly missing: number;
  readonly pending: number;
  /** Resources not checked on this endpoint (emulator gaps); they never count as drift. */
  readonly notChecked: number;
}

export interface StackDrift {
  readonly stack: string;
  /** The AWS account the stack deploys into, when known. */
  readonly account?: string;
  /** 'error' when terraform could not plan the stack. */
  readonly status: Status | 'error';
  readonly error?: { readonly step: string; readonly output: string };
  readonly durationMs: number;
  readonly differences: readonly ResourceDifference[];
  readonly controls: readonly ControlStatus[];
  /** Resources left out on a local endpoint; empty against AWS. */
  readonly notChecked: readonly NotChecked[];
}

export interface DriftReport {
  readonly offline: boolean;
  /** The local endpoint checked (BASELINE_AWS_ENDPOINT), if any. */
  readonly endpoint?: string;
  readonly stacks: readonly StackDrift[];
  /** 0 in sync, 2 anything drifted, missing or pending, 1 any error (drift found elsewhere is still reported). */
  readonly exitCode: 0 | 1 | 2;
}

/** The parts of `terraform show -json <plan>` that drift detection reads. */
export interface PlanJson {
  readonly resource_changes?: readonly PlannedChange[];
  readonly resource_drift?: readonly PlannedChange[];
}

interface PlannedChange {
  readonly address: string;
  readonly change: { readonly actions: readonly string[]; readonly before?: unknown; readonly after?: unknown; readonly after_unknown?: unknown };
}

/** Top-level attributes that differ between before and after (or become known only after apply). */
export function changedAttributes(change: PlannedChange['change']): string[] {
  const before = (change.before ?? {}) as Record<string, unknown>;
  const after = (change.after ?? {}) as Record<string, unknown>;
  const unknown = (change.after_unknown ?? {}) as Record<string, unknown>;
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changed = [...keys].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]) || (unknown[key] === true && before[key] !== undefined));
  return changed.sort();
}

type ValuePath = ReadonlyArray<string | number>;

const isEmptyValue = (value: unknown): boolean =>
  value === null ||
  value === undefined ||
  value === '' ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && !Array.isArray(value) && Object.keys(value as object).length === 0);

/**
 * Where two values differ, as paths into them. Empty values (null, "", [], {}) are equal to each
 * other: a refresh that turns an unset `tags` into `{}` changed nothing anyone set.
 */
export function differingPaths(before: unknown, after: unknown, path: ValuePath = []): ValuePath[] {
  if (isEmptyValue(before) && isEmptyValue(after)) return [];
  const bothObjects = [before, after].every((value) => typeof value === 'object' && value !== null && !Array.isArray(value));
  if (bothObjects) {
    const a = before as Record<string, unknown>;
    const b = after as Record<string, unknown>;
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort().flatMap((key) => differingPaths(a[key], b[key], [...path, key]));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((item, index) => differingPaths(item, after[index], [...path, index]));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [path];
}

/**
 * Whether the configuration sets the value at `path` (CDKTF writes a single block as an object
 * where the state has a list of one). A value set by interpolation covers all below it.
 */
export function declaredAt(block: Readonly<Record<string, unknown>>, path: ValuePath): boolean {
  let node: unknown = block;
  for (const segment of path) {
    if (typeof node === 'string' && node.includes('${')) return true;
    if (typeof segment === 'number') {
      if (Array.isArray(node)) node = node[segment];
      else if (segment !== 0 || typeof node !== 'object' || node === null) return false;
    } else {
      if (typeof node !== 'object' || node === null || Array.isArray(node)) return false;
      node = (node as Record<string, unknown>)[segment];
    }
    if (node === undefined || node === null) return false;
  }
  return true;
}

/**
 * The attributes a refresh found changed outside Terraform that matter: those the configuration
 * sets, and those the plan would change back. Values only AWS or another resource sets (a
 * bucket's `policy` from its policy resource, a policy's `attachment_count`, tags that were never
 * set) are not drift, or every real deployment would report it.
 */
export function driftedAttributes(drift: PlannedChange['change'], block: Readonly<Record<string, unknown>> | undefined, planned?: PlannedChange['change']): string[] {
  const undone = new Set(planned && !planned.actions.every((action) => action === 'no-op' || action === 'read') ? changedAttributes(planned) : []);
  const attributes = differingPaths(drift.before, drift.after)
    .filter((path) => path.length > 0 && ((block !== undefined && declaredAt(block, path)) || undone.has(String(path[0]))))
    .map((path) => String(path[0]));
  return [...new Set(attributes)].sort();
}

export interface ClassifyOptions {
  /**
   * Resources left out of the stack on a local endpoint: reported as not checked, never as
   * missing or drifted.
   * @default - none
   */
  readonly notChecked?: readonly NotChecked[];
}

/**
 * Sorts a plan's differences into drifted, missing and pending, each with its control. A
 * resource Terraform must create is missing; one whose refresh found a change that matters
 * (`driftedAttributes`) is drifted, whether or not the plan would change it back; any other
 * planned change is a pending configuration change.
 */
export function classifyPlan(plan: PlanJson, stack: TerraformJson, options: ClassifyOptions = {}): { differences: ResourceDifference[]; controls: ControlStatus[] } {
  const declared = listResources(stack);
  const blockOf = new Map<string, ResourceBlock>(declared.map((resource) => [resource.address, resource.block]));
  const pathOf = new Map(declared.map((resource) => [resource.address, resource.path]));
  const placed = (address: string) => {
    const path = pathOf.get(address);
    return { path: path ?? '', control: path === undefined ? '(not in the configuration)' : controlOfPath(path) };
  };
  const changes = new Map((plan.resource_changes ?? []).map((entry) => [entry.address, entry]));
  const drifted = new Map<string, { entry: PlannedChange; attributes: string[] }>();
  for (const entry of plan.resource_drift ?? []) {
    const attributes = driftedAttributes(entry.change, blockOf.get(entry.address), changes.get(entry.address)?.change);
    if (attributes.length > 0) drifted.set(entry.address, { entry, attributes });
  }
  const differences: ResourceDifference[] = [];
  const seen = new Set<string>();
  for (const change of plan.resource_changes ?? []) {
    const actions = change.change.actions;
    if (actions.every((action) => action === 'no-op' || action === 'read')) continue;
    seen.add(change.address);
    const drift = drifted.get(change.address);
    const kind: DifferenceKind = actions.length === 1 && actions[0] === 'create' ? 'missing' : drift ? 'drifted' : 'pending';
    const attributes = kind === 'missing' ? [] : kind === 'drifted' ? drift!.attributes : changedAttributes(change.change);
    differences.push({ address: change.address, ...placed(change.address), kind, actions, attributes });
  }
  // Changed outside Terraform in a way the plan does not undo (e.g. ignore_changes): still drift.
  for (const [address, { entry, attributes }] of drifted) {
    if (seen.has(address)) continue;
    differences.push({ address, ...placed(address), kind: 'drifted', actions: entry.change.actions, attributes });
  }
  differences.sort((a, b) => a.address.localeCompare(b.address));

  const byControl = new Map<string, { resources: number; kinds: DifferenceKind[]; notChecked: number }>();
  const entryFor = (control: string) => {
    const entry = byControl.get(control) ?? { resources: 0, kinds: [], notChecked: 0 };
    byControl.set(control, entry);
    return entry;
  };
  for (const { path } of declared) entryFor(controlOfPath(path)).resources += 1;
  for (const difference of differences) entryFor(difference.control).kinds.push(difference.kind);
  for (const resource of options.notChecked ?? []) entryFor(resource.control).notChecked += 1;
  const controls = [...byControl.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([control, { resources, kinds, notChecked }]) => ({
      control,
      status: resources === 0 && notChecked > 0 ? ('not checked' as const) : worst(kinds),
      resources,
      drifted: kinds.filter((kind) => kind === 'drifted').length,
      missing: kinds.filter((kind) => kind === 'missing').length,
      pending: kinds.filter((kind) => kind === 'pending').length,
      notChecked,
    }));
  return { differences, controls };
}

/** The resources the endpoint switch left out of a stack, as drift detection reports them. */
export function notCheckedOf(stack: StackOnEndpoint): NotChecked[] {
  return stack.leftOut.map((resource) => ({
    address: resource.address,
    control: resource.control,
    reason: resource.needs
      ? `needs ${resource.gap.resourceType}, an emulator gap (${resource.gap.reason})`
      : `${resource.gap.resourceType}: ${resource.gap.reason}`,
  }));
}

export interface DriftTarget {
  readonly name: string;
  readonly dir: string;
  /** The stack's JSON file; needed offline when the stack has import blocks. */
  readonly file?: string;
  readonly json: TerraformJson;
  readonly account?: string;
  /**
   * Environment for this stack's terraform runs (e.g. credentials for its account); a key set to
   * undefined is removed.
   * @default - the process environment
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Resources left out of this stack on a local endpoint, reported as not checked.
   * @default - none
   */
  readonly notChecked?: readonly NotChecked[];
}

export interface SweepOptions {
  /** Plans at once. @default 2 */
  readonly concurrency?: number;
  /** Offline: providers from the mirror, fake credentials, local state. @default - real credentials and backends */
  readonly offline?: OfflineSession;
  /** Progress lines. @default - silent */
  readonly log?: (line: string) => void;
  /**
   * The local endpoint the stacks point at (BASELINE_AWS_ENDPOINT), for the reports.
   * @default - AWS
   */
  readonly endpoint?: string;
}

export const PLAN_FILE = 'drift.tfplan';

/**
 * init, plan -detailed-exitcode and show -json for one stack, classified. Never throws for
 * terraform failures. Offline, it runs in a scratch copy of the stack directory, so nothing of
 * the offline run (override, provider cache, lock file, plan, state) is left in cdktf.out.
 */
export async function driftOfStack(target: DriftTarget, options: SweepOptions = {}): Promise<StackDrift> {
  if (!options.offline) return driftInDirectory(target, options);
  const scratch = scratchCopy(target);
  try {
    return await driftInDirectory({ ...target, dir: scratch.dir, file: scratch.file }, options);
  } finally {
    scratch.remove();
  }
}

async function driftInDirectory(target: DriftTarget, options: SweepOptions): Promise<StackDrift> {
  const started = Date.now();
  const env = { ...options.offline?.env, ...target.env };
  const notChecked = [...(target.notChecked ?? [])];
  const override = join(target.dir, OVERRIDE_FILE);
  const failed = (step: string, run: TerraformRun): StackDrift => ({
    stack: target.name,
    account: target.account,
    status: 'error',
    error: { step, output: run.output.trim().split('\n').slice(-40).join('\n') },
    durationMs: Date.now() - started,
    differences: [],
    controls: [],
    notChecked,
  });
  if (options.offline) writeFileSync(override, `${JSON.stringify(offlineOverride(target.json), null, 2)}\n`);
  try {
    const init = await runTerraform(['init', '-input=false', '-no-color'], { cwd: target.dir, env });
    if (init.code !== 0) return failed('init', init);
    const planArgs = ['plan', '-detailed-exitcode', '-lock=false', '-input=false', '-no-color', `-out=${PLAN_FILE}`];
    const imports = options.offline && (target.json.import ?? []).length > 0;
    if (imports && !target.file) throw new Error(`${target.name} imports resources; pass its file so the offline plan can leave the imports out`);
    const plan = imports ? await withoutImports(target.file!, () => runTerraform(planArgs, { cwd: target.dir, env })) : await runTerraform(planArgs, { cwd: target.dir, env });
    if (plan.code !== 0 && plan.code !== 2) return failed('plan', plan);
    const show = await runTerraform(['show', '-json', '-no-color', PLAN_FILE], { cwd: target.dir, env });
    if (show.code !== 0) return failed('show', show);
    let planJson: PlanJson;
    try {
      planJson = JSON.parse(show.stdout) as PlanJson;
    } catch (error) {
      return failed('show', { ...show, output: `${show.output}\n(the plan JSON could not be read: ${(error as Error).message})` });
    }
    const { differences, controls } = classifyPlan(planJson, target.json, { notChecked });
    return {
      stack: target.name,
      account: target.account,
      status: worst(differences.map((difference) => difference.kind)),
      durationMs: Date.now() - started,
      differences,
      controls,
      notChecked,
    };
  } finally {
    // The override must never outlive the run: a real deploy from this directory would use fake credentials.
    if (options.offline && existsSync(override)) rmSync(override);
  }
}

/** Drift of every stack, `concurrency` at a time; an error in one stack does not stop the others. */
export async function driftSweep(targets: readonly DriftTarget[], options: SweepOptions = {}): Promise<DriftReport> {
  const log = options.log ?? (() => undefined);
  let done = 0;
  const stacks = await mapWithConcurrency(targets, options.concurrency ?? 2, async (target) => {
    log(`${target.name}: planning`);
    const result = await driftOfStack(target, options);
    done += 1;
    log(`[${done}/${targets.length}] ${target.name}: ${describe(result)} (${Math.round(result.durationMs / 1000)} s)`);
    return result;
  });
  const exitCode = stacks.some((stack) => stack.status === 'error') ? 1 : stacks.some((stack) => stack.status !== 'in sync') ? 2 : 0;
  return { offline: options.offline !== undefined, ...(options.endpoint ? { endpoint: options.endpoint } : {}), stacks, exitCode };
}

function describe(stack: StackDrift): string {
  if (stack.status === 'error') return `error in terraform ${stack.error!.step}`;
  if (stack.status === 'in sync') return 'in sync';
  const count = (kind: DifferenceKind) => stack.differences.filter((difference) => difference.kind === kind).length;
  return `${stack.status}: ${count('drifted')} drifted, ${count('missing')} missing, ${count('pending')} pending`;
}

const ICON: Record<Status | 'error' | 'not checked', string> = {
  'in sync': '✅ in sync',
  drifted: '❌ drifted',
  missing: '❌ missing',
  pending: '⚠️ pending',
  error: '💥 error',
  'not checked': '➖ not checked on this endpoint',
};
/** Missing resources are listed one by one up to this many; beyond it (e.g. offline) only counted. */
const MISSING_LISTED = 25;

/** A report for people, e.g. a CI job summary: per account, per control, then what differs. */
export function driftMarkdown(report: DriftReport): string {
  const lines = ['# Baseline drift report', ''];
  const count = (status: StackDrift['status']) => report.stacks.filter((stack) => stack.status === status).length;
  lines.push(
    `${report.stacks.length} stack${report.stacks.length === 1 ? '' : 's'}: ${count('in sync')} in sync, ${count('drifted')} drifted, ${count('missing')} with missing resources, ` +
      `${count('pending')} with pending changes, ${count('error')} failed.${report.offline ? ' Offline run: nothing was read from AWS, so every resource shows as missing.' : ''}`,
    '',
  );
  if (report.endpoint) {
    lines.push(
      `Checked against the local endpoint ${report.endpoint}, not AWS. Resources the emulator cannot serve were not deployed there; ` +
        'they are listed as not checked on this endpoint and never count as drift (modules/endpoint/emulator-gaps.ts).',
      '',
    );
  }
  for (const stack of report.stacks) {
    lines.push(`## ${stack.stack}${stack.account ? ` (account ${stack.account})` : ''}: ${ICON[stack.status]}`, '');
    if (stack.error) {
      lines.push(`terraform ${stack.error.step} failed:`, '', '```', stack.error.output, '```', '');
      continue;
    }
    const endpoint = report.endpoint !== undefined;
    lines.push(
      `| control | status | resources | drifted | missing | pending |${endpoint ? ' not checked on this endpoint |' : ''}`,
      `|---|---|---|---|---|---|${endpoint ? '---|' : ''}`,
    );
    for (const control of stack.controls) {
      lines.push(
        `| ${control.control} | ${ICON[control.status]} | ${control.resources} | ${control.drifted} | ${control.missing} | ${control.pending} |${endpoint ? ` ${control.notChecked} |` : ''}`,
      );
    }
    lines.push('');
    const missingCount = stack.differences.filter((difference) => difference.kind === 'missing').length;
    const shown = stack.differences.filter((difference) => difference.kind !== 'missing' || missingCount <= MISSING_LISTED);
    for (const difference of shown) {
      const what = { drifted: 'changed outside Terraform', missing: 'missing: not deployed, or deleted outside Terraform', pending: 'configuration change not applied' }[difference.kind];
      const attributes = difference.attributes.length > 0 ? `: ${difference.attributes.map((attribute) => `\`${attribute}\``).join(', ')}` : '';
      lines.push(`- \`${difference.address}\` (${difference.control}, ${what}, ${difference.actions.join('/')})${attributes}`);
    }
    if (missingCount > MISSING_LISTED) {
      lines.push(`- ${missingCount} resources missing (not deployed, or deleted outside Terraform); the JSON report lists them`);
    }
    if (stack.notChecked.length > 0) {
      const byReason = new Map<string, number>();
      for (const resource of stack.notChecked) byReason.set(resource.reason, (byReason.get(resource.reason) ?? 0) + 1);
      lines.push('', `Not checked on this endpoint (${stack.notChecked.length}):`);
      for (const [reason, resources] of [...byReason].sort(([a], [b]) => a.localeCompare(b))) lines.push(`- ${resources} × ${reason}`);
    }
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
