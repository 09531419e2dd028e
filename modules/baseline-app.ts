import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { AccountBaseline } from './account-baseline';
import type { AdoptionFile } from './adoption/adoption-file';
import { AdoptionApplied, applyAdoption } from './adoption/apply';
import { CONTROLS, CONTROL_IDS, ControlId } from './controls/catalogue';
import { EndpointReport, LocalEndpoint, useLocalEndpoint } from './endpoint/local-endpoint';
import { useWorkingDirectoryOf } from './endpoint/working-directories';
import type { AccountSettings, BaselineSettings } from './config/resolve';
import { OrganizationBaseline, OrganizationBaselineProps } from './organization-baseline';
import { driftRoleArn } from './policies/drift-role';

/** Tags every baseline resource carries, so its origin is obvious in the console and the bill. */
export const BASELINE_TAGS: Readonly<Record<string, string>> = { ManagedBy: 'aws-account-baseline' };

export interface BaselineStacks {
  readonly accounts: ReadonlyMap<string, { stack: TerraformStack; baseline: AccountBaseline; settings: AccountSettings }>;
  readonly organization?: { stack: TerraformStack; baseline: OrganizationBaseline };
}

/** Adds one stack per account, and the `organization` stack in organisation mode, to `app`. */
export function addBaselineStacks(app: Construct, settings: BaselineSettings): BaselineStacks {
  const accounts = new Map<string, { stack: TerraformStack; baseline: AccountBaseline; settings: AccountSettings }>();
  for (const account of settings.accounts) {
    const stack = new TerraformStack(app, account.stackName);
    configureState(stack, account.stackName, settings);
    const baseline = new AccountBaseline(stack, 'baseline', {
      ...account,
      tags: { ...BASELINE_TAGS, BaselineStack: account.stackName, ...account.tags },
    });
    accounts.set(account.name, { stack, baseline, settings: account });
  }

  let organization: BaselineStacks['organization'];
  if (settings.organization) {
    const org = settings.organization;
    const security = settings.accounts.find((account) => account.isSecurityAccount);
    const stack = new TerraformStack(app, org.stackName);
    configureState(stack, org.stackName, settings);
    const baseline = new OrganizationBaseline(stack, 'baseline', {
      organizationId: org.organizationId,
      otherTrustedServices: org.otherTrustedServices,
      otherPolicyTypes: org.otherPolicyTypes,
      rootCredentials: org.controls.rootCredentials,
      ...threatDetectionDelegation(security),
      managementAccountId: org.managementAccountId,
      securityAccountId: org.securityAccountId,
      memberAccountIds: org.memberAccounts.map((account) => account.accountId),
      homeRegion: org.homeRegion,
      allowedRegions: org.allowedRegions,
      enabledRegions: org.enabledRegions,
      breakGlassRoleArns: org.breakGlassRoleArns,
      delegatedServices: delegatedServices(security),
      auditTrail: org.controls.auditTrail
        ? { retentionDays: org.retentionDays, objectLockMode: org.objectLockMode, logArchiveRoleArn: security?.assumeRoleArn }
        : false,
      memberContacts: org.manageContactsCentrally
        ? org.memberAccounts.filter((account) => account.controls.securityContacts).map((account) => ({ accountId: account.accountId, contacts: account.contacts }))
        : undefined,
      policyTargets: org.policyTargets.length > 0 ? org.policyTargets : undefined,
      otherScpsPerTarget: org.otherScpsPerTarget,
      deploymentRoleArns: org.deploymentRoleArns,
      regionDeny: org.controls.regionDeny
        ? org.memberAccounts
            .filter((account) => account.controls.regionDeny)
            .map((account) => ({ name: account.name, accountId: account.accountId, allowedRegions: account.allowedRegions }))
        : undefined,
      baselineProtection: org.controls.baselineProtection,
      accountDefaults: org.memberAccounts.every((account) => account.controls.accountDefaults),
      containment: org.memberAccounts.some((account) => account.controls.containment && account.controls.regionDeny),
      keepContained: org.keepContainedScp && org.memberAccounts.some((account) => account.controls.containment),
      driftRole: org.memberAccounts.some((account) => account.driftRole !== undefined),
      spendCircuitBreakers: org.memberAccounts
        .filter((account) => account.controls.costBudget && account.budget.stopLaunchesAtPercent !== undefined)
        .map((account) => ({
          name: account.name,
          accountId: account.accountId,
          monthlyLimitUsd: account.budget.monthlyLimitUsd,
          atPercent: account.budget.stopLaunchesAtPercent!,
          emails: account.alertEmails,
        })),
      tags: { ...BASELINE_TAGS, BaselineStack: org.stackName, ...org.tags },
    });
    organization = { stack, baseline };
    // The security account administers services the organization stack delegates to it: deploy it after.
    if (security) accounts.get(security.name)!.stack.addDependency(stack);
  }
  return { accounts, organization };
}

