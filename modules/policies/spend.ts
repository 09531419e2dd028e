import { PolicyDocument, PolicyStatement, policyDocument } from './policy-document';

/**
 * The ways to start paid compute that the spend circuit breaker denies, by service. Chosen for
 * what an attacker with stolen keys uses to mine crypto-currency or resell model access:
 * instances (on-demand, spot, fleets, dedicated hosts, reservations, capacity blocks), container
 * and batch capacity, Auto Scaling policies and resumed processes, managed clusters and serverless
 * jobs (EMR, Glue, CodeBuild), game, render and desktop fleets (GameLift, Deadline, AppStream,
 * WorkSpaces), Lightsail instances and containers, notebooks, apps, endpoints and training jobs,
 * and foundation-model invocation. Everything that stops, reads, or reverses is left alone, so the
 * owner can still clean up. The unused-region alert watches the same list (`computeLaunchEvents`).
 */
export const STOP_LAUNCH_ACTIONS = [
  'apprunner:CreateService',
  'appstream:CreateFleet',
  'appstream:StartFleet',
  'autoscaling:CreateAutoScalingGroup',
  'autoscaling:ExecutePolicy',
  'autoscaling:PutScheduledUpdateGroupAction',
  'autoscaling:ResumeProcesses',
  'autoscaling:SetDesiredCapacity',
  'autoscaling:UpdateAutoScalingGroup',
  'batch:CreateComputeEnvironment',
  'batch:SubmitJob',
  'batch:UpdateComputeEnvironment',
  'bedrock:CreateModelCustomizationJob',
  'bedrock:CreateProvisionedModelThroughput',
  'bedrock:InvokeModel',
  'bedrock:InvokeModelWithResponseStream',
  'codebuild:StartBuild',
  'codebuild:StartBuildBatch',
  'deadline:CreateFleet',
  'deadline:UpdateFleet',
  'ec2:AllocateHosts',
  'ec2:CreateCapacityReservation',
  'ec2:CreateFleet',
  'ec2:ModifyFleet',
  'ec2:ModifySpotFleetRequest',
  'ec2:PurchaseCapacityBlock',
  'ec2:PurchaseHostReservation',
  'ec2:PurchaseReservedInstancesOffering',
  'ec2:RequestSpotFleet',
  'ec2:RequestSpotInstances',
  'ec2:RunInstances',
  'ec2:StartInstances',
  'ecs:CreateService',
  'ecs:RunTask',
  'ecs:StartTask',
  'ecs:UpdateService',
  'eks:CreateCluster',
  'eks:CreateFargateProfile',
  'eks:CreateNodegroup',
  'eks:UpdateNodegroupConfig',
  'elasticbeanstalk:CreateEnvironment',
  'elasticmapreduce:AddInstanceFleet',
  'elasticmapreduce:AddInstanceGroups',
  'elasticmapreduce:RunJobFlow',
  'emr-containers:StartJobRun',
  'emr-serverless:StartJobRun',
  'gamelift:CreateContainerFleet',
  'gamelift:CreateFleet',
  'gamelift:UpdateFleetCapacity',
  'glue:CreateSession',
  'glue:StartJobRun',
  'lambda:CreateFunction',
  'lightsail:CreateContainerService',
  'lightsail:CreateContainerServiceDeployment',
  'lightsail:CreateInstances',
  'lightsail:CreateInstancesFromSnapshot',
  'sagemaker:CreateApp',
  'sagemaker:CreateAutoMLJobV2',
  'sagemaker:CreateCluster',
  'sagemaker:CreateEndpoint',
  'sagemaker:CreateHyperParameterTuningJob',
  'sagemaker:CreateInferenceComponent',
  'sagemaker:CreateNotebookInstance',
  'sagemaker:CreateProcessingJob',
  'sagemaker:CreateTrainingJob',
  'sagemaker:CreateTransformJob',
  'sagemaker:StartNotebookInstance',
  'sagemaker:UpdateEndpoint',
  'savingsplans:CreateSavingsPlan',
  'workspaces:CreateWorkspaces',
  'workspaces:StartWorkspaces',
] as const;

export const STOP_LAUNCHES_POLICY_NAME = 'account-baseline-stop-launches';

