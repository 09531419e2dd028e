/**
 * What each switchable control is, as plain data: the config schema reads the ids, the
 * synth summary and README read the rest. Construct code lives in one file per control.
 */

export const CONTROL_IDS = ['accountDefaults'] as const;
export type ControlId = (typeof CONTROL_IDS)[number];

/** Which mode an account's stack runs in. */
export type AccountMode = 'standalone' | 'organization-member' | 'organization-management';

export interface ControlDefinition {
  readonly id: ControlId;
  /** One line, for summaries. */
  readonly title: string;
  /** Which attack step of ../shared/THREAT-MODEL.md it answers. */
  readonly why: string;
  /** Whether the control is on when neither config nor props say otherwise. */
  readonly enabledByDefault: boolean;
}

export const CONTROLS: Readonly<Record<ControlId, ControlDefinition>> = {
  accountDefaults: {
    id: 'accountDefaults',
    title: 'Safe account defaults: EBS encryption, IMDSv2, no public snapshots, AMIs or S3 buckets',
    why: 'Keeps data from being exposed by a default that an attacker or a hurried owner leaves in place.',
    enabledByDefault: true,
  },
};
