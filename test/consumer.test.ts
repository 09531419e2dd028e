/**
 * The package as another CDKTF app uses it: this repository is packed with `npm pack`, and the
 * README's install commands run as printed in a scratch directory laid out as they assume (a
 * clone of this repository beside the app): the tarball and the app's other dependencies are
 * installed by real npm (from its cache where it can, from the registry otherwise, so what
 * `constructs@10` means today is what is installed), then examples/consumer's main.ts is
 * synthesized with the cdktf CLI those commands installed (ts-node type-checks it against the
 * package's declarations) and every stack is planned by real terraform offline.
 * The package brings none of cdktf, constructs or the provider itself (they are peer
 * dependencies), so the app and the package share one construct tree.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { OfflineSession, StackPlan, mapWithConcurrency, planStackOffline, startOfflineSession } from '../scripts/lib/offline-terraform';
import { SynthesizedStack, listResources, readSynthesizedStacks } from '../scripts/lib/stacks';
import { DEFAULT_CONFIG, REPO_ROOT, resourcesOfType, synthesize, tempDir } from './support/fixtures';

const EXAMPLE = join(REPO_ROOT, 'examples', 'consumer');
const PACKAGE = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
/** npm as the README's commands run it here: from the cache first, without the audit and funding calls. */
const NPM_ENV = { npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

function run(command: string, args: readonly string[], cwd: string): { stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...NPM_ENV, CHECKPOINT_DISABLE: '1' }, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}) in ${cwd}:\n${result.stdout}\n${result.stderr}`);
  return { stdout: result.stdout, stderr: result.stderr };
}

/** `npm pack` of this repository (its prepack script builds dist/ first): the tarball's path and file list. */
function pack(): { tarball: string; files: string[] } {
  const destination = tempDir('baseline-pack-');
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', destination], REPO_ROOT).stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  return { tarball: join(destination, packed.filename), files: packed.files.map((file) => file.path).sort() };
}

/** The commands of the first shell block after a heading of a page, one per line, without comments. */
function installCommands(page: string, heading: string): string[] {
  const text = readFileSync(join(REPO_ROOT, page), 'utf8');
  const block = /```sh\n([\s\S]*?)```/.exec(text.slice(text.indexOf(heading)))![1];
  return block.split('\n').map((line) => line.replace(/\s+#.*$/, '').trim()).filter((line) => line !== '' && !line.startsWith('#'));
}

/** The README's install commands, as printed under "Composition into your own stacks". */
const readmeInstallCommands = () => installCommands('README.md', '## Composition into your own stacks');

/** The README's first command builds the package in the clone; the rest run as printed. */
const BUILD_COMMAND = 'npm ci && npm pack --pack-destination ../my-app';

/**
 * A clone (examples/ only: the README's commands read nothing else from it) beside an app made by
 * `npm init -y`; the tarball packed into the app as the README's first command does; then every
 * other README command run by bash in the clone, as a user pastes them. Returns the app and what
 * npm wrote on stderr.
 */
function installConsumer(tarball: string): { app: string; stderr: string } {
  const root = tempDir('baseline-consumer-');
  const clone = join(root, 'account-baseline');
  const app = join(root, 'my-app');
  cpSync(join(REPO_ROOT, 'examples'), join(clone, 'examples'), { recursive: true });
  mkdirSync(app);
  run('npm', ['init', '-y'], app);
  const [build, ...rest] = readmeInstallCommands();
  if (build !== BUILD_COMMAND) throw new Error(`the README's install commands should begin with \`${BUILD_COMMAND}\`, not \`${build}\``);
  copyFileSync(tarball, join(app, tarball.split('/').pop()!));
  const { stderr } = run('bash', ['-euo', 'pipefail', '-c', rest.join('\n')], clone);
  copyFileSync(join(EXAMPLE, 'main.ts'), join(app, 'main.ts'));
  return { app, stderr };
}

const packed = pack();
let app: string;
let npmWarnings: string;
let stacks: readonly SynthesizedStack[];
let session: OfflineSession;
let plans: StackPlan[];

beforeAll(async () => {
  ({ app, stderr: npmWarnings } = installConsumer(packed.tarball));
  run(join(app, 'node_modules', '.bin', 'cdktf'), ['synth'], app);
  stacks = readSynthesizedStacks(join(app, 'cdktf.out'));
  session = startOfflineSession(stacks);
  plans = await mapWithConcurrency(stacks, 2, (stack) => planStackOffline(stack, session));
}, 15 * 60_000);

