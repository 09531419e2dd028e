/**
 * The endpoint switch (BASELINE_AWS_ENDPOINT): nothing changes without it; with it, every
 * provider and backend points at the endpoint, the emulator gaps and only they (with what needs
 * them) are left out, nothing left behind refers to them, and the output stays deterministic.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTROL_IDS } from '../modules/controls/catalogue';
import { EMULATOR_CHECK_LIMITS, EMULATOR_GAPS, AVOIDED_GAPS, isSettingGap } from '../modules/endpoint/emulator-gaps';
import { ENDPOINT_CONFIG_FILE, ENDPOINT_STATE_DIR, LOCAL_ENDPOINT_ENV, LocalEndpointError, endpointStatePath, parseLocalEndpoint } from '../modules/endpoint/local-endpoint';
import { synthesizeBaseline } from '../modules/baseline-app';
import { loadConfigFile } from '../modules/config/load';
import { resolveSettings } from '../modules/config/resolve';
import { SynthesizedStack, listResources, readSynthesizedStacks } from '../scripts/lib/stacks';
import { DEFAULT_CONFIG, ORGANIZATION_EXAMPLE, REPO_ROOT, filesUnder, organizationConfigData, synthesize, tempDir } from './support/fixtures';

const URL = 'http://127.0.0.1:4566';

/** main.ts run the way the cdktf CLI runs it, into `outdir`. */
function runApp(config: string, outdir: string, endpoint: string | undefined) {
  const env: NodeJS.ProcessEnv = { ...process.env, BASELINE_CONFIG: config, CDKTF_OUTDIR: outdir, TS_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json') };
  delete env[LOCAL_ENDPOINT_ENV];
  if (endpoint !== undefined) env[LOCAL_ENDPOINT_ENV] = endpoint;
  return spawnSync(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), join(REPO_ROOT, 'main.ts')], { cwd: tempDir(), env, encoding: 'utf8' });
}

function synthesizeOnEndpoint(config: string, url = URL) {
  const outdir = join(tempDir(), 'cdktf.out');
  const { endpoint } = synthesizeBaseline(resolveSettings(loadConfigFile(config)), { outdir, localEndpoint: parseLocalEndpoint(url) });
  return { outdir, report: endpoint!, stacks: readSynthesizedStacks(outdir) };
}

const GAP_TYPES = new Set(EMULATOR_GAPS.filter((gap) => !isSettingGap(gap) && !gap.only).map((gap) => gap.resourceType));

describe('BASELINE_AWS_ENDPOINT: the endpoint is checked before anything is written', () => {
  test.each([
    ['http://127.0.0.1:4566', 'http://127.0.0.1:4566', '127.0.0.1-4566'],
    ['https://localstack.internal', 'https://localstack.internal', 'localstack.internal-443'],
    [' http://localhost:5000/ ', 'http://localhost:5000', 'localhost-5000'],
  ])('%j is accepted as %s, its local state kept in %s', (value, url, folder) => {
    expect(parseLocalEndpoint(value)).toEqual({ url, stateFolder: folder });
  });

  test.each([
    ['localhost:5000', /is not a URL|uses localhost/],
    ['ftp://127.0.0.1:21', /uses ftp/],
    ['http://127.0.0.1:4566/aws', /has a path, query or fragment/],
    ['http://user:secret@127.0.0.1:4566', /carries credentials/],
    ['not a url', /is not a URL/],
  ])('%j is rejected, naming the variable, the value and what is allowed', (value, why) => {
    const error = (() => {
      try {
        parseLocalEndpoint(value);
      } catch (caught) {
        return caught as Error;
      }
      throw new Error('accepted');
    })();
    expect(error).toBeInstanceOf(LocalEndpointError);
    expect(error.message).toContain(`BASELINE_AWS_ENDPOINT = ${JSON.stringify(value)}`);
    expect(error.message).toMatch(why);
    expect(error.message).toMatch(/allowed: http:\/\/ or https:\/\//);
  });

  test('cdktf synth/deploy (main.ts) with a bad endpoint exits 1 with the reason and writes nothing', () => {
    const outdir = join(tempDir(), 'out');
    const result = runApp(DEFAULT_CONFIG, outdir, 'ftp://nowhere');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/BASELINE_AWS_ENDPOINT = "ftp:\/\/nowhere": uses ftp/);
    expect(existsSync(outdir)).toBe(false);
  });

  test('local state on an endpoint sits beside the usual file, apart from real state and from other endpoints', () => {
    const endpoint = parseLocalEndpoint(URL);
    expect(endpointStatePath('../../../terraform.account-x.tfstate', endpoint)).toBe('../../../.endpoint-state/127.0.0.1-4566/terraform.account-x.tfstate');
    expect(endpointStatePath('terraform.account-x.tfstate', endpoint)).toBe('.endpoint-state/127.0.0.1-4566/terraform.account-x.tfstate');
  });
});

