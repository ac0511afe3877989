/**
 * The parallel audit: the main thread reads the export and cuts it into blocks of whole records
 * without parsing them (records/csv/boundaries.ts for CSV rows, records/loaders/boundaries.ts for
 * JSON Lines and YAML documents). Worker threads decode, parse, map and score the blocks
 * (block.ts); so does the main thread, whenever every worker already has blocks queued. The
 * main thread then takes the results in file order and does what must see every record in
 * turn: the count of records read, the duplicate-reference check, rejections, the aggregate and
 * the plan spool. So the report is the same, byte for byte, as the one-thread audit's, and memory
 * is bounded by the blocks in flight.
 *
 * Used for `audit`, `check`, `baseline write` and `priority` (whose blocks rank the plans instead:
 * ParallelOptions.priority) on files (not stdin) in CSV (UTF-8, windows-1252 or latin1), JSON
 * Lines or YAML, above the size where threads pay for themselves (run.ts threadedSize decides).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { offsetOfLine, RowBoundaryScanner } from '../../records/csv/boundaries.js';
import { changedWhileRead, fileState, type FileState } from '../../records/fileChange.js';
import { byteOrderMark } from '../../records/csv/decode.js';
import { headHasContent, refuseBinaryText } from '../../records/input.js';
import type { PlanSource } from '../../records/source.js';
import { hasDocumentMarker, JsonLinesCutter, YamlDocumentCutter, type BlockCutter } from '../../records/loaders/boundaries.js';
import type { LoadIssue } from '../../records/model.js';
import type { Rubric } from '../../rubric/load.js';
import { InputError } from '../../util/errors.js';
import { configFilesRead, withConfigFiles } from '../../util/yamlConfig.js';
import type { AuditAggregate } from '../aggregate.js';
import type { RecordFilter } from '../where.js';
import type { PriorityWeights } from '../../priority/factors.js';
import type { RankedPlan } from '../../priority/entry.js';
import { blockProcessor, type BlockProcessor } from './block.js';
import { PLAIN_GRADE, PLAIN_JSON_END, PLAIN_KEYS, PLAIN_LIMITED, PLAIN_LINE, PLAIN_REF_END, PLAIN_SCORE, PLAIN_STRIDE, ROW_PLAIN, type BlockMessage, type BlockResult, type SetupMessage, type WorkerSetup } from './protocol.js';

/**
 * Target block size: big enough that a block is several hundred rows, small enough to keep memory
 * flat (every block in flight is held twice over: its bytes and its plan lines). 1 MiB took about
 * 15 MB less RSS than 2 MiB in the same time (single runs: peak RSS varies by 10 MB or so).
 */
const DEFAULT_BLOCK_BYTES = 1 << 20;
/**
 * Blocks queued per worker: enough that a worker never waits while the main thread is busy with
 * a block of its own.
 */
const PER_WORKER = 2;
const READ_BYTES = 1 << 20;
const NO_WARNINGS: readonly LoadIssue[] = Object.freeze([]);
/**
 * A worker's heap, capped (V8 sizes each thread's heap for throughput, and every thread has its
 * own): the young generation at 16 MB (V8's default lets it grow to 48 MB or so) and the old at
 * 64 MB. A worker holds the rubric and one block at a time, some 15 MB live, so the caps only make
 * V8 collect sooner; measured in docs/benchmarks.md (issue 7: RSS under 250 MB). In a
 * 100,000-plan audit (--trace-gc-nvp) the worker's young-generation collections paused it for
 * 0.67 s at 8 MB against 0.47 s at 16; 32 MB was no faster and peaked some 10 MB higher.
 */
const WORKER_YOUNG_MB = 16;
const WORKER_OLD_MB = 64;
/**
 * A block of more than 4 blocks' worth (4 MiB; at least 64 KiB) holds a record far longer than a
 * block, a cell of many MB: it is read on the main thread, whose heap is not capped, rather than
 * risk a worker running out of memory (with --show-text its plan line holds the text again,
 * escaped).
 */
const workerMaxBlock = (target: number): number => Math.max(4 * target, 64 << 10);

