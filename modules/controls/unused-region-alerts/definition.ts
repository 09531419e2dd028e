import type { ControlDefinition } from '../control-definition';

export const unusedRegionAlertsDefinition: ControlDefinition = {
  id: 'unusedRegionAlerts',
  title: 'Alert when anyone launches compute (every launch the spend circuit breaker stops: EC2, Auto Scaling, ECS, EKS, Lambda, SageMaker, Batch, EMR, Glue, CodeBuild, Lightsail, GameLift, WorkSpaces, Bedrock and more) in an enabled region outside the allowed ones',
  why: "In incident A a leaked key launched instances in nine regions the owner never used; whoever holds the key, the owner hears of it within minutes, not from the bill.",
  enabledByDefault: true,
  cis: [],
  protectedActions: { noneBecause: 'its rules are guarded as every baseline rule' },
};
