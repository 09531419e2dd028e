/**
 * The operational scripts around a deployment (npm run recover, npm run offboard, npm run e2e):
 * their command lines, and what offboarding keeps. What they do to a real deployment is proven
 * by the lifecycle test on the local AWS API.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { AdoptionEntry } from '../modules/adoption/adoption-file';
import { KEPT_ON_OFFBOARDING, controlOfPath } from '../modules/controls/catalogue';
import { partitionAdopted, replacedOverride } from '../scripts/offboard';
import type { StateResource } from '../scripts/lib/state';
import { UsageError, parseFlags, usage } from '../scripts/lib/args';
import { listResources } from '../scripts/lib/stacks';
import { DEFAULT_CONFIG, ORGANIZATION_EXAMPLE, REPO_ROOT, synthesize } from './support/fixtures';

function runScript(script: string, args: readonly string[]) {
  const result = spawnSync(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), join(REPO_ROOT, 'scripts', script), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, TS_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json') },
    encoding: 'utf8',
  });
  return { code: result.status, stderr: result.stderr };
}

describe('the scripts parse their command lines strictly', () => {
  const spec = { '--stacks': { kind: 'value', placeholder: 'a,b', description: 'which' }, '--yes': { kind: 'switch', description: 'do it' } } as const;

  test('values, switches and --help', () => {
    const parsed = parseFlags(['--stacks', 'a,b', '--yes'], spec);
    expect([...parsed.values]).toEqual([['--stacks', 'a,b']]);
    expect([...parsed.switches]).toEqual(['--yes']);
    expect(parseFlags(['--yes', '--help'], spec).help).toBe(true);
    expect(usage('npm run x --', 'Does x.', spec)).toMatch(/--stacks a,b {2,}which\n {2}--yes {2,}do it\n {2}--help {2,}show this help/);
  });

  test.each([
    [['--stack', 'a'], /unknown argument "--stack"; allowed: --stacks a,b, --yes, --help/],
    [['--stacks'], /--stacks needs a value \(a,b\)/],
    [['--stacks', '--yes'], /--stacks needs a value/],
  ])('%j is refused with what is allowed', (argv, message) => {
    expect(() => parseFlags(argv, spec)).toThrow(UsageError);
    expect(() => parseFlags(argv, spec)).toThrow(message);
  });

  test.each([
    ['recover.ts', ['--help'], 0, /Usage: npm run recover -- \[options\]/],
    ['offboard.ts', ['--help'], 0, /Kept \(removed from the state, left in the account as they are\): evidence, organization/],
    ['e2e.ts', ['--help'], 0, /Usage: npm run e2e -- \[options\][\s\S]*--endpoint URL/],
    ['offboard.ts', [], 1, /--stacks is required/],
    ['recover.ts', ['--everything'], 1, /unknown argument "--everything"/],
    ['e2e.ts', ['--interrupt-with', 'SIGKILL'], 1, /--interrupt-with = "SIGKILL": allowed: SIGINT, SIGTERM/],
  ])('npm run %s %j exits %i', (script, args, code, output) => {
    const result = runScript(script, args);
    expect({ code: result.code, output: output.test(result.stderr) }).toEqual({ code, output: true });
  });
});

describe('offboarding keeps exactly what must never be destroyed', () => {
  test.each([
    ['baseline.config.yaml', DEFAULT_CONFIG],
    ['examples/organization.yaml', ORGANIZATION_EXAMPLE],
  ])('%s: every resource with prevent_destroy belongs to a component offboarding keeps', (_name, config) => {
    for (const stack of synthesize(config).stacks) {
      for (const resource of listResources(stack.json)) {
        const protectedResource = (resource.block.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy === true;
        if (protectedResource) expect({ address: resource.address, kept: (KEPT_ON_OFFBOARDING as readonly string[]).includes(controlOfPath(resource.path)) }).toEqual({ address: resource.address, kept: true });
      }
    }
  });
});

describe('offboarding releases what the owner had, and only that', () => {
  const entry = (type: string, address: string, importId: string, decision: AdoptionEntry['decision'] = 'adopt'): AdoptionEntry => ({
    path: `account-personal/baseline/${address}`,
    address,
    type,
    control: 'guardDuty',
    account: '111122223333',
    region: 'sa-east-1',
    decision,
    importId,
    found: `${type} ${importId}`,
    evidence: 'no baseline tags',
  });
  const resource = (address: string, id: string): StateResource => ({ address, type: address.split('.')[0], values: { id }, tainted: false });

  test('an adopted detector the deploy had to create again (another ID in the state) is the baseline\'s own: destroyed, with the adoption\'s prevent_destroy lifted', () => {
    const entries = [
      entry('aws_guardduty_detector', 'aws_guardduty_detector.sa', 'owners-detector'),
      entry('aws_guardduty_detector', 'aws_guardduty_detector.us', 'kept-detector'),
      entry('aws_config_configuration_recorder', 'aws_config_configuration_recorder.r', 'default'),
      entry('aws_guardduty_detector', 'aws_guardduty_detector.gone', 'not-in-state'),
      entry('aws_guardduty_detector', 'aws_guardduty_detector.c', 'conflicting', 'conflict'),
    ];
    const state = [
      resource('aws_guardduty_detector.sa', 'baselines-own-detector'),
      resource('aws_guardduty_detector.us', 'kept-detector'),
      resource('aws_config_configuration_recorder.r', 'default'),
      resource('aws_guardduty_detector.c', 'conflicting'),
    ];
    const { adopted, replaced } = partitionAdopted(entries, state);
    expect(adopted.map((item) => item.address)).toEqual(['aws_guardduty_detector.us', 'aws_config_configuration_recorder.r']);
    expect(replaced.map((item) => item.address)).toEqual(['aws_guardduty_detector.sa']);
    expect(replacedOverride(replaced)).toEqual({ resource: { aws_guardduty_detector: { sa: { lifecycle: { prevent_destroy: false } } } } });
  });
});
