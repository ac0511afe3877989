/**
 * The CI gate's verdict, as pure functions of an AuditReport: each threshold (from the config file
 * or flags) becomes a ThresholdResult with the figure, the limit and whether it holds; a baseline
 * comparison (baseline.ts) adds its own results. The CheckOutcome is the one structure every
 * check formatter (report/checkSummary.ts, junit.ts, githubAnnotations.ts, checkJson.ts) renders.
 *
 * Plans are identified by reference, file and line only: no names, no plan text.
 */
import { allRejected } from '../records/rejections.js';
import { exactMeanScore, gateFacts, type CriticalFailure } from '../audit/aggregate.js';
import { allPlans } from '../audit/planStore.js';
import type { AuditReport, PlanEntry } from '../audit/report.js';
import { fewestDigits, formatPercent, roundTo, shownPercent } from '../audit/stats.js';
import type { BaselineComparison } from './baseline.js';

/** Thresholds as configured: every one optional. Rates and shares are proportions (0.8 = 80%). */
export interface Thresholds {
  /** Criterion id -> minimum rate (met / applicable), in the order given. */
  minRate: [string, number][];
  /** Grade name -> maximum share of plans with that grade, in the order given. */
  maxShare: [string, number][];
  /** Fail when any plan does not meet a critical criterion. */
  noCriticalNotMet: boolean;
  /** Minimum mean score (0-100). */
  minMeanScore: number | null;
  /** Maximum number of records rejected as unreadable. */
  maxRejected: number | null;
}

export const NO_THRESHOLDS: Thresholds = { minRate: [], maxShare: [], noCriticalNotMet: false, minMeanScore: null, maxRejected: null };

export function countThresholds(t: Thresholds): number {
  return t.minRate.length + t.maxShare.length + (t.noCriticalNotMet ? 1 : 0) + (t.minMeanScore !== null ? 1 : 0) + (t.maxRejected !== null ? 1 : 0);
}

export type ThresholdKind = 'min_rate' | 'max_share' | 'no_critical_not_met' | 'min_mean_score' | 'max_rejected' | 'baseline_rate' | 'baseline_plans';

export interface ThresholdResult {
  /** e.g. "min_rate A-child-views", "max_share Inadequate", "no_critical_not_met". */
  name: string;
  kind: ThresholdKind;
  /** The criterion id or grade name the threshold is about, if any. */
  subject: string | null;
  /** The limit: a proportion for rates and shares, a score, or a count. */
  limit: number;
  /** The figure measured (same unit as `limit`); null when there was nothing to measure. */
  actual: number | null;
  pass: boolean;
  /** The figure and the limit in words. */
  message: string;
}

/** A plan not meeting at least one critical criterion (critical ids not met, in rubric order). */
export type FailingPlan = CriticalFailure;

export interface CheckOutcome {
  tool: { name: string; version: string };
  input: {
    file: string;
    format: string;
    mapping: string | null;
    records: { read: number; scored: number; rejected: number };
    /** Where each rejected record is (no reasons: they may quote the export). */
    rejected: { file: string; line: number; ref: string | null }[];
  };
  rubric: { id: string; version: string; title: string; files: string[]; fingerprint?: string };
  /** ISO date. */
  asOf: string;
  /** The config file used, if any. */
  config: string | null;
  plans: number;
  /** Critical criteria of the rubric: id and title. */
  criticalCriteria: { id: string; title: string }[];
  /** Absolute thresholds first, then the baseline's. */
  thresholds: ThresholdResult[];
  /** Every plan not meeting a critical criterion. */
  failingPlans: FailingPlan[];
  /**
   * The plans that count against the verdict: every failing plan with no_critical_not_met, else
   * the plans newly failing since the baseline (criteria: the new ones only), else none.
   */
  gatingPlans: FailingPlan[];
  /** Why gatingPlans count: no_critical_not_met, the baseline, or nothing (then gatingPlans is empty). */
  gatedBy: 'no_critical_not_met' | 'baseline' | null;
  baseline: BaselineComparison | null;
  warnings: string[];
  pass: boolean;
}

const EPS = 1e-9;

