/**
 * The containment function's permissions, queue policy and event patterns, as plain data.
 * Least privilege: it may look at instances, stop them, cancel the spot requests and fleets
 * behind them, suspend the Auto Scaling group that would replace them, write its one tag key,
 * publish to the alert topic, hand a failed event to its dead-letter queue, write its own logs,
 * and (only when opted in) deactivate access keys. It can terminate, launch, modify or read nothing.
 */
import { ACCESS_KEY_MINIMUM_SEVERITY, CONTAINED_FINDING_PREFIXES, CONTAINED_LAUNCH_EVENTS, RELEASE_EVENTS } from '../functions/containment-rules';
import { API_CALL_DETAIL_TYPE, EventPattern } from './events';
import { undeliveredEventsQueuePolicy } from './event-forwarding';
import { PolicyDocument, PolicyStatement, policyDocument } from './policy-document';

/** Names of the function, its role, queue, rules and alarms (all under the baseline's protected prefix). */
export const CONTAINMENT_NAME = 'account-baseline-containment';
export const CONTAINMENT_QUEUE_NAME = 'account-baseline-containment-dead-letters';
/** The one tag key the function writes on what it contained. */
export const CONTAINMENT_TAG_KEY = 'account-baseline:contained';

/** The resources the containment role may use. */
export interface ContainmentRolePolicyProps {
  /** The 12-digit ID of the account. */
  readonly accountId: string;
  /** The home region, where single-region resources and the alert topic live. */
  readonly homeRegion: string;
  /** The ARN of the alert topic. */
  readonly topicArn: string;
  /** The ARN of its dead-letter queue. */
  readonly queueArn: string;
  /** The ARN of its log group. */
  readonly logGroupArn: string;
  /**
   * May deactivate IAM users' access keys.
   * @default false
   */
  readonly deactivateAccessKeys?: boolean;
}

