/**
 * Read-only access to AWS for discovery, signed in exactly as a deploy of the stack would be: the
 * caller's credentials from the standard chain (environment, shared config and profiles, SSO, web
 * identity, container or instance roles), then the provider's `assume_role`, then the account
 * checked against the provider's `allowed_account_ids`. Only operations that read (Get, List,
 * Describe, Head, Lookup, BatchGet) can be sent; identical reads are made once.
 */

interface AwsCredentialIdentity {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}
type AwsCredentialIdentityProvider = () => Promise<AwsCredentialIdentity>;

/** Where a read goes: an account and region, and the role to assume there (else the caller's credentials). */
export interface AwsTarget {
  readonly account: string;
  readonly region: string;
  readonly assumeRoleArn?: string;
  readonly sessionName?: string;
}

/**
 * The services discovery reads: each one's SDK package and client class. They are loaded by name
 * when first used, so that neither a run nor the type check pays for the clients it does not need.
 */
const SERVICES = {
  sts: ['@aws-sdk/client-sts', 'STSClient'],
  iam: ['@aws-sdk/client-iam', 'IAMClient'],
  kms: ['@aws-sdk/client-kms', 'KMSClient'],
  s3: ['@aws-sdk/client-s3', 'S3Client'],
  s3control: ['@aws-sdk/client-s3-control', 'S3ControlClient'],
  sns: ['@aws-sdk/client-sns', 'SNSClient'],
  sqs: ['@aws-sdk/client-sqs', 'SQSClient'],
  lambda: ['@aws-sdk/client-lambda', 'LambdaClient'],
  logs: ['@aws-sdk/client-cloudwatch-logs', 'CloudWatchLogsClient'],
  events: ['@aws-sdk/client-eventbridge', 'EventBridgeClient'],
  cloudwatch: ['@aws-sdk/client-cloudwatch', 'CloudWatchClient'],
  config: ['@aws-sdk/client-config-service', 'ConfigServiceClient'],
  guardduty: ['@aws-sdk/client-guardduty', 'GuardDutyClient'],
  inspector2: ['@aws-sdk/client-inspector2', 'Inspector2Client'],
  accessanalyzer: ['@aws-sdk/client-accessanalyzer', 'AccessAnalyzerClient'],
  securityhub: ['@aws-sdk/client-securityhub', 'SecurityHubClient'],
  cloudtrail: ['@aws-sdk/client-cloudtrail', 'CloudTrailClient'],
  budgets: ['@aws-sdk/client-budgets', 'BudgetsClient'],
  ce: ['@aws-sdk/client-cost-explorer', 'CostExplorerClient'],
  account: ['@aws-sdk/client-account', 'AccountClient'],
  scheduler: ['@aws-sdk/client-scheduler', 'SchedulerClient'],
  organizations: ['@aws-sdk/client-organizations', 'OrganizationsClient'],
  ec2: ['@aws-sdk/client-ec2', 'EC2Client'],
} as const satisfies Record<string, readonly [string, string]>;

/** A package by name, untyped: see SERVICES. */
const loadPackage = (name: string): Record<string, any> => require(name);

export type AwsService = keyof typeof SERVICES;

/**
 * The reads discovery may send, by service: each one only reads, and none is billed. Anything
 * else is refused before it is sent (a name that merely looks like a read, such as STS
 * GetSessionToken or Cost Explorer's billed GetCostAndUsage, included).
 */
