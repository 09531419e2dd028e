/**
 * EventBridge patterns and alert messages as plain data. Each alert route matches the same
 * pattern in every region: away from the home region it forwards the event to the home region's
 * default bus, and there it is turned into a readable message for the alert topic.
 */
import { PolicyDocument, policyDocument } from './policy-document';

export type EventPattern = Readonly<Record<string, unknown>>;

/**
 * An EventBridge input transformer for an SNS e-mail: `paths` name values taken from the event,
 * `template` is the text with `<name>` placeholders.
 */
export interface AlertMessage {
  readonly paths: Readonly<Record<string, string>>;
  readonly template: string;
}

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
 * (incidents A and B) and use of root credentials.
 */
export const ALWAYS_ALERTED_FINDING_PREFIXES = ['CryptoCurrency:'] as const;
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

export const GUARDDUTY_FINDING_MESSAGE: AlertMessage = {
  paths: {
    account: '$.detail.accountId',
    region: '$.detail.region',
    type: '$.detail.type',
    severity: '$.detail.severity',
    title: '$.detail.title',
    id: '$.detail.id',
    time: '$.detail.updatedAt',
  },
  template:
    'GUARDDUTY FINDING in AWS account <account>, region <region>: <type> (severity <severity>). <title> Last seen <time>. ' +
    'Finding: https://<region>.console.aws.amazon.com/guardduty/home?region=<region>#/findings?macros=current&fId=<id>',
};

const CLOUDTRAIL_EVENT_PATHS = {
  account: '$.account',
  region: '$.region',
  time: '$.time',
  event: '$.detail.eventName',
  service: '$.detail.eventSource',
  sourceIp: '$.detail.sourceIPAddress',
  userAgent: '$.detail.userAgent',
  eventId: '$.detail.eventID',
} as const;

const cloudTrailLink = 'https://<region>.console.aws.amazon.com/cloudtrailv2/home?region=<region>#/events/<eventId>';

export const ROOT_ACTIVITY_MESSAGE: AlertMessage = {
  paths: { ...CLOUDTRAIL_EVENT_PATHS, mfa: '$.detail.additionalEventData.MFAUsed' },
  template:
    'ROOT USER ACTIVITY in AWS account <account>: <event> (<service>) in <region> at <time> from <sourceIp> (<userAgent>); MFA used: <mfa>. ' +
    'If you did not do this, the account may be compromised: sign in, rotate the root password and remove any root access key now. ' +
    `Event: ${cloudTrailLink}`,
};

export const SIGN_IN_WITHOUT_MFA_MESSAGE: AlertMessage = {
  paths: { ...CLOUDTRAIL_EVENT_PATHS, user: '$.detail.userIdentity.userName' },
  template:
    'CONSOLE SIGN-IN WITHOUT MFA in AWS account <account>: IAM user <user> signed in at <time> from <sourceIp> (<userAgent>), region <region>. ' +
    'Every human user should sign in with MFA; if this was not the user, disable their password and keys now. ' +
    `Event: ${cloudTrailLink}`,
};

export const CONFIG_NON_COMPLIANCE_MESSAGE: AlertMessage = {
  paths: {
    account: '$.account',
    region: '$.region',
    time: '$.time',
    rule: '$.detail.configRuleName',
    resourceType: '$.detail.resourceType',
    resourceId: '$.detail.resourceId',
  },
  template:
    'AWS Config rule <rule> found <resourceType> <resourceId> NON_COMPLIANT in AWS account <account> (<region>) at <time>. ' +
    'Rule and remediation: https://<region>.console.aws.amazon.com/config/home?region=<region>#/rules/details?configRuleName=<rule>',
};

/** EventBridge's input template for an SNS target: one JSON string, so e-mail shows plain text. */
export function inputTemplate(message: AlertMessage): string {
  return JSON.stringify(message.template);
}

export function defaultEventBusArn(region: string, accountId: string): string {
  return `arn:aws:events:${region}:${accountId}:event-bus/default`;
}

/** Trust policy of the role EventBridge uses to forward events to the home region. */
export function eventForwardingTrustPolicy(accountId: string): PolicyDocument {
  return policyDocument({
    Effect: 'Allow',
    Principal: { Service: 'events.amazonaws.com' },
    Action: 'sts:AssumeRole',
    Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
  });
}

/** The forwarding role may put events on the home region's default bus, and nothing else. */
export function eventForwardingPolicy(homeBusArn: string): PolicyDocument {
  return policyDocument({ Sid: 'ForwardToHomeRegion', Effect: 'Allow', Action: 'events:PutEvents', Resource: homeBusArn });
}
