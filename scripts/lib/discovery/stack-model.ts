/**
 * A synthesized stack as discovery reads it: every resource with its construct path, its control,
 * the account and region its provider deploys into (and the role it assumes there), and the
 * other resources its arguments refer to. Nothing here calls AWS.
 */
import { controlOfPath } from '../../../modules/controls/catalogue';
import { ResourceBlock, TerraformJson, listResources } from '../stacks';

/** Where a provider acts: the account it is locked to, its region and how it signs in. */
export interface ProviderTarget {
  /** The provider's alias (`aws.<alias>` in a resource's `provider`). */
  readonly alias: string;
  readonly region: string;
  /** The one account `allowed_account_ids` allows. */
  readonly account: string;
  /** The role the provider assumes, if any; else the caller's own credentials act. */
  readonly assumeRoleArn?: string;
  readonly sessionName?: string;
}

export interface DeclaredResource {
  readonly address: string;
  readonly type: string;
  readonly path: string;
  readonly control: string;
  readonly block: ResourceBlock;
  readonly provider: ProviderTarget;
  /** Addresses of the resources whose attributes its arguments use. */
  readonly references: readonly string[];
}

export class StackModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StackModelError';
  }
}

/** The stack's AWS providers by alias (`''` for one without an alias). */
export function providerTargets(json: TerraformJson): Map<string, ProviderTarget> {
  const targets = new Map<string, ProviderTarget>();
  for (const provider of json.provider?.aws ?? []) {
    const alias = String(provider.alias ?? '');
    const accounts = (provider.allowed_account_ids as string[] | undefined) ?? [];
    const role = (provider.assume_role as Array<{ role_arn?: string; session_name?: string }> | undefined)?.[0];
    if (accounts.length !== 1) throw new StackModelError(`provider aws.${alias} is not locked to exactly one account (allowed_account_ids: ${JSON.stringify(accounts)})`);
    targets.set(alias, {
      alias,
      region: String(provider.region),
      account: accounts[0],
      ...(role?.role_arn ? { assumeRoleArn: role.role_arn, sessionName: role.session_name ?? 'account-baseline' } : {}),
    });
  }
  return targets;
}

/** `${type.name.attribute...}` in a Terraform JSON string; `$${` is an escaped literal. */
const REFERENCE = /(?<!\$)\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)((?:\.[a-z_]+|\[\d+\])+)\}/g;

/** Every resource of the stack, with its provider's target and references, in declaration order. */
export function declaredResources(json: TerraformJson): DeclaredResource[] {
  const targets = providerTargets(json);
  return listResources(json).map(({ address, type, path, block }) => {
    const alias = String(block.provider ?? '').replace(/^aws\.?/, '');
    const provider = targets.get(alias);
    if (!provider) throw new StackModelError(`${address} uses provider ${JSON.stringify(block.provider)}, which the stack does not declare`);
    const { '//': _metadata, depends_on: _ordering, lifecycle: _lifecycle, provider: _provider, ...args } = block as Record<string, unknown>;
    const references = [...new Set([...JSON.stringify(args).matchAll(REFERENCE)].map((match) => match[1]))].sort();
    return { address, type, path, control: controlOfPath(path), block, provider, references };
  });
}

/**
 * The resources in an order where every resource comes after those it refers to (a reference
 * cycle, which Terraform itself would refuse, is an error).
 */
export function dependencyOrder(resources: readonly DeclaredResource[]): DeclaredResource[] {
  const byAddress = new Map(resources.map((resource) => [resource.address, resource]));
  const ordered: DeclaredResource[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (resource: DeclaredResource, chain: readonly string[]) => {
    const seen = state.get(resource.address);
    if (seen === 'done') return;
    if (seen === 'visiting') throw new StackModelError(`reference cycle: ${[...chain, resource.address].join(' -> ')}`);
    state.set(resource.address, 'visiting');
    for (const address of resource.references) {
      const referenced = byAddress.get(address);
      if (referenced) visit(referenced, [...chain, resource.address]);
    }
    state.set(resource.address, 'done');
    ordered.push(resource);
  };
  for (const resource of resources) visit(resource, []);
  return ordered;
}

/** A reference that cannot be resolved (yet): the resource it names is not known. */
export class Unresolved extends Error {
  constructor(readonly address: string) {
    super(`${address} is not known`);
    this.name = 'Unresolved';
  }
}

/**
 * Replaces the references in a value with the attributes `known` gives for each address; throws
 * Unresolved naming the first address it does not know. A string that is one whole reference
 * becomes the attribute's value (not only strings: `roots[0].id` walks lists and objects).
 */
export function resolveReferences(value: unknown, known: (address: string) => Readonly<Record<string, unknown>> | undefined): unknown {
  if (typeof value === 'string') {
    const attribute = (address: string, path: string): unknown => {
      const values = known(address);
      if (!values) throw new Unresolved(address);
      let current: unknown = values;
      for (const step of path.match(/\.[a-z_]+|\[\d+\]/g) ?? []) {
        current = step.startsWith('[') ? (current as unknown[] | undefined)?.[Number(step.slice(1, -1))] : (current as Record<string, unknown> | undefined)?.[step.slice(1)];
      }
      if (current === undefined || current === null) throw new Unresolved(`${address}${path}`);
      return current;
    };
    const whole = new RegExp(`^${REFERENCE.source}$`).exec(value);
    if (whole) return attribute(whole[1], whole[2]);
    return value.replace(REFERENCE, (_match, address: string, path: string) => String(attribute(address, path))).replace(/\$\$\{/g, '${');
  }
  if (Array.isArray(value)) return value.map((item) => resolveReferences(item, known));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveReferences(item, known)]));
  return value;
}
