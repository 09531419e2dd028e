/** `npm run schema`: writes baseline.schema.json (JSON Schema of the configuration) for editors. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { configJsonSchema } from '../modules/config/schema';
import { parseCommandLine } from './lib/args';

export const SCHEMA_FILE = resolve(__dirname, '..', 'baseline.schema.json');

export function schemaText(): string {
  return `${JSON.stringify({ ...configJsonSchema(), title: 'AWS account baseline configuration' }, null, 2)}\n`;
}

if (require.main === module) {
  parseCommandLine({
    command: 'npm run schema --',
    summary: 'Writes baseline.schema.json, the JSON Schema of the configuration file, for editors and for checking.',
    flags: {},
    exitCodes: ['0 written', '1 the arguments are not valid'],
  });
  writeFileSync(SCHEMA_FILE, schemaText());
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}
