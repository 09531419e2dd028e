import { HUMAN_USERS_GROUP, links } from './links';
import type { AlertFacts, AlertTexts, ContainmentFacts, Step } from './types';

const account = (facts: { account: string }) => `AWS account ${facts.account}`;
const action = (facts: AlertFacts) => facts.eventName ?? 'an action';
const where = (facts: AlertFacts) => (facts.region ? ` in ${facts.region}` : '');
const money = (value: string | undefined) => (value ? `$${value.replace(/^\$/, '')}` : 'an unknown amount');
const eventStep = (facts: AlertFacts, text = 'See exactly what was done, by whom and from where:'): Step => ({ text, link: links.cloudTrailEvent(facts.region, facts.eventId) });
const compromisedSteps = (who: string | undefined): Step[] => [
  { text: 'Look for instances you did not start, in every region at once:', link: links.ec2GlobalView },
  { text: `If this is not your team's doing, treat the account as taken over: deactivate ${who ?? 'the access keys and users you do not know'} and change the passwords.`, link: links.iamHome },
];
const containmentWhy = (facts: ContainmentFacts) => {
  const { cause } = facts;
  if (cause.kind === 'root') return 'the root user launched it; nobody should run compute as root';
  if (cause.kind === 'unused-region') return `it was launched in ${facts.region}, outside the regions this account uses (${cause.allowedRegions.join(', ')})`;
  if (cause.kind === 'released') {
    return `the baseline had contained it, and someone started it again (or resumed its Auto Scaling group) who may not release it: ${cause.exemptRoleArns.length > 0 ? `only ${cause.exemptRoleArns.join(', ')} may` : 'to release it, remove its tag first (the command below), which alerts'}`;
  }
  return `GuardDuty reports ${cause.type} (${cause.severity}) on it${cause.title ? `: ${cause.title}` : ''}`;
};

