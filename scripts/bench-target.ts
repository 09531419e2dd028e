/**
 * The floor of `npm run bench`: an empty CDKTF app with one empty stack, synthesized into
 * <outdir>. The bench runs it through ts-node, as CDKTF starts an app, and compiled.
 */
import { App, TerraformStack } from 'cdktf';

const [outdir, ...rest] = process.argv.slice(2);
if (!outdir || rest.length > 0) {
  process.stderr.write('usage: bench-target.ts <outdir>\n');
  process.exit(2);
}
const app = new App({ outdir, stackTraces: false });
new TerraformStack(app, 'empty');
app.synth();
