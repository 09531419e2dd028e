/**
 * The endpoint switch: BASELINE_AWS_ENDPOINT=http://host:port points every AWS provider and the
 * S3 state backend of every stack at one AWS-compatible API (moto in server mode, LocalStack),
 * and leaves out what that emulator cannot serve (emulator-gaps.ts). Without the switch nothing
 * here runs and the output is what it always was.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AssetType, LocalBackend, S3Backend, TerraformAsset, TerraformBackend, TerraformResource, TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { controlOfPath } from '../controls/catalogue';
import { BASELINE_SESSION_NAME } from '../core/regional-providers';
import { EMULATOR_GAPS, EmulatorGap, ResourceGap, SettingGap, isSettingGap } from './emulator-gaps';

/** The environment variable that turns the switch on. */
export const LOCAL_ENDPOINT_ENV = 'BASELINE_AWS_ENDPOINT';
/** Folder (next to the default local state) that holds the state of stacks deployed to an endpoint. */
export const ENDPOINT_STATE_DIR = '.endpoint-state';
/**
 * Terraform's working directory (TF_DATA_DIR) for the scripts' runs against an endpoint, inside
 * each stack directory. Kept apart from `.terraform`, so that a later run against AWS from the same
 * cdktf.out never finds the endpoint's backend there (Terraform would stop and offer to migrate the
 * emulator's state into the real backend).
 */
export function endpointDataDir(endpoint: LocalEndpoint): string {
  return `.terraform-endpoint-${endpoint.stateFolder}`;
}
/** Name of the AWS shared-config file each stack carries under the switch. */
export const ENDPOINT_CONFIG_FILE = 'aws-endpoint.config';
/**
 * The role a provider that uses the caller's own credentials assumes in its account under the
 * switch. Emulators act in the account of the role a session assumed (whether or not the role
 * exists), so any credentials reach the right account, and none need be given at all.
 */
export const LOCAL_DEPLOYER_ROLE = 'account-baseline-local-deployer';

export class LocalEndpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalEndpointError';
  }
}

export interface LocalEndpoint {
  /** The endpoint without a trailing slash, e.g. `http://127.0.0.1:5000`. */
  readonly url: string;
  /** `<host>-<port>`: where this endpoint's local state is kept, apart from real state. */
  readonly stateFolder: string;
}

/** Parses and checks an endpoint URL; the error names the variable, the value and what is allowed. */
export function parseLocalEndpoint(value: string, name = LOCAL_ENDPOINT_ENV): LocalEndpoint {
  const allowed = 'allowed: http:// or https:// with a host and optional port, nothing else (e.g. http://127.0.0.1:5000)';
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new LocalEndpointError(`${name} = ${JSON.stringify(value)}: is not a URL; ${allowed}`);
  }
  const problem =
    !['http:', 'https:'].includes(url.protocol) ? `uses ${url.protocol.replace(/:$/, '')}`
    : url.username || url.password ? 'carries credentials'
    : url.pathname !== '/' || url.search || url.hash ? 'has a path, query or fragment'
    : undefined;
  if (problem) throw new LocalEndpointError(`${name} = ${JSON.stringify(value)}: ${problem}; ${allowed}`);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return { url: `${url.protocol}//${url.host}`, stateFolder: `${url.hostname.replace(/[^A-Za-z0-9.]/g, '_')}-${port}` };
}

/** The endpoint named by BASELINE_AWS_ENDPOINT, or undefined when it is unset or empty. */
export function localEndpointFromEnv(env: NodeJS.ProcessEnv = process.env): LocalEndpoint | undefined {
  const value = env[LOCAL_ENDPOINT_ENV]?.trim();
  return value ? parseLocalEndpoint(value) : undefined;
}