export interface ParallelOptions {
  source: PlanSource;
  rubric: Rubric;
  agg: AuditAggregate;
  asOf: string;
  showText: boolean;
  /** false: the blocks make no plan lines (RunOptions.plans none). */
  planLines: boolean;
  where: string[];
  /** The main thread's --where filter: it counts the dates the workers could not read, for its warnings. */
  filter?: RecordFilter;
  jobs: number;
  onProgress?: (read: number, fraction?: number) => void;
  /**
   * `priority`: rank the plans rather than audit them (`agg` is then left empty): each plan
   * accepted, in file order, goes to `onRanked`, or to `onCeased` if it has ceased.
   */
  priority?: {
    weights: PriorityWeights;
    onRanked: (ref: string, line: number, plan: RankedPlan) => void;
    onCeased: () => void;
  };
}

/** Bytes per block; EHCP_AUDIT_BLOCK_BYTES overrides it (tests use tiny blocks to cut everywhere). */
function blockBytes(): number {
  const env = Number(process.env.EHCP_AUDIT_BLOCK_BYTES);
  return Number.isInteger(env) && env > 0 ? env : DEFAULT_BLOCK_BYTES;
}

/**
 * --jobs N is N - 1 workers and the main thread, which reads, cuts and accounts, and parses blocks
 * too when the workers are busy; no more workers than blocks.
 */
function workerCount(jobs: number, size: number, target: number): number {
  return Math.max(1, Math.min(jobs - 1, Math.ceil(size / target)));
}

/** Workers started early (prestartWorkers) for the audit of `file`, not yet taken. */
let prestarted: { file: string; pool: WorkerPool } | undefined;

/**
 * Start the worker threads for a threaded audit of `file` now, before the rubric is loaded and
 * the export's head read: a worker takes some 0.2 s to start and load its code, and the main
 * thread otherwise waits for it with its first blocks (in a 100,000-plan audit the main thread
 * reached the pool about 0.1 s after the command began). They wait for their setup without
 * keeping the process alive; auditInParallel takes them, or they are stopped.
 */
export function prestartWorkers(file: string, jobs: number, size: number): void {
  discardPrestarted();
  prestarted = { file, pool: new WorkerPool(workerCount(jobs, size, blockBytes()), true) };
}

/** Stop workers started early that no audit took (one that read in one thread after all). */
export function discardPrestarted(): void {
  const early = prestarted;
  prestarted = undefined;
  void early?.pool.close();
}

function takePrestarted(file: string, count: number): WorkerPool | undefined {
  const early = prestarted;
  prestarted = undefined;
  if (early && early.file === file && early.pool.size === count) return early.pool;
  void early?.pool.close();
  return undefined;
}

/** The export is read in one thread after all: no use for workers started early. */
function notThreaded(): undefined {
  discardPrestarted();
  return undefined;
}

/**
 * Audit an export with worker threads. Returns the number of records filtered out by --where,
 * or undefined when this export cannot be read in blocks (a file in UTF-16, a CSV with a
 * delimiter outside ASCII, a YAML or JSON Lines file with nothing in its first MiB, a YAML file
 * with no document marker there): the caller
 * then reads it in one thread.
 */
export async function auditInParallel(opts: ParallelOptions): Promise<{ filteredOut: number } | undefined> {
  const { source } = opts;
  const format = source.format;
  if (format !== 'csv' && format !== 'jsonl' && format !== 'yaml') return notThreaded();
  const setup: WorkerSetup = {
    source: source.opts,
    rubricFile: opts.rubric.files[0]!,
    configFiles: configFilesRead(),
    format,
    asOf: opts.asOf,
    showText: opts.showText,
    planLines: opts.planLines,
    where: opts.where,
    ...(opts.priority ? { priority: { weights: opts.priority.weights } } : {}),
  };
  let cutter: BlockCutter;
  let dataLine = 1;
  let headIssues: LoadIssue[] = [];
  if (format === 'csv') {
    const head = await source.csvHead();
    const encoding = head.encoding;
    if (encoding !== 'utf-8' && encoding !== 'windows-1252' && encoding !== 'latin1') return notThreaded();
    const delimiter = head.delimiter.charCodeAt(0);
    if (delimiter > 127) return notThreaded();
    setup.csv = { header: head.header, encoding, delimiter: head.delimiter };
    // A mapping that does not fit the header (none at all, a missing column) is a configuration
    // error: found here, in this thread, before a worker starts. A worker that found it first
    // reported it as an internal error with a stack trace.
    source.csvReader(head.header);
    cutter = new RowBoundaryScanner(delimiter);
    dataLine = head.dataLine;
    headIssues = head.issues;
  } else {
    cutter = format === 'yaml' ? new YamlDocumentCutter() : new JsonLinesCutter();
  }

  const fd = openSync(source.opts.file, 'r');
  try {
    if (format !== 'csv') {
      const head = Buffer.alloc((1 << 20) + 3);
      const n = readSync(fd, head, 0, head.length, 0);
      // UTF-16 (a byte order mark) is decoded by the one-thread reader only: blocks are cut after
      // an LF byte, in UTF-16 half a character. So is a file with nothing in its head, which the
      // one-thread reader refuses when the whole file is empty.
      const bom = byteOrderMark(head.subarray(0, n));
      if ((bom !== undefined && bom.encoding !== 'utf-8') || !headHasContent(head.subarray(0, n), format === 'yaml')) return notThreaded();
      // A YAML file of one document (no marker in its head) would be one block, held whole.
      if (format === 'yaml' && !hasDocumentMarker(head.subarray(0, n))) return notThreaded();
      // The one-thread reader refuses a file with a NUL byte in its first MiB before reading a
      // record; a block after the first never sees the file's head, so it is checked here.
      refuseBinaryText(source.file, head.subarray(bom?.bytes.length ?? 0, n));
    }
    const st = fstatSync(fd);
    const size = st.size;
    const target = blockBytes();
    const count = workerCount(opts.jobs, size, target);
    const pool = takePrestarted(source.opts.file, count) ?? new WorkerPool(count);
    pool.configure(setup);
    try {
      return await run(opts, fd, size, dataLine, target, pool, cutter, headIssues, fileState(st));
    } finally {
      await pool.close();
    }
  } finally {
    closeSync(fd);
  }
}

