/**
 * Finders for the organisation: the organisation itself (with the trusted access and policy types
 * the stack would manage, a conflict for each it would switch off), its SCPs and their
 * attachments, delegated administrators, the GuardDuty and Inspector administrators and members,
 * and IAM's centralised root access.
 */
import { isNotFound, readAllPages, readIfExists } from '../aws-reader';
import { Conflict, Finder, Finding, originOfTags, tagObject } from '../finding';

const absent: Finding = { kind: 'absent' };

export const organization: Finder = {
  type: 'aws_organizations_organization',
  recognises: 'an account belongs to one organisation: the one there is adopted, if this account manages it',
  refusesSecondCreate: true,
  async find({ aws, target, arg }) {
    let described: { Id: string; Arn: string; FeatureSet: string; MasterAccountId: string };
    try {
      described = (await aws.read(target, 'organizations', 'DescribeOrganization', {})).Organization;
    } catch (error) {
      if (isNotFound(error) || /NotInUse/.test((error as { code?: string }).code ?? '')) return absent;
      throw error;
    }
    const attributes = { id: described.Id, arn: described.Arn, master_account_id: described.MasterAccountId };
    if (described.MasterAccountId !== target.account) {
      return {
        kind: 'present',
        found: `organisation ${described.Id}, managed by account ${described.MasterAccountId}`,
        origin: 'owner',
        evidence: 'this account is a member, not the management account',
        attributes,
        conflict: {
          why: `account ${target.account} belongs to organisation ${described.Id}, whose management account is ${described.MasterAccountId}`,
          choice: `set organization.managementAccountId to ${described.MasterAccountId} and deploy the organization stack with its credentials`,
        },
      };
    }
    const roots = ((await aws.read(target, 'organizations', 'ListRoots', {})).Roots ?? []) as Array<{ Id: string; Arn: string; PolicyTypes?: Array<{ Type: string; Status: string }> }>;
    const services = (await readAllPages(aws, target, 'organizations', 'ListAWSServiceAccessForOrganization', {}, { tokenIn: 'NextToken' })).flatMap(
      (page) => page.EnabledServicePrincipals ?? [],
    ) as Array<{ ServicePrincipal: string }>;
    const wantedServices = new Set(arg<string[]>('aws_service_access_principals') ?? []);
    const wantedTypes = new Set(arg<string[]>('enabled_policy_types') ?? []);
    const enabledTypes = (roots[0]?.PolicyTypes ?? []).filter((type) => type.Status === 'ENABLED').map((type) => type.Type);
    const lostServices = services.map((service) => service.ServicePrincipal).filter((service) => !wantedServices.has(service)).sort();
    const lostTypes = enabledTypes.filter((type) => !wantedTypes.has(type)).sort();
    const conflicts: Conflict[] = [];
    if (described.FeatureSet !== 'ALL') {
      conflicts.push({
        why: `the organisation has ${described.FeatureSet.toLowerCase().replace(/_/g, ' ')} only; SCPs and delegated administrators need all features`,
        choice: 'enable all features (Organizations console: every member account must approve), then run npm run adopt again',
      });
    }
    if (lostServices.length > 0) {
      conflicts.push({
        why: `trusted access is on for ${lostServices.join(', ')}, which the configuration does not list: the deploy would switch it off (for sso.amazonaws.com, sign-in through IAM Identity Center breaks)`,
        choice: `add ${lostServices.join(', ')} to organization.otherTrustedServices, or accept switching it off with npm run adopt -- --accept`,
      });
    }
    if (lostTypes.length > 0) {
      conflicts.push({
        why: `policy type${lostTypes.length === 1 ? '' : 's'} ${lostTypes.join(', ')} ${lostTypes.length === 1 ? 'is' : 'are'} enabled and not in the configuration: the deploy would disable ${lostTypes.length === 1 ? 'it' : 'them'}, detaching every such policy`,
        choice: `add ${lostTypes.join(', ')} to organization.otherPolicyTypes, or accept with npm run adopt -- --accept`,
      });
    }
    return {
      kind: 'present',
      found: `organisation ${described.Id} (${services.length} trusted service${services.length === 1 ? '' : 's'}, policy types ${enabledTypes.join(', ') || 'none'})`,
      origin: 'owner',
      evidence: 'this account manages it',
      importId: described.Id,
      attributes: { ...attributes, roots: roots.map((root) => ({ id: root.Id, arn: root.Arn })) },
      changes: [
        ...[...wantedServices].filter((service) => !services.some((enabled) => enabled.ServicePrincipal === service)).sort().map((service) => ({ attribute: `trusted access ${service}`, from: 'off', to: 'on' })),
        ...[...wantedTypes].filter((type) => !enabledTypes.includes(type)).sort().map((type) => ({ attribute: `policy type ${type}`, from: 'off', to: 'on' })),
      ],
      kept: ['its accounts, organisational units and existing policies'],
      ...(conflicts.length > 0 ? { conflict: { why: conflicts.map((conflict) => conflict.why).join('; '), choice: conflicts.map((conflict) => conflict.choice).join('; ') } } : {}),
    };
  },
};

