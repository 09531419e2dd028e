/**
 * The containment function: runs in the home region as a Lambda function and acts in the region
 * an event came from. It stops (never terminates) EC2 instances that the root user launched,
 * that anyone but an exempt role launched outside the allowed regions, or that GuardDuty names in
 * a crypto-mining or command-and-control finding; cancels the spot requests and fleets behind
 * them; optionally deactivates an IAM user's access key named in a high-severity credential
 * finding; tags what it contained; and tells a person what happened and how to undo it.
 *
 * Plain TypeScript on the AWS SDK v3 that the Lambda Node.js runtime ships; it honours
 * AWS_ENDPOINT_URL as the SDK does. Deciding (planContainment) is pure; acting takes its clients
 * as arguments, so both can be tested without Lambda.
 */
import {
  CancelSpotFleetRequestsCommand,
  CancelSpotInstanceRequestsCommand,
  CreateTagsCommand,
  DeleteFleetsCommand,
  DescribeFleetInstancesCommand,
  DescribeInstancesCommand,
  DescribeSpotFleetInstancesCommand,
  DescribeSpotInstanceRequestsCommand,
  EC2Client,
  ModifyInstanceAttributeCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import { AutoScalingClient, CreateOrUpdateTagsCommand, DescribeAutoScalingGroupsCommand, SuspendProcessesCommand } from '@aws-sdk/client-auto-scaling';
import { IAMClient, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { ContainmentPlan, ContainmentSettings, SETTINGS_VARIABLE, planContainment } from './containment-rules';
import { containmentFacts, containmentMessage, textsOf } from './containment-message';
import { stepLines, subjectLine } from './messages/languages';
import { links } from './messages/links';

export * from './containment-rules';

/** The clients the function acts through; tests pass their own. */
export interface ContainmentClients {
  ec2(region: string): Pick<EC2Client, 'send'>;
  autoScaling(region: string): Pick<AutoScalingClient, 'send'>;
  iam(): Pick<IAMClient, 'send'>;
  sns(): Pick<SNSClient, 'send'>;
}

export interface ContainmentOutcome {
  readonly plan: ContainmentPlan['kind'];
  /** Instances stopped now (or, on a dry run, that would have been). */
  readonly contained: readonly string[];
  /** Of those, the ones whose stop protection (`DisableApiStop`) was switched off to stop them. */
  readonly protectionLifted: readonly string[];
  /** Already stopped, stopping or gone: a repeated event. */
  readonly alreadyContained: readonly string[];
  /** Could not be stopped, with AWS's reason. */
  readonly failed: ReadonlyArray<{ readonly id: string; readonly error: string }>;
  readonly cancelled: readonly string[];
  readonly suspendedGroups: readonly string[];
  readonly deactivatedKey?: string;
  /** Whether a message went to the alert topic. */
  readonly alerted: boolean;
  readonly why?: string;
}

/** StopInstances refused because the instance has stop protection (`DisableApiStop`). */
const STOP_PROTECTED = 'OperationNotPermitted';
/** StopInstances refused because the root volume is instance store: such an instance can only be terminated. */
const INSTANCE_STORE = /UnsupportedOperation/;

/** Errors worth another try: the instance is still starting, or AWS is throttling. */
const RETRYABLE = /^(IncorrectInstanceState|RequestLimitExceeded|Throttling|ThrottlingException|InternalError|ServiceUnavailable|Unavailable)$/;

const errorName = (error: unknown) => (error as { name?: string }).name ?? 'Error';
const errorText = (error: unknown) => `${errorName(error)}: ${(error as Error).message ?? String(error)}`;

/** Carries out a plan; throws (after alerting on what it did) when something deserves a retry. */
export async function carryOut(plan: ContainmentPlan, settings: ContainmentSettings, clients: ContainmentClients, now: () => Date = () => new Date()): Promise<ContainmentOutcome> {
  const none = { contained: [], protectionLifted: [], alreadyContained: [], failed: [], cancelled: [], suspendedGroups: [] };
  if (plan.kind === 'leave-alone') return { plan: plan.kind, ...none, alerted: false, why: plan.why };
  const texts = textsOf(settings);
  if (plan.kind === 'unreadable') {
    await publish(clients, settings, `${texts.subjectTag('high')}${texts.containment.unreadableSubject}`, [
      texts.containment.unreadable(settings.accountId, plan.why),
      '',
      ...stepLines(texts, texts.containment.unreadableSteps),
    ]);
    return { plan: plan.kind, ...none, alerted: true, why: plan.why };
  }
  if (plan.kind === 'deactivate-access-key') return deactivateKey(plan, settings, clients);

  const ec2 = clients.ec2(plan.region);
  const cancelled: string[] = [];
  const instanceIds = new Set(plan.instanceIds);
  const retry: string[] = [];
  // Spot requests and fleets first, so they launch no replacements; their instances join the list.
  // Only what was still live counts as cancelled now, so that a repeated event alerts nobody twice.
  const live = (state: string | undefined) => state !== undefined && !/^(cancelled|closed|failed|deleted)/.test(state);
  if (plan.spotRequestIds.length > 0) {
    const described = await ec2.send(new DescribeSpotInstanceRequestsCommand({ SpotInstanceRequestIds: [...plan.spotRequestIds] }));
    const open = (described.SpotInstanceRequests ?? []).filter((request) => live(request.State)).map((request) => request.SpotInstanceRequestId!);
    for (const request of described.SpotInstanceRequests ?? []) if (request.InstanceId) instanceIds.add(request.InstanceId);
    if (!settings.dryRun && open.length > 0) {
      await ec2.send(new CancelSpotInstanceRequestsCommand({ SpotInstanceRequestIds: open }));
      cancelled.push(...open);
    }
  }
  for (const id of plan.spotFleetRequestIds) {
    const described = await ec2.send(new DescribeSpotFleetInstancesCommand({ SpotFleetRequestId: id }));
    for (const instance of described.ActiveInstances ?? []) if (instance.InstanceId) instanceIds.add(instance.InstanceId);
    if (!settings.dryRun) {
      const result = await ec2.send(new CancelSpotFleetRequestsCommand({ SpotFleetRequestIds: [id], TerminateInstances: false }));
      if ((result.SuccessfulFleetRequests ?? []).some((request) => live(request.PreviousSpotFleetRequestState))) cancelled.push(id);
    }
  }
  for (const id of plan.fleetIds) {
    try {
      const described = await ec2.send(new DescribeFleetInstancesCommand({ FleetId: id }));
      for (const instance of described.ActiveInstances ?? []) if (instance.InstanceId) instanceIds.add(instance.InstanceId);
    } catch (error) {
      // An instant fleet cannot be described once it has launched; its instances came with the event.
      if (!/InvalidFleetId|InvalidParameter|Unsupported/.test(errorName(error))) throw error;
    }
    if (!settings.dryRun) {
      const deleted = await ec2.send(new DeleteFleetsCommand({ FleetIds: [id], TerminateInstances: false }));
      if ((deleted.SuccessfulFleetDeletions ?? []).some((fleet) => live(fleet.PreviousFleetState))) cancelled.push(id);
    }
  }

  // A resumed Auto Scaling group: its instances, of which only the contained ones are ours.
  for (const group of plan.groupNames ?? []) {
    const described = await clients.autoScaling(plan.region).send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [group] }));
    for (const found of described.AutoScalingGroups ?? []) for (const instance of found.Instances ?? []) if (instance.InstanceId) instanceIds.add(instance.InstanceId);
  }
  const ids = [...instanceIds].sort();
  const described = ids.length > 0 ? await ec2.send(new DescribeInstancesCommand({ InstanceIds: ids })) : { Reservations: [] };
  const isContained = (instance: { Tags?: Array<{ Key?: string }> }) => (instance.Tags ?? []).some((tag) => tag.Key === settings.tagKey);
  const instances = (described.Reservations ?? [])
    .flatMap((reservation) => reservation.Instances ?? [])
    // A release (StartInstances, ResumeProcesses) concerns only what the function had contained.
    .filter((instance) => !plan.onlyContained || isContained(instance))
    .sort((a, b) => (a.InstanceId ?? '').localeCompare(b.InstanceId ?? ''));
  const contained: string[] = [];
  const protectionLifted: string[] = [];
  const cannotStop: string[] = [];
  const alreadyContained: string[] = [];
  const failed: Array<{ id: string; error: string }> = [];
  const groups = new Map<string, string[]>();
  const details: string[] = [];
  const tagValue = `${settings.dryRun ? 'DRY RUN, not stopped: ' : ''}${plan.reason}`.slice(0, 200) + ` (${now().toISOString()})`;
  for (const instance of instances) {
    const id = instance.InstanceId!;
    const state = instance.State?.Name ?? 'unknown';
    const taggedByUs = (instance.Tags ?? []).some((tag) => tag.Key === settings.tagKey);
    // Stopped, stopping or gone: a repeat of an event already handled, or nothing left to stop.
    // A dry run leaves instances running, so its tag is what marks them as handled.
    if (!['pending', 'running'].includes(state) || (settings.dryRun && taggedByUs)) {
      alreadyContained.push(id);
      continue;
    }
    let lifted = false;
    if (!settings.dryRun) {
      try {
        const stop = () => ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
        let stopped;
        try {
          stopped = await stop();
        } catch (error) {
          // Stop protection: an intruder's RunInstances with DisableApiStop. Switch it off (the role may change
          // only that attribute), then stop. Never terminate.
          if (errorName(error) !== STOP_PROTECTED) throw error;
          await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, DisableApiStop: { Value: false } }));
          lifted = true;
          stopped = await stop();
        }
        const previous = stopped.StoppingInstances?.[0]?.PreviousState?.Name;
        // Another invocation of the same event got there first: it alerts, this one does not.
        if (previous && !['pending', 'running'].includes(previous)) {
          alreadyContained.push(id);
          continue;
        }
      } catch (error) {
        const name = errorName(error);
        if (RETRYABLE.test(name)) retry.push(id);
        failed.push({ id, error: errorText(error) });
        const why = instance.InstanceLifecycle === 'spot' ? 'one-time-spot' : INSTANCE_STORE.test(name) || instance.RootDeviceType === 'instance-store' ? 'instance-store' : undefined;
        if (why) cannotStop.push(id);
        details.push(texts.containment.notStopped(id, instance.InstanceType ?? '?', state, errorText(error), why));
        continue;
      }
    }
    await ec2.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: settings.tagKey, Value: tagValue }] }));
    contained.push(id);
    if (lifted) protectionLifted.push(id);
    const group = (instance.Tags ?? []).find((tag) => tag.Key === 'aws:autoscaling:groupName')?.Value;
    if (group) groups.set(group, [...(groups.get(group) ?? []), id]);
    details.push(texts.containment.instance(id, instance.InstanceType ?? '?', instance.LaunchTime ? new Date(instance.LaunchTime).toISOString() : '?', settings.dryRun, group, lifted));
  }
  // A resumed group that holds a contained instance is suspended again, whatever the instance's state now.
  for (const instance of instances) {
    const group = (instance.Tags ?? []).find((tag) => tag.Key === 'aws:autoscaling:groupName')?.Value;
    if (group && (plan.groupNames ?? []).includes(group) && !groups.has(group)) groups.set(group, []);
  }
  // An Auto Scaling group would terminate a stopped instance (the evidence) and launch another.
  const suspendedGroups: string[] = [];
  if (!settings.dryRun) {
    for (const group of [...groups.keys()].sort()) {
      await clients.autoScaling(plan.region).send(new SuspendProcessesCommand({ AutoScalingGroupName: group, ScalingProcesses: SUSPENDED_PROCESSES }));
      // The group carries the tag too (not passed on to new instances): in member accounts the keep-contained SCP
      // then lets nobody but the exempt roles resume, empty or delete it.
      await clients
        .autoScaling(plan.region)
        .send(new CreateOrUpdateTagsCommand({ Tags: [{ ResourceId: group, ResourceType: 'auto-scaling-group', Key: settings.tagKey, Value: tagValue, PropagateAtLaunch: false }] }));
      suspendedGroups.push(group);
    }
  }
  const missing = plan.onlyContained ? [] : ids.filter((id) => !instances.some((instance) => instance.InstanceId === id));
  for (const id of missing) details.push(texts.containment.notFound(id, plan.region));

  const acted = contained.length > 0 || failed.length > 0 || cancelled.length > 0 || ((plan.groupNames ?? []).length > 0 && suspendedGroups.length > 0);
  if (acted) {
    const facts = containmentFacts(plan, settings, contained.length, failed.length);
    // An instance still running after containment is the worst news this function can send.
    const severity = failed.length > 0 ? 'critical' : settings.dryRun ? 'medium' : 'high';
    await publish(
      clients,
      settings,
      `${texts.subjectTag(severity)}${texts.containment.subject(facts)}`,
      containmentMessage(texts, facts, settings, { contained, failed, cannotStop, cancelled, suspendedGroups, details }),
    );
  }
  const outcome = { plan: plan.kind, contained, protectionLifted, alreadyContained, failed, cancelled, suspendedGroups, alerted: acted };
  if (retry.length > 0) {
    throw new ContainmentRetry(`could not stop ${retry.join(', ')} yet (${failed.filter((entry) => retry.includes(entry.id)).map((entry) => entry.error).join('; ')}); retrying`, outcome);
  }
  return outcome;
}

