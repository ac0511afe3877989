/**
 * Messages between the audit's main thread and its worker threads (pool.ts, worker.ts). Plain
 * data only: they are copied between threads (the block's bytes are transferred, not copied).
 */
import type { LoadIssue } from '../../records/model.js';
import type { SourceOptions } from '../../records/source.js';
import type { PlanDigest } from '../digest.js';

/** What a worker needs to read, map and score rows exactly as the main thread would. */
export interface WorkerSetup {
  source: SourceOptions;
  /** The rubric's top file (Rubric.files[0]); the worker loads the same rubric from it. */
  rubricFile: string;
  format: 'csv' | 'jsonl' | 'yaml';
  /** CSV only: what the main thread read from the file's head. */
  csv?: { header: string[]; encoding: 'utf-8' | 'windows-1252' | 'latin1'; delimiter: string };
  asOf: string;
  showText: boolean;
  where: string[];
}

/** Main -> worker: a block of whole records, starting on physical line `startLine`. */
export interface BlockMessage {
  seq: number;
  bytes: Uint8Array;
  startLine: number;
  /**
   * A buffer for the block's plan lines (BlockResult.json), handed back from an earlier block so
   * the lines of every block are written into the same few buffers (transferred, not copied).
   */
  out?: Uint8Array;
}

/** One data row's outcome, in file order. */
export interface RowOutcome {
  line: number;
  /** The plan reference, when the row has one. */
  ref?: string;
  /** Set when the row is rejected: the reasons. */
  rejected?: string[];
  /** Non-fatal issues of an accepted row. */
  warnings?: LoadIssue[];
  /** Left out by --where (after the duplicate check, as in the one-thread reader). */
  filtered?: true;
  /** Left out: the --where expressions (by index) whose extra.<column> value is not a date (RecordFilter.count). */
  unreadable?: number[];
  /** The scored plan (rows that are neither rejected nor filtered out); its JSON line is in BlockResult.json. */
  digest?: Omit<PlanDigest, 'json'> & { jsonEnd: number };
}

/** Worker -> main: the outcomes of one block. */
export interface BlockResult {
  seq: number;
  rows: RowOutcome[];
  /**
   * The scored plans' JSON lines, each as UTF-8 bytes of PLAN_SEP + line, end to end; a
   * digest's line runs from the previous digest's jsonEnd (or 0) to its own.
   */
  json: Uint8Array;
  /** The block's own bytes, handed back for the next block (transferred, not copied). */
  bytes?: Uint8Array;
  /** Blank rows skipped (file-level warnings), in order. */
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
