/**
 * Finders for the named resources every stack has: IAM roles, policies and groups, the Config
 * service-linked role, KMS keys and aliases, buckets, topics, queues, functions and their
 * permissions, log groups. Each is found by the exact name the stack declares; its tags (where AWS
 * keeps them) say whether the baseline made it.
 */
import { isNotFound, readAllPages, readIfExists } from '../aws-reader';
import { BASELINE_NAME, FindContext, Finder, Finding, nameTaken, originOfTags, tagObject } from '../finding';
import { declaredValues, extrasConflict, optionalRead, policyArnsOfStack, withExtras } from './extras';

const absent: Finding = { kind: 'absent' };

/** A named resource: present with the origin its tags tell, and a conflict when the baseline did not make it. */
function named(
  what: string,
  name: string,
  tags: Readonly<Record<string, string>> | undefined,
  stack: string,
  present: { importId: string; attributes: Record<string, unknown>; found?: string; taggedAtCreation: boolean },
): Finding {
  const { origin, evidence } = originOfTags(tags, stack, { baseline: BASELINE_NAME.test(name), taggedAtCreation: present.taggedAtCreation });
  return {
    kind: 'present',
    found: present.found ?? `${what} ${name}`,
    origin,
    evidence,
    importId: present.importId,
    attributes: present.attributes,
    ...(origin === 'owner' || origin === 'other-stack' ? { conflict: nameTaken(what, name, evidence) } : {}),
  };
}

export const iamRole: Finder = {
  type: 'aws_iam_role',
  recognises: 'by its name; the tags ManagedBy and BaselineStack the baseline gives every role; no policy on it that the stack does not declare',
  refusesSecondCreate: true,
  async find(context) {
    const { aws, target, arg, stack, resource } = context;
    const name = arg<string>('name');
    const role = (await readIfExists<{ Role: { Arn: string; RoleId: string; Tags?: Array<{ Key: string; Value: string }> } }>(aws, target, 'iam', 'GetRole', { RoleName: name }))?.Role;
    if (!role) return absent;
    const found = named('role', name, tagObject(role.Tags), stack, { importId: name, attributes: { id: name, name, arn: role.Arn, unique_id: role.RoleId }, taggedAtCreation: true });
    const inline = new Set(((resource.block.inline_policy as Array<{ name?: string }> | undefined) ?? []).map((policy) => String(policy.name)));
    return withExtras(found, await policyExtras(context, 'role', name, { attached: 'ListAttachedRolePolicies', inline: 'ListRolePolicies', key: 'RoleName' }, inline));
  },
};

/** Policies on a role or group that the stack does not declare (inline by name; attached: any policy the stack has). */
async function policyExtras(
  context: FindContext,
  what: 'role' | 'group',
  name: string,
  calls: { attached: string; inline: string; key: string },
  declaredInline: ReadonlySet<string>,
) {
  const { aws, target } = context;
  const attached = (await readAllPages(aws, target, 'iam', calls.attached, { [calls.key]: name }, { tokenIn: 'Marker', tokenOut: 'Marker' })).flatMap(
    (page) => (page.AttachedPolicies ?? []) as Array<{ PolicyArn: string }>,
  );
  const inline = (await readAllPages(aws, target, 'iam', calls.inline, { [calls.key]: name }, { tokenIn: 'Marker', tokenOut: 'Marker' })).flatMap((page) => (page.PolicyNames ?? []) as string[]);
  const allowed = policyArnsOfStack(context);
  const extras = [
    ...attached.filter((policy) => !allowed.has(policy.PolicyArn)).map((policy) => `attached policy ${policy.PolicyArn}`),
    ...inline.filter((policy) => !declaredInline.has(policy)).map((policy) => `inline policy ${policy}`),
  ];
  const remove = what === 'role' ? `detach or delete them (aws iam detach-role-policy / delete-role-policy --role-name ${name})` : `detach or delete them (aws iam detach-group-policy / delete-group-policy --group-name ${name})`;
  return extras.length > 0 ? extrasConflict(what, name, extras, remove) : undefined;
}

