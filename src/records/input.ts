/** Where bytes come from: a file or `-` for stdin; and which format they are in. */
import { isUtf8 } from 'node:buffer';
import { byteOrderMark, decodeUtf8, sniffUtf16 } from './csv/decode.js';
import { statSync } from 'node:fs';
import { changedWhileRead, fileState, type FileState } from './fileChange.js';
import { open, type FileHandle } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileError, InputError, UsageError } from '../util/errors.js';

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

/** The size of the reads from a file (a stream from stdin comes in the sizes the pipe gives). */
const READ_CHUNK = 1 << 20;

/**
 * A file's bytes, read into three buffers used in turn, one read ahead: while the reader works on
 * a chunk, the next is read (the main thread otherwise idled on every read: 130 ms of a one-thread
 * audit of a 275 MB export). A chunk stays valid until the reader asks for the next but one, when
 * its buffer takes the chunk read ahead after that (every reader here is done with a chunk by
 * then; what it keeps longer, such as an unfinished line, it copies). createReadStream reads into
 * a fresh 1 MiB buffer every time, and the fresh memory page-faults in: 0.36 s to read a 275 MB
 * export against 0.09 s with reused buffers, and 31,000 of the 68,000 page faults of a one-thread
 * audit of it.
 */
async function* readChunks(file: string): AsyncGenerator<Uint8Array> {
  let fh: FileHandle;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    throw fileError(file, e);
  }
  let before: FileState | undefined;
  try {
    before = fileState(await fh.stat());
  } catch (e) {
    await fh.close();
    throw fileError(file, e);
  }
  let total = 0;
  const buffers = [Buffer.allocUnsafeSlow(READ_CHUNK), Buffer.allocUnsafeSlow(READ_CHUNK), Buffer.allocUnsafeSlow(READ_CHUNK)];
  const read = (k: number) => {
    const p = fh.read(buffers[k]!, 0, READ_CHUNK, null).then((r) => r.bytesRead);
    // Handled here too: a reader that drops this generator without finishing it must not leave
    // a failed read ahead as an unhandled rejection (which would end the process).
    p.catch(() => undefined);
    return p;
  };
  let ahead: Promise<number> | undefined = read(0);
  try {
    for (let k = 0; ; k = (k + 1) % 3) {
      let bytesRead: number;
      try {
        bytesRead = await ahead;
      } catch (e) {
        throw fileError(file, e);
      } finally {
        ahead = undefined;
      }
      if (bytesRead === 0) {
        // The end of the file: the same file as when it was opened, or an error (fileChange.ts).
        const changed = changedWhileRead(file, before, fileState(await fh.stat()), total);
        if (changed) throw changed;
        return;
      }
      total += bytesRead;
      ahead = read((k + 1) % 3);
      yield buffers[k]!.subarray(0, bytesRead);
    }
  } finally {
    // A reader that stops early leaves a read in flight: it ends before the file is closed.
    await ahead?.catch(() => undefined);
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

/**
 * Guess the format of stdin from its first bytes: `[` JSON, `{` JSON Lines, `-`/`#`/`%` YAML, else
 * CSV. After a UTF-16 byte order mark the characters are two bytes each.
 */
export function sniffFormat(head: Uint8Array): InputFormat {
  const bom = byteOrderMark(head);
  const u16 = bom?.encoding === 'utf-8' ? undefined : bom?.encoding;
  const step = u16 ? 2 : 1;
  const at = (k: number): number | undefined => (k + step > head.length ? undefined : u16 === 'utf-16le' ? head[k]! | (head[k + 1]! << 8) : u16 ? (head[k]! << 8) | head[k + 1]! : head[k]);
  let i = bom?.bytes.length ?? 0;
  for (let c = at(i); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = at(i)) i += step;
  const c = at(i);
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
 * chunk: the parallel reader checks the file's head with this too) is a binary file, or UTF-16
 * without a byte order mark (with one, utf8TextBatches decodes it).
 */
export function refuseBinaryText(file: string, head: Uint8Array): void {
  const first = head.subarray(0, 1 << 20);
  if (!first.includes(0)) return;
  const u16 = sniffUtf16(first);
  if (u16) throw new InputError(`${file}: looks like ${u16.toUpperCase()} text without a byte order mark; save it as UTF-8 (or as UTF-16 with a byte order mark)`);
  throw new InputError(`${file}: contains NUL bytes: this is a binary file, not YAML or JSON`);
}

/**
 * Is there anything but white space (and, for YAML, comment lines and document markers) in the
 * UTF-8 bytes of a file's head? Conservative: a line whose first character is not ASCII, or that
 * starts with `---` or `...`, counts as nothing, so `false` may be said of a head that holds
 * something, never `true` of one that does not. The parallel reader leaves a file whose head has
 * nothing to the one-thread reader, which tells an empty export apart exactly (loaders/structured.ts).
 */
export function headHasContent(bytes: Uint8Array, yaml: boolean): boolean {
  let i = byteOrderMark(bytes)?.encoding === 'utf-8' ? 3 : 0;
  while (i < bytes.length) {
    const nl = bytes.indexOf(0x0a, i);
    const end = nl < 0 ? bytes.length : nl;
    let k = i;
    while (k < end && (bytes[k] === 0x20 || bytes[k] === 0x09 || bytes[k] === 0x0d)) k++;
    const c = bytes[k];
    const marker = yaml && k === i && (c === 0x2d || c === 0x2e) && bytes[k + 1] === c && bytes[k + 2] === c;
    if (k < end && c! < 0x80 && !(yaml && c === 0x23) && !marker) return true;
    i = end + 1;
  }
  return false;
}

/** A CR that is not the first half of a CRLF: a line break of its own (old Mac OS line endings). */
const LONE_CR = /\r(?!\n)/;
const LONE_CRS = /\r(?!\n)/g;
const LINE_BREAK = /\r\n?|\n/;

/**
 * utf8Lines in batches: the lines of each chunk read, the first on line `first` (split from
 * utf8TextBatches). LF, CRLF and a lone CR each end a line, as in a CSV (a file saved with CR
 * line endings was one line: 70 JSON Lines plans read as one record). utf8TextBatches counts LFs
 * only, so each lone CR moves the lines after it on by one.
 */
export async function* utf8LineBatches(file: string, src: AsyncIterable<Uint8Array>, firstLine = 1): AsyncGenerator<{ lines: string[]; first: number }> {
  /** Lone CRs in the batches so far: lines utf8TextBatches did not count. */
  let crLines = 0;
  for await (const batch of utf8TextBatches(file, src, firstLine)) {
    const text = batch.text;
    const first = batch.first + crLines;
    // The common cases (LF, CRLF) split on LF: a string split is several times faster than a regex one.
    const hasCr = text.includes('\r');
    if (hasCr && LONE_CR.test(text)) {
      const lines = text.split(LINE_BREAK);
      if (lines[lines.length - 1] === '') lines.pop(); // after the last line break
      crLines += text.match(LONE_CRS)!.length;
      yield { lines, first };
      continue;
    }
    const lines = text.split('\n');
    if (text.endsWith('\n')) lines.pop(); // after the last LF
    if (hasCr) for (let k = 0; k < lines.length; k++) if (lines[k]!.endsWith('\r')) lines[k] = lines[k]!.slice(0, -1);
    yield { lines, first };
  }
}

/**
 * A whole-text stream as UTF-8 text, a batch per chunk read: each batch is whole lines (it ends
 * with an LF, but for the last line of the input) starting on line `first`, `lines` lines long.
 * A chunk's whole lines are checked (isUtf8) and decoded in one go: far cheaper than line by line
 * for YAML, whose plans run to a hundred short lines each. A chunk with invalid UTF-8 goes line
 * by line, so the lines before the fault are still read and the error names its line. A BOM at
 * the start is skipped; line breaks are left as they are (CRLF stays CRLF).
 *
 * A file that starts with a UTF-16 byte order mark (Windows PowerShell 5.1 writes UTF-16LE with
 * one by default) is decoded as UTF-16 as it is read, and its text taken on as UTF-8: the same
 * lines and line numbers, in one thread (the parallel reader leaves such a file to this one).
 * A character UTF-16 cannot encode (a lone surrogate) is read as U+FFFD, as the CSV reader does.
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
  /** Set when the file starts with a UTF-16 byte order mark: its bytes are decoded as they come. */
  let utf16: InstanceType<typeof TextDecoder> | undefined;
  /** The start of the file: its BOM, and whether it is binary. */
  const start = (chunk: Buffer): Buffer => {
    const bom = byteOrderMark(chunk);
    if (bom === undefined) return check(chunk);
    if (bom.encoding === 'utf-8') return check(chunk.subarray(bom.bytes.length));
    utf16 = new TextDecoder(bom.encoding, { ignoreBOM: true });
    return chunk.subarray(bom.bytes.length);
  };
  const check = (chunk: Buffer): Buffer => {
    refuseBinaryText(file, chunk);
    return chunk;
  };
  /** One read's bytes, as UTF-8 (decoded from UTF-16 first when the file is). */
  const take = function* (raw: Buffer): Generator<{ text: string; first: number; lines: number }> {
    let chunk = raw;
    if (utf16 !== undefined) {
      chunk = Buffer.from(utf16.decode(raw, { stream: true }), 'utf8');
      // A NUL character in the file's first read: binary, as in a UTF-8 file.
      if (first) check(chunk);
    }
    first = false;
    const last = chunk.lastIndexOf(10);
    if (last < 0) {
      carry.push(Buffer.from(chunk));
      return;
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
  };
  // The first bytes of the file (not of a block cut from its middle: audit/parallel/), gathered
  // until there are enough to tell a byte order mark; copied, as a read's buffer is reused.
  let head: Buffer[] | undefined = firstLine === 1 ? [] : undefined;
  let headBytes = 0;
  for await (const raw of src) {
    const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    if (head === undefined) {
      yield* take(chunk);
      continue;
    }
    if (headBytes + chunk.length < 3) {
      head.push(Buffer.from(chunk));
      headBytes += chunk.length;
      continue;
    }
    const whole = head.length > 0 ? Buffer.concat([...head, chunk]) : chunk;
    head = undefined;
    yield* take(start(whole));
  }
  // A file of fewer than three bytes.
  if (head !== undefined && headBytes > 0) yield* take(start(Buffer.concat(head)));
  if (utf16 !== undefined) {
    // An odd byte left at the end is a character cut short: U+FFFD, as the CSV reader gives.
    const tail = (utf16 as InstanceType<typeof TextDecoder>).decode();
    utf16 = undefined;
    if (tail !== '') yield* take(Buffer.from(tail, 'utf8'));
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
