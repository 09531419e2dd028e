import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssetType, TerraformAsset } from 'cdktf';
import type { Construct } from 'constructs';
import { deterministicZip, javaScriptOf } from './function-package';

/** The Lambda runtime of the baseline's functions; it ships the AWS SDK v3 they use. */
export const FUNCTION_RUNTIME = 'nodejs22.x';

/**
 * Where the baseline's function sources live: modules/functions, also when this file runs from
 * dist/ (dist/modules/core), so that both package the same bytes; in an installed package that
 * carries only JavaScript, the compiled files beside this one.
 */
export const FUNCTIONS_DIRECTORY = [join(__dirname, '..', 'functions'), join(__dirname, '..', '..', '..', 'modules', 'functions')].find((directory) =>
  existsSync(join(directory, 'alert-format.ts')),
) ?? join(__dirname, '..', 'functions');

/** The files every function carries: the alert texts, in every language. */
export const MESSAGE_SOURCES = ['messages/languages', 'messages/en', 'messages/ja', 'messages/links', 'messages/types'] as const;

export interface FunctionCode {
  /** The asset's path, for the function's `filename`. */
  readonly path: string;
  /** Base64 SHA-256 of the zip, for `source_code_hash`. */
  readonly sha256: string;
}

/** One zip per function and process: an organisation's hundred accounts share it. */
const zips = new Map<string, { file: string; sha256: string }>();

/**
 * The deterministic zip of a function's sources (module names under modules/functions, packaged
 * at the same relative paths), as a Terraform asset of `scope`.
 */
export function functionCode(scope: Construct, id: string, functionName: string, sources: readonly string[]): FunctionCode {
  const key = `${functionName}\u0000${sources.join('\u0000')}`;
  let zip = zips.get(key);
  if (!zip) {
    const code = deterministicZip(Object.fromEntries(sources.map((name) => [`${name}.js`, javaScriptOf(FUNCTIONS_DIRECTORY, name)])));
    const file = join(mkdtempSync(join(tmpdir(), 'baseline-function-')), `${functionName}.zip`);
    writeFileSync(file, code.zip);
    zip = { file, sha256: code.sha256 };
    zips.set(key, zip);
  }
  const asset = new TerraformAsset(scope, id, { path: zip.file, type: AssetType.FILE });
  return { path: asset.path, sha256: zip.sha256 };
}