export const iamPolicy: Finder = {
  type: 'aws_iam_policy',
  recognises: 'by its ARN (name and path); its tags',
  refusesSecondCreate: true,
  async find({ aws, target, arg, stack, resource }) {
    const name = arg<string>('name');
    const path = (resource.block.path as string | undefined) ?? '/';
    const arn = `arn:aws:iam::${target.account}:policy${path}${name}`;
    const policy = (await readIfExists(aws, target, 'iam', 'GetPolicy', { PolicyArn: arn }))?.Policy;
    if (!policy) return absent;
    return named('policy', name, tagObject(policy.Tags), stack, { importId: arn, attributes: { id: arn, arn, name, policy_id: policy.PolicyId }, taggedAtCreation: true });
  },
};

export const iamGroup: Finder = {
  type: 'aws_iam_group',
  recognises: "by its name (IAM keeps no tags on groups), and no policy on it that the stack does not declare",
  refusesSecondCreate: true,
  async find(context) {
    const { aws, target, arg, stack } = context;
    const name = arg<string>('name');
    let group: { Arn: string; GroupId: string };
    let members: number;
    try {
      const pages = await readAllPages(aws, target, 'iam', 'GetGroup', { GroupName: name }, { tokenIn: 'Marker', tokenOut: 'Marker' });
      group = pages[0].Group;
      members = pages.reduce((count, page) => count + ((page.Users as unknown[] | undefined)?.length ?? 0), 0);
    } catch (error) {
      if (isNotFound(error)) return absent;
      throw error;
    }
    const found = named('group', name, undefined, stack, {
      importId: name,
      attributes: { id: name, name, arn: group.Arn, unique_id: group.GroupId },
      found: `group ${name} (${members} member${members === 1 ? '' : 's'}, who stay in it)`,
      taggedAtCreation: false,
    });
    // IAM keeps no tags on groups: what is attached to the group is what tells a planted one.
    return withExtras(found, await policyExtras(context, 'group', name, { attached: 'ListAttachedGroupPolicies', inline: 'ListGroupPolicies', key: 'GroupName' }, new Set()));
  },
};

export const serviceLinkedRole: Finder = {
  type: 'aws_iam_service_linked_role',
  recognises: 'AWS names it after its service: whoever created it, it is the same role',
  refusesSecondCreate: true,
  async find({ aws, target, arg }) {
    const service = arg<string>('aws_service_name');
    const pages = await readAllPages(aws, target, 'iam', 'ListRoles', { PathPrefix: `/aws-service-role/${service}/` }, { tokenIn: 'Marker', tokenOut: 'Marker' });
    const roles = pages.flatMap((page) => (page.Roles ?? []) as Array<{ RoleName: string; Arn: string; RoleId: string }>);
    const role = roles.find((candidate) => !candidate.RoleName.includes('_'));
    if (!role) return absent;
    return {
      kind: 'present',
      found: `service-linked role ${role.RoleName}`,
      origin: 'aws',
      evidence: `AWS's own role for ${service}`,
      importId: role.Arn,
      attributes: { id: role.Arn, arn: role.Arn, name: role.RoleName, unique_id: role.RoleId },
    };
  },
};

/** Every alias of the region, listed once. */
async function aliases(context: Parameters<Finder['find']>[0]): Promise<Array<{ AliasName: string; AliasArn: string; TargetKeyId?: string }>> {
  const pages = await readAllPages(context.aws, context.target, 'kms', 'ListAliases', {}, { tokenIn: 'Marker', tokenOut: 'NextMarker' });
  return pages.flatMap((page) => page.Aliases ?? []);
}

async function keyTags(context: Parameters<Finder['find']>[0], keyId: string): Promise<Record<string, string>> {
  const pages = await readAllPages(context.aws, context.target, 'kms', 'ListResourceTags', { KeyId: keyId }, { tokenIn: 'Marker', tokenOut: 'NextMarker' });
  return Object.fromEntries(pages.flatMap((page) => (page.Tags ?? []) as Array<{ TagKey: string; TagValue: string }>).map((tag) => [tag.TagKey, tag.TagValue]));
}

async function usableKey(context: Parameters<Finder['find']>[0], keyId: string) {
  const { KeyMetadata } = await context.aws.read(context.target, 'kms', 'DescribeKey', { KeyId: keyId });
  return KeyMetadata.KeyManager === 'CUSTOMER' && KeyMetadata.KeyState !== 'PendingDeletion' && KeyMetadata.KeyState !== 'PendingReplicaDeletion' ? KeyMetadata : undefined;
}

