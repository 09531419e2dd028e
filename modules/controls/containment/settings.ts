import { z } from 'zod';
import { ROLE_ARN_PATTERN, onOff } from '../../core/config-primitives';

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

/** The configuration file's `containment` settings. */
export const containmentSchema = z.strictObject({
  dryRun: onOff().optional().meta({ description: 'Tag what would be contained and alert, but stop, cancel and deactivate nothing.', default: false }),
  rootLaunches: onOff().optional().meta({ description: 'Stop EC2 instances (and cancel spot requests and fleets) the root user launches, in any region.', default: true }),
  unusedRegionLaunches: onOff().optional().meta({ description: 'Stop EC2 instances anyone but an exempt role launches outside the allowed regions, Auto Scaling\'s included.', default: true }),
  findings: onOff().optional().meta({ description: 'Stop instances GuardDuty names in crypto-mining, backdoor, trojan or Tor findings.', default: true }),
  deactivateAccessKeys: onOff().optional().meta({ description: 'Deactivate (not delete) an IAM user\'s access key named in a High or Critical GuardDuty finding.', default: false }),
  exemptRoleArns: z
    .array(
      z.string({ error: 'must be an IAM role ARN' }).regex(ROLE_ARN_PATTERN, { error: 'must be an IAM role ARN such as "arn:aws:iam::*:role/Deployer"' }),
      { error: 'must be a list of IAM role ARNs' },
    )
    .optional()
    .meta({ description: 'Roles whose launches are never contained, besides the organisation\'s break-glass and deployment roles (the account may be "*"; a wildcard may end the name).', defaultText: 'none' }),
});
