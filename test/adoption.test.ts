/**
 * Adoption: npm run adopt's decisions and the file it writes, and what synthesis makes of that
 * file: import blocks, the existing value of every argument that would replace the resource,
 * `prevent_destroy` on everything adopted, and a release (never a destroy) for an adopted resource
 * the stack no longer declares. Without a file the output is byte-identical.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdoptionFile, formatAdoptionFile, loadAdoptionFiles, readAdoptionFile } from '../modules/adoption/adoption-file';
import { synthesizeBaseline } from '../modules/baseline-app';
import { loadConfigFile, parseConfig } from '../modules/config/load';
import { resolveSettings } from '../modules/config/resolve';
import { AcceptError, adoptStack, decide, describeAdoption } from '../scripts/lib/adoption';
import { discoverStack } from '../scripts/lib/discovery';
import { readSynthesizedStacks } from '../scripts/lib/stacks';
import { awsError, emptyAccount } from './support/aws-responses';
import { DEFAULT_CONFIG, filesUnder, synthesize, tempDir, validConfigData } from './support/fixtures';

const standalone = synthesize(DEFAULT_CONFIG).stack('account-personal');
const ACCOUNT = '111122223333';

/** An account that was used before the baseline: GuardDuty in two regions, Config's default recorder, a weak password policy. */
function usedAccount() {
  return emptyAccount()
    .on('guardduty', 'ListDetectors', { DetectorIds: ['det-east'] }, { region: 'us-east-1' })
    .on('guardduty', 'ListDetectors', { DetectorIds: ['det-tokyo'] }, { region: 'ap-northeast-1' })
    .on('guardduty', 'GetDetector', { Status: 'ENABLED', FindingPublishingFrequency: 'SIX_HOURS', Tags: {} })
    .on('guardduty', 'ListFilters', { FilterNames: [] })
    .on('guardduty', 'ListPublishingDestinations', { Destinations: [] })
    .on('config', 'DescribeConfigurationRecorders', { ConfigurationRecorders: [{ name: 'default', roleARN: 'arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig', recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } }] }, { region: 'ap-northeast-1' })
    .on('config', 'DescribeConfigurationRecorderStatus', { ConfigurationRecordersStatus: [{ name: 'default', recording: true }] })
    .on('iam', 'GetAccountPasswordPolicy', { PasswordPolicy: { MinimumPasswordLength: 8, ExpirePasswords: false } })
    .on('iam', 'ListRoles', { Roles: [{ RoleName: 'AWSServiceRoleForConfig', Arn: 'arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig', RoleId: 'AROA2' }] });
}

async function adoptionOf(aws = usedAccount(), options: { previous?: AdoptionFile; accept?: string[]; inState?: string[] } = {}) {
  const state = new Map((options.inState ?? []).map((address) => [address, {}]));
  const discovered = await discoverStack({ stack: standalone.name, json: standalone.json, state, aws });
  return adoptStack({ stack: standalone.name, account: ACCOUNT, discovered, inState: new Set(state.keys()), previous: options.previous, accept: new Set(options.accept ?? []) });
}

function writeAdoption(configFile: string, file: AdoptionFile): void {
  mkdirSync(join(configFile, '..', 'adopt'), { recursive: true });
  writeFileSync(join(configFile, '..', 'adopt', `${file.stack}.json`), formatAdoptionFile(file));
}

