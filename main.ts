/**
 * The CDKTF app, as run by `cdktf synth` / `cdktf deploy` (see cdktf.json).
 * `npm run synth` uses the same code through scripts/synth.ts and prints a summary.
 * BASELINE_AWS_ENDPOINT points every stack at a local AWS API instead (modules/endpoint/);
 * BASELINE_DRIFT_ROLE=1 has every provider assume its account's read-only drift role (for CI).
 */
import { adoptionDirFor, loadAdoptionFiles } from './modules/adoption/adoption-file';
import { DRIFT_ROLE_ENV, synthesizeBaseline } from './modules/baseline-app';
import { configPath, loadConfigFile } from './modules/config/load';
import { resolveSettings } from './modules/config/resolve';
import { describeEndpointReport, localEndpointFromEnv } from './modules/endpoint/local-endpoint';

function main(): void {
  // Validate the configuration and the endpoint before `new App()`, which already creates the output directory.
  const path = configPath();
  const config = loadConfigFile(path);
  const localEndpoint = localEndpointFromEnv();
  const adoption = { files: loadAdoptionFiles(adoptionDirFor(path)) };
  const { endpoint } = synthesizeBaseline(resolveSettings(config), { localEndpoint, assumeDriftRole: process.env[DRIFT_ROLE_ENV] === '1', adoption });
  if (endpoint) process.stderr.write(describeEndpointReport(endpoint));
}

try {
  main();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
