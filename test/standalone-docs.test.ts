import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- _]/gu, '')
    .replace(/ /g, '-');

/** The headings of a Markdown file, outside code blocks, as anchors. */
function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const heading = !fenced && /^#{1,6} (.*)$/.exec(line);
    if (heading) anchors.add(anchorOf(heading[1]));
  }
  return anchors;
}

const PAGES = ['README.md', 'CHANGELOG.md', ...readdirSync(join(REPO_ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

/** Every relative link of a page: [text](target#anchor), outside code blocks. */
function linksOf(page: string): Array<{ target: string; anchor?: string }> {
  const text = readFileSync(join(REPO_ROOT, page), 'utf8').replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1])
    .filter((link) => !/^[a-z]+:/.test(link))
    .map((link) => {
      const [path, anchor] = link.split('#');
      return { target: path === '' ? page : join(dirname(page), path), anchor };
    });
}

describe('the README and docs/ stand alone and link up', () => {
  test('the README is under 20 KB', () => {
    expect(statSync(join(REPO_ROOT, 'README.md')).size).toBeLessThan(20_000);
  });

  test('every docs page is reachable from the README by a link', () => {
    const linked = new Set(linksOf('README.md').map((link) => link.target));
    expect(PAGES.filter((page) => page !== 'README.md' && !linked.has(page))).toEqual([]);
  });

  test.each(PAGES)('every relative link of %s names a file that exists, and a heading that exists there', (page) => {
    const broken = linksOf(page).filter(({ target, anchor }) => {
      const file = join(REPO_ROOT, target);
      if (!existsSync(file)) return true;
      return anchor !== undefined && target.endsWith('.md') && !anchorsOf(file).has(anchor);
    });
    expect(broken).toEqual([]);
  });
});