/** GuardDuty and Inspector are delegated to the security account when it has them on, with its settings. */
function threatDetectionDelegation(security: AccountSettings | undefined): Pick<OrganizationBaselineProps, 'guardDuty' | 'inspector'> {
  if (!security) return {};
  return {
    ...(security.controls.guardDuty ? { guardDuty: { malwareProtection: security.guardDuty.features.ebsMalwareProtection } } : {}),
    ...(security.controls.inspector ? { inspector: { regions: security.inspector.regions } } : {}),
  };
}

/** Services the security account administers for the organisation, from the controls it has on. */
function delegatedServices(security: AccountSettings | undefined): Partial<Record<ControlId, string>> {
  const delegated: Partial<Record<ControlId, string>> = {};
  for (const control of CONTROL_IDS) {
    const service = CONTROLS[control].delegatedAdministratorService;
    if (service && security?.controls[control]) delegated[control] = service;
  }
  return delegated;
}

/**
 * Remote state in S3 with Terraform's native S3 lock file (Terraform >= 1.10); otherwise local
 * state in the project root, where CDKTF keeps it by default. CDKTF's default writes that path
 * as an absolute path, which would make the output differ from one checkout to the next; this
 * one is relative to the stack's directory (cdktf.out/stacks/<stack>).
 */
function configureState(stack: TerraformStack, stackName: string, settings: BaselineSettings): void {
  const s3 = settings.state;
  if (!s3) {
    new LocalBackend(stack, { path: `../../../terraform.${stackName}.tfstate` });
    return;
  }
  const prefix = (s3.keyPrefix ?? 'account-baseline').replace(/\/+$/, '');
  const backend = new S3Backend(stack, {
    bucket: s3.bucket,
    key: `${prefix}/${stackName}.tfstate`,
    region: s3.region,
    encrypt: true,
    kmsKeyId: s3.kmsKeyId,
  });
  // cdktf 0.21 predates `use_lockfile`; it replaces the DynamoDB lock table.
  backend.addOverride('use_lockfile', true);
}

/** Thrown before anything is written when any construct's validation fails. */
export class BaselineValidationError extends Error {
  constructor(readonly errors: readonly string[]) {
    super(`The baseline is not valid (${errors.length} problem${errors.length === 1 ? '' : 's'}):\n${errors.map((error) => `  - ${error}`).join('\n')}`);
    this.name = 'BaselineValidationError';
  }
}

/**
 * Runs every construct's validations over the whole tree. CDKTF validates stack by stack while
 * writing, which could leave some stacks written; calling this first keeps synthesis all-or-nothing.
 */
export function assertValid(root: IConstruct): void {
  const errors = root.node
    .findAll()
    .flatMap((construct) => construct.node.validate().map((message) => `${construct.node.path}: ${message}`));
  if (errors.length > 0) throw new BaselineValidationError(errors);
}

export interface SynthesizeOptions {
  /**
   * Output directory.
   * @default - CDKTF_OUTDIR when run by the cdktf CLI, else "cdktf.out"
   */
  readonly outdir?: string;
  /**
   * Deploy to this AWS-compatible API instead of AWS: every provider and the state backend
   * use it, and what it cannot serve is left out (see modules/endpoint/).
   * @default - AWS itself, and the output is unchanged
   */
  readonly localEndpoint?: LocalEndpoint;
  /**
   * For drift detection in CI: every provider that assumes a role assumes its account's read-only
   * drift role instead (the credentials given are the drift role of the stack's own account).
   * @default false
   */
  readonly assumeDriftRole?: boolean;
  /**
   * The stacks' adoption files (`adopt/<stack>.json`, written by `npm run adopt`): what AWS
   * already has is imported instead of created, and never deleted or replaced.
   * @default - no adoption: the output is what it always was
   */
  readonly adoption?: { readonly files: ReadonlyMap<string, AdoptionFile> };
}

