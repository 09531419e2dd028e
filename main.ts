/**
 * The CDKTF app, as run by `cdktf synth` / `cdktf deploy` (see cdktf.json).
 * `npm run synth` uses the same code through scripts/synth.ts and prints a summary.
 */
import { synthesizeBaseline } from './modules/baseline-app';
import { configPath, loadConfigFile } from './modules/config/load';
import { resolveSettings } from './modules/config/resolve';

function main(): void {
  // Validate the configuration before `new App()`, which already creates the output directory.
  const config = loadConfigFile(configPath());
  synthesizeBaseline(resolveSettings(config));
}

try {
  main();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
