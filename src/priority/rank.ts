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
import { AuditAggregate } from '../audit/aggregate.js';
import { keepPrestarted, threadedSize } from '../audit/run.js';
import type { FieldPath } from '../records/mapping/schema.js';
import type { PlanSource } from '../records/source.js';
import type { Rubric } from '../rubric/load.js';
import { displayPath } from '../util/paths.js';
import { rubricRecord, type RubricRecord } from '../audit/rubricRecord.js';
import { attachRejections, heldRejected, type RejectedRecord } from '../records/rejections.js';
import { toolInfo } from '../util/toolInfo.js';
import { compileWhere, extraColumnsRead, refuseHiddenFilters, rubricExtraColumns, whereNeeds } from '../audit/where.js';
import { unmetNeeds } from '../records/fieldNeeds.js';
import { FACTORS, type PriorityWeights } from './factors.js';
import { hasCeased, priorityEntry, rankPlan, ranker, type PriorityEntry } from './entry.js';
import { SpilledSort } from './spilledSort.js';
import { BinaryHeap } from '../util/heap.js';

export { criterionInfo, type PriorityEntry } from './entry.js';

export const PRIORITY_SCHEMA_VERSION = 1;

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
  rubric: RubricRecord;
  asOf: string;
  weights: { file: string | null; factors: PriorityWeights };
  where: string[];
  /** Rows asked for; 0 = all. */
  top: number;
  showText: boolean;
  /** Plans ranked: the list is the first `top` of these. */
  considered: number;
  /**
   * The list. When every plan is listed (--top 0) and there are more than LIST_HELD, only the
   * first LIST_HELD are here: priorityRows(report) gives them all (read back from disk).
   */
  rows: PriorityRow[];
}

/** Rows of a list of every plan held in memory; past this many the list is spilled to disk. */
export const LIST_HELD = 20_000;

/** A list of every plan too long to hold: its length, whether any row has a name, and its rows in order. */
interface SpilledList {
  count: number;
  names: boolean;
  rows: () => Iterable<PriorityRow>;
}
const spilledLists = new WeakMap<PriorityReport, SpilledList>();

/** Every row of the list, in order (from disk when the list was too long to hold: LIST_HELD). */
export function priorityRows(r: PriorityReport): Iterable<PriorityRow> {
  return spilledLists.get(r)?.rows() ?? r.rows;
}

/** How many rows the list has (priorityRows' length). */
export function listedCount(r: PriorityReport): number {
  return spilledLists.get(r)?.count ?? r.rows.length;
}

/** Whether some row of the list carries a child's name (--show-text). */
export function listsNames(r: PriorityReport): boolean {
  const spilled = spilledLists.get(r);
  return r.showText && (spilled ? spilled.names : r.rows.some((x) => x.name !== undefined));
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
  /** The root is the item ranking last among those kept, so a newcomer is compared with it only. */
  private readonly heap: BinaryHeap<T>;
  /** Items offered so far. */
  offered = 0;

  constructor(
    readonly limit: number,
    private readonly cmp: (a: T, b: T) => number,
  ) {
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`TopN limit must be a whole number >= 0 (got ${limit})`);
    this.heap = new BinaryHeap((a, b) => cmp(a, b) > 0);
  }

  /** Items held now: never more than `limit` (when limit > 0). */
  get size(): number {
    return this.heap.size;
  }

  offer(item: T): void {
    this.offered++;
    if (this.limit === 0 || this.heap.size < this.limit) this.heap.push(item);
    else if (this.cmp(item, this.heap.peek()!) < 0) this.heap.replaceRoot(item);
  }

  /** The kept items, best first (the heap is left as it is). */
  sorted(): T[] {
    return [...this.heap.items()].sort(this.cmp);
  }
}

/** A ranked entry as the list's row `rank` (1 first). */
function toRow(e: PriorityEntry, rank: number): PriorityRow {
  return { rank, ...e, reasons: e.factors.map((f) => f.reason) };
}

/** Turn ranked entries into numbered rows. */
export function toRows(entries: readonly PriorityEntry[]): PriorityRow[] {
  return entries.map((e, i) => toRow(e, i + 1));
}

function* numbered(entries: Iterable<PriorityEntry>, limit = Infinity): Generator<PriorityRow> {
  let rank = 0;
  for (const e of entries) {
    if (rank >= limit) return;
    yield toRow(e, ++rank);
  }
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
  /** Threads for a large file (as audit's --jobs); 1, the default, reads in this thread. */
  jobs?: number;
  /** Rows of a list of every plan held before it is spilled to disk (tests lower it; default EHCP_AUDIT_LIST_HELD, else LIST_HELD). */
  listHeld?: number;
}

