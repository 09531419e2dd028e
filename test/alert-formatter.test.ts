/**
 * The alert formatter as Lambda runs it, against a local AWS API (moto in server mode): its own
 * package, unzipped and loaded by Node.js, publishing to a real SNS topic whose messages an SQS
 * subscriber reads back. What a person receives: the subject, and plain text in their language;
 * what cannot be formatted still arrives, raw; a topic it cannot publish to makes it fail, so
 * that Lambda retries and then sends the event to the topic itself.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { FORMATTER_SOURCES } from '../modules/core/alerts-hub';
import { FUNCTIONS_DIRECTORY } from '../modules/core/function-code';
import { deterministicZip, javaScriptOf } from '../modules/core/function-package';
import { FORMATTER_SETTINGS_VARIABLE, FormatterSettings } from '../modules/functions/alert-format';
import { JA } from '../modules/functions/messages/ja';
import { RunningEmulator, startEmulator } from '../scripts/lib/local-aws';
import { alertTopicWithReader, topicMessages } from './support/alerts';
import { REPO_ROOT, filesUnder, tempDir } from './support/fixtures';

const run = promisify(execFile);
const ACCOUNT = '123456789012'; // moto's default account
const HOME = 'ap-northeast-1';
const workDir = tempDir('alert-formatter-');
const functionDir = join(workDir, 'function');
const config = { region: HOME, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };

let emulator: RunningEmulator;
let topicArn: string;
let queueUrl: string;
const sqs = () => new SQSClient({ ...config, endpoint: emulator.endpoint.url });

/** Runs the packaged handler in its own Node.js process, as Lambda would, with the emulator as its endpoint. */
async function invoke(input: unknown, settings: Partial<FormatterSettings> = {}): Promise<{ ok: boolean; output: string }> {
  const full: FormatterSettings = { accountId: ACCOUNT, topicArn, language: 'ja', allowedRegions: [HOME, 'us-east-1'], ...settings };
  const script = `require(${JSON.stringify(join(functionDir, 'alert-formatter-handler.js'))}).handler(JSON.parse(process.env.INPUT)).then((r) => console.log(JSON.stringify(r)), (e) => { console.error(e.name + ': ' + e.message); process.exit(3); })`;
  try {
    const { stdout } = await run(process.execPath, ['-e', script], {
      env: {
        PATH: process.env.PATH,
        // The Lambda runtime ships the AWS SDK; here it is the project's own.
        NODE_PATH: join(REPO_ROOT, 'node_modules'),
        INPUT: JSON.stringify(input),
        [FORMATTER_SETTINGS_VARIABLE]: JSON.stringify(full),
        AWS_ENDPOINT_URL: emulator.endpoint.url,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_REGION: HOME,
        AWS_MAX_ATTEMPTS: '1',
      },
    });
    return { ok: true, output: stdout };
  } catch (error) {
    return { ok: false, output: String((error as { stderr?: string }).stderr ?? error) };
  }
}

/** Every alert the topic delivered since the last call. */
const delivered = () => topicMessages(sqs(), queueUrl);

beforeAll(async () => {
  // The package exactly as the stack ships it, unzipped by another implementation (Python's zipfile).
  mkdirSync(functionDir, { recursive: true });
  const code = deterministicZip(Object.fromEntries(FORMATTER_SOURCES.map((name) => [`${name}.js`, javaScriptOf(FUNCTIONS_DIRECTORY, name)])));
  const zipFile = join(workDir, 'formatter.zip');
  writeFileSync(zipFile, code.zip);
  await run('python3', ['-m', 'zipfile', '-e', zipFile, functionDir]);

  emulator = await startEmulator({ logFile: join(workDir, 'emulator.log') });
  const sns = new SNSClient({ ...config, endpoint: emulator.endpoint.url });
  ({ topicArn, queueUrl } = await alertTopicWithReader(sns, sqs()));
}, 90_000);

afterAll(async () => {
  await emulator?.stop();
});

