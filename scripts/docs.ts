/**
 * `npm run docs`: writes docs/api.md, the API reference, from the TSDoc comments of what the package
 * exports, and docs/discovery.md, what npm run adopt and npm run recover find, from the finders.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCommandLine } from './lib/args';
import { apiDocument, apiExports, undocumented } from './lib/api-doc';
import { costPricesSection } from './lib/cost';
import { discoveryDocument } from './lib/discovery-doc';

export const API_DOC = resolve(__dirname, '..', 'docs', 'api.md');
export const DISCOVERY_DOC = resolve(__dirname, '..', 'docs', 'discovery.md');
export const COST_DOC = resolve(__dirname, '..', 'docs', 'cost.md');
const PRICES_START = '<!-- prices: written by `npm run docs` from scripts/lib/cost.ts; a test fails when it is stale -->';
const PRICES_END = '<!-- prices end -->';

/** docs/cost.md with its prices section rewritten from the estimate's own tables. */
export function costDocument(current: string): string {
  const start = current.indexOf(PRICES_START);
  const end = current.indexOf(PRICES_END);
  if (start < 0 || end < start) throw new Error(`docs/cost.md has lost its markers (${PRICES_START} ... ${PRICES_END})`);
  return `${current.slice(0, start + PRICES_START.length)}\n${costPricesSection()}\n${current.slice(end)}`;
}

if (require.main === module) {
  parseCommandLine({
    command: 'npm run docs --',
    summary:
      "Writes docs/api.md, the API reference (every export of the package, each construct's props with their types, descriptions and defaults), " +
      'docs/discovery.md (what npm run adopt and npm run recover find, by resource type) and the prices in docs/cost.md.',
    flags: {},
    exitCodes: ['0 written', '1 an export or prop is undocumented (nothing is written), or the arguments are not valid'],
  });
  const api = apiExports();
  const problems = undocumented(api);
  if (problems.length > 0) {
    process.stderr.write(`The API reference would have gaps (${problems.length}); document these first:\n${problems.map((problem) => `  - ${problem}`).join('\n')}\n`);
    process.exit(1);
  }
  writeFileSync(API_DOC, apiDocument(api));
  writeFileSync(DISCOVERY_DOC, discoveryDocument());
  writeFileSync(COST_DOC, costDocument(readFileSync(COST_DOC, 'utf8')));
  process.stdout.write(`wrote ${API_DOC} (${api.length} exports), ${DISCOVERY_DOC} and the prices in ${COST_DOC}\n`);
}
