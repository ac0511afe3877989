/**
 * A file is read into two buffers used in turn (src/records/input.ts readChunks): a chunk is
 * overwritten by the one after next. Every reader must be done with a chunk by then, or copy what
 * it keeps. Here the readers get chunks from a source that does exactly that, and scribbles over
 * a buffer before reusing it, whatever the read size: the rows, text and reports must be those of
 * a source that never reuses memory.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCsv, type CsvDataRow } from '../../src/records/csv/index.js';
import { utf8TextBatches } from '../../src/records/input.js';
import { fixture, repoRoot, runCli } from '../helpers/cli.js';

/** `bytes` in reads of `size`, into two buffers used in turn, each filled with 'X' before reuse. */
async function* reusing(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  const buffers = [new Uint8Array(size), new Uint8Array(size)];
  let k = 0;
  for (let i = 0; i < bytes.length; i += size, k ^= 1) {
    const b = buffers[k]!;
    b.fill(0x58);
    const piece = bytes.subarray(i, i + size);
    b.set(piece);
    yield b.subarray(0, piece.length);
  }
}

async function* fresh(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes.slice();
}

async function csvRows(src: AsyncIterable<Uint8Array>): Promise<{ encoding: string; header: string[]; rows: CsvDataRow[] }> {
  const t = await openCsv(src, { file: 'f.csv' });
  const rows: CsvDataRow[] = [];
  for await (const r of t.rows) rows.push(r);
  return { encoding: t.encoding, header: t.header, rows };
}

async function text(src: AsyncIterable<Uint8Array>): Promise<string> {
  let out = '';
  for await (const b of utf8TextBatches('f.yaml', src)) out += b.text;
  return out;
}

const SIZES = [1, 7, 4096, 65_535, 65_536, 100_000, 1 << 20];

describe('readers over reused read buffers', () => {
  for (const name of ['example-export.csv', 'bad/windows-1252.csv', 'bad/utf16le.csv', 'bad/unclosed-quote.csv']) {
    const bytes = new Uint8Array(readFileSync(fixture(name)));
    it(`CSV ${name}: the same rows whatever the read size`, async () => {
      const want = await csvRows(fresh(bytes));
      expect(want.rows.length).toBeGreaterThan(0);
      for (const size of SIZES) expect(await csvRows(reusing(bytes, size)), `reads of ${size}`).toEqual(want);
    });
  }

  for (const name of ['example-export.yaml', 'example-export.jsonl']) {
    const bytes = new Uint8Array(readFileSync(fixture(name)));
    it(`${name}: the same text whatever the read size`, async () => {
      const want = await text(fresh(bytes));
      expect(want.length).toBeGreaterThan(1000);
      for (const size of [7, 4096, 65_536, 100_000]) expect(await text(reusing(bytes, size)), `reads of ${size}`).toBe(want);
    });
  }
});

describe('an export read from a pipe (reads smaller than the encoding sniff)', () => {
  // /dev/stdin as the file name, stdin a pipe: the file reader gets the pipe's reads, a few KB each.
  const AUDIT = ['--map', 'fixtures/example-export.map.yaml', '--as-of', '26/11/2026', '-q', '-f', 'json'];
  for (const name of ['example-export.csv', 'bad/windows-1252.csv']) {
    it.skipIf(process.platform === 'win32')(`${name}: the same report as from the file`, () => {
      const want = runCli(['audit', `fixtures/${name}`, ...AUDIT]);
      const cli = [process.execPath, join(repoRoot, 'dist', 'cli.js'), 'audit', '/dev/stdin', '--input-format', 'csv', ...AUDIT].map((a) => `'${a}'`).join(' ');
      const got = spawnSync('sh', ['-c', `cat 'fixtures/${name}' | ${cli}`], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 26 });
      expect(got.status, got.stderr).toBe(0);
      expect(got.stdout.replaceAll('/dev/stdin', `fixtures/${name}`)).toBe(want.stdout);
    });
  }

  // Node gives a child's stdin as a socket, which Linux will not open by name: a system error on
  // opening or reading is a one-line input error (exit 2), not an internal error.
  it.skipIf(process.platform !== 'linux')('a file that cannot be opened: exit 2 and one line naming it and the error', () => {
    const r = runCli(['audit', '/dev/stdin', '--input-format', 'csv', ...AUDIT], { input: readFileSync(fixture('example-export.csv')) });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: /dev/stdin: cannot read (ENXIO); check the path, or pass the export on stdin as -\n");
  });
});