export const ALLOWED_READS: Readonly<Record<AwsService, readonly string[]>> = {
  sts: ['GetCallerIdentity'],
  iam: [
    'GetRole', 'ListAttachedRolePolicies', 'ListRolePolicies', 'GetPolicy', 'GetGroup', 'ListAttachedGroupPolicies', 'ListGroupPolicies',
    'ListRoles', 'GetAccountPasswordPolicy', 'ListOrganizationsFeatures', 'GetOpenIDConnectProvider',
  ],
  kms: ['ListAliases', 'ListKeys', 'DescribeKey', 'ListResourceTags', 'ListGrants'],
  s3: ['HeadBucket', 'GetBucketTagging', 'GetBucketPolicy', 'GetBucketReplication'],
  s3control: ['GetPublicAccessBlock'],
  sns: ['GetTopicAttributes', 'ListTagsForResource', 'ListSubscriptionsByTopic', 'GetDataProtectionPolicy'],
  sqs: ['GetQueueUrl', 'ListQueueTags'],
  lambda: ['GetFunction', 'GetPolicy', 'GetFunctionUrlConfig'],
  logs: ['DescribeLogGroups', 'ListTagsForResource'],
  events: ['DescribeRule', 'ListTagsForResource', 'ListTargetsByRule'],
  cloudwatch: ['DescribeAlarms', 'ListTagsForResource'],
  config: ['DescribeConfigurationRecorders', 'DescribeConfigurationRecorderStatus', 'DescribeDeliveryChannels', 'DescribeConfigRules', 'DescribeConfigurationAggregators', 'ListTagsForResource'],
  guardduty: ['ListDetectors', 'GetDetector', 'ListFilters', 'GetFilter', 'ListPublishingDestinations', 'ListIPSets', 'ListThreatIntelSets', 'ListOrganizationAdminAccounts'],
  inspector2: ['BatchGetAccountStatus', 'ListDelegatedAdminAccounts', 'GetMember', 'DescribeOrganizationConfiguration'],
  accessanalyzer: ['ListAnalyzers', 'ListArchiveRules'],
  securityhub: ['DescribeHub', 'GetEnabledStandards', 'ListFindingAggregators', 'GetFindingAggregator'],
  cloudtrail: ['DescribeTrails', 'ListTags'],
  budgets: ['DescribeBudget', 'DescribeBudgetActionsForBudget', 'ListTagsForResource'],
  ce: ['GetAnomalyMonitors', 'GetAnomalySubscriptions', 'ListTagsForResource'],
  account: ['GetAlternateContact'],
  scheduler: ['GetSchedule'],
  organizations: ['DescribeOrganization', 'ListRoots', 'ListAWSServiceAccessForOrganization', 'ListPolicies', 'ListTagsForResource', 'ListTargetsForPolicy', 'ListDelegatedAdministrators'],
  ec2: ['GetEbsEncryptionByDefault', 'GetSnapshotBlockPublicAccessState', 'GetImageBlockPublicAccessState', 'GetInstanceMetadataDefaults'],
};

/** Whether discovery may send `service` `operation` (see ALLOWED_READS). */
export function isAllowedRead(service: AwsService, operation: string): boolean {
  return ALLOWED_READS[service]?.includes(operation) === true;
}

export class AwsReadError extends Error {
  constructor(
    message: string,
    /** The AWS error code (e.g. `NoSuchEntity`), or the network error's. */
    readonly code: string,
    /** The service has no endpoint in the region (or the region is not enabled for the account). */
    readonly notOffered = false,
  ) {
    super(message);
    this.name = 'AwsReadError';
  }
}

/** What every finder reads AWS through; tests give one that answers from recorded SDK responses. */
export interface AwsReader {
  /** One operation's response, as the SDK returns it (without `$metadata`). Throws AwsReadError. */
  read<T = any>(target: AwsTarget, service: AwsService, operation: string, input?: Readonly<Record<string, unknown>>): Promise<T>;
}

/** Every page of a paginated operation: `tokenIn` is the request's token field, `tokenOut` the response's. */
export async function readAllPages<T = any>(
  reader: AwsReader,
  target: AwsTarget,
  service: AwsService,
  operation: string,
  input: Readonly<Record<string, unknown>>,
  tokens: { readonly tokenIn: string; readonly tokenOut?: string },
): Promise<T[]> {
  const pages: T[] = [];
  let token: string | undefined;
  do {
    const page = (await reader.read(target, service, operation, { ...input, ...(token ? { [tokens.tokenIn]: token } : {}) })) as T & Record<string, unknown>;
    pages.push(page);
    const next = page[tokens.tokenOut ?? tokens.tokenIn] as string | undefined;
    if (next && next === token) throw new AwsReadError(`${service} ${operation} returned the same page token twice`, 'PaginationLoop');
    token = next || undefined;
  } while (token);
  return pages;
}

/** Error codes AWS answers with when the thing asked for does not exist. */
const NOT_FOUND = /NotFound|NoSuch|NonExistent|DoesNotExist|NotExist|^404$|ResourceNotFound/i;

export function isNotFound(error: unknown): boolean {
  return error instanceof AwsReadError && NOT_FOUND.test(error.code);
}

