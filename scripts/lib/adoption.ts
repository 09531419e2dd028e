/**
 * `npm run adopt`'s decisions: for every resource a stack declares and its state lacks, what the
 * first deploy does with what AWS already has. adopt (import it as it is, keeping what hangs off
 * it), create (nothing there), overwrite (an account setting written over, old -> new), conflict
 * (only the owner can decide: what was found, why it matters, the exact choice). The adoption file
 * records every adopted, overwritten and conflicting resource; synthesis imports the adopted ones.
 */
import type { AdoptionEntry, AdoptionFile } from '../../modules/adoption/adoption-file';
import { isUnresolved } from '../../modules/adoption/adoption-file';
import { Discovered, FINDERS } from './discovery';
import type { Present } from './discovery/finding';

export type Decision = 'adopt' | 'create' | 'overwrite' | 'conflict' | 'in state' | 'unknown';
export const DECISIONS: readonly Decision[] = ['adopt', 'create', 'overwrite', 'conflict', 'in state'];

export interface ResourceDecision {
  readonly address: string;
  readonly path: string;
  readonly control: string;
  readonly region: string;
  readonly decision: Decision;
  /** The adoption file's entry, for adopt, overwrite and conflict. */
  readonly entry?: AdoptionEntry;
  /** Adopted by the configuration itself (organization.organizationId, budget.servicesMonitorArn): no entry. */
  readonly byConfiguration?: string;
  /** Why discovery could not tell. */
  readonly reason?: string;
}

export interface StackAdoption {
  readonly stack: string;
  readonly account: string;
  readonly decisions: readonly ResourceDecision[];
  /** The adoption file to write; undefined when there is nothing to record. */
  readonly file?: AdoptionFile;
  /** Entries that are new since the previous file. */
  readonly added: number;
  /**
   * Some resources could not be looked at: the previous file is kept as it was (a failed read says
   * nothing about AWS, and must not drop a conflict or an acceptance).
   */
  readonly incomplete: boolean;
}

export class AcceptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AcceptError';
  }
}

export function entryOf(item: Pick<Discovered, 'resource'>, finding: Present, decision: AdoptionEntry['decision']): AdoptionEntry {
  const { resource } = item;
  return {
    path: resource.path,
    address: resource.address,
    type: resource.type,
    control: resource.control,
    account: resource.provider.account,
    region: resource.provider.region,
    decision,
    ...(finding.importId ? { importId: finding.importId } : {}),
    found: finding.found,
    origin: finding.origin,
    evidence: finding.notImportable ? `${finding.evidence}; ${finding.notImportable}` : finding.evidence,
    ...(finding.keep ? { keep: { ...finding.keep } } : {}),
    ...(finding.changes && finding.changes.length > 0 ? { changes: finding.changes.map((change) => ({ ...change })) } : {}),
    ...(finding.conflict ? { conflict: { ...finding.conflict } } : {}),
    ...(finding.kept && finding.kept.length > 0 ? { kept: [...finding.kept] } : {}),
    ...(finding.review && finding.review.length > 0 ? { review: [...finding.review] } : {}),
  };
}

/** The decision for one discovered resource. */
export function decide(item: Discovered): ResourceDecision {
  const { resource } = item;
  const base = { address: resource.address, path: resource.path, control: resource.control, region: resource.provider.region };
  if (item.status === 'written-in-place') return { ...base, decision: 'create' };
  const { finding } = item;
  if (finding.kind === 'unknown') return { ...base, decision: 'unknown', reason: finding.reason };
  if (item.status === 'configured') {
    const conflict = finding.kind === 'present' && finding.conflict;
    return conflict ? { ...base, decision: 'conflict', entry: entryOf(item, finding, 'conflict') } : { ...base, decision: 'adopt', byConfiguration: item.importId };
  }
  if (finding.kind === 'absent') return { ...base, decision: 'create' };
  const weaker = (finding.changes ?? []).filter((change) => change.weaker);
  if (!finding.conflict && weaker.length > 0) {
    // The baseline must never weaken what the owner had without the owner saying so.
    const conflict = {
      why: `the deploy would weaken what is there: ${weaker.map((change) => `${change.attribute} ${change.from} -> ${change.to} (${change.weaker})`).join('; ')}`,
      choice: 'set the stronger value in the configuration (the baseline then keeps it), or accept with npm run adopt -- --accept',
    };
    return { ...base, decision: 'conflict', entry: entryOf(item, { ...finding, conflict }, 'conflict') };
  }
  if (finding.conflict || finding.origin === 'other-stack') return { ...base, decision: 'conflict', entry: entryOf(item, finding, 'conflict') };
  const setting = FINDERS.get(resource.type)?.setting === true;
  const decision = setting && (finding.changes ?? []).length > 0 ? 'overwrite' : 'adopt';
  return { ...base, decision, entry: entryOf(item, finding, decision) };
}

/**
 * The stack's decisions merged with its previous adoption file: entries of resources now in the
 * state stay as they were (they are adopted), entries found again are refreshed (an acceptance
 * is kept while the conflict is the same), entries no longer found go; `accept` (addresses or
 * construct paths) accepts conflicts.
 */
