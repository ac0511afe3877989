/**
 * Ranking plans for review: one streaming pass over the export; each plan is scored against the
 * rubric, its priority factors evaluated, and the result offered to a bounded binary heap that
 * keeps only the top N. Memory is O(N), not O(plans) (with --top 0, every plan is kept).
 *
 * The order is total and deterministic: higher priority score first, then the earlier final-issue
 * date (the older plan first; a plan with no final-issue date after those with one), then the plan
 * reference ascending (by code unit, independent of locale). References are unique (the source
 * rejects duplicates), so no two plans tie completely.
 */
import { dayNumber } from '../records/dates.js';
import type { PlanSource } from '../records/source.js';
import type { Rubric } from '../rubric/load.js';
import { scorePlan } from '../rubric/score.js';
import { evalContext } from '../rubric/types.js';
import { displayPath } from '../util/paths.js';
import { detach } from '../util/strings.js';
import { attachRejections, heldRejected, type RejectedRecord } from '../records/rejections.js';
import { toolInfo } from '../util/toolInfo.js';
import { compileWhere } from '../audit/where.js';
import { evaluateFactors, priorityScore, type CriterionInfo, type FactorContext, type FactorId, type PriorityWeights } from './factors.js';

export const PRIORITY_SCHEMA_VERSION = 1;

/** One ranked plan: what the lists show. Holds no plan text, and a name only with --show-text. */
export interface PriorityEntry {
  ref: string;
  /** The child's name: only with --show-text. */
  name?: string;
  score: number;
  grade: string;
  /** The plan's rubric score out of 100 (null when not graded). */
  planScore: number | null;
  finalIssued: string | null;
  file: string;
  line: number;
  factors: { id: FactorId; points: number; reason: string }[];
}

export interface PriorityRow extends PriorityEntry {
  rank: number;
  reasons: string[];
}

export interface PriorityReport {
  schemaVersion: number;
  tool: { name: string; version: string };
  kind: 'priority';
  input: {
    file: string;
    format: string;
    encoding: string | null;
    delimiter: string | null;
    mapping: string | null;
    records: {
      read: number;
      /** Plans scored and ranked (= considered). */
      scored: number;
      rejected: number;
      filteredOut: number;
      /** Plans ceased on or before the as-of date: not ranked. */
      ceased: number;
      blankRows: number;
      warnings: number;
    };
    /** The first rejections (all unless there are thousands: records/rejections.ts allRejected). */
    rejected: RejectedRecord[];
  };
  rubric: { id: string; version: string; title: string; files: string[] };
  asOf: string;
  weights: { file: string | null; factors: PriorityWeights };
  where: string[];
  /** Rows asked for; 0 = all. */
  top: number;
  showText: boolean;
  /** Plans ranked: the list is the first `top` of these. */
  considered: number;
  rows: PriorityRow[];
}

/** Negative when `a` ranks before `b`. */
export function comparePriority(a: Pick<PriorityEntry, 'score' | 'finalIssued' | 'ref'>, b: Pick<PriorityEntry, 'score' | 'finalIssued' | 'ref'>): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.finalIssued !== b.finalIssued) {
    if (a.finalIssued === null) return 1;
    if (b.finalIssued === null) return -1;
    return a.finalIssued < b.finalIssued ? -1 : 1;
  }
  return a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0;
}

/**
 * The best `limit` items offered, by `cmp` (negative: the first ranks before the second). A binary
 * heap whose root is the item ranking last among those kept, so a newcomer is compared with the
 * root only. limit 0 keeps everything.
 */
export class TopN<T> {
  private readonly heap: T[] = [];
  /** Items offered so far. */
  offered = 0;