/** The fields each factor the weights switch on reads (records/fieldNeeds.ts). */
function factorNeeds(weights: PriorityWeights): { what: string; fields: readonly FieldPath[]; effect: string }[] {
  return FACTORS.flatMap((f) => {
    const weight = (weights[f.id] as { weight?: number }).weight;
    if (weight !== undefined && weight <= 0) return [];
    return (f.needs ?? [])
      .filter((n) => n.used?.(weights) ?? true)
      .map((n) => ({ what: `the priority factor "${f.label}"${n.part ? ` (${n.part})` : ''}`, fields: n.fields, effect: n.effect ?? 'no plan gets its points' }));
  });
}

export async function runPriority(opts: PriorityOptions): Promise<PriorityReport> {
  const { source, rubric, asOf } = opts;
  const rank = ranker(rubric, asOf, opts.weights, opts.showText, source.dateFormat);
  refuseHiddenFilters(opts.where, opts.showText);
  const filter = compileWhere(opts.where, rank.scoring);
  source.requireExtraColumns([...extraColumnsRead(opts.where), ...rubricExtraColumns(rubric)]);
  // The top N in a heap; every plan (--top 0) in runs spilled to disk past LIST_HELD (spilledSort.ts).
  const env = Number(process.env.EHCP_AUDIT_LIST_HELD);
  const held = opts.listHeld ?? (Number.isInteger(env) && env >= 1 ? env : LIST_HELD);
  const top = opts.top > 0 ? new TopN<PriorityEntry>(opts.top, comparePriority) : new SpilledSort<PriorityEntry>(comparePriority, held);
  let named = false;
  const offer = (e: PriorityEntry) => {
    if (e.name !== undefined) named = true;
    top.offer(e);
  };
  let filteredOut = 0;
  let ceased = 0;
  let n = 0;
  const jobs = opts.jobs ?? 1;
  // A large file is read by worker threads, as `audit` reads it (audit/parallel/): they rank the
  // plans, and this thread takes the entries in file order, so the list is the same.
  const threaded = threadedSize(source.opts.file, source.format, jobs) !== undefined;
  await keepPrestarted(threaded);
  const parallel = threaded
    ? await (await import('../audit/parallel/pool.js')).auditInParallel({
        source,
        rubric,
        agg: new AuditAggregate(rubric, { showText: false, plans: 'none' }),
        asOf,
        showText: opts.showText,
        planLines: false,
        where: opts.where,
        ...(filter ? { filter } : {}),
        jobs,
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
        priority: {
          weights: opts.weights,
          onRanked: (ref, line, plan) => offer(priorityEntry(ref, plan, source.file, line)),
          onCeased: () => ceased++,
        },
      })
    : undefined;
  if (parallel) filteredOut = parallel.filteredOut;
  else {
    for await (const loaded of source.records()) {
      if (++n % 1000 === 0) opts.onProgress?.(source.stats.read, source.fraction);
      const rec = loaded.record;
      if (filter && !filter(rec)) {
        filteredOut++;
        continue;
      }
      if (hasCeased(rec, asOf)) {
        ceased++;
        continue;
      }
      offer(priorityEntry(rec.ref, rankPlan(rec, rank), loaded.pos.file, loaded.pos.line));
    }
  }
  opts.onProgress?.(source.stats.read, source.fraction);
  for (const w of filter?.warnings() ?? []) opts.onWarning?.(w);
  for (const u of unmetNeeds(source, [...factorNeeds(opts.weights), ...whereNeeds(opts.where, '--where', 'every plan is tested as having none')])) opts.onWarning?.(u.message);
  const { path: file, ...how } = source.info();
  // A list of every plan too long to hold: the report holds its first rows, priorityRows reads them all.
  const spilled = top instanceof SpilledSort && top.spilled;
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
    rubric: rubricRecord(rubric),
    asOf,
    weights: { file: opts.weightsFile === null ? null : displayPath(opts.weightsFile), factors: opts.weights },
    where: opts.where,
    top: opts.top,
    showText: opts.showText,
    considered: top.offered,
    rows: [...numbered(top.sorted(), spilled ? held : Infinity)],
  };
  if (spilled) spilledLists.set(report, { count: top.offered, names: named, rows: () => numbered(top.sorted()) });
  attachRejections(report, source.rejections);
  return report;
}
