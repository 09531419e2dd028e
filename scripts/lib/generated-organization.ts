/** A valid organisation configuration with `members` member accounts, for benchmarks and scale tests. */
export function generatedOrganization(members: number): Record<string, unknown> {
  const id = (n: number) => String(200000000000 + n);
  return {
    homeRegion: 'us-east-1',
    allowedRegions: ['us-east-1', 'us-west-2', 'eu-west-1'],
    alerts: { emails: ['security@example.com'] },
    securityContact: { name: 'Security', title: 'Security Lead', email: 'security@example.com', phone: '+1 555 0100' },
    budget: { monthlyLimitUsd: 1000, anomalyThresholdUsd: 100 },
    organization: { managementAccountId: id(0), securityAccountId: id(1) },
    accounts: Array.from({ length: members }, (_, index) => ({ name: `member-${index + 1}`, accountId: id(index + 1) })),
  };
}
