/**
 * What discovery can say of one resource the stack declares: nothing of the kind is there, it is
 * there (with what was found, whose it is and how that is known, how to import it, what the
 * deploy would change), or it could not be told. One finder per Terraform resource type says it.
 */
import { BASELINE_TAGS } from '../../../modules/baseline-app';
import type { AwsReader, AwsTarget } from './aws-reader';
import type { DeclaredResource } from './stack-model';

/**
 * Whose a resource is, as far as AWS tells:
 * - `this-stack`: tagged by the baseline for this stack;
 * - `baseline-name`: the baseline's exact name (or a setting of the baseline's own resource) and no
 *   tags: a type that keeps none, or a creation cut before its tags were written;
 * - `aws`: defined by AWS itself (a service-linked role, an enabled standard): the same whoever made it;
 * - `other-stack`: tagged by the baseline for another stack;
 * - `owner`: not the baseline's: the account owner's, or another tool's.
 */
export type Origin = 'this-stack' | 'baseline-name' | 'aws' | 'other-stack' | 'owner';

/** A value the deploy will change in place; `weaker` says why the new value protects less. */
export interface Change {
  readonly attribute: string;
  readonly from: string;
  readonly to: string;
  readonly weaker?: string;
}

/** Something only the owner can decide: what was found, why it matters and the exact choice. */
export interface Conflict {
  readonly why: string;
  readonly choice: string;
}

export interface Present {
  readonly kind: 'present';
  /** What was found, for people: "detector 12ab… (findings every 6 hours)". */
  readonly found: string;
  readonly origin: Origin;
  /** How the origin is known: the tags, the name and settings. */
  readonly evidence: string;
  /** The ID Terraform imports it by; absent when the type cannot be imported (`notImportable` says why). */
  readonly importId?: string;
  readonly notImportable?: string;
  /** Its attributes, for the resources whose arguments refer to it. */
  readonly attributes: Readonly<Record<string, unknown>>;
  /**
   * Arguments the baseline must declare with the existing value, because changing them would make
   * Terraform replace the resource (a Config recorder's name).
   */
  readonly keep?: Readonly<Record<string, string | number | boolean>>;
  /** What the deploy will change in place. */
  readonly changes?: readonly Change[];
  readonly conflict?: Conflict;
  /** What hangs off it and stays as it is (filters, publishing destinations, other trails). */
  readonly kept?: readonly string[];
  /** What stays and deserves the owner's look (an archive filter, a trusted IP list), without blocking. */
  readonly review?: readonly string[];
}

export type Finding =
  | { readonly kind: 'absent'; readonly note?: string }
  | Present
  | { readonly kind: 'unknown'; readonly reason: string };

export interface FindContext {
  readonly resource: DeclaredResource;
  /** Every resource of the stack (a key's finder looks for the alias that names it). */
  readonly stackResources: readonly DeclaredResource[];
  readonly stack: string;
  readonly aws: AwsReader;
  /** The account and region of the resource's provider, and how it signs in. */
  readonly target: AwsTarget;
  /** One of the resource's arguments, references resolved; throws Unresolved when one is not known. */
  arg<T = unknown>(name: string): T;
  /** The attributes of another resource of the stack (in the state, or found), if known. */
  known(address: string): Readonly<Record<string, unknown>> | undefined;
  /** Whose another resource of the stack is: `state` when the state holds it, else what discovery found. */
  originOf(address: string): Origin | 'state' | undefined;
}

export interface Finder {
  readonly type: string;
  /** How the baseline's own is told apart, in a sentence (for the docs and reports). */
  readonly recognises: string;
  /**
   * Creating it again fails ("already exists") or makes a second one: an interrupted creation
   * must be adopted before the next deploy. Otherwise the deploy simply writes it again.
   */
  readonly refusesSecondCreate: boolean;
  /**
   * An account-wide setting (a password policy, a default) rather than a resource: what is there
   * is written over, so `npm run adopt` shows it as overwrite (old -> new) when values differ.
   */
  readonly setting?: true;
  /** Why the provider cannot import this type, if it cannot: the deploy writes it over what is there. */
  readonly notImportable?: string;
  find(context: FindContext): Promise<Finding>;
}

export type Tags = Readonly<Record<string, string | undefined>>;

/** AWS's `[{Key, Value}]` tag lists as an object. */
export function tagObject(list: ReadonlyArray<{ Key?: string; Value?: string }> | undefined): Record<string, string> {
  return Object.fromEntries((list ?? []).filter((tag) => tag.Key).map((tag) => [tag.Key!, tag.Value ?? '']));
}

/**
 * The origin the tags tell. Without tags, the baseline's exact name says `baseline-name` only for a
 * resource whose tags the provider writes after creating it (a bucket) or that keeps none: one that
 * the baseline tags in its create call and carries no tag was not made by the baseline.
 */
export function originOfTags(tags: Tags | undefined, stack: string, name: { readonly baseline: boolean; readonly taggedAtCreation: boolean }): { origin: Origin; evidence: string } {
  const managedBy = tags?.ManagedBy;
  const ours = managedBy === BASELINE_TAGS.ManagedBy;
  if (ours && tags?.BaselineStack === stack) return { origin: 'this-stack', evidence: `tagged ManagedBy=${managedBy}, BaselineStack=${stack}` };
  if (ours) return { origin: 'other-stack', evidence: `tagged for another stack of the baseline (BaselineStack=${tags?.BaselineStack ?? '(none)'})` };
  const count = Object.keys(tags ?? {}).length;
  if (count === 0 && name.baseline && !name.taggedAtCreation) {
    return { origin: 'baseline-name', evidence: "the baseline's exact name, and no tags yet (they are written just after the resource is created)" };
  }
  if (count === 0 && name.baseline) return { origin: 'owner', evidence: "the baseline's name, but none of the tags the baseline gives it when it creates it" };
  return { origin: 'owner', evidence: count === 0 ? 'no baseline tags: not created by the baseline' : `tagged ${Object.keys(tags!).sort().join(', ')}, not ManagedBy=${BASELINE_TAGS.ManagedBy}` };
}

/** Every name the baseline gives starts with this (the protective SCP reserves it in member accounts). */
export const BASELINE_NAME = /^(alias\/|\/aws\/lambda\/|\/)?account-baseline/;

/** A conflict for a resource with one of the baseline's names that the baseline did not create. */
export function nameTaken(what: string, name: string, evidence: string): Conflict {
  return {
    why: `${what} ${name} exists and is not the baseline's (${evidence}); the deploy would fail, or take over something you made yourself`,
    choice: `rename or delete your ${what} ${name}, then run npm run adopt again; or, if it is a left-over of the baseline, run npm run adopt -- --accept and the deploy takes it over with the baseline's settings`,
  };
}

/** The change list for attributes whose current value differs from the one the baseline declares. */
export function changesOf(pairs: ReadonlyArray<readonly [attribute: string, from: unknown, to: unknown, weaker?: string]>): Change[] {
  return pairs
    .filter(([, from, to]) => to !== undefined && String(from ?? '(not set)') !== String(to))
    .map(([attribute, from, to, weaker]) => ({ attribute, from: String(from ?? '(not set)'), to: String(to), ...(weaker ? { weaker } : {}) }));
}
