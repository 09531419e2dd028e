/**
 * One benchmark scenario, run in its own process by scripts/bench.ts:
 *   empty    - an empty CDKTF app with one empty stack (the floor)
 *   default  - the embedded default configuration, exactly as `npm run synth` does it
 *   org:N    - a generated organisation with N member accounts
 * Prints {"maxRssKb": ...} as its last line.
 */
import { App, TerraformStack } from 'cdktf';

const [scenario, outdir] = process.argv.slice(2);

function main(): void {
  if (scenario === 'empty') {
    const app = new App({ outdir, stackTraces: false });
    new TerraformStack(app, 'empty');
    app.synth();
    return;
  }
  /* eslint-disable @typescript-eslint/no-require-imports -- load the baseline only for the scenarios that use it */
  const { synthesizeBaseline } = require('../modules/baseline-app') as typeof import('../modules/baseline-app');
  const { DEFAULT_CONFIG_PATH, loadConfigFile, parseConfig } = require('../modules/config/load') as typeof import('../modules/config/load');
  const { resolveSettings } = require('../modules/config/resolve') as typeof import('../modules/config/resolve');
  const { generatedOrganization } = require('./lib/generated-organization') as typeof import('./lib/generated-organization');
  const config = scenario === 'default' ? loadConfigFile(DEFAULT_CONFIG_PATH) : parseConfig(generatedOrganization(Number(scenario.split(':')[1])), scenario);
  synthesizeBaseline(resolveSettings(config), { outdir });
}

if (!outdir || !/^(empty|default|org:\d+)$/.test(scenario ?? '')) {
  process.stderr.write('usage: bench-target.ts empty|default|org:N <outdir>\n');
  process.exit(2);
}
main();
process.stdout.write(`${JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })}\n`);
