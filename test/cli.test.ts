import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stringify } from 'yaml';
import { REPO_ROOT, tempDir, validConfigData } from './support/fixtures';

/** Runs a TypeScript entry point of the project the way npm scripts and cdktf.json do. */
function run(entry: string, cwd: string, env: Record<string, string>, args: readonly string[] = []) {
  const result = spawnSync(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), join(REPO_ROOT, entry), ...args], {
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

  test('the embedded default synthesizes and prints what each stack declares, per control, and with --cost what it costs', () => {
    const cwd = tempDir();
    const result = run('scripts/synth.ts', cwd, { BASELINE_CONFIG: '' }, ['--cost']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Synthesized 1 stack from .*baseline\.config\.yaml into cdktf\.out\/stacks/);
    // The summary's estimated total is the --cost table's, which gives the stack's controls one line each.
    const estimated = /^The baseline itself: about (\$[\d,.]+) a month at AWS list prices of \d{4}-\d{2}-\d{2}/m.exec(result.stdout)![1];
    expect(result.stdout).toContain(`\naccount-personal  ${estimated} a month\n  configRecorder `);
    expect(result.stdout).toMatch(new RegExp(`\\nTotal \\${estimated} a month, before free tiers`));
    expect(result.stdout).toMatch(/account-personal {2}\(account 111122223333, standalone\)/);
    expect(result.stdout).toMatch(/17 providers, local state; home ap-northeast-1; allowed: ap-northeast-1, us-east-1\n/);
    // Topic, key, subscription; the formatter, its role, log, permissions, intake topic, queue, alarms and the
    // forwarding role (19); each of the 16 other regions' forwarding rule and its target (32).
    expect(result.stdout).toMatch(/ alerts 124, /);
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
    // The root user first (it needs no deploy), then what exists and what would change, then the deploy.
    expect(steps).toMatch(/^Next steps:\n {2}1\. Now, before any deploy: sign in as the root user of personal, delete any root access key, turn on\n/);
    expect(steps).toContain('  2. With credentials for account 111122223333: what AWS already has (to adopt it), and what would change:\n     npm run adopt\n     npx cdktf diff account-personal\n');
    expect(steps).toContain('  3. Deploy:\n     npx cdktf deploy account-personal\n');
    expect(steps).toContain('Confirm the "AWS Notification - Subscription Confirmation" e-mail');
    expect(steps).toContain('security-alerts@example.com');
    expect(steps).toContain("     Do not click the link: with the account's credentials, run npm run confirm -- --link '<the link>'\n");
    expect(steps).toContain('WARNING: until then the MFA, region-deny and circuit-breaker IAM policies there bind nobody.');
    expect(steps).toContain('Check for drift from CI (docs/drift.md):\n     npm run drift\n');
    for (const line of steps.split('\n')) expect({ line, short: line.length <= 120 }).toEqual({ line, short: true });

    const config = validConfigData();
    config.iam.humanUsers = ['alice'];
    const path = join(tempDir(), 'with-people.yaml');
    writeFileSync(path, stringify(config));
    expect(run('scripts/synth.ts', tempDir(), { BASELINE_CONFIG: path }).stdout).not.toContain('WARNING: until then');
  });
});

describe('the next steps of a configuration of your own', () => {
  test('name the configuration in every command, and the printed deploy command finds the stack when run as printed', () => {
    const config = validConfigData();
    config.accounts[0].name = 'mine';
    const path = join(tempDir('next-steps-'), 'my-account.yaml');
    writeFileSync(path, stringify(config));
    // As npm run synth runs it: from the project root, with BASELINE_CONFIG as the person gave it.
    const result = run('scripts/synth.ts', REPO_ROOT, { BASELINE_CONFIG: path });
    expect(result.code).toBe(0);
    const steps = result.stdout.slice(result.stdout.indexOf('Next steps:'));
    const shown = relative(REPO_ROOT, path);
    expect(steps).toContain(`     BASELINE_CONFIG=${shown} npm run adopt\n`);
    expect(steps).toContain(`     BASELINE_CONFIG=${shown} npm run drift\n`);
    const deploy = /^ {5}(BASELINE_CONFIG=\S+ npx cdktf deploy account-mine)$/m.exec(steps)?.[1];
    expect(deploy).toBeDefined();
    // Without credentials the deploy cannot go far, but cdktf must synthesize this configuration and find its stack.
    const printed = spawnSync('sh', ['-c', deploy!], {
      cwd: REPO_ROOT,
      env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: 'no-such-profile', CI: '1' },
      encoding: 'utf8',
      timeout: 180_000,
    });
    const output = `${printed.stdout}${printed.stderr}`;
    expect(output).not.toMatch(/Could not find stack/);
    expect(output).toMatch(/account-mine/);
  }, 240_000);
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
