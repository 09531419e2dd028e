/**
 * Packages the baseline's own Lambda code as a zip whose bytes depend only on the code: files in
 * a fixed order, a fixed timestamp, fixed permissions, stored uncompressed. Synthesizing twice
 * gives the same archive, the same asset path and the same source_code_hash, which drift
 * detection depends on.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * JavaScript for one of the baseline's function sources: transpiled from the TypeScript file when
 * there is one (so that running from sources or from dist/ packages the same bytes), else the
 * compiled file of an installed package. Transpiled output is cached by the source's hash, so a
 * warm run does not load TypeScript at all.
 */
export function javaScriptOf(directory: string, name: string): string {
  const sourceFile = join(directory, `${name}.ts`);
  if (!existsSync(sourceFile)) return readFileSync(join(directory, `${name}.js`), 'utf8');
  const source = readFileSync(sourceFile, 'utf8');
  const cached = join(tmpdir(), 'account-baseline-functions', `${createHash('sha256').update(name).update('\0').update(source).digest('hex')}.js`);
  if (existsSync(cached)) return readFileSync(cached, 'utf8');
  // Only when running from TypeScript sources, where TypeScript is installed.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript') as typeof import('typescript');
  const output = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, esModuleInterop: true, removeComments: false },
    fileName: `${name}.ts`,
  });
  const javaScript = output.outputText.replace(/\n\/\/# sourceMappingURL=.*$/, '\n');
  mkdirSync(dirname(cached), { recursive: true });
  // Written whole, then moved: a concurrent run never reads half a file.
  const partial = `${cached}.${process.pid}`;
  writeFileSync(partial, javaScript);
  renameSync(partial, cached);
  return javaScript;
}

export interface FunctionPackage {
  readonly zip: Buffer;
  /** Base64 SHA-256 of the zip, as Lambda reports it (`source_code_hash`). */
  readonly sha256: string;
}

/** A deterministic zip of `files` (name → content), in name order. */
export function deterministicZip(files: Readonly<Record<string, string>>): FunctionPackage {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  // 1980-01-01 00:00:00, the earliest DOS time: no clock in the archive.
  const dosTime = 0;
  const dosDate = (0 << 9) | (1 << 5) | 1;
  for (const name of Object.keys(files).sort()) {
    const data = Buffer.from(files[name], 'utf8');
    const fileName = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, fileName, data);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt16LE(0, 30); // extra
    central.writeUInt16LE(0, 32); // comment
    central.writeUInt16LE(0, 34); // disk
    central.writeUInt16LE(0, 36); // internal attributes
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // -rw-r--r--
    central.writeUInt32LE(offset, 42);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  const zip = Buffer.concat([...locals, directory, end]);
  return { zip, sha256: createHash('sha256').update(zip).digest('base64') };
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