export const organizationPolicy: Finder = {
  type: 'aws_organizations_policy',
  recognises: 'by its name and type; its tags',
  refusesSecondCreate: true,
  async find({ aws, target, arg, stack }) {
    const name = arg<string>('name');
    const type = arg<string | undefined>('type') ?? 'SERVICE_CONTROL_POLICY';
    const policies = (await readAllPages(aws, target, 'organizations', 'ListPolicies', { Filter: type }, { tokenIn: 'NextToken' })).flatMap((page) => page.Policies ?? []) as Array<{
      Id: string;
      Arn: string;
      Name: string;
    }>;
    const policy = policies.find((candidate) => candidate.Name === name);
    if (!policy) return absent;
    const tags = tagObject((await aws.read(target, 'organizations', 'ListTagsForResource', { ResourceId: policy.Id })).Tags);
    const { origin, evidence } = originOfTags(tags, stack, { baseline: true, taggedAtCreation: true });
    return {
      kind: 'present',
      found: `policy ${name} (${policy.Id})`,
      origin,
      evidence,
      importId: policy.Id,
      attributes: { id: policy.Id, arn: policy.Arn, name },
      ...(origin === 'owner' || origin === 'other-stack'
        ? { conflict: { why: `an SCP named ${name} exists and is not the baseline's (${evidence})`, choice: `rename your policy ${policy.Id}, or take it over with npm run adopt -- --accept` } }
        : {}),
    };
  },
};

export const policyAttachment: Finder = {
  type: 'aws_organizations_policy_attachment',
  recognises: "the baseline's policy attached to its target",
  refusesSecondCreate: true,
  async find({ aws, target, arg }) {
    const policyId = arg<string>('policy_id');
    const targetId = arg<string>('target_id');
    const targets = (await readAllPages(aws, target, 'organizations', 'ListTargetsForPolicy', { PolicyId: policyId }, { tokenIn: 'NextToken' })).flatMap(
      (page) => page.Targets ?? [],
    ) as Array<{ TargetId: string }>;
    if (!targets.some((candidate) => candidate.TargetId === targetId)) return absent;
    const id = `${targetId}:${policyId}`;
    return { kind: 'present', found: `policy ${policyId} attached to ${targetId}`, origin: 'baseline-name', evidence: "the baseline's policy", importId: id, attributes: { id } };
  },
};

/** An administrator registration: adopted when it names the same account, a conflict when another. */
function administrator(what: string, registered: readonly string[], wanted: string, importId: string): Finding {
  if (registered.length === 0) return absent;
  if (registered.includes(wanted)) {
    return { kind: 'present', found: `${what}: account ${wanted}`, origin: 'aws', evidence: 'a registration has no owner', importId, attributes: { id: importId } };
  }
  return {
    kind: 'present',
    found: `${what}: account ${registered.join(', ')}`,
    origin: 'owner',
    evidence: `registered to ${registered.join(', ')}, not ${wanted}`,
    attributes: {},
    conflict: {
      why: `${what} is account ${registered.join(', ')}; the baseline would make it ${wanted}, and AWS allows one`,
      choice: `make ${registered[0]} the security account (organization.securityAccountId), or deregister it first (which stops its administration of the service)`,
    },
  };
}

export const delegatedAdministrator: Finder = {
  type: 'aws_organizations_delegated_administrator',
  recognises: 'a registration for a service principal has no owner',
  refusesSecondCreate: true,
  async find({ aws, target, arg }) {
    const account = arg<string>('account_id');
    const service = arg<string>('service_principal');
    const registered = (await readAllPages(aws, target, 'organizations', 'ListDelegatedAdministrators', { ServicePrincipal: service }, { tokenIn: 'NextToken' })).flatMap(
      (page) => page.DelegatedAdministrators ?? [],
    ) as Array<{ Id: string }>;
    return administrator(`delegated administrator for ${service}`, registered.map((entry) => entry.Id), account, `${account}/${service}`);
  },
};

export const guardDutyAdministrator: Finder = {
  type: 'aws_guardduty_organization_admin_account',
  recognises: 'one GuardDuty administrator per organisation and region',
  refusesSecondCreate: true,
  async find({ aws, target, arg }) {
    const account = arg<string>('admin_account_id');
    const admins = (await readAllPages(aws, target, 'guardduty', 'ListOrganizationAdminAccounts', {}, { tokenIn: 'NextToken' })).flatMap((page) => page.AdminAccounts ?? []) as Array<{
      AdminAccountId: string;
      AdminStatus?: string;
    }>;
    const enabled = admins.filter((admin) => admin.AdminStatus !== 'DISABLE_IN_PROGRESS').map((admin) => admin.AdminAccountId);
    return administrator(`GuardDuty administrator in ${target.region}`, enabled, account, account);
  },
};

