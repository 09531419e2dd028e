/**
 * Every npm script of the project, run as a person runs it (`npm run <script> -- ...`):
 * `--help` prints the usage with the exit codes and exits 0; an unknown argument is refused
 * with exit 1, naming it and what is allowed, before the script does any work.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './support/fixtures';

const SCRIPTS = Object.keys(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>);

function npmRun(script: string, args: readonly string[]) {
  const result = spawnSync('npm', ['run', '--silent', script, '--', ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('command-line manners of every npm script', () => {
  test('the project has the scripts the README names', () => {
    expect(SCRIPTS).toEqual(expect.arrayContaining(['synth', 'test', 'test:lifecycle', 'typecheck', 'build', 'bench', 'drift', 'e2e', 'schema', 'controls', 'recover', 'offboard']));
  });

  test("the README's command table names every script but npm pack's prepack", () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Commands'), readme.indexOf('\n## ', readme.indexOf('## Commands') + 5));
    const named = (script: string) => (script === 'test' ? table.includes('`npm test`') : table.includes(`\`npm run ${script}\``));
    expect(SCRIPTS.filter((script) => script !== 'prepack' && !named(script))).toEqual([]);
  });

  test.each(SCRIPTS)('npm run %s -- --help prints the usage and its exit codes, and exits 0', (script) => {
    const run = npmRun(script, ['--help']);
    const text = run.stdout + run.stderr;
    expect({ code: run.code, usage: /^Usage: /m.test(text), exitCodes: /^Exit codes: 0 /m.test(text) }).toEqual({ code: 0, usage: true, exitCodes: true });
  });

  test.each(SCRIPTS)('npm run %s -- --no-such-flag is refused with exit 1, naming the argument and what is allowed, before any work', (script) => {
    const run = npmRun(script, ['--no-such-flag']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('unknown argument "--no-such-flag"; allowed: ');
    // Nothing ran: no output but the refusal (and, where the script has more, the hint to --help).
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
  });
});
