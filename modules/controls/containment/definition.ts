import type { ControlDefinition } from '../catalogue';

export const containmentDefinition: ControlDefinition = {
  id: 'containment',
  title: 'Stop (never terminate) EC2 launched by root, outside the allowed regions, or named in crypto-mining and intrusion findings, within minutes',
  why: 'In both incidents the money was lost while instances ran for days; an alert nobody reads for four days saves nothing, a stopped instance does.',
  enabledByDefault: true,
  cis: [],
};