/** BASELINE_DRIFT_ROLE=1 asks for `assumeDriftRole`. */
export const DRIFT_ROLE_ENV = 'BASELINE_DRIFT_ROLE';

/** Every provider that assumes a role assumes its own account's drift role instead. */
export function useDriftRole(scope: IConstruct): void {
  for (const provider of scope.node.findAll().filter((construct): construct is AwsProvider => construct instanceof AwsProvider)) {
    const [account] = provider.allowedAccountIds ?? [];
    if (!provider.assumeRole || !account) continue;
    provider.assumeRole = [{ roleArn: driftRoleArn(account), sessionName: 'account-baseline-drift' }];
  }
}

export interface BaselineSynthesis {
  readonly app: App;
  /** What the endpoint switch left out or changed, per stack; undefined without it. */
  readonly endpoint?: EndpointReport;
  /** What each stack's adoption file did, by stack; empty without adoption files. */
  readonly adopted: ReadonlyMap<string, AdoptionApplied>;
}

/**
 * Builds and writes every stack for validated settings. Construct and tree validation errors
 * are raised before `synth()` writes anything; if this call created the output directory and
 * then failed, the directory is removed again.
 */
export function synthesizeBaseline(settings: BaselineSettings, options: SynthesizeOptions = {}): BaselineSynthesis {
  const outdir = options.outdir ?? process.env.CDKTF_OUTDIR ?? 'cdktf.out';
  // CDKTF creates only the last level of outdir; create the rest, remembering what to undo on failure.
  const created = mkdirSync(outdir, { recursive: true });
  try {
    return withPlainStackTraces(() => {
      const app = new App({ outdir, stackTraces: false });
      addBaselineStacks(app, settings);
      const adopted = new Map<string, AdoptionApplied>();
      for (const stack of app.node.children.filter((child): child is TerraformStack => TerraformStack.isStack(child))) {
        const file = options.adoption?.files.get(stack.node.id);
        if (file) adopted.set(stack.node.id, applyAdoption(stack, file));
      }
      assertValid(app);
      if (options.assumeDriftRole) useDriftRole(app);
      const endpoint = options.localEndpoint ? useLocalEndpoint(app, options.localEndpoint) : undefined;
      app.synth();
      // A stack synthesized for another backend than its .terraform was initialised for (a local AWS API
      // after AWS, or the reverse) gets the working directory of its own backend back.
      for (const stack of app.node.children.filter((child): child is TerraformStack => TerraformStack.isStack(child))) {
        const dir = join(outdir, 'stacks', stack.node.id);
        const json = JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8')) as { terraform?: { backend?: Record<string, Record<string, unknown>> } };
        useWorkingDirectoryOf(dir, json.terraform?.backend);
      }
      return { app, endpoint, adopted };
    });
  } catch (error) {
    if (created) rmSync(created, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Runs `build` without the stack traces nobody reads. CDKTF captures a full stack trace (into a
 * plain object, not an Error, with no depth limit) for every token and every nested-block
 * reference it creates, thousands per stack; capturing and formatting them took about a quarter
 * of `npm run synth` (measured with --cpu-prof), and under ts-node each was also rewritten
 * through source maps. Those traces only ever appear in CDKTF's messages about unresolvable
 * tokens. Errors keep their stack traces, in V8's own format, so a failure still shows where it
 * happened; both hooks are restored afterwards.
 */
function withPlainStackTraces<T>(build: () => T): T {
  const previousFormat = Error.prepareStackTrace;
  const capture = Error.captureStackTrace;
  (Error as { prepareStackTrace?: typeof Error.prepareStackTrace }).prepareStackTrace = undefined;
  Error.captureStackTrace = (target: object, below?: Parameters<typeof capture>[1]) => {
    if (target instanceof Error) capture(target, below);
    else (target as { stack?: string }).stack = '';
  };
  try {
    return build();
  } finally {
    Error.prepareStackTrace = previousFormat;
    Error.captureStackTrace = capture;
  }
}
