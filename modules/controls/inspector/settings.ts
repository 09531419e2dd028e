import type { Region } from '../../core/regions';

/** What Inspector scans, by config key, with the Inspector API's resource type. */
export const INSPECTOR_SCANS = { ec2: 'EC2', ecr: 'ECR', lambda: 'LAMBDA', lambdaCode: 'LAMBDA_CODE' } as const;
export type InspectorScan = keyof typeof INSPECTOR_SCANS;
export const INSPECTOR_SCAN_KEYS = Object.keys(INSPECTOR_SCANS) as InspectorScan[];

export interface InspectorSettings {
  /** Regions Inspector scans in: the allowed regions, or every enabled region. */
  readonly regions: readonly Region[];
  readonly scan: Readonly<Record<InspectorScan, boolean>>;
}
