/**
 * Finders for the account-wide settings the baseline writes over whatever is there: the password
 * policy, EBS encryption by default, image and snapshot block public access, instance metadata
 * defaults, S3's account public access block, alternate contacts and Inspector's scans. Each says
 * what is set today, what the baseline will set, and whether the baseline's value protects less
 * (a conflict: the baseline must never weaken what the owner had).
 */
import { readIfExists } from '../aws-reader';
import { Change, Finder, Finding, changesOf } from '../finding';

const absent: Finding = { kind: 'absent' };
const WRITTEN_AGAIN = 'the provider cannot import it: the deploy writes it again, and offboarding leaves it';

/** Present as the owner's setting: adopted (so that offboarding leaves it), with the changes and any weakening as a conflict. */
function setting(found: string, importId: string | undefined, changes: readonly Change[], notImportable?: string): Finding {
  const weaker = changes.filter((change) => change.weaker);
  return {
    kind: 'present',
    found,
    origin: 'owner',
    evidence: 'an account setting: whoever set it, the baseline takes it over',
    ...(importId ? { importId } : { notImportable }),
    attributes: importId ? { id: importId } : {},
    ...(changes.length > 0 ? { changes } : {}),
    ...(weaker.length > 0
      ? {
          conflict: {
            why: `the baseline would weaken what is set today: ${weaker.map((change) => `${change.attribute} ${change.from} -> ${change.to} (${change.weaker})`).join('; ')}`,
            choice: 'set the stronger value in the configuration (the baseline then keeps it), or accept the weaker one with npm run adopt -- --accept',
          },
        }
      : {}),
  };
}

const weakerIf = (condition: boolean, why: string) => (condition ? why : undefined);

export const passwordPolicy: Finder = {
  type: 'aws_iam_account_password_policy',
  recognises: 'one per account',
  refusesSecondCreate: false,
  setting: true,
  async find({ aws, target, resource }) {
    const policy: Record<string, number | boolean | undefined> | undefined = (await readIfExists(aws, target, 'iam', 'GetAccountPasswordPolicy'))?.PasswordPolicy;
    if (!policy) return absent;
    const wanted = resource.block as Record<string, number | boolean | undefined>;
    const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
    const current = {
      length: number(policy.MinimumPasswordLength) ?? 8,
      reuse: number(policy.PasswordReusePrevention) ?? 0,
      // 0 (or nothing) means passwords never expire.
      maxAge: Number(policy.MaxPasswordAge ?? 0) > 0 ? Number(policy.MaxPasswordAge) : undefined,
    };
    const flags: Array<[string, string]> = [
      ['require_lowercase_characters', 'RequireLowercaseCharacters'],
      ['require_uppercase_characters', 'RequireUppercaseCharacters'],
      ['require_numbers', 'RequireNumbers'],
      ['require_symbols', 'RequireSymbols'],
      ['allow_users_to_change_password', 'AllowUsersToChangePassword'],
    ];
    const changes = changesOf([
      ['minimum_password_length', current.length, wanted.minimum_password_length, weakerIf(Number(wanted.minimum_password_length) < current.length, 'shorter passwords allowed')],
      ['password_reuse_prevention', current.reuse, wanted.password_reuse_prevention, weakerIf(Number(wanted.password_reuse_prevention ?? 0) < current.reuse, 'fewer old passwords remembered')],
      [
        'max_password_age',
        current.maxAge ?? '(never expires)',
        wanted.max_password_age ?? '(never expires)',
        weakerIf(current.maxAge !== undefined && (wanted.max_password_age === undefined || Number(wanted.max_password_age) > current.maxAge), 'passwords kept longer'),
      ],
      ...flags.map(
        ([attribute, field]) =>
          [attribute, policy[field] === true, wanted[attribute] ?? false, weakerIf(policy[field] === true && wanted[attribute] !== true && attribute !== 'allow_users_to_change_password', 'a requirement dropped')] as const,
      ),
      ['hard_expiry', policy.HardExpiry === true, wanted.hard_expiry ?? false],
    ]);
    return setting(`password policy (at least ${current.length} characters, ${current.reuse} remembered${current.maxAge ? `, expires after ${current.maxAge} days` : ''})`, 'iam-account-password-policy', changes);
  },
};

