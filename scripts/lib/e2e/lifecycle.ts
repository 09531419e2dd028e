/**
 * The baseline's whole lifecycle on a local AWS API: deploy every stack with the real cdktf CLI
 * (the first deploy interrupted halfway and resumed), re-plan with no change, inject drift
 * through the AWS API and detect it, converge, hold the state lock, be refused a destroy, and
 * offboard. Each phase is checked; the report says per stack and control what happened.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AdoptionFile, adoptionDirFor, loadAdoptionFiles } from '../../../modules/adoption/adoption-file';
import { synthesizeBaseline } from '../../../modules/baseline-app';
import { loadConfigFile } from '../../../modules/config/load';
import { BaselineSettings, resolveSettings } from '../../../modules/config/resolve';
import { controlOfPath } from '../../../modules/controls/catalogue';
import { EndpointReport, LOCAL_ENDPOINT_ENV, endpointDataDir } from '../../../modules/endpoint/local-endpoint';
import type { DriftReport, ResourceDifference } from '../drift';
import { AwsCredentials, RunningEmulator, assumeRoleOn, callAws, callAwsOrThrow, credentialsEnv } from '../local-aws';
import { mapWithConcurrency, startOfflineSession } from '../offline-terraform';
import { SynthesizedStack, deployingAccounts, listResources, readSynthesizedStacks, stackAccounts } from '../stacks';
import { StateResource, readState, terraformIn } from '../state';
import { Seeded, adoptedProblems, releasedProblems, seedUsedAccount } from './brownfield';
import { DeployedResource, INJECTIONS } from './injections';
import { emulateOrganization } from './organization';
import { ProcessRun, runCdktf, runProcess, runScript } from './processes';

export interface LifecycleOptions {
  /** The configuration under test. */
  readonly configFile: string;
  readonly emulator: RunningEmulator;
  /** Logs, reports, derived configuration; created if missing. */
  readonly workDir: string;
  /** Where the stacks are synthesized; their local state lives beside it (../.endpoint-state). */
  readonly outdir: string;
  readonly log: (line: string) => void;
  /**
   * How the first deploy is interrupted halfway.
   * @default 'SIGINT', what Ctrl-C and a cancelled CI job send
   */
  readonly interruptWith?: NodeJS.Signals;
  /**
   * Where the largest stack's first deploy is interrupted, as fractions of its resources: each
   * interrupted deploy is repaired with npm run recover and resumed by the next.
   * @default [0.5], once halfway
   */
  readonly interruptAt?: readonly number[];
  /**
   * Start from accounts that are not new: what an owner turns on by hand (or, for an organisation,
   * the organisation and a delegated administrator) exists before the first deploy, npm run adopt
   * writes the adoption files, and the deploy must adopt it all.
   * @default false
   */
  readonly brownfield?: boolean;
  /**
   * After converging, take resources out of the largest stack's state as if their creation had
   * been cancelled after AWS acted, and then lose its state: npm run recover and one deploy must
   * converge each time, with no duplicate.
   * @default false
   */
  readonly recoveryDrills?: boolean;
  /**
   * How many stacks deploy at once once the stacks they depend on are deployed (an organisation's
   * members after the organization stack). Concurrent deploys run `cdktf deploy --skip-synth` on
   * the output synthesized once, so that no two syntheses write it at the same time.
   * @default 1
   */
  readonly deployConcurrency?: number;
  /**
   * Leave the deployment in place at the end (a given --endpoint): offboarding is skipped.
   * @default false
   */
  readonly keepDeployed?: boolean;
}

export interface PhaseResult {
  readonly phase: string;
  readonly seconds: number;
  readonly ok: boolean;
  readonly detail: string;
  /** The phase did not apply to this run (e.g. offboarding when the deployment is kept). */
  readonly skipped?: boolean;
}

export interface ControlLine {
  readonly control: string;
  readonly declared: number;
  readonly deployed: number;
  /** Left out as emulator gaps, and (of those) only because they need a gap resource. */
  readonly leftOut: number;
  readonly leftOutNeedingGap: number;
  readonly replanChanges: number;
  readonly driftInjected: number;
  readonly driftDetected: number;
  /** Resources npm run adopt found in AWS and the deploy adopted (import or written over). */
  readonly adopted: number;
}

export interface Interruption {
  readonly stack: string;
  readonly signal: string;
  /** The fraction of the stack's resources in the state when the signal was sent, as asked. */
  readonly at: number;
  readonly afterCreated: number;
  readonly untainted: number;
  readonly adopted: number;
}

export interface InjectionResult {
  readonly id: string;
  readonly stack: string;
  readonly address: string;
  readonly control: string;
  readonly description: string;
  readonly expected: { readonly kind: string; readonly attributes: readonly string[] };
  readonly detected?: { readonly kind: string; readonly control: string; readonly attributes: readonly string[] };
  readonly ok: boolean;
}

export interface LifecycleReport {
  readonly config: string;
  /** The configuration actually deployed (an organisation's, with the emulator's IDs). */
  readonly deployedConfig: string;
  readonly endpoint: string;
  readonly emulatorStartedHere: boolean;
  readonly ok: boolean;
  readonly problems: readonly string[];
  /** What the run did not test, and why. */
  readonly notes: readonly string[];
  readonly phases: readonly PhaseResult[];
  readonly stacks: ReadonlyArray<{ readonly stack: string; readonly account: string; readonly controls: readonly ControlLine[] }>;
  readonly totals: { readonly declared: number; readonly deployed: number; readonly leftOut: number; readonly deployedPercent: number };
  readonly injections: readonly InjectionResult[];
  /** Differences drift detection reported that no injection explains. */
  readonly unexplainedDrift: readonly ResourceDifference[];
  readonly interruptions: readonly Interruption[];
  /** What npm run adopt wrote per stack (brownfield runs). */
  readonly adoption: ReadonlyArray<{ readonly stack: string; readonly entries: number; readonly decisions: Readonly<Record<string, number>> }>;
  readonly endpointReport: EndpointReport;
}

