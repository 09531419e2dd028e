import { readFileSync } from 'node:fs';
import { parseConfig } from '../modules/config/load';
import { resolveSettings } from '../modules/config/resolve';
import { CONTROLS } from '../modules/controls/catalogue';
import { CIS_ITEMS } from '../modules/controls/cis';
import { cisCoverage } from '../modules/config/coverage';
import { CONTROLS_DOC, coverageDocument } from '../scripts/controls';
import { DEFAULT_CONFIG, validConfigData } from './support/fixtures';

const statusOf = (config: Record<string, any>, item: string) =>
  cisCoverage(resolveSettings(parseConfig(config)).accounts).find((row) => row.item === item)!;

describe('CIS coverage table (npm run controls)', () => {
  test('every control names only CIS items the table knows', () => {
    const known = new Set<string>(CIS_ITEMS.map((item) => item.id));
    for (const control of Object.values(CONTROLS)) for (const coverage of control.cis) expect(known.has(coverage.item)).toBe(true);
  });

  test('an item a control fully covers in every account is covered', () => {
    expect(statusOf(validConfigData(), '2.2.1').status).toBe('covered');
  });

  test('an item covered only partly by its control is partial', () => {
    expect(statusOf(validConfigData(), '5.6').status).toBe('partial');
  });

  test('MFA for console users (1.10) is partial: the MFA policy binds only the baseline groups, and the Config rule reports without enforcing', () => {
    expect(statusOf(validConfigData(), '1.10').status).toBe('partial');
  });

  test('a control switched off in one account makes its items partial, naming the account', () => {
    const config = validConfigData();
    config.accounts.push({ name: 'lab', accountId: '444455556666', controls: { accountDefaults: false } });
    const row = statusOf(config, '2.2.1');
    expect(row.status).toBe('partial');
    expect(row.detail).toMatch(/off in lab/);
  });

  test('a control switched off everywhere leaves its items not covered', () => {
    const config = validConfigData();
    config.controls = { accountDefaults: false };
    expect(statusOf(config, '2.2.1')).toMatchObject({ status: 'not covered', detail: expect.stringMatching(/switched off/) });
  });

  test('docs/cis-coverage.md is the table generated for the embedded default (run `npm run controls -- --write`)', () => {
    expect(readFileSync(CONTROLS_DOC, 'utf8')).toBe(coverageDocument(DEFAULT_CONFIG));
  });
});