/** What the function's role may do, and nothing more. */
export function containmentRolePolicy(props: ContainmentRolePolicyProps): PolicyDocument {
  const { accountId } = props;
  const ec2 = (type: string) => `arn:aws:ec2:*:${accountId}:${type}/*`;
  const statements: PolicyStatement[] = [
    {
      // EC2's Describe calls take no resource-level permissions.
      Sid: 'LookAtCompute',
      Effect: 'Allow',
      Action: ['ec2:DescribeFleetInstances', 'ec2:DescribeInstances', 'ec2:DescribeSpotFleetInstances', 'ec2:DescribeSpotInstanceRequests'],
      Resource: '*',
    },
    // Which instances a resumed Auto Scaling group holds (Describe calls take no resource-level permissions).
    { Sid: 'LookAtAutoScalingGroups', Effect: 'Allow', Action: 'autoscaling:DescribeAutoScalingGroups', Resource: '*' },
    { Sid: 'StopInstances', Effect: 'Allow', Action: 'ec2:StopInstances', Resource: ec2('instance') },
    {
      // An instance launched with stop protection (DisableApiStop) refuses StopInstances: the function may change
      // that one attribute, nothing else (not termination protection, type, user data or security groups).
      Sid: 'LiftStopProtectionOnly',
      Effect: 'Allow',
      Action: 'ec2:ModifyInstanceAttribute',
      Resource: ec2('instance'),
      Condition: { StringEqualsIgnoreCase: { 'ec2:Attribute': 'DisableApiStop' } },
    },
    { Sid: 'CancelSpotRequests', Effect: 'Allow', Action: 'ec2:CancelSpotInstanceRequests', Resource: ec2('spot-instances-request') },
    { Sid: 'CancelSpotFleets', Effect: 'Allow', Action: 'ec2:CancelSpotFleetRequests', Resource: ec2('spot-fleet-request') },
    { Sid: 'DeleteFleetsKeepingInstances', Effect: 'Allow', Action: 'ec2:DeleteFleets', Resource: ec2('fleet') },
    {
      Sid: 'TagWithItsOwnKeyOnly',
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: ec2('instance'),
      Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': [CONTAINMENT_TAG_KEY] }, Null: { 'aws:TagKeys': 'false' } },
    },
    {
      Sid: 'KeepAutoScalingFromReplacingStoppedInstances',
      Effect: 'Allow',
      Action: 'autoscaling:SuspendProcesses',
      Resource: `arn:aws:autoscaling:*:${accountId}:autoScalingGroup:*:autoScalingGroupName/*`,
    },
    {
      Sid: 'TagTheGroupWithItsOwnKeyOnly',
      Effect: 'Allow',
      Action: 'autoscaling:CreateOrUpdateTags',
      Resource: `arn:aws:autoscaling:*:${accountId}:autoScalingGroup:*:autoScalingGroupName/*`,
      Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': [CONTAINMENT_TAG_KEY] }, Null: { 'aws:TagKeys': 'false' } },
    },
    { Sid: 'PublishAlerts', Effect: 'Allow', Action: 'sns:Publish', Resource: props.topicArn },
    {
      // The alert topic is encrypted: publishing needs its key, through SNS and for that topic only.
      Sid: 'EncryptAlertsForTheTopic',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: `arn:aws:kms:${props.homeRegion}:${accountId}:key/*`,
      Condition: {
        StringEquals: { 'kms:ViaService': `sns.${props.homeRegion}.amazonaws.com`, 'kms:EncryptionContext:aws:sns:topicArn': props.topicArn },
      },
    },
    { Sid: 'KeepFailedEvents', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: props.queueArn },
    { Sid: 'WriteItsLog', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${props.logGroupArn}:*` },
  ];
  if (props.deactivateAccessKeys) {
    statements.push({ Sid: 'DeactivateLeakedAccessKeys', Effect: 'Allow', Action: 'iam:UpdateAccessKey', Resource: `arn:aws:iam::${accountId}:user/*` });
  }
  return policyDocument(...statements);
}

/**
 * The dead-letter queue: EventBridge may put in it what it could not deliver, for the
 * containment rule only; the function's role writes through its own policy; TLS only.
 */
export function deadLetterQueuePolicy(props: { queueArn: string; ruleArns: readonly string[] }): PolicyDocument {
  return undeliveredEventsQueuePolicy(props.queueArn, { ArnEquals: { 'aws:SourceArn': [...props.ruleArns] } });
}

/** Which launches the containment rule matches: the root user's anywhere, and anyone's in these regions. */
export interface ContainmentPatternProps {
  /** Contain the root user's launches in every region. */
  readonly rootLaunches: boolean;
  /** Regions where anyone's launch is contained (the enabled regions outside the allowed ones). */
  readonly unusedRegions: readonly string[];
}

/**
 * Successful EC2 launches by the root user anywhere, or by anyone in a region outside the allowed
 * ones, and anyone's start of an instance or resumption of an Auto Scaling group anywhere (which may
 * undo a containment); undefined when no launch is asked for. Who is exempt, and whether an
 * instance was contained, is the function's decision.
 */
export function containedLaunchPattern(props: ContainmentPatternProps): EventPattern | undefined {
  const launch = { eventSource: ['ec2.amazonaws.com'], eventName: [...CONTAINED_LAUNCH_EVENTS] };
  const alternatives: Array<Record<string, unknown>> = [];
  if (props.rootLaunches) alternatives.push({ ...launch, userIdentity: { type: ['Root'] } });
  if (props.unusedRegions.length > 0) alternatives.push({ ...launch, awsRegion: [...props.unusedRegions] });
  if (alternatives.length === 0) return undefined;
  // Anyone's call that undoes a containment, anywhere: the function contains again what carries its tag.
  for (const [source, names] of Object.entries(RELEASE_EVENTS)) alternatives.push({ eventSource: [source], eventName: [...names] });
  return {
    'detail-type': [API_CALL_DETAIL_TYPE],
    detail: {
      // A refused call launched nothing.
      errorCode: [{ exists: false }],
      $or: alternatives,
    },
  };
}

/**
 * GuardDuty findings that name an instance mining or under an intruder's control, and (when
 * opted in) High and Critical findings on an IAM user's access key; undefined when neither.
 */
export function containedFindingsPattern(props: { instances: boolean; accessKeys: boolean }): EventPattern | undefined {
  const alternatives: Array<Record<string, unknown>> = [];
  if (props.instances) {
    alternatives.push({
      type: CONTAINED_FINDING_PREFIXES.map((prefix) => ({ prefix })),
      resource: { resourceType: ['Instance'] },
    });
  }
  if (props.accessKeys) {
    alternatives.push({
      severity: [{ numeric: ['>=', ACCESS_KEY_MINIMUM_SEVERITY] }],
      resource: { resourceType: ['AccessKey'], accessKeyDetails: { userType: ['IAMUser'] } },
    });
  }
  if (alternatives.length === 0) return undefined;
  return {
    source: ['aws.guardduty'],
    'detail-type': ['GuardDuty Finding'],
    detail: alternatives.length === 1 ? alternatives[0] : { $or: alternatives },
  };
}

/** The SCP that keeps contained compute contained in member accounts. */
export const KEEP_CONTAINED_SCP_NAME = 'account-baseline-keep-contained';

/**
 * What the containment function contained stays stopped and stays evidence, in member accounts:
 * nobody but the exempt roles may start a contained instance, detach its volumes, terminate it, do
 * anything to a contained Auto Scaling group (resume it, which would terminate the stopped instances
 * and launch new ones, empty it or delete it), or change their tags (the tag is what marks them). The
 * function's own role is exempt: it tags again what it contains again.
 */
export function keepContainedScp(props: { exemptRoleArns: readonly string[] }): PolicyDocument {
  const exempt = [...new Set([...props.exemptRoleArns, `arn:aws:iam::*:role/${CONTAINMENT_NAME}`])].sort();
  return policyDocument({
    Sid: 'KeepContainedComputeContained',
    Effect: 'Deny',
    // Every Auto Scaling action on a contained group (resuming, emptying, terminating its instances, deleting it):
    // reading and creating groups carry no resource tag. The root volume stays attached to its instance.
    Action: ['autoscaling:*', 'ec2:CreateTags', 'ec2:DeleteTags', 'ec2:DetachVolume', 'ec2:StartInstances', 'ec2:TerminateInstances'],
    Resource: '*',
    Condition: { StringLike: { [`aws:ResourceTag/${CONTAINMENT_TAG_KEY}`]: '*' }, ArnNotLike: { 'aws:PrincipalARN': exempt } },
  });
}
