import type { ControlDefinition } from '../control-definition';

export const configRecorderDefinition: ControlDefinition = {
  id: 'configRecorder',
  title: 'AWS Config recording every resource type in every enabled region (aggregated in the security account)',
  why: 'Shows what an attacker created or changed, in every region, with its history.',
  enabledByDefault: true,
  cis: [{ item: '3.3', extent: 'full', how: 'a recorder of all supported resources, delivering and on, in every enabled region' }],
  delegatedAdministratorService: 'config.amazonaws.com',
  protectedActions: {
    accountWide: [
      // DeleteConfigRule, DeleteConfigurationAggregator and DeleteConfigurationRecorder, and nothing else.
      'config:DeleteConfig*',
      'config:DeleteDeliveryChannel',
      'config:DeleteEvaluationResults',
      'config:DeleteRetentionConfiguration',
      'config:PutConfigurationRecorder',
      'config:PutDeliveryChannel',
      'config:StopConfigurationRecorder',
    ],
  },
};
