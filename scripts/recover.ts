/**
 * `npm run recover`: after a deploy was interrupted (Ctrl-C, a cancelled CI job), makes the next
 * deploy resume instead of replacing what the interrupted one created.
 *
 * Terraform marks a resource whose creation was interrupted as tainted, and plans to replace it:
 * the next deploy would schedule a second KMS key for deletion, and is refused outright for the
 * evidence bucket and key, which carry prevent_destroy. They exist in AWS; untainting them lets
 * the next deploy compare and repair them in place.
 */
import { commandUsage, parseFlags, runAsCommand } from './lib/args';
import { prepareStackRuns } from './lib/stack-runs';
import { readState, terraformIn } from './lib/state';

const FLAGS = {
  '--stacks': { kind: 'value', placeholder: 'a,b', description: 'only these stacks (default: every stack of the configuration)' },
  '--outdir': { kind: 'value', placeholder: 'DIR', description: 'where to synthesize (default: cdktf.out, as cdktf deploy)' },
} as const;

export async function recover(argv: readonly string[], log: (line: string) => void): Promise<number> {
  const flags = parseFlags(argv, FLAGS);
  if (flags.help) {
    log(
      commandUsage({
        command: 'npm run recover --',
        summary: 'Untaints the resources an interrupted deploy left tainted, so that the next deploy repairs them in place.',
        flags: FLAGS,
        notes: ['Reads BASELINE_CONFIG and BASELINE_AWS_ENDPOINT like cdktf deploy.'],
        exitCodes: ['0 done', '1 error, or arguments that are not valid'],
      }),
    );
    return 0;
  }
  const outdir = flags.values.get('--outdir') ?? 'cdktf.out';
  const stacks = flags.values.get('--stacks')?.split(',').map((name) => name.trim()).filter(Boolean);
  const { runs } = await prepareStackRuns({ outdir, stacks, log });
  for (const run of runs) {
    await terraformIn(run.dir, ['init', '-input=false', '-no-color'], run.env);
    const tainted = (await readState(run.dir, run.env)).filter((resource) => resource.tainted);
    for (const resource of tainted) await terraformIn(run.dir, ['untaint', '-no-color', resource.address], run.env);
    log(
      tainted.length === 0
        ? `${run.name}: nothing tainted`
        : `${run.name}: untainted ${tainted.length} (${tainted.map((resource) => resource.address).join(', ')}); deploy again to repair them in place`,
    );
  }
  return 0;
}

if (require.main === module) runAsCommand(recover);
