/**
 * The alert a containment writes: its facts (what was contained, why, on whose action, with the
 * link to the event) and its lines in the account's language, with the commands that undo it.
 * Pure: the containment function publishes what this writes.
 */
import type { ContainmentPlan, ContainmentSettings } from './containment-rules';
import { stepLines, textsFor } from './messages/languages';
import { links } from './messages/links';
import type { AlertTexts, ContainmentFacts } from './messages/types';

/** Every alert text, in the account's language. */
export const textsOf = (settings: ContainmentSettings): AlertTexts => textsFor(settings.language);

/** What the alert says of a containment: the account, region, cause, how many and the event behind it. */
export function containmentFacts(plan: Extract<ContainmentPlan, { kind: 'contain-compute' }>, settings: ContainmentSettings, count: number, notStopped: number): ContainmentFacts {
  const { region, trigger } = plan;
  const cloudTrail = trigger.source === 'cloudtrail';
  return {
    account: settings.accountId,
    region,
    dryRun: settings.dryRun,
    count,
    notStopped,
    cause: plan.cause,
    trigger: {
      source: trigger.source,
      name: trigger.name,
      who: !cloudTrail ? undefined : plan.cause.kind === 'root' ? textsOf(settings).containment.rootUser(/access key (\S+)/.exec(trigger.who)?.[1]) : trigger.who,
      sourceIp: trigger.sourceIp,
      time: trigger.time,
      link: cloudTrail ? links.cloudTrailEvent(region, trigger.eventId) : links.guardDutyFinding(region, trigger.eventId),
    },
  };
}

/** The alert's lines: headline, why, trigger, details, what was cancelled or suspended, and the steps to undo or finish it. */
export function containmentMessage(
  texts: AlertTexts,
  facts: ContainmentFacts,
  settings: ContainmentSettings,
  result: { contained: string[]; failed: Array<{ id: string; error: string }>; cannotStop: string[]; cancelled: string[]; suspendedGroups: string[]; details: string[] },
): string[] {
  const { region } = facts;
  const words = texts.containment;
  const ids = result.contained.join(' ');
  const lines = [words.headline(facts), words.why(facts), words.trigger(facts), '', ...result.details];
  if (result.cancelled.length > 0) lines.push(words.cancelled(result.cancelled));
  if (result.suspendedGroups.length > 0) lines.push(words.suspended(result.suspendedGroups));
  const undo = ids
    ? {
        command: `aws ec2 delete-tags --region ${region} --resources ${ids} --tags Key=${settings.tagKey} && aws ec2 start-instances --region ${region} --instance-ids ${ids}`,
        resume: result.suspendedGroups.map((group) => `aws autoscaling resume-processes --region ${region} --auto-scaling-group-name ${group}`),
      }
    : undefined;
  const stoppable = result.failed.map((entry) => entry.id).filter((id) => !result.cannotStop.includes(id));
  const stillRunning =
    result.failed.length > 0
      ? {
          ids: stoppable,
          stop: stoppable.map((id) => `aws ec2 modify-instance-attribute --region ${region} --instance-id ${id} --no-disable-api-stop`).concat(stoppable.length > 0 ? [`aws ec2 stop-instances --region ${region} --instance-ids ${stoppable.join(' ')}`] : []).join(' && '),
          cannotStop: result.cannotStop,
        }
      : undefined;
  // The evidence line is about stopped instances: none were, when all failed.
  lines.push('', ...(result.contained.length > 0 ? [words.evidence, ''] : []), ...stepLines(texts, words.steps(facts, undo, stillRunning)));
  return lines;
}
