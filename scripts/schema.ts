/**
 * `npm run schema`: writes baseline.schema.json (JSON Schema of the configuration) for editors,
 * and docs/configuration.md (every key with its type, default and limits) from the same schema.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { configJsonSchema } from '../modules/config/schema';
import { parseCommandLine } from './lib/args';
import { configurationDocument } from './lib/configuration-doc';

export const SCHEMA_FILE = resolve(__dirname, '..', 'baseline.schema.json');
export const CONFIGURATION_DOC = resolve(__dirname, '..', 'docs', 'configuration.md');

export function schemaText(): string {
  return `${JSON.stringify({ ...configJsonSchema(), title: 'AWS account baseline configuration' }, null, 2)}\n`;
}

export function configurationText(): string {
  return configurationDocument(configJsonSchema());
}

if (require.main === module) {
  parseCommandLine({
    command: 'npm run schema --',
    summary: 'Writes baseline.schema.json, the JSON Schema of the configuration file, and docs/configuration.md, its reference, from the schema.',
    flags: {},
    exitCodes: ['0 written', '1 the arguments are not valid'],
  });
  writeFileSync(SCHEMA_FILE, schemaText());
  writeFileSync(CONFIGURATION_DOC, configurationText());
  process.stdout.write(`wrote ${SCHEMA_FILE} and ${CONFIGURATION_DOC}\n`);
}