async function run(
  opts: ParallelOptions,
  fd: number,
  size: number,
  dataLine: number,
  target: number,
  pool: WorkerPool,
  cutter: BlockCutter,
  headIssues: LoadIssue[],
  before: FileState | undefined,
): Promise<{ filteredOut: number }> {
  const { source, agg } = opts;
  const blanks: LoadIssue[] = [];
  let filteredOut = 0;
  let filePos = 0;
  let eof = false;

  // The bytes read but not yet sent: buf[0, fill).
  // Reads of at most one block, so tiny test blocks are cut at every row boundary.
  const readBytes = Math.min(READ_BYTES, target);
  const maxWorkerBlock = workerMaxBlock(target);
  const capacity = target + readBytes;
  // Block buffers come back from the workers with their results and are used again: fresh
  // memory for every block costs a page fault per 4 KiB, which showed as a tenth of the main
  // thread's time.
  const spare: Uint8Array[] = [];
  // A new buffer has 64 KiB to spare: it is asked for with the start of the next row already in
  // it (capacity + that row so far), and one made to the exact size was too small for the next
  // request nearly every time (63 new buffers in a 100,000-plan audit, against 3 with room).
  // As many as can come back at once: the blocks queued for the workers and this thread's own.
  // With room for 2, half the buffers that came back in a burst were dropped, and 51 new ones
  // were made in a 100,000-plan audit (4 with room for 4).
  const maxSpare = pool.size * PER_WORKER + 2;
  const takeBuffer = (size: number): Uint8Array => {
    const i = spare.findIndex((b) => b.length >= size);
    return i >= 0 ? spare.splice(i, 1)[0]! : new Uint8Array(Math.max(size, capacity) + (64 << 10));
  };
  const giveBack = (b: Uint8Array | undefined): void => {
    if (b && b.buffer.byteLength >= capacity && spare.length < maxSpare) spare.push(new Uint8Array(b.buffer));
  };
  // So do the buffers of the blocks' plan lines, once their lines are in the spool: garbage
  // buffers of a few MB each were freed only when this thread's heap was next collected, and
  // piled up to 50 MB.
  const spareLines: Uint8Array[] = [];
  const giveBackLines = (b: Uint8Array): void => {
    if (b.buffer.byteLength >= 64 << 10 && spareLines.length < maxSpare) spareLines.push(new Uint8Array(b.buffer));
  };
  let buf: Uint8Array = new Uint8Array(capacity);
  let fill = 0;
  const readMore = (): void => {
    if (fill + readBytes > buf.length) {
      const bigger = new Uint8Array(buf.length * 2);
      bigger.set(buf.subarray(0, fill));
      buf = bigger;
    }
    const n = readSync(fd, buf, fill, readBytes, filePos);
    if (n === 0) eof = true;
    fill += n;
    filePos += n;
  };

  // Skip the head (title, header and anything before them): the data starts on line dataLine.
  let start = -1;
  while (start < 0) {
    readMore();
    const at = offsetOfLine(buf.subarray(0, fill), dataLine);
    // At the very end of what is read, a CR may yet be followed by an LF: read on to be sure.
    if (at >= 0 && (at < fill || eof)) start = at;
    else if (eof) start = fill;
  }
  buf.copyWithin(0, start, fill);
  fill -= start;

  let line = dataLine;
  let seq = 0;
  let nextToApply = 0;
  const done = new Map<number, BlockResult>();
  /** Where each block in flight ends in the file (for progress). */
  const blockEnds = new Map<number, number>();
  let inFlight = 0;
  let local: BlockProcessor | undefined;

  const width = opts.rubric.criteria.length;
  const apply = (r: BlockResult): void => {
    if (r.crash) throw new Error(`internal error in a worker thread: ${r.crash}`);
    const { cols, refs, ratings, strings } = r.plain;
    let jsonStart = 0;
    let refStart = 0;
    let plain = 0;
    let other = 0;
    let rejectedStart = 0;
    for (let k = 0; k < r.kinds.length; k++) {
      source.countRead();
      if (r.kinds[k] === ROW_PLAIN) {
        const o = plain * PLAIN_STRIDE;
        const refEnd = cols[o + PLAIN_REF_END]!;
        const jsonEnd = cols[o + PLAIN_JSON_END]!;
        const ref = refs.slice(refStart, refEnd);
        if (source.acceptRef(ref, cols[o + PLAIN_LINE]!, NO_WARNINGS)) {
          const score = cols[o + PLAIN_SCORE]!;
          agg.addScored(ref, cols[o + PLAIN_LINE]!, Number.isNaN(score) ? null : score, strings[cols[o + PLAIN_GRADE]!]!, cols[o + PLAIN_LIMITED] === 1, strings, cols, o + PLAIN_KEYS, ratings, plain * width, r.json.subarray(jsonStart, jsonEnd));
        }
        refStart = refEnd;
        jsonStart = jsonEnd;
        plain++;
        continue;
      }
      const row = r.rows[other++]!;
      const d = row.digest;
      if (row.rejectedEnd !== undefined) {
        source.rejectLine(r.rejections!.subarray(rejectedStart, row.rejectedEnd));
        rejectedStart = row.rejectedEnd;
      } else if (source.acceptRef(row.ref!, row.line, row.warnings ?? NO_WARNINGS)) {
        if (row.filtered) {
          filteredOut++;
          if (row.unreadable) opts.filter?.count(row.unreadable, row.ref!);
        } else if (row.ranked) opts.priority!.onRanked(row.ref!, row.line, row.ranked);
        else if (row.ceased) opts.priority!.onCeased();
        else agg.addDigest({ ...d!, json: r.json.subarray(jsonStart, d!.jsonEnd) });
      }
      if (d) jsonStart = d.jsonEnd;
    }
    for (const b of r.blanks) blanks.push(b);
    if (r.mappedKeys) source.sawMappedKeys(r.mappedKeys);
    giveBackLines(r.json);
    const end = blockEnds.get(r.seq);
    blockEnds.delete(r.seq);
    if (end !== undefined) source.setBytesRead(end, size);
    opts.onProgress?.(source.stats.read, source.fraction);
    if (r.inputError) throw new InputError(r.inputError);
  };
  /** Take a result and apply every result that is next in file order. */
  const deliver = (r: BlockResult): void => {
    giveBack(r.bytes);
    done.set(r.seq, r);
    for (let x = done.get(nextToApply); x; x = done.get(nextToApply)) {
      done.delete(nextToApply++);
      apply(x);
    }
  };
  /** Wait for a worker's result. */
  const settle = async (): Promise<void> => {
    const r = await pool.next();
    inFlight--;
    deliver(r);
  };
  /** Let the workers' finished results in (they arrive as events), and apply them. */
  const collect = async (): Promise<void> => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (let r = pool.take(); r; r = pool.take()) {
      inFlight--;
      deliver(r);
    }
  };
  const send = async (end: number, last = false): Promise<void> => {
    const bytes = buf.subarray(0, end);
    const rest = buf.subarray(end, fill);
    // The block's buffer is handed to the worker; what follows it moves to a fresh buffer.
    const next = takeBuffer(capacity + rest.length);
    next.set(rest);
    const out = spareLines.pop();
    // Where the file ends (as it was when opened: a file that grows is refused at the end, fileChange.ts).
    const atEnd = last || (rest.length === 0 && filePos >= size);
    const msg: BlockMessage = { seq: seq++, bytes, startLine: line, ...(atEnd ? { atEnd } : {}), ...(out ? { out } : {}) };
    blockEnds.set(msg.seq, filePos - rest.length);
    if (!last) {
      line += cutter.linesToEnd;
      cutter.cut(end);
    }
    buf = next;
    fill = rest.length;
    await collect();
    if (inFlight < pool.size * PER_WORKER && bytes.length <= maxWorkerBlock) {
      inFlight++;
      pool.send(msg);
    } else {
      // Every worker has work queued (or the block is too big for one): this thread takes it.
      // From the configuration bytes the run read, as the workers do (not the files again).
      local ??= withConfigFiles(pool.setup.configFiles, () => blockProcessor(pool.setup, opts.rubric));
      const r = await local(msg);
      r.bytes = msg.bytes;
      deliver(r);
    }
  };

  for (;;) {
    while (!eof && fill < target) readMore();
    if (eof) {
      // The rest of the file, whatever it holds (a last row without a line break, an unclosed quote).
      if (fill > 0) await send(fill, true);
      break;
    }
    const cut = cutter.scan(buf.subarray(0, fill));
    if (cut > 0) await send(cut);
    else readMore(); // one row longer than a block: read on until it ends
  }
  while (inFlight > 0) await settle();
  // Read to its end: the same file as when it was opened, or an error (records/fileChange.ts).
  const changed = changedWhileRead(source.file, before, fileState(fstatSync(fd)), filePos);
  if (changed) throw changed;
  source.addFileIssues([...headIssues, ...blanks]);
  // As the one-thread reader warns at its end: places in the mapping that found nothing.
  source.endOfRecords();
  return { filteredOut };
}

