/**
 * AWS as discovery reads it, for tests: an AwsReader that answers from responses written as the
 * AWS SDK for JavaScript returns them (its output shapes and its error names), and an empty
 * account's answer to every read discovery makes. A read nobody answered fails the test.
 */
import { AwsReadError, AwsReader, AwsService, AwsTarget, isAllowedRead } from '../../scripts/lib/discovery/aws-reader';

export type Answer = Record<string, unknown> | AwsReadError | ((input: Record<string, unknown>, target: AwsTarget) => Record<string, unknown> | AwsReadError);

interface Rule {
  readonly service: AwsService;
  readonly operation: string;
  readonly answer: Answer;
  readonly region?: string;
  readonly input?: Record<string, unknown>;
}

/** An SDK error as the reader passes it on (`name` is the SDK's exception name). */
export const awsError = (code: string, message = code) => new AwsReadError(message, code);

export class RecordedAws implements AwsReader {
  private readonly rules: Rule[] = [];
  /** Every read made: `service:Operation@region`. */
  readonly reads: string[] = [];

  constructor(readonly account = '111122223333') {}

  /** Answers `service:operation` (in `region`, for `input` when given); later rules win. */
  on(service: AwsService, operation: string, answer: Answer, match: { region?: string; input?: Record<string, unknown> } = {}): this {
    this.rules.unshift({ service, operation, answer, ...match });
    return this;
  }

  async read<T = any>(target: AwsTarget, service: AwsService, operation: string, input: Readonly<Record<string, unknown>> = {}): Promise<T> {
    // As the real reader: only the reads discovery is allowed.
    if (!isAllowedRead(service, operation)) throw new Error(`${service} ${operation} is not in ALLOWED_READS`);
    this.reads.push(`${service}:${operation}@${target.region}`);
    const rule = this.rules.find(
      (candidate) =>
        candidate.service === service &&
        candidate.operation === operation &&
        (!candidate.region || candidate.region === target.region) &&
        Object.entries(candidate.input ?? {}).every(([key, value]) => JSON.stringify(input[key]) === JSON.stringify(value)),
    );
    if (!rule) throw new Error(`no recorded answer for ${service} ${operation} in ${target.region} with ${JSON.stringify(input)}`);
    const answer = typeof rule.answer === 'function' ? rule.answer({ ...input }, target) : rule.answer;
    if (answer instanceof AwsReadError) throw answer;
    return structuredClone(answer) as T;
  }
}

