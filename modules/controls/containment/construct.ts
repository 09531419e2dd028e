import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { Construct } from 'constructs';
import { functionAlarms } from '../../core/alarm';
import type { Region } from '../../core/regions';
import { type AlertsHub, FUNCTION_RUNTIME } from '../../core/alerts-hub';
import { MESSAGE_SOURCES, functionCode } from '../../core/function-code';
import type { RegionalProviders } from '../../core/regional-providers';
import type { ContainmentSettings } from '../../functions/containment-rules';
import { SETTINGS_VARIABLE } from '../../functions/containment-rules';
import {
  CONTAINMENT_NAME,
  CONTAINMENT_QUEUE_NAME,
  CONTAINMENT_TAG_KEY,
  containedFindingsPattern,
  containedLaunchPattern,
  containmentRolePolicy,
  deadLetterQueuePolicy,
} from '../../policies/containment';
import { lambdaTrustPolicy, toPolicyJson } from '../../policies/policy-document';

/** The function's files, in modules/functions/, packaged as they are (compiled, or transpiled at synth). */
const FUNCTION_SOURCES = ['containment-handler', 'containment-message', 'containment-rules', ...MESSAGE_SOURCES] as const;

/** The containment function, what it contains and who it leaves alone. */
export interface ContainmentProps {
  /** The account's regional providers: one AWS provider per enabled region, locked to the account, and the home region. */
  readonly regions: RegionalProviders;
  /** The alerts hub that turns this control's events into e-mails. */
  readonly alerts: AlertsHub;
  /** The regions the account works in; a launch anywhere else is contained. */
  readonly allowedRegions: readonly Region[];
  /**
   * Roles whose launches are never contained: break-glass and deployment roles (`*` wildcards as in IAM).
   * @default - none
   */
  readonly exemptRoleArns?: readonly string[];
  /**
   * Tag and alert, but stop, cancel and deactivate nothing.
   * @default false
   */
  readonly dryRun?: boolean;
  /**
   * Stop compute the root user launches, in any region.
   * @default true
   */
  readonly rootLaunches?: boolean;
  /**
   * Stop compute anyone but an exempt role launches outside the allowed regions.
   * @default true
   */
  readonly unusedRegionLaunches?: boolean;
  /**
   * Stop instances that GuardDuty names in crypto-mining, backdoor, trojan or Tor findings.
   * @default true
   */
  readonly findings?: boolean;
  /**
   * Deactivate (not delete) an IAM user's access key named in a High or Critical GuardDuty finding.
   * @default false
   */
  readonly deactivateAccessKeys?: boolean;
  /**
   * Days the function's log (one line per event it handled) is kept.
   * @default 365
   */
  readonly logRetentionDays?: number;
}

/**
 * Contains attacker compute within minutes instead of only alerting: one function in the home
 * region, fed from every enabled region, stops (never terminates) EC2 instances the root user
 * launched, that anyone but an exempt role launched outside the allowed regions, or that
 * GuardDuty names in a crypto-mining or command-and-control finding; it cancels their spot
 * requests and fleets, keeps Auto Scaling from replacing them, tags them, and tells a person
 * what it did and how to undo it. Failed events are retried and then kept in an encrypted
 * dead-letter queue; an alarm reports the function's errors and the queue's contents.
 */
export class Containment extends Construct {
  readonly function: LambdaFunction;
  readonly deadLetterQueue: SqsQueue;
  /** What the function is told (its CONTAINMENT_SETTINGS). */
  readonly settings: ContainmentSettings;

