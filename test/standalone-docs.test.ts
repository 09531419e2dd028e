import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './support/fixtures';

/** Every file a clone has, committed or about to be. */
const projectFiles = () =>
  execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((path) => path.length > 0 && existsSync(join(REPO_ROOT, path)));

describe('the project stands on its own', () => {
  test('no file points at a folder outside the project that a clone does not have (the shared reference folder beside it)', () => {
    const outside = ['..', 'shared'].join('/');
    const pointing = projectFiles().filter((path) => readFileSync(join(REPO_ROOT, path), 'latin1').includes(outside));
    expect(pointing).toEqual([]);
  });

  test('the pages the code and README name for its sources exist', () => {
    for (const page of ['docs/threat-model.md', 'docs/sources.md']) expect(existsSync(join(REPO_ROOT, page))).toBe(true);
  });
});
