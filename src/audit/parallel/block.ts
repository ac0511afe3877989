/**
 * One block of whole records in (CSV rows, JSON Lines, YAML documents), one outcome per record
 * out: decode, parse, map and score, with the same code as the one-thread reader (rowConverter,
 * PlanSource.csvMapper and structuredReader, the YAML and JSON Lines readers, scorePlan, the
 * digest serializer), so the report is the same byte for byte. Run in worker threads (worker.ts)
 * and, between sending blocks, on the main thread too (pool.ts).
 */
import { decodeBlock } from '../../records/csv/decode.js';
import { EofMarkFilter, eofMarkAtRowEndIssue, eofMarkIssue, rowConverter } from '../../records/csv/index.js';
import { CsvTokenizer, type CsvRow } from '../../records/csv/tokenizer.js';
import { readJsonLines, readYaml } from '../../records/loaders/structured.js';
import type { LoadIssue } from '../../records/model.js';
import { rejectionLine } from '../../records/rejections.js';
import { PlanSource, type RecordOutcome } from '../../records/source.js';
import { loadRubric, type Rubric } from '../../rubric/load.js';
import { scorePlan } from '../../rubric/score.js';
import { evalContext } from '../../rubric/types.js';
import { PlanSerializer, type PlanDigest } from '../digest.js';
import { PLAN_SEP } from '../planStore.js';
import { InputError } from '../../util/errors.js';
import { detach } from '../../util/strings.js';
import { compileWhere } from '../where.js';
import { hasCeased, rankPlan, ranker } from '../../priority/entry.js';
import { PLAIN_GRADE, PLAIN_JSON_END, PLAIN_KEYS, PLAIN_LIMITED, PLAIN_LINE, PLAIN_REF_END, PLAIN_SCORE, PLAIN_STRIDE, ROW_OTHER, ROW_PLAIN, type BlockMessage, type BlockResult, type RowOutcome, type WorkerSetup } from './protocol.js';

export type BlockProcessor = (msg: BlockMessage) => Promise<BlockResult>;

