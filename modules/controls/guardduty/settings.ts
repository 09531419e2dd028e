import { z } from 'zod';
import { switches } from '../../core/config-primitives';

/**
 * GuardDuty protection plans the baseline switches, by config key, with the GuardDuty API's
 * feature name. Runtime monitoring also manages its agent on EKS, ECS (Fargate) and EC2.
 */
export const GUARDDUTY_FEATURES = {
  s3DataEvents: 'S3_DATA_EVENTS',
  eksAuditLogs: 'EKS_AUDIT_LOGS',
  ebsMalwareProtection: 'EBS_MALWARE_PROTECTION',
  rdsLoginEvents: 'RDS_LOGIN_EVENTS',
  lambdaNetworkLogs: 'LAMBDA_NETWORK_LOGS',
  runtimeMonitoring: 'RUNTIME_MONITORING',
} as const;
export type GuardDutyFeature = keyof typeof GUARDDUTY_FEATURES;
export const GUARDDUTY_FEATURE_KEYS = Object.keys(GUARDDUTY_FEATURES) as GuardDutyFeature[];

/** Alert on GuardDuty findings at or above this severity (GuardDuty's "medium" starts at 4). */
export const DEFAULT_FINDING_SEVERITY = 4;

export interface GuardDutySettings {
  /** Findings at or above this severity raise an alert; crypto-currency and root-credential findings always do. */
  readonly minimumSeverity: number;
  readonly features: Readonly<Record<GuardDutyFeature, boolean>>;
}

/** The configuration file's `guardDuty` settings (top level, and per standalone account). */
export const guardDutySchema = z.strictObject({
  minimumSeverity: z
    .number({ error: 'must be a number from 1 to 10 (GuardDuty severity)' })
    .min(1, { error: 'must be a number from 1 to 10 (GuardDuty severity)' })
    .max(10, { error: 'must be a number from 1 to 10 (GuardDuty severity)' })
    .optional()
    .meta({ description: 'Alert on findings at or above this severity (1-10; GuardDuty\'s medium starts at 4). Crypto-currency mining and root-credential findings always alert.', default: 4 }),
  features: switches(GUARDDUTY_FEATURE_KEYS, (key) => ({ description: `The ${GUARDDUTY_FEATURES[key]} protection plan.`, default: true })).optional().meta({ description: 'Protection plans; each is on unless switched off here.' }),
});
