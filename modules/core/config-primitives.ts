/**
 * The building blocks of the configuration file's schema, shared by the configuration and the
 * controls' own settings: account IDs, regions, addresses, amounts, IAM names and switches, each
 * with the message that says what is allowed.
 */
import { z } from 'zod';
import { ALL_REGIONS, Region } from './regions';
import { closestMatch } from './suggest';

/** True for an amount in whole cents, as AWS Budgets takes them (floating-point safe). */
export function isWholeCents(value: number): boolean {
  return Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;
}

export const ACCOUNT_ID = /^\d{12}$/;
export const ACCOUNT_NAME = /^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$/;
export const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;
// Break-glass patterns may use wildcards, as in AWS's own SCP examples (ArnNotLike aws:PrincipalARN).
export const ROLE_ARN_PATTERN = /^arn:aws:iam::(\d{12}|\*):role\/[\w+=,.@/*-]{1,512}$/;

// AWS Account API PutAlternateContact: PhoneNumber pattern and length.
export const PHONE = /^[\s0-9()+-]{1,25}$/;

export const accountIdMessage = 'must be a 12-digit AWS account ID written as a quoted string (e.g. "111122223333")';

export const accountId = () =>
  z.string({ error: accountIdMessage }).regex(ACCOUNT_ID, { error: accountIdMessage });

export const region = () =>
  z.enum(ALL_REGIONS as [Region, ...Region[]], {
    error: (issue) => {
      if (typeof issue.input !== 'string') return 'must be an AWS region name such as "ap-northeast-1"';
      const guess = closestMatch(issue.input, ALL_REGIONS);
      // A likely typo needs only the guess; otherwise the list, which is long.
      return guess
        ? `is not an AWS region this baseline knows; did you mean "${guess}"?`
        : `is not an AWS region this baseline knows; known regions: ${ALL_REGIONS.join(', ')}`;
    },
  });

export const email = () =>
  z
    .string({ error: 'must be an e-mail address such as "security@example.com"' })
    .max(254, { error: 'must be at most 254 characters (AWS limit for contact e-mails)' })
    .pipe(z.email({ error: 'must be an e-mail address such as "security@example.com"' }));

export const usd = (what: string) =>
  z
    .number({ error: `must be a positive number of US dollars (${what})` })
    .positive({ error: `must be a positive number of US dollars (${what})` })
    .max(1_000_000_000, { error: 'must be at most 1,000,000,000 US dollars' })
    .refine(isWholeCents, {
      error: 'must have at most two decimal places (AWS Budgets amounts are in cents)',
    });

export const wholeNumber = (unit: string) =>
  z.number({ error: `must be a whole number of ${unit}` }).int({ error: `must be a whole number of ${unit}` });

export const nonEmptyText = (what: string, max: number) =>
  z
    .string({ error: `must be text (${what})` })
    .trim()
    .min(1, { error: `must not be empty (${what})` })
    .max(max, { error: `must be at most ${max} characters (${what})` });

/** An on/off switch. */
export const onOff = () => z.boolean({ error: 'must be true or false' });

export const regionList = (what: string) =>
  z.array(region(), { error: `must be a list of region names (${what})` });

/** The error of a required mapping: missing, or not a mapping. */
export const mapping = (what: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? `is required: ${what}` : `must be ${what}`),
});

/** An object of optional on/off switches, one per key. */
export const switches = <K extends string>(keys: readonly K[], describe: (key: K) => { description: string; default: boolean }) =>
  z.strictObject(Object.fromEntries(keys.map((key) => [key, onOff().optional().meta(describe(key))])) as Record<K, z.ZodOptional<z.ZodBoolean>>);

// IAM group names: 1-128 characters of [\w+=,.@-].
export const GROUP_NAME = /^[\w+=,.@-]{1,128}$/;

export const groupNames = () =>
  z
    .array(
      z.string({ error: 'must be an IAM group name' }).regex(GROUP_NAME, { error: 'must be an IAM group name: 1-128 letters, digits and +=,.@_-' }),
      { error: 'must be a list of IAM group names' },
    )
    .max(50, { error: 'must list at most 50 groups' });

// IAM user names: 1-64 characters of [\w+=,.@-].
export const USER_NAME = /^[\w+=,.@-]{1,64}$/;

export const userNames = () =>
  z.array(
    z.string({ error: 'must be an IAM user name' }).regex(USER_NAME, { error: 'must be an IAM user name: 1-64 letters, digits and +=,.@_-' }),
    { error: 'must be a list of IAM user names' },
  );
