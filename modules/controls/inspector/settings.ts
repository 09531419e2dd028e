import { z } from 'zod';
import { onOff, switches } from '../../core/config-primitives';
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

/** What each Inspector scan key covers, for the reference. */
const INSPECTOR_SCAN_TARGETS: Record<InspectorScan, string> = {
  ec2: 'EC2 instances for software vulnerabilities and network exposure',
  ecr: 'container images in ECR',
  lambda: 'Lambda functions\' dependencies',
  lambdaCode: 'Lambda functions\' own code',
};

/** The configuration file's `inspector` settings (top level, and per standalone account). */
export const inspectorSchema = z.strictObject({
  allRegions: onOff().optional().meta({ description: 'Scan in every enabled region, not only the allowed ones.', default: false }),
  scan: switches(INSPECTOR_SCAN_KEYS, (key) => ({ description: `Scan ${INSPECTOR_SCAN_TARGETS[key]}.`, default: true })).optional().meta({ description: 'What Inspector scans; each is on unless switched off here.' }),
});