interface Context {
  readonly options: LifecycleOptions;
  readonly configFile: string;
  readonly settings: BaselineSettings;
  /** As last synthesized (again once npm run adopt has written the adoption files). */
  stacks: readonly SynthesizedStack[];
  readonly order: readonly string[];
  /** What the owner had before the baseline (brownfield runs of a standalone configuration). */
  readonly seeded?: Seeded;
  readonly credentials: ReadonlyMap<string, AwsCredentials>;
  readonly deployers: ReadonlyMap<string, string>;
  readonly accounts: ReadonlyMap<string, string>;
  readonly mirrorEnv: Readonly<Record<string, string>>;
  readonly logFile: string;
  readonly problems: string[];
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;

class PhaseAborted extends Error {}

/**
 * Runs the whole lifecycle. A failed check goes into the report and the run goes on; a phase
 * that cannot finish at all ends the run, and the report says where.
 */
export async function runLifecycle(options: LifecycleOptions): Promise<LifecycleReport> {
  mkdirSync(options.workDir, { recursive: true });
  const phases: PhaseResult[] = [];
  const problems: string[] = [];
  try {
    return await lifecycle(options, phases, problems);
  } catch (error) {
    if (!(error instanceof PhaseAborted)) problems.push((error as Error).message);
    return {
      config: options.configFile,
      deployedConfig: options.configFile,
      endpoint: options.emulator.endpoint.url,
      emulatorStartedHere: options.emulator.owned,
      ok: false,
      problems,
      notes: [],
      phases,
      stacks: [],
      totals: { declared: 0, deployed: 0, leftOut: 0, deployedPercent: 0 },
      injections: [],
      unexplainedDrift: [],
      interruptions: [],
      adoption: [],
      endpointReport: { endpoint: options.emulator.endpoint, stacks: [] },
    };
  }
}

async function lifecycle(options: LifecycleOptions, phases: PhaseResult[], problems: string[]): Promise<LifecycleReport> {
  const { emulator, log } = options;
  const logFile = join(options.workDir, 'lifecycle.log');
  const phase = async <T>(name: string, body: () => Promise<{ value: T; detail: string; ok?: boolean; skipped?: boolean }>): Promise<T> => {
    const started = Date.now();
    let outcome: { value: T; detail: string; ok?: boolean; skipped?: boolean };
    try {
      outcome = await body();
    } catch (error) {
      const detail = `could not finish: ${(error as Error).message}`;
      phases.push({ phase: name, seconds: seconds(Date.now() - started), ok: false, detail });
      problems.push(`${name}: ${detail}`);
      log(`  FAIL ${name} (${seconds(Date.now() - started)} s): ${detail}`);
      throw new PhaseAborted(name);
    }
    const { value, detail, ok = true, skipped } = outcome;
    phases.push({ phase: name, seconds: seconds(Date.now() - started), ok, detail, ...(skipped ? { skipped } : {}) });
    log(`  ${skipped ? 'skip' : ok ? 'ok  ' : 'FAIL'} ${name} (${seconds(Date.now() - started)} s): ${detail}`);
    if (!ok) problems.push(`${name}: ${detail}`);
    return value;
  };

  // Prepare: the organisation on the emulator, the synthesized stacks, credentials.
  const context = await phase('prepare', async () => {
    let configFile = options.configFile;
    let detail = `configuration ${options.configFile}`;
    if (loadConfigFile(options.configFile).organization) {
      const organization = await emulateOrganization(emulator.endpoint, options.configFile, options.workDir, { existing: options.brownfield === true });
      configFile = organization.configFile;
      detail += `; organisation ${organization.organizationId} with ${organization.accountIds.size} accounts on the emulator (${configFile})`;
      if (organization.adoptable) detail += `; ${organization.adoptable}`;
    } else if (options.brownfield) {
      // A copy beside which npm run adopt writes the adoption files.
      configFile = join(options.workDir, basename(options.configFile));
      copyFileSync(options.configFile, configFile);
    }
    rmSync(adoptionDirFor(configFile), { recursive: true, force: true });
    const settings = resolveSettings(loadConfigFile(configFile));
    const deployers = deployingAccounts(settings);
    const accounts = stackAccounts(settings);
    const credentials = new Map<string, AwsCredentials>();
    for (const account of new Set([...deployers.values(), ...accounts.values()])) credentials.set(account, await assumeRoleOn(emulator.endpoint, account));
    const probe = await callAws(emulator.endpoint, credentials.values().next().value!, [
      { service: 'iam', operation: 'GetPolicy', region: 'us-east-1', params: { PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWS_ConfigRole' } },
    ]);
    if (!probe[0].ok) {
      throw new Error(`${emulator.endpoint.url} does not know AWS's managed policies (${probe[0].error}); start moto with MOTO_IAM_LOAD_MANAGED_POLICIES=true`);
    }
    if (settings.state) {
      const management = credentials.get(deployers.values().next().value!)!;
      const region = settings.state.region;
      const created = await callAws(emulator.endpoint, management, [
        { service: 's3', operation: 'CreateBucket', region, params: { Bucket: settings.state.bucket, ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region } }) } },
        { service: 's3', operation: 'PutBucketVersioning', region, params: { Bucket: settings.state.bucket, VersioningConfiguration: { Status: 'Enabled' } } },
      ]);
      if (!created[0].ok && !/BucketAlreadyOwnedByYou/.test(created[0].error ?? '')) throw new Error(`the state bucket could not be created: ${created[0].error}`);
      detail += `; state bucket ${settings.state.bucket}`;
    }
    const existing = await createWhatTheConfigurationExpects(emulator, settings, credentials);
    if (existing.length > 0) detail += `; existing in the accounts, as the configuration expects: ${existing.join(', ')}`;
    let seeded: Seeded | undefined;
    if (options.brownfield && !settings.organization) {
      const account = settings.accounts[0];
      const far = account.enabledRegions.find((region) => region === 'sa-east-1' && !account.allowedRegions.includes(region)) ?? account.enabledRegions.find((region) => !account.allowedRegions.includes(region))!;
      const allowed = account.allowedRegions.find((region) => region !== account.homeRegion) ?? account.enabledRegions.find((region) => region !== account.homeRegion && region !== far)!;
      seeded = await seedUsedAccount(emulator.endpoint, credentials.get(account.accountId)!, account.accountId, { home: account.homeRegion, allowed, far });
      detail += `; an account used before the baseline: ${seeded.summary}`;
    }
    const { endpoint } = synthesizeBaseline(settings, { outdir: options.outdir, localEndpoint: emulator.endpoint });
    const stacks = readSynthesizedStacks(options.outdir);
    const order = [...(settings.organization ? [settings.organization.stackName] : []), ...settings.accounts.map((account) => account.stackName)];
    const value: Context & { endpointReport: EndpointReport } = {
      options,
      configFile,
      settings,
      stacks,
      order,
      credentials,
      deployers,
      accounts,
      // Providers from the machine's mirror; Terraform's working files apart from those of runs against AWS.
      mirrorEnv: { ...startOfflineSession(stacks).env, TF_DATA_DIR: endpointDataDir(emulator.endpoint) },
      logFile,
      problems,
      endpointReport: endpoint!,
      ...(seeded ? { seeded } : {}),
    };
    return { value, detail: `${detail}; ${stacks.length} stack${stacks.length === 1 ? '' : 's'}` };
  });
  const { endpointReport } = context;

  const deployEnv = (stack: string) => ({
    ...context.mirrorEnv,
    ...credentialsEnv(context.credentials.get(context.deployers.get(stack)!)!),
    BASELINE_CONFIG: context.configFile,
    [LOCAL_ENDPOINT_ENV]: emulator.endpoint.url,
  });
  /** The npm scripts get no credentials: on an endpoint they fetch their own, as for a user. */
  const scriptEnv = {
    ...context.mirrorEnv,
    // Drift plans as many stacks at once as the deploys run.
    ...(options.deployConcurrency && options.deployConcurrency > 2 ? { BASELINE_PLAN_CONCURRENCY: String(options.deployConcurrency) } : {}),
    BASELINE_CONFIG: context.configFile,
    [LOCAL_ENDPOINT_ENV]: emulator.endpoint.url,
    AWS_ACCESS_KEY_ID: undefined,
    AWS_SECRET_ACCESS_KEY: undefined,
    AWS_SESSION_TOKEN: undefined,
  };
  const cdktf = (command: 'deploy' | 'destroy', stack: string, interrupt?: { signal: NodeJS.Signals; afterCreated: number }, skipSynth = false) =>
    runCdktf(
      [command, stack, '--auto-approve', '--no-color', '--skip-provider-lock', '--ignore-missing-stack-dependencies', ...(skipSynth ? ['--skip-synth'] : []), '--output', options.outdir],
      { env: deployEnv(stack), logFile, interrupt },
    );
  const concurrency = Math.max(1, options.deployConcurrency ?? 1);
  const stackDir = (stack: string) => context.stacks.find((candidate) => candidate.name === stack)!.dir;
  const deployable = (stack: string) => listResources(context.stacks.find((candidate) => candidate.name === stack)!.json).length;
  const tail = (run: ProcessRun) =>
    run.output.trim().split('\n').filter((line) => /Error:/.test(line)).map((line) => line.trim()).slice(0, 6).join(' | ') || run.output.trim().split('\n').slice(-3).join(' | ');

