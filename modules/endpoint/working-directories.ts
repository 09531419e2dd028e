/**
 * One Terraform working directory per backend, in each synthesized stack directory. Terraform
 * keeps the backend it was initialised for in `.terraform`; a stack synthesized for another
 * backend (a local AWS API after AWS, or another endpoint) would stop `cdktf deploy` with
 * "Backend configuration changed", and its suggested `-migrate-state` would copy one state over
 * the other. So after synthesis, a `.terraform` initialised for another backend is parked as
 * `.terraform-backend-<digest>` and the one parked for the new backend, if any, comes back.
 * Nothing is deleted; a run with TF_DATA_DIR set uses its own directory and is not affected.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';

/** What identifies a backend: its type and where the state lives. */
function identity(type: string, config: Readonly<Record<string, unknown>>): string {
  const endpoints = config.endpoints as { s3?: string } | undefined;
  const where = type === 'local' ? [config.path] : type === 's3' ? [config.bucket, config.key, config.region, endpoints?.s3 ?? config.endpoint ?? ''] : [JSON.stringify(config)];
  return createHash('sha256').update(JSON.stringify([type, ...where.map((value) => String(value ?? ''))])).digest('hex').slice(0, 12);
}

/** The backend `.terraform` was initialised for, if any. */
function initialisedFor(dataDir: string): string | undefined {
  try {
    const recorded = JSON.parse(readFileSync(join(dataDir, 'terraform.tfstate'), 'utf8')) as { backend?: { type?: string; config?: Record<string, unknown> } };
    return recorded.backend?.type ? identity(recorded.backend.type, recorded.backend.config ?? {}) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Makes `<stackDir>/.terraform` the working directory of `backend` (a synthesized stack's
 * `terraform.backend`): returns what it did.
 */
export function useWorkingDirectoryOf(stackDir: string, backend: Readonly<Record<string, Readonly<Record<string, unknown>>>> | undefined): 'unchanged' | 'set aside' | 'switched' {
  const [type, config] = Object.entries(backend ?? { local: {} })[0];
  const wanted = identity(type, config);
  const dataDir = join(stackDir, '.terraform');
  let setAside = false;
  if (existsSync(dataDir)) {
    const current = initialisedFor(dataDir);
    // Not initialised for any backend yet, or for this one: nothing to do.
    if (current === undefined || current === wanted) return 'unchanged';
    renameSync(dataDir, join(stackDir, `.terraform-backend-${current}`));
    setAside = true;
  }
  const parked = join(stackDir, `.terraform-backend-${wanted}`);
  if (!existsSync(parked)) return setAside ? 'set aside' : 'unchanged';
  renameSync(parked, dataDir);
  return 'switched';
}