/** A key the caller may not even describe (its policy keeps the account out) is no key of the baseline's. */
async function describableKey(context: Parameters<Finder['find']>[0], keyId: string) {
  try {
    return await usableKey(context, keyId);
  } catch (error) {
    if (/AccessDenied|NotFound/.test((error as { code?: string }).code ?? '')) return undefined;
    throw error;
  }
}

/** Key material the baseline does not control, and grants, on a key about to be adopted. */
async function keyExtras(context: Parameters<Finder['find']>[0], key: { KeyId: string; Origin?: string }, finding: Finding): Promise<Finding> {
  const extras = key.Origin && key.Origin !== 'AWS_KMS' ? [`key material from ${key.Origin} (whoever holds it can let it expire or delete it, and every log it encrypts becomes unreadable)`] : [];
  const grants = await optionalRead(
    async () => (await readAllPages(context.aws, context.target, 'kms', 'ListGrants', { KeyId: key.KeyId }, { tokenIn: 'Marker', tokenOut: 'NextMarker' })).flatMap((page) => (page.Grants ?? []) as Array<{ GranteePrincipal?: string; Operations?: string[] }>),
    `the grants on key ${key.KeyId}`,
  );
  const review = grants.note ? [grants.note] : (grants.value ?? []).map((grant) => `a grant lets ${grant.GranteePrincipal ?? '?'} ${(grant.Operations ?? []).join(', ')} with the key`);
  return withExtras(finding, extras.length > 0 ? extrasConflict('key', key.KeyId, extras, 'create the evidence afresh: delete the alias, schedule the key for deletion') : undefined, review);
}

export const kmsKey: Finder = {
  type: 'aws_kms_key',
  recognises: "through the alias the stack gives it; without one, by its description and the baseline's tags (a key has no name)",
  refusesSecondCreate: true,
  async find(context) {
    const { resource, stackResources, stack } = context;
    const aliasNames = stackResources
      .filter((candidate) => candidate.type === 'aws_kms_alias' && candidate.references.includes(resource.address))
      .map((alias) => String(alias.block.name));
    const listed = await aliases(context);
    for (const aliasName of aliasNames) {
      const alias = listed.find((candidate) => candidate.AliasName === aliasName && candidate.TargetKeyId);
      const key = alias && (await describableKey(context, alias.TargetKeyId!));
      if (!key) continue;
      const tags = await keyTags(context, key.KeyId);
      const { origin, evidence } = originOfTags(tags, stack, { baseline: false, taggedAtCreation: true });
      const mine = origin === 'this-stack';
      return keyExtras(context, key, {
        kind: 'present',
        found: `key ${key.KeyId} (named by ${aliasName})`,
        origin: mine || origin === 'other-stack' ? origin : 'owner',
        evidence: mine ? `${evidence}; named by ${aliasName}` : `${aliasName} names it, but it is ${evidence}`,
        importId: key.KeyId,
        attributes: { id: key.KeyId, key_id: key.KeyId, arn: key.Arn },
        ...(mine ? {} : { conflict: nameTaken('key alias', aliasName, evidence) }),
      });
    }
    // No alias names a key: an interrupted deploy may have created the key and not yet its alias.
    const description = context.arg<string | undefined>('description');
    const keys = (await readAllPages(context.aws, context.target, 'kms', 'ListKeys', {}, { tokenIn: 'Marker', tokenOut: 'NextMarker' })).flatMap((page) => page.Keys ?? []) as Array<{ KeyId: string }>;
    for (const { KeyId } of keys) {
      const key = await describableKey(context, KeyId);
      if (!key || key.Description !== description) continue;
      const tags = await keyTags(context, KeyId);
      if (originOfTags(tags, stack, { baseline: false, taggedAtCreation: true }).origin !== 'this-stack') continue;
      return keyExtras(context, key, {
        kind: 'present',
        found: `key ${KeyId} (no alias yet)`,
        origin: 'this-stack',
        evidence: `its description and tags ManagedBy, BaselineStack=${stack}`,
        importId: KeyId,
        attributes: { id: KeyId, key_id: KeyId, arn: key.Arn },
      });
    }
    return absent;
  },
};

