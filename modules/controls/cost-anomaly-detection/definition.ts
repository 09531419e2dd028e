import type { ControlDefinition } from '../control-definition';

export const costAnomalyDetectionDefinition: ControlDefinition = {
  id: 'costAnomalyDetection',
  title:
    'Cost Anomaly Detection: an AWS services monitor per account (the management account\'s sees the whole organisation), immediate alerts to the alert topic and a daily e-mail digest',
  why: 'Crypto-mining in unused regions is a spend anomaly long before it reaches a monthly budget; the alert comes within a day of the usage.',
  enabledByDefault: true,
  cis: [],
  protectedActions: {
    // Its monitors and subscriptions have generated ARNs: covered account-wide.
    accountWide: ['ce:DeleteAnomaly*', 'ce:UpdateAnomaly*'],
  },
};