describe('BASELINE_AWS_ENDPOINT: without it, the output is byte-for-byte unchanged', () => {
  test.each([
    ['baseline.config.yaml', DEFAULT_CONFIG],
    ['examples/organization.yaml', ORGANIZATION_EXAMPLE],
  ])('%s: main.ts with the variable unset, or blank, writes exactly what the switch-free synthesis writes', (_name, config) => {
    const reference = filesUnder(synthesize(config).outdir);
    for (const value of [undefined, '', '   ']) {
      const outdir = join(tempDir(), 'cli.out');
      const result = runApp(config, outdir, value);
      expect({ value, status: result.status, stderr: result.stderr }).toEqual({ value, status: 0, stderr: '' });
      const written = filesUnder(outdir);
      expect([...written.keys()]).toEqual([...reference.keys()]);
      for (const [file, bytes] of reference) expect({ value, file, same: bytes.equals(written.get(file)!) }).toEqual({ value, file, same: true });
    }
  });

  test('no trace of the switch appears without it', () => {
    for (const [file, bytes] of filesUnder(synthesize(ORGANIZATION_EXAMPLE).outdir)) {
      const text = bytes.toString('utf8');
      expect({ file, traces: ['shared_config_files', 'http_proxy', ENDPOINT_STATE_DIR, 'use_path_style', ENDPOINT_CONFIG_FILE, 'local-endpoint-config'].filter((trace) => text.includes(trace)) }).toEqual({ file, traces: [] });
    }
  });
});

describe.each([
  ['baseline.config.yaml', DEFAULT_CONFIG],
  ['examples/organization.yaml', ORGANIZATION_EXAMPLE],
])('BASELINE_AWS_ENDPOINT on %s', (_name, config) => {
  const plain = synthesize(config);
  const switched = synthesizeOnEndpoint(config);
  const plainStack = (name: string) => plain.stacks.find((stack) => stack.name === name)!;

  test('every AWS provider reads the endpoint from its stack\'s own config file, with path-style S3 and the S3 Control proxy', () => {
    for (const stack of switched.stacks) {
      for (const provider of stack.json.provider!.aws) {
        const [file] = provider.shared_config_files as string[];
        expect(provider.shared_credentials_files).toEqual([file]);
        expect(readFileSync(join(stack.dir, file), 'utf8')).toMatch(new RegExp(`^\\[default\\]\\nendpoint_url = ${URL.replace(/[.:/]/g, '\\$&')}$`, 'm'));
        expect(provider).toMatchObject({ s3_use_path_style: true, http_proxy: URL, https_proxy: URL, max_retries: 3, skip_metadata_api_check: 'true' });
        expect(provider.endpoints).toBeUndefined();
      }
    }
  });

  test("accounts stay locked and member stacks keep their real assume_role; a provider with the caller's credentials assumes the local deployer role of its own account: only endpoint settings are added", () => {
    const added = ['shared_config_files', 'shared_credentials_files', 's3_use_path_style', 'http_proxy', 'https_proxy', 'max_retries', 'skip_metadata_api_check'];
    for (const stack of switched.stacks) {
      const original = plainStack(stack.name).json.provider!.aws;
      const stripped = stack.json.provider!.aws.map((provider, index) => {
        const kept = Object.fromEntries(Object.entries(provider).filter(([key]) => !added.includes(key)));
        if (original[index].assume_role) return kept;
        const account = (provider.allowed_account_ids as string[])[0];
        expect(kept.assume_role).toEqual([{ role_arn: `arn:aws:iam::${account}:role/account-baseline-local-deployer`, session_name: 'account-baseline' }]);
        const { assume_role: _assumed, ...rest } = kept;
        return rest;
      });
      expect(stripped).toEqual(original);
      for (const provider of stripped) expect(provider.allowed_account_ids).toHaveLength(1);
    }
    if (plain.settings.organization) {
      const member = switched.stacks.find((stack) => stack.name === 'account-production')!;
      expect(member.json.provider!.aws[0].assume_role).toEqual([expect.objectContaining({ role_arn: expect.stringMatching(/:role\/OrganizationAccountAccessRole$/) })]);
    }
  });

  test('state: local state moves to .endpoint-state/<host>-<port>/; S3 state talks to the endpoint, same bucket and key', () => {
    for (const stack of switched.stacks) {
      const before = plainStack(stack.name).json.terraform!.backend!;
      const after = stack.json.terraform!.backend!;
      if (before.local) {
        expect(after.local).toEqual({ path: `../../../.endpoint-state/127.0.0.1-4566/terraform.${stack.name}.tfstate` });
      } else {
        expect(after.s3).toMatchObject({ ...before.s3, endpoints: { s3: URL, sts: URL, iam: URL }, use_path_style: true, use_lockfile: true });
      }
    }
  });

  test('what is left out is exactly the gap resources and what takes a value from them; everything else is deployed unchanged', () => {
    for (const stack of switched.stacks) {
      const before = new Map(listResources(plainStack(stack.name).json).map((resource) => [resource.address, resource]));
      const after = new Map(listResources(stack.json).map((resource) => [resource.address, resource]));
      const report = switched.report.stacks.find((candidate) => candidate.stack === stack.name)!;
      const removed = [...before.keys()].filter((address) => !after.has(address)).sort((a, b) => a.localeCompare(b));
      expect(report.leftOut.map((resource) => resource.address)).toEqual(removed);
      for (const resource of report.leftOut) {
        if (resource.needs) {
          expect(removed).toContain(resource.needs);
          expect(JSON.stringify(before.get(resource.address)!.block)).toContain(`\${${resource.needs}.`);
        } else {
          expect({ address: resource.address, gap: resource.gap.resourceType }).toEqual({ address: resource.address, gap: resource.type });
        }
      }
      for (const [address, kept] of after) {
        expect(GAP_TYPES.has(kept.type)).toBe(false);
        const changed = report.changedSettings.filter((setting) => setting.address === address).map((setting) => setting.gap.setting);
        const strip = (block: Record<string, unknown>) => Object.fromEntries(Object.entries(block).filter(([key]) => !['depends_on', ...changed].includes(key)));
        expect({ address, block: strip(kept.block) }).toEqual({ address, block: strip(before.get(address)!.block) });
      }
    }
  });

  test('nothing left behind refers to a left-out resource, by value, by depends_on or by import', () => {
    for (const stack of switched.stacks) {
      const declared = new Set(listResources(stack.json).map((resource) => resource.address));
      const text = JSON.stringify(stack.json.resource);
      for (const match of text.matchAll(/\$\{((?:aws|terraform)_[a-z0-9_]+\.[A-Za-z0-9_-]+)[.}[]/g)) expect({ stack: stack.name, reference: match[1], declared: declared.has(match[1]) }).toMatchObject({ declared: true });
      for (const resource of listResources(stack.json)) {
        for (const dependency of (resource.block.depends_on as string[] | undefined) ?? []) expect({ stack: stack.name, dependency, declared: declared.has(dependency) }).toMatchObject({ declared: true });
      }
      for (const block of stack.json.import ?? []) expect(declared.has(block.to)).toBe(true);
    }
  });

  test('two syntheses on the same endpoint are byte-identical', () => {
    const again = synthesizeOnEndpoint(config);
    const first = filesUnder(switched.outdir);
    const second = filesUnder(again.outdir);
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [file, bytes] of first) expect({ file, same: bytes.equals(second.get(file)!) }).toEqual({ file, same: true });
  });
});