export function adoptStack(options: {
  readonly stack: string;
  readonly account: string;
  readonly discovered: readonly Discovered[];
  readonly inState: ReadonlySet<string>;
  readonly previous?: AdoptionFile;
  readonly accept?: ReadonlySet<string>;
}): StackAdoption {
  const accepted = new Set<string>();
  const decisions = options.discovered.map(decide).map((decision): ResourceDecision => {
    const entry = decision.entry;
    if (!entry || entry.decision !== 'conflict') return decision;
    const before = options.previous?.entries.find((candidate) => candidate.address === entry.address);
    const asked = options.accept?.has(entry.address) || options.accept?.has(entry.path);
    if (asked) accepted.add(entry.address).add(entry.path);
    // An acceptance holds for the same thing with the same conflict: another resource under the address needs a new decision.
    const keepAcceptance = before?.accepted === true && before.conflict?.why === entry.conflict?.why && before.importId === entry.importId;
    if (!asked && !keepAcceptance) return decision;
    if (entry.origin === 'other-stack') {
      throw new AcceptError(`${entry.address} belongs to another stack of the baseline (${entry.evidence}): two stacks cannot manage one resource, so this conflict cannot be accepted`);
    }
    if (!entry.importId && FINDERS.get(entry.type)?.setting !== true) {
      throw new AcceptError(`${entry.address}: ${entry.found} cannot be imported, so it cannot be adopted: ${entry.conflict?.choice ?? ''}`);
    }
    const effective = FINDERS.get(entry.type)?.setting === true && (entry.changes ?? []).length > 0 ? 'overwrite' : 'adopt';
    return { ...decision, decision: effective, entry: { ...entry, decision: effective, accepted: true } };
  });
  const unknownAccepts = [...(options.accept ?? [])].filter((name) => !accepted.has(name));
  if (unknownAccepts.length > 0) {
    const open = decisions.filter((decision) => decision.decision === 'conflict').map((decision) => decision.address);
    throw new AcceptError(`--accept names ${unknownAccepts.join(', ')}, which ${options.stack} has no conflict for; its conflicts: ${open.join(', ') || 'none'}`);
  }
  const kept = (options.previous?.entries ?? []).filter((entry) => options.inState.has(entry.address));
  const fresh = decisions.flatMap((decision) => (decision.entry ? [decision.entry] : []));
  const entries = [...kept, ...fresh.filter((entry) => !kept.some((old) => old.address === entry.address))];
  if (decisions.some((decision) => decision.decision === 'unknown')) {
    return { stack: options.stack, account: options.account, decisions, added: 0, incomplete: true, ...(options.previous ? { file: options.previous } : {}) };
  }
  const added = fresh.filter((entry) => !options.previous?.entries.some((old) => old.address === entry.address)).length;
  return { stack: options.stack, account: options.account, decisions, added, incomplete: false, ...(entries.length > 0 ? { file: { stack: options.stack, entries } } : {}) };
}

/** Whether the stack needs the owner's decision: a conflict not accepted. */
export function hasUnresolved(adoption: StackAdoption): boolean {
  return (adoption.file?.entries ?? []).some(isUnresolved);
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The stack's table, by control, then one paragraph per adopted, overwritten or conflicting resource. */
export function describeAdoption(adoption: StackAdoption, controls: ReadonlyMap<string, { readonly declared: number; readonly inState: number }>): string[] {
  const counts = new Map<string, Record<Decision, number>>();
  const row = (control: string) => {
    if (!counts.has(control)) counts.set(control, { adopt: 0, create: 0, overwrite: 0, conflict: 0, 'in state': controls.get(control)?.inState ?? 0, unknown: 0 });
    return counts.get(control)!;
  };
  for (const control of controls.keys()) row(control);
  for (const decision of adoption.decisions) row(decision.control)[decision.decision] += 1;
  const total = (decision: Decision) => [...counts.values()].reduce((sum, tally) => sum + tally[decision], 0);
  const width = Math.max(7, ...[...counts.keys()].map((control) => control.length)) + 2;
  const columns: Decision[] = ['adopt', 'create', 'overwrite', 'conflict', 'in state'];
  const lines = [
    `${adoption.stack} (account ${adoption.account}): ${total('adopt')} to adopt, ${total('create')} to create, ${total('overwrite')} to overwrite, ${plural(total('conflict'), 'conflict')}` +
      (total('unknown') > 0 ? `, ${total('unknown')} could not be looked at` : ''),
    `  ${'control'.padEnd(width)}${columns.map((column) => column.padStart(10)).join('')}`,
    ...[...counts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([control, tally]) => `  ${control.padEnd(width)}${columns.map((column) => String(tally[column]).padStart(10)).join('')}`),
  ];
  const where = (decision: ResourceDecision) => `${decision.control} ${decision.region}`;
  for (const decision of adoption.decisions) {
    if (decision.byConfiguration) lines.push(`  adopt      ${where(decision)}: ${decision.address} = ${decision.byConfiguration} (named in the configuration)`);
    if (decision.decision === 'unknown') lines.push(`  UNKNOWN    ${where(decision)}: ${decision.address}: ${decision.reason}`);
    const entry = decision.entry;
    if (!entry) continue;
    const label = entry.decision === 'conflict' ? 'CONFLICT' : entry.accepted ? `${entry.decision}*` : entry.decision;
    lines.push(`  ${label.padEnd(10)} ${where(decision)}: ${entry.found}${entry.importId ? '' : ' (not importable: written over)'}`);
    if (entry.keep) lines.push(`             keeps: ${Object.entries(entry.keep).map(([attribute, value]) => `${attribute} = ${JSON.stringify(value)}`).join(', ')} (changing it would replace it)`);
    if (entry.kept) lines.push(`             stays: ${entry.kept.join('; ')}`);
    for (const note of entry.review ?? []) lines.push(`             REVIEW: ${note}`);
    if (entry.changes) lines.push(`             then:  ${entry.changes.map((change) => `${change.attribute} ${change.from} -> ${change.to}${change.weaker ? ` (WEAKER: ${change.weaker})` : ''}`).join('; ')}`);
    if (entry.conflict) {
      lines.push(`             why:   ${entry.conflict.why}`);
      lines.push(entry.accepted ? '             (* a conflict you accepted)' : `             choose: ${entry.conflict.choice} (--accept ${entry.address})`);
    }
  }
  return lines;
}
