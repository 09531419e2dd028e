import type { ControlDefinition } from '../control-definition';

export const containmentDefinition: ControlDefinition = {
  id: 'containment',
  title: 'Stop (never terminate) EC2 launched by root, outside the allowed regions, or named in crypto-mining and intrusion findings, within minutes',
  why: 'In both incidents the money was lost while instances ran for days; an alert nobody reads for four days saves nothing, a stopped instance does.',
  enabledByDefault: true,
  cis: [],
  protectedActions: {
    // The containment function (its code, settings, concurrency, invocation config and permissions) and its dead-letter queue; its role
    // and rules are covered as the baseline's roles and rules. Invoking a baseline function by hand is denied too (a forged event to
    // the alert formatter becomes a forged alert), and the formatter is guarded with it, by the baseline's function prefix.
    onBaselineResources: ['lambda:Delete*', 'lambda:Invoke*', 'lambda:Put*', 'lambda:RemovePermission', 'lambda:Update*', 'sqs:DeleteQueue', 'sqs:PurgeQueue', 'sqs:SetQueueAttributes'],
  },
};
