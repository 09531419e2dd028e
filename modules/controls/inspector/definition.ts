import type { ControlDefinition } from '../control-definition';

export const inspectorDefinition: ControlDefinition = {
  id: 'inspector',
  title: 'Amazon Inspector scanning EC2, ECR images and Lambda functions (and their code) in the allowed regions',
  why: 'AWS asked the owner of incident B to enable Inspector before it would consider a refund: vulnerable workloads are the next way in.',
  enabledByDefault: true,
  cis: [],
  protectedActions: {
    accountWide: [
      'inspector2:CreateFilter',
      'inspector2:Disable',
      'inspector2:DisassociateMember',
      'inspector2:UpdateFilter',
      'inspector2:UpdateOrganizationConfiguration',
    ],
  },
};
