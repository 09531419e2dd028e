/**
 * What every script that runs terraform on the synthesized stacks needs: the configuration
 * (BASELINE_CONFIG), the stacks synthesized, and per stack the environment to run terraform in.
 * Against AWS that is the caller's own environment; on a local endpoint (BASELINE_AWS_ENDPOINT)
 * it adds the machine's provider mirror and credentials for each stack's deploying account.
 */
import { adoptionDirFor, loadAdoptionFiles } from '../../modules/adoption/adoption-file';
import { AdoptionApplied } from '../../modules/adoption/apply';
import { DRIFT_ROLE_ENV, synthesizeBaseline } from '../../modules/baseline-app';
import { configPath, loadConfigFile } from '../../modules/config/load';
import { BaselineSettings, resolveSettings } from '../../modules/config/resolve';
import { EndpointReport, LocalEndpoint, endpointDataDir, localEndpointFromEnv } from '../../modules/endpoint/local-endpoint';
import { NotChecked, notCheckedOf } from './drift';
import { endpointEnvironment } from './local-aws';
import { startOfflineSession } from './offline-terraform';
import { SynthesizedStack, deployingAccounts, readSynthesizedStacks, stackAccounts } from './stacks';

export interface StackRun extends SynthesizedStack {
  /** The account the stack deploys into. */
  readonly account: string;
  /** Environment for its terraform runs; a key set to undefined is removed. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Resources the endpoint switch left out of it. */
  readonly notChecked: readonly NotChecked[];
}

export interface StackRuns {
  readonly settings: BaselineSettings;
  /** The configuration file (BASELINE_CONFIG or the embedded default). */
  readonly configFile: string;
  /** What each stack's adoption file did. */
  readonly adopted: ReadonlyMap<string, AdoptionApplied>;
  readonly endpoint?: EndpointReport;
  readonly runs: readonly StackRun[];
}

/** Synthesizes into `outdir` and prepares the chosen stacks (all when `stacks` is undefined). */
export async function prepareStackRuns(options: {
  readonly outdir: string;
  readonly stacks?: readonly string[];
  readonly log?: (line: string) => void;
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Synthesize as if there were no adoption files: npm run adopt looks at AWS afresh.
   * @default false
   */
  readonly withoutAdoption?: boolean;
}): Promise<StackRuns> {
  const env = options.env ?? process.env;
  const configFile = configPath(env);
  const settings = resolveSettings(loadConfigFile(configFile));
  const localEndpoint = localEndpointFromEnv(env);
  const { endpoint, adopted } = synthesizeBaseline(settings, {
    outdir: options.outdir,
    localEndpoint,
    assumeDriftRole: env[DRIFT_ROLE_ENV] === '1',
    adoption: options.withoutAdoption ? undefined : { files: loadAdoptionFiles(adoptionDirFor(configFile)) },
  });
  const all = readSynthesizedStacks(options.outdir);
  const unknown = (options.stacks ?? []).filter((name) => !all.some((stack) => stack.name === name));
  if (unknown.length > 0) {
    throw new Error(`--stacks names ${unknown.join(', ')}, which the configuration does not have; stacks: ${all.map((stack) => stack.name).join(', ')}`);
  }
  const chosen = all.filter((stack) => !options.stacks || options.stacks.includes(stack.name));
  const accounts = stackAccounts(settings);
  if (!endpoint) {
    return { settings, configFile, adopted, runs: chosen.map((stack) => ({ ...stack, account: accounts.get(stack.name)!, env: {}, notChecked: [] })) };
  }
  const mirror = startOfflineSession(chosen, env).env;
  const deployers = deployingAccounts(settings);
  if (!env.AWS_ACCESS_KEY_ID) options.log?.(`No AWS_ACCESS_KEY_ID set: using credentials from ${endpoint.endpoint.url} for each stack's deploying account`);
  const runs = await Promise.all(
    chosen.map(async (stack) => ({
      ...stack,
      account: accounts.get(stack.name)!,
      env: { ...mirror, TF_DATA_DIR: endpointDataDir(endpoint.endpoint), ...(await endpointEnvironment(endpoint.endpoint, deployers.get(stack.name)!, env)) },
      notChecked: notCheckedOf(endpoint.stacks.find((candidate) => candidate.stack === stack.name)!),
    })),
  );
  return { settings, configFile, adopted, endpoint, runs };
}

/**
 * Synthesizes `outdir` again as a deploy would, with the adoption files of `adoptionDir`: after a
 * script that synthesized without them (adopt, recover), so that a deploy with --skip-synth finds
 * the import blocks.
 */
export function synthesizeWithAdoption(settings: BaselineSettings, outdir: string, localEndpoint: LocalEndpoint | undefined, adoptionDir: string): void {
  synthesizeBaseline(settings, { outdir, localEndpoint, adoption: { files: loadAdoptionFiles(adoptionDir) } });
}
