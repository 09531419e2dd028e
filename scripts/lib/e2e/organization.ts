/**
 * An organisation configuration on the emulator: the emulator assigns its own IDs to the
 * organisation and to every account it creates, and refuses to delegate administration to an
 * account outside its organisation. So the lifecycle test creates the organisation and the
 * member accounts there (or finds them, on a reused emulator), and deploys a copy of the
 * configuration with the emulator's IDs: same structure, same settings, same comments.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadConfigFile } from '../../../modules/config/load';
import type { LocalEndpoint } from '../../../modules/endpoint/local-endpoint';
import { assumeRoleOn, callAws, callAwsOrThrow } from '../local-aws';

export interface EmulatedOrganization {
  /** The derived configuration file to deploy. */
  readonly configFile: string;
  /** With `existing`: what there is for npm run adopt to find, in words. */
  readonly adoptable?: string;
  readonly organizationId: string;
  /** Configured account ID → the emulator's. */
  readonly accountIds: ReadonlyMap<string, string>;
}

/**
 * With `existing`, the organisation is one that already exists, as a user's would: the derived
 * configuration does not name it (organization.organizationId is left out, for npm run adopt to
 * find it), and the security account is already Access Analyzer's delegated administrator.
 */
export async function emulateOrganization(endpoint: LocalEndpoint, configFile: string, workDir: string, options: { readonly existing?: boolean } = {}): Promise<EmulatedOrganization> {
  const config = loadConfigFile(configFile);
  const organization = config.organization!;
  const management = await assumeRoleOn(endpoint, organization.managementAccountId);
  const call = (operation: string, params: Record<string, unknown> = {}) => ({ service: 'organizations', operation, region: 'us-east-1', params });

  const [existing] = await callAws(endpoint, management, [call('DescribeOrganization')]);
  const described = existing.ok ? existing.result : (await callAwsOrThrow(endpoint, management, [call('CreateOrganization', { FeatureSet: 'ALL' })]))[0];
  const organizationId = described.Organization.Id as string;

  const [listed] = await callAwsOrThrow(endpoint, management, [call('ListAccounts')]);
  const byName = new Map<string, string>((listed.Accounts as Array<{ Name: string; Id: string }>).map((account) => [account.Name, account.Id]));
  const accountIds = new Map<string, string>([[organization.managementAccountId, organization.managementAccountId]]);
  for (const account of config.accounts) {
    if (account.accountId === organization.managementAccountId) continue;
    let id = byName.get(account.name);
    if (!id) {
      const [created] = await callAwsOrThrow(endpoint, management, [call('CreateAccount', { AccountName: account.name, Email: `${account.name}@example.com` })]);
      id = created.CreateAccountStatus.AccountId as string;
    }
    accountIds.set(account.accountId, id);
  }

  let adoptable: string | undefined;
  if (options.existing) {
    const security = accountIds.get(organization.securityAccountId)!;
    const service = 'access-analyzer.amazonaws.com';
    const [registered] = await callAwsOrThrow(endpoint, management, [call('ListDelegatedAdministrators', { ServicePrincipal: service })]);
    if (!(registered.DelegatedAdministrators as Array<{ Id: string }>).some((entry) => entry.Id === security)) {
      await callAwsOrThrow(endpoint, management, [call('EnableAWSServiceAccess', { ServicePrincipal: service }), call('RegisterDelegatedAdministrator', { AccountId: security, ServicePrincipal: service })]);
    }
    adoptable = `already there: organisation ${organizationId} (not named in the configuration) and ${security} as ${service}'s delegated administrator`;
  }

  let text = readFileSync(configFile, 'utf8');
  for (const [configured, emulated] of accountIds) text = text.replace(new RegExp(`\\b${configured}\\b`, 'g'), emulated);
  if (organization.organizationId) {
    text = options.existing
      ? text.replace(/^( *)organizationId: .*\n/m, '$1# organizationId left out: npm run adopt finds the organisation.\n')
      : text.replace(new RegExp(`\\b${organization.organizationId}\\b`, 'g'), organizationId);
  }
  const derived = join(workDir, basename(configFile));
  writeFileSync(
    derived,
    `# Derived by npm run e2e from ${basename(configFile)} for the emulator at ${endpoint.url}: the same configuration with\n` +
      `# the emulator's organisation and account IDs (${[...accountIds].map(([from, to]) => `${from} -> ${to}`).join(', ')}).\n${text}`,
  );
  loadConfigFile(derived); // still valid
  return { configFile: derived, organizationId, accountIds, ...(adoptable ? { adoptable } : {}) };
}
