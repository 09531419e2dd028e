import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * The default configuration with the opt-in features the examples leave out switched on: the
 * drift role, S3 state, people in the baseline's group and access-key containment (in dry run).
 * The plan gate plans it; the output digest covers it.
 */
export function withOptionalFeatures(): Record<string, any> {
  const config = parse(readFileSync(join(__dirname, '..', '..', 'baseline.config.yaml'), 'utf8'));
  config.drift = { githubRepository: 'example-org/aws-baseline' };
  config.state = { s3: { bucket: 'example-terraform-state', region: 'ap-northeast-1' } };
  config.iam.humanUsers = ['alice'];
  config.containment = { deactivateAccessKeys: true, dryRun: true };
  return config;
}