/**
 * The AWS shared-config file every provider reads under the switch: the SDK-wide `endpoint_url`
 * sends every service (STS and IAM included) to the endpoint. An `endpoints` block in the
 * provider would do the same, but costs about 4 s of CPU per provider instance (measured with
 * AWS provider 5.100.0: a plan of 17 regional providers took 80 s of CPU against 15 s), which
 * every plan and apply of a 17-region stack pays.
 */
export function endpointSharedConfig(endpoint: LocalEndpoint): string {
  return [
    `# Written by the baseline's ${LOCAL_ENDPOINT_ENV} switch: every AWS API call goes to ${endpoint.url}.`,
    '# It is also the credentials file, so that no real credentials file is read: credentials come from',
    '# the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), else these placeholders,',
    `# which an emulator accepts; every provider then assumes ${LOCAL_DEPLOYER_ROLE} (or its own role) in its account.`,
    '[default]',
    `endpoint_url = ${endpoint.url}`,
    'aws_access_key_id = local-endpoint-placeholder',
    'aws_secret_access_key = local-endpoint-placeholder',
    '',
  ].join('\n');
}

/** A resource the switch left out of a stack, and why. */
export interface LeftOutResource {
  readonly address: string;
  readonly type: string;
  /** Construct path, e.g. `account-x/baseline/accessAnalyzer/us-east-1/analyzer`. */
  readonly path: string;
  /** The control (or core component) it belongs to. */
  readonly control: string;
  /** The emulator gap behind it: its own, or that of the resource it needs. */
  readonly gap: ResourceGap;
  /** Set when the resource is left out only because it needs `needs`, which is a gap. */
  readonly needs?: string;
}

/** A setting the switch changed on a deployed resource. */
export interface ChangedSetting {
  readonly address: string;
  readonly control: string;
  readonly gap: SettingGap;
}

export interface StackOnEndpoint {
  readonly stack: string;
  readonly leftOut: readonly LeftOutResource[];
  readonly changedSettings: readonly ChangedSetting[];
}

export interface EndpointReport {
  readonly endpoint: LocalEndpoint;
  readonly stacks: readonly StackOnEndpoint[];
}

export interface UseLocalEndpointOptions {
  /**
   * What the endpoint cannot serve.
   * @default EMULATOR_GAPS, measured on moto 5.2.1
   */
  readonly gaps?: readonly EmulatorGap[];
}

/**
 * Points every stack under `scope` at `endpoint` and leaves out the emulator's gaps. Call it on
 * the finished tree, before synthesis; it returns what it left out and changed, per stack.
 */
export function useLocalEndpoint(scope: IConstruct, endpoint: LocalEndpoint, options: UseLocalEndpointOptions = {}): EndpointReport {
  const gaps = options.gaps ?? EMULATOR_GAPS;
  const stacks = scope.node.findAll().filter((construct): construct is TerraformStack => TerraformStack.isStack(construct));
  const source = join(mkdtempSync(join(tmpdir(), 'baseline-endpoint-')), ENDPOINT_CONFIG_FILE);
  writeFileSync(source, endpointSharedConfig(endpoint));
  return {
    endpoint,
    stacks: stacks.map((stack) => {
      const config = new TerraformAsset(stack, 'local-endpoint-config', { path: source, type: AssetType.FILE });
      const onEndpoint = leaveOutGaps(stack, gaps);
      for (const provider of stack.node.findAll().filter((construct): construct is AwsProvider => construct instanceof AwsProvider)) {
        pointProviderAt(provider, endpoint, config.path);
      }
      pointBackendAt(stack, endpoint, config.path);
      return { stack: stack.node.id, ...onEndpoint };
    }),
  };
}

