/**
 * Runs real terraform against synthesized stacks without AWS: providers come from a
 * filesystem mirror, and an override file gives every AWS provider fake static credentials
 * and the `skip_*` flags, so planning new resources makes no API call.
 * Without an override, planning would need real credentials for every region's provider.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import type { TerraformJson } from './stacks';

/** Where the machine image ships the AWS provider. */
export const IMAGE_PROVIDER_MIRROR = '/opt/tf-plugins';
/** Environment variable that selects another filesystem mirror. */
export const MIRROR_ENV = 'BASELINE_TF_MIRROR';
export const OVERRIDE_FILE = 'offline_override.tf.json';

export class OfflineTerraformError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OfflineTerraformError';
  }
}

/** The installed terraform's version; throws a clear error when there is none. */
export function terraformVersion(env: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8', env: { ...env, CHECKPOINT_DISABLE: '1' } });
  if (result.error || result.status !== 0) {
    throw new OfflineTerraformError(
      'terraform was not found on PATH (or did not run): the offline plan gate needs Terraform >= 1.10. ' +
        `Install it and re-run. (${result.error?.message ?? result.stderr.trim()})`,
    );
  }
  return (JSON.parse(result.stdout) as { terraform_version: string }).terraform_version;
}

export interface ProviderRequirement {
  /** e.g. `hashicorp/aws` */
  readonly name: string;
  readonly version: string;
}

