/** The lifecycle report for people: per configuration, the phases, then per stack and control. */
import { relative } from 'node:path';
import { EMULATOR } from '../../../modules/endpoint/emulator-gaps';
import type { LifecycleReport } from './lifecycle';
import { PROJECT_ROOT } from './processes';

/** A path as people in the project read it. */
const shown = (path: string) => relative(PROJECT_ROOT, path) || path;

export function lifecycleMarkdown(reports: readonly LifecycleReport[]): string {
  const lines = ['# Baseline lifecycle on a local AWS API', ''];
  lines.push(
    `Emulator: ${EMULATOR}. Each configuration was adopted where it already existed, deployed with the real cdktf CLI (interrupted and resumed), re-planned, changed through the AWS API, ` +
      'checked for drift, converged, locked, refused a destroy and offboarded. Resources the emulator cannot serve ' +
      '(modules/endpoint/emulator-gaps.ts) were left out and count as neither deployed nor failed.',
    '',
  );
  for (const report of reports) {
    lines.push(`## ${shown(report.config)}: ${report.ok ? '✅ passed' : '❌ failed'}`, '');
    lines.push(`Endpoint ${report.endpoint} (${report.emulatorStartedHere ? 'started for this run' : 'given with --endpoint, left running'}).`);
    if (report.deployedConfig !== report.config) lines.push(`Deployed as ${shown(report.deployedConfig)} (the emulator's organisation and account IDs).`);
    const { declared, deployed, leftOut, deployedPercent } = report.totals;
    lines.push(`Resources: ${declared} declared, ${deployed} deployed (${deployedPercent} %), ${leftOut} left out as emulator gaps.`, '');
    lines.push('| phase | result | seconds | detail |', '|---|---|---|---|');
    for (const phase of report.phases) {
      lines.push(`| ${phase.phase} | ${phase.skipped ? 'skipped' : phase.ok ? 'ok' : 'FAILED'} | ${phase.seconds} | ${phase.detail.replace(/\|/g, '\\|')} |`);
    }
    lines.push('');
    for (const stack of report.stacks) {
      lines.push(`### ${stack.stack} (account ${stack.account})`, '');
      lines.push('| control | declared | adopted | deployed | left out (needing a gap) | re-plan changes | drift injected | drift detected |', '|---|---|---|---|---|---|---|---|');
      for (const control of stack.controls) {
        const leftOut = control.leftOutNeedingGap > 0 ? `${control.leftOut} (${control.leftOutNeedingGap})` : `${control.leftOut}`;
        lines.push(
          `| ${control.control} | ${control.declared} | ${control.adopted} | ${control.deployed} | ${leftOut} | ${control.replanChanges} | ${control.driftInjected} | ${control.driftDetected} |`,
        );
      }
      lines.push('');
    }
    if (report.interruptions.length > 0) {
      lines.push('Deploys interrupted and resumed:', '');
      for (const interruption of report.interruptions) {
        lines.push(
          `- ${interruption.stack}, at ${Math.round(interruption.at * 100)} %: ${interruption.signal} after ${interruption.afterCreated} resources created; npm run recover untainted ${interruption.untainted} and adopted ${interruption.adopted}`,
        );
      }
      lines.push('');
    }
    if (report.injections.length > 0) {
      lines.push('Drift injected through the AWS API, and what npm run drift reported:', '');
      for (const injection of report.injections) {
        const detected = injection.detected
          ? `${injection.detected.kind} (${injection.detected.control}${injection.detected.attributes.length > 0 ? `: ${injection.detected.attributes.join(', ')}` : ''})`
          : 'not reported';
        lines.push(`- ${injection.ok ? '✅' : '❌'} ${injection.description}: \`${injection.address}\` in ${injection.stack}, ${detected}`);
      }
      lines.push('');
    }
    if (report.notes.length > 0) lines.push('Not tested in this run:', '', ...report.notes.map((note) => `- ${note}`), '');
    if (report.problems.length > 0) {
      lines.push('Problems:', '', ...report.problems.map((problem) => `- ${problem}`), '');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
