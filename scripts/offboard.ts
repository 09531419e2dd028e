/**
 * `npm run offboard -- --stacks S --yes`: the deliberate way to take the baseline off an account.
 *
 * `cdktf destroy` is refused by design (the evidence carries prevent_destroy). Offboarding keeps
 * the evidence and the organisation (KEPT_ON_OFFBOARDING): it removes them from the state, so
 * they stay in the account, unmanaged, exactly as they are, and then destroys everything else
 * of the stack: trails, detectors, recorders, rules, alerts, policies, SCPs, budgets. What the
 * stack adopted (adopt/<stack>.json) was the owner's before: it is released the same way, never
 * destroyed, and stays with the baseline's settings.
 */
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type AdoptionEntry, adoptionDirFor, loadAdoptionFiles } from '../modules/adoption/adoption-file';
import { KEPT_ON_OFFBOARDING, controlOfPath } from '../modules/controls/catalogue';
import { UsageError, commandUsage, parseFlags, runAsCommand } from './lib/args';
import { prepareStackRuns } from './lib/stack-runs';
import { listResources } from './lib/stacks';
import { type StateResource, readState, terraformIn } from './lib/state';

/** Types whose ID AWS generates: a different ID in the state means the adopted one was replaced. */
const GENERATED_IDS = new Set(['aws_guardduty_detector', 'aws_kms_key', 'aws_ce_anomaly_monitor', 'aws_ce_anomaly_subscription', 'aws_budgets_budget_action', 'aws_securityhub_standards_subscription', 'aws_securityhub_finding_aggregator']);

const FLAGS = {
  '--stacks': { kind: 'value', placeholder: 'a,b', description: 'the stacks to take down, in this order (required; member stacks before organization)' },
  '--yes': { kind: 'switch', description: 'do it; without it, only say what would be kept and destroyed' },
  '--outdir': { kind: 'value', placeholder: 'DIR', description: 'where to synthesize (default: cdktf.out, as cdktf deploy)' },
} as const;

/** What offboarding a stack keeps, as a resource address with the name people know it by. */
export interface KeptResource {
  readonly address: string;
  readonly component: string;
  readonly identifier: string;
}

/** The override file offboarding writes beside the stack for the length of its destroy. */
export const OFFBOARD_OVERRIDE = 'offboard_override.tf.json';

/**
 * Splits a stack's adoption entries into those still the resource the owner had (released on
 * offboarding) and those whose resource the deploy had to create again after the adopted one was
 * deleted (a different AWS-generated ID in the state: the baseline's own, destroyed with the rest).
 * Conflicts and entries with nothing in the state are neither.
 */
export function partitionAdopted(entries: readonly AdoptionEntry[], state: readonly StateResource[]): { adopted: AdoptionEntry[]; replaced: AdoptionEntry[] } {
  const adopted: AdoptionEntry[] = [];
  const replaced: AdoptionEntry[] = [];
  for (const entry of entries) {
    const resource = state.find((candidate) => candidate.address === entry.address);
    if (entry.decision === 'conflict' || !resource) continue;
    const isReplacement = GENERATED_IDS.has(entry.type) && entry.importId !== undefined && String(resource.values.id) !== entry.importId;
    (isReplacement ? replaced : adopted).push(entry);
  }
  return { adopted, replaced };
}

/** A Terraform override that lifts the adoption's prevent_destroy from replaced resources (override files merge lifecycle by argument). */
export function replacedOverride(replaced: readonly AdoptionEntry[]): { resource: Record<string, Record<string, { lifecycle: { prevent_destroy: false } }>> } {
  const resource: Record<string, Record<string, { lifecycle: { prevent_destroy: false } }>> = {};
  for (const entry of replaced) {
    const name = entry.address.slice(entry.type.length + 1);
    resource[entry.type] = { ...resource[entry.type], [name]: { lifecycle: { prevent_destroy: false } } };
  }
  return { resource };
}