/** The providers and exact versions a synthesized stack requires (CDKTF writes `source = "aws"`). */
export function requiredProviders(json: TerraformJson): ProviderRequirement[] {
  return Object.entries(json.terraform?.required_providers ?? {}).map(([key, requirement]) => {
    const source = requirement.source ?? key;
    return { name: source.includes('/') ? source.replace(/^registry\.terraform\.io\//, '') : `hashicorp/${source}`, version: requirement.version ?? '' };
  });
}

export interface ProviderMirror {
  /** Mirror directory, or undefined to install from the registry. */
  readonly dir?: string;
  /** How it was chosen, for messages. */
  readonly origin: 'environment' | 'machine image' | 'registry';
}

function mirrorHolds(dir: string, provider: ProviderRequirement): boolean {
  const base = join(dir, 'registry.terraform.io', provider.name);
  if (existsSync(join(base, provider.version, terraformPlatform()))) return true; // unpacked layout
  const packed = `terraform-provider-${provider.name.split('/')[1]}_${provider.version}_${terraformPlatform()}.zip`;
  return existsSync(base) && readdirSync(base).includes(packed);
}

/**
 * `BASELINE_TF_MIRROR` if set (it must hold every required provider), else the machine
 * image's mirror if it holds them, else the public registry, as for a user with internet.
 */
export function resolveProviderMirror(providers: readonly ProviderRequirement[], env: NodeJS.ProcessEnv = process.env): ProviderMirror {
  const wanted = providers.map((provider) => `${provider.name} ${provider.version}`).join(', ');
  const chosen = env[MIRROR_ENV]?.trim();
  if (chosen) {
    const missing = providers.filter((provider) => !mirrorHolds(chosen, provider));
    if (missing.length > 0) {
      throw new OfflineTerraformError(
        `${MIRROR_ENV}=${chosen} does not hold ${missing.map((provider) => `${provider.name} ${provider.version}`).join(', ')} ` +
          `for ${terraformPlatform()} (expected <mirror>/registry.terraform.io/<namespace>/<type>/<version>/${terraformPlatform()}/). ` +
          `Point it at a filesystem mirror holding ${wanted}, or unset it.`,
      );
    }
    return { dir: chosen, origin: 'environment' };
  }
  if (providers.every((provider) => mirrorHolds(IMAGE_PROVIDER_MIRROR, provider))) {
    return { dir: IMAGE_PROVIDER_MIRROR, origin: 'machine image' };
  }
  return { origin: 'registry' };
}

/** A terraform CLI configuration that installs hashicorp providers from `mirrorDir` only. */
export function cliConfig(mirrorDir: string): string {
  return [
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${JSON.stringify(mirrorDir)}`,
    '    include = ["registry.terraform.io/hashicorp/*"]',
    '  }',
    '  direct {',
    '    exclude = ["registry.terraform.io/hashicorp/*"]',
    '  }',
    '}',
    '',
  ].join('\n');
}

/**
 * The override that makes a stack plannable without AWS. Each `aws` provider block is matched
 * by alias and given fake static credentials; `allowed_account_ids` is unset (it needs the real
 * account ID) and `assume_role` is emptied (it would call STS; Terraform 1.11 warns about the
 * empty role_arn but does not fail). Any backend is replaced by local state.
 */
export function offlineOverride(json: TerraformJson): Record<string, unknown> {
  const providers = (json.provider?.aws ?? []).map((provider) => ({
    ...(provider.alias ? { alias: provider.alias } : {}),
    access_key: 'offline-plan-fake-access-key',
    secret_key: 'offline-plan-fake-secret-key',
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
    allowed_account_ids: null,
    ...(provider.assume_role ? { assume_role: [{ role_arn: '' }] } : {}),
  }));
  return {
    terraform: { backend: { local: {} } },
    ...(providers.length > 0 ? { provider: { aws: providers } } : {}),
  };
}

function terraformPlatform(): string {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const arch = ({ x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' } as Record<string, string>)[process.arch] ?? process.arch;
  return `${os}_${arch}`;
}

/** The environment terraform runs with; a key of `extra` set to undefined is removed. */
export function terraformEnv(extra: Readonly<Record<string, string | undefined>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0', ...extra };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  return env;
}

export interface TerraformRun {
  readonly args: readonly string[];
  readonly code: number;
  /** stdout and stderr as they came. */
  readonly output: string;
  /** stdout alone (e.g. the JSON of `terraform show -json`, without CLI warnings). */
  readonly stdout: string;
}

export function runTerraform(
  args: readonly string[],
  options: { cwd: string; env?: Readonly<Record<string, string | undefined>>; timeoutMs?: number },
): Promise<TerraformRun> {
  return new Promise((resolve) => {
    const child = spawn('terraform', [...args], { cwd: options.cwd, env: terraformEnv(options.env) });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      output += `\n(terraform ${args[0]} killed after ${options.timeoutMs} ms)`;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 10 * 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ args, code: 127, output: `${output}\n${error.message}`, stdout });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ args, code: code ?? 1, output, stdout });
    });
  });
}

export interface OfflineSession {
  readonly mirror: ProviderMirror;
  /** Environment for every terraform call of this session. */
  readonly env: Record<string, string>;
}

/** Checks terraform and the mirror once, and writes the CLI configuration. */
export function startOfflineSession(stacks: ReadonlyArray<{ json: TerraformJson }>, env: NodeJS.ProcessEnv = process.env): OfflineSession {
  terraformVersion(env);
  const seen = new Map<string, ProviderRequirement>();
  for (const stack of stacks) for (const provider of requiredProviders(stack.json)) seen.set(`${provider.name}@${provider.version}`, provider);
  const mirror = resolveProviderMirror([...seen.values()], env);
  if (!mirror.dir) return { mirror, env: {} };
  const configFile = join(mkdtempSync(join(tmpdir(), 'baseline-tf-')), 'offline.tfrc');
  writeFileSync(configFile, cliConfig(mirror.dir));
  return { mirror, env: { TF_CLI_CONFIG_FILE: configFile } };
}

export interface StackPlan {
  readonly stack: string;
  readonly ok: boolean;
  /** The step that failed, when one did. */
  readonly failedStep?: 'init' | 'validate' | 'plan';
  readonly runs: readonly TerraformRun[];
  readonly durationMs: number;
  /**
   * Resources the stack imports (e.g. an existing organisation). An import reads the real
   * object from AWS, which an offline plan cannot, so `validate` checks the import blocks and
   * `plan` treats those resources as new.
   */
  readonly importsPlannedAsNew: readonly string[];
}

/**
 * init, validate and plan one stack, in a scratch copy of its directory with the offline override
 * written into it; the stack's own directory is left as it was. `planArgs` are added to
 * `terraform plan` (e.g. `-out=plan.bin`, written in the copy). A stack with import blocks needs
 * `file` (its JSON): the blocks are taken out for the plan only.
 */
export async function planStackOffline(
  stack: { name: string; dir: string; json: TerraformJson; file?: string },
  session: OfflineSession,
  planArgs: readonly string[] = [],
): Promise<StackPlan> {
  const importsPlannedAsNew = (stack.json.import ?? []).map((block) => block.to);
  if (importsPlannedAsNew.length > 0 && !stack.file) {
    throw new OfflineTerraformError(`${stack.name} imports ${importsPlannedAsNew.join(', ')}; pass its file so the offline plan can leave the imports out`);
  }
  const scratch = scratchCopy(stack);
  try {
    return await planInDirectory({ ...stack, dir: scratch.dir, file: scratch.file }, session, planArgs, importsPlannedAsNew);
  } finally {
    scratch.remove();
  }
}

async function planInDirectory(
  stack: { name: string; dir: string; json: TerraformJson; file?: string },
  session: OfflineSession,
  planArgs: readonly string[],
  importsPlannedAsNew: readonly string[],
): Promise<StackPlan> {
  const started = Date.now();
  writeFileSync(join(stack.dir, OVERRIDE_FILE), `${JSON.stringify(offlineOverride(stack.json), null, 2)}\n`);
  const steps: Array<[StackPlan['failedStep'], string[]]> = [
    ['init', ['init', '-input=false', '-no-color']],
    ['validate', ['validate', '-no-color']],
    ['plan', ['plan', '-lock=false', '-input=false', '-no-color', ...planArgs]],
  ];
  const runs: TerraformRun[] = [];
  for (const [step, args] of steps) {
    const run = step === 'plan' && importsPlannedAsNew.length > 0
      ? await withoutImports(stack.file!, () => runTerraform(args, { cwd: stack.dir, env: session.env }))
      : await runTerraform(args, { cwd: stack.dir, env: session.env });
    runs.push(run);
    if (run.code !== 0) {
      let output = run.output;
      if (step === 'init' && session.mirror.origin === 'registry') {
        output += `\nNo provider mirror was found (${IMAGE_PROVIDER_MIRROR} does not hold the providers and ${MIRROR_ENV} is unset), so terraform tried the public registry.`;
      }
      runs[runs.length - 1] = { ...run, output };
      return { stack: stack.name, ok: false, failedStep: step, runs, durationMs: Date.now() - started, importsPlannedAsNew };
    }
  }
  return { stack: stack.name, ok: true, runs, durationMs: Date.now() - started, importsPlannedAsNew };
}

/** What a terraform run leaves in a stack directory: never copied into, nor left in, the synthesized output. */
const RUN_LEFTOVERS = [/^\.terraform$/, /^\.terraform\.lock\.hcl$/, /^\.terraform-endpoint-/, /\.tfplan$/, /\.tfstate(\.backup)?$/, new RegExp(`^${OVERRIDE_FILE.replace(/\./g, '\\.')}$`)];

export interface ScratchStack {
  /** The copy to run terraform in. */
  readonly dir: string;
  /** The copy of the stack's JSON file, when one was given. */
  readonly file?: string;
  /** Removes the copy. */
  remove(): void;
}

/**
 * A throw-away copy of a synthesized stack directory (its JSON and assets, without anything an
 * earlier terraform run left there) for an offline run. The offline override, provider cache,
 * lock file (holding only the mirror's hashes), plan and local state all stay in the copy, so a
 * later real `cdktf diff`, `deploy` or `npm run drift` from cdktf.out finds the directory as
 * synthesized.
 */
export function scratchCopy(stack: { dir: string; file?: string }): ScratchStack {
  const dir = mkdtempSync(join(tmpdir(), 'baseline-offline-'));
  cpSync(stack.dir, dir, { recursive: true, filter: (source) => source === stack.dir || !RUN_LEFTOVERS.some((pattern) => pattern.test(basename(source))) });
  return {
    dir,
    file: stack.file ? join(dir, relative(stack.dir, stack.file)) : undefined,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs `fn` while the stack file has no import blocks, then restores the file byte for byte. */
export async function withoutImports<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const original = readFileSync(file, 'utf8');
  const { import: _imports, ...rest } = JSON.parse(original) as TerraformJson;
  writeFileSync(file, JSON.stringify(rest, null, 2));
  try {
    return await fn();
  } finally {
    writeFileSync(file, original);
  }
}

/** Maps over `items` with at most `limit` calls in flight; results keep the input order. */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
