/** Direct links into the AWS console, the same in every language (the console follows the browser's language). */
const regional = (service: string, region: string | undefined, fragment: string) =>
  region ? `https://${region}.console.aws.amazon.com/${service}/home?region=${region}#${fragment}` : `https://console.aws.amazon.com/${service}/home#${fragment}`;
const id = (value: string | undefined) => encodeURIComponent(value ?? '');

export const links = {
  rootCredentials: 'https://console.aws.amazon.com/iam/home#/security_credentials',
  iamUser: (userName: string | undefined) =>
    userName ? `https://console.aws.amazon.com/iam/home#/users/details/${id(userName)}?section=security_credentials` : 'https://console.aws.amazon.com/iam/home#/users',
  iamGroup: (groupName: string) => `https://console.aws.amazon.com/iam/home#/groups/details/${id(groupName)}`,
  iamHome: 'https://console.aws.amazon.com/iam/home#/home',
  cloudTrailEvent: (region: string | undefined, eventId: string | undefined) =>
    eventId ? regional('cloudtrailv2', region, `/events/${id(eventId)}`) : regional('cloudtrailv2', region, '/events'),
  guardDutyFinding: (region: string | undefined, findingId: string | undefined) => regional('guardduty', region, `/findings?macros=current&fId=${id(findingId)}`),
  ec2Instance: (region: string | undefined, instanceId: string) => regional('ec2', region, `InstanceDetails:instanceId=${id(instanceId)}`),
  ec2Instances: (region: string | undefined, state?: string) => regional('ec2', region, state ? `Instances:instanceState=${state}` : 'Instances:'),
  ec2GlobalView: 'https://console.aws.amazon.com/ec2globalview/home',
  configRule: (region: string | undefined, rule: string) => regional('config', region, `/rules/details?configRuleName=${id(rule)}`),
  configResource: (region: string | undefined, resourceType: string | undefined, resourceId: string | undefined) =>
    regional('config', region, `/resources/timeline?resourceId=${id(resourceId)}&resourceType=${id(resourceType)}`),
  alarms: (region: string | undefined) => regional('cloudwatch', region, 'alarmsV2:'),
  budgets: 'https://console.aws.amazon.com/billing/home#/budgets',
  costExplorer: 'https://console.aws.amazon.com/cost-management/home#/cost-explorer',
  anomalies: 'https://console.aws.amazon.com/cost-management/home#/anomaly-detection/overview',
} as const;

/** The group the baseline's MFA, region and spend policies are attached to. */
export const HUMAN_USERS_GROUP = 'account-baseline-human-users';