export const inspectorAdministrator: Finder = {
  type: 'aws_inspector2_delegated_admin_account',
  recognises: 'one Inspector administrator per organisation and region',
  refusesSecondCreate: true,
  async find({ aws, target, arg }) {
    const account = arg<string>('account_id');
    const admins = (await readAllPages(aws, target, 'inspector2', 'ListDelegatedAdminAccounts', {}, { tokenIn: 'nextToken' })).flatMap(
      (page) => page.delegatedAdminAccounts ?? [],
    ) as Array<{ accountId: string; status?: string }>;
    return administrator(`Inspector administrator in ${target.region}`, admins.filter((admin) => admin.status !== 'DISABLE_IN_PROGRESS').map((admin) => admin.accountId), account, account);
  },
};

export const inspectorMember: Finder = {
  type: 'aws_inspector2_member_association',
  recognises: 'an association has no owner',
  refusesSecondCreate: false,
  async find({ aws, target, arg }) {
    const account = arg<string>('account_id');
    const member = (await readIfExists(aws, target, 'inspector2', 'GetMember', { accountId: account }))?.member;
    if (!member || /REMOVED|RESIGNED|DISABLED/.test(String(member.relationshipStatus))) return absent;
    return { kind: 'present', found: `Inspector member ${account} (${String(member.relationshipStatus).toLowerCase()})`, origin: 'aws', evidence: 'an association has no owner', importId: account, attributes: { id: account } };
  },
};

export const rootCredentialsManagement: Finder = {
  type: 'aws_iam_organizations_features',
  recognises: "the organisation's centralised root access is one setting",
  refusesSecondCreate: false,
  setting: true,
  async find({ aws, target, arg }) {
    const { OrganizationId, EnabledFeatures } = await aws.read(target, 'iam', 'ListOrganizationsFeatures', {});
    const enabled = (EnabledFeatures ?? []) as string[];
    if (!OrganizationId || enabled.length === 0) return absent;
    const wanted = arg<string[]>('enabled_features') ?? [];
    const dropped = enabled.filter((feature) => !wanted.includes(feature));
    return {
      kind: 'present',
      found: `centralised root access: ${enabled.join(', ')}`,
      origin: 'owner',
      evidence: 'an organisation setting',
      importId: OrganizationId,
      attributes: { id: OrganizationId },
      changes: [
        ...wanted.filter((feature) => !enabled.includes(feature)).map((feature) => ({ attribute: feature, from: 'off', to: 'on' })),
        ...dropped.map((feature) => ({ attribute: feature, from: 'on', to: 'off', weaker: 'less control over member root users' })),
      ],
      ...(dropped.length > 0
        ? { conflict: { why: `the deploy would switch off ${dropped.join(', ')}`, choice: 'switch rootCredentials on for the organisation, or accept with npm run adopt -- --accept' } }
        : {}),
    };
  },
};

export const inspectorOrganizationConfiguration: Finder = {
  type: 'aws_inspector2_organization_configuration',
  recognises: "the administrator's auto-enable settings: written over, and left as they are on offboarding when they were on before",
  refusesSecondCreate: false,
  setting: true,
  notImportable: 'the provider (5.100) cannot import it: the deploy writes it again, and offboarding leaves it (its destroy would turn auto-enable off)',
  async find({ aws, target, arg }) {
    let autoEnable: Record<string, boolean | undefined>;
    try {
      autoEnable = (await aws.read(target, 'inspector2', 'DescribeOrganizationConfiguration', {})).autoEnable ?? {};
    } catch (error) {
      // Only the delegated administrator may ask: before the delegation there is nothing to take over.
      if (isNotFound(error) || /AccessDenied|Validation/.test((error as { code?: string }).code ?? '')) return { kind: 'absent', note: 'not the administrator yet' };
      throw error;
    }
    const on = Object.entries(autoEnable).filter(([, enabled]) => enabled === true).map(([scan]) => scan).sort();
    if (on.length === 0) return absent;
    const wanted = (arg<Array<Record<string, boolean>>>('auto_enable') ?? [])[0] ?? {};
    const field: Record<string, string> = { ec2: 'ec2', ecr: 'ecr', lambda: 'lambda', lambdaCode: 'lambda_code' };
    const changes = Object.entries(field)
      .filter(([scan, attribute]) => (autoEnable[scan] === true) !== (wanted[attribute] === true))
      .map(([scan, attribute]) => ({
        attribute: `auto_enable.${attribute}`,
        from: String(autoEnable[scan] === true),
        to: String(wanted[attribute] === true),
        ...(autoEnable[scan] === true ? { weaker: 'new members no longer scanned for it' } : {}),
      }));
    return {
      kind: 'present',
      found: `Inspector auto-enables ${on.join(', ')} for new members`,
      origin: 'owner',
      evidence: "the administrator's settings, whoever set them",
      notImportable: inspectorOrganizationConfiguration.notImportable,
      attributes: {},
      ...(changes.length > 0 ? { changes } : {}),
    };
  },
};