  constructor(scope: Construct, id: string, props: ContainmentProps) {
    super(scope, id);
    const { regions, alerts } = props;
    const provider = regions.home;
    const accountId = regions.accountId;
    const home = regions.homeRegion;
    const unusedRegions = regions.enabledRegions.filter((region) => !props.allowedRegions.includes(region));
    this.settings = {
      accountId,
      topicArn: alerts.topicArn,
      language: alerts.language,
      tagKey: CONTAINMENT_TAG_KEY,
      dryRun: props.dryRun ?? false,
      allowedRegions: [...props.allowedRegions],
      exemptRoleArns: [...new Set(props.exemptRoleArns ?? [])].sort(),
      contain: {
        rootLaunches: props.rootLaunches ?? true,
        unusedRegionLaunches: props.unusedRegionLaunches ?? true,
        findings: props.findings ?? true,
        accessKeys: props.deactivateAccessKeys ?? false,
      },
    };
    const launches = containedLaunchPattern({
      rootLaunches: this.settings.contain.rootLaunches,
      unusedRegions: this.settings.contain.unusedRegionLaunches ? unusedRegions : [],
    });
    const findings = containedFindingsPattern({ instances: this.settings.contain.findings, accessKeys: this.settings.contain.accessKeys });
    if (!launches && !findings) {
      throw new Error('Containment: every kind of containment is switched off; switch the containment control off instead');
    }

    const logGroup = new CloudwatchLogGroup(this, 'log', {
      provider,
      name: `/aws/lambda/${CONTAINMENT_NAME}`,
      retentionInDays: props.logRetentionDays ?? 365,
    });
    this.deadLetterQueue = new SqsQueue(this, 'dead-letters', {
      provider,
      name: CONTAINMENT_QUEUE_NAME,
      sqsManagedSseEnabled: true,
      // The longest SQS keeps a message: two weeks to look at what could not be contained.
      messageRetentionSeconds: 1209600,
    });
    const queueArn = `arn:aws:sqs:${home}:${accountId}:${CONTAINMENT_QUEUE_NAME}`;
    const role = new IamRole(this, 'role', {
      provider,
      name: CONTAINMENT_NAME,
      description: 'The containment function: stops attacker compute, tags it and alerts; cannot terminate, launch or read data',
      assumeRolePolicy: toPolicyJson(lambdaTrustPolicy()),
      inlinePolicy: [
        {
          name: 'contain',
          policy: toPolicyJson(
            containmentRolePolicy({
              accountId,
              homeRegion: home,
              topicArn: alerts.topicArn,
              queueArn,
              logGroupArn: `arn:aws:logs:${home}:${accountId}:log-group:/aws/lambda/${CONTAINMENT_NAME}`,
              deactivateAccessKeys: this.settings.contain.accessKeys,
            }),
          ),
        },
      ],
    });

    const code = functionCode(this, 'code', CONTAINMENT_NAME, FUNCTION_SOURCES);
    this.function = new LambdaFunction(this, 'function', {
      provider,
      functionName: CONTAINMENT_NAME,
      description: 'Stops (never terminates) compute launched by root, outside the allowed regions, or named in GuardDuty findings; alerts with the undo command',
      role: role.arn,
      runtime: FUNCTION_RUNTIME,
      handler: 'containment-handler.handler',
      filename: code.path,
      sourceCodeHash: code.sha256,
      timeout: 120,
      memorySize: 256,
      environment: { variables: { [SETTINGS_VARIABLE]: JSON.stringify(this.settings) } },
      dependsOn: [logGroup],
    });
    // After Lambda's own retries, a failed event is kept in the queue rather than lost: an on-failure
    // destination, which (unlike a dead-letter config) records the error with the event.
    new LambdaFunctionEventInvokeConfig(this, 'on-failure', {
      provider,
      functionName: this.function.functionName,
      maximumRetryAttempts: 2,
      maximumEventAgeInSeconds: 6 * 3600,
      destinationConfig: { onFailure: { destination: this.deadLetterQueue.arn } },
    });

    const ruleArns: string[] = [];
    const routes: Array<[string, string, ReturnType<typeof containedLaunchPattern>, readonly Region[]]> = [
      [
        'containment-launches',
        'Contains EC2 launched by the root user, or outside the allowed regions, and contained compute started again',
        launches,
        // Every region: a contained instance started again, or its group resumed, is contained again wherever it is.
        regions.enabledRegions,
      ],
      ['containment-findings', 'Contains instances and keys named in GuardDuty findings of mining or intrusion', findings, regions.enabledRegions],
    ];
    for (const [routeId, description, pattern, routeRegions] of routes) {
      if (!pattern) continue;
      const rule = alerts.routeToFunction(this, routeId, {
        description,
        pattern,
        regions: routeRegions,
        functionArn: this.function.arn,
        deadLetterQueueArn: this.deadLetterQueue.arn,
      });
      ruleArns.push(`arn:aws:events:${home}:${accountId}:rule/account-baseline-${routeId}`);
      new LambdaPermission(this, `invoked-by-${routeId}`, {
        provider,
        statementId: `invoked-by-${routeId}`,
        action: 'lambda:InvokeFunction',
        functionName: this.function.functionName,
        principal: 'events.amazonaws.com',
        sourceArn: rule.arn,
      });
    }
    new SqsQueuePolicy(this, 'dead-letters-policy', {
      provider,
      queueUrl: this.deadLetterQueue.url,
      policy: toPolicyJson(deadLetterQueuePolicy({ queueArn, ruleArns })),
    });

    functionAlarms(
      this,
      'function',
      provider,
      alerts.topicArn,
      { name: CONTAINMENT_NAME, failedDescription: alerts.texts.alarms.containmentFailed },
      { id: 'dead-letters-waiting', alarmName: `${CONTAINMENT_NAME}-dead-letters`, queueName: CONTAINMENT_QUEUE_NAME, description: alerts.texts.alarms.containmentDeadLetters(CONTAINMENT_QUEUE_NAME) },
      alerts.texts.alarms,
    );
  }
}
