import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { REPO_ROOT, tempDir, validConfigData } from './support/fixtures';

/** Runs a TypeScript entry point of the project the way npm scripts and cdktf.json do. */
function run(entry: string, cwd: string, env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), join(REPO_ROOT, entry)], {
    cwd,
    env: { ...process.env, TS_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json'), ...env },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function badConfigFile(): string {
  const config = validConfigData();
  config.accounts[0].accountId = '1234';
  const path = join(tempDir(), 'bad.yaml');
  writeFileSync(path, stringify(config));
  return path;
}

describe('npm run synth (scripts/synth.ts)', () => {
  test('a bad configuration exits non-zero with the field, the value and what is allowed, and writes nothing', () => {
    const cwd = tempDir();
    const result = run('scripts/synth.ts', cwd, { BASELINE_CONFIG: badConfigFile() });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/accounts\[0\]\.accountId = "1234": must be a 12-digit AWS account ID/);
    expect(existsSync(join(cwd, 'cdktf.out'))).toBe(false);
  });

  test('a bad configuration leaves a previous synthesis untouched', () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'cdktf.out'));
    writeFileSync(join(cwd, 'cdktf.out', 'manifest.json'), 'previous');
    expect(run('scripts/synth.ts', cwd, { BASELINE_CONFIG: badConfigFile() }).code).toBe(1);
    expect(readFileSync(join(cwd, 'cdktf.out', 'manifest.json'), 'utf8')).toBe('previous');
  });

  test('the embedded default synthesizes and prints what each stack declares, per control', () => {
    const cwd = tempDir();
    const result = run('scripts/synth.ts', cwd, { BASELINE_CONFIG: '' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Synthesized 1 stack from .*baseline\.config\.yaml into cdktf\.out\/stacks/);
    expect(result.stdout).toMatch(/account-personal {2}\(account 111122223333, standalone\)/);
    expect(result.stdout).toMatch(/17 providers, local state; home ap-northeast-1; allowed: ap-northeast-1, us-east-1\n/);
    // Topic, key, subscription; the formatter, its role, log, permissions, intake topic, queue, alarms and the
    // forwarding role (19); each of the 16 other regions' forwarding rule and its target (32).
    expect(result.stdout).toMatch(/ alerts 51, /);
    expect(existsSync(join(cwd, 'cdktf.out', 'stacks', 'account-personal', 'cdk.tf.json'))).toBe(true);
  });

  test('the organisation example fits 120 columns and about a screen: one line per stack plus the control counts', () => {
    const result = run('scripts/synth.ts', tempDir(), { BASELINE_CONFIG: join(REPO_ROOT, 'examples', 'organization.yaml') });
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    for (const line of lines) expect({ line, short: line.length <= 120 }).toEqual({ line, short: true });
    expect(lines.length).toBeLessThanOrEqual(60);
    // Allowed regions as the configuration lists them: [eu-west-1, eu-central-1, us-east-1], production [eu-west-1, us-east-1].
    expect(result.stdout).toContain('account-security  (account 100000000002, organization-member, via role/OrganizationAccountAccessRole)\n');
    expect(result.stdout).toMatch(/home eu-west-1; allowed: eu-west-1, eu-central-1, us-east-1\n/);
    expect(result.stdout).toMatch(/home eu-west-1; allowed: eu-west-1, us-east-1\n/);
  });

  test("it ends with the stack's next steps, warning while the baseline group has nobody in it", () => {
    const result = run('scripts/synth.ts', tempDir(), { BASELINE_CONFIG: '' });
    const steps = result.stdout.slice(result.stdout.indexOf('Next steps:'));
    expect(steps).toContain('1. Deploy: npx cdktf deploy account-personal  (with credentials for account 111122223333)');
    expect(steps).toContain('Confirm the "AWS Notification - Subscription Confirmation" e-mail');
    expect(steps).toContain('security-alerts@example.com');
    expect(steps).toContain('WARNING: until then the MFA, region-deny and circuit-breaker IAM policies there bind nobody.');
    expect(steps).toContain('Root user of personal: delete any root access key, turn on root MFA');
    for (const line of steps.split('\n')) expect({ line, short: line.length <= 120 }).toEqual({ line, short: true });

    const config = validConfigData();
    config.iam.humanUsers = ['alice'];
    const path = join(tempDir(), 'with-people.yaml');
    writeFileSync(path, stringify(config));
    expect(run('scripts/synth.ts', tempDir(), { BASELINE_CONFIG: path }).stdout).not.toContain('WARNING');
  });
});

describe('main.ts (the app cdktf.json runs for cdktf synth/deploy)', () => {
  test('a bad configuration exits non-zero before CDKTF creates the output directory', () => {
    const cwd = tempDir();
    const outdir = join(cwd, 'cli-out');
    const result = run('main.ts', cwd, { BASELINE_CONFIG: badConfigFile(), CDKTF_OUTDIR: outdir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/accounts\[0\]\.accountId = "1234"/);
    expect(existsSync(outdir)).toBe(false);
  });

  test('a valid configuration synthesizes into the directory the cdktf CLI chose', () => {
    const cwd = tempDir();
    const outdir = join(cwd, 'cli-out');
    const result = run('main.ts', cwd, { BASELINE_CONFIG: join(REPO_ROOT, 'examples', 'organization.yaml'), CDKTF_OUTDIR: outdir });
    expect(result.code).toBe(0);
    expect(existsSync(join(outdir, 'stacks', 'organization', 'cdk.tf.json'))).toBe(true);
  });
});
