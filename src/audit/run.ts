/**
 * Run an audit or an audit sample over one export: one streaming pass, then the report.
 *   audit:  every record is scored as it streams past.
 *   sample: records stream into the stratified sampler (bounded memory); only the picks are scored.
 * Every record read is scored, filtered out by --where, or rejected (with file, line, reason).
 */
import { statSync } from 'node:fs';
import type { LoadedRecord, PlanRecord } from '../records/model.js';
import { unmetNeeds } from '../records/fieldNeeds.js';
import { PlanSource } from '../records/source.js';
import { formatFor } from '../records/input.js';
import { attachRejections, heldRejected } from '../records/rejections.js';
import type { Rubric } from '../rubric/load.js';
import { scorePlan } from '../rubric/score.js';
import { evalContext, type EvalContext } from '../rubric/types.js';
import { resolveGroup } from '../sample/groups.js';
import { randomSeed, type Seed } from '../sample/prng.js';
import { StratifiedSampler } from '../sample/stratified.js';
import { sampleEstimates } from '../sample/estimates.js';
import { checkPath, compilePath, pathsCompiledBy, unreadPlanText } from '../rubric/fields.js';
import { InputError, UsageError } from '../util/errors.js';
import { tidyPath } from '../util/paths.js';
import { toolInfo } from '../util/toolInfo.js';
import { detach } from '../util/strings.js';
import { AuditAggregate, setExactMeanScore, setGateFacts } from './aggregate.js';
import { PARALLEL_MIN_BYTES } from './parallel/defaults.js';
import { generateFindings } from './findings.js';
import { setPlanSource, type PlanKeeping } from './planStore.js';
import { SCHEMA_VERSION, type AuditReport, type SampleInfo } from './report.js';
import { rubricRecord } from './rubricRecord.js';
import { sampleSizeForMargin } from './stats.js';
import { compileWhere, extraColumnsRead, refuseHiddenFilters, refuseUnlessShowText, rubricExtraColumns, whereNeeds } from './where.js';
import { ownRecord } from '../util/ownRecord.js';

export interface SampleOptions {
  size: number | 'auto';
  /** Margin of error (proportion, e.g. 0.10) for size auto. */
  margin: number;
  seed: Seed;
  strata: string[];
  include: string[];
}

export interface RunOptions {
  source: PlanSource;
  rubric: Rubric;
  asOf: string;
  showText: boolean;
  where: string[];
  sample?: SampleOptions;
  /** Plans kept in memory before the rest are spooled to disk (tests lower it). */
  memoryLimit?: number;
  /**
   * Collect the CI gate's facts of every plan (aggregate.ts GateFacts): the plans not meeting a
   * critical criterion, and where each of `refs` (a baseline's failing plans) was found.
   */
  gate?: { refs?: ReadonlySet<string> };
  /**
   * What the caller's reports need of the plans (planStore.ts PlanKeeping; default all): `lowest`
   * when it writes only text reports (no spool; allPlans refuses the report past 5,000 plans),
   * `none` when it lists no plans (`check`, `baseline write`: no plan's JSON line is made, and the
   * report's `plans` is empty).
   */
  plans?: PlanKeeping;
  /** Called now and then with the records read so far and how far through the file that is (progress lines). */
  onProgress?: (read: number, fraction?: number) => void;
  /**
   * Threads for a whole-export audit of a large file (parallel/pool.ts): 1 (the default)
   * reads in this thread only. The report is the same either way.
   */
  jobs?: number;
  /** Told, once the records are read, what the user must know that the report does not say (--where values that are not dates). */
  onWarning?: (message: string) => void;
}


/** The size of `file` when a whole-export audit of it with `jobs` threads reads it with threads; else undefined. */
export function threadedSize(file: string, format: string | undefined, jobs: number): number | undefined {
  if (jobs < 2 || file === '-' || (format !== 'csv' && format !== 'jsonl' && format !== 'yaml')) return undefined;
  const env = Number(process.env.EHCP_AUDIT_PARALLEL_MIN_BYTES);
  const min = Number.isInteger(env) && env >= 0 ? env : PARALLEL_MIN_BYTES;
  try {
    const size = statSync(file).size;
    return size >= min ? size : undefined;
  } catch {
    return undefined; // the one-thread reader reports a missing file properly
  }
}

function parallelWorthwhile(opts: RunOptions): boolean {
  return !opts.sample && threadedSize(opts.source.opts.file, opts.source.format, opts.jobs ?? 1) !== undefined;
}

/**
 * For `audit` and `check`, before anything else: start the worker threads that the audit of
 * `file` will read it with, if it will (parallel/pool.ts prestartWorkers), so that they load
 * while this thread loads the rubric and the mapping.
 */