export const kmsAlias: Finder = {
  type: 'aws_kms_alias',
  recognises: 'by its name, and the key it names being the stack\'s own key',
  refusesSecondCreate: true,
  async find(context) {
    const name = context.arg<string>('name');
    const alias = (await aliases(context)).find((candidate) => candidate.AliasName === name);
    if (!alias) return absent;
    const keyAddress = context.resource.references.find((address) => address.startsWith('aws_kms_key.'));
    const keyIsOurs = keyAddress !== undefined && ['state', 'this-stack', 'baseline-name'].includes(context.originOf(keyAddress) ?? '');
    const mine = keyIsOurs && context.known(keyAddress!)?.key_id === alias.TargetKeyId;
    const evidence = mine ? "it names the stack's own key" : `it names key ${alias.TargetKeyId ?? '(none)'}, not the baseline's`;
    return {
      kind: 'present',
      found: `alias ${name} -> key ${alias.TargetKeyId ?? '(none)'}`,
      origin: mine ? 'this-stack' : 'owner',
      evidence,
      importId: name,
      attributes: { id: name, name, arn: alias.AliasArn, target_key_id: alias.TargetKeyId },
      ...(mine ? {} : { conflict: nameTaken('key alias', name, evidence) }),
    };
  },
};

export const s3Bucket: Finder = {
  type: 'aws_s3_bucket',
  recognises: "by its name (the baseline's carry the account ID and region); its tags, which the provider writes just after creating it",
  refusesSecondCreate: true,
  async find({ aws, target, arg, stack }) {
    const bucket = arg<string>('bucket');
    try {
      // A bucket of another account answers 403 here: bucket names are global.
      await aws.read(target, 's3', 'HeadBucket', { Bucket: bucket, ExpectedBucketOwner: target.account });
    } catch (error) {
      if (isNotFound(error)) return absent;
      if (/^(403|Forbidden|AccessDenied)$/.test((error as { code?: string }).code ?? '')) {
        return {
          kind: 'present',
          found: `bucket ${bucket}, owned by another account`,
          origin: 'owner',
          evidence: 'HeadBucket answers 403: the name is taken outside this account',
          attributes: {},
          conflict: {
            why: `bucket names are global and ${bucket} belongs to another account; the deploy would fail`,
            choice: 'find out who owns it (it should be nobody: the name carries your account ID); if it is yours in another account, delete it there',
          },
        };
      }
      throw error;
    }
    const tags = tagObject((await readIfExists(aws, target, 's3', 'GetBucketTagging', { Bucket: bucket }))?.TagSet);
    const found = named('bucket', bucket, tags, stack, { importId: bucket, attributes: { id: bucket, bucket, arn: `arn:aws:s3:::${bucket}` }, taggedAtCreation: false });
    const replication = await optionalRead(() => aws.read(target, 's3', 'GetBucketReplication', { Bucket: bucket }), `the replication of bucket ${bucket}`);
    const rules = (replication.value?.ReplicationConfiguration?.Rules ?? []) as Array<{ Destination?: { Bucket?: string } }>;
    return withExtras(
      found,
      rules.length > 0 ? extrasConflict('bucket', bucket, rules.map((rule) => `replication to ${rule.Destination?.Bucket ?? '?'}`), `remove the replication (aws s3api delete-bucket-replication --bucket ${bucket})`) : undefined,
      replication.note ? [replication.note] : [],
    );
  },
};

