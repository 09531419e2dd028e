/**
 * Alerts in the owner's language: every alert template rendered for a sample event, in every
 * language, as EventBridge's input transformer fills it, compared with the committed golden files
 * (UPDATE_GOLDEN=1 rewrites them after a deliberate change).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deliveryFailureMessage } from '../modules/controls/tamper-alerts';
import {
  AlertMessage,
  configNonComplianceMessage,
  guardDutyFindingMessage,
  inputTemplate,
  rootActivityMessage,
  signInWithoutMfaMessage,
  tamperMessage,
  unusedRegionComputeMessage,
} from '../modules/policies/events';
import { ALERT_LANGUAGES, AlertLanguage } from '../modules/policies/messages/languages';
import type { AlertTexts, TamperArea } from '../modules/policies/messages/types';
import { REPO_ROOT, configProblems, resourcesOfType, synthesize, validConfigData } from './support/fixtures';

/** The text of an input transformer's output: placeholders filled from the event, the template's JSON string read. */
function render(message: AlertMessage, event: Record<string, unknown>): string {
  const valueAt = (path: string) => path.replace(/^\$\./, '').split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], event);
  let template = inputTemplate(message);
  for (const [name, path] of Object.entries(message.paths)) {
    const value = valueAt(path);
    // A missing path is filled with nothing, as EventBridge does.
    template = template.split(`<${name}>`).join(value === undefined ? '' : String(value).replace(/["\\]/g, '\\$&'));
  }
  return JSON.parse(template) as string;
}

const ACCOUNT = '111122223333';
const cloudTrail = (region: string, eventName: string, eventSource: string, identity: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  account: ACCOUNT,
  region,
  time: '2026-12-01T03:14:15Z',
  detail: { eventName, eventSource, sourceIPAddress: '198.51.100.23', userAgent: 'aws-cli/2.15.0', eventID: 'e7c1d2a0-1234-4b5c-9d8e-0f1a2b3c4d5e', userIdentity: identity, ...extra },
});
const ROOT = { type: 'Root', arn: `arn:aws:iam::${ACCOUNT}:root` };
const MALLORY = { type: 'AssumedRole', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/mallory` };

/** One sample event per alert, the situations of the incidents. */
function samples(texts: AlertTexts): Array<[string, AlertMessage, Record<string, unknown>]> {
  return [
    ['root activity (a leaked root key tested from abroad)', rootActivityMessage(texts), cloudTrail('us-east-1', 'GetCallerIdentity', 'sts.amazonaws.com', ROOT, { additionalEventData: { MFAUsed: 'No' } })],
    ['console sign-in without MFA', signInWithoutMfaMessage(texts), cloudTrail('us-east-1', 'ConsoleLogin', 'signin.amazonaws.com', { type: 'IAMUser', userName: 'alice' })],
    [
      'GuardDuty crypto-mining finding',
      guardDutyFindingMessage(texts),
      {
        detail: {
          accountId: ACCOUNT,
          region: 'sa-east-1',
          type: 'CryptoCurrency:EC2/BitcoinTool.B!DNS',
          severity: 8,
          title: 'EC2 instance i-0abc123 is querying a domain name that is associated with Bitcoin-related activity.',
          id: '5ab8f0e1c2d3',
          updatedAt: '2026-12-01T03:30:00Z',
        },
      },
    ],
    ['Config rule non-compliance', configNonComplianceMessage(texts), { account: ACCOUNT, region: 'ap-northeast-1', time: '2026-12-01T04:00:00Z', detail: { configRuleName: 'account-baseline-root-access-key', resourceType: 'AWS::::Account', resourceId: ACCOUNT } }],
    ...(['logging', 'detection', 'alertPath', 'identity'] as TamperArea[]).map(
      (area): [string, AlertMessage, Record<string, unknown>] => [`tampering: ${area}`, tamperMessage(area, texts), cloudTrail('ap-northeast-1', 'StopLogging', 'cloudtrail.amazonaws.com', MALLORY, { errorCode: 'AccessDenied' })],
    ),
    ['compute in an unused region', unusedRegionComputeMessage(texts), cloudTrail('sa-east-1', 'RunInstances', 'ec2.amazonaws.com', ROOT)],
    ['alert delivery failing', deliveryFailureMessage(texts), { account: ACCOUNT, region: 'eu-north-1', time: '2026-12-01T05:00:00Z' }],
  ];
}

const placeholders = (template: string) => [...new Set([...template.matchAll(/<([A-Za-z]+)>/g)].map((match) => match[1]))].sort();

describe.each(Object.keys(ALERT_LANGUAGES) as AlertLanguage[])('alerts in %s', (language) => {
  const texts = ALERT_LANGUAGES[language];

  test('every alert renders for its sample event as in the golden file', () => {
    const rendered = samples(texts).map(([name, message, event]) => `## ${name}\n${render(message, event)}\n`).join('\n');
    const golden = join(REPO_ROOT, 'test', 'golden', `alerts.${language}.txt`);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, rendered);
    expect({ golden, exists: existsSync(golden) }).toEqual({ golden, exists: true });
    expect(rendered).toBe(readFileSync(golden, 'utf8'));
  });

  test('it uses exactly the placeholders the English text uses: no fact of the event is left out or invented', () => {
    const english = samples(ALERT_LANGUAGES.en);
    samples(texts).forEach(([name, message], index) => {
      expect({ name, placeholders: placeholders(message.template) }).toEqual({ name, placeholders: placeholders(english[index][1].template) });
    });
  });

});

describe('alerts.language', () => {
  test('ja writes every alert rule of the stack in Japanese', () => {
    const config = validConfigData();
    config.alerts.language = 'ja';
    const stack = synthesize(config).stack('account-personal');
    const templates = resourcesOfType(stack, 'aws_cloudwatch_event_target').filter((target) => target.input_transformer).map((target) => JSON.parse(target.input_transformer.input_template) as string);
    expect(templates.length).toBeGreaterThan(0);
    for (const template of templates) expect(template).toMatch(/^【/);
    expect(templates).toContain(ALERT_LANGUAGES.ja.rootActivity);
  });

  test('an unknown language is refused, naming the languages there are', () => {
    expect(configProblems((config) => (config.alerts.language = 'fr'))).toEqual(['alerts.language: must be one of en, ja']);
  });
});