/** Thrown so that Lambda retries the event (and after the last retry, sends it to the dead-letter queue). */
export class ContainmentRetry extends Error {
  constructor(message: string, readonly outcome: ContainmentOutcome) {
    super(message);
    this.name = 'ContainmentRetry';
  }
}

/** Auto Scaling processes suspended on a group whose instance was contained. */
export const SUSPENDED_PROCESSES = ['Launch', 'Terminate', 'HealthCheck', 'ReplaceUnhealthy', 'AZRebalance', 'AlarmNotification', 'ScheduledActions', 'InstanceRefresh'];

async function deactivateKey(plan: Extract<ContainmentPlan, { kind: 'deactivate-access-key' }>, settings: ContainmentSettings, clients: ContainmentClients): Promise<ContainmentOutcome> {
  if (!settings.dryRun) {
    await clients.iam().send(new UpdateAccessKeyCommand({ UserName: plan.userName, AccessKeyId: plan.accessKeyId, Status: 'Inactive' }));
  }
  const texts = textsOf(settings);
  const finding = links.guardDutyFinding(plan.region, plan.trigger.eventId);
  await publish(clients, settings, `${texts.subjectTag(settings.dryRun ? 'medium' : 'high')}${texts.containment.keySubject(plan.userName, settings.accountId, settings.dryRun)}`, [
    texts.containment.keyHeadline(plan.userName, plan.accessKeyId, settings.accountId, settings.dryRun),
    '',
    `${plan.trigger.name}: ${plan.trigger.who}`,
    '',
    ...stepLines(texts, texts.containment.keySteps(plan.userName, plan.accessKeyId, finding)),
  ]);
  return { plan: plan.kind, contained: [], protectionLifted: [], alreadyContained: [], failed: [], cancelled: [], suspendedGroups: [], deactivatedKey: plan.accessKeyId, alerted: true };
}

