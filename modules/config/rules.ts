/**
 * The configuration's rules across fields (what one field allows depends on another), each a
 * function the schema's one superRefine runs, reporting every problem with its path.
 */
import type { z } from 'zod';
import { CONTROL_IDS, CONTROLS, ControlId, effectiveControls } from '../controls/catalogue';

/**
 * The circuit breaker is part of the costBudget control, and where it is an IAM policy
 * (standalone and management accounts) it needs principals to attach to; in member accounts it
 * is an SCP on the whole account, so roles listed for a member would be silently unused.
 */
export function reportCircuitBreakerProblems(
  config: {
    organization?: { managementAccountId: string };
    controls?: Partial<Record<ControlId, boolean>>;
    budget: { stopLaunchesAtPercent?: number; stopLaunchesForRoles?: string[] };
    iam?: { mfaRequiredGroups?: string[] };
    accounts: ReadonlyArray<{
      name: string;
      accountId: string;
      controls?: Partial<Record<ControlId, boolean>>;
      budget?: { stopLaunchesAtPercent?: number; stopLaunchesForRoles?: string[] };
      iam?: { mfaRequiredGroups?: string[] };
    }>;
  },
  ctx: z.RefinementCtx,
): void {
  config.accounts.forEach((account, index) => {
    const own = account.budget?.stopLaunchesAtPercent !== undefined;
    const percent = account.budget?.stopLaunchesAtPercent ?? config.budget.stopLaunchesAtPercent;
    if (percent === undefined) return;
    const at = own ? ['accounts', index, 'budget', 'stopLaunchesAtPercent'] : ['budget', 'stopLaunchesAtPercent'];
    const on = effectiveControls(config.controls, account.controls);
    const member = config.organization !== undefined && account.accountId !== config.organization.managementAccountId;
    if (!on.costBudget) {
      ctx.addIssue({
        code: 'custom',
        path: at,
        input: percent,
        message: `turns the circuit breaker on for ${account.name}, but the costBudget control is off there; switch costBudget on, or remove stopLaunchesAtPercent`,
      });
      return;
    }
    if (member) {
      if (account.budget?.stopLaunchesForRoles !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['accounts', index, 'budget', 'stopLaunchesForRoles'],
          input: account.budget.stopLaunchesForRoles,
          message: `is not used in a member account: there the circuit breaker is an SCP that stops every principal of ${account.name}; remove it`,
        });
      }
      return;
    }
    const groups = humanGroupCount(config, account, on);
    const roles = (account.budget?.stopLaunchesForRoles ?? config.budget.stopLaunchesForRoles ?? []).length;
    if (groups + roles === 0) {
      ctx.addIssue({
        code: 'custom',
        path: at,
        input: percent,
        message: `turns the circuit breaker on for ${account.name}, but it would stop nobody: its IAM policy goes on the human-users group (mfaEnforcement is off), iam.mfaRequiredGroups and budget.stopLaunchesForRoles (both empty); switch mfaEnforcement on or list groups or roles`,
      });
    }
  });
}

/** How many groups of people an account's IAM-policy forms (region deny, circuit breaker) attach to. */
export function humanGroupCount(
  config: { iam?: { mfaRequiredGroups?: string[] } },
  account: { iam?: { mfaRequiredGroups?: string[] } },
  on: Record<ControlId, boolean>,
): number {
  return (on.mfaEnforcement ? 1 : 0) + (account.iam?.mfaRequiredGroups ?? config.iam?.mfaRequiredGroups ?? []).length;
}

/** Where region deny is an IAM policy (standalone and management accounts), it needs groups of people to attach to. */
export function reportRegionDenyWithoutPeople(
  config: Parameters<typeof reportCircuitBreakerProblems>[0],
  ctx: z.RefinementCtx,
): void {
  config.accounts.forEach((account, index) => {
    const on = effectiveControls(config.controls, account.controls);
    const member = config.organization !== undefined && account.accountId !== config.organization.managementAccountId;
    if (!on.regionDeny || member || humanGroupCount(config, account, on) > 0) return;
    const own = account.controls?.mfaEnforcement === false;
    ctx.addIssue({
      code: 'custom',
      path: own ? ['accounts', index, 'controls', 'mfaEnforcement'] : ['controls', 'mfaEnforcement'],
      input: false,
      message: `is off, and ${account.name} lists no iam.mfaRequiredGroups, so regionDeny (an IAM policy on the groups of people there) has nothing to attach to; switch mfaEnforcement on, list groups, or switch regionDeny off`,
    });
  });
}

/** Why a control needs another, for the message. */
export const REQUIREMENT_REASONS: Partial<Record<ControlId, string>> = {
  configRecorder: 'AWS Config rules only run where a recorder is on',
};

/**
 * A control that is on while a control it needs is off would fail at apply time; say so now,
 * once per switch that turned the requirement off.
 */
export function reportMissingRequirements(config: { controls?: Partial<Record<ControlId, boolean>>; accounts: ReadonlyArray<{ name: string; controls?: Partial<Record<ControlId, boolean>> }> }, ctx: z.RefinementCtx): void {
  const problems = new Map<string, { path: (string | number)[]; required: ControlId; needing: Set<ControlId>; accounts: Set<string> }>();
  config.accounts.forEach((account, index) => {
    const on = effectiveControls(config.controls, account.controls);
    for (const control of CONTROL_IDS) {
      for (const required of CONTROLS[control].requires ?? []) {
        if (!on[control] || on[required]) continue;
        const path = account.controls?.[required] === false ? ['accounts', index, 'controls', required] : ['controls', required];
        const key = path.join('.');
        const problem = problems.get(key) ?? { path, required, needing: new Set(), accounts: new Set() };
        problem.needing.add(control);
        problem.accounts.add(account.name);
        problems.set(key, problem);
      }
    }
  });
  for (const { path, required, needing, accounts } of problems.values()) {
    const controls = [...needing].join(', ');
    const reason = REQUIREMENT_REASONS[required] ? ` (${REQUIREMENT_REASONS[required]})` : '';
    ctx.addIssue({
      code: 'custom',
      path,
      input: false,
      message: `is off, but ${controls} ${needing.size === 1 ? 'is' : 'are'} on in ${[...accounts].join(', ')} and need${needing.size === 1 ? 's' : ''} ${required}${reason}; switch ${required} on, or switch ${controls} off as well`,
    });
  }
}

export function reportDuplicates(
  values: readonly string[],
  path: (string | number)[],
  ctx: z.RefinementCtx,
  field?: string,
): void {
  const seen = new Map<string, number>();
  values.forEach((value, index) => {
    const first = seen.get(value);
    if (first === undefined) {
      seen.set(value, index);
      return;
    }
    const where = field ? [...path, index, field] : [...path, index];
    const firstWhere = field ? `${path.join('.')}[${first}].${field}` : `${path.join('.')}[${first}]`;
    ctx.addIssue({ code: 'custom', path: where, input: value, message: `is a duplicate of ${firstWhere}; each must be unique` });
  });
}

/** The validated configuration, exactly as written by the user. */