/** A read's answer, or undefined when AWS says there is no such thing (any other error is thrown). */
export async function readIfExists<T = any>(reader: AwsReader, target: AwsTarget, service: AwsService, operation: string, input: Readonly<Record<string, unknown>> = {}): Promise<T | undefined> {
  try {
    return await reader.read<T>(target, service, operation, input);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export interface SdkReaderOptions {
  /** A local AWS-compatible API (BASELINE_AWS_ENDPOINT); every client is pointed at it. */
  readonly endpoint?: string;
  /** The environment the credentials chain reads (AWS_ACCESS_KEY_ID, AWS_PROFILE...). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Reads in flight at once. @default 8 */
  readonly concurrency?: number;
  /**
   * The SDK's HTTP handler for every client (tests answer at the transport with recorded AWS responses).
   * @default - the SDK's own
   */
  readonly requestHandler?: unknown;
}

/** The AwsReader over the AWS SDK for JavaScript. */
export class SdkReader implements AwsReader {
  private readonly cache = new Map<string, Promise<unknown>>();
  private readonly clients = new Map<string, Promise<{ send: (command: unknown) => Promise<any>; module: Record<string, any> }>>();
  private readonly credentials = new Map<string, AwsCredentialIdentityProvider>();
  private readonly identities = new Map<string, Promise<void>>();
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  /** Every read sent, for reports and tests: `service:Operation`. */
  readonly sent: string[] = [];

  constructor(private readonly options: SdkReaderOptions = {}) {
    // The lockfile pins SDK releases that support Node.js 20 (the project's floor); their notice about later releases is noise here.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  }

  read<T = any>(target: AwsTarget, service: AwsService, operation: string, input: Readonly<Record<string, unknown>> = {}): Promise<T> {
    if (!isAllowedRead(service, operation)) {
      return Promise.reject(new AwsReadError(`${service} ${operation} is not one of discovery's reads (ALLOWED_READS); discovery never changes AWS`, 'NotARead'));
    }
    const key = JSON.stringify([target.account, target.region, target.assumeRoleArn ?? '', service, operation, input]);
    let pending = this.cache.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = this.verified(target).then(() => this.send<T>(target, service, operation, input));
      this.cache.set(key, pending);
    }
    return pending;
  }

  /** The credentials act in the target's account, as `allowed_account_ids` requires; checked once per sign-in path. */
  private verified(target: AwsTarget): Promise<void> {
    const key = `${target.assumeRoleArn ?? ''}|${target.account}`;
    let check = this.identities.get(key);
    if (!check) {
      check = this.send<{ Account?: string; Arn?: string }>(target, 'sts', 'GetCallerIdentity', {}).then((identity) => {
        if (identity.Account !== target.account) {
          const how = target.assumeRoleArn ? `after assuming ${target.assumeRoleArn}` : 'with the credentials given';
          throw new AwsReadError(
            `${how} the calls act in account ${identity.Account} (${identity.Arn}), but the stack's provider is locked to account ${target.account}: ` +
              'use the credentials you deploy this stack with',
            'WrongAccount',
          );
        }
      });
      this.identities.set(key, check);
    }
    return check;
  }

  private async send<T>(target: AwsTarget, service: AwsService, operation: string, input: Readonly<Record<string, unknown>>): Promise<T> {
    const client = await this.client(target, service);
    const Command = client.module[`${operation}Command`];
    if (typeof Command !== 'function') throw new AwsReadError(`${service} has no operation ${operation}`, 'UnknownOperation');
    await this.slot();
    this.sent.push(`${service}:${operation}`);
    try {
      const { $metadata: _metadata, ...output } = await client.send(new Command(input));
      return output as T;
    } catch (error) {
      throw asReadError(error, `${service} ${operation} in ${target.region} (account ${target.account})`);
    } finally {
      this.release();
    }
  }

  private client(target: AwsTarget, service: AwsService) {
    const key = `${service}|${target.region}|${target.assumeRoleArn ?? ''}`;
    let client = this.clients.get(key);
    if (!client) {
      client = Promise.resolve().then(() => {
        const [packageName, clientName] = SERVICES[service];
        const module = loadPackage(packageName);
        const Client = module[clientName] as new (config: Record<string, unknown>) => SdkClient;
        const instance = new Client({
          ...this.clientConfig(target.region, service),
          credentials: this.credentialsFor(target),
        });
        if (service === 's3control' && this.options.endpoint) sendToEndpointHost(instance, this.options.endpoint);
        return { send: (command: unknown) => instance.send(command), module };
      });
      this.clients.set(key, client);
    }
    return client;
  }

  private clientConfig(region: string, service?: AwsService): Record<string, unknown> {
    return {
      region,
      maxAttempts: 6,
      retryMode: 'adaptive',
      ...(this.options.requestHandler ? { requestHandler: this.options.requestHandler } : {}),
      ...(this.options.endpoint
        ? { endpoint: service === 's3control' ? hostNamed(this.options.endpoint) : this.options.endpoint, ...(service === 's3' ? { forcePathStyle: true } : {}) }
        : {}),
    };
  }

  private credentialsFor(target: AwsTarget): AwsCredentialIdentityProvider {
    const key = target.assumeRoleArn ?? '';
    let provider = this.credentials.get(key);
    if (!provider) {
      const base = this.baseCredentials();
      provider = target.assumeRoleArn ? this.assumed(base, target) : base;
      this.credentials.set(key, provider);
    }
    return provider;
  }

  private baseCredentials(): AwsCredentialIdentityProvider {
    let provider = this.credentials.get('(base)');
    if (!provider) {
      const env = this.options.env ?? process.env;
      const fromEnvironment: AwsCredentialIdentity | undefined =
        env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
          ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) }
          : undefined;
      provider = fromEnvironment
        ? async () => fromEnvironment
        : async () => {
            const { fromNodeProviderChain } = loadPackage('@aws-sdk/credential-providers');
            return fromNodeProviderChain({ profile: env.AWS_PROFILE })();
          };
      this.credentials.set('(base)', provider);
    }
    return provider;
  }

  private assumed(base: AwsCredentialIdentityProvider, target: AwsTarget): AwsCredentialIdentityProvider {
    let cached: Promise<AwsCredentialIdentity> | undefined;
    return () => {
      cached ??= (async () => {
        const { fromTemporaryCredentials } = loadPackage('@aws-sdk/credential-providers');
        return fromTemporaryCredentials({
          masterCredentials: base,
          params: { RoleArn: target.assumeRoleArn!, RoleSessionName: target.sessionName ?? 'account-baseline' },
          clientConfig: this.clientConfig(target.region),
        })();
      })().catch((error) => {
        cached = undefined;
        throw asReadError(error, `assuming ${target.assumeRoleArn}`);
      });
      return cached;
    };
  }

  private slot(): Promise<void> {
    if (this.active < (this.options.concurrency ?? 8)) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(() => resolve()));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }
}

