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
import { adoptionDirFor, loadAdoptionFiles } from '../modules/adoption/adoption-file';
import { KEPT_ON_OFFBOARDING, controlOfPath } from '../modules/controls/catalogue';
import { UsageError, commandUsage, parseFlags, runAsCommand } from './lib/args';
import { prepareStackRuns } from './lib/stack-runs';
import { listResources } from './lib/stacks';
import { readState, terraformIn } from './lib/state';

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
    // What the owner had: an adopted resource still the one adopted (a detector or key the deploy had to create
    // again, after someone deleted the adopted one, is the baseline's own and goes with the rest).
    const adopted = (adoption.get(run.name)?.entries ?? []).filter((entry) => {
      const resource = state.find((candidate) => candidate.address === entry.address);
      if (entry.decision === 'conflict' || !resource) return false;
      return !(GENERATED_IDS.has(entry.type) && entry.importId !== undefined && String(resource.values.id) !== entry.importId);
    });
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
    for (const entry of released) log(`  release ${entry.control}: ${entry.found} (${entry.address}; it was there before the baseline and stays, with the baseline's settings)`);
    if (!flags.switches.has('--yes')) continue;
    const forgotten = [...kept.map((resource) => resource.address), ...released.map((entry) => entry.address)];
    if (forgotten.length > 0) await terraformIn(run.dir, ['state', 'rm', '-no-color', ...forgotten], run.env);
    await terraformIn(run.dir, ['destroy', '-auto-approve', '-input=false', '-no-color'], run.env);
    log(`${run.name}: offboarded; the kept and released resources are no longer managed by Terraform`);
  }
  if (!flags.switches.has('--yes')) log('Nothing was changed: add --yes to offboard.');
  return 0;
}

if (require.main === module) runAsCommand(offboard);