function pointProviderAt(provider: AwsProvider, endpoint: LocalEndpoint, configFile: string): void {
  const [account] = provider.allowedAccountIds ?? [];
  if (!provider.assumeRole && account) provider.assumeRole = [{ roleArn: `arn:aws:iam::${account}:role/${LOCAL_DEPLOYER_ROLE}`, sessionName: BASELINE_SESSION_NAME }];
  provider.sharedConfigFiles = [configFile];
  provider.sharedCredentialsFiles = [configFile];
  provider.s3UsePathStyle = true;
  provider.skipMetadataApiCheck = 'true';
  // A local API answers an unimplemented call with HTTP 500, which the default 25 retries would repeat
  // for minutes; a few still absorb the dropped connections of a busy single-process emulator.
  provider.maxRetries = 3;
  // S3 Control addresses <account-id>.<host>, which does not resolve for an IP address. The proxy is
  // the endpoint itself: Go never proxies a loopback host, so with 127.0.0.1 or localhost only those
  // requests take it; with another host every request does, and arrives at the same endpoint.
  provider.httpProxy = endpoint.url;
  provider.httpsProxy = endpoint.url;
}

function pointBackendAt(stack: TerraformStack, endpoint: LocalEndpoint, configFile: string): void {
  const backends = stack.node.findAll().filter((construct): construct is TerraformBackend => construct instanceof TerraformBackend);
  if (backends.length === 0) {
    new LocalBackend(stack, { path: endpointStatePath(`terraform.${stack.node.id}.tfstate`, endpoint) });
    return;
  }
  for (const backend of backends) {
    if (backend instanceof LocalBackend) {
      const current = (backend.toTerraform() as { terraform: { backend: { local: { path?: string } } } }).terraform.backend.local.path;
      backend.addOverride('path', endpointStatePath(current ?? `terraform.${stack.node.id}.tfstate`, endpoint));
    } else if (backend instanceof S3Backend) {
      backend.addOverride('endpoints', { s3: endpoint.url, sts: endpoint.url, iam: endpoint.url });
      backend.addOverride('use_path_style', true);
      backend.addOverride('skip_metadata_api_check', true);
      backend.addOverride('shared_config_files', [configFile]);
      backend.addOverride('shared_credentials_files', [configFile]);
    } else {
      throw new LocalEndpointError(
        `${LOCAL_ENDPOINT_ENV}: stack ${stack.node.id} keeps its state in a ${(backend.toMetadata() as { backend?: string }).backend ?? 'remote'} backend; only local and S3 state can be pointed at a local endpoint`,
      );
    }
  }
}

/**
 * Where a stack's local state lives under the switch: beside the usual file, in
 * `.endpoint-state/<host>-<port>/`, so that emulator state never mixes with the state of a
 * real account, nor one endpoint's with another's.
 */
export function endpointStatePath(path: string, endpoint: LocalEndpoint): string {
  const slash = path.lastIndexOf('/');
  const folder = slash >= 0 ? path.slice(0, slash + 1) : '';
  return `${folder}${posix.join(ENDPOINT_STATE_DIR, endpoint.stateFolder, path.slice(slash + 1))}`;
}

interface ResolvedResource {
  readonly construct: TerraformResource;
  readonly address: string;
  readonly path: string;
  /** Its resolved Terraform arguments. */
  readonly block: Readonly<Record<string, unknown>>;
  /** Addresses this resource waits for (`depends_on`). */
  readonly dependsOn: readonly string[];
  /** Addresses this resource takes values from (not mere ordering). */
  readonly references: ReadonlySet<string>;
}

/**
 * Removes the gap resources from the stack, and those that take a value from one (they cannot
 * exist without it); drops ordering-only dependencies on them; changes the gap settings.
 */
