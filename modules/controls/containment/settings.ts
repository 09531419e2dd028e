/** What the containment control stops (see modules/controls/containment/). */
export interface ContainmentOptions {
  readonly dryRun: boolean;
  readonly rootLaunches: boolean;
  readonly unusedRegionLaunches: boolean;
  readonly findings: boolean;
  readonly deactivateAccessKeys: boolean;
  /** Roles whose launches are never contained besides the organisation's exempt roles, sorted. */
  readonly exemptRoleArns: readonly string[];
}

export const DEFAULT_CONTAINMENT: Omit<ContainmentOptions, 'exemptRoleArns'> = {
  dryRun: false,
  rootLaunches: true,
  unusedRegionLaunches: true,
  findings: true,
  deactivateAccessKeys: false,
};