/** Worker threads that take blocks and give back results in the order they finish. */
class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly busy: number[] = [];
  private readonly results: BlockResult[] = [];
  private waiting: ((r: BlockResult) => void) | undefined;
  private failure: ((e: Error) => void) | undefined;
  private failed: Error | undefined;

  private setupGiven: WorkerSetup | undefined;

  /** `waiting`: started early, the workers do not keep the process alive until configured. */
  constructor(count: number, waiting = false) {
    for (let i = 0; i < count; i++) {
      const w = new Worker(new URL('./thread.js', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB, maxOldGenerationSizeMb: WORKER_OLD_MB } });
      w.on('message', (r: BlockResult) => {
        this.busy[i]!--;
        if (this.waiting) {
          const resolve = this.waiting;
          this.waiting = undefined;
          this.failure = undefined;
          resolve(r);
        } else this.results.push(r);
      });
      w.on('error', (e) => this.fail(new Error(`internal error in a worker thread: ${e.stack ?? e.message}`)));
      w.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`a worker thread stopped unexpectedly (exit code ${code})`));
      });
      // After the listeners: adding a 'message' listener refs the worker again.
      if (waiting) w.unref();
      this.workers.push(w);
      this.busy.push(0);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** What the workers need to read this export: sent to each before any block (worker.ts). */
  configure(setup: WorkerSetup): void {
    this.setupGiven = setup;
    const msg: SetupMessage = { setup };
    for (const w of this.workers) {
      w.ref();
      w.postMessage(msg);
    }
  }

  get setup(): WorkerSetup {
    if (!this.setupGiven) throw new Error('WorkerPool: configure() first');
    return this.setupGiven;
  }

  private fail(e: Error): void {
    this.failed ??= e;
    const reject = this.failure;
    this.waiting = undefined;
    this.failure = undefined;
    reject?.(e);
  }

  /** Give a block to the least busy worker (its buffers are transferred, not copied). */
  send(msg: BlockMessage): void {
    let best = 0;
    for (let i = 1; i < this.busy.length; i++) if (this.busy[i]! < this.busy[best]!) best = i;
    this.busy[best]!++;
    this.workers[best]!.postMessage(msg, msg.out ? [msg.bytes.buffer as ArrayBuffer, msg.out.buffer as ArrayBuffer] : [msg.bytes.buffer as ArrayBuffer]);
  }

  /** A result that has arrived, if any (without waiting). */
  take(): BlockResult | undefined {
    if (this.failed) throw this.failed;
    return this.results.shift();
  }

  /** The next result to arrive. */
  next(): Promise<BlockResult> {
    if (this.failed) return Promise.reject(this.failed);
    const r = this.results.shift();
    if (r) return Promise.resolve(r);
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failure = reject;
    });
  }

  async close(): Promise<void> {
    this.failed ??= new Error('the worker pool is closed');
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