/**
 * The circuit breaker's deny: no new paid compute, in any region, whatever else allows it.
 * As an SCP it exempts the break-glass roles (`ArnNotLike aws:PrincipalARN`, AWS's pattern);
 * as an IAM policy it is attached only to the principals it should stop, so it needs no exemption.
 */
export function stopLaunchesPolicy(props: { exemptRoleArns?: readonly string[] } = {}): PolicyDocument {
  const exempt = props.exemptRoleArns ?? [];
  const statement: PolicyStatement = {
    Sid: 'DenyComputeLaunchesOverBudget',
    Effect: 'Deny',
    Action: STOP_LAUNCH_ACTIONS,
    Resource: '*',
    ...(exempt.length > 0 ? { Condition: { ArnNotLike: { 'aws:PrincipalARN': exempt } } } : {}),
  };
  return policyDocument(statement);
}

/** ARN pattern of a budget and its actions, for confused-deputy conditions. */
export function budgetArnPattern(accountId: string, budgetName: string): string {
  return `arn:aws:budgets::${accountId}:budget/${budgetName}*`;
}

/**
 * Trust policy of a budget action's execution role: only AWS Budgets, acting for this account's
 * own budget (aws:SourceAccount and aws:SourceArn, as AWS recommends against the confused deputy).
 */
export function budgetActionTrustPolicy(props: { accountId: string; budgetNames: readonly string[] }): PolicyDocument {
  return policyDocument({
    Sid: 'BudgetsRunsTheCircuitBreaker',
    Effect: 'Allow',
    Principal: { Service: 'budgets.amazonaws.com' },
    Action: 'sts:AssumeRole',
    Condition: {
      StringEquals: { 'aws:SourceAccount': props.accountId },
      ArnLike: { 'aws:SourceArn': props.budgetNames.map((name) => budgetArnPattern(props.accountId, name)) },
    },
  });
}

/**
 * What the execution role may do in a standalone (or management) account: attach and detach the
 * breaker's policy, and no other, to and from the listed groups and roles. Detaching is what
 * AWS Budgets does when the owner reverses the action.
 */
export function iamBreakerExecutionPolicy(props: {
  accountId: string;
  policyArn: string;
  groups: readonly string[];
  roles: readonly string[];
}): PolicyDocument {
  const { accountId, policyArn } = props;
  const onlyThePolicy = { ArnEquals: { 'iam:PolicyARN': policyArn } };
  const statements: PolicyStatement[] = [];
  if (props.groups.length > 0) {
    statements.push({
      Sid: 'AttachBreakerToGroups',
      Effect: 'Allow',
      Action: ['iam:AttachGroupPolicy', 'iam:DetachGroupPolicy'],
      Resource: props.groups.map((group) => `arn:aws:iam::${accountId}:group/${group}`),
      Condition: onlyThePolicy,
    });
  }
  if (props.roles.length > 0) {
    statements.push({
      Sid: 'AttachBreakerToRoles',
      Effect: 'Allow',
      Action: ['iam:AttachRolePolicy', 'iam:DetachRolePolicy'],
      Resource: props.roles.map((role) => `arn:aws:iam::${accountId}:role/${role}`),
      Condition: onlyThePolicy,
    });
  }
  if (statements.length === 0) throw new Error('iamBreakerExecutionPolicy: the breaker needs at least one group or role to attach to');
  return policyDocument(...statements);
}

/**
 * What the execution role may do in the management account: attach and detach the breaker SCP,
 * and only to and from the accounts it guards. Organizations checks both the policy and the
 * target against the resource list.
 */
export function scpBreakerExecutionPolicy(props: {
  managementAccountId: string;
  organizationId: string;
  policyArn: string;
  accountIds: readonly string[];
}): PolicyDocument {
  const { managementAccountId, organizationId } = props;
  return policyDocument({
    Sid: 'AttachBreakerScpToGuardedAccounts',
    Effect: 'Allow',
    Action: ['organizations:AttachPolicy', 'organizations:DetachPolicy'],
    Resource: [
      props.policyArn,
      ...props.accountIds.map((accountId) => `arn:aws:organizations::${managementAccountId}:account/${organizationId}/${accountId}`),
    ],
  });
}