export const ebsEncryptionByDefault: Finder = {
  type: 'aws_ebs_encryption_by_default',
  recognises: 'one setting per region; off is the AWS default (nothing to adopt)',
  refusesSecondCreate: false,
  setting: true,
  async find({ aws, target, resource }) {
    const { EbsEncryptionByDefault } = await aws.read(target, 'ec2', 'GetEbsEncryptionByDefault', {});
    if (!EbsEncryptionByDefault) return absent;
    const wanted = resource.block.enabled ?? true;
    return setting('EBS encryption by default: on', 'default', changesOf([['enabled', true, wanted, weakerIf(wanted === false, 'new volumes unencrypted')]]));
  },
};

const SNAPSHOT_STRENGTH: Record<string, number> = { unblocked: 0, 'block-new-sharing': 1, 'block-all-sharing': 2 };

export const snapshotBlockPublicAccess: Finder = {
  type: 'aws_ebs_snapshot_block_public_access',
  recognises: 'one setting per region; unblocked is the AWS default (nothing to adopt)',
  refusesSecondCreate: false,
  setting: true,
  async find({ aws, target, resource }) {
    const { State } = await aws.read(target, 'ec2', 'GetSnapshotBlockPublicAccessState', {});
    if (!State || State === 'unblocked') return absent;
    const wanted = String(resource.block.state);
    return setting(`snapshot block public access: ${State}`, target.region, changesOf([['state', State, wanted, weakerIf((SNAPSHOT_STRENGTH[wanted] ?? 0) < (SNAPSHOT_STRENGTH[State] ?? 0), 'more snapshots may be shared publicly')]]));
  },
};

export const imageBlockPublicAccess: Finder = {
  type: 'aws_ec2_image_block_public_access',
  recognises: 'one setting per region; unblocked is the AWS default (nothing to adopt)',
  refusesSecondCreate: false,
  setting: true,
  notImportable: WRITTEN_AGAIN,
  async find({ aws, target, resource }) {
    const { ImageBlockPublicAccessState } = await aws.read(target, 'ec2', 'GetImageBlockPublicAccessState', {});
    if (!ImageBlockPublicAccessState || ImageBlockPublicAccessState === 'unblocked') return absent;
    const wanted = String(resource.block.state);
    return setting(
      `image block public access: ${ImageBlockPublicAccessState}`,
      undefined,
      changesOf([['state', ImageBlockPublicAccessState, wanted, weakerIf(wanted === 'unblocked', 'new AMIs may be shared publicly')]]),
      WRITTEN_AGAIN,
    );
  },
};

export const instanceMetadataDefaults: Finder = {
  type: 'aws_ec2_instance_metadata_defaults',
  recognises: 'one setting per region; no preference is the AWS default (nothing to adopt)',
  refusesSecondCreate: false,
  setting: true,
  notImportable: WRITTEN_AGAIN,
  async find({ aws, target, resource }) {
    const { AccountLevel } = await aws.read(target, 'ec2', 'GetInstanceMetadataDefaults', {});
    const level = (AccountLevel ?? {}) as { HttpTokens?: string; HttpPutResponseHopLimit?: number; HttpEndpoint?: string; InstanceMetadataTags?: string };
    if (!level.HttpTokens && level.HttpPutResponseHopLimit === undefined && !level.HttpEndpoint && !level.InstanceMetadataTags) return absent;
    const wanted = resource.block as { http_tokens?: string; http_put_response_hop_limit?: number; http_endpoint?: string; instance_metadata_tags?: string };
    const hop = wanted.http_put_response_hop_limit ?? -1;
    const changes = changesOf([
      ['http_tokens', level.HttpTokens ?? 'no-preference', wanted.http_tokens ?? 'no-preference', weakerIf(level.HttpTokens === 'required' && wanted.http_tokens !== 'required', 'IMDSv1 allowed again')],
      [
        'http_put_response_hop_limit',
        level.HttpPutResponseHopLimit ?? -1,
        hop,
        weakerIf(level.HttpPutResponseHopLimit !== undefined && level.HttpPutResponseHopLimit > 0 && (hop < 0 || hop > level.HttpPutResponseHopLimit), 'metadata reachable from more hops (containers)'),
      ],
      ['http_endpoint', level.HttpEndpoint ?? 'no-preference', wanted.http_endpoint ?? 'no-preference', weakerIf(level.HttpEndpoint === 'disabled' && wanted.http_endpoint !== 'disabled', 'the metadata service turned back on')],
    ]);
    return setting(
      `instance metadata defaults (tokens ${level.HttpTokens ?? 'no-preference'}, hop limit ${level.HttpPutResponseHopLimit ?? 'default'})`,
      undefined,
      changes,
      WRITTEN_AGAIN,
    );
  },
};