  const notes: string[] = [];
  const envOf = (stack: string) => ({ ...context.mirrorEnv, ...credentialsEnv(context.credentials.get(context.deployers.get(stack)!)!) });

  // Adopt: what AWS already has becomes each stack's adoption file, and no plan may delete or replace it.
  const adoption: Array<{ stack: string; entries: number; decisions: Record<string, number> }> = [];
  let adoptionFiles = new Map<string, AdoptionFile>();
  if (options.brownfield) {
    await phase('adopt what exists', async () => {
      const run = await runScript('adopt.ts', ['--outdir', options.outdir], { env: scriptEnv, logFile });
      if (run.code !== 0) return { value: undefined, ok: false, detail: `npm run adopt exit ${run.code}: ${tail(run)}` };
      adoptionFiles = loadAdoptionFiles(adoptionDirFor(context.configFile));
      synthesizeBaseline(context.settings, { outdir: options.outdir, localEndpoint: emulator.endpoint, adoption: { files: adoptionFiles } });
      context.stacks = readSynthesizedStacks(options.outdir);
      const planned: string[] = [];
      const problems: string[] = [];
      for (const [stack, file] of adoptionFiles) {
        const decisions: Record<string, number> = {};
        for (const entry of file.entries) decisions[entry.decision] = (decisions[entry.decision] ?? 0) + 1;
        adoption.push({ stack, entries: file.entries.length, decisions });
        const checked = await adoptedPlan(stackDir(stack), envOf(stack), file);
        planned.push(`${stack}: ${checked.imports} imports, ${checked.updates} adopted resources updated in place`);
        problems.push(...checked.problems.map((problem) => `${stack}: ${problem}`));
      }
      if (adoptionFiles.size === 0) problems.push('npm run adopt found nothing to adopt');
      return {
        value: undefined,
        ok: problems.length === 0,
        detail:
          `npm run adopt exit 0; ${adoption.map((entry) => `${entry.stack}: ${Object.entries(entry.decisions).map(([decision, count]) => `${count} ${decision}`).join(', ')}`).join('; ')}; ` +
          `plans: ${planned.join('; ')}${problems.length > 0 ? `; ${problems.join('; ')}` : '; no delete or replace of an adopted resource'}`,
      };
    });
  }

