/**
 * `npm run recover`: after a deploy was interrupted (Ctrl-C, a cancelled CI job, a killed
 * process), makes the next deploy resume instead of failing or duplicating what the interrupted
 * one created: it restores a lost local state from Terraform's backup, untaints what was being
 * created, and imports what AWS created but the state never recorded (scripts/lib/recovery.ts).
 * It reads AWS and writes the state; it never changes or deletes anything in AWS.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { adoptionDirFor, formatAdoptionFile, loadAdoptionFiles } from '../modules/adoption/adoption-file';
import { commandUsage, parseFlags, runAsCommand } from './lib/args';
import { SdkReader } from './lib/discovery';
import { RecoveryReport, recoverStack } from './lib/recovery';
import { prepareStackRuns, synthesizeWithAdoption } from './lib/stack-runs';

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
        summary:
          'Repairs what an interrupted deploy left, so that the next deploy resumes: restores a lost local state from its backup, ' +
          'untaints what was being created, and imports the resources AWS created that the state never recorded. Changes nothing in AWS.',
        flags: FLAGS,
        notes: ['Reads BASELINE_CONFIG and BASELINE_AWS_ENDPOINT like cdktf deploy, and signs in as the deploy of each stack does.'],
        exitCodes: ['0 done (the report says what was repaired and what was left alone)', '1 error, or arguments that are not valid'],
      }),
    );
    return 0;
  }
  const outdir = flags.values.get('--outdir') ?? 'cdktf.out';
  const stacks = flags.values.get('--stacks')?.split(',').map((name) => name.trim()).filter(Boolean);
  // Without the adoption files' import blocks, which may name what has since been replaced: recover imports what is there now.
  const { runs, endpoint, configFile, settings } = await prepareStackRuns({ outdir, stacks, log, withoutAdoption: true });
  const adoption = loadAdoptionFiles(adoptionDirFor(configFile));
  for (const run of runs) {
    const env = Object.fromEntries(Object.entries({ ...process.env, ...run.env }).filter((entry): entry is [string, string] => entry[1] !== undefined));
    const report = await recoverStack(run, new SdkReader({ endpoint: endpoint?.endpoint.url, env }), log, adoption.get(run.name));
    if (report.recorded.length > 0) {
      const before = adoption.get(run.name)?.entries ?? [];
      const file = { stack: run.name, entries: [...before.filter((entry) => !report.recorded.some((added) => added.address === entry.address)), ...report.recorded] };
      mkdirSync(adoptionDirFor(configFile), { recursive: true });
      writeFileSync(join(adoptionDirFor(configFile), `${run.name}.json`), formatAdoptionFile(file));
    }
    for (const line of describeRecovery(report)) log(line);
  }
  // cdktf.out as a deploy synthesizes it, adoption included (recover synthesized it without).
  synthesizeWithAdoption(settings, outdir, endpoint?.endpoint, adoptionDirFor(configFile));
  return 0;
}

/** What recover did to a stack, for people (and the lifecycle test, which reads the counts). */
export function describeRecovery(report: RecoveryReport): string[] {
  const lines: string[] = [];
  if (report.untainted.length > 0) lines.push(`${report.stack}: untainted ${report.untainted.length} (${report.untainted.join(', ')})`);
  if (report.adopted.length > 0) {
    lines.push(`${report.stack}: adopted ${report.adopted.length} created but never recorded:`);
    for (const orphan of report.adopted) lines.push(`  ${orphan.address} = ${orphan.importId}: ${orphan.found} (${orphan.evidence})`);
  }
  if (report.recorded.length > 0) {
    lines.push(`${report.stack}: recorded in adopt/${report.stack}.json (AWS names them, so who created them cannot be told; offboarding leaves them; commit the file): ${report.recorded.map((entry) => entry.address).join(', ')}`);
  }
  for (const left of report.leftAlone) lines.push(`${report.stack}: left alone ${left.address}: ${left.why}`);
  const repaired = report.untainted.length + report.adopted.length > 0 || report.restored !== undefined;
  lines.push(repaired ? `${report.stack}: repaired; deploy again to carry on` : `${report.stack}: nothing to repair`);
  return lines;
}

if (require.main === module) runAsCommand(recover);
