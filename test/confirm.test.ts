/**
 * `npm run confirm`: the confirmation link read as AWS writes it, and the confirmation sent with
 * AuthenticateOnUnsubscribe, checked on the wire (the request body the SDK sends) against the local
 * AWS API. The emulator checks neither the token nor the flag (moto's ConfirmSubscription accepts any
 * token for an existing topic), so the body is what proves the flag is sent.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { confirmSubscription, parseConfirmationLink } from '../scripts/confirm';
import { RunningEmulator, startEmulator } from '../scripts/lib/local-aws';
import { REPO_ROOT, tempDir } from './support/fixtures';

const REGION = 'ap-northeast-1';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
/** AWS's link, as its e-mail carries it (the token shortened). */
const link = (topicArn: string, token = '2336412f37fb687f5d51e6e2425c464de257') =>
  `https://sns.${REGION}.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(topicArn)}&Token=${token}`;

describe('the confirmation link, read as AWS writes it', () => {
  const topicArn = `arn:aws:sns:${REGION}:111122223333:account-baseline-alerts`;

  test('gives the topic, its region and the token', () => {
    expect(parseConfirmationLink(link(topicArn))).toEqual({ topicArn, token: '2336412f37fb687f5d51e6e2425c464de257', region: REGION });
  });

  test.each([
    ['not a URL', 'click here', /not a URL/],
    ['another host', `https://sns.${REGION}.example.com/?Action=ConfirmSubscription&TopicArn=${topicArn}&Token=t`, /is not Amazon SNS/],
    ['plain http', link(topicArn).replace('https:', 'http:'), /is not Amazon SNS/],
    ['the unsubscribe link', link(topicArn).replace('ConfirmSubscription', 'Unsubscribe'), /Action is "Unsubscribe", not ConfirmSubscription/],
    ['a topic that is not an SNS ARN', link('arn:aws:sqs:ap-northeast-1:111122223333:q'), /is not an SNS topic ARN/],
    ['a link cut at the first &', `https://sns.${REGION}.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(topicArn)}`, /has no Token/],
  ])('refuses %s, saying what is wrong', (_what, value, message) => {
    expect(() => parseConfirmationLink(value)).toThrow(message);
  });
});

describe('confirming on the local AWS API', () => {
  let emulator: RunningEmulator;
  let topicArn: string;
  const bodies: string[] = [];
  const sns = () => {
    const client = new SNSClient({ region: REGION, credentials, endpoint: emulator.endpoint.url });
    // The request exactly as it goes on the wire.
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { body?: unknown };
        if (typeof request.body === 'string') bodies.push(request.body);
        return next(args);
      },
      { step: 'finalizeRequest', name: 'recordBody' },
    );
    return client;
  };

  beforeAll(async () => {
    emulator = await startEmulator({ logFile: join(tempDir('confirm-'), 'emulator.log') });
    topicArn = (await sns().send(new CreateTopicCommand({ Name: 'account-baseline-alerts' }))).TopicArn!;
  }, 90_000);
  afterAll(async () => emulator?.stop());

  test('sends ConfirmSubscription with AuthenticateOnUnsubscribe=true, and returns the subscription', async () => {
    const arn = await confirmSubscription(parseConfirmationLink(link(topicArn)), sns());
    expect(arn).toMatch(new RegExp(`^${topicArn}:`));
    const sent = new URLSearchParams(bodies.find((body) => body.includes('Action=ConfirmSubscription'))!);
    expect(Object.fromEntries(sent)).toMatchObject({ Action: 'ConfirmSubscription', TopicArn: topicArn, AuthenticateOnUnsubscribe: 'true' });
  });

  test('npm run confirm -- --link confirms and says so (exit 0); a topic AWS does not have is an error (exit 1)', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, BASELINE_AWS_ENDPOINT: emulator.endpoint.url, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' };
    delete env.AWS_PROFILE;
    const ok = spawnSync('npm', ['run', '--silent', 'confirm', '--', '--link', link(topicArn)], { cwd: REPO_ROOT, encoding: 'utf8', env });
    expect({ code: ok.status, said: ok.stderr }).toEqual({ code: 0, said: expect.stringContaining('confirmed arn:aws:sns:') });
    const missing = spawnSync('npm', ['run', '--silent', 'confirm', '--', '--link', link(topicArn.replace('alerts', 'nothing'))], { cwd: REPO_ROOT, encoding: 'utf8', env });
    expect({ code: missing.status, said: missing.stderr }).toEqual({ code: 1, said: expect.stringMatching(/Topic does not exist|NotFound/) });
  });
});
