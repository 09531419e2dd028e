import type { ControlDefinition } from '../control-definition';

export const tamperAlertsDefinition: ControlDefinition = {
  id: 'tamperAlerts',
  title:
    'Tamper alerts from every enabled region: trail, Config, detectors, alert rules, subscriptions, keys, alarms, contacts, regions, new users, keys, passwords and MFA devices, the baseline\'s policies, groups and exempt roles; an alarm when an alert cannot be delivered',
  why: 'An intruder with administrator keys switches off what would catch them first; where no SCP applies (a standalone or management account) the alert is the only answer.',
  enabledByDefault: true,
  cis: [
    { item: '4.5', extent: 'partial', how: 'trail stopped, deleted, updated or its selectors changed, alerted through EventBridge (CIS asks for a metric filter and alarm)' },
    { item: '4.7', extent: 'partial', how: 'any key of the account disabled or scheduled for deletion, alerted through EventBridge' },
    { item: '4.9', extent: 'partial', how: 'Config recorder stopped or deleted, delivery channel or rules deleted, alerted through EventBridge' },
  ],
  protectedActions: { noneBecause: 'its rules and alarms are guarded as every baseline rule and alarm' },
};