describe('the gap settings, on the organisation example', () => {
  const { stacks, report } = synthesizeOnEndpoint(ORGANIZATION_EXAMPLE);
  const stack = (name: string): SynthesizedStack => stacks.find((candidate) => candidate.name === name)!;
  const only = (json: SynthesizedStack['json'], type: string) => Object.values(json.resource?.[type] ?? {});

  test("the organisation keeps every trusted service but those the emulator refuses; the trail is created but not started", () => {
    const [organization] = only(stack('organization').json, 'aws_organizations_organization');
    expect(organization.aws_service_access_principals).toEqual(expect.arrayContaining(['cloudtrail.amazonaws.com', 'sso.amazonaws.com']));
    expect(organization.aws_service_access_principals).not.toContain('iam.amazonaws.com');
    for (const trail of only(stack('organization').json, 'aws_cloudtrail')) expect(trail.enable_logging).toBe(false);
    expect(report.stacks.find((candidate) => candidate.stack === 'organization')!.changedSettings.map((changed) => changed.gap.setting).sort()).toEqual(
      expect.arrayContaining(['aws_service_access_principals', 'enable_logging']),
    );
  });

  test("the production account's adopted anomaly monitor is left out with its import block", () => {
    expect(stack('account-production').json.import ?? []).toEqual([]);
    expect(report.stacks.find((candidate) => candidate.stack === 'account-production')!.leftOut.map((resource) => resource.type)).toContain('aws_ce_anomaly_monitor');
  });
});

describe('the gaps file stays short and true', () => {
  const everyControlOn = organizationConfigData();
  everyControlOn.controls = Object.fromEntries(CONTROL_IDS.map((id) => [id, true]));
  everyControlOn.budget.stopLaunchesAtPercent = 150;
  const types = new Set(
    [synthesize(DEFAULT_CONFIG), synthesize(everyControlOn)].flatMap((result) => result.stacks.flatMap((stack) => listResources(stack.json).map((resource) => resource.type))),
  );

  test.each(EMULATOR_GAPS.map((gap) => [`${gap.resourceType}${isSettingGap(gap) ? `.${gap.setting}` : ''}${gap.only ? ` (${gap.only.setting})` : ''}`, gap] as const))(
    '%s is a resource type the baseline declares, with the emulator\'s own words and a reason',
    (_label, gap) => {
      expect(types.has(gap.resourceType)).toBe(true);
      expect(gap.emulatorSays.length).toBeGreaterThan(20);
      expect(gap.reason.length).toBeGreaterThan(20);
    },
  );

  test('gaps avoided without changing what is deployed, and the limits of the checks, are written down in the same file', () => {
    expect(AVOIDED_GAPS.length).toBeGreaterThan(0);
    expect(EMULATOR_CHECK_LIMITS.length).toBeGreaterThan(0);
  });
});
