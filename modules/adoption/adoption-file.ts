/**
 * The adoption file of a stack, `adopt/<stack>.json` beside the configuration: what `npm run adopt`
 * found in AWS that the stack declares, for review and commit. Synthesis turns each adopted
 * entry into a Terraform import block; offboarding releases what it lists instead of destroying it.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { ConfigError, clearestProblems } from '../config/load';

/** The folder of adoption files, beside the configuration file. */
export const ADOPTION_DIR = 'adopt';

/** Where the adoption files of a configuration live: `adopt/` beside it. */
export function adoptionDirFor(configFile: string): string {
  return join(dirname(configFile), ADOPTION_DIR);
}

const changeSchema = z.strictObject({ attribute: z.string(), from: z.string(), to: z.string(), weaker: z.string().optional() });
const conflictSchema = z.strictObject({ why: z.string(), choice: z.string() });

const entrySchema = z.strictObject({
  path: z.string().min(1).meta({ description: 'Construct path of the resource, e.g. account-personal/baseline/guardDuty/eu-west-1/detector (construct ids are a contract)' }),
  address: z.string().regex(/^aws_[a-z0-9_]+\.[A-Za-z0-9_-]+$/, 'must be a Terraform resource address such as aws_guardduty_detector.name'),
  type: z.string().regex(/^aws_[a-z0-9_]+$/, 'must be a Terraform resource type such as aws_guardduty_detector'),
  control: z.string(),
  account: z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account ID'),
  region: z.string(),
  decision: z.enum(['adopt', 'overwrite', 'conflict']).meta({
    description: 'adopt: imported as it is; overwrite: an account setting the deploy writes over (imported when the provider can); conflict: waits for the owner',
  }),
  importId: z.string().min(1).optional(),
  found: z.string(),
  origin: z.enum(['this-stack', 'baseline-name', 'aws', 'other-stack', 'owner']).optional().meta({ description: 'Whose it is, as discovery told it' }),
  evidence: z.string(),
  keep: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  changes: z.array(changeSchema).optional(),
  conflict: conflictSchema.optional(),
  accepted: z.literal(true).optional().meta({ description: 'The owner accepted the conflict (npm run adopt -- --accept): the deploy goes ahead' }),
  kept: z.array(z.string()).optional(),
  review: z.array(z.string()).optional().meta({ description: 'What stays and deserves a look (an archive filter, a trusted IP list)' }),
});

const fileSchema = z.strictObject({
  stack: z.string().min(1),
  entries: z.array(entrySchema),
});

/** One resource AWS already had: where the stack declares it, what was found, and what the deploy does with it. */
export type AdoptionEntry = z.infer<typeof entrySchema>;
/** A stack's adoption file: `{ stack, entries }`. */
export type AdoptionFile = z.infer<typeof fileSchema>;

/** Whether an entry still waits for the owner's decision. */
export function isUnresolved(entry: AdoptionEntry): boolean {
  return entry.decision === 'conflict' && entry.accepted !== true;
}

/** Reads and checks one adoption file; throws ConfigError naming the file, the field and what is allowed. */
export function readAdoptionFile(file: string): AdoptionFile {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(file, [{ path: '', value: undefined, message: `is not valid JSON: ${(error as Error).message}` }], `${file} is not a valid adoption file`);
  }
  const result = fileSchema.safeParse(data, { reportInput: true });
  if (!result.success) throw new ConfigError(file, clearestProblems(result.error.issues, data), `${file} is not a valid adoption file`);
  const expected = file.split('/').pop()!.replace(/\.json$/, '');
  if (result.data.stack !== expected) {
    throw new ConfigError(file, [{ path: 'stack', value: result.data.stack, message: `must be the stack the file is named after (${expected})` }], `${file} is not a valid adoption file`);
  }
  const seen = new Set<string>();
  const duplicates = result.data.entries.flatMap((entry, index) => (seen.has(entry.address) ? [index] : (seen.add(entry.address), [])));
  if (duplicates.length > 0) {
    throw new ConfigError(
      file,
      duplicates.map((index) => ({ path: `entries[${index}].address`, value: result.data.entries[index].address, message: 'is listed twice; each resource is adopted once' })),
      `${file} is not a valid adoption file`,
    );
  }
  return result.data;
}

/** Every adoption file in `dir` (`<stack>.json`), by stack; none when the folder does not exist. */
export function loadAdoptionFiles(dir: string): Map<string, AdoptionFile> {
  const files = new Map<string, AdoptionFile>();
  if (!existsSync(dir)) return files;
  for (const name of readdirSync(dir).filter((candidate) => candidate.endsWith('.json')).sort()) {
    const file = readAdoptionFile(join(dir, name));
    files.set(file.stack, file);
  }
  return files;
}

/** The file's text as `npm run adopt` writes it: entries sorted by address, two-space JSON. */
export function formatAdoptionFile(file: AdoptionFile): string {
  const entries = [...file.entries].sort((a, b) => a.address.localeCompare(b.address));
  return `${JSON.stringify({ stack: file.stack, entries }, null, 2)}\n`;
}