  constructor(
    readonly limit: number,
    private readonly cmp: (a: T, b: T) => number,
  ) {
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`TopN limit must be a whole number >= 0 (got ${limit})`);
  }

  /** Items held now: never more than `limit` (when limit > 0). */
  get size(): number {
    return this.heap.length;
  }

  offer(item: T): void {
    this.offered++;
    const h = this.heap;
    if (this.limit === 0) {
      h.push(item);
      return;
    }
    if (h.length < this.limit) {
      h.push(item);
      this.siftUp(h.length - 1);
    } else if (this.cmp(item, h[0]!) < 0) {
      h[0] = item;
      this.siftDown(0);
    }
  }

  /** The kept items, best first (the heap is left as it is). */
  sorted(): T[] {
    return [...this.heap].sort(this.cmp);
  }

  /** a ranks after b: a belongs nearer the root. */
  private after(a: T, b: T): boolean {
    return this.cmp(a, b) > 0;
  }

  private siftUp(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.after(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private siftDown(i: number): void {
    const h = this.heap;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.after(h[l]!, h[m]!)) m = l;
      if (r < n && this.after(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}

/** Turn ranked entries into numbered rows. */
export function toRows(entries: readonly PriorityEntry[]): PriorityRow[] {
  return entries.map((e, i) => ({ rank: i + 1, ...e, reasons: e.factors.map((f) => f.reason) }));
}

export interface PriorityOptions {
  source: PlanSource;
  rubric: Rubric;
  asOf: string;
  weights: PriorityWeights;
  weightsFile: string | null;
  where: string[];
  /** 0 = all. */
  top: number;
  showText: boolean;
  onProgress?: (read: number, fraction?: number) => void;
  /** Told, once the records are read, of --where values that are not dates. */
  onWarning?: (message: string) => void;
}

export function criterionInfo(rubric: Rubric): Map<string, CriterionInfo> {
  return new Map(rubric.criteria.map((c) => [c.def.id, { title: c.def.title, severity: c.def.severity }]));
}

export async function runPriority(opts: PriorityOptions): Promise<PriorityReport> {
  const { source, rubric, asOf } = opts;
  const asOfDay = dayNumber(asOf);
  const ctx: FactorContext = { asOf, asOfDay, weights: opts.weights, criteria: criterionInfo(rubric) };
  const scoring = evalContext(asOf, source.dateFormat);
  const filter = compileWhere(opts.where, scoring);
  const top = new TopN<PriorityEntry>(opts.top, comparePriority);
  let filteredOut = 0;
  let ceased = 0;
  let n = 0;
  for await (const loaded of source.records()) {
    if (++n % 1000 === 0) opts.onProgress?.(source.stats.read, source.fraction);
    const rec = loaded.record;
    if (filter && !filter(rec)) {
      filteredOut++;
      continue;
    }
    if (rec.dates.ceased !== undefined && rec.dates.ceased <= asOf) {
      ceased++;
      continue;
    }
    const card = scorePlan(rubric, rec, scoring);
    const factors = evaluateFactors(rec, card, ctx);
    // Detached: a value sliced from the export's decoded text would keep that whole piece of the
    // export alive for as long as the entry is held (with --top 0, every plan's).
    top.offer({
      ref: detach(rec.ref),
      ...(opts.showText && rec.child.name !== undefined ? { name: detach(rec.child.name) } : {}),
      score: priorityScore(factors),
      grade: card.grade,
      planScore: card.score,
      finalIssued: detach(rec.dates.finalIssued ?? null),
      file: loaded.pos.file,
      line: loaded.pos.line,
      factors,
    });
  }
  opts.onProgress?.(source.stats.read, source.fraction);
  for (const w of filter?.warnings() ?? []) opts.onWarning?.(w);
  const { path: file, ...how } = source.info();
  const report: PriorityReport = {
    schemaVersion: PRIORITY_SCHEMA_VERSION,
    tool: toolInfo(),
    kind: 'priority',
    input: {
      file,
      ...how,
      records: {
        read: source.stats.read,
        scored: top.offered,
        rejected: source.stats.rejected,
        filteredOut,
        ceased,
        blankRows: source.stats.blankRows,
        warnings: source.stats.warnings,
      },
      rejected: heldRejected(source.rejections),
    },
    rubric: { id: rubric.id, version: rubric.version, title: rubric.title, files: rubric.files.map(displayPath) },
    asOf,
    weights: { file: opts.weightsFile === null ? null : displayPath(opts.weightsFile), factors: opts.weights },
    where: opts.where,
    top: opts.top,
    showText: opts.showText,
    considered: top.offered,
    rows: toRows(top.sorted()),
  };
  attachRejections(report, source.rejections);
  return report;
}