/** A proportion as a percentage: one decimal, none when whole ("80%", "85.7%"). */
export function pctText(x: number, digits = 1): string {
  return trimZeros(formatPercent(x, digits));
}

/** "80.0%" -> "80%", "79.960%" -> "79.96%". */
const trimZeros = (text: string): string => (text.includes('.') ? text.replace(/\.?0+%$/, '%') : text);

/**
 * A rate, share or mean score for the JSON's `actual`: to 4 places, or more where 4 would put it
 * on the other side of its limit (0.85714 of a limit 0.85714 is not 0.8571).
 */
function actualBeside(x: number, limit: number, atLeast: boolean): number {
  const pass = holds(x, limit, atLeast);
  const places = fewestDigits(4, (d) => onItsSide(roundTo(x, d), limit, atLeast, pass, EPS));
  return roundTo(x, Math.max(places, 4));
}

/** Whether `x` meets a minimum (`atLeast`) or a maximum `limit`, to EPS. */
function holds(x: number, limit: number, atLeast: boolean): boolean {
  return atLeast ? x + EPS >= limit : x <= limit + EPS;
}

/** Whether a figure as printed (`shown`) reads on the side of `limit` it was judged on (`pass`). */
function onItsSide(shown: number, limit: number, atLeast: boolean, pass: boolean, eps = 0): boolean {
  if (atLeast) return pass ? shown + eps >= limit : shown < limit;
  return pass ? shown <= limit + eps : shown > limit;
}

/** The most decimals a figure is printed with beside its limit (a limit may be given with many). */
const MAX_BESIDE_DIGITS = 12;

/**
 * A figure beside the limit it was judged against, as `show(d)` prints it with d decimals (and
 * `value(d)` reads that back), and the limit as given (`limitText`, read back as `limitValue`):
 * the figure with `from` decimals, or more where fewer would read level with (or across) the limit
 * on the wrong side: 3,998 of 5,000 is "79.96%", not "80%", against "at least 80%".
 *
 * A figure within EPS of its limit is judged as meeting it though it may read a hair short of it
 * (a limit given as 0.9020000000001 beside 1,804 of 2,000): then the limit is printed as the
 * figure is, the precision the verdict was reached at, so that the two never contradict it.
 */
function beside(pass: boolean, atLeast: boolean, limitValue: number, limitText: string, from: number, value: (d: number) => number, show: (d: number) => string): { figure: string; limit: string } {
  const d = fewestDigits(from, (k) => onItsSide(value(k), limitValue, atLeast, pass), MAX_BESIDE_DIGITS);
  const figure = show(d);
  return { figure, limit: onItsSide(value(d), limitValue, atLeast, pass) ? limitText : figure };
}

/** A proportion as a percentage, exactly as given (0.90200001 is "90.200001%", with no float noise). */
export function limitPctText(x: number): string {
  return `${String(shiftPercent(x))}%`;
}

/** A limit in points (a mean score, a tolerance), exactly as given. */
export function limitPointsText(x: number): string {
  return String(x);
}

/** x * 100 on its shortest decimal representation: 0.90200001 gives 90.200001, not 90.20000100000001. */
function shiftPercent(x: number): number {
  const [mantissa, exponent] = String(x).split('e');
  return Number(`${mantissa}e${Number(exponent ?? 0) + 2}`);
}

/**
 * A rate or share and its limit as the messages print them: the limit as given, the figure to
 * one decimal or more (see beside). `atLeast`: the limit is a minimum (else a maximum).
 */
export function pctAndLimit(x: number, limit: number, atLeast: boolean): { figure: string; limit: string } {
  const pass = holds(x, limit, atLeast);
  return beside(pass, atLeast, shiftPercent(limit), limitPctText(limit), 1, (d) => shownPercent(x, d), (d) => pctText(x, d));
}

/** The figure of pctAndLimit alone. */
export function pctBeside(x: number, limit: number, atLeast: boolean): string {
  return pctAndLimit(x, limit, atLeast).figure;
}

