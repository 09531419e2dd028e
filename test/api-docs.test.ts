/**
 * The API reference (docs/api.md, `npm run docs`) is written from the TSDoc comments of what the
 * package exports, and nothing exported goes undocumented.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiDocument, apiExports, undocumented } from '../scripts/lib/api-doc';
import { API_DOC } from '../scripts/docs';
import { REPO_ROOT } from './support/fixtures';

const api = apiExports();

describe('API reference', () => {
  test('every export of the package is there: the constructs with their props, the policy builders and the configuration loader', () => {
    const names = api.map((item) => item.name);
    expect(names).toEqual(expect.arrayContaining(['AccountBaseline', 'AccountBaselineProps', 'OrganizationBaseline', 'OrganizationBaselineProps', 'Containment', 'loadConfigFile', 'synthesizeBaseline', 'regionDenyPolicy']));
    const constructs = api.filter((item) => item.kind === 'construct').map((item) => item.name);
    expect(constructs).toEqual(expect.arrayContaining(['AccountBaseline', 'OrganizationBaseline', 'AlertsHub', 'GuardDuty', 'Containment', 'TamperAlerts']));
  });

  test('every construct, props interface, class and function has a description, and every optional prop a @default', () => {
    expect(undocumented(api)).toEqual([]);
  });

  test('the check finds what is missing: an undocumented construct, prop and function, and an optional prop without @default', () => {
    expect(undocumented(apiExports(join(REPO_ROOT, 'test', 'fixtures', 'undocumented-api.ts'))).sort()).toEqual([
      'Gap (test/fixtures/undocumented-api.ts) has no description',
      'GapProps.region has no description',
      'GapProps.retentionDays is optional but has no @default',
      'undocumentedFunction (test/fixtures/undocumented-api.ts) has no description',
    ]);
  });

  test('docs/api.md is the reference the code generates (run `npm run docs` after changing an export or its comments)', () => {
    expect(readFileSync(API_DOC, 'utf8')).toBe(apiDocument(api));
  });

  test("a construct's props show their type, default and description", () => {
    const text = readFileSync(API_DOC, 'utf8');
    expect(text).toContain('| `alertLanguage` | `"en" \\| "ja"` | `\'en\'` | The language of the alert e-mails. |');
    expect(text).toContain('| `allowedRegions` | `readonly Region[]` | the home region only | Regions the account may use. |');
  });
});
