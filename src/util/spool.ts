/**
 * A temporary file that what grows with an export is written to instead of memory (a large
 * audit's plan lines, audit/planStore.ts; its rejected records, records/rejections.ts), and read
 * back from the start as often as asked. Writes go through one 1 MiB buffer; the file is created
 * on the first write, in this process's private folder (`temporaryFile`, below), and deleted by
 * `close`, when the process exits or when a signal ends it (`live`, below).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from './errors.js';

const BUFFER = 1 << 20;

/**
 * Spool files not yet deleted. They hold plan references and the plans' findings (with
 * --show-text, children's names and plan text), so they go when the process exits, and on SIGINT,
 * SIGTERM and SIGHUP too (Ctrl-C, a CI job's time-out, a closed terminal), which end a Node
 * process without its exit handlers: the listeners delete the files, step aside and raise the
 * signal again, so the process still ends as the signal ends it (exit status 128 + n).
 */
const live = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * This process's folder for its spool files, while it holds any: made by mkdtemp (a random name,
 * mode 0700) in the system's temporary folder, and removed with its last file. Not files straight
 * in /tmp under a name made of the pid and the time: /tmp is writable by every local user, so one
 * could plant a hard link at the predicted name and receive every plan line (with --show-text,
 * children's names) in a file of theirs, or a symbolic link that had the run overwrite any file
 * the user may write (where fs.protected_regular and protected_symlinks are off, as on many CI
 * runners). Inside a folder no one else may enter, each file is also created with O_EXCL ('wx+').
 */
let folder: string | undefined;
/** Spool files now in `folder`. */
let inFolder = 0;

function deleteLive(): void {
  for (const p of live) rmSync(p, { force: true });
  live.clear();
  if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  folder = undefined;
  inFolder = 0;
}

function onSignal(signal: NodeJS.Signals): void {
  deleteLive();
  listen(false);
  process.kill(process.pid, signal);
}

let listening = false;
let stopListening: NodeJS.Immediate | undefined;

function listen(on: boolean): void {
  if (on === listening) return;
  if (stopListening !== undefined) clearImmediate(stopListening);
  stopListening = undefined;
  listening = on;
  if (on) {
    process.on('exit', deleteLive);
    for (const s of SIGNALS) process.on(s, onSignal);
  } else {
    process.removeListener('exit', deleteLive);
    for (const s of SIGNALS) process.removeListener(s, onSignal);
  }
}

/**
 * A signal that comes while a file is written synchronously (a large report) is caught by Node and
 * waits for the event loop; but when the run ends straight after, the loop has nothing left to
 * wait for (Node's signal handles do not keep it alive) and the process exited 0 with the signal
 * never dispatched, as if never stopped (QA: SIGTERM while reports were written was ignored for
 * 2 s, then exit 0). So after each file is done the loop is kept for two more turns, by which
 * time every signal caught meanwhile has been dispatched (the first turn may already be past its
 * poll for I/O); then, if no file is live, the listeners step aside.
 */
function catchUpOnSignals(): void {
  if (stopListening !== undefined) return;
  stopListening = setImmediate(() => {
    stopListening = setImmediate(() => {
      stopListening = undefined;
      if (live.size === 0 && folder === undefined) listen(false);
    });
  });
}

/**
 * A file deleted when the process exits or a signal ends it, until `untrackTemporary`: a spool
 * file, or a report being written under a temporary name (report/output.ts).
 */
export function trackTemporary(path: string): void {
  listen(true);
  live.add(path);
}

export function untrackTemporary(path: string): void {
  if (live.delete(path)) catchUpOnSignals();
}

/**
 * A system error making, writing or reading a spool file as a one-line InputError naming the
 * temporary folder and what to do (as a report's is, report/output.ts): a full or missing TMPDIR is
 * the user's to fix, not a bug in ehcp-audit. The files are deleted as on any other failure.
 */
function temporaryError(e: unknown, doing: 'write' | 'read'): unknown {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string') return e;
  const hint =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? // The plan spool holds each plan's line of the JSON report: 2.1 KB a plan for a generated
        // 60,000-plan export (124 MB), a little more with --show-text.
        'free some space there, or set TMPDIR to a folder with room (a large audit spools about 2 KB a plan)'
      : code === 'ENOENT' || code === 'ENOTDIR'
        ? 'there is no such folder: create it, or set TMPDIR to a folder that exists'
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? 'set TMPDIR to a folder you may write in'
          : 'set TMPDIR to another folder';
  return new InputError(`cannot ${doing} temporary files in ${tmpdir()} (${code}): ${hint}`);
}

/** A new spool file, open for reading and writing (readable by its owner only), in `folder`. */
function temporaryFile(name: string): { fd: number; path: string } {
  if (folder === undefined) {
    listen(true); // before the folder exists: a signal from here on removes it
    try {
      folder = mkdtempSync(join(tmpdir(), 'ehcp-audit-'));
    } catch (e) {
      catchUpOnSignals();
      throw temporaryError(e, 'write');
    }
  }
  const path = join(folder, `${name}-${randomBytes(9).toString('base64url')}.jsonl`);
  let fd: number;
  try {
    fd = openSync(path, 'wx+', 0o600);
  } catch (e) {
    releaseFolder();
    throw temporaryError(e, 'write');
  }
  trackTemporary(path);
  inFolder++;
  return { fd, path };
}

/** A spool file of `folder` is gone: the folder goes with its last one. */
function fileGone(): void {
  inFolder = Math.max(0, inFolder - 1);
  releaseFolder();
}

function releaseFolder(): void {
  if (folder === undefined || inFolder > 0) return;
  rmSync(folder, { recursive: true, force: true });
  folder = undefined;
  catchUpOnSignals();
}

/** The folder this process's spool files are in now, if there are any (for tests). */
export function spoolFolder(): string | undefined {
  return folder;
}
/** Bytes decoded at a time by `split` (see there). */
const DECODE_PIECE = 64 << 10;

export class Spool {
  private fd: number | undefined;
  private path: string | undefined;
  /**
   * Output not yet written: out[0, outEnd). Text is encoded into it piece by piece (piling the
   * pieces into one string first and encoding that was several times slower: V8 must flatten it).
   */
  private out: Buffer | undefined;
  private outEnd = 0;
  private written = 0;

  /** `name`: the start of the file's name (ehcp-audit-XXXXXX/NAME-RANDOM.jsonl). */
  constructor(private readonly name: string) {}

  /** Append `s` as UTF-8. */
  text(s: string): void {
    const out = this.buffer();
    // At most 3 bytes per UTF-16 unit; text longer than the buffer is written on its own.
    const most = s.length * 3;
    if (this.outEnd + most > out.length) this.flush();
    if (most > out.length) this.writeOut(Buffer.from(s, 'utf8'));
    else this.outEnd += out.write(s, this.outEnd, 'utf8');
  }

  /** Append bytes as they are. */
  bytes(b: Uint8Array): void {
    const out = this.buffer();
    if (this.outEnd + b.length > out.length) this.flush();
    if (b.length > out.length) this.writeOut(b);
    else {
      out.set(b, this.outEnd);
      this.outEnd += b.length;
    }
  }

  /**
   * Everything written, from the start, in chunks of up to 1 MiB all read into one buffer: a chunk
   * is good only until the next is asked for. A fresh buffer for each chunk made a new process
   * fault in new memory for every one: reading back 38 MB of plans took 140 ms that way against
   * 10 ms into one buffer.
   */
  *chunks(): Generator<Buffer> {
    this.flush();
    if (this.fd === undefined || this.written === 0) return;
    const buf = Buffer.allocUnsafeSlow(Math.min(BUFFER, this.written));
    for (let pos = 0; pos < this.written; ) {
      const n = this.readAt(buf, Math.min(buf.length, this.written - pos), pos);
      if (n === 0) break;
      pos += n;
      yield buf.subarray(0, n);
    }
  }

  /**
   * Everything written, as UTF-8 text split at `separator` (not empty): every part, the first and
   * the last too (either may be empty). Decoded 64 KiB at a time: a string of a whole 1 MiB chunk
   * is a large object, made straight in V8's old generation, and reading 100,000 rejections back
   * that way took peak RSS from 107 to 290 MB while a report was written (report/chunks.ts). A
   * part longer than a piece is gathered in pieces and joined once, so time stays linear however
   * long a part is (searching the whole part again at every piece was quadratic).
   */
  *split(separator: string): Generator<string> {
    const decoder = new TextDecoder();
    /** The part being read: its pieces so far, then its last characters, which may begin a separator. */
    let pieces: string[] = [];
    let carry = '';
    const part = (last: string): string => {
      pieces.push(last);
      const whole = pieces.length === 1 ? last : pieces.join('');
      pieces = [];
      return whole;
    };
    for (const chunk of this.chunks()) {
      for (let at = 0; at < chunk.length; at += DECODE_PIECE) {
        const text = carry + decoder.decode(chunk.subarray(at, at + DECODE_PIECE), { stream: true });
        let start = 0;
        for (let i = text.indexOf(separator); i >= 0; i = text.indexOf(separator, start)) {
          yield part(text.slice(start, i));
          start = i + separator.length;
        }
        // The last separator.length - 1 characters wait for the next piece: a separator may span the two.
        const keep = Math.max(start, text.length - separator.length + 1);
        if (keep > start) pieces.push(text.slice(start, keep));
        carry = text.slice(keep);
      }
    }
    yield part(carry + decoder.decode());
  }

  /** Bytes written so far (the offset the next write starts at). */
  get length(): number {
    return this.written + this.outEnd;
  }

  /**
   * Read bytes from offset `pos` into `into` (as many as fit, up to what was written); returns how
   * many were read, 0 at the end. For readers of separate parts of the file (priority/spilledSort.ts).
   */
  read(into: Uint8Array, pos: number): number {
    this.flush();
    if (this.fd === undefined || pos >= this.written) return 0;
    return this.readAt(into, Math.min(into.length, this.written - pos), pos);
  }

  private readAt(into: Uint8Array, length: number, pos: number): number {
    try {
      return readSync(this.fd!, into, 0, length, pos);
    } catch (e) {
      throw temporaryError(e, 'read');
    }
  }

  /** Delete the file (also done when the process exits). */
  close(): void {
    if (this.fd !== undefined) {
      closeSync(this.fd);
      rmSync(this.path!, { force: true });
      untrackTemporary(this.path!);
      this.fd = undefined;
      fileGone();
    }
  }

  /** The write buffer, and the file behind it, made on the first write. */
  private buffer(): Buffer {
    if (this.out === undefined) {
      ({ fd: this.fd, path: this.path } = temporaryFile(this.name));
      this.out = Buffer.allocUnsafeSlow(BUFFER);
    }
    return this.out;
  }

  private flush(): void {
    if (this.outEnd > 0) this.writeOut(this.out!.subarray(0, this.outEnd));
    this.outEnd = 0;
  }

  private writeOut(bytes: Uint8Array): void {
    if (this.fd === undefined) return; // closed
    try {
      for (let off = 0; off < bytes.length; ) off += writeSync(this.fd, bytes, off, bytes.length - off, this.written + off);
    } catch (e) {
      throw temporaryError(e, 'write');
    }
    this.written += bytes.length;
  }
}