describe('the package: what npm pack puts in the tarball', () => {
  test('compiled constructs with their declarations and source maps, the functions, the default configuration and its schema; nothing else', () => {
    const outside = packed.files.filter((file) => !file.startsWith('dist/modules/'));
    expect(outside).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'baseline.config.yaml', 'baseline.schema.json', 'package.json']);
    const compiled = packed.files.filter((file) => file.startsWith('dist/modules/'));
    for (const file of compiled) expect(file).toMatch(/\.(js|d\.ts|js\.map)$/);
    // Every module has its declarations; every module but the functions (rewritten as packaged) its map.
    const modules = compiled.filter((file) => file.endsWith('.js')).map((file) => file.slice(0, -3));
    expect(modules).toEqual(expect.arrayContaining(['dist/modules/index', 'dist/modules/account-baseline', 'dist/modules/functions/alert-formatter-handler', 'dist/modules/functions/messages/ja']));
    for (const module of modules) expect(packed.files).toContain(`${module}.d.ts`);
    for (const module of modules.filter((name) => !name.startsWith('dist/modules/functions/'))) expect(packed.files).toContain(`${module}.js.map`);
  });

  test('no tests, fixtures, scripts, examples, TypeScript sources or build leftovers', () => {
    expect(packed.files.filter((file) => /^(test|scripts|examples|modules|cdktf\.out|docs)\/|^dist\/scripts\/|^\.dist-|\.tsbuildinfo$|\.built$|(?<!\.d)\.ts$/.test(file))).toEqual([]);
  });

  test('cdktf, constructs and the AWS provider are peer dependencies, so an app holds exactly one construct tree', () => {
    expect(Object.keys(PACKAGE.peerDependencies).sort()).toEqual(['@cdktf/provider-aws', 'cdktf', 'constructs']);
    for (const peer of Object.keys(PACKAGE.peerDependencies)) {
      expect(PACKAGE.dependencies[peer]).toBeUndefined();
      expect(PACKAGE.devDependencies[peer]).toBeDefined();
    }
    expect(PACKAGE.private).toBeUndefined();
    expect(PACKAGE.exports['.']).toEqual({ types: './dist/modules/index.d.ts', default: './dist/modules/index.js' });
  });
});

describe('a CDKTF app of its own installs the package and composes it (examples/consumer)', () => {
  test("the README's install commands run as printed: npm installs the tarball, its peers as npm resolves them today and a CDKTF app's tools, with no peer conflict", () => {
    expect(npmWarnings).not.toMatch(/ERESOLVE|peer dep|Could not resolve/i);
    const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
    expect(Object.keys(manifest.dependencies).sort()).toEqual([PACKAGE.name, '@cdktf/provider-aws', 'cdktf', 'constructs'].sort());
    expect(Object.keys(manifest.devDependencies).sort()).toEqual(['@types/node', 'cdktf-cli', 'ts-node', 'typescript']);
    // The app's constructs is the one npm picked for `constructs@10`, inside the package's peer range.
    const constructs = JSON.parse(readFileSync(join(app, 'node_modules', 'constructs', 'package.json'), 'utf8')).version as string;
    expect(constructs).toMatch(/^10\./);
  });

  test('docs/composition.md gives the same install commands as the README', () => {
    expect(installCommands('docs/composition.md', '## Installing the package')).toEqual(readmeInstallCommands());
  });

  test('the package has a scoped name, and no page tells anyone to install that name from the registry before it is published', () => {
    expect(PACKAGE.name).toMatch(/^@[a-z0-9-]+\/[a-z0-9-]+$/);
    for (const page of ['README.md', 'docs/composition.md']) {
      const text = readFileSync(join(REPO_ROOT, page), 'utf8');
      expect(text).not.toMatch(new RegExp(`npm (install|i) (\\S+ )*${PACKAGE.name.replace('/', '\\/')}(@|\\s|$)`, 'm'));
      expect(text).not.toMatch(/npm (install|i) aws-account-baseline/);
    }
  });

  test('the app and the installed package resolve the same constructs and cdktf', () => {
    for (const shared of ['constructs', 'cdktf']) {
      const fromApp = realpathSync(require.resolve(shared, { paths: [app] }));
      const fromPackage = realpathSync(require.resolve(shared, { paths: [join(app, 'node_modules', PACKAGE.name)] }));
      expect(fromPackage).toBe(fromApp);
    }
  });

  test('cdktf synth writes the management stack and one stack per member, each member deployed after the management stack', () => {
    expect(stacks.map((stack) => stack.name).sort()).toEqual(['management', 'member-security', 'member-workloads']);
    const manifest = JSON.parse(readFileSync(join(app, 'cdktf.out', 'manifest.json'), 'utf8'));
    expect(manifest.stacks['member-workloads'].dependencies).toEqual(['management']);
  });

  test("the app's own bucket sits beside the baseline, in the home-region provider locked to the member account", () => {
    const workloads = stacks.find((stack) => stack.name === 'member-workloads')!;
    const [bucket] = resourcesOfType(workloads, 'aws_s3_bucket').filter((candidate) => candidate.bucket === 'example-workloads-app-data');
    expect(bucket.provider).toBe('aws.eu-west-1');
    const provider = workloads.json.provider!.aws.find((candidate) => candidate.alias === 'eu-west-1')!;
    expect(provider.allowed_account_ids).toEqual(['100000000003']);
  });

  test('the installed package deploys the same function code as this repository', () => {
    const hashes = (list: readonly SynthesizedStack[]) =>
      new Set(list.flatMap((stack) => resourcesOfType(stack, 'aws_lambda_function').map((fn) => `${fn.function_name} ${fn.source_code_hash}`)));
    const own = hashes(synthesize(DEFAULT_CONFIG).stacks);
    const consumer = hashes(stacks);
    expect(consumer.size).toBeGreaterThan(0);
    for (const entry of consumer) expect(own).toContain(entry);
  });

  test('real terraform initializes, validates and plans every stack of the app offline', () => {
    plans.forEach((plan, index) => {
      if (!plan.ok) throw new Error(`terraform ${plan.failedStep} failed for ${plan.stack}:\n${plan.runs[plan.runs.length - 1].output}`);
      expect(plan.runs[plan.runs.length - 1].output).toMatch(new RegExp(`Plan: ${listResources(stacks[index].json).length} to add, 0 to change, 0 to destroy\\.`));
    });
  });
});
