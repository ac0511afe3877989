/** Shared helpers for the CSV tests: where the shared fixtures live, byte streams, collecting rows. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCsv, type CsvDataRow, type CsvOptions, type CsvTable } from '../../src/records/csv/index.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The shared fixtures dir: `../shared` next to the repo, or $EHCP_SHARED. Throws if missing. */
export function sharedDir(): string {
  const dir = process.env.EHCP_SHARED ? path.resolve(process.env.EHCP_SHARED) : path.resolve(repoRoot, '..', 'shared');
  if (!existsSync(path.join(dir, 'external'))) {
    throw new Error(
      `shared fixtures not found at ${dir} (expected ${path.join(dir, 'external')}); set EHCP_SHARED to the shared dir`,
    );
  }
  return dir;
}

export function externalPath(...parts: string[]): string {
  const p = path.join(sharedDir(), 'external', ...parts);
  if (!existsSync(p)) throw new Error(`fixture missing: ${p}`);
  return p;
}

export function readExternal(...parts: string[]): Uint8Array {
  return new Uint8Array(readFileSync(externalPath(...parts)));
}

/** A byte source that yields `bytes` in pieces of `size` (or one piece when size is 0). */
export async function* chunked(bytes: Uint8Array, size = 0): AsyncGenerator<Uint8Array> {
  if (size <= 0) {
    yield bytes;
    return;
  }
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** A byte source cut at the given offsets. */
export async function* cutAt(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  let prev = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    if (c > prev && c < bytes.length) {
      yield bytes.subarray(prev, c);
      prev = c;
    }
  }
  yield bytes.subarray(prev);
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

export interface Loaded {
  table: CsvTable;
  rows: CsvDataRow[];
}

/** Opens and reads every row (tests only: real callers stream). */
export async function load(
  bytes: Uint8Array | string,
  opts: Partial<CsvOptions> = {},
  chunkSize = 0,
): Promise<Loaded> {
  const b = typeof bytes === 'string' ? utf8(bytes) : bytes;
  const table = await openCsv(chunked(b, chunkSize), { file: 'test.csv', ...opts });
  const rows: CsvDataRow[] = [];
  for await (const r of table.rows) rows.push(r);
  return { table, rows };
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}
