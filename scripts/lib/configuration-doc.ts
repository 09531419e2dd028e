/**
 * docs/configuration.md, written from the configuration's JSON Schema (itself made from the zod
 * schema in modules/config/schema.ts): every key with its type, default and limits, and the
 * description the schema carries. `npm run schema` writes it; a test fails when it is stale.
 */
import { ALL_REGIONS, OPT_IN_REGIONS } from '../../modules/core/regions';
import { markdownCell as cell } from './markdown';

interface JsonSchema {
  type?: string;
  description?: string;
  default?: unknown;
  defaultText?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  pattern?: string;
  format?: string;
  propertyNames?: JsonSchema;
}

/** One key of the configuration, as the reference lists it. */
export interface ConfigurationKey {
  readonly path: string;
  readonly type: string;
  readonly default: string;
  readonly limits: string;
  readonly description: string;
}

const sameList = (values: unknown[] | undefined, list: readonly string[]) => values !== undefined && values.length === list.length && list.every((item) => values.includes(item));

function typeOf(schema: JsonSchema): string {
  if (schema.enum) {
    if (sameList(schema.enum, ALL_REGIONS)) return 'region';
    if (sameList(schema.enum, OPT_IN_REGIONS)) return 'opt-in region';
    return `one of ${schema.enum.map((value) => `\`${String(value)}\``).join(', ')}`;
  }
  if (schema.type === 'array') return `list of ${typeOf(schema.items ?? {})}`;
  if (schema.type === 'object') return schema.properties ? 'mapping' : 'map of text to text';
  if (schema.format === 'email') return 'e-mail address';
  if (schema.type === 'integer') return 'whole number';
  if (schema.type === 'boolean') return '`true` or `false`';
  return schema.type ?? 'any';
}

function limitsOf(schema: JsonSchema): string {
  const limits: string[] = [];
  const safe = (value: number | undefined) => value !== undefined && Math.abs(value) < Number.MAX_SAFE_INTEGER;
  if (safe(schema.minimum) && safe(schema.maximum)) limits.push(`${schema.minimum}–${schema.maximum}`);
  else if (safe(schema.minimum)) limits.push(`at least ${schema.minimum}`);
  else if (safe(schema.maximum)) limits.push(`at most ${schema.maximum}`);
  if (schema.exclusiveMinimum !== undefined) limits.push(`more than ${schema.exclusiveMinimum}`);
  if (schema.minItems !== undefined && schema.maxItems !== undefined) limits.push(`${schema.minItems}–${schema.maxItems} items`);
  else if (schema.minItems !== undefined) limits.push(`at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}`);
  else if (schema.maxItems !== undefined) limits.push(`at most ${schema.maxItems} items`);
  if (schema.minLength !== undefined && schema.maxLength !== undefined) limits.push(`${schema.minLength}–${schema.maxLength} characters`);
  else if (schema.maxLength !== undefined) limits.push(`at most ${schema.maxLength} characters`);
  if (schema.pattern && schema.format !== 'email') limits.push(`matches \`${schema.pattern}\``);
  if (schema.type === 'array' && schema.items && schema.items.type !== 'object') {
    const item = limitsOf(schema.items);
    if (item) limits.push(`each ${item}`);
  }
  return limits.join('; ');
}

function defaultOf(schema: JsonSchema, required: boolean, path: string): string {
  if (required) return 'required';
  if (schema.default !== undefined) return `\`${JSON.stringify(schema.default)}\``;
  if (schema.defaultText !== undefined) return schema.defaultText;
  if (path.startsWith('accounts[].')) return 'as at the top level';
  if (schema.type === 'object' && schema.properties) return 'see its keys';
  return 'not set';
}

/** Every key of the schema, depth first, in the schema's own order. */
export function configurationKeys(schema: JsonSchema, prefix = ''): ConfigurationKey[] {
  const keys: ConfigurationKey[] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const path = `${prefix}${name}`;
    const required = (schema.required ?? []).includes(name);
    keys.push({ path, type: typeOf(property), default: defaultOf(property, required, path), limits: limitsOf(property), description: property.description ?? '' });
    if (property.type === 'object' && property.properties) keys.push(...configurationKeys(property, `${path}.`));
    if (property.type === 'array' && property.items?.type === 'object') keys.push(...configurationKeys(property.items, `${path}[].`));
  }
  return keys;
}

export function configurationDocument(schema: JsonSchema): string {
  const keys = configurationKeys(schema);
  return [
    '# Configuration reference',
    '',
    '<!-- Written by `npm run schema` from modules/config/schema.ts; a test fails when it is stale. Do not edit by hand. -->',
    '',
    'One file, YAML or JSON: `baseline.config.yaml` (a standalone personal account) is the embedded default, and',
    '`examples/organization.yaml` is an organisation. `BASELINE_CONFIG=path` selects another. The zod schema in',
    '`modules/config/schema.ts` is at once the TypeScript type, the validator and the editor schema',
    '(`baseline.schema.json`); this page is written from the same schema.',
    '',
    'Every problem is reported before anything is synthesized, one line each, with the key, the bad value and what is',
    'allowed. Besides the types and limits below, the validator refuses unknown keys (suggesting the closest known',
    'one), opt-in regions not listed in `optInRegions`, an `allowedRegions` without the home region, duplicate account',
    'names, IDs, addresses, groups and users, an `assumeRoleArn` in another account, a security account that is the',
    'management account or has no stack, a control on while a control it needs is off, a circuit breaker that would',
    'stop nobody, an anomaly monitor of another account, break-glass patterns that would exempt more than break-glass',
    "roles, and (when the stacks are built, still before anything is written) SCPs over AWS's 5,120 characters or",
    'more than five SCPs on one target.',
    '',
    'Keys under `accounts[]` override the top-level key of the same name for that account. `default` is what applies',
    'when the key is left out; "not set" means the feature it configures is off or empty.',
    '',
    `${keys.length} keys:`,
    '',
    '| key | type | default | limits | description |',
    '|---|---|---|---|---|',
    ...keys.map((key) => `| \`${key.path}\` | ${cell(key.type)} | ${cell(key.default)} | ${cell(key.limits)} | ${cell(key.description)} |`),
    '',
  ].join('\n');
}
