/**
 * The package as another CDKTF app uses it: this repository is packed with `npm pack`, the
 * tarball is installed into a temporary copy of examples/consumer, and that app is synthesized
 * with the real cdktf CLI (its main.ts type-checked by ts-node against the package's
 * declarations) and planned by real terraform offline.
 *
 * Installing: the tarball is unpacked into node_modules/aws-account-baseline, which is what npm
 * does with it; the app's other dependencies (cdktf, constructs, the provider, ts-node) and the
 * package's own (yaml, zod) are linked to this repository's copies where npm would put them,
 * instead of downloaded, since nothing may be fetched here.
 * The package brings none of them itself (they are peer dependencies), so the app and the
 * package share one construct tree.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, realpathSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { OfflineSession, StackPlan, mapWithConcurrency, planStackOffline, startOfflineSession } from '../scripts/lib/offline-terraform';
import { SynthesizedStack, listResources, readSynthesizedStacks } from '../scripts/lib/stacks';
import { DEFAULT_CONFIG, REPO_ROOT, resourcesOfType, synthesize, tempDir } from './support/fixtures';

const EXAMPLE = join(REPO_ROOT, 'examples', 'consumer');
const PACKAGE = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));

function run(command: string, args: readonly string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' }, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}) in ${cwd}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** `npm pack` of this repository (its prepack script builds dist/ first): the tarball's path and file list. */
function pack(): { tarball: string; files: string[] } {
  const destination = tempDir('baseline-pack-');
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', destination], REPO_ROOT)) as Array<{ filename: string; files: Array<{ path: string }> }>;
  return { tarball: join(destination, packed.filename), files: packed.files.map((file) => file.path).sort() };
}

/** A copy of examples/consumer with the tarball installed and its other dependencies linked. */
function installConsumer(tarball: string): string {
  const app = join(tempDir('baseline-consumer-'), 'app');
  mkdirSync(app, { recursive: true });
  for (const file of readdirSync(EXAMPLE)) copyFileSync(join(EXAMPLE, file), join(app, file));
  const installed = join(app, 'node_modules', PACKAGE.name);
  mkdirSync(installed, { recursive: true });
  run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1'], app);
  const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
  const own = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
  // The app's dependencies, and the package's own (which npm would hoist beside it).
  for (const dependency of new Set([...Object.keys(manifest.dependencies), ...Object.keys(manifest.devDependencies), ...Object.keys(own.dependencies)])) {
    if (dependency === PACKAGE.name) continue;
    const link = join(app, 'node_modules', dependency);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(REPO_ROOT, 'node_modules', dependency), link);
  }
  mkdirSync(join(app, 'node_modules', '.bin'));
  symlinkSync(realpathSync(join(REPO_ROOT, 'node_modules', '.bin', 'ts-node')), join(app, 'node_modules', '.bin', 'ts-node'));
  return app;
}

const packed = pack();
let app: string;
let stacks: readonly SynthesizedStack[];
let session: OfflineSession;
let plans: StackPlan[];

beforeAll(async () => {
  app = installConsumer(packed.tarball);
  run(join(REPO_ROOT, 'node_modules', '.bin', 'cdktf'), ['synth'], app);
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