export const snsTopic: Finder = {
  type: 'aws_sns_topic',
  recognises: 'by its ARN (name, region, account); its tags; no subscription or data protection policy the stack does not declare',
  refusesSecondCreate: true,
  async find(context) {
    const { aws, target, arg, stack } = context;
    const name = arg<string>('name');
    const arn = `arn:aws:sns:${target.region}:${target.account}:${name}`;
    if (!(await readIfExists(aws, target, 'sns', 'GetTopicAttributes', { TopicArn: arn }))) return absent;
    const { Tags } = await aws.read(target, 'sns', 'ListTagsForResource', { ResourceArn: arn });
    const found = named('topic', name, tagObject(Tags), stack, { importId: arn, attributes: { id: arn, arn, name }, taggedAtCreation: true });
    // Subscriptions the stack does not declare would receive every alert; a data protection policy can refuse them all.
    const declared = declaredValues(context, 'aws_sns_topic_subscription', 'endpoint');
    const subscriptions = (await readAllPages(aws, target, 'sns', 'ListSubscriptionsByTopic', { TopicArn: arn }, { tokenIn: 'NextToken' })).flatMap(
      (page) => (page.Subscriptions ?? []) as Array<{ Protocol: string; Endpoint: string }>,
    );
    const unresolved = declared.filter((endpoint) => endpoint === undefined).length;
    const foreign = subscriptions.filter((subscription) => !declared.includes(subscription.Endpoint));
    const extras = foreign.length > unresolved ? foreign.map((subscription) => `a ${subscription.Protocol} subscription to ${subscription.Endpoint}`) : [];
    const protection = await optionalRead(() => aws.read(target, 'sns', 'GetDataProtectionPolicy', { ResourceArn: arn }), `the data protection policy of topic ${name}`);
    if (protection.value?.DataProtectionPolicy) extras.push('a data protection policy (it can refuse every message published to the topic)');
    return withExtras(found, extras.length > 0 ? extrasConflict('topic', name, extras, `unsubscribe what you do not know and remove the data protection policy (aws sns put-data-protection-policy)`) : undefined, protection.note ? [protection.note] : []);
  },
};

export const sqsQueue: Finder = {
  type: 'aws_sqs_queue',
  recognises: 'by its name in the account and region; its tags',
  refusesSecondCreate: true,
  async find({ aws, target, arg, stack }) {
    const name = arg<string>('name');
    const url: string | undefined = (await readIfExists(aws, target, 'sqs', 'GetQueueUrl', { QueueName: name, QueueOwnerAWSAccountId: target.account }))?.QueueUrl;
    if (!url) return absent;
    const { Tags } = await aws.read(target, 'sqs', 'ListQueueTags', { QueueUrl: url });
    return named('queue', name, Tags ?? {}, stack, { importId: url, attributes: { id: url, url, name, arn: `arn:aws:sqs:${target.region}:${target.account}:${name}` }, taggedAtCreation: true });
  },
};

export const lambdaFunction: Finder = {
  type: 'aws_lambda_function',
  recognises: 'by its name; its tags',
  refusesSecondCreate: true,
  async find({ aws, target, arg, stack }) {
    const name = arg<string>('function_name');
    const fn = await readIfExists(aws, target, 'lambda', 'GetFunction', { FunctionName: name });
    if (!fn) return absent;
    const { Configuration, Tags } = fn;
    const url = await optionalRead(() => aws.read(target, 'lambda', 'GetFunctionUrlConfig', { FunctionName: name }), `the URL of function ${name}`);
    const conflict = url.value?.FunctionUrl ? extrasConflict('function', name, [`a function URL (${url.value.FunctionUrl}, auth ${url.value.AuthType})`], `delete it (aws lambda delete-function-url-config --function-name ${name})`) : undefined;
    const found = named('function', name, Tags ?? {}, stack, {
      importId: name,
      attributes: { id: name, function_name: name, arn: Configuration.FunctionArn, invoke_arn: `arn:aws:apigateway:${target.region}:lambda:path/2015-03-31/functions/${Configuration.FunctionArn}/invocations` },
      taggedAtCreation: true,
    });
    return withExtras(found, conflict, url.note ? [url.note] : []);
  },
};

export const lambdaPermission: Finder = {
  type: 'aws_lambda_permission',
  recognises: "by its statement ID in the baseline's function's policy",
  refusesSecondCreate: true,
  async find({ aws, target, arg }) {
    const functionName = arg<string>('function_name');
    const statementId = arg<string>('statement_id');
    const answer = await readIfExists(aws, target, 'lambda', 'GetPolicy', { FunctionName: functionName });
    if (!answer) return absent;
    const policy = JSON.parse(answer.Policy ?? '{}') as { Statement?: Array<{ Sid?: string }> };
    if (!(policy.Statement ?? []).some((statement) => statement.Sid === statementId)) return absent;
    return {
      kind: 'present',
      found: `permission ${statementId} of function ${functionName}`,
      origin: 'baseline-name',
      evidence: "the baseline's statement ID on the baseline's function",
      importId: `${functionName}/${statementId}`,
      attributes: { id: statementId, statement_id: statementId, function_name: functionName },
    };
  },
};

