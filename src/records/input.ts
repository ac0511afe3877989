/** Where bytes come from: a file or `-` for stdin; and which format they are in. */
import { isUtf8 } from 'node:buffer';
import { decodeUtf8 } from './csv/decode.js';
import { statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { extname } from 'node:path';
import { InputError, UsageError } from '../util/errors.js';

export const INPUT_FORMATS = ['csv', 'yaml', 'json', 'jsonl'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

const BY_EXT: Record<string, InputFormat> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.txt': 'csv',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};

/** The format from `--input-format`, else the extension; stdin without a flag is sniffed later. */
export function formatFor(file: string, flag?: string): InputFormat | undefined {
  if (flag) {
    if (!(INPUT_FORMATS as readonly string[]).includes(flag)) {
      throw new UsageError(`--input-format must be one of ${INPUT_FORMATS.join(', ')} (got '${flag}')`);
    }
    return flag as InputFormat;
  }
  if (file === '-') return undefined;
  const ext = extname(file).toLowerCase();
  if (ext === '.xlsx' || ext === '.xls' || ext === '.ods') {
    throw new InputError(`${file}: this is a spreadsheet, not an export ehcp-audit can read; save it as 'CSV UTF-8' and try again`);
  }
  return BY_EXT[ext] ?? 'csv';
}

/** Open a file (or stdin) as a byte stream; a missing file is a one-line InputError. */
export function openBytes(file: string): AsyncIterable<Uint8Array> {
  if (file === '-') return process.stdin;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new InputError(`${file}: is a folder, not an export file`);
  } catch (e) {
    throw fileError(file, e);
  }
  return readChunks(file);
}

/** A failure to open or read a file as a one-line InputError (a system error is not a bug). */
function fileError(file: string, e: unknown): unknown {
  if (e instanceof InputError) return e;
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string') return e;
  if (code === 'ENOENT') return new InputError(`${file}: no such file; check the path`);
  if (code === 'EACCES' || code === 'EPERM') return new InputError(`${file}: permission denied; check the file's permissions`);
  return new InputError(`${file}: cannot read (${code}); check the path, or pass the export on stdin as -`);
}

/** The size of the reads from a file (a stream from stdin comes in the sizes the pipe gives). */
const READ_CHUNK = 1 << 20;

/**
 * A file's bytes, read into two buffers used in turn: a chunk stays valid while the next is read
 * and is overwritten by the one after (every reader here is done with a chunk before it asks for
 * the next but one; what it keeps longer, such as an unfinished line, it copies).
 * createReadStream reads into a fresh 1 MiB buffer every time, and the fresh memory page-faults
 * in: 0.36 s to read a 275 MB export against 0.09 s with reused buffers, and 31,000 of the 68,000
 * page faults of a one-thread audit of it.
 */
async function* readChunks(file: string): AsyncGenerator<Uint8Array> {
  let fh: FileHandle;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    throw fileError(file, e);
  }
  try {
    const buffers = [Buffer.allocUnsafeSlow(READ_CHUNK), Buffer.allocUnsafeSlow(READ_CHUNK)];
    for (let k = 0; ; k ^= 1) {
      const buffer = buffers[k]!;
      let bytesRead: number;
      try {
        ({ bytesRead } = await fh.read(buffer, 0, READ_CHUNK, null));
      } catch (e) {
        throw fileError(file, e);
      }
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

/** Peek at the first chunk of a stream without losing it. */
export async function peek(src: AsyncIterable<Uint8Array>): Promise<{ head: Uint8Array; stream: AsyncIterable<Uint8Array> }> {
  const it = src[Symbol.asyncIterator]();
  const first = await it.next();
  const head = first.done ? new Uint8Array(0) : first.value;
  async function* rest(): AsyncGenerator<Uint8Array> {
    if (!first.done) yield first.value;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield n.value;
    }
  }
  return { head, stream: rest() };
}

/** Guess the format of stdin from its first bytes: `[` JSON, `{` JSON Lines, `-`/`#`/`%` YAML, else CSV. */
export function sniffFormat(head: Uint8Array): InputFormat {
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)) i++;
  const c = head[i];
  if (c === 0x5b) return 'json';
  if (c === 0x7b) return 'jsonl';
  if (c === 0x2d || c === 0x23 || c === 0x25) return 'yaml';
  return 'csv';
}

/**
 * A whole-text stream as UTF-8 lines (YAML and JSON are UTF-8 by their specs). Lines are cut at
 * LF bytes, which never occur inside a multi-byte UTF-8 sequence, then each is checked with
 * isUtf8 and decoded natively: several times faster than a streaming TextDecoder and string
 * splitting. A trailing CR is dropped; a BOM at the start is skipped.
 */
export async function* utf8Lines(file: string, src: AsyncIterable<Uint8Array>, firstLine = 1): AsyncGenerator<{ text: string; line: number }> {
  for await (const batch of utf8LineBatches(file, src, firstLine)) {
    for (let k = 0; k < batch.lines.length; k++) yield { text: batch.lines[k]!, line: batch.first + k };
  }
}

/**
 * A YAML or JSON export with a NUL byte in its first read (1 MiB from a file, however large the
 * chunk: the parallel reader checks the file's head with this too) is a binary file.
 */
