/**
 * Turns a stack's adoption file into Terraform: an import block for each adopted resource, the
 * existing value of each argument whose change would replace it, and `prevent_destroy`, so that
 * no plan can delete or replace what the owner had. An adopted resource the stack no longer
 * declares (its control switched off) is released: a `removed` block forgets it without
 * destroying it. Without an adoption file nothing here runs and the output is unchanged.
 */
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformElement, TerraformResource, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AdoptionEntry, AdoptionFile, isUnresolved } from './adoption-file';

/** What the file did to the stack. */
export interface AdoptionApplied {
  /** Addresses given an import block. */
  readonly imported: readonly string[];
  /** Existed before, cannot be imported: written over, protected and released on offboarding. */
  readonly writtenOver: readonly string[];
  /** Adopted earlier, no longer declared: released from the state, left in AWS. */
  readonly released: readonly string[];
  /** Entries that still wait for the owner's decision: synthesis fails on them. */
  readonly unresolved: readonly AdoptionEntry[];
}

/** `removed` blocks: Terraform forgets these resources without destroying them (Terraform >= 1.7). */
class ReleasedResources extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly addresses: readonly string[],
  ) {
    super(scope, id);
  }

  override toTerraform(): Record<string, unknown> {
    return { removed: this.addresses.map((address) => ({ from: address, lifecycle: { destroy: false } })) };
  }
}

/** Applies `file` to `stack` (before synthesis, after every construct is built). */
export function applyAdoption(stack: TerraformStack, file: AdoptionFile): AdoptionApplied {
  const resources = new Map(
    stack.node
      .findAll()
      .filter((construct): construct is TerraformResource => construct instanceof TerraformResource)
      .map((resource) => [resource.node.path, resource]),
  );
  const problems: string[] = [];
  const imported: string[] = [];
  const writtenOver: string[] = [];
  const released: string[] = [];
  const unresolved = file.entries.filter(isUnresolved);
  for (const entry of file.entries) {
    if (isUnresolved(entry)) continue;
    const resource = resources.get(entry.path);
    if (!resource) {
      released.push(entry.address);
      continue;
    }
    const provider = resource.provider as AwsProvider | undefined;
    const account = provider?.allowedAccountIds?.[0];
    if (resource.terraformResourceType !== entry.type) {
      problems.push(`${entry.path} is a ${resource.terraformResourceType}, but the adoption file says ${entry.type}: run npm run adopt again`);
      continue;
    }
    if (account !== entry.account || provider?.region !== entry.region) {
      problems.push(`${entry.path} deploys into account ${account} in ${provider?.region}, but was found in account ${entry.account} in ${entry.region}: run npm run adopt again`);
      continue;
    }
    for (const [attribute, value] of Object.entries(entry.keep ?? {})) resource.addOverride(attribute, value);
    resource.addOverride('lifecycle.prevent_destroy', true);
    if (entry.importId) {
      resource.importFrom(entry.importId, provider);
      imported.push(entry.address);
    } else {
      writtenOver.push(entry.address);
    }
  }
  if (released.length > 0) new ReleasedResources(stack, 'adoption-released', released);
  if (problems.length > 0 || unresolved.length > 0) {
    stack.node.addValidation({
      validate: () => [
        ...problems,
        ...unresolved.map((entry) => `adopt/${file.stack}.json: ${entry.path} waits for your decision: ${entry.conflict?.why ?? entry.found}. ${entry.conflict?.choice ?? 'Run npm run adopt.'}`),
      ],
    });
  }
  return { imported, writtenOver, released, unresolved };
}