export const s3AccountPublicAccessBlock: Finder = {
  type: 'aws_s3_account_public_access_block',
  recognises: 'one per account',
  refusesSecondCreate: false,
  setting: true,
  async find({ aws, target, resource }) {
    const answer = await readIfExists(aws, target, 's3control', 'GetPublicAccessBlock', { AccountId: target.account });
    if (!answer) return absent;
    const configuration: Record<string, boolean | undefined> = answer.PublicAccessBlockConfiguration ?? {};
    const fields: Array<[string, string]> = [
      ['block_public_acls', 'BlockPublicAcls'],
      ['block_public_policy', 'BlockPublicPolicy'],
      ['ignore_public_acls', 'IgnorePublicAcls'],
      ['restrict_public_buckets', 'RestrictPublicBuckets'],
    ];
    const on = fields.filter(([, field]) => configuration[field] === true).length;
    const changes = changesOf(
      fields.map(([attribute, field]) => [attribute, configuration[field] === true, resource.block[attribute] ?? false, weakerIf(configuration[field] === true && resource.block[attribute] !== true, 'public access allowed again')] as const),
    );
    return setting(`S3 account public access block (${on} of 4 on)`, target.account, changes);
  },
};

export const alternateContact: Finder = {
  type: 'aws_account_alternate_contact',
  recognises: 'one contact of each type per account',
  refusesSecondCreate: false,
  setting: true,
  async find({ aws, target, arg, resource }) {
    const type = arg<string>('alternate_contact_type');
    const account = resource.block.account_id as string | undefined;
    const answer = await readIfExists(aws, target, 'account', 'GetAlternateContact', { AlternateContactType: type, ...(account ? { AccountId: account } : {}) });
    if (!answer) return absent;
    const contact: { Name?: string; Title?: string; EmailAddress?: string; PhoneNumber?: string } = answer.AlternateContact ?? {};
    return setting(
      `${type.toLowerCase()} contact ${contact.Name ?? '?'} <${contact.EmailAddress ?? '?'}>`,
      account ? `${account}/${type}` : type,
      changesOf([
        ['name', contact.Name, resource.block.name],
        ['title', contact.Title, resource.block.title],
        ['email_address', contact.EmailAddress, resource.block.email_address],
        ['phone_number', contact.PhoneNumber, resource.block.phone_number],
      ]),
    );
  },
};

const SCANS: Record<string, string> = { EC2: 'ec2', ECR: 'ecr', LAMBDA: 'lambda', LAMBDA_CODE: 'lambdaCode' };

export const inspectorEnabler: Finder = {
  type: 'aws_inspector2_enabler',
  recognises: "Inspector's scans are per account and region: the ones on are adopted, and the deploy never turns one off",
  refusesSecondCreate: false,
  setting: true,
  notImportable: 'the provider (5.100) cannot import it: the deploy enables it again (enabling twice is harmless), and offboarding leaves it on',
  async find({ aws, target, arg }) {
    const accounts = arg<string[]>('account_ids');
    const wanted = new Set(arg<string[]>('resource_types'));
    const { accounts: statuses } = await aws.read(target, 'inspector2', 'BatchGetAccountStatus', { accountIds: accounts });
    const on = new Set<string>();
    for (const status of (statuses ?? []) as Array<{ resourceState?: Record<string, { status?: string }> }>) {
      for (const [type, field] of Object.entries(SCANS)) if (status.resourceState?.[field]?.status === 'ENABLED') on.add(type);
    }
    if (on.size === 0) return absent;
    const dropped = [...on].filter((type) => !wanted.has(type)).sort();
    const changes: Change[] = [
      ...[...wanted].filter((type) => !on.has(type)).sort().map((type) => ({ attribute: `scan ${type}`, from: 'off', to: 'on' })),
      ...dropped.map((type) => ({ attribute: `scan ${type}`, from: 'on', to: 'off', weaker: 'the provider turns off every scan it is not given' })),
    ];
    return setting(
      `Inspector scanning ${[...on].sort().join(', ')} (account${accounts.length === 1 ? '' : 's'} ${accounts.join(', ')})`,
      undefined,
      changes,
      inspectorEnabler.notImportable,
    );
  },
};
