/**
 * The records an export's reading rejected, each with its file, line and reasons: every one is
 * reported (nothing is lost), but they are not all held in memory. The first `memoryLimit` are;
 * past that every rejection is spooled to a temporary file as a JSON line and read back when a
 * report lists them. An export whose every row is rejected (a date format set wrongly in the
 * mapping, say) has as many rejections as plans, about 1.2 KB each with their reasons: 100,000
 * such rows held 1.28 GB at an audit's peak before, most of it the export's text kept alive.
 */
import { Spool } from '../util/spool.js';
import { detach } from '../util/strings.js';

export interface Rejection {
  file: string;
  line: number;
  ref?: string;
  reasons: string[];
}

/** Rejections held in memory before the rest are spooled (the text reports list these). */
export const REJECTIONS_IN_MEMORY = 5_000;

/**
 * A rejection as the spool holds it: one JSON line (keys file, line, ref when there is one,
 * reasons), ended by a line break. Made here for the rejections this thread finds, and by the
 * worker threads for theirs (audit/parallel/block.ts), which send the lines as bytes.
 */
export function rejectionLine(r: Rejection): string {
  return `${JSON.stringify({ file: r.file, line: r.line, ...(r.ref ? { ref: r.ref } : {}), reasons: r.reasons })}\n`;
}

const fromUtf8 = new TextDecoder();

export class RejectionLog implements Iterable<Rejection> {
  private readonly kept: Rejection[] = [];
  /** The rejections past `memoryLimit`, a JSON line each. */
  private spool: Spool | undefined;
  private count = 0;

  constructor(private readonly memoryLimit = REJECTIONS_IN_MEMORY) {}

  /** How many records were rejected. */
  get length(): number {
    return this.count;
  }

  /** True when some rejections are in the spool: `held` is not all of them. */
  get spooled(): boolean {
    return this.spool !== undefined;
  }

  /** The first rejections, at most `memoryLimit` of them (all of them when not spooled). */
  get held(): readonly Rejection[] {
    return this.kept;
  }

  push(r: Rejection): void {
    this.count++;
    if (this.kept.length < this.memoryLimit) {
      // Kept past the record, so detached: a reference sliced from the export's decoded text would
      // keep that whole piece of it alive, and a reason built by concatenation holds its parts.
      this.kept.push({ file: r.file, line: r.line, ...(r.ref ? { ref: detach(r.ref) } : {}), reasons: r.reasons.map((x) => detach(x)) });
      return;
    }
    // Written out at once: nothing is kept, so nothing is copied.
    (this.spool ??= new Spool('rejected')).text(rejectionLine(r));
  }

  /**
   * A rejection as its line's UTF-8 bytes (rejectionLine), from a worker thread: past the first
   * `memoryLimit` copied to the spool as they are, with no string made of them in this thread.
   */
  pushLine(bytes: Uint8Array): void {
    this.count++;
    if (this.kept.length < this.memoryLimit) {
      this.kept.push(JSON.parse(fromUtf8.decode(bytes)) as Rejection);
      return;
    }
    (this.spool ??= new Spool('rejected')).bytes(bytes);
  }

  /** Every rejection, in the order they were pushed (spooled ones read back from disk). */
  *[Symbol.iterator](): Generator<Rejection> {
    yield* this.kept;
    if (this.spool === undefined) return;
    // One JSON line each, the last ended by a line break too (so the last part is empty).
    for (const line of this.spool.split('\n')) if (line !== '') yield JSON.parse(line) as Rejection;
  }

  find(test: (r: Rejection) => boolean): Rejection | undefined {
    for (const r of this) if (test(r)) return r;
    return undefined;
  }

  /** Delete the spool (also done when the process exits). */
  close(): void {
    this.spool?.close();
    this.spool = undefined;
  }
}

/** A rejection as reports print it (the JSON's `input.rejected` entries). */
export interface RejectedRecord {
  file: string;
  line: number;
  ref: string | null;
  reasons: string[];
}

export function rejectedRecord(r: Rejection): RejectedRecord {
  return { file: r.file, line: r.line, ref: r.ref ?? null, reasons: r.reasons };
}

/** A report's `input.rejected`: the rejections held in memory (all of them unless spooled). */
export function heldRejected(log: RejectionLog): RejectedRecord[] {
  return log.held.map(rejectedRecord);
}

const LOGS = new WeakMap<object, RejectionLog>();

/** Attach the whole log to a report whose `input.rejected` holds only the first rejections. */
export function attachRejections(report: object, log: RejectionLog): void {
  if (log.spooled) LOGS.set(report, log);
}

/** Every rejection of a report (audit or priority), whether held in memory or spooled. */
export function* allRejected(report: { input: { rejected: readonly RejectedRecord[] } }): Generator<RejectedRecord> {
  const log = LOGS.get(report);
  if (!log) {
    yield* report.input.rejected;
    return;
  }
  for (const r of log) yield rejectedRecord(r);
}

/** How many rejections a report lists in `input.rejected` fewer than it has (0 unless spooled). */
export function rejectedNotListed(report: { input: { rejected: readonly unknown[]; records: { rejected: number } } }): number {
  return report.input.records.rejected - report.input.rejected.length;
}

/** What the text reports say under a list of rejections that holds only the first of them. */
export function rejectedNote(report: { input: { rejected: readonly unknown[]; records: { rejected: number } } }): string {
  return `The first ${report.input.rejected.length} are listed here; the JSON report (-f json:FILE) and 'ehcp-audit validate' list all ${report.input.records.rejected}.`;
}