/** A mean score and its (minimum) limit as the message prints them: as pctAndLimit, in points. */
export function pointsAndLimit(x: number, limit: number): { figure: string; limit: string } {
  const pass = holds(x, limit, true);
  return beside(pass, true, limit, limitPointsText(limit), 1, (d) => roundTo(x, d), (d) => String(roundTo(x, d)));
}

/** Points with one decimal, none when whole. */
export function pointsText(x: number): string {
  const r = roundTo(x, 1);
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Plans not meeting at least one critical criterion, in export order: every plan of the audit,
 * not only those `report.plans` holds (the lowest-scoring, when the audit spooled its plans).
 * From the facts the audit collected (RunOptions.gate), or else read back from every plan.
 */
export function criticalFailures(report: AuditReport): FailingPlan[] {
  const facts = gateFacts(report);
  if (facts) return facts.failures;
  const critical = report.criteria.filter((c) => c.severity === 'critical').map((c) => c.id);
  const out: FailingPlan[] = [];
  for (const p of allPlans(report)) {
    const criteria = criticalNotMet(p, critical);
    if (criteria.length > 0) out.push({ ref: p.ref, file: p.file, line: p.line, criteria });
  }
  return out;
}

function criticalNotMet(p: PlanEntry, critical: string[]): string[] {
  const notMet = new Set(p.results.filter((r) => r.rating === 'not_met').map((r) => r.criterion));
  return critical.filter((id) => notMet.has(id));
}

/** Evaluate the absolute thresholds against the report, in the order they are listed in Thresholds. */
export function evaluateThresholds(report: AuditReport, t: Thresholds): ThresholdResult[] {
  const out: ThresholdResult[] = [];
  const byId = new Map(report.criteria.map((c) => [c.id, c]));
  for (const [id, limit] of t.minRate) {
    const c = byId.get(id);
    const name = `min_rate ${id}`;
    if (!c || c.applicable === 0) {
      out.push({ name, kind: 'min_rate', subject: id, limit, actual: null, pass: true, message: `${id}: no plan it applies to, so nothing to measure (limit: at least ${limitPctText(limit)})` });
      continue;
    }
    const rate = c.met / c.applicable;
    const shown = pctAndLimit(rate, limit, true);
    out.push({
      name,
      kind: 'min_rate',
      subject: id,
      limit,
      actual: actualBeside(rate, limit, true),
      pass: holds(rate, limit, true),
      message: `${id} met in ${shown.figure} of the plans it applies to (${c.met} of ${c.applicable}); limit: at least ${shown.limit}`,
    });
  }
  const plans = report.summary.plans;
  for (const [grade, limit] of t.maxShare) {
    const count = report.summary.grades.find((g) => g.grade === grade)?.count ?? 0;
    const share = plans > 0 ? count / plans : 0;
    const shown = pctAndLimit(share, limit, false);
    out.push({
      name: `max_share ${grade}`,
      kind: 'max_share',
      subject: grade,
      limit,
      actual: actualBeside(share, limit, false),
      pass: holds(share, limit, false),
      message: `${plural(count, 'plan')} of ${plans} (${shown.figure}) graded ${grade}; limit: at most ${shown.limit}`,
    });
  }
  if (t.noCriticalNotMet) {
    const failing = criticalFailures(report);
    const perCriterion = new Map<string, number>();
    for (const f of failing) for (const id of f.criteria) perCriterion.set(id, (perCriterion.get(id) ?? 0) + 1);
    const detail = report.criteria
      .filter((c) => perCriterion.has(c.id))
      .map((c) => `${c.id} ${perCriterion.get(c.id)}`)
      .join(', ');
    out.push({
      name: 'no_critical_not_met',
      kind: 'no_critical_not_met',
      subject: null,
      limit: 0,
      actual: failing.length,
      pass: failing.length === 0,
      message:
        failing.length === 0
          ? `every plan meets every critical criterion that applies; limit: no plan failing one`
          : `${plural(failing.length, 'plan')} of ${plans} ${failing.length === 1 ? 'does' : 'do'} not meet a critical criterion (${detail}); limit: none`,
    });
  }
  if (t.minMeanScore !== null) {
    const mean = exactMeanScore(report);
    // The mean to one decimal, or more where one would put it on the wrong side of the limit
    // (95.64 and more passes "at least 95.64": not "95.6"); the limit as given.
    const limitScore = t.minMeanScore;
    const shown = mean === null ? { figure: '', limit: limitPointsText(limitScore) } : pointsAndLimit(mean, limitScore);
    out.push({
      name: 'min_mean_score',
      kind: 'min_mean_score',
      subject: null,
      limit: limitScore,
      // To 4 places like the rates' and shares' actuals, or more where 4 would cross the limit.
      actual: mean === null ? null : actualBeside(mean, limitScore, true),
      pass: mean !== null && holds(mean, limitScore, true),
      message: mean === null ? `no plan could be graded, so there is no mean score; limit: at least ${shown.limit}` : `mean score ${shown.figure} over ${plural(report.summary.graded, 'graded plan')}; limit: at least ${shown.limit}`,
    });
  }
  if (t.maxRejected !== null) {
    const rejected = report.input.records.rejected;
    out.push({
      name: 'max_rejected',
      kind: 'max_rejected',
      subject: null,
      limit: t.maxRejected,
      actual: rejected,
      pass: rejected <= t.maxRejected,
      message: `${plural(rejected, 'record')} of ${report.input.records.read} rejected as unreadable; limit: at most ${t.maxRejected}`,
    });
  }
  return out;
}

export interface OutcomeOptions {
  config: string | null;
  baseline: BaselineComparison | null;
  warnings?: string[];
}

/** The whole verdict: thresholds, the baseline's results, the failing plans, pass or fail. */
export function evaluateCheck(report: AuditReport, t: Thresholds, opts: OutcomeOptions): CheckOutcome {
  const thresholds = [...evaluateThresholds(report, t), ...(opts.baseline?.results ?? [])];
  const failingPlans = criticalFailures(report);
  const gatingPlans = t.noCriticalNotMet ? failingPlans : (opts.baseline?.newlyFailing ?? []);
  const file = report.input.files[0];
  return {
    tool: report.tool,
    input: {
      file: file?.path ?? '',
      format: file?.format ?? '',
      mapping: file?.mapping ?? null,
      records: { read: report.input.records.read, scored: report.input.records.scored, rejected: report.input.records.rejected },
      rejected: Array.from(allRejected(report), (r) => ({ file: r.file, line: r.line, ref: r.ref })),
    },
    rubric: { id: report.rubric.id, version: report.rubric.version, title: report.rubric.title, files: report.rubric.files, fingerprint: report.rubric.fingerprint },
    asOf: report.asOf,
    config: opts.config,
    plans: report.summary.plans,
    criticalCriteria: report.criteria.filter((c) => c.severity === 'critical').map((c) => ({ id: c.id, title: c.title })),
    thresholds,
    failingPlans,
    gatingPlans,
    gatedBy: t.noCriticalNotMet ? 'no_critical_not_met' : opts.baseline ? 'baseline' : null,
    baseline: opts.baseline,
    warnings: [...(opts.warnings ?? []), ...rejectedWarning(report, t), ...(opts.baseline?.warnings ?? [])],
    pass: thresholds.every((r) => r.pass),
  };
}

/**
 * Rejected records are never checked: without a max_rejected threshold the run says so, in every
 * format, rather than passing as if the export were whole (69 of 70 rejected passed in silence).
 */
function rejectedWarning(report: AuditReport, t: Thresholds): string[] {
  const r = report.input.records;
  if (r.rejected === 0 || t.maxRejected !== null) return [];
  const file = report.input.files[0]?.path ?? 'the export';
  return [`${plural(r.rejected, 'record')} of ${r.read} ${r.rejected === 1 ? 'was' : 'were'} rejected and not checked (run 'ehcp-audit validate ${file}' for the reasons); set max_rejected to fail on them`];
}

/** Results that come from the config or flags (not from the baseline). */
export const absoluteResults = (o: CheckOutcome): ThresholdResult[] => o.thresholds.filter((r) => !r.kind.startsWith('baseline_'));
/** Results that come from the baseline comparison. */
export const baselineResults = (o: CheckOutcome): ThresholdResult[] => o.thresholds.filter((r) => r.kind.startsWith('baseline_'));
