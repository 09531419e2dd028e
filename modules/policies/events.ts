/**
 * EventBridge patterns as plain data. Each alert route's pattern is matched in the home region,
 * where the alert formatter (modules/functions/alert-format.ts) turns a match into a readable
 * message; every other region forwards to the home region's default bus what `forwardingPattern`
 * of the routes' patterns matches.
 */
import { GLOBAL_SERVICE_ACTIONS } from './region-deny';
import { STOP_LAUNCH_ACTIONS } from './spend';

export type EventPattern = Readonly<Record<string, unknown>>;

/**
 * CloudTrail's sign-in events. EventBridge's reference spells the detail type "AWS Console
 * Signin via CloudTrail" while events (and most published rules) carry "AWS Console Sign In via
 * CloudTrail"; matching both costs nothing and cannot miss.
 */
export const CONSOLE_SIGN_IN_DETAIL_TYPES = ['AWS Console Sign In via CloudTrail', 'AWS Console Signin via CloudTrail'] as const;
export const API_CALL_DETAIL_TYPE = 'AWS API Call via CloudTrail';

/**
 * Anything the root user does: console sign-in and API calls, not the calls AWS services make on
 * its behalf (`invokedBy`), as in CIS 4.3.
 */
export function rootActivityPattern(): EventPattern {
  return {
    'detail-type': [API_CALL_DETAIL_TYPE, ...CONSOLE_SIGN_IN_DETAIL_TYPES],
    detail: { userIdentity: { type: ['Root'], invokedBy: [{ exists: false }] } },
  };
}

/** Successful console sign-ins of IAM users without MFA (CIS 4.2). Root sign-ins alert through rootActivityPattern. */
export function consoleSignInWithoutMfaPattern(): EventPattern {
  return {
    'detail-type': [...CONSOLE_SIGN_IN_DETAIL_TYPES],
    detail: {
      eventName: ['ConsoleLogin'],
      userIdentity: { type: ['IAMUser'] },
      additionalEventData: { MFAUsed: [{ 'anything-but': 'Yes' }] },
      responseElements: { ConsoleLogin: ['Success'] },
    },
  };
}

/** One of the named AWS Config rules found a resource NON_COMPLIANT. */
export function configNonCompliancePattern(ruleNames: readonly string[]): EventPattern {
  return {
    source: ['aws.config'],
    'detail-type': ['Config Rules Compliance Change'],
    detail: {
      messageType: ['ComplianceChangeNotification'],
      configRuleName: [...ruleNames],
      newEvaluationResult: { complianceType: ['NON_COMPLIANT'] },
    },
  };
}

/**
 * GuardDuty finding types that always alert whatever their severity: crypto-currency mining
 * (incidents A and B), use of root credentials, and `Stealth:` findings (CloudTrail logging
 * stopped, a password policy weakened, S3 server access logging switched off), which GuardDuty
 * rates low although they are how an intruder blinds the account.
 */
export const ALWAYS_ALERTED_FINDING_PREFIXES = ['CryptoCurrency:', 'Stealth:'] as const;
export const ALWAYS_ALERTED_FINDING_TYPES = [
  'Impact:EC2/BitcoinDomainRequest.Reputation',
  'Impact:Runtime/CryptoMinerExecuted',
  'Policy:IAMUser/RootCredentialUsage',
] as const;

/** GuardDuty findings at or above `minimumSeverity`, and always the crypto-mining and root-credential ones. */
export function guardDutyFindingsPattern(minimumSeverity: number): EventPattern {
  return {
    source: ['aws.guardduty'],
    'detail-type': ['GuardDuty Finding'],
    detail: {
      $or: [
        { severity: [{ numeric: ['>=', minimumSeverity] }] },
        { type: [...ALWAYS_ALERTED_FINDING_PREFIXES.map((prefix) => ({ prefix })), ...ALWAYS_ALERTED_FINDING_TYPES] },
      ],
    },
  };
}



/** CloudTrail's event names where they are not the IAM action's name (Lambda adds its API version). */
const CLOUDTRAIL_EVENT_NAMES: Readonly<Record<string, readonly string[]>> = {
  // Bedrock's Converse API is authorised as InvokeModel, and recorded under its own name.
  'bedrock:InvokeModel': ['InvokeModel', 'Converse'],
  'bedrock:InvokeModelWithResponseStream': ['InvokeModelWithResponseStream', 'ConverseStream'],
  'lambda:CreateFunction': ['CreateFunction20150331', 'CreateFunction'],
};

/**
 * Launches of paid compute, as CloudTrail records them (event source to event names): the actions the
 * spend circuit breaker denies, so the two lists cannot drift apart, less those of global services
 * (a savings plan is bought for every region at once; region deny never denies them).
 */
export function computeLaunchEvents(actions: readonly string[] = STOP_LAUNCH_ACTIONS): Record<string, string[]> {
  const global = (action: string) =>
    GLOBAL_SERVICE_ACTIONS.some((entry) => (entry.endsWith('*') ? action.startsWith(entry.slice(0, -1)) : action === entry));
  const events: Record<string, string[]> = {};
  for (const action of [...actions].sort()) {
    if (global(action)) continue;
    const [service, name] = action.split(':');
    const source = `${service}.amazonaws.com`;
    events[source] = [...(events[source] ?? []), ...(CLOUDTRAIL_EVENT_NAMES[action] ?? [name])];
  }
  return events;
}

/**
 * Launches of paid compute, as CloudTrail records them, by any identity. Deployed only in the
 * enabled regions outside the allowed ones, so any match is compute where the owner does not work.
 */
export const COMPUTE_LAUNCH_EVENTS: Readonly<Record<string, readonly string[]>> = computeLaunchEvents();

/** Compute launches in `regions` (the rule in the home region sees the forwarded events of all of them). */
export function computeLaunchPattern(regions: readonly string[], events: Readonly<Record<string, readonly string[]>> = COMPUTE_LAUNCH_EVENTS): EventPattern {
  const alternatives = Object.entries(events).map(([source, names]) => ({ eventSource: [source], eventName: [...names] }));
  return {
    'detail-type': [API_CALL_DETAIL_TYPE],
    region: [...regions],
    detail: alternatives.length === 1 ? alternatives[0] : { $or: alternatives },
  };
}

/** `computeLaunchPattern` cut by service, in order, into as few patterns as keep each within `maxCharacters`: each becomes its own rule. */
export function computeLaunchPatterns(regions: readonly string[], maxCharacters: number): EventPattern[] {
  const packs: Array<Record<string, readonly string[]>> = [];
  for (const [source, names] of Object.entries(COMPUTE_LAUNCH_EVENTS)) {
    const last = packs[packs.length - 1];
    if (last && JSON.stringify(computeLaunchPattern(regions, { ...last, [source]: names })).length <= maxCharacters) last[source] = names;
    else packs.push({ [source]: names });
  }
  return packs.map((pack) => computeLaunchPattern(regions, pack));
}
