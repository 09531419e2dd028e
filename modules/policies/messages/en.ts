import type { AlertTexts } from './types';

const cloudTrailLink = 'https://<region>.console.aws.amazon.com/cloudtrailv2/home?region=<region>#/events/<eventId>';

/** English, the default. Placeholders in <angle brackets> are filled by EventBridge from the event. */
export const EN: AlertTexts = {
  rootActivity:
    'ROOT USER ACTIVITY in AWS account <account>: <event> (<service>) in <region> at <time> from <sourceIp> (<userAgent>); MFA used: <mfa>. ' +
    'If you did not do this, the account may be compromised: sign in, rotate the root password and remove any root access key now. ' +
    `Event: ${cloudTrailLink}`,
  signInWithoutMfa:
    'CONSOLE SIGN-IN WITHOUT MFA in AWS account <account>: IAM user <user> signed in at <time> from <sourceIp> (<userAgent>), region <region>. ' +
    'Every human user should sign in with MFA; if this was not the user, disable their password and keys now. ' +
    `Event: ${cloudTrailLink}`,
  guardDutyFinding:
    'GUARDDUTY FINDING in AWS account <account>, region <region>: <type> (severity <severity>). <title> Last seen <time>. ' +
    'Finding: https://<region>.console.aws.amazon.com/guardduty/home?region=<region>#/findings?macros=current&fId=<id>',
  configNonCompliance:
    'AWS Config rule <rule> found <resourceType> <resourceId> NON_COMPLIANT in AWS account <account> (<region>) at <time>. ' +
    'Rule and remediation: https://<region>.console.aws.amazon.com/config/home?region=<region>#/rules/details?configRuleName=<rule>',
  tamperAreas: { logging: 'audit logging', detection: 'threat detection', alertPath: 'alert path', identity: 'identities and credentials' },
  tamper: (area) =>
    `BASELINE TAMPERING (${area}) in AWS account <account>: <event> (<service>) in <region> at <time> by <who> from <sourceIp>; error if refused: <error>. ` +
    'If nobody on your team did this, treat the account as compromised: the change may be an intruder switching off what would catch them. ' +
    `Event: ${cloudTrailLink}`,
  unusedRegionCompute:
    'COMPUTE LAUNCHED OUTSIDE YOUR ALLOWED REGIONS in AWS account <account>: <event> (<service>) in <region> at <time> by <who> from <sourceIp>; error if refused: <error>. ' +
    'This region is outside the regions you use: if nobody on your team did this, stop the resources in <region> and disable the key or user that launched them now. ' +
    `Event: ${cloudTrailLink}`,
  deliveryFailure:
    'ALERTS ARE FAILING in AWS account <account>, region <region>, since <time>: EventBridge could not deliver an alert. ' +
    'An alert rule, its target, the alert key or the forwarding role was changed; run the baseline drift check or deploy it again. ' +
    'Alarm: https://<region>.console.aws.amazon.com/cloudwatch/home?region=<region>#alarmsV2:',
};