/** English, the default. */
export const EN: AlertTexts = {
  name: 'English',
  severity: { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' },
  subjectTag: (severity) => `[${EN.severity[severity]}] `,
  labels: {
    account: 'Account',
    region: 'Region',
    time: 'When',
    who: 'Who',
    from: 'From',
    action: 'Action',
    refused: 'Refused by AWS',
    mfaUsed: 'MFA used',
    severity: 'Severity',
    finding: 'Finding',
    resource: 'Resource',
    rule: 'Rule',
    budget: 'Budget',
    amount: 'Amount',
    causes: 'Main causes',
    alarm: 'Alarm',
  },
  outsideAllowedRegions: (region, allowed) => `${region} is outside your allowed regions (${allowed.join(', ')}): nobody on your team should be working there.`,
  stepsHeading: 'What to do now:',
  budgetKind: { ACTUAL: 'actual', FORECASTED: 'forecast' },
  footer: (id) => `Sent by the AWS account baseline of account ${id}.`,
  tamperAreas: { logging: 'audit logging', detection: 'threat detection', alertPath: 'alert path', spend: 'spend alerts', account: 'account settings', identity: 'identities and credentials' },

  rootActivity: (facts) => ({
    subject: facts.eventName === 'ConsoleLogin' ? `Root user signed in to ${account(facts)}` : `Root user used in ${account(facts)}: ${action(facts)}`,
    headline:
      facts.eventName === 'ConsoleLogin'
        ? `Someone signed in to ${account(facts)} as the root user, the identity that can do anything.`
        : `Someone used the root user of ${account(facts)}, the identity that can do anything: ${action(facts)}${where(facts)}.`,
    steps: [
      { text: 'If it was not you, sign in as the root user now and change its password.', link: links.rootCredentials },
      { text: 'On the same page, delete every root access key and make sure MFA is on for the root user.', link: links.rootCredentials },
      eventStep(facts),
    ],
  }),
  signInWithoutMfa: (facts) => ({
    subject: `${facts.userName ?? 'An IAM user'} signed in without MFA to ${account(facts)}`,
    headline: `IAM user ${facts.userName ?? '(unknown)'} signed in to the console of ${account(facts)} without MFA.`,
    steps: [
      { text: `Ask ${facts.userName ?? 'the user'} whether it was them. If not, disable their password and access keys now:`, link: links.iamUser(facts.userName) },
      { text: `Make MFA compulsory: put the user in the group ${HUMAN_USERS_GROUP}, whose policy allows almost nothing until MFA is on.`, link: links.iamGroup(HUMAN_USERS_GROUP) },
      eventStep(facts, 'See the sign-in:'),
    ],
  }),
  guardDutyFinding: (facts) => {
    const mining = /^(CryptoCurrency:|Impact:EC2\/BitcoinDomainRequest|Impact:Runtime\/CryptoMiner)/.test(facts.findingType);
    const steps: Step[] = [{ text: 'Open the finding and read what GuardDuty saw:', link: links.guardDutyFinding(facts.region, facts.findingId) }];
    if (facts.instanceId) {
      steps.push({ text: `If you do not know instance ${facts.instanceId}, stop it (do not terminate it: its disk is the evidence). The baseline's containment may already have stopped it.`, link: links.ec2Instance(facts.region, facts.instanceId) });
    } else if (facts.accessKeyId) {
      steps.push({ text: `If you do not recognise this use of access key ${facts.accessKeyId}, deactivate it:`, link: links.iamUser(facts.userName) });
    }
    if (mining) steps.push(...compromisedSteps(undefined));
    else steps.push({ text: 'If the activity is expected, archive the finding in GuardDuty so it does not alert again.' });
    return {
      subject: `GuardDuty: ${facts.findingType} in ${facts.region ?? '?'}, ${account(facts)}`,
      headline: `GuardDuty reports a ${EN.severity[facts.severity].toLowerCase()}-severity threat in ${account(facts)}${where(facts)}: ${facts.title ?? facts.findingType}`,
      steps: steps.slice(0, 4),
    };
  },
  configNonCompliance: (facts) => ({
    subject: `AWS Config: ${facts.rule} is not met in ${account(facts)}`,
    headline: `AWS Config found ${facts.resourceType ?? 'a resource'} ${facts.resourceId ?? ''} breaking the rule ${facts.rule} in ${account(facts)}.`.replace('  ', ' '),
    steps: [
      { text: 'Open the rule to see which resource fails and why:', link: links.configRule(facts.region, facts.rule) },
      { text: "Fix the resource (the rule's page says how); AWS Config checks it again by itself.", link: links.configResource(facts.region, facts.resourceType, facts.resourceId) },
    ],
  }),
  tamper: (area, facts) => ({
    subject: facts.error
      ? `Refused attempt on the baseline (${EN.tamperAreas[area]}): ${action(facts)}, ${account(facts)}`
      : `Baseline changed (${EN.tamperAreas[area]}): ${action(facts)}, ${account(facts)}`,
    headline: facts.error
      ? `Someone tried to change the baseline's ${EN.tamperAreas[area]} in ${account(facts)} (${action(facts)}), and AWS refused it.`
      : `Someone changed the baseline's ${EN.tamperAreas[area]} in ${account(facts)}: ${action(facts)}${facts.service ? ` (${facts.service})` : ''}. An intruder switches off what would catch them first.`,
    steps: [
      eventStep(facts, 'Ask your team whether anyone did this on purpose; the event shows who, when and from where:'),
      { text: `If nobody did, treat the account as taken over: deactivate the credentials of ${facts.who ?? 'that identity'}.`, link: links.iamHome },
      { text: 'Put the baseline back: run its drift check (npm run drift), then deploy it again (npx cdktf deploy).' },
    ],
  }),
  unusedRegionCompute: (facts) => ({
    subject: `Compute started in ${facts.region ?? '?'}, a region you do not use, ${account(facts)}`,
    headline: `Someone started compute in ${facts.region ?? 'a region'}, a region ${account(facts)} does not use: ${action(facts)}${facts.service ? ` (${facts.service})` : ''}.`,
    steps: [
      { text: `See what runs in ${facts.region ?? 'that region'} and stop what you did not start:`, link: links.ec2Instances(facts.region) },
      ...compromisedSteps(facts.who),
      eventStep(facts),
    ],
  }),
  deliveryFailure: (facts) => ({
    subject: `Alerts are failing in ${facts.region ?? '?'}, ${account(facts)}`,
    headline: `EventBridge could not deliver an alert in ${facts.region ?? 'a region'} of ${account(facts)}: an alert rule, its target, the alert key or the forwarding role was changed.`,
    steps: [
      { text: 'Look at the alarm:', link: links.alarms(facts.region) },
      { text: 'Find what changed with the baseline drift check (npm run drift), then deploy the baseline again (npx cdktf deploy).' },
    ],
  }),
  budget: (facts) => ({
    subject:
      facts.kind === 'FORECASTED'
        ? `Spend forecast over ${facts.threshold ?? 'the budget'}: budget ${facts.budgetName}, ${account(facts)}`
        : `Spend over ${facts.threshold ?? 'the budget'}: budget ${facts.budgetName}, ${account(facts)}`,
    headline:
      facts.kind === 'FORECASTED'
        ? `AWS forecasts that this month's spend in ${account(facts)} will pass ${money(facts.threshold)} (budget ${facts.budgetName}, ${money(facts.limit)} a month): ${money(facts.amount)} forecast.`
        : `This month's spend in ${account(facts)} has passed ${money(facts.threshold)} (budget ${facts.budgetName}, ${money(facts.limit)} a month): ${money(facts.amount)} so far.`,
    steps: [{ text: 'See what the money goes on, by service and by region:', link: links.costExplorer }, ...compromisedSteps(undefined)],
  }),
  costAnomaly: (facts) => {
    const cause = facts.causes[0];
    return {
      subject: `Unusual spend: ${money(facts.impact)} more than expected, ${account(facts)}`,
      headline: `AWS found unusual spend in ${account(facts)}: ${money(facts.impact)} more than expected${cause?.service ? `, mostly ${cause.service}${cause.region ? ` in ${cause.region}` : ''}` : ''}.`,
      steps: [{ text: 'Open the anomaly and look at its causes:', link: facts.link ?? links.anomalies }, ...compromisedSteps(undefined)],
    };
  },
  otherAwsMessage: (id, awsSubject) => ({
    subject: awsSubject ? `AWS: ${awsSubject}` : `A message from AWS about account ${id}`,
    headline: `AWS sent this message about account ${id}; the baseline passes it on as AWS wrote it.`,
    steps: [],
  }),
  unformatted: (id, error) => ({
    subject: `Baseline alert (not formatted) for account ${id}`,
    headline: `The baseline could not put this alert into words (${error}). Here is the event exactly as AWS sent it: read it, or ask someone who knows AWS.`,
    steps: [],
  }),

  alarms: {
    deliveryFailure: (region) =>
      `Alerts are failing: EventBridge could not deliver an alert in ${region}. An alert rule, its target, the alert key or the forwarding role was changed. ` +
      '1. Find what changed with the drift check (npm run drift). 2. Deploy the baseline again (npx cdktf deploy).',
    formatterFailed:
      'The alert formatter failed: alerts still arrive, as raw events. 1. Read its log (/aws/lambda/account-baseline-alert-formatter). 2. Run the drift check (npm run drift) and deploy the baseline again.',
    undeliveredAlerts: (queue) => `Alerts could not be delivered to the alert formatter and wait in the queue ${queue}. 1. Read them there. 2. Run the drift check (npm run drift) and deploy the baseline again.`,
    containmentFailed: 'The containment function failed on an event: something may be running that it did not stop. 1. Read its log (/aws/lambda/account-baseline-containment). 2. Stop by hand what it names.',
    containmentDeadLetters: (queue) => `Events the containment function could not handle wait in ${queue}. 1. Read them there. 2. Contain by hand what they name.`,
    heartbeatMissing: (region, home, logGroup) =>
      `Alerts from ${region} may no longer reach you: for an hour, fewer than half of the baseline heartbeats ${region} sends every five minutes reached ${home}, or none. ` +
      (region === home
        ? 'The heartbeat schedule or the heartbeat rule in the home region was changed. '
        : `The forwarding rule in ${region} (account-baseline-forward-to-home-region), the forwarding role, the home event bus's policy or the heartbeat schedule in ${region} was changed. `) +
      `1. Look at the rule and the schedule named here, and at the heartbeat log ${logGroup} (one line per beat, with its region). 2. Run the drift check (npm run drift) and deploy the baseline again.`,
    functionEventsWaiting: (functionName, minutes) =>
      `Events have waited more than ${minutes} minutes for the baseline's function ${functionName}: alerts or containment are held back (its concurrency may have been set to 0). ` +
      `1. Look at its concurrency (Lambda console, ${functionName}, Configuration, Concurrency). 2. Run the drift check (npm run drift) and deploy the baseline again.`,
    functionThrottled: (functionName) =>
      `The baseline's function ${functionName} is throttled: what it should handle is held back, and alerts or containment wait (its concurrency may have been set to 0). ` +
      `1. Look at its concurrency (Lambda console, ${functionName}, Configuration, Concurrency). 2. Run the drift check (npm run drift) and deploy the baseline again.`,
  },

  containment: {
    subject: (facts) =>
      facts.notStopped > 0
        ? `Could NOT stop ${facts.notStopped} instance${facts.notStopped === 1 ? '' : 's'}${facts.count > 0 ? ` (stopped ${facts.count})` : ''} in ${facts.region}, account ${facts.account}`
        : `${facts.dryRun ? 'Would stop (dry run)' : 'Stopped'} ${facts.count} instance${facts.count === 1 ? '' : 's'} in ${facts.region}, account ${facts.account}`,
    headline: (facts) =>
      facts.notStopped > 0
        ? `The baseline could NOT stop ${facts.notStopped} instance${facts.notStopped === 1 ? '' : 's'} in AWS account ${facts.account}, region ${facts.region}: ${facts.notStopped === 1 ? 'it is' : 'they are'} still running. Deal with ${facts.notStopped === 1 ? 'it' : 'them'} by hand now (steps below).${facts.count > 0 ? ` It stopped ${facts.count} other${facts.count === 1 ? '' : 's'}.` : ''}`
        : facts.dryRun
          ? `Dry run: the baseline would have stopped compute in AWS account ${facts.account}, region ${facts.region}. Nothing was stopped.`
          : `The baseline stopped compute in AWS account ${facts.account}, region ${facts.region}.`,
    why: (facts) => `Why: ${containmentWhy(facts)}.`,
    trigger: (facts) =>
      `Trigger: ${facts.trigger.source === 'cloudtrail' ? `${facts.trigger.name} (CloudTrail)` : `GuardDuty finding ${facts.trigger.name}${facts.cause.kind === 'finding' ? ` (${EN.severity[facts.cause.severity]})` : ''}`}${facts.trigger.who ? ` by ${facts.trigger.who}` : ''}${facts.trigger.sourceIp ? ` from ${facts.trigger.sourceIp}` : ''}${facts.trigger.time ? ` at ${facts.trigger.time}` : ''}.`,
    instance: (id, type, launched, dryRun, group, protectionLifted) =>
      `- ${id} (${type}, launched ${launched})${dryRun ? ': would be stopped (dry run)' : protectionLifted ? ': stopped (its stop protection was switched off first)' : ': stopped'}${group ? `, Auto Scaling group ${group}` : ''}`,
    notFound: (id, region) => `- ${id}: not found in ${region}`,
    notStopped: (id, type, state, error, why) =>
      `- ${id} (${type}, ${state}): NOT STOPPED: ${error}${why === 'one-time-spot' ? ' (a one-time Spot instance can only be terminated)' : why === 'instance-store' ? ' (its root volume is instance store: it can only be terminated)' : ''}`,
    cancelled: (ids) => `Cancelled, so they launch no more: ${ids.join(', ')} (their running instances were stopped, not terminated).`,
    suspended: (groups) => `Auto Scaling suspended (it would otherwise replace the stopped instances): ${groups.join(', ')}.`,
    rootUser: (accessKeyId) => `the ROOT USER${accessKeyId ? ` (access key ${accessKeyId})` : ''}`,
    evidence: 'Instances are stopped, never terminated: their volumes are the evidence. Stopped instances cost only their storage.',
    steps: (facts, undo, stillRunning) => [
      ...(stillRunning
        ? [
            ...(stillRunning.ids.length > 0 ? [{ text: `Stop them now (stop protection off, then stop): ${stillRunning.stop}` }] : []),
            ...(stillRunning.cannotStop.length > 0
              ? [{ text: `${stillRunning.cannotStop.join(', ')} cannot be stopped: cut ${stillRunning.cannotStop.length === 1 ? 'it' : 'them'} off with a security group that allows nothing (aws ec2 modify-instance-attribute --region ${facts.region} --instance-id ${stillRunning.cannotStop.length === 1 ? stillRunning.cannotStop[0] : '<id>'} --groups <that group>), copy what you need, then terminate.` }]
              : []),
          ]
        : []),
      { text: 'Look at them:', link: links.ec2Instances(facts.region, stillRunning ? 'running' : 'stopped') },
      { text: facts.trigger.source === 'cloudtrail' ? 'See who did it:' : 'Read the finding:', link: facts.trigger.link },
      { text: 'If this was an attack: remove the credentials that launched it, then terminate the instances once you have what you need from them.' },
      ...(undo ? [{ text: `If it was you and you want them back: ${undo.command}${undo.resume.map((command) => `\n   and resume Auto Scaling: ${command}`).join('')}` }] : []),
    ],
    keySubject: (userName, id, dryRun) => `Access key of ${userName} ${dryRun ? 'flagged (dry run)' : 'deactivated'} in ${id}`,
    keyHeadline: (userName, accessKeyId, id, dryRun) => `The baseline ${dryRun ? 'would deactivate (dry run)' : 'deactivated'} access key ${accessKeyId} of IAM user ${userName} in AWS account ${id}.`,
    keySteps: (userName, accessKeyId, findingLink) => [
      { text: 'Find out where the key was used and by whom (the finding, and CloudTrail for that key):', link: findingLink },
      { text: `If the key leaked, delete it and give the user a new one: aws iam delete-access-key --user-name ${userName} --access-key-id ${accessKeyId}` },
      { text: `If it was a false alarm, switch it back on: aws iam update-access-key --user-name ${userName} --access-key-id ${accessKeyId} --status Active` },
    ],
    unreadableSubject: 'Containment could not read an event (nothing was done)',
    unreadableSteps: [
      { text: 'Look for instances you did not start, in every region at once:', link: links.ec2GlobalView },
      { text: "Read the event in the function's log (/aws/lambda/account-baseline-containment) and stop by hand what it names." },
    ],
    unreadable: (id, why) => `The containment function in AWS account ${id} received an event it could not read, and did nothing: ${why}. If the event was an attack, nothing was stopped: check the account by hand.`,
  },
};