describe('npm run adopt: one decision per resource the state lacks', () => {
  test("an account that was used: detectors, the recorder (recording) and Config's role adopted, the password policy overwritten, the rest created", async () => {
    const adoption = await adoptionOf();
    const count = (decision: string) => adoption.decisions.filter((candidate) => candidate.decision === decision).length;
    expect({ adopt: count('adopt'), overwrite: count('overwrite'), conflict: count('conflict'), unknown: count('unknown') }).toEqual({ adopt: 5, overwrite: 1, conflict: 0, unknown: 0 });
    expect(count('create')).toBe(adoption.decisions.length - 6);
    expect(adoption.file!.entries.map((entry) => `${entry.decision} ${entry.type} ${entry.region} ${entry.importId}`).sort()).toEqual([
      'adopt aws_config_configuration_recorder ap-northeast-1 default',
      'adopt aws_config_configuration_recorder_status ap-northeast-1 default',
      'adopt aws_guardduty_detector ap-northeast-1 det-tokyo',
      'adopt aws_guardduty_detector us-east-1 det-east',
      'adopt aws_iam_service_linked_role ap-northeast-1 arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig',
      'overwrite aws_iam_account_password_policy ap-northeast-1 iam-account-password-policy',
    ]);
  });

  test('the table counts by control and says what each adoption keeps and changes', async () => {
    const adoption = await adoptionOf();
    const lines = describeAdoption(adoption, new Map([['guardDuty', { declared: 119, inState: 0 }]]));
    expect(lines[0]).toMatch(/^account-personal \(account 111122223333\): 5 to adopt, \d+ to create, 1 to overwrite, 0 conflicts$/);
    expect(lines[1]).toMatch(/^ {2}control +adopt +create +overwrite +conflict +in state$/);
    expect(lines.find((line) => /^ {2}guardDuty /.test(line))).toMatch(/^ {2}guardDuty +2 +119 +0 +0 +0$/);
    expect(lines).toContain('  adopt      configRecorder ap-northeast-1: recorder default (recording, every resource type)');
    expect(lines).toContain('             keeps: name = "default" (changing it would replace it)');
    expect(lines.some((line) => /^ {13}then: {2}minimum_password_length 8 -> 14;/.test(line))).toBe(true);
  });

  test('a conflict needs the owner; --accept takes it over and the acceptance is kept while the conflict stays the same', async () => {
    const weak = usedAccount().on('iam', 'GetAccountPasswordPolicy', { PasswordPolicy: { MinimumPasswordLength: 24, ExpirePasswords: false } });
    const first = await adoptionOf(weak);
    const conflict = first.file!.entries.find((entry) => entry.decision === 'conflict')!;
    expect(conflict).toMatchObject({ type: 'aws_iam_account_password_policy', conflict: { why: expect.stringMatching(/minimum_password_length 24 -> 14/) } });
    const accepted = await adoptionOf(weak, { accept: [conflict.address] });
    expect(accepted.file!.entries.find((entry) => entry.address === conflict.address)).toMatchObject({ decision: 'overwrite', accepted: true });
    const again = await adoptionOf(weak, { previous: accepted.file });
    expect(again.file!.entries.find((entry) => entry.address === conflict.address)).toMatchObject({ decision: 'overwrite', accepted: true });
    await expect(adoptionOf(weak, { accept: ['aws_iam_role.nothing_like_it'] })).rejects.toThrow(/--accept names aws_iam_role\.nothing_like_it, which account-personal has no conflict for/);
  });

  test("another stack's resource cannot be accepted: two stacks must not manage one thing", async () => {
    const aws = emptyAccount().on('iam', 'GetRole', { Role: { RoleName: 'account-baseline-containment', Arn: 'arn:r', RoleId: 'R', Tags: [{ Key: 'ManagedBy', Value: 'aws-account-baseline' }, { Key: 'BaselineStack', Value: 'account-other' }] } }, { input: { RoleName: 'account-baseline-containment' } });
    const first = await adoptionOf(aws);
    const address = first.file!.entries[0].address;
    await expect(adoptionOf(aws, { accept: [address] })).rejects.toThrow(AcceptError);
  });

  test("a change that would weaken what the owner had (a protection plan the configuration switches off) is a conflict, not an adoption", async () => {
    const data = validConfigData();
    data.guardDuty = { features: { s3DataEvents: false } };
    const stack = synthesize(data).stack('account-personal');
    const aws = usedAccount().on('guardduty', 'GetDetector', { Status: 'ENABLED', FindingPublishingFrequency: 'FIFTEEN_MINUTES', Tags: {}, Features: [{ Name: 'S3_DATA_EVENTS', Status: 'ENABLED' }] });
    const discovered = await discoverStack({ stack: stack.name, json: stack.json, state: new Map(), aws });
    const detector = discovered.map(decide).find((decision) => decision.path.endsWith('guardDuty/us-east-1/detector'))!;
    expect(detector.decision).toBe('conflict');
    expect(detector.entry!.conflict!.why).toBe('the deploy would weaken what is there: feature S3_DATA_EVENTS ENABLED -> DISABLED (a protection plan turned off)');
  });

  test('a read that fails leaves the previous file as it was: its conflicts and acceptances are not dropped', async () => {
    const weak = usedAccount().on('iam', 'GetAccountPasswordPolicy', { PasswordPolicy: { MinimumPasswordLength: 24 } });
    const conflict = (await adoptionOf(weak)).file!.entries.find((entry) => entry.decision === 'conflict')!;
    const previous = (await adoptionOf(weak, { accept: [conflict.address] })).file!;
    const denied = usedAccount().on('iam', 'GetAccountPasswordPolicy', awsError('AccessDenied', 'iam GetAccountPasswordPolicy: AccessDenied'));
    const again = await adoptionOf(denied, { previous });
    expect(again.incomplete).toBe(true);
    expect(again.file).toBe(previous);
    expect(again.decisions.find((decision) => decision.address === conflict.address)).toMatchObject({ decision: 'unknown', reason: 'iam GetAccountPasswordPolicy: AccessDenied' });
  });

  test("an acceptance holds for the thing accepted: another one under the same address needs the owner's decision again", async () => {
    const policy = (length: number) => usedAccount().on('iam', 'GetAccountPasswordPolicy', { PasswordPolicy: { MinimumPasswordLength: length } });
    const first = await adoptionOf(policy(24));
    const address = first.file!.entries.find((entry) => entry.decision === 'conflict')!.address;
    const accepted = (await adoptionOf(policy(24), { accept: [address] })).file!;
    // Another detector in the region the owner accepted a conflict for: a different ID.
    const moved = { ...accepted, entries: accepted.entries.map((entry) => (entry.address === address ? { ...entry, importId: 'something-else' } : entry)) };
    expect((await adoptionOf(policy(24), { previous: moved })).file!.entries.find((entry) => entry.address === address)).toMatchObject({ decision: 'conflict' });
  });

  test('after the deploy, what was adopted stays in the file and nothing new is found', async () => {
    const first = await adoptionOf();
    const inState = standalone.json.resource ? Object.entries(standalone.json.resource).flatMap(([type, resources]) => Object.keys(resources).map((name) => `${type}.${name}`)) : [];
    const second = await adoptionOf(usedAccount(), { previous: first.file, inState });
    expect(second.decisions).toEqual([]);
    expect(second.added).toBe(0);
    expect(formatAdoptionFile(second.file!)).toBe(formatAdoptionFile(first.file!));
  });

  test('what the configuration already imports (a services monitor, an organisation) is counted, not written', async () => {
    const data = validConfigData();
    data.accounts[0].budget = { servicesMonitorArn: 'arn:aws:ce::111122223333:anomalymonitor/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' };
    const stack = synthesize(data).stack('account-personal');
    const aws = emptyAccount().on('ce', 'GetAnomalyMonitors', { AnomalyMonitors: [{ MonitorArn: 'arn:aws:ce::111122223333:anomalymonitor/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', MonitorName: 'Default-Services-Monitor', MonitorType: 'DIMENSIONAL', MonitorDimension: 'SERVICE' }] }).on('ce', 'ListTagsForResource', { ResourceTags: [] });
    const discovered = await discoverStack({ stack: stack.name, json: stack.json, state: new Map(), aws });
    const monitor = discovered.map(decide).find((decision) => decision.path.endsWith('costAnomalyDetection/services-monitor'))!;
    expect(monitor).toMatchObject({ decision: 'adopt', byConfiguration: 'arn:aws:ce::111122223333:anomalymonitor/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' });
    expect(monitor.entry).toBeUndefined();
  });
});

