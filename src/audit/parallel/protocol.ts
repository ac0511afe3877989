/**
 * Messages between the audit's main thread and its worker threads (pool.ts, worker.ts). Plain
 * data only: they are copied between threads (the block's bytes are transferred, not copied).
 */
import type { LoadIssue } from '../../records/model.js';
import type { SourceOptions } from '../../records/source.js';
import type { PlanDigest } from '../digest.js';
import type { PriorityWeights } from '../../priority/factors.js';
import type { RankedPlan } from '../../priority/entry.js';

/** What a worker needs to read, map and score rows exactly as the main thread would. */
export interface WorkerSetup {
  source: SourceOptions;
  /** The rubric's top file (Rubric.files[0]); the worker loads the same rubric from it. */
  rubricFile: string;
  /** The configuration files the main thread read (util/yamlConfig.ts configFilesRead): the worker reads these bytes, not the files. */
  configFiles: [string, Uint8Array][];
  format: 'csv' | 'jsonl' | 'yaml';
  /** CSV only: what the main thread read from the file's head. */
  csv?: { header: string[]; encoding: 'utf-8' | 'windows-1252' | 'latin1'; delimiter: string };
  asOf: string;
  showText: boolean;
  /** false: make no plan lines (RunOptions.plans none). */
  planLines: boolean;
  where: string[];
  /**
   * `priority`: the blocks rank the plans (priority/rank.ts) instead of auditing them; every
   * accepted row comes back as a RowOutcome with `ranked` or `ceased`.
   */
  priority?: { weights: PriorityWeights };
}

/** Main -> worker, first: what the worker needs to read the blocks that follow. */
export interface SetupMessage {
  setup: WorkerSetup;
}

/** Main -> worker: a block of whole records, starting on physical line `startLine`. */
export interface BlockMessage {
  seq: number;
  bytes: Uint8Array;
  startLine: number;
  /** The block ends where the file ends (its last row may be an end-of-file mark: EofMarkFilter). */
  atEnd?: boolean;
  /**
   * A buffer for the block's plan lines (BlockResult.json), handed back from an earlier block so
   * the lines of every block are written into the same few buffers (transferred, not copied).
   */
  out?: Uint8Array;
}

export const ROW_PLAIN = 0;
export const ROW_OTHER = 1;

/** One data row's outcome, in file order, where it is not a plain row (PlainRows). */
export interface RowOutcome {
  line: number;
  /** The plan reference, when the row has one (not sent for a rejected row: its line holds it). */
  ref?: string;
  /**
   * Set when the row is rejected: where its rejection's line (records/rejections.ts
   * rejectionLine) ends in BlockResult.rejections; it starts where the previous one ended (or 0).
   */
  rejectedEnd?: number;
  /** Non-fatal issues of an accepted row. */
  warnings?: LoadIssue[];
  /** Left out by --where (after the duplicate check, as in the one-thread reader). */
  filtered?: true;
  /** Left out: the --where expressions (by index) whose extra.<column> value is not a date (RecordFilter.count). */
  unreadable?: number[];
  /** `priority`: the plan ceased on or before the as-of date, so it is not ranked. */
  ceased?: true;
  /** `priority`: the plan, scored and weighed. */
  ranked?: RankedPlan;
  /** The scored plan (rows that are neither rejected nor filtered out); its JSON line is in BlockResult.json. */
  digest?: Omit<PlanDigest, 'json'> & { jsonEnd: number };
}

/**
 * The plain rows of a block, as columns: rows accepted by the worker with no warnings, not
 * filtered out, and scored (most rows). Numbers go in one Float64Array, STRIDE per row, and the
 * references, the ratings and the strings plans share (grades, breakdown keys) as a few strings:
 * a few hundred objects per block each way, copied between threads, took the main thread 0.1 to
 * 0.25 s of a 100,000-plan audit to rebuild, and its garbage collector more.
 */
export interface PlainRows {
  /** Per plain row: PLAIN_LINE, PLAIN_SCORE (NaN: none), PLAIN_JSON_END, PLAIN_REF_END, PLAIN_GRADE, PLAIN_LIMITED (0 or 1), then the 4 breakdown keys (indexes into `strings`). */
  cols: Float64Array;
  /** The plain rows' references end to end (each ends at its PLAIN_REF_END). */
  refs: string;
  /** The plain rows' ratings end to end: one RATING_CODES character per criterion each. */
  ratings: string;
  /** Grades and breakdown keys, by index. */
  strings: string[];
}

export const PLAIN_LINE = 0;
export const PLAIN_SCORE = 1;
export const PLAIN_JSON_END = 2;
export const PLAIN_REF_END = 3;
export const PLAIN_GRADE = 4;
export const PLAIN_LIMITED = 5;
export const PLAIN_KEYS = 6;
export const PLAIN_STRIDE = 10;

/** Worker -> main: the outcomes of one block. */
export interface BlockResult {
  seq: number;
  /**
   * Each record of the block in file order: ROW_PLAIN (the next row of `plain`) or ROW_OTHER
   * (the next of `rows`).
   */
  kinds: Uint8Array;
  plain: PlainRows;
  /** The other rows' outcomes: rejected, filtered out, or with warnings. */
  rows: RowOutcome[];
  /**
   * The scored plans' JSON lines, each as UTF-8 bytes of PLAN_SEP + line, end to end, in file
   * order; a plan's line runs from the previous scored plan's end (a digest's jsonEnd or a plain
   * row's PLAIN_JSON_END; or 0) to its own.
   */
  json: Uint8Array;
  /**
   * The rejected rows' rejections, as the spool holds them (one JSON line each, end to end, in file
   * order: RowOutcome.rejectedEnd); absent when the block rejected none. Sent as bytes, so an export
   * whose every row is rejected costs the main thread no strings: 1.2 KB of reasons a row, once
   * structured-cloned as strings, made the main thread's heap grow to 130 MB between collections.
   */
  rejections?: Uint8Array;
  /** The block's own bytes, handed back for the next block (transferred, not copied). */
  bytes?: Uint8Array;
  /** Blank rows skipped, and an end-of-file mark (file-level warnings), in order. */
  blanks: LoadIssue[];
  /**
   * A flat YAML/JSON export with a mapping: the mapped keys first found in this thread's records
   * in this block (PlanSource.takeMappedKeys); the main thread warns of those no block found.
   */
  mappedKeys?: string[];
  /** An input fault (invalid UTF-8, a NUL byte) that ends the read after `rows`. */
  inputError?: string;
  /** An unexpected failure in the worker (a bug): the whole audit stops. */
  crash?: string;
}
