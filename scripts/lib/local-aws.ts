/**
 * A local AWS API for the lifecycle tests: starting moto in server mode (or using a running
 * emulator), getting credentials that act in a given account, and calling AWS APIs with boto3.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { LOCAL_DEPLOYER_ROLE, LocalEndpoint, parseLocalEndpoint } from '../../modules/endpoint/local-endpoint';

/** Selects the Python that runs the emulator and the boto3 calls. */
export const PYTHON_ENV = 'BASELINE_E2E_PYTHON';
/** The emulator version the gaps were measured on. */
export const MOTO_VERSION = '5.2.1';
/** The role the scripts assume in an account on a local endpoint to act there (as every provider does there). */
export { LOCAL_DEPLOYER_ROLE } from '../../modules/endpoint/local-endpoint';

export class LocalAwsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalAwsError';
  }
}

export function pythonCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env[PYTHON_ENV]?.trim() || 'python3';
}

/** The installed moto version; throws with what to install when moto (or boto3) is missing. */
export function motoVersion(python = pythonCommand()): string {
  const result = spawnSync(python, ['-c', 'import boto3, moto, moto.server; print(moto.__version__)'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    const why = result.error?.message ?? result.stderr.trim().split('\n').pop() ?? `exit ${result.status}`;
    throw new LocalAwsError(
      `The lifecycle test needs a local AWS API: moto in server mode with boto3 (measured with moto ${MOTO_VERSION}), ` +
        `and \`${python} -c "import moto.server"\` failed (${why}). Install it with \`pip install "moto[server]==${MOTO_VERSION}"\`, ` +
        `point ${PYTHON_ENV} at a Python that has it, or give a running emulator with --endpoint URL.`,
    );
  }
  return result.stdout.trim();
}

export interface RunningEmulator {
  readonly endpoint: LocalEndpoint;
  /** True when this process started it (and stops it); false for a given --endpoint. */
  readonly owned: boolean;
  /** Where the emulator's own log goes, when this process started it. */
  readonly logFile?: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function serving(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/moto-api/data.json`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

/**
 * Starts moto in server mode on a free loopback port, with AWS's managed policies loaded (the
 * Config recorder role attaches AWS_ConfigRole), through moto_server.py: moto made to refuse what
 * AWS refuses where moto would accept it silently (a Lambda permission's statement ID added twice).
 * Resolves once it answers.
 */
export async function startEmulator(options: { logFile: string; python?: string }): Promise<RunningEmulator> {
  const python = options.python ?? pythonCommand();
  motoVersion(python);
  const port = await freePort();
  const endpoint = parseLocalEndpoint(`http://127.0.0.1:${port}`, 'the emulator');
  const log = openSync(options.logFile, 'a');
  const child: ChildProcess = spawn(python, [join(__dirname, 'moto_server.py'), '-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  const deadline = Date.now() + 60_000;
  while (!(await serving(endpoint.url))) {
    if (exited !== undefined || Date.now() > deadline) {
      child.kill('SIGKILL');
      const tail = readFileSync(options.logFile, 'utf8').trim().split('\n').slice(-15).join('\n');
      throw new LocalAwsError(`moto did not start on ${endpoint.url} (${exited !== undefined ? `exit ${exited}` : 'no answer within 60 s'}):\n${tail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    endpoint,
    owned: true,
    logFile: options.logFile,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited !== undefined) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** A running emulator given by URL; checked to answer, and left running. */
export async function connectToEmulator(url: string): Promise<RunningEmulator> {
  const endpoint = parseLocalEndpoint(url, '--endpoint');
  try {
    await fetch(`${endpoint.url}/`, { signal: AbortSignal.timeout(5000) });
  } catch (error) {
    throw new LocalAwsError(`--endpoint ${endpoint.url} does not answer (${(error as Error).message}); start the emulator first, e.g. \`MOTO_IAM_LOAD_MANAGED_POLICIES=true python3 scripts/lib/moto_server.py -H 127.0.0.1 -p 5000\``);
  }
  return { endpoint, owned: false, stop: async () => undefined };
}

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/**
 * Credentials that act in `accountId` on a local endpoint, from its STS AssumeRole. The request
 * carries a well-formed but unsigned Authorization header: emulators read the region from it and
 * do not check signatures.
 */
export async function assumeRoleOn(endpoint: LocalEndpoint, accountId: string, roleName = LOCAL_DEPLOYER_ROLE): Promise<AwsCredentials> {
  const body = new URLSearchParams({
    Action: 'AssumeRole',
    Version: '2011-06-15',
    RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`,
    RoleSessionName: 'account-baseline',
    DurationSeconds: '43200',
  });
  let text: string;
  try {
    const response = await fetch(`${endpoint.url}/`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: 'AWS4-HMAC-SHA256 Credential=account-baseline/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0',
      },
      body,
      signal: AbortSignal.timeout(15_000),
    });
    text = await response.text();
    if (!response.ok) throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`);
  } catch (error) {
    throw new LocalAwsError(`could not assume a role in account ${accountId} on ${endpoint.url}: ${(error as Error).message}`);
  }
  const field = (name: string) => new RegExp(`<${name}>([^<]+)</${name}>`).exec(text)?.[1];
  const accessKeyId = field('AccessKeyId');
  const secretAccessKey = field('SecretAccessKey');
  if (!accessKeyId || !secretAccessKey) throw new LocalAwsError(`${endpoint.url} answered AssumeRole without credentials: ${text.slice(0, 300)}`);
  return { accessKeyId, secretAccessKey, sessionToken: field('SessionToken') };
}

/** Environment variables that make terraform (and the SDK) use these credentials and nothing else. */
export function credentialsEnv(credentials: AwsCredentials): Record<string, string | undefined> {
  return {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken,
    // The stacks' own shared-config file holds the endpoint, in its default profile.
    AWS_PROFILE: undefined,
    AWS_DEFAULT_PROFILE: undefined,
  };
}

/**
 * The environment a script's terraform runs need on a local endpoint: the caller's credentials
 * when AWS_ACCESS_KEY_ID is set, else credentials for `accountId` from the endpoint itself.
 */
export async function endpointEnvironment(
  endpoint: LocalEndpoint,
  accountId: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Record<string, string | undefined>> {
  if (env.AWS_ACCESS_KEY_ID) return { AWS_PROFILE: undefined, AWS_DEFAULT_PROFILE: undefined };
  return credentialsEnv(await assumeRoleOn(endpoint, accountId));
}

export interface AwsCall {
  readonly service: string;
  /** The API's operation name, e.g. `DetachGroupPolicy`. */
  readonly operation: string;
  readonly region: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

export interface AwsCallResult {
  readonly ok: boolean;
  readonly result?: any;
  readonly error?: string;
}

/** Runs the calls in order with boto3 against the endpoint; one result per call. */
export function callAws(endpoint: LocalEndpoint, credentials: AwsCredentials, calls: readonly AwsCall[], python = pythonCommand()): Promise<AwsCallResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [join(__dirname, 'aws_calls.py')], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new LocalAwsError(`the boto3 calls failed (exit ${code}): ${stderr.trim().split('\n').slice(-5).join('\n')}`));
      resolve(JSON.parse(stdout) as AwsCallResult[]);
    });
    child.stdin.end(JSON.stringify({ endpoint: endpoint.url, credentials, calls }));
  });
}

/** Like callAws, but every call must succeed; the error names the failed call. */
export async function callAwsOrThrow(endpoint: LocalEndpoint, credentials: AwsCredentials, calls: readonly AwsCall[]): Promise<any[]> {
  const results = await callAws(endpoint, credentials, calls);
  const failed = results.findIndex((result) => !result.ok);
  if (failed >= 0) {
    const call = calls[failed];
    throw new LocalAwsError(`${call.service} ${call.operation} in ${call.region} failed: ${results[failed].error}`);
  }
  return results.map((result) => result.result);
}