export async function offboard(argv: readonly string[], log: (line: string) => void): Promise<number> {
  const flags = parseFlags(argv, FLAGS);
  if (flags.help) {
    log(
      commandUsage({
        command: 'npm run offboard --',
        summary: 'Takes the baseline off the given stacks, keeping the evidence and the organisation.',
        flags: FLAGS,
        notes: [`Kept (removed from the state, left in the account as they are): ${KEPT_ON_OFFBOARDING.join(', ')}.`, 'Reads BASELINE_CONFIG and BASELINE_AWS_ENDPOINT like cdktf deploy.'],
        exitCodes: ['0 done (or, without --yes, shown)', '1 error, or arguments that are not valid'],
      }),
    );
    return 0;
  }
  const stacks = flags.values.get('--stacks')?.split(',').map((name) => name.trim()).filter(Boolean);
  if (!stacks || stacks.length === 0) throw new UsageError('--stacks is required: name the stacks to take down (e.g. --stacks account-personal)');
  const outdir = flags.values.get('--outdir') ?? 'cdktf.out';
  const { runs, configFile } = await prepareStackRuns({ outdir, stacks, log });
  const adoption = loadAdoptionFiles(adoptionDirFor(configFile));
  const ordered = stacks.map((name) => runs.find((run) => run.name === name)!);
  for (const run of ordered) {
    await terraformIn(run.dir, ['init', '-input=false', '-no-color'], run.env);
    const pathOf = new Map(listResources(run.json).map((resource) => [resource.address, resource.path]));
    const state = await readState(run.dir, run.env);
    const kept: KeptResource[] = state
      .filter((resource) => (KEPT_ON_OFFBOARDING as readonly string[]).includes(controlOfPath(pathOf.get(resource.address) ?? '')))
      .map((resource) => ({
        address: resource.address,
        component: controlOfPath(pathOf.get(resource.address)!),
        identifier: String(resource.values.bucket ?? resource.values.arn ?? resource.values.name ?? resource.values.id),
      }));
    // What the owner had: an adopted resource still the one adopted. A detector or key the deploy had to create
    // again, after someone deleted the adopted one, is the baseline's own and goes with the rest.
    const { adopted, replaced } = partitionAdopted(adoption.get(run.name)?.entries ?? [], state);
    // A released Config recorder keeps using Config's service-linked role: it is released too, never deleted under it.
    const configRole = state.find((resource) => resource.type === 'aws_iam_service_linked_role' && resource.values.aws_service_name === 'config.amazonaws.com');
    if (configRole && adopted.some((entry) => entry.type === 'aws_config_configuration_recorder') && !adopted.some((entry) => entry.address === configRole.address)) {
      adopted.push({
        path: pathOf.get(configRole.address) ?? configRole.address,
        address: configRole.address,
        type: configRole.type,
        control: 'configRecorder',
        account: run.account,
        region: '',
        decision: 'adopt',
        found: `service-linked role ${String(configRole.values.name)}, which the released recorder uses`,
        evidence: 'kept for the released recorder',
      });
    }
    const released = adopted.filter((entry) => !kept.some((resource) => resource.address === entry.address));
    const destroyed = state.length - kept.length - released.length;
    log(`${run.name}: keeps ${kept.length} resource${kept.length === 1 ? '' : 's'}, releases ${released.length} adopted, destroys ${destroyed}`);
    for (const resource of kept) log(`  keep ${resource.component}: ${resource.identifier} (${resource.address})`);
    for (const entry of replaced) log(`  destroy ${entry.control}: the baseline's own ${entry.type} at ${entry.address} (the adopted one, ${entry.importId}, is gone: the deploy created this one in its place)`);
    for (const entry of released) log(`  release ${entry.control}: ${entry.found} (${entry.address}; it was there before the baseline and stays, with the baseline's settings)`);
    if (!flags.switches.has('--yes')) continue;
    const forgotten = [...kept.map((resource) => resource.address), ...released.map((entry) => entry.address)];
    if (forgotten.length > 0) await terraformIn(run.dir, ['state', 'rm', '-no-color', ...forgotten], run.env);
    // The adoption file protects what was adopted by its address; a replacement at that address is not the owner's.
    const override = join(run.dir, OFFBOARD_OVERRIDE);
    if (replaced.length > 0) writeFileSync(override, `${JSON.stringify(replacedOverride(replaced), null, 2)}\n`);
    try {
      await terraformIn(run.dir, ['destroy', '-auto-approve', '-input=false', '-no-color'], run.env);
    } finally {
      rmSync(override, { force: true });
    }
    log(`${run.name}: offboarded; the kept and released resources are no longer managed by Terraform`);
  }
  if (!flags.switches.has('--yes')) log('Nothing was changed: add --yes to offboard.');
  return 0;
}

if (require.main === module) runAsCommand(offboard);
