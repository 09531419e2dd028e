import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { OrganizationsPolicyAttachment } from '@cdktf/provider-aws/lib/organizations-policy-attachment';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import type { Construct } from 'constructs';
import { fromTerraformString } from '../policies/policy-document';
import { PlannedScp, PlannedTarget, scpLimitProblems } from '../policies/scp-limits';

/** Where the organisation-wide SCPs go: the root, or the organisational units and accounts the configuration names. */
export interface ScpTarget {
  /** Part of the attachment's construct id. */
  readonly name: string;
  readonly targetId: string;
  /** How a limit problem names it. */
  readonly label: string;
}

/**
 * The SCP bookkeeping of the organisation stack, in one place: every SCP the controls declare,
 * where each is attached, and the problems with AWS's limits (size, five per target) that the
 * stack reports as validation before anything is written.
 */
export class ScpPlan {
  private readonly scps: PlannedScp[] = [];
  private readonly onTargets: string[] = [];
  private readonly onAccount = new Map<string, { label: string; policies: string[] }>();

  constructor(
    private readonly provider: TerraformProvider,
    /** The organisation-wide targets. */
    readonly targets: readonly ScpTarget[],
    /** What every SCP that lists the exempt roles should say when it is too large. */
    readonly exemptionHint: string,
    private readonly dependsOn: ITerraformDependable[],
  ) {}

  /** A new SCP on the organisation-wide targets, counted against AWS's limits. */
  organizationWide(scope: Construct, id: string, name: string, description: string, content: string): OrganizationsPolicy {
    const policy = new OrganizationsPolicy(scope, id, { provider: this.provider, name, description, type: 'SERVICE_CONTROL_POLICY', content, dependsOn: this.dependsOn });
    this.attachToTargets(scope, policy);
    this.countOnTargets(name, content, this.exemptionHint);
    return policy;
  }

  /** Attaches an SCP declared elsewhere to the organisation-wide targets. */
  attachToTargets(scope: Construct, policy: OrganizationsPolicy): void {
    for (const target of this.targets) {
      new OrganizationsPolicyAttachment(scope, `attachment-${target.name}`, { provider: this.provider, policyId: policy.id, targetId: target.targetId });
    }
  }

  /** An SCP counted against the size limit (in Terraform's string form), and on the organisation-wide targets. */
  countOnTargets(name: string, content: string, tooLargeHint: string): void {
    this.count(name, content, tooLargeHint);
    this.onTargets.push(name);
  }

  /** An SCP counted against the size limit (in Terraform's string form), without a target of its own. */
  count(name: string, content: string, tooLargeHint: string): void {
    this.scps.push({ name, content: fromTerraformString(content), tooLargeHint });
  }

  /** Counts an SCP attached to one account against that account's five. */
  onAccountOf(accountId: string, label: string, policy: string): void {
    const entry = this.onAccount.get(accountId) ?? { label, policies: [] };
    entry.policies.push(policy);
    this.onAccount.set(accountId, entry);
  }

  /** AWS's limits, given the SCPs each target already carries besides the baseline's. */
  problems(otherPoliciesPerTarget: number): string[] {
    const targets: PlannedTarget[] = [
      ...this.targets.map((target) => ({ target: target.label, policies: this.onTargets, otherPolicies: otherPoliciesPerTarget })),
      ...[...this.onAccount.values()].map((account) => ({ target: account.label, policies: account.policies, otherPolicies: otherPoliciesPerTarget })),
    ];
    return scpLimitProblems(this.scps, targets);
  }
}
