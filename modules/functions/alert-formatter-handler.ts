/**
 * The alert formatter: a Lambda function in the home region between the alert rules (and the
 * intake topic AWS Budgets and Cost Anomaly Detection publish to) and the alert topic. It writes
 * each alert in the account's language and publishes it with a subject of its own.
 *
 * It never loses an alert: input it cannot format is published raw, under a plain subject; if
 * publishing fails, Lambda retries and then sends the event, raw, to the alert topic itself (the
 * function's on-failure destination).
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  EventAlertRequest,
  FORMATTER_SETTINGS_VARIABLE,
  FormattedAlert,
  FormatterSettings,
  formatAwsMessage,
  formatEventAlert,
  textsFor,
  unformattedAlert,
} from './alert-format';

export * from './alert-format';

interface SnsRecord {
  readonly EventSource?: string;
  readonly Sns?: { readonly Message?: string; readonly Subject?: string | null; readonly TopicArn?: string };
}

/** Every alert one invocation carries, formatted; what cannot be formatted, raw. */
export function formatInput(input: unknown, settings: FormatterSettings): FormattedAlert[] {
  const texts = textsFor(settings.language);
  const safely = (raw: unknown, format: () => FormattedAlert): FormattedAlert => {
    try {
      return format();
    } catch (error) {
      return unformattedAlert(raw, error, settings, texts);
    }
  };
  const records = (input as { Records?: unknown } | undefined)?.Records;
  if (Array.isArray(records) && records.length > 0 && records.every((entry) => (entry as SnsRecord)?.EventSource === 'aws:sns')) {
    return (records as SnsRecord[]).map((entry) =>
      safely(entry, () => formatAwsMessage(String(entry.Sns?.Message ?? ''), entry.Sns?.Subject ?? undefined, settings, texts)),
    );
  }
  return [safely(input, () => formatEventAlert(input as EventAlertRequest, settings, texts))];
}

/** Reads and checks the settings from the environment; without them the function must not guess. */
export function formatterSettingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): FormatterSettings {
  const raw = env[FORMATTER_SETTINGS_VARIABLE];
  if (!raw) throw new Error(`${FORMATTER_SETTINGS_VARIABLE} is not set`);
  const settings = JSON.parse(raw) as FormatterSettings;
  for (const key of ['accountId', 'topicArn', 'language'] as const) {
    if (typeof settings[key] !== 'string' || settings[key] === '') throw new Error(`${FORMATTER_SETTINGS_VARIABLE}.${key} must be a non-empty string`);
  }
  if (!Array.isArray(settings.allowedRegions)) throw new Error(`${FORMATTER_SETTINGS_VARIABLE}.allowedRegions must be a list`);
  return settings;
}

/** Publishes each alert; a failure throws, so that Lambda retries and finally sends the event on raw. */
export async function publishAlerts(sns: Pick<SNSClient, 'send'>, settings: FormatterSettings, alerts: readonly FormattedAlert[]): Promise<void> {
  for (const alert of alerts) {
    await sns.send(new PublishCommand({ TopicArn: settings.topicArn, Subject: alert.subject, Message: alert.message }));
  }
}

let client: SNSClient | undefined;

/** The Lambda entry point. */
export async function handler(input: unknown): Promise<{ published: number }> {
  const settings = formatterSettingsFromEnvironment();
  client ??= new SNSClient({ region: process.env.AWS_REGION, maxAttempts: 4 });
  const alerts = formatInput(input, settings);
  await publishAlerts(client, settings, alerts);
  console.log(JSON.stringify({ published: alerts.map((alert) => alert.subject) }));
  return { published: alerts.length };
}