  // Deploy; the largest stack's first deploy interrupted (at each point asked), recovered and resumed each time.
  const faultStack = [...context.order].sort((a, b) => deployable(b) - deployable(a))[0];
  // In waves: the organization stack, then the interrupted stack (its repair synthesizes), each alone; then the rest.
  const waves = context.settings.organization
    ? [[context.order[0]], ...(faultStack === context.order[0] ? [] : [[faultStack]]), context.order.slice(1).filter((stack) => stack !== faultStack)]
    : [context.order];
  const interruptions: Interruption[] = [];
  const signal = options.interruptWith ?? 'SIGINT';
  const recoverCounts = (run: ProcessRun) => ({
    untainted: Number(/untainted (\d+) \(/.exec(run.output)?.[1] ?? 0),
    adopted: Number(/adopted (\d+) created but never recorded/.exec(run.output)?.[1] ?? 0),
  });
  const deployStack = (stack: string, skipSynth: boolean) =>
    phase(`deploy ${stack}`, async () => {
      const env = envOf(stack);
      const alreadyDeployed = stack === faultStack && (await inState(stackDir(stack), env)) > 0;
      if (stack !== faultStack || alreadyDeployed) {
        const run = await cdktf('deploy', stack, undefined, skipSynth);
        if (alreadyDeployed) notes.push(`the interrupted first deploy was not tested: ${stack} was already deployed on this endpoint`);
        return { value: undefined, ok: run.code === 0, detail: run.code === 0 ? `${deployable(stack)} resources applied` : `cdktf deploy exit ${run.code}: ${tail(run)}` };
      }
      const steps: string[] = [];
      let ok = true;
      for (const at of options.interruptAt ?? [0.5]) {
        const before = await inState(stackDir(stack), env);
        const afterCreated = Math.max(1, Math.floor(deployable(stack) * at) - before);
        const run = await cdktf('deploy', stack, { signal, afterCreated });
        if (!run.interrupted) {
          ok &&= run.code === 0;
          steps.push(`at ${Math.round(at * 100)} %: the deploy ended before the interrupt (exit ${run.code})`);
          continue;
        }
        const recovered = await runScript('recover.ts', ['--stacks', stack, '--outdir', options.outdir], { env: scriptEnv, logFile });
        const counts = recoverCounts(recovered);
        interruptions.push({ stack, signal, at, afterCreated: run.interrupted.afterCreated, ...counts });
        ok &&= run.code !== 0 && recovered.code === 0;
        steps.push(
          `at ${Math.round(at * 100)} %: ${signal} to terraform after ${before + run.interrupted.afterCreated} of ${deployable(stack)} resources (exit ${run.code}); ` +
            `npm run recover ${recovered.code === 0 ? `untainted ${counts.untainted}, adopted ${counts.adopted}` : `failed: ${tail(recovered)}`}`,
        );
      }
      const last = await cdktf('deploy', stack);
      ok &&= last.code === 0;
      steps.push(`deploy again: ${last.code === 0 ? 'converged' : `exit ${last.code}: ${tail(last)}`}`);
      return { value: undefined, ok, detail: steps.join('; ') };
    });
  // A stack deployed alone synthesizes through the CLI, as a user's deploy does; stacks deployed together share the
  // output synthesized before (the adoption files included), so that no synthesis rewrites it under a running deploy.
  const together = (wave: readonly string[]) => concurrency > 1 && wave.length > 1;
  /** Synthesizes the output the stacks deployed together share (npm run recover and adopt synthesize it their own way). */
  const resynthesize = () => {
    synthesizeBaseline(context.settings, { outdir: options.outdir, localEndpoint: emulator.endpoint, adoption: { files: adoptionFiles } });
    context.stacks = readSynthesizedStacks(options.outdir);
  };
  for (const wave of waves) {
    if (together(wave)) resynthesize();
    await mapWithConcurrency(wave, together(wave) ? concurrency : 1, (stack) => deployStack(stack, together(wave)));
  }

  // What is deployed: the state of every stack, with each resource's control, region and account.
  const deployed = new Map<string, DeployedResource[]>();
  const states = new Map<string, StateResource[]>();
  const readAllStates = async () => {
    for (const stack of context.stacks) {
      const env = { ...context.mirrorEnv, ...credentialsEnv(context.credentials.get(context.deployers.get(stack.name)!)!) };
      const state = await readState(stack.dir, env);
      states.set(stack.name, state);
      const declared = new Map(listResources(stack.json).map((resource) => [resource.address, resource]));
      // Where a resource lives is its provider's region and account: a stack may hold a second
      // account's providers (the organisation stack creates the log archive in the security account).
      const providers = new Map((stack.json.provider?.aws ?? []).map((provider) => [String(provider.alias ?? ''), provider]));
      deployed.set(
        stack.name,
        state
          .filter((resource) => declared.has(resource.address))
          .map((resource) => {
            const block = declared.get(resource.address)!;
            const provider = providers.get(String(block.block.provider ?? '').replace(/^aws\./, ''));
            return {
              stack: stack.name,
              address: resource.address,
              type: resource.type,
              control: controlOfPath(block.path),
              region: String(provider?.region ?? context.settings.accounts[0].homeRegion),
              account: String((provider?.allowed_account_ids as string[] | undefined)?.[0] ?? context.accounts.get(stack.name)!),
              homeRegion: context.settings.accounts[0].homeRegion,
              values: resource.values,
            };
          }),
      );
    }
  };
  await phase('no duplicates, no lost evidence', async () => {
    await readAllStates();
    const found = await duplicateAndEvidenceProblems(context, [...deployed.values()].flat(), emulator);
    return { value: undefined, ok: found.length === 0, detail: found.length === 0 ? 'one KMS key, detector, trail and topic in AWS per one in the state; every evidence bucket versioned and key enabled' : found.join('; ') };
  });

  if (options.brownfield) {
    await phase('adopted, nothing duplicated', async () => {
      const problems: string[] = [];
      const seeded = context.seeded;
      if (seeded) {
        const account = context.settings.accounts[0];
        problems.push(...(await adoptedProblems(emulator.endpoint, context.credentials.get(seeded.account)!, seeded, account.enabledRegions)));
      }
      for (const [stack, file] of adoptionFiles) {
        const state = new Set(states.get(stack)!.map((resource) => resource.address));
        const lost = file.entries.filter((entry) => entry.decision !== 'conflict' && !state.has(entry.address));
        if (lost.length > 0) problems.push(`${stack}: ${lost.length} adopted resources are not in the state (${lost.map((entry) => entry.address).join(', ')})`);
      }
      const again = await runScript('adopt.ts', ['--outdir', options.outdir], { env: scriptEnv, logFile });
      const nothingNew = again.code === 0 && !/ \d+ entries \([1-9]\d* new\)/.test(again.output) && /nothing new to adopt|nothing to adopt/.test(again.output);
      if (!nothingNew) problems.push(`a second npm run adopt found something new (exit ${again.code}): ${tail(again)}`);
      return {
        value: undefined,
        ok: problems.length === 0,
        detail:
          problems.length > 0
            ? problems.join('; ')
            : `${seeded ? `the owner's ${seeded.detectors.size} detectors kept their IDs and the filter, one detector, recorder and channel per region (default in ${seeded.configRegions.join(', ')}), Security Hub still on, the password policy raised; ` : ''}` +
              'every adopted resource in the state; a second npm run adopt found nothing new',
      };
    });
  }

  const drift = async (label: string): Promise<DriftReport> => {
    const json = join(options.workDir, `drift-${label}.json`);
    rmSync(json, { force: true }); // never read a report of an earlier run
    const run = await runScript('drift.ts', ['--outdir', options.outdir, '--markdown', join(options.workDir, `drift-${label}.md`), '--json', json], { env: scriptEnv, logFile });
    if (!existsSync(json)) throw new Error(`npm run drift wrote no report (exit ${run.code}): ${tail(run)}`);
    const report = JSON.parse(readFileSync(json, 'utf8')) as DriftReport;
    if (report.exitCode !== run.code) throw new Error(`npm run drift exited ${run.code} but its report says ${report.exitCode}`);
    return report;
  };
  const differencesOf = (report: DriftReport) => report.stacks.flatMap((stack) => stack.differences.map((difference) => ({ stack: stack.stack, ...difference })));

  /** npm run recover, one deploy, then no duplicate and a zero-diff re-plan. */
  const recoverAndConverge = async (what: string, expected: readonly string[]) => {
    const recovered = await runScript('recover.ts', ['--stacks', faultStack, '--outdir', options.outdir], { env: scriptEnv, logFile });
    const counts = recoverCounts(recovered);
    const missed = expected.filter((address) => !recovered.output.includes(`  ${address} = `));
    const run = await cdktf('deploy', faultStack);
    await readAllStates();
    const duplicates = await duplicateAndEvidenceProblems(context, [...deployed.values()].flat(), emulator);
    const report = await drift(`after-recover-${interruptions.length}-${Date.now()}`);
    const ok = recovered.code === 0 && missed.length === 0 && run.code === 0 && duplicates.length === 0 && report.exitCode === 0;
    return {
      value: undefined,
      ok,
      detail:
        `${what}; npm run recover ${recovered.code === 0 ? `${/restored|rebuilt|missing|empty/.test(recovered.output) ? 'rebuilt the state, ' : ''}adopted ${counts.adopted}${missed.length > 0 ? ` but not ${missed.join(', ')}` : ''}` : `failed: ${tail(recovered)}`}; ` +
        `deploy ${run.code === 0 ? 'converged' : `exit ${run.code}: ${tail(run)}`}; ${duplicates.length === 0 ? 'no duplicate' : duplicates.join('; ')}; npm run drift exit ${report.exitCode}`,
    };
  };

  const replan = await phase('re-plan', async () => {
    const report = await drift('replan');
    const changes = differencesOf(report);
    const errors = report.stacks.filter((stack) => stack.status === 'error').map((stack) => `${stack.stack}: ${stack.error?.output.split('\n').slice(-3).join(' ')}`);
    return {
      value: report,
      ok: report.exitCode === 0,
      detail:
        report.exitCode === 0
          ? 'npm run drift exit 0: no change and no drift in any stack'
          : `npm run drift exit ${report.exitCode}: ${[...errors, ...changes.map((change) => `${change.stack} ${change.address} ${change.kind} ${change.attributes.join(',')}`)].join('; ')}`,
    };
  });

  // Drift: every applicable change, made through the AWS API with the credentials of the resource's account.
  const chosen = INJECTIONS.map((injection) => ({ injection, target: injection.pick([...deployed.values()].flat()) })).filter(
    (entry): entry is { injection: (typeof INJECTIONS)[number]; target: DeployedResource } => entry.target !== undefined,
  );
  await phase('inject drift', async () => {
    for (const { injection, target } of chosen) {
      await callAwsOrThrow(emulator.endpoint, context.credentials.get(target.account)!, injection.calls(target));
    }
    const controls = new Set(chosen.map(({ injection }) => injection.control));
    const enough = chosen.length >= 8 && controls.size >= 5;
    return {
      value: undefined,
      ok: enough,
      detail: `${chosen.length} changes across ${controls.size} controls through the AWS API${enough ? '' : ' (fewer than 8 changes across 5 controls)'}`,
    };
  });
  const injections: InjectionResult[] = [];
  let unexplainedDrift: ResourceDifference[] = [];
  await phase('detect drift', async () => {
    const report = await drift('injected');
    const found = differencesOf(report);
    for (const { injection, target } of chosen) {
      const difference = found.find((candidate) => candidate.stack === target.stack && candidate.address === target.address);
      const attributes = injection.expect.attributes ?? [];
      const ok =
        difference !== undefined &&
        difference.kind === injection.expect.kind &&
        difference.control === injection.control &&
        attributes.every((attribute) => difference.attributes.includes(attribute));
      injections.push({
        id: injection.id,
        stack: target.stack,
        address: target.address,
        control: injection.control,
        description: injection.description,
        expected: { kind: injection.expect.kind, attributes },
        detected: difference && { kind: difference.kind, control: difference.control, attributes: difference.attributes },
        ok,
      });
    }
    unexplainedDrift = found.filter((difference) => !chosen.some(({ target }) => target.stack === difference.stack && target.address === difference.address));
    const missed = injections.filter((injection) => !injection.ok);
    const ok = report.exitCode === 2 && missed.length === 0 && unexplainedDrift.length === 0;
    return {
      value: undefined,
      ok,
      detail:
        `npm run drift exit ${report.exitCode}; ${injections.length - missed.length} of ${injections.length} changes reported on their resource and control` +
        (missed.length > 0 ? `; missed or misattributed: ${missed.map((injection) => injection.id).join(', ')}` : '') +
        (unexplainedDrift.length > 0 ? `; also reported: ${unexplainedDrift.map((difference) => difference.address).join(', ')}` : ''),
    };
  });

  await phase('converge', async () => {
    const failed: string[] = [];
    // The stacks that were changed deploy again (the drift run after it checks every stack); no recover runs here,
    // so the interrupted stack joins the other members.
    const changed = new Set(chosen.map(({ target }) => target.stack));
    const inOrder = context.order.filter((stack) => changed.has(stack));
    const organization = context.settings.organization?.stackName;
    const converging = [inOrder.filter((stack) => stack === organization), inOrder.filter((stack) => stack !== organization)].filter((wave) => wave.length > 0);
    if (converging.some(together)) resynthesize();
    for (const wave of converging) {
      await mapWithConcurrency(wave, together(wave) ? concurrency : 1, async (stack) => {
        const run = await cdktf('deploy', stack, undefined, together(wave));
        if (run.code !== 0) failed.push(`${stack}: exit ${run.code}: ${tail(run)}`);
      });
    }
    const report = await drift('converged');
    const left = differencesOf(report);
    return {
      value: undefined,
      ok: failed.length === 0 && report.exitCode === 0,
      detail:
        failed.length > 0
          ? failed.join('; ')
          : report.exitCode === 0
            ? `cdktf deploy of every changed stack (${inOrder.join(', ')}) repaired every change; npm run drift exit 0`
            : `npm run drift exit ${report.exitCode}: ${left.map((difference) => difference.address).join(', ')}`,
    };
  });

  if (options.recoveryDrills) {
    // A creation cancelled after AWS acted: the resources exist, the state lacks them.
    await phase('recover orphans', async () => {
      const env = envOf(faultStack);
      const dir = stackDir(faultStack);
      const adopted = new Set((adoptionFiles.get(faultStack)?.entries ?? []).map((entry) => entry.address));
      const chosen = orphanCandidates(states.get(faultStack)!, context.stacks.find((candidate) => candidate.name === faultStack)!, adopted);
      if (chosen.length < 5) return { value: undefined, ok: false, detail: `only ${chosen.length} kinds of resource to orphan: ${chosen.join(', ')}` };
      await terraformIn(dir, ['state', 'rm', '-no-color', ...chosen], env);
      return recoverAndConverge(`${chosen.length} resources removed from the state (${chosen.join(', ')})`, chosen);
    });
    // A lost state: the file emptied (as a SIGKILL can leave it) and its backup gone, or the S3 object deleted.
    await phase('recover a lost state', async () => {
      const before = states.get(faultStack)!.length;
      const how = await loseState(context, faultStack, stackDir(faultStack), envOf(faultStack));
      return recoverAndConverge(`${how} (${before} resources)`, []);
    });
  }

  await phase('state lock', async () => {
    const stack = context.order[0];
    const env = { ...context.mirrorEnv, ...credentialsEnv(context.credentials.get(context.deployers.get(stack)!)!) };
    const result = await lockIsExclusive(context, stack, stackDir(stack), env);
    return { value: undefined, ok: result.ok, detail: result.detail };
  });

  await phase('destroy refused', async () => {
    const notes = new Map<string, string>();
    let ok = true;
    if (concurrency > 1) resynthesize();
    const protectedIn = (stack: string) =>
      listResources(context.stacks.find((candidate) => candidate.name === stack)!.json)
        .filter((resource) => (resource.block.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy === true)
        .map((resource) => resource.address)
        .sort();
    // One stack per distinct set of protected resources: member stacks built from the same settings protect the
    // same addresses, and terraform's refusal depends on nothing else (each repeat cost a minute of CPU).
    const tried = new Map<string, string>();
    for (const stack of context.order) {
      const signature = protectedIn(stack).join(' ');
      if (signature !== '' && !tried.has(signature)) tried.set(signature, stack);
      else if (signature !== '') notes.set(stack, `${stack}: the same ${protectedIn(stack).length} protected resources as ${tried.get(signature)}, not repeated`);
    }
    await mapWithConcurrency([...tried.values()].reverse(), concurrency, async (stack) => {
      const protectedAddresses = protectedIn(stack);
      const before = states.get(stack)!.length;
      const run = await cdktf('destroy', stack, undefined, concurrency > 1);
      const env = { ...context.mirrorEnv, ...credentialsEnv(context.credentials.get(context.deployers.get(stack)!)!) };
      const after = (await readState(stackDir(stack), env)).length;
      const refusal = /Instance cannot be destroyed/;
      let refused = run.code !== 0 && refusal.test(run.output);
      const namedIn = (output: string) => protectedAddresses.filter((address) => output.includes(`Resource ${address} `));
      let named = namedIn(run.output);
      let how = '';
      // Terraform stops at the first protected resources it reaches; only when cdktf's output named none is its own
      // plan of the destroy read (cdktf sometimes loses terraform's last lines when it exits on a busy machine).
      if (run.code !== 0 && named.length === 0) {
        // cdktf's terminal output sometimes loses terraform's last lines when it exits (all of them, on a busy
        // machine); terraform's own plan of the destroy says it all.
        const plan = await runProcess('terraform', [`-chdir=${stackDir(stack)}`, 'plan', '-destroy', '-input=false', '-no-color', '-lock=false'], { env, logFile });
        how = ` (cdktf's output lost ${protectedAddresses.length - named.length}; terraform plan -destroy names ${namedIn(plan.output).length})`;
        named = namedIn(plan.output);
        refused = plan.code !== 0 && refusal.test(plan.output);
      }
      // Terraform stops at the first resources it may not destroy (the evidence, and with adoption what the owner had):
      // the refusal must name protected resources only, and destroy nothing.
      if (!refused || named.length === 0 || after !== before) ok = false;
      notes.set(
        stack,
        `${stack}: ${refused ? 'refused' : `NOT refused (exit ${run.code})`}, naming ${named.length} of ${protectedAddresses.length} protected resources${how}` +
          `${after === before ? ', nothing destroyed' : `, state went from ${before} to ${after} resources`}`,
      );
    });
    return { value: undefined, ok, detail: [...context.order].reverse().flatMap((stack) => notes.get(stack) ?? []).join('; ') };
  });

  await phase('offboard', async () => {
    if (options.keepDeployed) {
      return { value: undefined, skipped: true, detail: 'skipped: the deployment stays on the given endpoint, for npm run drift' };
    }
    const result = await offboardAndVerify(context, deployed, emulator, scriptEnv, concurrency);
    return { value: undefined, ok: result.ok, detail: result.detail };
  });

  // The report: per stack and control, declared (without the endpoint), deployed, left out, changes.
  const declaredOut = join(options.workDir, 'declared.out');
  synthesizeBaseline(context.settings, { outdir: declaredOut });
  const declaredStacks = readSynthesizedStacks(declaredOut);
  const replanDifferences = differencesOf(replan);
  const stacks = declaredStacks.map((stack) => {
    const onEndpoint = endpointReport.stacks.find((candidate) => candidate.stack === stack.name)!;
    const controls = new Map<string, ControlLine>();
    const line = (control: string) => {
      const existing = controls.get(control) ?? { control, declared: 0, deployed: 0, leftOut: 0, leftOutNeedingGap: 0, replanChanges: 0, driftInjected: 0, driftDetected: 0, adopted: 0 };
      controls.set(control, existing);
      return existing as { -readonly [K in keyof ControlLine]: ControlLine[K] };
    };
    for (const resource of listResources(stack.json)) line(controlOfPath(resource.path)).declared += 1;
    for (const entry of adoptionFiles.get(stack.name)?.entries ?? []) if (entry.decision !== 'conflict') line(entry.control).adopted += 1;
    for (const resource of deployed.get(stack.name) ?? []) line(resource.control).deployed += 1;
    for (const resource of onEndpoint.leftOut) {
      line(resource.control).leftOut += 1;
      if (resource.needs) line(resource.control).leftOutNeedingGap += 1;
    }
    for (const difference of replanDifferences.filter((candidate) => candidate.stack === stack.name)) line(difference.control).replanChanges += 1;
    for (const injection of injections.filter((candidate) => candidate.stack === stack.name)) {
      line(injection.control).driftInjected += 1;
      if (injection.ok) line(injection.control).driftDetected += 1;
    }
    for (const control of controls.values()) {
      if (control.deployed === 0 && control.leftOut < control.declared) {
        problems.push(`${stack.name}: control ${control.control} has no deployed resource, yet not all of its ${control.declared} resources are emulator gaps`);
      }
    }
    return { stack: stack.name, account: context.accounts.get(stack.name)!, controls: [...controls.values()].sort((a, b) => a.control.localeCompare(b.control)) };
  });
  const all = stacks.flatMap((stack) => stack.controls);
  const sum = (key: keyof ControlLine) => all.reduce((total, control) => total + (control[key] as number), 0);
  const totals = { declared: sum('declared'), deployed: sum('deployed'), leftOut: sum('leftOut'), deployedPercent: Math.round((1000 * sum('deployed')) / Math.max(1, sum('declared'))) / 10 };
  return {
    config: options.configFile,
    deployedConfig: context.configFile,
    endpoint: emulator.endpoint.url,
    emulatorStartedHere: emulator.owned,
    ok: problems.length === 0,
    problems,
    notes,
    phases,
    stacks,
    totals,
    injections,
    unexplainedDrift,
    interruptions,
    adoption,
    endpointReport,
  };
}

/**
 * What the configuration says already exists in an account, created as its owner would have it:
 * the groups of people in iam.mfaRequiredGroups, the people in iam.humanUsers and the workload roles
 * in budget.stopLaunchesForRoles.
 */
async function createWhatTheConfigurationExpects(emulator: RunningEmulator, settings: BaselineSettings, credentials: ReadonlyMap<string, AwsCredentials>): Promise<string[]> {
  const created: string[] = [];
  for (const account of settings.accounts) {
    const calls = [
      ...account.mfaRequiredGroups.map((group) => ({ service: 'iam', operation: 'CreateGroup', region: 'us-east-1', params: { GroupName: group } })),
      ...account.humanUsers.map((user) => ({ service: 'iam', operation: 'CreateUser', region: 'us-east-1', params: { UserName: user } })),
      ...account.budget.stopLaunchesForRoles.map((role) => ({
        service: 'iam',
        operation: 'CreateRole',
        region: 'us-east-1',
        params: {
          RoleName: role,
          AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
        },
      })),
    ];
    if (calls.length === 0) continue;
    const results = await callAws(emulator.endpoint, credentials.get(account.accountId)!, calls);
    results.forEach((result, index) => {
      if (!result.ok && !/EntityAlreadyExists/.test(result.error ?? '')) throw new Error(`could not create ${JSON.stringify(calls[index].params)} in ${account.accountId}: ${result.error}`);
    });
    const kind = { CreateGroup: 'group', CreateUser: 'user', CreateRole: 'role' } as Record<string, string>;
    created.push(
      ...calls.map((call) => {
        const params = call.params as { GroupName?: string; UserName?: string; RoleName?: string };
        return `${kind[call.operation]} ${params.GroupName ?? params.UserName ?? params.RoleName} in ${account.name}`;
      }),
    );
  }
  return created;
}

/** How many resources the stack's state holds. */
async function inState(dir: string, env: Readonly<Record<string, string | undefined>>): Promise<number> {
  await terraformIn(dir, ['init', '-input=false', '-no-color'], env);
  return (await readState(dir, env)).length;
}

/**
 * The plan of a stack with its adoption file: every adopted resource is imported (or, if the
 * provider cannot import it, written over) and at most updated in place; nothing is deleted or replaced.
 */
async function adoptedPlan(dir: string, env: Readonly<Record<string, string | undefined>>, file: AdoptionFile): Promise<{ imports: number; updates: number; problems: string[] }> {
  await terraformIn(dir, ['init', '-input=false', '-no-color'], env);
  await terraformIn(dir, ['plan', '-input=false', '-no-color', '-lock=false', '-out=adopt-check.tfplan'], env);
  const plan = JSON.parse(await terraformIn(dir, ['show', '-json', '-no-color', 'adopt-check.tfplan'], env)) as {
    resource_changes?: Array<{ address: string; change: { actions: string[]; importing?: unknown } }>;
  };
  rmSync(join(dir, 'adopt-check.tfplan'), { force: true });
  const changes = new Map((plan.resource_changes ?? []).map((change) => [change.address, change.change]));
  const problems: string[] = [];
  let imports = 0;
  let updates = 0;
  for (const entry of file.entries.filter((candidate) => candidate.decision !== 'conflict')) {
    const change = changes.get(entry.address);
    if (!change) {
      problems.push(`${entry.address} is not in the plan`);
      continue;
    }
    if (entry.importId && !change.importing) problems.push(`${entry.address} is not imported`);
    if (change.importing) imports += 1;
    if (change.actions.includes('update')) updates += 1;
    const allowed = entry.importId ? ['no-op', 'update'] : ['create'];
    if (!change.actions.every((action) => allowed.includes(action))) problems.push(`${entry.address} would be ${change.actions.join(' and ')}d`);
  }
  const deleted = [...changes].filter(([, change]) => change.actions.includes('delete')).map(([address]) => address);
  if (deleted.length > 0) problems.push(`the plan deletes ${deleted.join(', ')}`);
  return { imports, updates, problems };
}

/** Resources of kinds that refuse a second create, to take out of the state: one of each kind the issue names. */
function orphanCandidates(state: readonly StateResource[], stack: SynthesizedStack, adopted: ReadonlySet<string>): string[] {
  const paths = new Map(listResources(stack.json).map((resource) => [resource.address, resource.path]));
  // The baseline's own, not what it adopted (the adoption file imports those again).
  const pick = (type: string, path: RegExp) => state.find((resource) => resource.type === type && !adopted.has(resource.address) && path.test(paths.get(resource.address) ?? ''))?.address;
  const far = ['sa-east-1', 'ap-southeast-2', 'eu-north-1', 'ca-central-1'].find((region) => pick('aws_guardduty_detector', new RegExp(`/guardDuty/${region}/detector$`)));
  return [
    pick('aws_lambda_function', /\/alerts\/formatter$/),
    pick('aws_iam_role', /\/alerts\/formatter-role$/),
    pick('aws_cloudwatch_log_group', /\/alerts\/formatter-log$/),
    pick('aws_kms_alias', /\/alerts\/key-alias$/),
    far ? pick('aws_guardduty_detector', new RegExp(`/guardDuty/${far}/detector$`)) : undefined,
    pick('aws_iam_role', /\/containment\/role$/),
  ].filter((address): address is string => address !== undefined);
}

/** Loses a stack's state: a local state file emptied and its backup deleted, or the S3 state object deleted. */
async function loseState(context: Context, stack: string, dir: string, env: Readonly<Record<string, string | undefined>>): Promise<string> {
  const json = context.stacks.find((candidate) => candidate.name === stack)!.json;
  const local = json.terraform?.backend?.local as { path: string } | undefined;
  if (local) {
    const file = join(dir, local.path);
    writeFileSync(file, '');
    rmSync(`${file}.backup`, { force: true });
    return 'the state file emptied (0 bytes) and its backup deleted';
  }
  const s3 = json.terraform?.backend?.s3 as { bucket: string; key: string; region: string };
  await callAwsOrThrow(context.options.emulator.endpoint, context.credentials.get(context.deployers.get(stack)!)!, [
    { service: 's3', operation: 'DeleteObject', region: s3.region, params: { Bucket: s3.bucket, Key: s3.key } },
  ]);
  rmSync(join(dir, env.TF_DATA_DIR ?? '.terraform', 'terraform.tfstate'), { force: true });
  return `the state object s3://${s3.bucket}/${s3.key} deleted`;
}

/**
 * After an interrupted and resumed deploy: as many KMS keys (not pending deletion), GuardDuty
 * detectors, trails and alert topics in AWS as in the state, per account and region; every
 * evidence bucket still there and versioned, every evidence key enabled.
 */
async function duplicateAndEvidenceProblems(context: Context, deployed: readonly DeployedResource[], emulator: RunningEmulator): Promise<string[]> {
  const problems: string[] = [];
  const accounts = [...new Set(deployed.map((resource) => resource.account))];
  for (const account of accounts) {
    const here = deployed.filter((resource) => resource.account === account);
    const regions = [...new Set(here.map((resource) => resource.region))];
    const credentials = context.credentials.get(account)!;
    // One batch per account: four listings per region.
    const listings = await callAwsOrThrow(
      emulator.endpoint,
      credentials,
      regions.flatMap((region) => [
        { service: 'kms', operation: 'ListKeys', region },
        { service: 'guardduty', operation: 'ListDetectors', region },
        { service: 'cloudtrail', operation: 'DescribeTrails', region, params: { includeShadowTrails: false } },
        { service: 'sns', operation: 'ListTopics', region },
      ]),
    );
    const keyCalls = regions.flatMap((region, index) =>
      (listings[index * 4].Keys as Array<{ KeyId: string }>).map((key) => ({ service: 'kms', operation: 'DescribeKey', region, params: { KeyId: key.KeyId } })),
    );
    const described = await callAwsOrThrow(emulator.endpoint, credentials, keyCalls);
    regions.forEach((region, index) => {
      const count = (type: string) => here.filter((resource) => resource.region === region && resource.type === type).length;
      const [, detectors, trails, topics] = listings.slice(index * 4, index * 4 + 4);
      const liveKeys = described.filter((key, call) => keyCalls[call].region === region && key.KeyMetadata.KeyState !== 'PendingDeletion').length;
      const expected: Array<[string, number, number]> = [
        ['KMS keys', liveKeys, count('aws_kms_key')],
        ['GuardDuty detectors', detectors.DetectorIds.length, count('aws_guardduty_detector')],
        ['trails', (trails.trailList as unknown[]).length, count('aws_cloudtrail')],
        // The alert topic and the intake topic the formatter reads: every topic the baseline names.
        ['alert topics', (topics.Topics as Array<{ TopicArn: string }>).filter((topic) => /:account-baseline-[^:]*$/.test(topic.TopicArn)).length, count('aws_sns_topic')],
      ];
      for (const [what, inAws, inState] of expected) if (inAws !== inState) problems.push(`account ${account} ${region}: ${inAws} ${what} in AWS, ${inState} in the state`);
    });
  }
  for (const bucket of deployed.filter((resource) => resource.type === 'aws_s3_bucket' && resource.control === 'evidence')) {
    const [versioning] = await callAws(emulator.endpoint, context.credentials.get(bucket.account)!, [
      { service: 's3', operation: 'GetBucketVersioning', region: bucket.region, params: { Bucket: bucket.values.bucket } },
    ]);
    if (!versioning.ok || versioning.result.Status !== 'Enabled') problems.push(`evidence bucket ${bucket.values.bucket}: ${versioning.error ?? `versioning ${versioning.result.Status ?? 'off'}`}`);
  }
  for (const key of deployed.filter((resource) => resource.type === 'aws_kms_key' && resource.control === 'evidence')) {
    const [described] = await callAws(emulator.endpoint, context.credentials.get(key.account)!, [
      { service: 'kms', operation: 'DescribeKey', region: key.region, params: { KeyId: key.values.key_id } },
    ]);
    if (!described.ok || described.result.KeyMetadata.KeyState !== 'Enabled') problems.push(`evidence key ${key.values.key_id}: ${described.error ?? described.result.KeyMetadata.KeyState}`);
  }
  return problems;
}

/** While one plan holds the stack's state lock, a second is refused; after it, the second proceeds. */
async function lockIsExclusive(context: Context, stack: string, dir: string, env: Readonly<Record<string, string | undefined>>): Promise<{ ok: boolean; detail: string }> {
  const json = context.stacks.find((candidate) => candidate.name === stack)!.json;
  const backend = json.terraform?.backend ?? {};
  const s3 = backend.s3 as { bucket: string; key: string; region: string } | undefined;
  const local = backend.local as { path: string } | undefined;
  const statePath = local ? join(dir, local.path) : undefined;
  const held = async () => {
    if (statePath) return existsSync(join(dirname(statePath), `.${statePath.split('/').pop()}.lock.info`));
    const [head] = await callAws(context.options.emulator.endpoint, context.credentials.get(context.deployers.get(stack)!)!, [
      { service: 's3', operation: 'HeadObject', region: s3!.region, params: { Bucket: s3!.bucket, Key: `${s3!.key}.tflock` } },
    ]);
    return head.ok;
  };
  const where = s3 ? `S3 lock file s3://${s3.bucket}/${s3.key}.tflock` : 'local state lock';
  const terraform = (args: string[]) => runProcess('terraform', args, { env: { ...env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' }, logFile: context.logFile });
  // runProcess runs in the project root; terraform must run in the stack directory. The lock is what is tested, not
  // the plan: no refresh (a plan still holds the lock from reading the state to its end).
  const first = terraform(['-chdir=' + dir, 'plan', '-input=false', '-no-color', '-lock=true', '-refresh=false']);
  const deadline = Date.now() + 60_000;
  while (!(await held())) {
    if (Date.now() > deadline) return { ok: false, detail: `the first plan never held the ${where}` };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const refused = await terraform(['-chdir=' + dir, 'plan', '-input=false', '-no-color', '-lock=true', '-lock-timeout=0s', '-refresh=false']);
  const firstRun = await first;
  const after = await terraform(['-chdir=' + dir, 'plan', '-input=false', '-no-color', '-lock=true', '-refresh=false']);
  const wasRefused = refused.code !== 0 && /Error acquiring the state lock/.test(refused.output);
  const ok = wasRefused && firstRun.code === 0 && after.code === 0 && !(await held());
  return {
    ok,
    detail:
      `${stack}, ${where}: a second plan while the first held the lock was ${wasRefused ? 'refused ("Error acquiring the state lock")' : `NOT refused (exit ${refused.code})`}; ` +
      `after the first finished (exit ${firstRun.code}) it ${after.code === 0 ? 'proceeded' : `failed (exit ${after.code})`}`,
  };
}

/**
 * Offboards every stack (members before the organisation) and checks: the states are empty; every
 * evidence bucket is still there with all its protections (versioning, policy, public access
 * block, retention), every evidence key still enabled, the organisation still there; the alert
 * topics are gone. (Objects cannot be written or read in the emulator's evidence buckets at all:
 * see EMULATOR_CHECK_LIMITS.)
 */
async function offboardAndVerify(
  context: Context,
  deployed: ReadonlyMap<string, DeployedResource[]>,
  emulator: RunningEmulator,
  scriptEnv: Readonly<Record<string, string | undefined>>,
  concurrency: number,
): Promise<{ ok: boolean; detail: string }> {
  const everything = [...deployed.values()].flat();
  const buckets = everything.filter((resource) => resource.type === 'aws_s3_bucket' && resource.control === 'evidence');
  const keys = everything.filter((resource) => resource.type === 'aws_kms_key' && resource.control === 'evidence');
  const order = [...context.order].reverse();
  // Members first (several at once, each synthesized into an output of its own, where the state is in S3), then the organisation.
  const organization = context.settings.organization?.stackName;
  const members = order.filter((stack) => stack !== organization);
  const separately = concurrency > 1 && members.length > 1 && context.settings.state !== undefined;
  const offboard = (stacks: readonly string[], outdir: string) =>
    runScript('offboard.ts', ['--stacks', stacks.join(','), '--yes', '--outdir', outdir], { env: scriptEnv, logFile: context.logFile });
  const runs = separately
    ? [
        ...(await mapWithConcurrency(members, concurrency, (stack) => offboard([stack], `${context.options.outdir}-offboard-${stack}`))),
        ...(organization ? [await offboard([organization], context.options.outdir)] : []),
      ]
    : [await offboard(order, context.options.outdir)];
  const failed = runs.find((candidate) => candidate.code !== 0);
  if (failed) return { ok: false, detail: `npm run offboard exit ${failed.code}: ${failed.output.trim().split('\n').slice(-4).join(' | ')}` };
  const problems: string[] = [];
  for (const stack of order) {
    const env = { ...context.mirrorEnv, ...credentialsEnv(context.credentials.get(context.deployers.get(stack)!)!) };
    const dir = context.stacks.find((candidate) => candidate.name === stack)!.dir;
    await terraformIn(dir, ['init', '-input=false', '-no-color'], env);
    const left = await readState(dir, env);
    if (left.length > 0) problems.push(`${stack} still manages ${left.length} resources`);
  }
  for (const bucket of buckets) {
    const params = { Bucket: bucket.values.bucket };
    const checks = await callAws(emulator.endpoint, context.credentials.get(bucket.account)!, [
      { service: 's3', operation: 'GetBucketVersioning', region: bucket.region, params },
      { service: 's3', operation: 'GetBucketPolicy', region: bucket.region, params },
      { service: 's3', operation: 'GetPublicAccessBlock', region: bucket.region, params },
      { service: 's3', operation: 'GetBucketLifecycleConfiguration', region: bucket.region, params },
    ]);
    const [versioning, policy, publicAccess, lifecycle] = checks;
    if (!versioning.ok || versioning.result.Status !== 'Enabled') problems.push(`evidence bucket ${params.Bucket}: versioning ${versioning.error ?? versioning.result.Status ?? 'off'}`);
    for (const [what, result] of [['policy', policy], ['public access block', publicAccess], ['retention', lifecycle]] as const) {
      if (!result.ok) problems.push(`evidence bucket ${params.Bucket} lost its ${what}: ${result.error}`);
    }
  }
  for (const key of keys) {
    const [described] = await callAws(emulator.endpoint, context.credentials.get(key.account)!, [
      { service: 'kms', operation: 'DescribeKey', region: key.region, params: { KeyId: key.values.key_id } },
    ]);
    if (!described.ok || described.result.KeyMetadata.KeyState !== 'Enabled') problems.push(`evidence key ${key.values.key_id} is ${described.error ?? described.result.KeyMetadata.KeyState}`);
  }
  for (const topic of everything.filter((resource) => resource.type === 'aws_sns_topic')) {
    const [attributes] = await callAws(emulator.endpoint, context.credentials.get(topic.account)!, [
      { service: 'sns', operation: 'GetTopicAttributes', region: topic.region, params: { TopicArn: topic.values.arn } },
    ]);
    if (attributes.ok) problems.push(`alert topic ${topic.values.arn} still exists`);
  }
  if (context.settings.organization) {
    const management = context.credentials.get(context.settings.organization.managementAccountId)!;
    const [organization] = await callAws(emulator.endpoint, management, [{ service: 'organizations', operation: 'DescribeOrganization', region: 'us-east-1' }]);
    if (!organization.ok) problems.push(`the organisation is gone: ${organization.error}`);
  }
  let released = '';
  if (context.seeded) {
    // The owner's detectors still in the state (the drift test deletes one, and the deploy creates the baseline's own,
    // which offboarding then destroys with the rest).
    const adopted = new Map((loadAdoptionFiles(adoptionDirFor(context.configFile)).get(context.order[0])?.entries ?? []).map((entry) => [entry.address, entry.importId]));
    const detectors = new Map(
      everything.filter((resource) => resource.type === 'aws_guardduty_detector' && adopted.get(resource.address) === String(resource.values.id)).map((resource) => [resource.region, String(resource.values.id)]),
    );
    problems.push(...(await releasedProblems(emulator.endpoint, context.credentials.get(context.seeded.account)!, { ...context.seeded, detectors })));
    released = `; released what the owner had (${detectors.size} detectors, ${context.seeded.configRegions.length} recorders and channels) and it is still there`;
  }
  const kept = `kept ${buckets.length} evidence buckets with versioning, policy, public access block and retention, ${keys.length} enabled evidence key${keys.length === 1 ? '' : 's'}${context.settings.organization ? ', the organisation' : ''}`;
  return { ok: problems.length === 0, detail: problems.length === 0 ? `npm run offboard --stacks ${order.join(',')}: states empty; ${kept}; alert topics gone${released}` : problems.join('; ') };
}

export function writeJson(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
