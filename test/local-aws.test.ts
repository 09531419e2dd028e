/**
 * The local AWS API the lifecycle deploys to is moto, started through scripts/lib/moto_server.py:
 * where moto accepts what AWS refuses and the lifecycle depends on the refusal, the launcher makes
 * it refuse, so that a second create shows up where it happens (as on AWS), not as a leftover later.
 */
import { CreateFunctionCommand, AddPermissionCommand, GetPolicyCommand, LambdaClient, RemovePermissionCommand } from '@aws-sdk/client-lambda';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { join } from 'node:path';
import { RunningEmulator, startEmulator } from '../scripts/lib/local-aws';
import { tempDir } from './support/fixtures';

let emulator: RunningEmulator;
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

beforeAll(async () => {
  emulator = await startEmulator({ logFile: join(tempDir('local-aws-'), 'emulator.log') });
}, 90_000);
afterAll(async () => emulator?.stop());

test("a Lambda permission added twice with the same statement ID is refused with ResourceConflictException, as AWS refuses it; removing it leaves none", async () => {
  const config = { region: 'ap-northeast-1', endpoint: emulator.endpoint.url, credentials, maxAttempts: 1 };
  const iam = new IAMClient(config);
  const lambda = new LambdaClient(config);
  const role = await iam.send(
    new CreateRoleCommand({
      RoleName: 'permission-twice',
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    }),
  );
  await lambda.send(
    new CreateFunctionCommand({ FunctionName: 'permission-twice', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: role.Role!.Arn, Code: { ZipFile: Buffer.from('PK\u0005\u0006' + '\u0000'.repeat(18), 'binary') } }),
  );
  const permission = { FunctionName: 'permission-twice', StatementId: 'invoked-by-rule', Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com' };
  await lambda.send(new AddPermissionCommand(permission));
  await expect(lambda.send(new AddPermissionCommand(permission))).rejects.toMatchObject({ name: 'ResourceConflictException', message: expect.stringContaining('(invoked-by-rule) provided already exists') });
  // Another statement ID is still accepted, and removing the first leaves only the other.
  await lambda.send(new AddPermissionCommand({ ...permission, StatementId: 'invoked-by-topic', Principal: 'sns.amazonaws.com' }));
  await lambda.send(new RemovePermissionCommand({ FunctionName: 'permission-twice', StatementId: 'invoked-by-rule' }));
  const policy = JSON.parse((await lambda.send(new GetPolicyCommand({ FunctionName: 'permission-twice' }))).Policy!) as { Statement: Array<{ Sid: string }> };
  expect(policy.Statement.map((statement) => statement.Sid)).toEqual(['invoked-by-topic']);
});
