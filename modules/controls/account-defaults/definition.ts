import type { ControlDefinition } from '../control-definition';

export const accountDefaultsDefinition: ControlDefinition = {
  id: 'accountDefaults',
  title: 'Safe account defaults: EBS encryption, IMDSv2, no public snapshots, AMIs or S3 buckets',
  why: 'Keeps data from being exposed by a default that an attacker or a hurried owner leaves in place.',
  enabledByDefault: true,
  cis: [
    { item: '2.1.4', extent: 'full', how: 'account-level S3 Block Public Access, all four settings' },
    { item: '2.2.1', extent: 'full', how: 'EBS encryption by default in every enabled region' },
    { item: '5.6', extent: 'partial', how: 'IMDSv2 required by default for new instances in every enabled region; existing instances are not changed' },
  ],
  protectedActions: {
    // EBS encryption, IMDSv2 for new instances, no public sharing of snapshots and images, the account's S3 public access block. None has a resource type.
    accountWide: ['ec2:Disable*BlockPublicAccess', 'ec2:DisableEbsEncryptionByDefault', 'ec2:ModifyInstanceMetadataDefaults', 's3:PutAccountPublicAccessBlock'],
    onlyWhileOn: true,
  },
};
