/**
 * `npm run confirm`: confirms an alert subscription from the link in AWS's confirmation e-mail, with
 * AuthenticateOnUnsubscribe, so that cancelling it takes credentials of the account. A subscription
 * confirmed by clicking the link can be cancelled by anyone who holds one of the alert e-mails (the
 * unsubscribe link in each needs no signature): an intruder who reads one silences the account.
 */
import { ConfirmSubscriptionCommand, SNSClient } from '@aws-sdk/client-sns';
import { CommandSpec, UsageError, parseCommandLine, runAsCommand } from './lib/args';

const SPEC: CommandSpec = {
  command: 'npm run confirm --',
  summary:
    "Confirms an alert subscription from the link in AWS's confirmation e-mail (copy the link; do not click it), so that only credentials of the account can cancel it (AuthenticateOnUnsubscribe).",
  flags: {
    '--link': { kind: 'value', placeholder: 'URL', description: "the confirmation link from AWS's e-mail (quote it: it contains &)" },
  },
  exitCodes: ['0 confirmed', '1 error (the link, the credentials, or AWS refused it)'],
  notes: [
    'Signs in with the usual AWS credentials (AWS_PROFILE, environment, SSO) of the account that owns the topic; BASELINE_AWS_ENDPOINT points it at a local AWS API.',
    'A link confirms once and expires after 3 days; a subscription already confirmed by clicking stays cancellable without credentials: delete it and subscribe again (deploy) to confirm it this way.',
  ],
};

/** What a confirmation link carries. */
export interface Confirmation {
  readonly topicArn: string;
  readonly token: string;
  readonly region: string;
}

/** Reads AWS's confirmation link; every way it can be wrong is named. */
export function parseConfirmationLink(link: string): Confirmation {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new UsageError(`--link = ${JSON.stringify(link)}: not a URL; copy the whole "Confirm subscription" link from AWS's e-mail`);
  }
  if (url.protocol !== 'https:' || !/^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(url.hostname)) {
    throw new UsageError(`--link: ${url.protocol}//${url.hostname} is not Amazon SNS (https://sns.<region>.amazonaws.com); is this the link from AWS's e-mail?`);
  }
  const action = url.searchParams.get('Action');
  if (action !== 'ConfirmSubscription') throw new UsageError(`--link: Action is ${JSON.stringify(action)}, not ConfirmSubscription; use the "Confirm subscription" link`);
  const topicArn = url.searchParams.get('TopicArn') ?? '';
  const match = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):\d{12}:[A-Za-z0-9_-]{1,256}$/.exec(topicArn);
  if (!match) throw new UsageError(`--link: TopicArn ${JSON.stringify(topicArn)} is not an SNS topic ARN`);
  const token = url.searchParams.get('Token') ?? '';
  if (token === '') throw new UsageError('--link: the link has no Token; copy it whole (quoted, since it contains &)');
  return { topicArn, token, region: match[1] };
}

/** Confirms with AuthenticateOnUnsubscribe; returns the subscription's ARN. */
export async function confirmSubscription(confirmation: Confirmation, client: Pick<SNSClient, 'send'>): Promise<string> {
  const result = await client.send(new ConfirmSubscriptionCommand({ TopicArn: confirmation.topicArn, Token: confirmation.token, AuthenticateOnUnsubscribe: 'true' }));
  if (!result.SubscriptionArn) throw new Error(`AWS confirmed nothing for ${confirmation.topicArn}: no subscription ARN in its answer`);
  return result.SubscriptionArn;
}

export async function confirm(argv: readonly string[], log: (line: string) => void): Promise<number> {
  const flags = parseCommandLine(SPEC, argv);
  const link = flags.values.get('--link');
  if (link === undefined) throw new UsageError('--link is required: the confirmation link from AWS\'s e-mail');
  const confirmation = parseConfirmationLink(link);
  const endpoint = process.env.BASELINE_AWS_ENDPOINT;
  const client = new SNSClient({ region: confirmation.region, ...(endpoint ? { endpoint } : {}) });
  const arn = await confirmSubscription(confirmation, client);
  log(`confirmed ${arn}: cancelling it now takes credentials of the account (AuthenticateOnUnsubscribe)`);
  return 0;
}

if (require.main === module) runAsCommand(confirm);
