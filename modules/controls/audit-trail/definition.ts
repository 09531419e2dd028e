import type { ControlDefinition } from '../control-definition';

export const auditTrailDefinition: ControlDefinition = {
  id: 'auditTrail',
  title: 'Multi-region CloudTrail (an organisation trail in organisation mode), KMS-encrypted, validated, in a protected bucket',
  why: 'In incident B, CloudTrail showed where the attacker came from; the evidence must outlive the attacker and terraform destroy.',
  enabledByDefault: true,
  cis: [
    { item: '3.1', extent: 'full', how: 'multi-region trail with global service events (organisation trail in organisation mode)' },
    { item: '3.2', extent: 'full', how: 'log file validation on' },
    { item: '3.4', extent: 'full', how: 'server access logging of the log bucket into a second bucket' },
    { item: '3.5', extent: 'full', how: 'SSE-KMS with a customer-managed key' },
    { item: '3.6', extent: 'partial', how: "rotation on for the baseline's own keys; keys created outside the baseline are not governed" },
  ],
  protectedActions: {
    onBaselineResources: ['cloudtrail:DeleteTrail', 'cloudtrail:PutEventSelectors', 'cloudtrail:StopLogging', 'cloudtrail:UpdateTrail'],
  },
};