async function publish(clients: ContainmentClients, settings: ContainmentSettings, subject: string, lines: readonly string[]): Promise<void> {
  await clients.sns().send(new PublishCommand({ TopicArn: settings.topicArn, Subject: subjectLine(subject), Message: lines.join('\n') }));
}

/** Reads and checks the settings from the environment; a function without them must not guess. */
export function settingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): ContainmentSettings {
  const raw = env[SETTINGS_VARIABLE];
  if (!raw) throw new Error(`${SETTINGS_VARIABLE} is not set`);
  const settings = JSON.parse(raw) as ContainmentSettings;
  for (const key of ['accountId', 'topicArn', 'tagKey'] as const) {
    if (typeof settings[key] !== 'string' || settings[key] === '') throw new Error(`${SETTINGS_VARIABLE}.${key} must be a non-empty string`);
  }
  return settings;
}

/** Clients for the real thing: one per region, made on first use; AWS_ENDPOINT_URL is honoured by the SDK. */
export function sdkClients(homeRegion: string | undefined = process.env.AWS_REGION): ContainmentClients {
  const ec2 = new Map<string, EC2Client>();
  const autoScaling = new Map<string, AutoScalingClient>();
  let iam: IAMClient | undefined;
  let sns: SNSClient | undefined;
  const retries = { maxAttempts: 4 };
  return {
    ec2: (region) => ec2.get(region) ?? ec2.set(region, new EC2Client({ region, ...retries })).get(region)!,
    autoScaling: (region) => autoScaling.get(region) ?? autoScaling.set(region, new AutoScalingClient({ region, ...retries })).get(region)!,
    iam: () => (iam ??= new IAMClient({ region: 'us-east-1', ...retries })),
    sns: () => (sns ??= new SNSClient({ region: homeRegion, ...retries })),
  };
}

let defaultClients: ContainmentClients | undefined;

/** The Lambda entry point. */
export async function handler(event: unknown): Promise<ContainmentOutcome> {
  const settings = settingsFromEnvironment();
  defaultClients ??= sdkClients();
  const started = Date.now();
  const plan = planContainment(event, settings);
  const outcome = await carryOut(plan, settings, defaultClients);
  // One line per event in the function's log, for whoever investigates later.
  console.log(JSON.stringify({ containment: outcome, milliseconds: Date.now() - started, eventId: (event as { id?: string } | undefined)?.id }));
  return outcome;
}
