/**
 * Straight dependencies in modules/: the graph of imports (type-only imports included: they are
 * dependencies too) has no cycle between files and none between the folders of modules/, whose
 * layers point one way: functions ← policies ← core ← controls ← config ← the baselines.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { REPO_ROOT } from './support/fixtures';

const MODULES = join(REPO_ROOT, 'modules');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** The file a relative module specifier names: `x.ts`, or `x/index.ts` for a folder. */
function resolveImport(from: string, specifier: string): string {
  const target = resolve(dirname(from), specifier);
  if (existsSync(`${target}.ts`)) return `${target}.ts`;
  if (existsSync(join(target, 'index.ts'))) return join(target, 'index.ts');
  throw new Error(`${relative(REPO_ROOT, from)} imports ${specifier}, which is no file of modules/`);
}

/** Every relative import and re-export of a file, type-only ones included. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s+'(\.{1,2}\/[^']+)'/gm)].map((match) => resolveImport(file, match[1]));
}

const files = sourceFiles(MODULES);
const graph = new Map(files.map((file) => [file, importsOf(file)]));
/** A file's folder: the first folder under modules/, or `(root)` for the baselines beside them. */
const folderOf = (file: string) => (relative(MODULES, file).includes('/') ? relative(MODULES, file).split('/')[0] : '(root)');

/** The cycles of a graph, each as the path that closes it (first found from each node, depth first). */
function cycles<T>(nodes: readonly T[], edges: (node: T) => readonly T[]): T[][] {
  const state = new Map<T, 'open' | 'done'>();
  const found: T[][] = [];
  const visit = (node: T, path: T[]) => {
    state.set(node, 'open');
    for (const next of edges(node)) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), node, next]);
      else if (!state.has(next)) visit(next, [...path, node]);
    }
    state.set(node, 'done');
  };
  for (const node of nodes) if (!state.has(node)) visit(node, []);
  return found;
}

describe('the import graph of modules/', () => {
  test('finds the imports it checks (the graph is not empty, and index files re-export)', () => {
    const edges = [...graph.values()].flat();
    expect(edges.length).toBeGreaterThan(200);
    expect(graph.get(join(MODULES, 'index.ts'))).toContain(join(MODULES, 'controls', 'guardduty', 'index.ts'));
  });

  test('no file imports itself through others', () => {
    expect(cycles(files, (file) => graph.get(file) ?? []).map((cycle) => cycle.map((file) => relative(MODULES, file)).join(' -> '))).toEqual([]);
  });

  test('no folder of modules/ depends on itself through others', () => {
    const folders = [...new Set(files.map(folderOf))].sort();
    const folderEdges = (folder: string) => [
      ...new Set(files.filter((file) => folderOf(file) === folder).flatMap((file) => (graph.get(file) ?? []).map(folderOf)).filter((other) => other !== folder)),
    ];
    expect(cycles(folders, folderEdges).map((cycle) => cycle.join(' -> '))).toEqual([]);
    // The layers, lowest first: a folder imports only from folders before it.
    const layers = ['functions', 'policies', 'core', 'controls', 'config', 'adoption', 'endpoint', '(root)'];
    expect(folders.filter((folder) => !layers.includes(folder))).toEqual([]);
    for (const folder of folders) {
      const upward = folderEdges(folder).filter((other) => layers.indexOf(other) > layers.indexOf(folder));
      expect({ folder, upward }).toEqual({ folder, upward: [] });
    }
  });

  test('the configuration reads the controls and core, never the reverse', () => {
    const reversed = files
      .filter((file) => ['controls', 'core', 'policies', 'functions'].includes(folderOf(file)))
      .flatMap((file) => (graph.get(file) ?? []).filter((target) => folderOf(target) === 'config').map((target) => `${relative(MODULES, file)} -> ${relative(MODULES, target)}`));
    expect(reversed).toEqual([]);
  });
});

describe('the size of the files of modules/', () => {
  test('no file is over 350 lines', () => {
    const large = files.filter((file) => readFileSync(file, 'utf8').split('\n').length > 351).map((file) => relative(MODULES, file));
    expect(large).toEqual([]);
  });
});
