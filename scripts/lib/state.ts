/** Reading a stack's Terraform state, for the scripts that repair or take down a deployment. */
import { runTerraform } from './offline-terraform';

export interface StateResource {
  readonly address: string;
  readonly type: string;
  readonly values: Readonly<Record<string, any>>;
  /** Terraform marked it for replacement: its creation or update was interrupted or failed. */
  readonly tainted: boolean;
}

interface StateModule {
  readonly resources?: ReadonlyArray<{ address: string; type: string; mode: string; values?: Record<string, any>; tainted?: boolean }>;
  readonly child_modules?: readonly StateModule[];
}

/** Runs a terraform command in a stack directory and throws, with its output, when it fails. */
export async function terraformIn(dir: string, args: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<string> {
  const run = await runTerraform(args, { cwd: dir, env });
  if (run.code !== 0) throw new Error(`terraform ${args.join(' ')} failed in ${dir} (exit ${run.code}):\n${run.output.trim().split('\n').slice(-30).join('\n')}`);
  return run.stdout;
}

/** Every managed resource in the stack's state (init must have run). */
export async function readState(dir: string, env: Readonly<Record<string, string | undefined>>): Promise<StateResource[]> {
  const text = await terraformIn(dir, ['show', '-json', '-no-color'], env);
  const state = JSON.parse(text) as { values?: { root_module?: StateModule } };
  const resources: StateResource[] = [];
  const walk = (module: StateModule | undefined) => {
    for (const resource of module?.resources ?? []) {
      if (resource.mode !== 'managed') continue;
      resources.push({ address: resource.address, type: resource.type, values: resource.values ?? {}, tainted: resource.tainted === true });
    }
    for (const child of module?.child_modules ?? []) walk(child);
  };
  walk(state.values?.root_module);
  return resources;
}