describe('synthesis of an adoption file', () => {
  const synthesizedWith = (file: AdoptionFile | undefined, config = DEFAULT_CONFIG) => {
    const dir = tempDir();
    const outdir = join(dir, 'cdktf.out');
    const settings = resolveSettings(loadConfigFile(config));
    synthesizeBaseline(settings, { outdir, adoption: { files: new Map(file ? [[file.stack, file]] : []) } });
    return { outdir, json: readSynthesizedStacks(outdir)[0].json };
  };

  test('imports what was adopted, declares the existing name the recorder keeps, and protects every adopted resource from destroy', async () => {
    const { file } = await adoptionOf();
    const { json } = synthesizedWith(file);
    const imports = (json.import ?? []).map((entry) => `${entry.to} = ${entry.id} (${entry.provider})`).sort();
    expect(imports).toHaveLength(6);
    expect(imports.find((line) => line.startsWith('aws_config_configuration_recorder.'))).toMatch(/ = default \(aws\.ap-northeast-1\)$/);
    for (const entry of file!.entries) {
      const [type, name] = entry.address.split('.');
      const block = json.resource![type][name] as Record<string, any>;
      expect({ address: entry.address, preventDestroy: block.lifecycle?.prevent_destroy }).toEqual({ address: entry.address, preventDestroy: true });
    }
    const recorder = file!.entries.find((entry) => entry.type === 'aws_config_configuration_recorder')!.address.split('.');
    expect((json.resource![recorder[0]][recorder[1]] as Record<string, unknown>).name).toBe('default');
    // What refers to the recorder by name follows it.
    const status = Object.values(json.resource!.aws_config_configuration_recorder_status).find((block: any) => block.name.includes(recorder[1])) as Record<string, unknown>;
    expect(status.name).toBe(`\${aws_config_configuration_recorder.${recorder[1]}.name}`);
  });

  test('an adopted resource the stack no longer declares (its control switched off) is released, never destroyed', async () => {
    const { file } = await adoptionOf();
    const dir = tempDir();
    const config = join(dir, 'baseline.config.yaml');
    const data = validConfigData();
    data.controls = { guardDuty: false };
    writeFileSync(config, JSON.stringify(data));
    const { json } = synthesizedWith(file, config.replace(/yaml$/, 'yaml'));
    const detectors = file!.entries.filter((entry) => entry.type === 'aws_guardduty_detector').map((entry) => entry.address).sort();
    expect((json as { removed?: Array<{ from: string; lifecycle: { destroy: boolean } }> }).removed).toEqual(detectors.map((from) => ({ from, lifecycle: { destroy: false } })));
  });

  test('a conflict nobody decided stops synthesis before anything is written, saying what to choose', async () => {
    const weak = usedAccount().on('iam', 'GetAccountPasswordPolicy', { PasswordPolicy: { MinimumPasswordLength: 24 } });
    const { file } = await adoptionOf(weak);
    const outdir = join(tempDir(), 'cdktf.out');
    expect(() => synthesizeBaseline(resolveSettings(loadConfigFile(DEFAULT_CONFIG)), { outdir, adoption: { files: new Map([[file!.stack, file!]]) } })).toThrow(
      /adopt\/account-personal\.json: account-personal\/baseline\/passwordPolicy\/policy waits for your decision: the baseline would weaken what is set today: minimum_password_length 24 -> 14/,
    );
  });

  test('an entry found in another account than the stack deploys into is refused', async () => {
    const { file } = await adoptionOf();
    const moved = { ...file!, entries: file!.entries.map((entry) => ({ ...entry, account: '999999999999' })) };
    const outdir = join(tempDir(), 'cdktf.out');
    expect(() => synthesizeBaseline(resolveSettings(loadConfigFile(DEFAULT_CONFIG)), { outdir, adoption: { files: new Map([[moved.stack, moved]]) } })).toThrow(
      /deploys into account 111122223333 in ap-northeast-1, but was found in account 999999999999 in ap-northeast-1: run npm run adopt again/,
    );
  });

  test('without an adoption file the output is byte-identical', () => {
    const without = synthesizedWith(undefined).outdir;
    const dir = tempDir();
    const plain = join(dir, 'cdktf.out');
    synthesizeBaseline(resolveSettings(parseConfig(validConfigData())), { outdir: plain });
    const strip = (files: Map<string, Buffer>) => new Map([...files].filter(([path]) => !path.endsWith('manifest.json')));
    expect(strip(filesUnder(without))).toEqual(strip(filesUnder(plain)));
  });
});

