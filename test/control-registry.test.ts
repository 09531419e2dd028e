/**
 * The control as the unit of change: each control has a folder with its definition, construct and
 * hook; the registry holds one module per catalogue entry; the account baseline builds the enabled
 * controls in an order derived from what each requires or comes after, never from a list's order;
 * and each hook builds under the control's own id (construct ids are the contract).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { AccountBaseline } from '../modules/account-baseline';
import { CONTROL_IDS, CONTROLS, ControlDefinition, ControlId } from '../modules/controls/catalogue';
import { CONTROL_MODULES, buildOrder } from '../modules/controls/registry';
import { protectiveScp } from '../modules/controls/baseline-protection';
import { REPO_ROOT, tempDir } from './support/fixtures';

/** The folder of a control: its id in kebab case (guardDuty's is guardduty, as the service writes it). */
const folderOf = (id: ControlId) => (id === 'guardDuty' ? 'guardduty' : id.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`));

describe('one control, one folder', () => {
  test.each(CONTROL_IDS.map((id) => [id]))('%s has its folder with a definition and a hook, and its construct unless it lives only in the organization stack', (id) => {
    const folder = join(REPO_ROOT, 'modules', 'controls', folderOf(id));
    expect(existsSync(join(folder, 'definition.ts'))).toBe(true);
    expect(existsSync(join(folder, 'control.ts'))).toBe(true);
    expect(existsSync(join(folder, 'construct.ts'))).toBe(!CONTROLS[id].organizationOnly);
  });

  test("the registry's module of each control is the catalogue's definition plus its hook", () => {
    expect(Object.keys(CONTROL_MODULES).sort()).toEqual([...CONTROL_IDS].sort());
    for (const id of CONTROL_IDS) {
      const { account, ...definition } = CONTROL_MODULES[id];
      expect(definition).toEqual(CONTROLS[id]);
      expect(typeof account === 'function').toBe(!CONTROLS[id].organizationOnly);
    }
  });
});

describe('the build order comes from requirements, not from a list', () => {
  const position = (order: readonly ControlId[], id: ControlId) => order.indexOf(id);

  test("every control comes after what it requires and what it is declared to come after, whatever order it is given in", () => {
    const reversed = [...CONTROL_IDS].reverse();
    for (const given of [CONTROL_IDS, reversed]) {
      const order = buildOrder(given);
      expect([...order].sort()).toEqual([...CONTROL_IDS].sort());
      for (const id of order) {
        for (const before of [...(CONTROLS[id].requires ?? []), ...(CONTROLS[id].after ?? [])]) expect(position(order, before)).toBeLessThan(position(order, id));
      }
    }
    expect(position(buildOrder(reversed), 'configRecorder')).toBeLessThan(position(buildOrder(reversed), 'rootCredentials'));
    expect(position(buildOrder(reversed), 'mfaEnforcement')).toBeLessThan(position(buildOrder(reversed), 'regionDeny'));
  });

  test("the catalogue's order already satisfies them, so the synthesized output keeps its order", () => {
    expect(buildOrder(CONTROL_IDS)).toEqual([...CONTROL_IDS]);
  });

  test('a control waiting for one that is off is built without waiting', () => {
    expect(buildOrder(['regionDeny', 'costBudget'])).toEqual(['regionDeny', 'costBudget']);
  });

  test('controls that wait for each other are refused, naming them', () => {
    const definitions = {
      ...CONTROLS,
      regionDeny: { ...CONTROLS.regionDeny, after: ['costBudget'] },
      costBudget: { ...CONTROLS.costBudget, after: ['regionDeny'] },
    } as Record<ControlId, ControlDefinition>;
    expect(() => buildOrder(['costBudget', 'regionDeny'], definitions)).toThrow('controls that wait for each other: costBudget (after regionDeny); regionDeny (after costBudget)');
  });
});

describe("each hook builds under the control's own id", () => {
  test('every enabled control that declares something in a standalone account is the child of the baseline named after it', () => {
    const app = new App({ outdir: join(tempDir(), 'out') });
    const stack = new TerraformStack(app, 'account');
    const baseline = new AccountBaseline(stack, 'baseline', {
      accountId: '123456789012',
      homeRegion: 'eu-west-1',
      alertEmails: ['secops@example.com'],
      contacts: { security: { name: 'SecOps', title: 'Security', email: 'secops@example.com', phone: '+1 555 0100' } },
      budget: { monthlyLimitUsd: 500, anomalyThresholdUsd: 50 },
      controls: { securityHub: true },
    });
    const children = new Set(baseline.node.children.map((child) => child.node.id));
    const declared = CONTROL_IDS.filter((id) => !CONTROLS[id].organizationOnly);
    expect(declared.filter((id) => !children.has(id))).toEqual([]);
    expect([...children].filter((id) => !(CONTROL_IDS as readonly string[]).includes(id)).sort()).toEqual(['alerts', 'evidence', 'regions']);
  });
});

describe('no control is left unguarded by the protective SCP', () => {
  test.each(CONTROL_IDS.filter((id) => CONTROLS[id].enabledByDefault).map((id) => [id]))(
    '%s, on by default, declares the actions the SCP denies, or why it has none of its own',
    (id) => {
      const { accountWide = [], onBaselineResources = [], noneBecause } = CONTROLS[id].protectedActions;
      const declared = accountWide.length + onBaselineResources.length;
      expect({ declared: declared > 0, reason: (noneBecause ?? '').length > 20 }).toEqual(declared > 0 ? { declared: true, reason: false } : { declared: false, reason: true });
    },
  );

  test("every action a control declares is in the protective SCP, account-wide ones on every resource, the others on the baseline's", () => {
    const scp = protectiveScp({ exemptRoleArns: [], trailName: 'account-baseline-trail', topicName: 'account-baseline-alerts', accountDefaults: true });
    const statement = (sid: string) => scp.Statement.find((candidate) => candidate.Sid === sid)!;
    for (const id of CONTROL_IDS) {
      const { accountWide = [], onBaselineResources = [] } = CONTROLS[id].protectedActions;
      expect(statement('DenyLeavingOrDisablingTheBaseline').Action).toEqual(expect.arrayContaining([...accountWide]));
      expect(statement('ProtectBaselineResources').Action).toEqual(expect.arrayContaining([...onBaselineResources]));
    }
    expect(statement('DenyLeavingOrDisablingTheBaseline').Resource).toBe('*');
  });

  test('account defaults, which an organisation may leave to its accounts, are denied only while it keeps them', () => {
    const without = protectiveScp({ exemptRoleArns: [], trailName: 'account-baseline-trail', topicName: 'account-baseline-alerts' });
    expect(JSON.stringify(without)).not.toContain('ec2:DisableEbsEncryptionByDefault');
  });
});
