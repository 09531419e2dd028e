/**
 * npm run recover's rules, without AWS: a lost local state comes back from Terraform's backup and
 * the broken file is kept; only the baseline's own orphans (or AWS's) are adopted, never someone
 * else's; and each kind of resource that refuses a second create is looked for. The whole repair,
 * deploy and re-plan run on the local AWS API in the lifecycle test.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FINDERS } from '../scripts/lib/discovery';
import type { Present } from '../scripts/lib/discovery/finding';
import { describeRecovery } from '../scripts/recover';
import { isRecoverable, restoreLostState } from '../scripts/lib/recovery';
import { tempDir } from './support/fixtures';

const state = (resources: number) => JSON.stringify({ version: 4, terraform_version: '1.11.4', serial: 7, lineage: 'l-1', resources: Array.from({ length: resources }, (_, index) => ({ name: `r${index}` })) });

function stackWithState(contents: { state?: string; backup?: string }) {
  const root = tempDir();
  const dir = join(root, 'cdktf.out', 'stacks', 'account-personal');
  const file = join(root, 'terraform.account-personal.tfstate');
  if (contents.state !== undefined) writeFileSync(file, contents.state);
  if (contents.backup !== undefined) writeFileSync(`${file}.backup`, contents.backup);
  return { root, file, run: { dir, json: { terraform: { backend: { local: { path: '../../../terraform.account-personal.tfstate' } } } } } };
}

describe('a lost local state', () => {
  test('a 0-byte state file (what a SIGKILL can leave) is restored from the backup, and the empty file kept beside it', () => {
    const { root, file, run } = stackWithState({ state: '', backup: state(120) });
    const now = new Date('2026-12-07T04:05:06.789Z');
    expect(restoreLostState(run, now)).toBe("the state was empty (0 bytes): restored from Terraform's backup (120 resources); what the backup lacks is adopted from what exists");
    expect(readFileSync(file, 'utf8')).toBe(state(120));
    expect(readdirSync(root).sort()).toEqual(['terraform.account-personal.tfstate', 'terraform.account-personal.tfstate.backup', 'terraform.account-personal.tfstate.lost-2026-12-07T04-05-06-789Z']);
  });

  test('a missing state without a backup is rebuilt from what exists alone', () => {
    const { file, run } = stackWithState({});
    expect(restoreLostState(run)).toBe('the state was missing and Terraform kept no backup with resources: everything is adopted from what exists');
    expect(existsSync(file)).toBe(false);
  });

  test('a readable state, even an empty one, is left alone', () => {
    const { file, run } = stackWithState({ state: state(0), backup: state(50) });
    expect(restoreLostState(run)).toBeUndefined();
    expect(readFileSync(file, 'utf8')).toBe(state(0));
  });

  test('state kept in S3 is not touched here', () => {
    expect(restoreLostState({ dir: tempDir(), json: { terraform: { backend: { s3: { bucket: 'b', key: 'k', region: 'eu-west-1' } } } } })).toBeUndefined();
  });
});

describe('what recover adopts', () => {
  const orphan = (fields: Partial<Present>): Present => ({ kind: 'present', found: 'x', origin: 'this-stack', evidence: 'tags', importId: 'id', attributes: {}, ...fields });

  test("the baseline's own (by its tags or exact name) and AWS's own, importable and without conflict; never the owner's or another stack's", () => {
    expect(isRecoverable(orphan({}))).toBe(true);
    expect(isRecoverable(orphan({ origin: 'baseline-name' }))).toBe(true);
    expect(isRecoverable(orphan({ origin: 'aws' }))).toBe(true);
    expect(isRecoverable(orphan({ origin: 'owner' }))).toBe(false);
    expect(isRecoverable(orphan({ origin: 'other-stack' }))).toBe(false);
    expect(isRecoverable(orphan({ importId: undefined, notImportable: 'cannot be imported' }))).toBe(false);
    expect(isRecoverable(orphan({ conflict: { why: 'two detectors', choice: 'delete one' } }))).toBe(false);
  });

  test('every kind the issue names as refusing a second create is looked for', () => {
    const refusing = [...FINDERS.values()].filter((finder) => finder.refusesSecondCreate).map((finder) => finder.type).sort();
    expect(refusing).toEqual(
      expect.arrayContaining([
        'aws_accessanalyzer_analyzer',
        'aws_budgets_budget',
        'aws_cloudtrail',
        'aws_cloudwatch_log_group',
        'aws_config_configuration_recorder',
        'aws_config_delivery_channel',
        'aws_guardduty_detector',
        'aws_iam_group',
        'aws_iam_policy',
        'aws_iam_role',
        'aws_kms_alias',
        'aws_kms_key',
        'aws_lambda_function',
        'aws_lambda_permission',
        'aws_s3_bucket',
        'aws_sns_topic',
        'aws_sqs_queue',
      ]),
    );
  });

  test('the report names what was untainted, adopted and left alone, and how each orphan was recognised', () => {
    expect(
      describeRecovery({
        stack: 'account-personal',
        recorded: [],
        untainted: ['aws_kms_key.a'],
        adopted: [{ address: 'aws_lambda_function.f', importId: 'account-baseline-alert-formatter', found: 'function account-baseline-alert-formatter', evidence: 'tagged ManagedBy=aws-account-baseline, BaselineStack=account-personal' }],
        leftAlone: [{ address: 'aws_guardduty_detector.d', why: "detector 12 is not the baseline's (no baseline tags): if it is yours to manage, run npm run adopt" }],
      }),
    ).toEqual([
      'account-personal: untainted 1 (aws_kms_key.a)',
      'account-personal: adopted 1 created but never recorded:',
      '  aws_lambda_function.f = account-baseline-alert-formatter: function account-baseline-alert-formatter (tagged ManagedBy=aws-account-baseline, BaselineStack=account-personal)',
      "account-personal: left alone aws_guardduty_detector.d: detector 12 is not the baseline's (no baseline tags): if it is yours to manage, run npm run adopt",
      'account-personal: repaired; deploy again to carry on',
    ]);
    expect(describeRecovery({ stack: 's', recorded: [], untainted: [], adopted: [], leftAlone: [] })).toEqual(['s: nothing to repair']);
  });
});