export async function prestartThreads(file: string, inputFormat: string | undefined, jobs: number): Promise<void> {
  const size = threadedSize(file, formatFor(file, inputFormat), jobs);
  if (size === undefined) return;
  // Keyed by the path the source reads (commands/common.ts openSource tidies it).
  (await import('./parallel/pool.js')).prestartWorkers(tidyPath(file), jobs, size);
  prestarted = true;
}

/** prestartThreads started workers (which auditInParallel takes or stops). */
let prestarted = false;

/**
 * Before a run reads its export: workers started early for a run that reads in one thread after
 * all (the mapping or a config file gave another input format) are stopped, not left to idle.
 */
export async function keepPrestarted(threaded: boolean): Promise<void> {
  if (prestarted && !threaded) (await import('./parallel/pool.js')).discardPrestarted();
  prestarted = false;
}

export { DEFAULT_STRATA } from '../sample/defaults.js';

/**
 * The stratum key of a record. Stratum keys are printed (the strata table, each pick's stratum and
 * reason, the JSON), so a field whose values only --show-text may show is refused without it.
 */
function strataKeyFn(keys: string[], showText: boolean, ctx: EvalContext): (r: PlanRecord) => string {
  const getters = keys.map((k) => {
    const err = checkPath(k);
    if (err) throw new UsageError(`--strata: ${err}`);
    // An unmapped column whose name says it holds personal data (extra.Ethnicity) is printed as a
    // stratum like any other: only with --show-text.
    refuseUnlessShowText('--strata', k, showText, 'strata are printed', 'stratify by a coded field (e.g. phase, needs.primary, child.district)');
    return compilePath(k);
  });
  if (getters.length === 0) return () => 'all';
  return (r) =>
    getters
      .map((g) => {
        const v = g(r, ctx);
        return v === undefined || v === null || v === '' ? 'not recorded' : Array.isArray(v) ? v.join('+') || 'not recorded' : String(v);
      })
      .join(' / ');
}

