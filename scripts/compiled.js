#!/usr/bin/env node
/**
 * Runs one of the project's scripts as compiled JavaScript (dist/), building it first when any
 * TypeScript source is newer than the last build: `node scripts/compiled.js synth [args]`.
 * Compiled, `npm run synth` starts in a fraction of the time ts-node needs to transpile the
 * project on every run. Plain JavaScript, so that it needs nothing compiled to start.
 * `node scripts/compiled.js --build` only brings dist/ up to date.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

const ROOT = resolve(__dirname, '..');
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.built');
const SOURCES = ['main.ts', 'modules', 'scripts', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), stat.mtimeMs);
}

function fresh() {
  if (!existsSync(STAMP)) return false;
  const built = statSync(STAMP).mtimeMs;
  return SOURCES.every((source) => !existsSync(join(ROOT, source)) || newest(join(ROOT, source)) <= built);
}

function build() {
  process.stderr.write('Compiling the project to dist/ (once after each change to its sources)...\n');
  // Into a directory of its own, then moved into place: two runs at once never see half a build.
  const staging = join(ROOT, `.dist-${process.pid}`);
  const tsc = require.resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', staging], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    process.stderr.write('The TypeScript sources do not compile (see above); nothing was synthesized.\n');
    process.exit(1);
  }
  functionsAsPackaged(staging);
  writeFileSync(join(staging, '.built'), '');
  rmSync(DIST, { recursive: true, force: true });
  try {
    renameSync(staging, DIST);
  } catch {
    // Another run moved its build into place first; it is the same build.
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * The functions' JavaScript in dist/ made by the same transpiler that packages them
 * (javaScriptOf), so that an installed package, which carries no TypeScript, zips exactly the
 * bytes this repository deploys. Their tsc source maps would no longer match and are removed.
 */
function functionsAsPackaged(staging) {
  const { javaScriptOf } = require(join(staging, 'modules', 'core', 'function-package.js'));
  const sources = join(ROOT, 'modules', 'functions');
  const walk = (directory) => readdirSync(join(sources, directory), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(directory, entry.name)) : entry.name.endsWith('.ts') ? [join(directory, entry.name.slice(0, -3))] : [],
  );
  for (const name of walk('')) {
    const target = join(staging, 'modules', 'functions', name);
    writeFileSync(`${target}.js`, javaScriptOf(sources, name.split('\\').join('/')));
    rmSync(`${target}.js.map`, { force: true });
  }
}

const [name, ...rest] = process.argv.slice(2);
if (name === '--build') {
  // npm run build and npm pack's prepack.
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(
      'Usage: npm run build\n\nCompiles the project to dist/ (JavaScript, declarations, source maps) when a source is newer than the last build;\n' +
        'npm pack runs it first. The package is dist/modules; dist/scripts serves npm run synth.\n\n' +
        'Options:\n  --help      show this help\n\nExit codes: 0 built (or already up to date); 1 the sources do not compile or the arguments are not valid.\n',
    );
    process.exit(0);
  }
  if (rest.length > 0) {
    process.stderr.write(`npm run build: unknown argument ${JSON.stringify(rest[0])}; allowed: --help\n`);
    process.exit(1);
  }
  if (!fresh()) build();
  process.exit(0);
}
if (!name || !existsSync(join(ROOT, 'scripts', `${name}.ts`))) {
  process.stderr.write(`usage: node scripts/compiled.js <script> [arguments]: <script> is one of scripts/*.ts, got ${name ?? 'nothing'}\n`);
  process.exit(2);
}
if (!fresh()) build();
process.argv = [process.argv[0], join(DIST, 'scripts', `${name}.js`), ...rest];
require(join(DIST, 'scripts', `${name}.js`));
