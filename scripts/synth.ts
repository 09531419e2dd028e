/**
 * `npm run synth`: validates the configuration (BASELINE_CONFIG, or the embedded
 * baseline.config.yaml), synthesizes every stack into cdktf.out, and prints what each declares.
 */
import { relative } from 'node:path';
import { adoptionDirFor, loadAdoptionFiles } from '../modules/adoption/adoption-file';
import { synthesizeBaseline } from '../modules/baseline-app';
import { DEFAULT_CONFIG_PATH, configPath, loadConfigFile } from '../modules/config/load';
import { AccountSettings, resolveSettings } from '../modules/config/resolve';
import { describeEndpointReport, localEndpointFromEnv } from '../modules/endpoint/local-endpoint';
import { parseCommandLine } from './lib/args';
import { readSynthesizedStacks } from './lib/stacks';
import { estimateStackCost, formatCostTable } from './lib/cost';
import { formatSummary } from './lib/summary';

const OUTDIR = 'cdktf.out';

const { switches } = parseCommandLine({
  command: 'npm run synth --',
  summary: 'Validates the configuration and synthesizes every stack into cdktf.out, then prints what each stack declares and what to do next.',
  flags: {
    '--cost': { kind: 'switch', description: "also print the baseline's own estimated monthly cost per stack, control and region (docs/cost.md)" },
  },
  notes: ['BASELINE_CONFIG=FILE uses that configuration instead of baseline.config.yaml; BASELINE_AWS_ENDPOINT=URL points every stack at a local AWS API.'],
  exitCodes: ['0 synthesized', '1 the configuration or the arguments are not valid (nothing is written)'],
});

try {
  const path = configPath();
  const config = loadConfigFile(path);
  const settings = resolveSettings(config);
  const localEndpoint = localEndpointFromEnv();
  const { endpoint } = synthesizeBaseline(settings, { outdir: OUTDIR, localEndpoint, adoption: { files: loadAdoptionFiles(adoptionDirFor(path)) } });
  const stacks = readSynthesizedStacks(OUTDIR);
  // Allowed regions as the configuration lists them (the stacks use a fixed order, for stable output).
  const asWritten = (account: AccountSettings) => config.accounts.find((candidate) => candidate.name === account.name)?.allowedRegions ?? config.allowedRegions;
  const shown = relative(process.cwd(), path) || path;
  // The commands name the configuration, unless it is the embedded default that every command reads anyway.
  const costs = stacks.map((stack) => estimateStackCost(stack, settings));
  process.stdout.write(formatSummary(shown, OUTDIR, stacks, settings, asWritten, path === DEFAULT_CONFIG_PATH ? undefined : shown, costs));
  if (switches.has('--cost')) process.stdout.write(`\n${formatCostTable(costs)}`);
  if (endpoint) process.stdout.write(`\n${describeEndpointReport(endpoint)}`);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