export function refuseBinaryText(file: string, head: Uint8Array): void {
  if (head.subarray(0, 1 << 20).includes(0)) throw new InputError(`${file}: contains NUL bytes: this is a binary file, not YAML or JSON`);
}

/**
 * utf8Lines in batches: the lines of each chunk read, the first on line `first` (split from
 * utf8TextBatches). A trailing CR is dropped from each line.
 */
export async function* utf8LineBatches(file: string, src: AsyncIterable<Uint8Array>, firstLine = 1): AsyncGenerator<{ lines: string[]; first: number }> {
  for await (const batch of utf8TextBatches(file, src, firstLine)) {
    const lines = batch.text.split('\n');
    if (batch.text.endsWith('\n')) lines.pop(); // after the last LF
    if (batch.text.includes('\r')) for (let k = 0; k < lines.length; k++) if (lines[k]!.endsWith('\r')) lines[k] = lines[k]!.slice(0, -1);
    yield { lines, first: batch.first };
  }
}

/**
 * A whole-text stream as UTF-8 text, a batch per chunk read: each batch is whole lines (it ends
 * with an LF, but for the last line of the input) starting on line `first`, `lines` lines long.
 * A chunk's whole lines are checked (isUtf8) and decoded in one go: far cheaper than line by line
 * for YAML, whose plans run to a hundred short lines each. A chunk with invalid UTF-8 goes line
 * by line, so the lines before the fault are still read and the error names its line. A BOM at
 * the start is skipped; line breaks are left as they are (CRLF stays CRLF).
 */
export async function* utf8TextBatches(file: string, src: AsyncIterable<Uint8Array>, firstLine = 1): AsyncGenerator<{ text: string; first: number; lines: number }> {
  // The bytes of an unfinished line, in pieces: joined once when its line break comes (joining on
  // every read was quadratic for a long line, such as a minified JSON file).
  let carry: Buffer[] = [];
  let line = firstLine;
  let first = true;
  const invalid = () => new InputError(`${file}:${line}: invalid UTF-8 (invalid_encoding); YAML and JSON exports must be UTF-8`);
  /** Whole lines (the region ends with an LF, or is the input's last line). */
  const batch = function* (region: Buffer, lineCount: number): Generator<{ text: string; first: number; lines: number }> {
    if (isUtf8(region)) {
      // In batches of whole lines of about TEXT_BATCH bytes: decoded whole, a 1 MiB region
      // became one string of up to 2 MB (two bytes a character once an en dash or a curly quote
      // is in it), allocated afresh in V8's large-object space for every read: a sixth of a
      // YAML audit's time. Each smaller batch is an ordinary young-generation string.
      let start = 0;
      let left = lineCount;
      while (region.length - start > TEXT_BATCH) {
        const lf = region.lastIndexOf(10, start + TEXT_BATCH - 1);
        const longLine = lf < start ? region.indexOf(10, start + TEXT_BATCH) : lf;
        if (longLine < 0 || longLine + 1 >= region.length) break;
        const piece = region.subarray(start, longLine + 1);
        const n = countLineFeeds(piece);
        yield { text: decodeUtf8(piece), first: line, lines: n };
        line += n;
        left -= n;
        start = longLine + 1;
      }
      yield { text: decodeUtf8(start === 0 ? region : region.subarray(start)), first: line, lines: left };
      line += left;
      return;
    }
    // Line by line up to the fault: the lines before it are read, and the error names its line.
    let start = 0;
    const at = line;
    while (start < region.length) {
      const nl = region.indexOf(10, start);
      const end = nl < 0 ? region.length : nl + 1;
      if (!isUtf8(region.subarray(start, end))) {
        if (start > 0) yield { text: decodeUtf8(region.subarray(0, start)), first: at, lines: line - at };
        throw invalid();
      }
      line++;
      start = end;
    }
    throw invalid(); // not reached: text cut at LF bytes is valid UTF-8 when every piece is
  };
  for await (const raw of src) {
    let chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    if (first) {
      first = false;
      // The start of the file (not a block cut from its middle: audit/parallel/).
      if (firstLine === 1) {
        if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
        refuseBinaryText(file, chunk);
      }
    }
    const last = chunk.lastIndexOf(10);
    if (last < 0) {
      carry.push(Buffer.from(chunk));
      continue;
    }
    let from = 0;
    if (carry.length > 0) {
      // The line begun in earlier reads ends at this read's first LF: joined on its own, so the
      // rest of the read is decoded where it lies (copying every read cost a tenth of a YAML read).
      from = chunk.indexOf(10) + 1;
      yield* batch(Buffer.concat([...carry, chunk.subarray(0, from)]), 1);
    }
    if (from < last + 1) {
      const whole = chunk.subarray(from, last + 1);
      yield* batch(whole, countLineFeeds(whole));
    }
    carry = last + 1 < chunk.length ? [Buffer.from(chunk.subarray(last + 1))] : [];
  }
  const rest = Buffer.concat(carry);
  if (rest.length > 0) yield* batch(rest, 1);
}

/** The size utf8TextBatches cuts its batches at (at an LF after at most this many bytes, if any). */
const TEXT_BATCH = 64 << 10;

/** The LF bytes in `bytes`. */
function countLineFeeds(bytes: Uint8Array): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}
