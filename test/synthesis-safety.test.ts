import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { BaselineValidationError, assertValid, synthesizeBaseline } from '../modules/baseline-app';
import { loadConfigFile } from '../modules/config/load';
import { resolveSettings } from '../modules/config/resolve';
import { DEFAULT_CONFIG, tempDir } from './support/fixtures';

describe('synthesis is all-or-nothing', () => {
  test('a construct that rejects its props leaves no output directory behind', () => {
    const settings = resolveSettings(loadConfigFile(DEFAULT_CONFIG));
    // Bypasses the config schema to reach the construct's own check.
    const broken = { ...settings, accounts: [{ ...settings.accounts[0], alertEmails: [] }] };
    const outdir = join(tempDir(), 'nested', 'cdktf.out');
    expect(() => synthesizeBaseline(broken, { outdir })).toThrow(/^new AccountBaseline\(\.\.\.\) was given props the configuration file would refuse \(1 problem\):\n {2}- alertEmails = \[\]: must list at least one e-mail address/);
    expect(existsSync(join(outdir, '..'))).toBe(false);
  });

  test("a construct's own check deeper in the tree leaves no output directory behind either", () => {
    const settings = resolveSettings(loadConfigFile(DEFAULT_CONFIG));
    // Past the props check: every kind of containment off is refused by the containment construct itself.
    const broken = { ...settings, accounts: [{ ...settings.accounts[0], containment: { ...settings.accounts[0].containment, rootLaunches: false, unusedRegionLaunches: false, findings: false } }] };
    const outdir = join(tempDir(), 'nested', 'cdktf.out');
    expect(() => synthesizeBaseline(broken, { outdir })).toThrow(/^Containment: every kind of containment is switched off/);
    expect(existsSync(join(outdir, '..'))).toBe(false);
  });

  test('tree validations are collected with their construct paths before anything is synthesized', () => {
    const app = new App({ outdir: join(tempDir(), 'out') });
    const stack = new TerraformStack(app, 'account-x');
    stack.node.addValidation({ validate: () => ['policy too large'] });
    expect(() => assertValid(app)).toThrow(BaselineValidationError);
    expect(() => assertValid(app)).toThrow(/account-x: policy too large/);
  });
});