describe('the adoption file', () => {
  test('a broken file names the file, the field and what is allowed', async () => {
    const dir = tempDir();
    const file = join(dir, 'account-personal.json');
    writeFileSync(file, JSON.stringify({ stack: 'account-personal', entries: [{ path: 'x', address: 'not an address', type: 'aws_x', control: 'c', account: '1', region: 'r', decision: 'maybe', found: 'f', evidence: 'e' }] }));
    expect(() => readAdoptionFile(file)).toThrow(/is not a valid adoption file \(3 problems\):/);
    expect(() => readAdoptionFile(file)).toThrow(/entries\[0\]\.address = "not an address": must be a Terraform resource address/);
    expect(() => readAdoptionFile(file)).toThrow(/entries\[0\]\.decision = "maybe"/);
    writeFileSync(file, JSON.stringify({ stack: 'account-other', entries: [] }));
    expect(() => loadAdoptionFiles(dir)).toThrow(/stack = "account-other": must be the stack the file is named after \(account-personal\)/);
  });

  test('is written the same way every time: entries sorted by address', async () => {
    const { file } = await adoptionOf();
    const shuffled = { ...file!, entries: [...file!.entries].reverse() };
    expect(formatAdoptionFile(shuffled)).toBe(formatAdoptionFile(file!));
    const dir = tempDir();
    writeAdoption(join(dir, 'baseline.config.yaml'), file!);
    expect(loadAdoptionFiles(join(dir, 'adopt')).get('account-personal')).toEqual({ ...file!, entries: [...file!.entries].sort((a, b) => a.address.localeCompare(b.address)) });
  });
});