export async function runAudit(opts: RunOptions): Promise<AuditReport> {
  const { source, rubric, asOf } = opts;
  const ctx: EvalContext = evalContext(asOf, source.dateFormat);
  refuseHiddenFilters(opts.where, opts.showText);
  if (opts.sample) refuseHiddenFilters(opts.sample.include, opts.showText, '--include');
  const { value: filter, paths: filterReads } = pathsCompiledBy(() => compileWhere(opts.where, ctx));
  source.requireExtraColumns([...extraColumnsRead(opts.where), ...rubricExtraColumns(rubric)]);
  // Scoring every plan reads only what the rubric and --where read (and the digest's codes,
  // never plan text): the rest of the plan's text is not split into items. A sample keeps whole
  // records (its strata, and the plans it shows).
  if (!opts.sample) source.leaveUnread(unreadPlanText([...rubric.reads, ...filterReads]));
  const agg = new AuditAggregate(rubric, {
    showText: opts.showText,
    ...(opts.memoryLimit !== undefined ? { memoryLimit: opts.memoryLimit } : {}),
    ...(opts.plans ? { plans: opts.plans } : {}),
    ...(opts.gate ? { gate: { file: source.file, ...(opts.gate.refs ? { refs: opts.gate.refs } : {}) } } : {}),
  });
  let filteredOut = 0;
  let sampleInfo: SampleInfo | null = null;
  let n = 0;
  const warnings: (() => string[])[] = [];
  if (filter) warnings.push(filter.warnings);
  // A --where on a field the mapping leaves out is decided the same way for every plan.
  const whereUnmapped = unmetNeeds(source, whereNeeds(opts.where, '--where', 'every plan is tested as having none'));
  if (whereUnmapped.length > 0) warnings.push(() => whereUnmapped.map((u) => u.message));

  const threaded = parallelWorthwhile(opts);
  await keepPrestarted(threaded);
  const parallel = threaded
    ? await (await import('./parallel/pool.js')).auditInParallel({
        source,
        rubric,
        agg,
        asOf,
        showText: opts.showText,
        planLines: opts.plans !== 'none',
        where: opts.where,
        ...(filter ? { filter } : {}),
        jobs: opts.jobs!,
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      })
    : undefined;
  if (parallel) {
    filteredOut = parallel.filteredOut;
  } else if (!opts.sample) {
    for await (const loaded of source.records()) {
      if (++n % 1000 === 0) opts.onProgress?.(source.stats.read, source.fraction);
      if (filter && !filter(loaded.record)) {
        filteredOut++;
        continue;
      }
      agg.add(loaded, scorePlan(rubric, loaded.record, ctx));
    }
  } else {
    const s = opts.sample;
    const groups = s.include.map((g) => resolveGroup(g, ctx));
    source.requireExtraColumns(extraColumnsRead(groups.filter((g) => g.where).map((g) => g.name), '--include'));
    for (const g of groups) if (g.where) warnings.push(g.where.warnings);
    // A group told by fields the mapping leaves out has no plan in it whatever the export holds.
    const unmapped = unmetNeeds(source, [
      ...groups.flatMap((g) => (g.fields ? [{ name: g.name, what: `the guaranteed group "${g.name}"`, fields: g.fields, effect: 'no plan can be found in it' }] : [])),
      ...whereNeeds(groups.filter((g) => g.where).map((g) => g.name), '--include', 'no plan can be found in it').map((n) => ({ ...n, name: n.expr })),
    ]);
    if (unmapped.length > 0) warnings.push(() => unmapped.map((u) => u.message));
    const bound = s.size === 'auto' ? sampleSizeForMargin(Number.MAX_SAFE_INTEGER, s.margin) : s.size;
    // A kept record is held as its JSON text: one flat string, which keeps none of the export's
    // read buffers alive and is several times smaller than the record's objects (100,000 plans,
    // --size 200, 70 strata: 438 MB peak as copied objects). Only the picks are parsed back.
    // The reservoirs hold up to size x strata records, so once they hold about SAMPLE_HELD_BYTES
    // of JSON, a file (not stdin) is read again for its picks instead: from then on a kept
    // record is held as its line and reference only (a sampler's choices never depend on what a
    // record holds, so the picks are the same). CSV and JSON Lines only: a YAML or JSON document
    // may be parsed whole, and a second parse of it would cost as much as the first.
    const heldLimit = sampleHeldBytes();
    const rereadable = source.opts.file !== '-' && (source.format === 'csv' || source.format === 'jsonl');
    // What the reservoirs hold now, estimated as the records they hold times the mean size of a
    // kept record's JSON (reservoirs drop records as they go: what was ever kept overstates it).
    let keptBytes = 0;
    let kept = 0;
    let byPlace = rereadable && heldLimit === 0;
    const sampler: StratifiedSampler<HeldRecord> = new StratifiedSampler<HeldRecord>({
      size: bound,
      seed: s.seed,
      includeGroups: groups.map((g) => g.name),
      retain: (h) => {
        const live = h.live!;
        if (byPlace) return { at: { line: live.pos.line, ref: detach(live.record.ref) } };
        const json = utf8.encode(JSON.stringify(live));
        keptBytes += json.length;
        kept++;
        if (rereadable && kept % 64 === 0 && sampler.retained * (keptBytes / kept) >= heldLimit) byPlace = true;
        return { json };
      },
    });
    const keyOf = strataKeyFn(s.strata, opts.showText, ctx);
    for await (const loaded of source.records()) {
      if (++n % 1000 === 0) opts.onProgress?.(source.stats.read, source.fraction);
      if (filter && !filter(loaded.record)) {
        filteredOut++;
        continue;
      }
      sampler.offer({ item: { live: loaded }, stratum: detach(keyOf(loaded.record)), groups: groups.filter((g) => g.test(loaded.record)).map((g) => g.name) });
    }
    const population = sampler.population;
    const size = s.size === 'auto' ? Math.min(bound, sampleSizeForMargin(population, s.margin)) : s.size;
    const held = sampler.finish(size);
    const again = await readAgain(source, held.picks.flatMap((p) => (p.item.at ? [p.item.at] : [])));
    const result = { ...held, picks: held.picks.map((p) => ({ ...p, item: p.item.at ? again.get(p.item.at.line)! : unpack(p.item) })) };
    for (const pick of result.picks) agg.add(pick.item, scorePlan(rubric, pick.item.record, ctx));
    sampleInfo = {
      method: 'stratified random sample, proportional allocation (largest remainder), one reservoir per stratum; xoshiro128** seeded by SplitMix64',
      seed: s.seed,
      requestedSize: s.size,
      size: result.picks.length,
      population,
      margin: s.size === 'auto' ? { margin: s.margin, confidence: 0.95, computedSize: size } : null,
      strataKeys: s.strata,
      strata: result.strata.map((x) => ({ key: x.key, population: x.population, allocated: x.allocated })),
      includeGroups: result.groups.filter((g) => g.guaranteed).map((g) => ({ name: g.name, population: g.population, picked: g.picked, guaranteed: g.guaranteed })),
      where: opts.where,
      picks: result.picks.map((p) => ({ ref: p.item.record.ref, file: p.item.pos.file, line: p.item.pos.line, stratum: p.stratum, reason: p.reason })),
      // An unmapped group's note says why it is empty, instead of that it is.
      notes: [
        ...result.notes.filter((n) => !unmapped.some((u) => n.startsWith(`Guaranteed group "${u.name}": no item`))),
        ...unmapped.map((u) => `Guaranteed group "${u.name}": ${u.message.slice(u.what.length + 1)}.`),
      ],
      estimates: sampleEstimates({ size, population, strata: result.strata, groups: result.groups, forced: new Set(result.forced) }),
    };
  }
  opts.onProgress?.(source.stats.read, source.fraction);
  for (const w of warnings.flatMap((f) => f())) opts.onWarning?.(w);

  const criteria = agg.criteria();
  const base: Omit<AuditReport, 'findings'> = {
    schemaVersion: SCHEMA_VERSION,
    tool: toolInfo(),
    kind: opts.sample ? 'sample' : 'audit',
    input: {
      files: [source.info()],
      records: {
        read: source.stats.read,
        scored: agg.planCount,
        rejected: source.stats.rejected,
        filteredOut,
        blankRows: source.stats.blankRows,
        warnings: source.stats.warnings,
      },
      rejected: heldRejected(source.rejections),
    },
    rubric: { ...rubricRecord(rubric), grades: rubric.grades, partlyCredit: rubric.partlyCredit },
    asOf,
    options: { showText: opts.showText, where: opts.where },
    sample: sampleInfo,
    summary: {
      plans: agg.planCount,
      graded: agg.graded,
      grades: agg.gradeCounts(),
      meanScore: agg.meanScore(),
      medianScore: agg.medianScore(),
      limited: agg.limitedCount,
    },
    criteria,
    breakdowns: agg.breakdowns(),
    plans: agg.plans.shown(),
  };
  const templates = ownRecord(rubric.criteria.map((c) => [c.def.id, c.def.finding]));
  const report: AuditReport = { ...base, findings: generateFindings(base, templates) };
  if (agg.plans.partial) setPlanSource(report, agg.plans);
  setExactMeanScore(report, agg.exactMeanScore());
  if (agg.gate) setGateFacts(report, agg.gate);
  attachRejections(report, source.rejections);
  return report;
}


