/**
 * Drift detection: plan every stack with `-detailed-exitcode`, read the plan as JSON, and say for
 * every resource and every control whether it is in sync, changed outside Terraform, missing, or
 * waiting for a configuration change to be applied.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OVERRIDE_FILE, OfflineSession, TerraformRun, mapWithConcurrency, offlineOverride, runTerraform, withoutImports } from './offline-terraform';
import { TerraformJson, controlOfPath, listResources } from './stacks';

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

export interface ControlStatus {
  readonly control: string;
  readonly status: Status;
  readonly resources: number;
  readonly drifted: number;
  readonly missing: number;
  readonly pending: number;
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
}

export interface DriftReport {
  readonly offline: boolean;
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

/**
 * Sorts a plan's differences into drifted, missing and pending, each with its control. A
 * resource Terraform must create is missing; one that changed outside Terraform
 * (`resource_drift`) is drifted, whether or not the plan would change it back; any other
 * planned change is a pending configuration change.
 */
export function classifyPlan(plan: PlanJson, stack: TerraformJson): { differences: ResourceDifference[]; controls: ControlStatus[] } {
  const declared = listResources(stack);
  const pathOf = new Map(declared.map((resource) => [resource.address, resource.path]));
  const placed = (address: string) => {
    const path = pathOf.get(address);
    return { path: path ?? '', control: path === undefined ? '(not in the configuration)' : controlOfPath(path) };
  };
  const drift = new Map((plan.resource_drift ?? []).map((entry) => [entry.address, entry]));
  const differences: ResourceDifference[] = [];
  const seen = new Set<string>();
  for (const change of plan.resource_changes ?? []) {
    const actions = change.change.actions;
    if (actions.every((action) => action === 'no-op' || action === 'read')) continue;
    seen.add(change.address);
    const drifted = drift.get(change.address);
    const kind: DifferenceKind = actions.length === 1 && actions[0] === 'create' ? 'missing' : drifted ? 'drifted' : 'pending';
    const attributes = kind === 'missing' ? [] : changedAttributes((drifted ?? change).change);
    differences.push({ address: change.address, ...placed(change.address), kind, actions, attributes });
  }
  // Changed outside Terraform in a way the configuration does not undo (e.g. ignore_changes): still drift.
  for (const [address, entry] of drift) {
    if (seen.has(address)) continue;
    differences.push({ address, ...placed(address), kind: 'drifted', actions: entry.change.actions, attributes: changedAttributes(entry.change) });
  }
  differences.sort((a, b) => a.address.localeCompare(b.address));

  const byControl = new Map<string, { resources: number; kinds: DifferenceKind[] }>();
  for (const { path } of declared) {
    const control = controlOfPath(path);
    const entry = byControl.get(control) ?? { resources: 0, kinds: [] };
    entry.resources += 1;
    byControl.set(control, entry);
  }
  for (const difference of differences) {
    const entry = byControl.get(difference.control) ?? { resources: 0, kinds: [] };
    entry.kinds.push(difference.kind);
    byControl.set(difference.control, entry);
  }
  const controls = [...byControl.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([control, { resources, kinds }]) => ({
      control,
      status: worst(kinds),
      resources,
      drifted: kinds.filter((kind) => kind === 'drifted').length,
      missing: kinds.filter((kind) => kind === 'missing').length,
      pending: kinds.filter((kind) => kind === 'pending').length,
    }));
  return { differences, controls };
}

export interface DriftTarget {
  readonly name: string;
  readonly dir: string;
  /** The stack's JSON file; needed offline when the stack has import blocks. */
  readonly file?: string;
  readonly json: TerraformJson;
  readonly account?: string;
}

export interface SweepOptions {
  /** Plans at once. @default 2 */
  readonly concurrency?: number;
  /** Offline: providers from the mirror, fake credentials, local state. @default - real credentials and backends */
  readonly offline?: OfflineSession;
  /** Progress lines. @default - silent */
  readonly log?: (line: string) => void;
}

export const PLAN_FILE = 'drift.tfplan';

/** init, plan -detailed-exitcode and show -json for one stack, classified. Never throws for terraform failures. */
export async function driftOfStack(target: DriftTarget, options: SweepOptions = {}): Promise<StackDrift> {
  const started = Date.now();
  const env = options.offline?.env ?? {};
  const override = join(target.dir, OVERRIDE_FILE);
  const failed = (step: string, run: TerraformRun): StackDrift => ({
    stack: target.name,
    account: target.account,
    status: 'error',
    error: { step, output: run.output.trim().split('\n').slice(-40).join('\n') },
    durationMs: Date.now() - started,
    differences: [],
    controls: [],
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
    const { differences, controls } = classifyPlan(planJson, target.json);
    return {
      stack: target.name,
      account: target.account,
      status: worst(differences.map((difference) => difference.kind)),
      durationMs: Date.now() - started,
      differences,
      controls,
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
  return { offline: options.offline !== undefined, stacks, exitCode };
}

function describe(stack: StackDrift): string {
  if (stack.status === 'error') return `error in terraform ${stack.error!.step}`;
  if (stack.status === 'in sync') return 'in sync';
  const count = (kind: DifferenceKind) => stack.differences.filter((difference) => difference.kind === kind).length;
  return `${stack.status}: ${count('drifted')} drifted, ${count('missing')} missing, ${count('pending')} pending`;
}

const ICON: Record<Status | 'error', string> = { 'in sync': '✅ in sync', drifted: '❌ drifted', missing: '❌ missing', pending: '⚠️ pending', error: '💥 error' };

/** A report for people, e.g. a CI job summary: per account, per control, then what differs. */
export function driftMarkdown(report: DriftReport): string {
  const lines = ['# Baseline drift report', ''];
  const count = (status: StackDrift['status']) => report.stacks.filter((stack) => stack.status === status).length;
  lines.push(
    `${report.stacks.length} stack${report.stacks.length === 1 ? '' : 's'}: ${count('in sync')} in sync, ${count('drifted')} drifted, ${count('missing')} with missing resources, ` +
      `${count('pending')} with pending changes, ${count('error')} failed.${report.offline ? ' Offline run: nothing was read from AWS, so every resource shows as missing.' : ''}`,
    '',
  );
  for (const stack of report.stacks) {
    lines.push(`## ${stack.stack}${stack.account ? ` (account ${stack.account})` : ''}: ${ICON[stack.status]}`, '');
    if (stack.error) {
      lines.push(`terraform ${stack.error.step} failed:`, '', '```', stack.error.output, '```', '');
      continue;
    }
    lines.push('| control | status | resources | drifted | missing | pending |', '|---|---|---|---|---|---|');
    for (const control of stack.controls) {
      lines.push(`| ${control.control} | ${ICON[control.status]} | ${control.resources} | ${control.drifted} | ${control.missing} | ${control.pending} |`);
    }
    lines.push('');
    const shown = stack.differences.filter((difference) => difference.kind !== 'missing');
    const missing = stack.differences.length - shown.length;
    for (const difference of shown) {
      const what = difference.kind === 'drifted' ? 'changed outside Terraform' : 'configuration change not applied';
      const attributes = difference.attributes.length > 0 ? `: ${difference.attributes.map((attribute) => `\`${attribute}\``).join(', ')}` : '';
      lines.push(`- \`${difference.address}\` (${difference.control}, ${what}, ${difference.actions.join('/')})${attributes}`);
    }
    if (missing > 0) lines.push(`- ${missing} resource${missing === 1 ? '' : 's'} missing (not deployed, or deleted outside Terraform); the JSON report lists them`);
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
