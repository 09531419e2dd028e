#!/usr/bin/env node
/**
 * `npm test`, `npm run test:lifecycle` and `npm run typecheck`, with the manners of the other
 * scripts: `--help` prints the usage, an unknown argument is refused (exit 1) before anything
 * runs. Plain JavaScript, so that it starts without compiling anything.
 *
 *   node scripts/checks.js test [PATTERN...] [-t NAME]       type-check, then Jest without the lifecycle
 *   node scripts/checks.js lifecycle [-t NAME]                the default configuration's lifecycle on a local AWS API
 *   node scripts/checks.js typecheck                          tsc --noEmit
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { resolve } = require('node:path');

const ROOT = resolve(__dirname, '..');
const COMMANDS = {
  test: {
    usage: 'npm test -- [PATTERN...] [-t NAME]',
    summary: 'Type-checks the project, then runs every Jest suite except the lifecycle (test/lifecycle.test.ts), the offline plan gate included.',
    patterns: true,
    exitCodes: '0 every check passed; 1 a check failed or the arguments are not valid',
  },
  lifecycle: {
    usage: 'npm run test:lifecycle -- [-t NAME]',
    summary: "Deploys the default configuration to a local AWS API (moto) and runs its lifecycle: re-plan, drift, converge, destroy refused.",
    patterns: false,
    exitCodes: '0 every check passed; 1 a check failed or the arguments are not valid',
  },
  typecheck: {
    usage: 'npm run typecheck',
    summary: 'Type-checks every TypeScript file of the project (tsc --noEmit), tests included.',
    patterns: false,
    options: false,
    exitCodes: '0 no type errors; 1 type errors or arguments that are not valid',
  },
};

function help(command) {
  const lines = [`Usage: ${command.usage}`, '', command.summary, ''];
  if (command.options !== false) {
    lines.push('Options:');
    if (command.patterns) lines.push('  PATTERN     only the test files whose path matches (a regular expression, as Jest reads it)');
    lines.push('  -t NAME     only the tests whose name matches NAME (a regular expression)');
  }
  lines.push('  --help      show this help', '', `Exit codes: ${command.exitCodes}.`, '');
  return lines.join('\n');
}

function refuse(command, message) {
  process.stderr.write(`${command.usage.split(' --')[0]}: ${message}\n(${command.usage.split(' [')[0].replace(/ --$/, '')} -- --help shows the usage)\n`);
  process.exit(1);
}

/** The Jest arguments the given ones stand for; refuses anything else. */
function jestArguments(command, argv) {
  const out = [];
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === '--help' || argument === '-h') {
      process.stdout.write(help(command));
      process.exit(0);
    }
    if (command.options !== false && (argument === '-t' || argument === '--testNamePattern')) {
      const value = argv[index + 1];
      if (value === undefined) refuse(command, `${argument} needs a value (NAME)`);
      out.push('-t', value);
      index += 1;
      continue;
    }
    if (command.patterns && !argument.startsWith('-')) {
      out.push(argument);
      continue;
    }
    const allowed = command.options === false ? '--help' : `${command.patterns ? 'PATTERN, ' : ''}-t NAME, --help`;
    refuse(command, `unknown argument ${JSON.stringify(argument)}; allowed: ${allowed}`);
  }
  return out;
}

function run(args) {
  const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const [name, ...argv] = process.argv.slice(2);
const command = COMMANDS[name];
if (!command) {
  process.stderr.write(`usage: node scripts/checks.js ${Object.keys(COMMANDS).join('|')} [arguments]\n`);
  process.exit(1);
}
const jest = jestArguments(command, argv);
const tsc = require.resolve('typescript/bin/tsc');
const jestBin = require.resolve('jest/bin/jest');
if (name === 'typecheck') run([tsc, '--noEmit']);
if (name === 'test') {
  run([tsc, '--noEmit']);
  run([jestBin, '--testPathIgnorePatterns', 'lifecycle.test.ts', ...jest]);
}
if (name === 'lifecycle') run([jestBin, 'test/lifecycle.test.ts', ...jest]);