interface SdkClient {
  send(command: unknown): Promise<any>;
  readonly middlewareStack: { add(middleware: (next: (args: any) => Promise<any>) => (args: any) => Promise<any>, options: { step: string; name: string }): void };
}

/**
 * S3 Control puts the account ID in front of the endpoint's host (`<account>.127.0.0.1`), which
 * is no address on a local endpoint (the provider works round it with a proxy). The client is
 * given the endpoint under a host name, and each request is sent to the endpoint's own host.
 */
function hostNamed(endpoint: string): string {
  const url = new URL(endpoint);
  url.hostname = 'endpoint.invalid';
  return url.toString().replace(/\/$/, '');
}

function sendToEndpointHost(client: SdkClient, endpoint: string): void {
  const { hostname } = new URL(endpoint);
  client.middlewareStack.add(
    (next) => async (args) => {
      if (args.request?.hostname) args.request.hostname = hostname;
      return next(args);
    },
    { step: 'finalizeRequest', name: 'sendToLocalEndpointHost' },
  );
}

/** An SDK or network error as an AwsReadError, telling a service that is not offered in a region apart. */
export function asReadError(error: unknown, what: string): AwsReadError {
  if (error instanceof AwsReadError) return error;
  const failure = error as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number }; cause?: { code?: string } };
  const network = failure.code ?? failure.cause?.code;
  // A host that does not exist, once STS answered in the same region (the account check comes first): the
  // service has no endpoint there. Anything else (a DNS hiccup, refused credentials) is an error, never "absent".
  if (network === 'ENOTFOUND' || failure.name === 'EndpointError') {
    return new AwsReadError(`${what}: the service has no endpoint there (${network ?? failure.name})`, network ?? 'EndpointError', true);
  }
  const code = failure.name && failure.name !== 'Error' ? failure.name : String(failure.$metadata?.httpStatusCode ?? network ?? 'Error');
  return new AwsReadError(`${what}: ${code}: ${failure.message ?? String(error)}`, code);
}
