/**
 * One block of whole records in (CSV rows, JSON Lines, YAML documents), one outcome per record
 * out: decode, parse, map and score, with the same code as the one-thread reader (rowConverter,
 * PlanSource.csvMapper and structuredReader, the YAML and JSON Lines readers, scorePlan, the
 * digest serializer), so the report is the same byte for byte. Run in worker threads (worker.ts)
 * and, between sending blocks, on the main thread too (pool.ts).
 */
import { decodeBlock } from '../../records/csv/decode.js';
import { rowConverter } from '../../records/csv/index.js';
import { CsvTokenizer, type CsvRow } from '../../records/csv/tokenizer.js';
import { readJsonLines, readYaml } from '../../records/loaders/structured.js';
import type { LoadIssue } from '../../records/model.js';
import { PlanSource, type RecordOutcome } from '../../records/source.js';
import { loadRubric, type Rubric } from '../../rubric/load.js';
import { scorePlan } from '../../rubric/score.js';
import { evalContext } from '../../rubric/types.js';
import { PlanSerializer } from '../digest.js';
import { PLAN_SEP } from '../planStore.js';
import { InputError } from '../../util/errors.js';
import { detach } from '../../util/strings.js';
import { compileWhere } from '../where.js';
import type { BlockMessage, BlockResult, RowOutcome, WorkerSetup } from './protocol.js';

/** Distinct breakdown keys kept for sharing; past that, each is copied (an export keyed by something unique). */
const MAX_KEY_COPIES = 10_000;

export type BlockProcessor = (msg: BlockMessage) => Promise<BlockResult>;

