/**
 * One block of whole records in (CSV rows, JSON Lines, YAML documents), one outcome per record
 * out: decode, parse, map and score, with the same code as the one-thread reader (rowConverter,
 * PlanSource.csvMapper and structuredReader, the YAML and JSON Lines readers, scorePlan, the
 * digest serializer), so the report is the same byte for byte. Run in worker threads (worker.ts)
 * and, between sending blocks, on the main thread too (pool.ts).
 */
import { decodeBlock } from '../../records/csv/decode.js';
import { rowConverter } from '../../records/csv/index.js';
import { CsvTokenizer } from '../../records/csv/tokenizer.js';
import { dayNumber } from '../../records/dates.js';
import { readJsonLines, readYaml } from '../../records/loaders/structured.js';
import type { LoadIssue, PlanRecord } from '../../records/model.js';
import { PlanSource } from '../../records/source.js';
import { loadRubric, type Rubric } from '../../rubric/load.js';
import { scorePlan } from '../../rubric/score.js';
import { PlanSerializer } from '../digest.js';
import { PLAN_SEP } from '../planStore.js';
import { InputError } from '../../util/errors.js';
import { compileWhere } from '../where.js';
import type { BlockMessage, BlockResult, RowOutcome, WorkerSetup } from './protocol.js';

export type BlockProcessor = (msg: BlockMessage) => Promise<BlockResult>;

/** A block processor for `setup`; `rubric` saves loading it again where it is at hand. */
export function blockProcessor(setup: WorkerSetup, rubric: Rubric = loadRubric(setup.rubricFile)): BlockProcessor {
  const source = new PlanSource(setup.source);
  const file = source.file;
  const ctx = { asOf: setup.asOf, asOfDay: dayNumber(setup.asOf) };
  const filter = compileWhere(setup.where);
  const serializer = new PlanSerializer(rubric, setup.showText);
  const csv = setup.csv;
  const mapper = csv ? source.csvMapper(csv.header) : undefined;
  const readItem = csv ? undefined : source.structuredReader();

  /** An accepted record (before the main thread's duplicate check): filtered out, or scored. */
  const outcome = (record: PlanRecord, line: number, warnings: LoadIssue[], lines: LineBytes): RowOutcome => {
    const out: RowOutcome = { line, ref: record.ref };
    if (warnings.length > 0) out.warnings = warnings;
    if (filter && !filter(record)) out.filtered = true;
    else {
      const { json, ...figures } = serializer.digest(record, file, line, scorePlan(rubric, record, ctx));
      out.digest = { ...figures, jsonEnd: lines.add(PLAN_SEP + json) };
    }
    return out;
  };

  function csvBlock(msg: BlockMessage, rows: RowOutcome[], blanks: LoadIssue[], lines: LineBytes): InputError | undefined {
    const { text, error } = decodeBlock(msg.bytes, csv!.encoding, file, msg.startLine);
    const tok = new CsvTokenizer({ delimiter: csv!.delimiter, startLine: msg.startLine });
    const tokenized = tok.push(text);
    // A block ends after a row's line break, so end() adds a row only for the file's last line
    // (no final line break) or an unclosed quote. After an input fault the partial row is
    // dropped, as the one-thread reader drops it.
    if (!error) for (const r of tok.end()) tokenized.push(r);
    const convert = rowConverter(file, csv!.header, (issue) => blanks.push(issue));
    for (const raw of tokenized) {
      const row = convert(raw);
      if (!row) continue;
      const fatal = row.issues.filter((i) => i.fatal);
      if (fatal.length > 0) {
        rows.push({ line: row.line, rejected: fatal.map((i) => i.message) });
        continue;
      }
      const { record, problems } = mapper!(row.fields);
      const bad = problems.filter((p) => p.fatal);
      if (bad.length > 0) {
        rows.push({ line: row.line, rejected: bad.map((p) => p.message), ...(record.ref ? { ref: record.ref } : {}) });
        continue;
      }
      const warnings = [
        ...row.issues,
        ...problems.map((p) => ({ file, line: row.line, column: p.column, field: p.field, code: p.code, message: p.message, fatal: false })),
      ];
      rows.push(outcome(record, row.line, warnings, lines));
    }
    return error;
  }

  async function structuredBlock(msg: BlockMessage, rows: RowOutcome[], lines: LineBytes): Promise<void> {
    const bytes = (async function* () {
      yield msg.bytes;
    })();
    const items = setup.format === 'yaml' ? readYaml(file, bytes, msg.startLine) : readJsonLines(file, bytes, msg.startLine);
    for await (const item of items) {
      const o = readItem!(item);
      if (o.rejected) rows.push({ line: o.line, rejected: o.rejected, ...(o.ref ? { ref: o.ref } : {}) });
      else rows.push(outcome(o.record!, o.line, o.warnings!, lines));
    }
  }

  return async (msg: BlockMessage): Promise<BlockResult> => {
    const rows: RowOutcome[] = [];
    const blanks: LoadIssue[] = [];
    const lines = new LineBytes(msg.bytes.length);
    let inputError: string | undefined;
    try {
      if (csv) inputError = csvBlock(msg, rows, blanks, lines)?.message;
      else await structuredBlock(msg, rows, lines);
    } catch (e) {
      // An input fault (invalid UTF-8, an alias bomb) ends the read after the rows before it.
      if (e instanceof InputError) inputError = e.message;
      else return { seq: msg.seq, rows: [], json: new Uint8Array(0), blanks: [], crash: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    return { seq: msg.seq, rows, json: lines.buf.subarray(0, lines.end), blanks, ...(inputError !== undefined ? { inputError } : {}) };
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
  /** `expect`: about how many bytes the lines will take (a block's plan lines: less than its own size). */
  constructor(expect: number) {
    this.buf = Buffer.allocUnsafeSlow(Math.max(64 << 10, expect));
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