/** An account where the baseline finds nothing: the answer to every read discovery makes. */
export function emptyAccount(account = '111122223333'): RecordedAws {
  const aws = new RecordedAws(account);
  const notFound = (code: string) => awsError(code);
  aws
    .on('iam', 'GetRole', notFound('NoSuchEntityException'))
    .on('iam', 'ListAttachedRolePolicies', { AttachedPolicies: [], IsTruncated: false })
    .on('iam', 'ListRolePolicies', { PolicyNames: [], IsTruncated: false })
    .on('iam', 'ListAttachedGroupPolicies', { AttachedPolicies: [], IsTruncated: false })
    .on('iam', 'ListGroupPolicies', { PolicyNames: [], IsTruncated: false })
    .on('iam', 'GetOpenIDConnectProvider', notFound('NoSuchEntityException'))
    .on('iam', 'GetPolicy', notFound('NoSuchEntityException'))
    .on('iam', 'GetGroup', notFound('NoSuchEntityException'))
    .on('iam', 'ListRoles', { Roles: [], IsTruncated: false })
    .on('iam', 'GetAccountPasswordPolicy', notFound('NoSuchEntityException'))
    .on('iam', 'ListOrganizationsFeatures', { EnabledFeatures: [] })
    .on('kms', 'ListAliases', { Aliases: [], Truncated: false })
    .on('kms', 'ListKeys', { Keys: [], Truncated: false })
    .on('kms', 'ListGrants', { Grants: [], Truncated: false })
    .on('s3', 'HeadBucket', notFound('NotFound'))
    .on('s3', 'GetBucketPolicy', notFound('NoSuchBucket'))
    .on('s3', 'GetBucketTagging', notFound('NoSuchTagSet'))
    .on('s3', 'GetBucketReplication', notFound('ReplicationConfigurationNotFoundError'))
    .on('s3control', 'GetPublicAccessBlock', notFound('NoSuchPublicAccessBlockConfiguration'))
    .on('sns', 'GetTopicAttributes', notFound('NotFoundException'))
    .on('sns', 'ListSubscriptionsByTopic', { Subscriptions: [] })
    .on('sns', 'GetDataProtectionPolicy', { DataProtectionPolicy: '' })
    .on('sqs', 'GetQueueUrl', notFound('QueueDoesNotExist'))
    .on('lambda', 'GetFunction', notFound('ResourceNotFoundException'))
    .on('lambda', 'GetPolicy', notFound('ResourceNotFoundException'))
    .on('lambda', 'GetFunctionUrlConfig', notFound('ResourceNotFoundException'))
    .on('logs', 'DescribeLogGroups', { logGroups: [] })
    .on('events', 'DescribeRule', notFound('ResourceNotFoundException'))
    .on('events', 'ListTargetsByRule', { Targets: [] })
    .on('cloudwatch', 'DescribeAlarms', { MetricAlarms: [], CompositeAlarms: [] })
    .on('config', 'DescribeConfigurationRecorders', { ConfigurationRecorders: [] })
    .on('config', 'DescribeDeliveryChannels', { DeliveryChannels: [] })
    .on('config', 'DescribeConfigurationRecorderStatus', awsError('NoSuchConfigurationRecorderException'))
    .on('config', 'DescribeConfigRules', notFound('NoSuchConfigRuleException'))
    .on('config', 'DescribeConfigurationAggregators', notFound('NoSuchConfigurationAggregatorException'))
    .on('guardduty', 'ListDetectors', { DetectorIds: [] })
    .on('guardduty', 'ListFilters', { FilterNames: [] })
    .on('guardduty', 'ListPublishingDestinations', { Destinations: [] })
    .on('guardduty', 'ListIPSets', { IpSetIds: [] })
    .on('guardduty', 'ListThreatIntelSets', { ThreatIntelSetIds: [] })
    .on('guardduty', 'ListOrganizationAdminAccounts', { AdminAccounts: [] })
    .on('inspector2', 'BatchGetAccountStatus', (input) => ({
      accounts: (input.accountIds as string[]).map((accountId) => ({
        accountId,
        state: { status: 'DISABLED' },
        resourceState: { ec2: { status: 'DISABLED' }, ecr: { status: 'DISABLED' }, lambda: { status: 'DISABLED' }, lambdaCode: { status: 'DISABLED' } },
      })),
      failedAccounts: [],
    }))
    .on('inspector2', 'ListDelegatedAdminAccounts', { delegatedAdminAccounts: [] })
    .on('inspector2', 'GetMember', notFound('ResourceNotFoundException'))
    .on('inspector2', 'DescribeOrganizationConfiguration', notFound('AccessDeniedException'))
    .on('accessanalyzer', 'ListAnalyzers', { analyzers: [] })
    .on('accessanalyzer', 'ListArchiveRules', { archiveRules: [] })
    .on('securityhub', 'DescribeHub', notFound('InvalidAccessException'))
    .on('securityhub', 'GetEnabledStandards', notFound('InvalidAccessException'))
    .on('securityhub', 'ListFindingAggregators', notFound('InvalidAccessException'))
    .on('cloudtrail', 'DescribeTrails', { trailList: [] })
    .on('budgets', 'DescribeBudget', notFound('NotFoundException'))
    .on('budgets', 'DescribeBudgetActionsForBudget', notFound('NotFoundException'))
    .on('ce', 'GetAnomalyMonitors', { AnomalyMonitors: [] })
    .on('ce', 'GetAnomalySubscriptions', { AnomalySubscriptions: [] })
    .on('account', 'GetAlternateContact', notFound('ResourceNotFoundException'))
    .on('scheduler', 'GetSchedule', notFound('ResourceNotFoundException'))
    .on('organizations', 'DescribeOrganization', notFound('AWSOrganizationsNotInUseException'))
    .on('organizations', 'ListPolicies', { Policies: [] })
    .on('organizations', 'ListDelegatedAdministrators', { DelegatedAdministrators: [] })
    .on('ec2', 'GetEbsEncryptionByDefault', { EbsEncryptionByDefault: false, SseType: 'sse-ebs' })
    .on('ec2', 'GetSnapshotBlockPublicAccessState', { State: 'unblocked' })
    .on('ec2', 'GetImageBlockPublicAccessState', { ImageBlockPublicAccessState: 'unblocked' })
    .on('ec2', 'GetInstanceMetadataDefaults', { AccountLevel: {} });
  return aws;
}
