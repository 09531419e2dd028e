import { join } from 'node:path';
import { DEFAULT_CONFIG, ORGANIZATION_EXAMPLE, REPO_ROOT, filesUnder, synthesize, tempDir } from './support/fixtures';

describe('determinism: synthesizing twice gives identical bytes, wherever it runs', () => {
  test.each([
    ['baseline.config.yaml', DEFAULT_CONFIG],
    ['examples/organization.yaml', ORGANIZATION_EXAMPLE],
  ])('%s synthesizes to byte-identical output in two different directories', (_name, config) => {
    const first = filesUnder(synthesize(config, join(tempDir('first-'), 'out-a')).outdir);
    const second = filesUnder(synthesize(config, join(tempDir('second-'), 'elsewhere', 'out-b')).outdir);
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [file, bytes] of first) expect({ file, same: bytes.equals(second.get(file)!) }).toEqual({ file, same: true });
  });

  test('no synthesized file contains a path of the machine it was made on', () => {
    const outdir = join(tempDir('paths-'), 'out');
    for (const [file, bytes] of filesUnder(synthesize(ORGANIZATION_EXAMPLE, outdir).outdir)) {
      const text = bytes.toString('utf8');
      expect({ file, leaks: text.includes(REPO_ROOT) || text.includes(outdir) }).toEqual({ file, leaks: false });
    }
  });
});
