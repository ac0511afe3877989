/**
 * Where per-plan results live while an audit runs. Plans arrive as the JSON line the report will
 * print (audit/digest.ts: serialised once). Up to `memoryLimit` are kept in memory; past that,
 * every line is spooled to a temporary file, so memory stays flat however large the export (a
 * national file has ~640,000 plans). The JSON report copies the spool's bytes; the CSV formatter
 * reads every plan back through `allPlans(report)`; the text formats (table, markdown, html) show
 * the lowest-scoring plans only, which `worst` keeps in a bounded list. A run that writes only
 * text formats keeps no more than that (PlanKeeping `lowest`: no spool), and one that lists no
 * plans keeps none (`none`).
 */
import { Spool } from '../util/spool.js';
import { detach } from '../util/strings.js';
import type { AuditReport, PlanEntry } from './report.js';

export const DEFAULT_MEMORY_LIMIT = 5_000;

/**
 * What a run keeps of its plans: `all` (the JSON and CSV reports list every plan); `lowest`
 * (only the text reports: the first `memoryLimit` plans, past that only the lowest-scoring, and
 * no spool); `none` (a run that lists no plans: `check`, `baseline write`).
 */
export type PlanKeeping = 'all' | 'lowest' | 'none';

/** How many plans the text formats list when an audit is too large to list every plan. */
export const LOWEST_SHOWN = 200;

/**
 * What the store needs of a plan: its JSON line (planJson), and the score and reference it is
 * ranked by. The line may come as UTF-8 bytes of PLAN_SEP + the line (a worker thread's output,
 * parallel/worker.ts), which go to the spool as they are.
 */
export interface StoredPlan {
  ref: string;
  score: number | null;
  json: string | Uint8Array;
}

/** Lower score first (ungraded last), then reference: the order of the "lowest-scoring" list. */
function worse(a: StoredPlan, b: StoredPlan): number {
  const sa = a.score ?? Infinity;
  const sb = b.score ?? Infinity;
  return sa - sb || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0);
}

/**
 * The spool holds the plans exactly as the JSON report prints them: each plan is written as
 * SEP + its JSON line, so the report copies the spool's bytes (dropping the first comma) instead
 * of reading every plan back. A JSON line never holds a raw newline, so SEP splits them again.
 */
const SEP = ',\n    ';
export const PLAN_SEP = SEP;
const SEP_BYTES = Buffer.byteLength(SEP);
const utf8 = new TextDecoder();

/** The JSON line of a stored plan as text. */
function lineOf(p: StoredPlan): string {
  return typeof p.json === 'string' ? p.json : utf8.decode(p.json.subarray(SEP_BYTES));
}

export class PlanStore {
  private mem: string[] = [];
  /** The plans past `memoryLimit` (all of them once it is open: SEP + line each, as the JSON report prints them). */
  private spool: Spool | undefined;
  private worst: { ref: string; score: number | null; json: string }[] = [];
  /** `lowest`: more plans came than `memoryLimit`, so only the lowest-scoring are kept. */
  private overflowed = false;
  count = 0;

  /** Asking a run that did not keep every plan for all of them is a bug (PlanKeeping). */
  constructor(
    private readonly memoryLimit = DEFAULT_MEMORY_LIMIT,
    readonly keep: PlanKeeping = 'all',
  ) {}

  get spooled(): boolean {
    return this.spool !== undefined;
  }

  /** True when the store does not hold every plan in memory: the report's `plans` is not all of them. */
  get partial(): boolean {
    return this.spooled || this.overflowed || this.keep === 'none';
  }

  push(p: StoredPlan): void {
    this.count++;
    if (this.keep === 'none') return;
    this.keepIfLow(p);
    if (this.overflowed) return;
    if (this.spool === undefined && this.mem.length < this.memoryLimit) {
      this.mem.push(lineOf(p));
      return;
    }
    if (this.keep === 'lowest') {
      this.overflowed = true;
      this.mem = [];
      return;
    }
    const spool = (this.spool ??= this.openSpool());
    if (typeof p.json === 'string') {
      spool.text(SEP);
      spool.text(p.json);
    } else spool.bytes(p.json);
  }

