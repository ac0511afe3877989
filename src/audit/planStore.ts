/**
 * Where per-plan results live while an audit runs. Up to `memoryLimit` plans are kept in memory;
 * past that, every plan entry is spooled to a temporary file as the JSON line the report will
 * print (so it is serialised once), so memory stays flat
 * however large the export (a national file has ~640,000 plans). The JSON and CSV formatters read
 * every plan back through `allPlans(report)`; the text formats (table, markdown, html) show the
 * lowest-scoring plans only, which `lowest` keeps in a bounded list.
 */
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditReport, PlanEntry } from './report.js';

export const DEFAULT_MEMORY_LIMIT = 5_000;
/** How many plans the text formats list when an audit is too large to list every plan. */
export const LOWEST_SHOWN = 200;

/** Lower score first (ungraded last), then reference: the order of the "lowest-scoring" list. */
function worse(a: PlanEntry, b: PlanEntry): number {
  const sa = a.score ?? Infinity;
  const sb = b.score ?? Infinity;
  return sa - sb || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0);
}

export class PlanStore {
  private mem: PlanEntry[] = [];
  private fd: number | undefined;
  private path: string | undefined;
  private buffer: string[] = [];
  private bufferedChars = 0;
  private worst: PlanEntry[] = [];
  count = 0;

  constructor(private readonly memoryLimit = DEFAULT_MEMORY_LIMIT) {}

  get spooled(): boolean {
    return this.fd !== undefined;
  }

  push(p: PlanEntry): void {
    this.count++;
    this.keepIfLow(p);
    if (this.fd === undefined && this.mem.length < this.memoryLimit) {
      this.mem.push(p);
      return;
    }
    if (this.fd === undefined) this.openSpool();
    this.append(p);
  }

  private keepIfLow(p: PlanEntry): void {
    // A sorted list of at most LOWEST_SHOWN entries; insertion is O(LOWEST_SHOWN) at worst.
    const w = this.worst;
    if (w.length === LOWEST_SHOWN && worse(p, w[w.length - 1]!) >= 0) return;
    let i = w.length;
    while (i > 0 && worse(p, w[i - 1]!) < 0) i--;
    w.splice(i, 0, p);
    if (w.length > LOWEST_SHOWN) w.pop();
  }

  private openSpool(): void {
    this.path = join(tmpdir(), `ehcp-audit-${process.pid}-${Date.now().toString(36)}.jsonl`);
    this.fd = openSync(this.path, 'w+', 0o600);
    const path = this.path;
    process.once('exit', () => rmSync(path, { force: true }));
    for (const p of this.mem) this.append(p);
    this.mem = [];
  }

  private append(p: PlanEntry): void {
    const line = planJson(p);
    this.buffer.push(line);
    this.bufferedChars += line.length + 1;
    if (this.bufferedChars > 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.fd === undefined || this.buffer.length === 0) return;
    writeSync(this.fd, `${this.buffer.join(RS)}${RS}`);
    this.buffer = [];
    this.bufferedChars = 0;
  }

  /** The plans the report carries in memory: all of them, or the lowest-scoring when spooled. */
  shown(): PlanEntry[] {
    return this.spooled ? [...this.worst] : this.mem;
  }

  /** Every plan, in input order. */
  *all(): Generator<PlanEntry> {
    if (this.fd === undefined) {
      yield* this.mem;
      return;
    }
    for (const text of this.allJson()) yield JSON.parse(text) as PlanEntry;
  }

  /** Every plan as the JSON report prints it (planJson), in input order. */
  *allJson(): Generator<string> {
    if (this.fd === undefined) {
      for (const p of this.mem) yield planJson(p);
      return;
    }
    this.flush();
    const chunk = Buffer.alloc(1 << 20);
    const decoder = new TextDecoder();
    let pos = 0;
    let rest = '';
    for (;;) {
      const n = readSync(this.fd, chunk, 0, chunk.length, pos);
      if (n === 0) break;
      pos += n;
      const text = rest + decoder.decode(chunk.subarray(0, n), { stream: true });
      const parts = text.split(RS);
      rest = parts.pop() ?? '';
      for (const part of parts) if (part !== '') yield part;
    }
    if (rest !== '') yield rest;
  }

  close(): void {
    if (this.fd !== undefined) {
      closeSync(this.fd);
      rmSync(this.path!, { force: true });
      this.fd = undefined;
    }
  }
}

const RS = '\n';

/**
 * One plan as it stands in the JSON report's `plans` array: one compact line per plan, so a
 * 100,000-plan report stays a fraction of the size of indented JSON and can be read with grep.
 */
export function planJson(p: PlanEntry): string {
  return JSON.stringify(p);
}

const SOURCES = new WeakMap<AuditReport, PlanStore>();

/** Attach the full plan list to a report whose `plans` holds only some of them. */
export function setPlanSource(report: AuditReport, store: PlanStore): void {
  SOURCES.set(report, store);
}

/** Every plan of a report, whether it holds them in memory or they were spooled to disk. */
export function allPlans(report: AuditReport): Iterable<PlanEntry> {
  return SOURCES.get(report)?.all() ?? report.plans;
}

/** Every plan of a report as JSON text (planJson), without parsing spooled plans again. */
export function allPlanJson(report: AuditReport): Iterable<string> {
  const store = SOURCES.get(report);
  return store ? store.allJson() : report.plans.map(planJson);
}

/** True when `report.plans` lists only the lowest-scoring plans of a larger audit. */
export function isPlanListPartial(report: AuditReport): boolean {
  return report.plans.length < report.summary.plans;
}