/**
 * A record as the sampler holds it: the loaded record while it is offered, its JSON text once a
 * reservoir keeps it (a record is plain data: strings, numbers, booleans, arrays, objects, so the
 * JSON gives back an equal record: test/sample/heldRecord.test.ts), or, past SAMPLE_HELD_BYTES,
 * its place in the file, to be read again (readAgain).
 */
export type HeldRecord =
  | { live: LoadedRecord; json?: undefined; at?: undefined }
  | { json: Uint8Array; live?: undefined; at?: undefined }
  | { at: { line: number; ref: string }; live?: undefined; json?: undefined };

/** JSON of kept records a sample holds before it holds records by their place in the file. */
export const SAMPLE_HELD_BYTES = 16 << 20;

function sampleHeldBytes(): number {
  const env = Number(process.env.EHCP_AUDIT_SAMPLE_HELD_BYTES);
  return Number.isInteger(env) && env >= 0 ? env : SAMPLE_HELD_BYTES;
}

/**
 * The records at `places` (lines), read again from the export with the same options: the same
 * file read the same way gives the same record at each line. A file that changed in between (a
 * place that no longer holds its plan) is an InputError, not a sample of two different exports.
 */
async function readAgain(source: PlanSource, places: { line: number; ref: string }[]): Promise<Map<number, LoadedRecord>> {
  const found = new Map<number, LoadedRecord>();
  if (places.length === 0) return found;
  const wanted = new Map(places.map((p) => [p.line, p.ref]));
  const changed = (what: string) =>
    new InputError(`${source.file}: the export changed while the sample was drawn (${what}): draw the sample again once the file is complete`);
  for await (const loaded of new PlanSource({ ...source.opts, onlyLines: new Set(wanted.keys()) }).records()) {
    const ref = wanted.get(loaded.pos.line);
    if (ref === undefined) continue;
    if (loaded.record.ref !== ref) throw changed(`line ${loaded.pos.line} held ${ref} and now holds ${loaded.record.ref}`);
    // Held as a reservoir holds a record (a JSON round trip: an equal record whose strings are
    // its own, not slices that keep the export's decoded pieces alive until the report is made).
    found.set(loaded.pos.line, JSON.parse(JSON.stringify(loaded)) as LoadedRecord);
    if (found.size === wanted.size) break;
  }
  for (const [line, ref] of wanted) if (!found.has(line)) throw changed(`${ref} is no longer at line ${line}`);
  return found;
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

export function unpack(h: HeldRecord): LoadedRecord {
  if (h.live !== undefined) return h.live;
  if (h.json !== undefined) return JSON.parse(fromUtf8.decode(h.json)) as LoadedRecord;
  throw new Error('unpack: a record held by its place in the file is read again (readAgain)');
}

/** A fresh seed when the user gives none: printed so the sample can be drawn again. */
export function chooseSeed(): number {
  return randomSeed();
}