export const logGroup: Finder = {
  type: 'aws_cloudwatch_log_group',
  recognises: 'by its name; its tags',
  refusesSecondCreate: true,
  async find({ aws, target, arg, stack }) {
    const name = arg<string>('name');
    const pages = await readAllPages(aws, target, 'logs', 'DescribeLogGroups', { logGroupNamePrefix: name }, { tokenIn: 'nextToken' });
    const group = pages.flatMap((page) => page.logGroups ?? []).find((candidate: { logGroupName: string }) => candidate.logGroupName === name) as
      | { logGroupName: string; arn: string }
      | undefined;
    if (!group) return absent;
    const arn = group.arn.replace(/:\*$/, '');
    const { tags } = await aws.read(target, 'logs', 'ListTagsForResource', { resourceArn: arn });
    return named('log group', name, tags ?? {}, stack, { importId: name, attributes: { id: name, name, arn }, taggedAtCreation: true });
  },
};

export const bucketPolicy: Finder = {
  type: 'aws_s3_bucket_policy',
  recognises: "the policy of the baseline's bucket (written again on every deploy; found only to be imported with its bucket)",
  refusesSecondCreate: false,
  async find({ aws, target, arg }) {
    const bucket = arg<string>('bucket');
    if (!(await readIfExists(aws, target, 's3', 'GetBucketPolicy', { Bucket: bucket }))) return absent;
    return { kind: 'present', found: `policy of bucket ${bucket}`, origin: 'baseline-name', evidence: "on the baseline's bucket", importId: bucket, attributes: { id: bucket, bucket } };
  },
};

export const topicPolicy: Finder = {
  type: 'aws_sns_topic_policy',
  recognises: "the policy of the baseline's topic (written again on every deploy; found only to be imported with its topic)",
  refusesSecondCreate: false,
  async find({ aws, target, arg }) {
    const arn = arg<string>('arn');
    if (!(await readIfExists(aws, target, 'sns', 'GetTopicAttributes', { TopicArn: arn }))?.Attributes?.Policy) return absent;
    return { kind: 'present', found: `policy of topic ${arn}`, origin: 'baseline-name', evidence: "on the baseline's topic", importId: arn, attributes: { id: arn, arn } };
  },
};

export const openIdConnectProvider: Finder = {
  type: 'aws_iam_openid_connect_provider',
  recognises: "by its URL (one provider per URL in an account); an existing one, a GitHub Actions set-up of the owner's most often, is adopted",
  refusesSecondCreate: true,
  async find({ aws, target, arg, stack }) {
    const url = arg<string>('url');
    const arn = `arn:aws:iam::${target.account}:oidc-provider/${url.replace(/^https:\/\//, '')}`;
    const provider = await readIfExists<{ ClientIDList?: string[]; Tags?: Array<{ Key: string; Value: string }> }>(aws, target, 'iam', 'GetOpenIDConnectProvider', { OpenIDConnectProviderArn: arn });
    if (!provider) return absent;
    const { origin, evidence } = originOfTags(tagObject(provider.Tags), stack, { baseline: false, taggedAtCreation: true });
    const wanted = arg<string[]>('client_id_list') ?? [];
    const dropped = (provider.ClientIDList ?? []).filter((client) => !wanted.includes(client));
    return {
      kind: 'present',
      found: `OpenID Connect provider ${url} (clients ${(provider.ClientIDList ?? []).join(', ') || 'none'})`,
      origin,
      evidence,
      importId: arn,
      attributes: { id: arn, arn, url },
      ...(dropped.length > 0
        ? {
            conflict: {
              why: `the provider also serves ${dropped.join(', ')}, which the baseline does not declare: the deploy would remove them, and whatever signs in through them would stop working`,
              choice: 'set drift.githubOidcProviderExists: true so the baseline uses yours as it is, or accept with npm run adopt -- --accept',
            },
          }
        : {}),
    };
  },
};