/** A block processor for `setup`; `rubric` saves loading it again where it is at hand. */
export function blockProcessor(setup: WorkerSetup, rubric: Rubric = loadRubric(setup.rubricFile)): BlockProcessor {
  const source = new PlanSource(setup.source);
  const file = source.file;
  const ctx = evalContext(setup.asOf, source.dateFormat);
  const filter = compileWhere(setup.where, ctx);
  const serializer = new PlanSerializer(rubric, setup.showText, setup.planLines);
  const csv = setup.csv;
  const readRow = csv ? source.csvReader(csv.header) : undefined;
  const readItem = csv ? undefined : source.structuredReader();
  // `priority` (audit/run.ts is not the only reader of large files): rank each plan instead.
  const rank = setup.priority ? ranker(rubric, setup.asOf, setup.priority.weights, setup.showText, source.dateFormat) : undefined;

  /** A record read: rejected, or accepted (before the main thread's duplicate check) and filtered out or scored. */
  const outcome = (o: RecordOutcome, out: Outcomes): void => {
    if (o.rejected) {
      out.other({ line: o.line, rejectedEnd: out.rejection(rejectionLine({ file, line: o.line, ...(o.ref ? { ref: o.ref } : {}), reasons: o.rejected })) });
      return;
    }
    const record = o.record!;
    // The outcome outlives the record, until the whole block is sent: text sliced from the
    // export (the reference, the breakdown keys) is copied, or it would keep each 64 KiB piece of
    // the block's text alive, to be promoted and copied by every garbage collection meanwhile.
    const ref = detach(record.ref);
    const warnings = o.warnings!;
    if (filter && !filter(record)) {
      const row: RowOutcome = { line: o.line, ref, filtered: true };
      if (warnings.length > 0) row.warnings = warnings;
      // Counted by the main thread if the record is accepted (not a duplicate), as in one thread.
      const unreadable = filter.lastUnreadable();
      if (unreadable) row.unreadable = [...unreadable];
      out.other(row);
      return;
    }
    if (rank) {
      const row: RowOutcome = { line: o.line, ref, ...(warnings.length > 0 ? { warnings } : {}) };
      if (hasCeased(record, setup.asOf)) row.ceased = true;
      else row.ranked = rankPlan(record, rank);
      out.other(row);
      return;
    }
    const { json, ...figures } = serializer.digest(record, file, o.line, scorePlan(rubric, record, ctx));
    const jsonEnd = setup.planLines ? out.lines.add(PLAN_SEP + json) : out.lines.end;
    if (warnings.length === 0) {
      out.plain(o.line, ref, figures, jsonEnd);
      return;
    }
    const [a, b, c, d] = figures.keys;
    out.other({ line: o.line, ref, warnings, digest: { ...figures, ref, keys: [detach(a), detach(b), detach(c), detach(d)], jsonEnd } });
  };

  function csvBlock(msg: BlockMessage, out: Outcomes, blanks: LoadIssue[]): InputError | undefined {
    const { texts, error } = decodeBlock(msg.bytes, csv!.encoding, file, msg.startLine);
    const tok = new CsvTokenizer({ delimiter: csv!.delimiter, startLine: msg.startLine });
    const convert = rowConverter(file, csv!.header, (issue) => blanks.push(issue), csv!.delimiter);
    // Each piece's rows are scored before the next piece is tokenized, as the one-thread reader
    // streams them: a block's rows all tokenized first lived long enough to be promoted, and
    // garbage collection took three times as long (about 1 s a thread on 100,000 plans).
    const score = (batch: CsvRow[]): void => {
      for (const raw of batch) {
        const row = convert(raw);
        if (row) outcome(readRow!(row), out);
      }
    };
    // The file's last row, when it is only a Ctrl-Z, is an end-of-file mark: skipped with a
    // warning, as the one-thread reader skips it (a block knows it holds that row by `atEnd`).
    const marks = new EofMarkFilter(
      (r) => blanks.push(eofMarkIssue(file, r.line)),
      (r) => blanks.push(eofMarkAtRowEndIssue(file, r.endLine)),
    );
    for (const text of texts) score(marks.pass(tok.push(text)));
    // A block ends after a row's line break, so end() adds a row only for the file's last line
    // (no final line break) or an unclosed quote. After an input fault the partial row is
    // dropped, as the one-thread reader drops it.
    if (!error) score(marks.pass(tok.end()));
    score(marks.finish(!error && msg.atEnd === true));
    return error;
  }

  async function structuredBlock(msg: BlockMessage, out: Outcomes): Promise<void> {
    const bytes = (async function* () {
      yield msg.bytes;
    })();
    const items = setup.format === 'yaml' ? readYaml(file, bytes, msg.startLine, source.yamlScalars) : readJsonLines(file, bytes, msg.startLine);
    for await (const item of items) {
      outcome(readItem!(item), out);
    }
  }

  return async (msg: BlockMessage): Promise<BlockResult> => {
    const blanks: LoadIssue[] = [];
    const out = new Outcomes(new LineBytes(msg.bytes.length, msg.out));
    let inputError: string | undefined;
    try {
      if (csv) inputError = csvBlock(msg, out, blanks)?.message;
      else await structuredBlock(msg, out);
    } catch (e) {
      // An input fault (invalid UTF-8, an alias bomb) ends the read after the rows before it.
      if (e instanceof InputError) inputError = e.message;
      else return { ...new Outcomes(new LineBytes(0)).result(msg.seq), blanks: [], crash: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    const mappedKeys = readItem ? source.takeMappedKeys() : [];
    return {
      ...out.result(msg.seq),
      blanks,
      ...(mappedKeys.length > 0 ? { mappedKeys } : {}),
      ...(inputError !== undefined ? { inputError } : {}),
    };
  };
}

/** A block's outcomes as they are read: BlockResult's kinds, plain rows, other rows and plan lines. */
class Outcomes {
  private kinds = new Uint8Array(512);
  private count = 0;
  private cols = new Float64Array(512 * PLAIN_STRIDE);
  private plainCount = 0;
  private refs = '';
  private ratings = '';
  /** Grades and breakdown keys, each copied once per block (they repeat: a few phases, needs, settings, districts). */
  private readonly strings: string[] = [];
  private readonly stringIndex = new Map<string, number>();
  private readonly rows: RowOutcome[] = [];
  /** The rejected rows' lines, made at the first rejection. */
  private rejections: LineBytes | undefined;

  constructor(readonly lines: LineBytes) {}

  /** Adds a rejected row's line (rejectionLine); returns where it ends (RowOutcome.rejectedEnd). */
  rejection(line: string): number {
    return (this.rejections ??= new LineBytes(0)).add(line);
  }

  private kind(k: number): void {
    if (this.count === this.kinds.length) {
      const bigger = new Uint8Array(this.kinds.length * 2);
      bigger.set(this.kinds);
      this.kinds = bigger;
    }
    this.kinds[this.count++] = k;
  }

  private str(s: string): number {
    let i = this.stringIndex.get(s);
    if (i === undefined) {
      i = this.strings.length;
      // Keyed by the copy: a key sliced from the block's text would keep its piece alive.
      const copy = detach(s);
      this.strings.push(copy);
      this.stringIndex.set(copy, i);
    }
    return i;
  }

  other(row: RowOutcome): void {
    this.kind(ROW_OTHER);
    this.rows.push(row);
  }

  /** A scored row with no warnings; `ref` already detached. */
  plain(line: number, ref: string, d: Omit<PlanDigest, 'json'>, jsonEnd: number): void {
    this.kind(ROW_PLAIN);
    let o = this.plainCount++ * PLAIN_STRIDE;
    if (o + PLAIN_STRIDE > this.cols.length) {
      const bigger = new Float64Array(this.cols.length * 2);
      bigger.set(this.cols);
      this.cols = bigger;
    }
    this.refs += ref;
    this.ratings += d.ratings;
    const c = this.cols;
    c[o + PLAIN_LINE] = line;
    c[o + PLAIN_SCORE] = d.score === null ? NaN : d.score;
    c[o + PLAIN_JSON_END] = jsonEnd;
    c[o + PLAIN_REF_END] = this.refs.length;
    c[o + PLAIN_GRADE] = this.str(d.grade);
    c[o + PLAIN_LIMITED] = d.limited ? 1 : 0;
    o += PLAIN_KEYS;
    for (const k of d.keys) c[o++] = this.str(k);
  }

  result(seq: number): Pick<BlockResult, 'seq' | 'kinds' | 'plain' | 'rows' | 'json' | 'rejections'> {
    return {
      seq,
      kinds: this.kinds.slice(0, this.count),
      plain: { cols: this.cols.slice(0, this.plainCount * PLAIN_STRIDE), refs: this.refs, ratings: this.ratings, strings: this.strings },
      rows: this.rows,
      json: this.lines.buf.subarray(0, this.lines.end),
      ...(this.rejections ? { rejections: this.rejections.buf.subarray(0, this.rejections.end) } : {}),
    };
  }
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

