import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MIRROR_ENV, cliConfig, offlineOverride, requiredProviders, resolveProviderMirror, startOfflineSession, terraformVersion } from '../scripts/lib/offline-terraform';
import { ORGANIZATION_EXAMPLE, synthesize, tempDir } from './support/fixtures';

const member = synthesize(ORGANIZATION_EXAMPLE).stack('account-staging');

describe('offline override: every AWS provider planned with fake credentials and no AWS calls', () => {
  const override = offlineOverride(member.json) as { terraform: unknown; provider: { aws: Array<Record<string, unknown>> } };

  test('each provider alias of the stack gets fake static keys and every skip flag', () => {
    expect(override.provider.aws.map((provider) => provider.alias)).toEqual(member.json.provider!.aws.map((provider) => provider.alias));
    for (const provider of override.provider.aws) {
      expect(provider).toMatchObject({
        access_key: expect.any(String),
        secret_key: expect.any(String),
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        skip_region_validation: true,
      });
    }
  });

  test('allowed_account_ids is unset (it needs the real account ID) and assume_role no longer calls STS', () => {
    for (const provider of override.provider.aws) {
      expect(provider.allowed_account_ids).toBeNull();
      expect(provider.assume_role).toEqual([{ role_arn: '' }]);
    }
  });

  test('the S3 backend is replaced by local state', () => {
    expect(override.terraform).toEqual({ backend: { local: {} } });
  });
});

describe('provider source: a mirror that cannot serve the stack is a clear error, never a skip', () => {
  const providers = requiredProviders(member.json);

  test('the stack requires exactly hashicorp/aws 5.100.0', () => {
    expect(providers).toEqual([{ name: 'hashicorp/aws', version: '5.100.0' }]);
  });

  test(`${MIRROR_ENV} pointing at a folder without the provider names the variable, the folder and the version`, () => {
    const empty = tempDir();
    mkdirSync(join(empty, 'registry.terraform.io'));
    expect(() => resolveProviderMirror(providers, { [MIRROR_ENV]: empty })).toThrow(
      new RegExp(`${MIRROR_ENV}=${empty} does not hold hashicorp/aws 5\\.100\\.0`),
    );
  });

  test('without terraform on PATH the gate stops with an explanation', () => {
    expect(() => terraformVersion({ PATH: tempDir() })).toThrow(/terraform was not found on PATH.*Terraform >= 1\.10/s);
    expect(() => startOfflineSession([member], { PATH: tempDir() })).toThrow(/terraform was not found/);
  });

  test('the CLI configuration installs hashicorp providers from the mirror only', () => {
    const text = cliConfig('/mirror');
    expect(text).toMatch(/filesystem_mirror \{\s+path\s+= "\/mirror"\s+include = \["registry\.terraform\.io\/hashicorp\/\*"\]/);
    expect(text).toMatch(/direct \{\s+exclude = \["registry\.terraform\.io\/hashicorp\/\*"\]/);
  });
});
