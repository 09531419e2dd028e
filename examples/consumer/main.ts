/**
 * An organisation's own CDKTF app that installs the baseline as a package (built with
 * `npm pack` and installed with the README's commands) and composes it into its stacks: one stack
 * for the management account and one per member account, beside a resource of the app's own.
 * test/consumer.test.ts runs the README's install commands and synthesizes this file.
 */
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { App, TerraformStack } from 'cdktf';
import { AccountBaseline, OrganizationBaseline } from '@account-baseline/cdktf';

const HOME = 'eu-west-1';
// Only the regions this organisation has enabled; each gets the baseline's regional controls.
const ENABLED = ['eu-west-1', 'us-east-1'] as const;
const MEMBERS = [
  { name: 'security', accountId: '100000000002' },
  { name: 'workloads', accountId: '100000000003' },
];

const app = new App();

const management = new TerraformStack(app, 'management');
new OrganizationBaseline(management, 'baseline', {
  organizationId: 'o-a1b2c3d4e5',
  managementAccountId: '100000000001',
  securityAccountId: '100000000002',
  memberAccountIds: MEMBERS.map((member) => member.accountId),
  homeRegion: HOME,
  allowedRegions: [...ENABLED],
  enabledRegions: [...ENABLED],
  breakGlassRoleArns: ['arn:aws:iam::*:role/BreakGlassAdmin'],
});

for (const member of MEMBERS) {
  const stack = new TerraformStack(app, `member-${member.name}`);
  const baseline = new AccountBaseline(stack, 'baseline', {
    accountId: member.accountId,
    mode: 'organization-member',
    isSecurityAccount: member.name === 'security',
    administeredAccountIds: member.name === 'security' ? ['100000000003'] : undefined,
    homeRegion: HOME,
    allowedRegions: [...ENABLED],
    enabledRegions: [...ENABLED],
    alertEmails: ['secops@example.com'],
    contacts: { security: { name: 'SecOps', title: 'Security', email: 'secops@example.com', phone: '+1 555 0100' } },
    budget: { monthlyLimitUsd: 1000, anomalyThresholdUsd: 100 },
  });
  stack.addDependency(management);
  if (member.name === 'workloads') {
    // The app's own resource, in the baseline's home-region provider (locked to this account).
    new S3Bucket(stack, 'app-data', { provider: baseline.regions.home, bucket: 'example-workloads-app-data' });
  }
}

app.synth();