  private keepIfLow(p: StoredPlan): void {
    // A sorted list of at most LOWEST_SHOWN entries; insertion is O(LOWEST_SHOWN) at worst.
    const w = this.worst;
    if (w.length === LOWEST_SHOWN && worse(p, w[w.length - 1]!) >= 0) return;
    let i = w.length;
    while (i > 0 && worse(p, w[i - 1]!) < 0) i--;
    // Kept past this record: a reference sliced from the export's text is copied (util/strings.ts).
    w.splice(i, 0, { ref: detach(p.ref), score: p.score, json: lineOf(p) });
    if (w.length > LOWEST_SHOWN) w.pop();
  }

  /** The spool, with the plans kept in memory so far written to it first. */
  private openSpool(): Spool {
    const spool = new Spool('plans');
    for (const json of this.mem) {
      spool.text(SEP);
      spool.text(json);
    }
    this.mem = [];
    return spool;
  }

  /** The plans the report carries in memory: all of them, or the lowest-scoring past `memoryLimit` (none for `none`). */
  shown(): PlanEntry[] {
    if (this.keep === 'none') return [];
    return (this.spooled || this.overflowed ? this.worst.map((p) => p.json) : this.mem).map((j) => JSON.parse(j) as PlanEntry);
  }

  private refuseIfPartial(): void {
    if (this.keep === 'none' || this.overflowed) throw new Error(`PlanStore: this run kept ${this.keep === 'none' ? 'no plans' : 'only the lowest-scoring plans'} (plans: '${this.keep}'), so it cannot list every plan`);
  }

  /** Every plan, in input order. */
  *all(): Generator<PlanEntry> {
    for (const text of this.allJson()) yield JSON.parse(text) as PlanEntry;
  }

  /** Every plan as the JSON report prints it (planJson), in input order. */
  *allJson(): Generator<string> {
    this.refuseIfPartial();
    if (this.spool === undefined) {
      yield* this.mem;
      return;
    }
    let first = true;
    for (const part of this.spool.split(SEP)) {
      if (first) {
        first = false; // the empty text before the first SEP
        continue;
      }
      if (part !== '') yield part;
    }
  }

  /**
   * The plans as the body of the JSON report's \`plans\` array: the lines joined by ",\n" and
   * indented four spaces, as bytes straight from the spool (undefined when not spooled). Each
   * chunk is good only until the next is asked for.
   */
  *jsonArrayBody(): Generator<Uint8Array> {
    this.refuseIfPartial();
    let first = true;
    for (const chunk of this.spool?.chunks() ?? []) {
      yield first ? chunk.subarray(1) : chunk; // drop the first plan's leading comma
      first = false;
    }
  }

  close(): void {
    this.spool?.close();
    this.spool = undefined;
  }
}

/**
 * One plan as it stands in the JSON report's `plans` array: one compact line per plan, so a
 * 100,000-plan report stays a fraction of the size of indented JSON and can be read with grep.
 */
export function planJson(p: PlanEntry): string {
  return JSON.stringify(p);
}

const SOURCES = new WeakMap<object, PlanStore>();

/** Attach the full plan list to a report whose `plans` holds only some of them. */
export function setPlanSource(report: AuditReport, store: PlanStore): void {
  SOURCES.set(report, store);
}

/** Every plan of a report, whether it holds them in memory or they were spooled to disk. */
export function allPlans(report: Pick<AuditReport, 'plans'>): Iterable<PlanEntry> {
  return SOURCES.get(report)?.all() ?? report.plans;
}

/** Every plan of a report as JSON text (planJson), without parsing spooled plans again. */
export function allPlanJson(report: AuditReport): Iterable<string> {
  const store = SOURCES.get(report);
  return store ? store.allJson() : report.plans.map(planJson);
}

/**
 * The body of the JSON report's `plans` array (the plans' lines joined by ",\n    "), as bytes
 * copied from the spool; undefined when the report holds all its plans in memory.
 */
export function spooledPlanArrayBody(report: AuditReport): Iterable<Uint8Array> | undefined {
  return SOURCES.get(report)?.jsonArrayBody();
}

/** True when `report.plans` lists only the lowest-scoring plans of a larger audit. */
export function isPlanListPartial(report: AuditReport): boolean {
  return report.plans.length < report.summary.plans;
}