function leaveOutGaps(stack: TerraformStack, gaps: readonly EmulatorGap[]): Omit<StackOnEndpoint, 'stack'> {
  const resources = resolvedResources(stack);
  const leftOut = new Map<string, LeftOutResource>();
  const changedSettings: ChangedSetting[] = [];
  for (const resource of resources.values()) {
    const type = resource.construct.terraformResourceType;
    const control = controlOfPath(resource.path);
    for (const gap of gaps.filter((candidate) => candidate.resourceType === type && appliesTo(candidate, resource.block))) {
      if (isSettingGap(gap)) {
        gap.apply(resource.construct);
        changedSettings.push({ address: resource.address, control, gap });
      } else {
        leftOut.set(resource.address, { address: resource.address, type, path: resource.path, control, gap });
      }
    }
  }
  // Whatever takes a value from a left-out resource goes too, transitively.
  for (let grew = true; grew; ) {
    grew = false;
    for (const resource of resources.values()) {
      if (leftOut.has(resource.address)) continue;
      const needed = [...resource.references].find((address) => leftOut.has(address));
      if (!needed) continue;
      const type = resource.construct.terraformResourceType;
      leftOut.set(resource.address, { address: resource.address, type, path: resource.path, control: controlOfPath(resource.path), gap: leftOut.get(needed)!.gap, needs: needed });
      grew = true;
    }
  }
  for (const resource of resources.values()) {
    if (leftOut.has(resource.address)) {
      resource.construct.node.scope!.node.tryRemoveChild(resource.construct.node.id);
    } else if (resource.dependsOn.some((address) => leftOut.has(address))) {
      resource.construct.dependsOn = resource.dependsOn.filter((address) => !leftOut.has(address));
    }
  }
  return {
    leftOut: [...leftOut.values()].sort((a, b) => a.address.localeCompare(b.address)),
    changedSettings: changedSettings.filter((changed) => !leftOut.has(changed.address)).sort((a, b) => a.address.localeCompare(b.address)),
  };
}

/** A gap with `only` applies to the resources whose setting has one of its values. */
function appliesTo(gap: EmulatorGap, block: Readonly<Record<string, unknown>>): boolean {
  return !gap.only || gap.only.values.includes(String(block[gap.only.setting]));
}

/** Every resource of the stack with its resolved address, arguments and the resources whose values it uses. */
function resolvedResources(stack: TerraformStack): Map<string, ResolvedResource> {
  const json = stack.toTerraform() as { resource?: Record<string, Record<string, Record<string, unknown>>> };
  const resolved = new Map<string, ResolvedResource>();
  for (const construct of stack.node.findAll()) {
    if (!(construct instanceof TerraformResource)) continue;
    const type = construct.terraformResourceType;
    const name = construct.friendlyUniqueId;
    const { depends_on: ordering, '//': metadata, ...values } = json.resource?.[type]?.[name] ?? {};
    const references = new Set<string>();
    for (const match of JSON.stringify(values).matchAll(/\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)[.}[]/g)) references.add(match[1]);
    resolved.set(`${type}.${name}`, {
      construct,
      address: `${type}.${name}`,
      path: (metadata as { metadata?: { path?: string } } | undefined)?.metadata?.path ?? construct.node.path,
      block: values,
      dependsOn: (ordering as string[] | undefined) ?? [],
      references,
    });
  }
  return resolved;
}

/** A few lines for people: where the stacks point, and what was left out or changed, per stack. */
export function describeEndpointReport(report: EndpointReport): string {
  const lines = [`${LOCAL_ENDPOINT_ENV}=${report.endpoint.url}: every AWS provider and the state backend use it.`];
  for (const stack of report.stacks) {
    const gaps = stack.leftOut.filter((resource) => !resource.needs).length;
    const needing = stack.leftOut.length - gaps;
    const parts = [
      `${stack.leftOut.length} resource${stack.leftOut.length === 1 ? '' : 's'} left out as emulator gaps${needing > 0 ? ` (${needing} of them only because they need one)` : ''}`,
      ...(stack.changedSettings.length > 0 ? [`${stack.changedSettings.length} setting${stack.changedSettings.length === 1 ? '' : 's'} changed`] : []),
    ];
    lines.push(`  ${stack.stack}: ${parts.join(', ')}`);
  }
  lines.push('  (modules/endpoint/emulator-gaps.ts lists each gap with the emulator\'s own error)');
  return `${lines.join('\n')}\n`;
}