/** A block processor for `setup`; `rubric` saves loading it again where it is at hand. */
export function blockProcessor(setup: WorkerSetup, rubric: Rubric = loadRubric(setup.rubricFile)): BlockProcessor {
  const source = new PlanSource(setup.source);
  const file = source.file;
  const ctx = evalContext(setup.asOf, source.dateFormat);
  const filter = compileWhere(setup.where, ctx);
  const serializer = new PlanSerializer(rubric, setup.showText);
  const csv = setup.csv;
  const readRow = csv ? source.csvReader(csv.header) : undefined;
  const readItem = csv ? undefined : source.structuredReader();
  // Breakdown keys repeat (a few phases, needs, setting types, districts): one detached copy of
  // each is kept and shared, rather than a copy per plan for the collector to move.
  const keyCopies = new Map<string, string>();
  const key = (k: string): string => {
    let copy = keyCopies.get(k);
    if (copy === undefined) {
      copy = detach(k);
      if (keyCopies.size < MAX_KEY_COPIES) keyCopies.set(copy, copy);
    }
    return copy;
  };

  /** A record read: rejected, or accepted (before the main thread's duplicate check) and filtered out or scored. */
  const outcome = (o: RecordOutcome, lines: LineBytes): RowOutcome => {
    if (o.rejected) return { line: o.line, rejected: o.rejected, ...(o.ref ? { ref: o.ref } : {}) };
    const record = o.record!;
    // The outcome outlives the record, until the whole block is sent: text sliced from the
    // export (the reference, the breakdown keys) is copied, or it would keep each 64 KiB piece of
    // the block's text alive, to be promoted and copied by every garbage collection meanwhile.
    const ref = detach(record.ref);
    const out: RowOutcome = { line: o.line, ref };
    if (o.warnings!.length > 0) out.warnings = o.warnings!;
    if (filter && !filter(record)) {
      out.filtered = true;
      // Counted by the main thread if the record is accepted (not a duplicate), as in one thread.
      const unreadable = filter.lastUnreadable();
      if (unreadable) out.unreadable = [...unreadable];
    } else {
      const { json, ...figures } = serializer.digest(record, file, o.line, scorePlan(rubric, record, ctx));
      const [a, b, c, d] = figures.keys;
      out.digest = { ...figures, ref, keys: [key(a), key(b), key(c), key(d)], jsonEnd: lines.add(PLAN_SEP + json) };
    }
    return out;
  };

  function csvBlock(msg: BlockMessage, rows: RowOutcome[], blanks: LoadIssue[], lines: LineBytes): InputError | undefined {
    const { texts, error } = decodeBlock(msg.bytes, csv!.encoding, file, msg.startLine);
    const tok = new CsvTokenizer({ delimiter: csv!.delimiter, startLine: msg.startLine });
    const convert = rowConverter(file, csv!.header, (issue) => blanks.push(issue));
    // Each piece's rows are scored before the next piece is tokenized, as the one-thread reader
    // streams them: a block's rows all tokenized first lived long enough to be promoted, and
    // garbage collection took three times as long (about 1 s a thread on 100,000 plans).
    const score = (batch: CsvRow[]): void => {
      for (const raw of batch) {
        const row = convert(raw);
        if (row) rows.push(outcome(readRow!(row), lines));
      }
    };
    for (const text of texts) score(tok.push(text));
    // A block ends after a row's line break, so end() adds a row only for the file's last line
    // (no final line break) or an unclosed quote. After an input fault the partial row is
    // dropped, as the one-thread reader drops it.
    if (!error) score(tok.end());
    return error;
  }

  async function structuredBlock(msg: BlockMessage, rows: RowOutcome[], lines: LineBytes): Promise<void> {
    const bytes = (async function* () {
      yield msg.bytes;
    })();
    const items = setup.format === 'yaml' ? readYaml(file, bytes, msg.startLine) : readJsonLines(file, bytes, msg.startLine);
    for await (const item of items) {
      rows.push(outcome(readItem!(item), lines));
    }
  }

  return async (msg: BlockMessage): Promise<BlockResult> => {
    const rows: RowOutcome[] = [];
    const blanks: LoadIssue[] = [];
    const lines = new LineBytes(msg.bytes.length, msg.out);
    let inputError: string | undefined;
    try {
      if (csv) inputError = csvBlock(msg, rows, blanks, lines)?.message;
      else await structuredBlock(msg, rows, lines);
    } catch (e) {
      // An input fault (invalid UTF-8, an alias bomb) ends the read after the rows before it.
      if (e instanceof InputError) inputError = e.message;
      else return { seq: msg.seq, rows: [], json: new Uint8Array(0), blanks: [], crash: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    const mappedKeys = readItem ? source.takeMappedKeys() : [];
    return {
      seq: msg.seq,
      rows,
      json: lines.buf.subarray(0, lines.end),
      blanks,
      ...(mappedKeys.length > 0 ? { mappedKeys } : {}),
      ...(inputError !== undefined ? { inputError } : {}),
    };
  };
}

/**
 * The block's plan lines as UTF-8, end to end: encoded here as each plan is scored, not on the
 * main thread. (Gathering the lines and encoding them in one go was slower: the lines then live
 * long enough to be promoted, and garbage collection doubled.)
 */
class LineBytes {
  buf: Buffer;
  end = 0;
  /**
   * `expect`: about how many bytes the lines will take (a block's plan lines: less than its own
   * size). `reuse`: a buffer from an earlier block, used when it is big enough.
   */
  constructor(expect: number, reuse?: Uint8Array) {
    const size = Math.max(64 << 10, expect);
    this.buf = reuse && reuse.buffer.byteLength >= size ? Buffer.from(reuse.buffer, 0, reuse.buffer.byteLength) : Buffer.allocUnsafeSlow(size);
  }
  /** Adds a line; returns the byte offset where it ends. */
  add(text: string): number {
    if (this.end + text.length * 3 > this.buf.length && this.end + Buffer.byteLength(text) > this.buf.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.end + text.length * 3));
      this.buf.copy(bigger, 0, 0, this.end);
      this.buf = bigger;
    }
    this.end += this.buf.write(text, this.end, 'utf8');
    return this.end;
  }
}