const rootCall = {
  version: '0',
  id: 'evt-1',
  'detail-type': 'AWS API Call via CloudTrail',
  source: 'aws.ec2',
  account: ACCOUNT,
  region: 'sa-east-1',
  time: '2026-12-01T03:14:15Z',
  detail: {
    eventTime: '2026-12-01T03:14:15Z',
    eventSource: 'ec2.amazonaws.com',
    eventName: 'RunInstances',
    awsRegion: 'sa-east-1',
    sourceIPAddress: '198.51.100.23',
    userIdentity: { type: 'Root', arn: `arn:aws:iam::${ACCOUNT}:root` },
    eventID: 'e-1',
  },
};

test('the package holds the handler, the formatter and every language, and nothing else', () => {
  expect([...filesUnder(functionDir).keys()].sort()).toEqual([
    'alert-format.js',
    'alert-formatter-handler.js',
    'messages/en.js',
    'messages/ja.js',
    'messages/languages.js',
    'messages/links.js',
    'messages/types.js',
  ]);
});

test('a root API call from an unused region arrives as a Japanese e-mail: its own subject, plain text, steps with links', async () => {
  await delivered();
  const result = await invoke({ alert: 'root-activity', event: rootCall });
  expect(result.ok).toBe(true);
  // Its log line (the subjects it published), then what the handler returned.
  expect(result.output.trim().split('\n').pop()).toBe('{"published":1}');
  const [mail, ...more] = await delivered();
  expect(more).toEqual([]);
  expect(mail.subject).toBe(`【重要度: 重大】AWS アカウント ${ACCOUNT} でルートユーザーが使われました: RunInstances`);
  expect(mail.message.startsWith(`何者かが AWS アカウント ${ACCOUNT} のルートユーザー`)).toBe(true);
  expect(mail.message).toContain(JA.outsideAllowedRegions('sa-east-1', [HOME, 'us-east-1']));
  expect(mail.message).toContain('1. 心当たりがない場合は');
  expect(mail.message).toContain('https://sa-east-1.console.aws.amazon.com/cloudtrailv2/home?region=sa-east-1#/events/e-1');
});

test('an AWS Budgets notification on the intake topic arrives in words, with the amounts', async () => {
  const budget = ['AWS Budget Notification December 01, 2026', `AWS Account ${ACCOUNT}`, '', 'Budget Name: account-baseline-monthly', 'Budgeted Amount: $100.00', 'Alert Type: ACTUAL', 'Alert Threshold: > $80.00', 'ACTUAL Amount: $812.40'].join('\n');
  const result = await invoke({ Records: [{ EventSource: 'aws:sns', Sns: { Message: budget, Subject: 'AWS Budgets: account-baseline-monthly has exceeded your alert threshold' } }] });
  expect(result.ok).toBe(true);
  const [mail] = await delivered();
  expect(mail.subject).toBe(`【重要度: 高】今月の利用料金が $80.00 を超えました: 予算 account-baseline-monthly (AWS アカウント ${ACCOUNT})`);
  expect(mail.message).toContain('現在の金額: $812.40');
});

test('what cannot be formatted still arrives, raw, under a plain subject', async () => {
  const result = await invoke({ alert: 'not-an-alert', event: { id: 'evt-odd', detail: { kept: 'every field' } } });
  expect(result.ok).toBe(true);
  const [mail] = await delivered();
  expect(mail.subject).toBe(`【重要度: 高】ベースラインのアラート (整形なし): アカウント ${ACCOUNT}`);
  expect(mail.message).toContain('"kept": "every field"');
});

test('a topic it cannot publish to makes the function fail, so Lambda retries and then sends the event on raw', async () => {
  const result = await invoke({ alert: 'root-activity', event: rootCall }, { topicArn: `arn:aws:sns:${HOME}:${ACCOUNT}:no-such-topic` });
  expect(result.ok).toBe(false);
  expect(result.output).toMatch(/NotFound/);
  expect(await delivered()).toEqual([]);
});
