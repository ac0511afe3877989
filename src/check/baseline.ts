/**
 * Baselines: `ehcp-audit baseline write` records each criterion's rate (met / applicable) and the
 * plans that do not meet a critical criterion; `ehcp-audit check --baseline FILE` then fails only
 * on regressions:
 *   - a criterion rate that dropped by more than `tolerance` percentage points, or
 *   - a plan newly failing a critical criterion (a plan the baseline already records as failing
 *     that criterion is accepted: that is the point of a baseline),
 * and reports what improved (rates up, plans no longer failing).
 *
 * A baseline written with a different rubric id cannot be compared (ConfigError, exit 2); a
 * different rubric version is a warning. Comparison is a pure function of report and baseline.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { gateFacts } from '../audit/aggregate.js';
import { allPlans } from '../audit/planStore.js';
import type { AuditReport } from '../audit/report.js';
import { fewestDigits, roundTo, shownPercent } from '../audit/stats.js';
import { ConfigError } from '../util/errors.js';
import { own, ownRecord, ownRecordSchema } from '../util/ownRecord.js';
import { quoted } from '../util/strings.js';
import { criticalFailures, limitPointsText, pctText, type FailingPlan, type ThresholdResult } from './thresholds.js';

export const BASELINE_SCHEMA_VERSION = 1;
export { DEFAULT_BASELINE_FILE, DEFAULT_TOLERANCE } from './defaults.js';

interface Counts {
  met: number;
  applicable: number;
}

/**
 * A criterion's counts: whole numbers, met no more than applicable, and the rate the one `baseline
 * write` records for them (met / applicable to 4 places; null when none applied). A hand-edited
 * or corrupt file (met 80 of 70 applicable read as a rate of 114.3%) is refused at the key at fault.
 */
const counts = z
  .object({ met: z.number().int().min(0), applicable: z.number().int().min(0), rate: z.number().min(0).max(1).nullable() })
  .strict()
  .superRefine((c, ctx) => {
    if (c.met > c.applicable) ctx.addIssue({ code: 'custom', path: ['met'], message: `${c.met} met is more than the ${c.applicable} plans it applies to` });
    else if (c.applicable === 0 ? c.rate !== null : c.rate !== roundTo(c.met / c.applicable, 4)) {
      ctx.addIssue({ code: 'custom', path: ['rate'], message: `${String(c.rate)} is not met / applicable (${c.met} / ${c.applicable}: ${c.applicable === 0 ? 'null' : String(roundTo(c.met / c.applicable, 4))})` });
    }
  });

export const baselineSchema = z
  .object({
    schemaVersion: z.literal(BASELINE_SCHEMA_VERSION),
    kind: z.literal('ehcp-audit-baseline'),
    tool: z.object({ name: z.string(), version: z.string() }).strict(),
    rubric: z.object({ id: z.string().min(1), version: z.string() }).strict(),
    asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    input: z.object({ file: z.string(), mapping: z.string().nullable(), plans: z.number().int().min(0), rejected: z.number().int().min(0) }).strict(),
    // Keyed by criterion id and by plan reference (arbitrary export text: 'constructor',
    // '__proto__'): null-prototype objects that keep every key, read with own().
    criteria: ownRecordSchema(counts),
    failingPlans: ownRecordSchema(z.array(z.string().min(1)).min(1, 'a failing plan lists the critical criteria it does not meet')),
  })
  .strict()
  .superRefine((b, ctx) => {
    const plans = b.input.plans;
    for (const [id, c] of Object.entries(b.criteria)) {
      if (c.applicable > plans) ctx.addIssue({ code: 'custom', path: ['criteria', id, 'applicable'], message: `${c.applicable} is more than the ${plans} plans of input.plans` });
    }
    const failing = Object.keys(b.failingPlans).length;
    if (failing > plans) ctx.addIssue({ code: 'custom', path: ['failingPlans'], message: `${failing} failing plans is more than the ${plans} plans of input.plans` });
  });
export type Baseline = z.output<typeof baselineSchema>;

/**
 * Where each of `refs` is in the audited export, among every plan (not only those `report.plans`
 * holds): from the facts the audit collected for them (RunOptions.gate), or else read back from
 * every plan.
 */
function plansFound(report: AuditReport, refs: readonly string[]): Map<string, { file: string; line: number }> {
  const facts = gateFacts(report);
  if (facts && refs.every((r) => facts.watched.has(r))) return facts.found;
  const wanted = new Set(refs);
  const found = new Map<string, { file: string; line: number }>();
  for (const p of allPlans(report)) if (wanted.has(p.ref)) found.set(p.ref, { file: p.file, line: p.line });
  return found;
}

/** The references of a baseline's failing plans: what `check --baseline` asks the audit to look out for. */
export function baselineRefs(base: Baseline): ReadonlySet<string> {
  return new Set(Object.keys(base.failingPlans));
}

/** The baseline of a report: rates per criterion and the plans failing critical criteria. */
export function buildBaseline(report: AuditReport): Baseline {
  const file = report.input.files[0];
  return {
    schemaVersion: BASELINE_SCHEMA_VERSION,
    kind: 'ehcp-audit-baseline',
    tool: report.tool,
    rubric: { id: report.rubric.id, version: report.rubric.version },
    asOf: report.asOf,
    input: { file: file?.path ?? '', mapping: file?.mapping ?? null, plans: report.summary.plans, rejected: report.input.records.rejected },
    criteria: ownRecord(report.criteria.map((c) => [c.id, { met: c.met, applicable: c.applicable, rate: c.applicable > 0 ? roundTo(c.met / c.applicable, 4) : null }])),
    failingPlans: ownRecord(criticalFailures(report).map((f) => [f.ref, f.criteria])),
  };
}

export function formatBaseline(b: Baseline): string {
  return `${JSON.stringify(b, null, 2)}\n`;
}

/** Read and validate a baseline file; any problem is a ConfigError (exit 2). */
export function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(
      code === 'ENOENT' ? `${file}: no such baseline file; write one with 'ehcp-audit baseline write EXPORT -o ${file}'` : `${file}: cannot read the baseline file (${code ?? 'error'})`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ConfigError(`${file}: the baseline is not valid JSON (${(e as Error).message})`);
  }
  const parsed = baselineSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 10).map((i) => `${file}: ${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`);
    throw new ConfigError(`${file}: not an ehcp-audit baseline (write one with 'ehcp-audit baseline write')`, problems);
  }
  return parsed.data;
}

export interface RateChange {
  criterion: string;
  /** Rates as proportions (rounded to 4 places); null when no plan was applicable. */
  baseline: number | null;
  current: number | null;
  /** Change in percentage points, to `decimals` places; null when either side is null. */
  change: number | null;
  /**
   * Decimals the change is printed with, and the rates as percentages: 1, or more where rounding
   * would print a regression as a drop no larger than the tolerance, or a change as none.
   */
  decimals: number;
  status: 'regressed' | 'dropped within tolerance' | 'improved' | 'unchanged' | 'not comparable';
}

export interface BaselineComparison {
  file: string;
  rubric: { id: string; version: string };
  /** The baseline's as-of date (ISO). */
  asOf: string;
  /** Percentage points a rate may drop before it counts as a regression. */
  tolerance: number;
  rates: RateChange[];
  /** Plans failing a critical criterion they did not fail in the baseline (criteria: the new ones only). */
  newlyFailing: FailingPlan[];
  /** Baseline plans that now meet critical criteria they failed (criteria: those now met or not applicable). */
  noLongerFailing: FailingPlan[];
  /** Plans failing only criteria the baseline already records for them. */
  accepted: number;
  /** Plans the baseline records as failing that are not in this export. */
  notInExport: number;
  /** Criteria in the baseline (under criteria, or listed by a failing plan) that the rubric does not have: not compared, and warned of. */
  droppedCriteria: string[];
  results: ThresholdResult[];
  warnings: string[];
}

const EPS = 1e-9;

/** Unknown criteria a warning names; the JSON's droppedCriteria lists them all. */
const MAX_NAMED = 5;

/** "+2.9 points", "-14.3 points", "-0.04 points" (with 2 decimals), "no change". */
export function changeText(points: number, digits = 1): string {
  const shown = roundTo(points, digits);
  if (shown === 0) return points === 0 ? 'no change' : `${points > 0 ? '+' : '-'}<${10 ** -digits} points`;
  return `${shown > 0 ? '+' : ''}${String(shown)} points`;
}

/** "80% -> 79.96% (-0.04 points)": a rate change as the summary lists it. */
export function rateChangeText(r: RateChange): string {
  return `${pctText(r.baseline ?? 0, r.decimals)} -> ${pctText(r.current ?? 0, r.decimals)} (${changeText(r.change ?? 0, r.decimals)})`;
}

/**
 * The decimals a rate change is printed with: one, or more where rounding would contradict the
 * verdict: a drop printed as the tolerance itself ("-2 points", tolerance 2) though it regressed,
 * a change printed as none, or two different rates printed alike (as compare does: verdict.ts).
 * `direction`: the sign of the change, worked exactly on the counts.
 */
function changeDecimals(was: number, current: number, change: number, direction: number, regressed: boolean, tol: number): number {
  return fewestDigits(1, (d) => {
    const shown = roundTo(change, d);
    if (Math.sign(shown) !== direction) return false;
    if (Math.sign(shownPercent(current, d) - shownPercent(was, d)) !== direction) return false;
    return regressed ? -shown > tol : -shown <= tol;
  });
}

export interface CompareOptions {
  file: string;
  tolerance: number;
}

/**
 * One criterion's rate against the baseline's: regressed when it dropped by more than `tol`
 * points, judged exactly on the counts (100 (k1 n2 - k2 n1) against tol n1 n2, so that 6 of 10
 * after 7 of 10 is a drop of 10 points, never 10.000000000000009); no result when either side
 * has no applicable plan.
 */
export function compareRate(id: string, b: Counts | undefined, c: Counts, tol: number): { rate: RateChange; result: ThresholdResult | null } {
  const current = c.applicable > 0 ? c.met / c.applicable : null;
  const was = b && b.applicable > 0 ? b.met / b.applicable : null;
  if (!b || current === null || was === null) {
    const rate: RateChange = { criterion: id, baseline: was === null ? null : roundTo(was, 4), current: current === null ? null : roundTo(current, 4), change: null, decimals: 1, status: 'not comparable' };
    return { rate, result: null };
  }
  const change = (current - was) * 100;
  const n1 = b.applicable;
  const n2 = c.applicable;
  const lost = b.met * n2 - c.met * n1;
  const direction = -Math.sign(lost);
  const regressed = 100 * lost - tol * n1 * n2 > EPS * n1 * n2;
  const status: RateChange['status'] = regressed ? 'regressed' : direction < 0 ? 'dropped within tolerance' : direction > 0 ? 'improved' : 'unchanged';
  const decimals = changeDecimals(was, current, change, direction, regressed, tol);
  // Proportions to two places more than the percentages, so the JSON's figures agree with the text.
  const places = Math.max(4, decimals + 2);
  const rate: RateChange = { criterion: id, baseline: roundTo(was, places), current: roundTo(current, places), change: direction === 0 ? 0 : roundTo(change, decimals), decimals, status };
  const result: ThresholdResult = {
    name: `baseline_rate ${id}`,
    kind: 'baseline_rate',
    subject: id,
    limit: roundTo(Math.max(0, was - tol / 100), places),
    actual: roundTo(current, places),
    pass: !regressed,
    message: `${id} met in ${pctText(current, decimals)} of the plans it applies to (${c.met} of ${c.applicable}), ${pctText(was, decimals)} in the baseline (${changeText(change, decimals)}); limit: a drop of at most ${limitPointsText(tol)} points`,
  };
  return { rate, result };
}

/**
 * Newly failing plans whose reference, all digits, is a baseline failing plan's reference less its
 * leading zeros, that plan not being in this export: [reference, the baseline's], in the order of
 * `newlyFailing`. Excel reads 00123 as 123, so a CSV saved through it fails the gate on plans that
 * did not change (QA).
 */
function zerosDropped(newlyFailing: readonly FailingPlan[], base: Baseline, now: ReadonlyMap<string, unknown>): [string, string][] {
  const padded = new Map<string, string>();
  for (const ref of Object.keys(base.failingPlans)) if (/^0+\d+$/.test(ref) && !now.has(ref)) padded.set(ref.replace(/^0+(?=\d)/, ''), ref);
  if (padded.size === 0) return [];
  return newlyFailing.flatMap((f) => {
    const was = padded.get(f.ref);
    return was !== undefined ? [[f.ref, was] as [string, string]] : [];
  });
}

export function compareBaseline(report: AuditReport, base: Baseline, opts: CompareOptions): BaselineComparison {
  if (base.rubric.id !== report.rubric.id) {
    throw new ConfigError(
      `${opts.file}: the baseline was written with rubric '${base.rubric.id}' but this check uses rubric '${report.rubric.id}': rates cannot be compared; write a new baseline with 'ehcp-audit baseline write'`,
    );
  }
  const warnings: string[] = [];
  if (base.rubric.version !== report.rubric.version) {
    warnings.push(`the baseline ${opts.file} was written with rubric ${base.rubric.id} version ${base.rubric.version}, this check uses version ${report.rubric.version}: criteria may have changed; write a new baseline when the change is intended`);
  }
  const tol = opts.tolerance;
  const rates: RateChange[] = [];
  const results: ThresholdResult[] = [];
  for (const c of report.criteria) {
    const { rate, result } = compareRate(c.id, own(base.criteria, c.id), c, tol);
    rates.push(rate);
    if (result) results.push(result);
  }
  const known = new Set(report.criteria.map((c) => c.id));
  // Ids the rubric lacks, under `criteria` or in a failing plan's list: never compared, so said
  // (they passed silently). A criterion removed from the rubric, or a hand-edited baseline.
  const droppedCriteria = [...new Set([...Object.keys(base.criteria), ...Object.values(base.failingPlans).flat()])].filter((id) => !known.has(id));
  if (droppedCriteria.length > 0) {
    const n = droppedCriteria.length;
    const shown = `${droppedCriteria.slice(0, MAX_NAMED).map((id) => quoted(id)).join(', ')}${n > MAX_NAMED ? ` and ${n - MAX_NAMED} more` : ''}`;
    warnings.push(
      `the baseline ${opts.file} records ${n === 1 ? 'a criterion' : `${n} criteria`} that rubric ${report.rubric.id} version ${report.rubric.version} does not have (${shown}), which ${n === 1 ? 'is' : 'are'} not compared: write a new baseline with 'ehcp-audit baseline write' if the rubric no longer has ${n === 1 ? 'it' : 'them'}`,
    );
  }

  const failing = criticalFailures(report);
  const newlyFailing: FailingPlan[] = [];
  let accepted = 0;
  for (const f of failing) {
    const before = new Set(own(base.failingPlans, f.ref) ?? []);
    const fresh = f.criteria.filter((id) => !before.has(id));
    if (fresh.length > 0) newlyFailing.push({ ...f, criteria: fresh });
    else accepted++;
  }
  const now = plansFound(report, Object.keys(base.failingPlans));
  const failingNow = new Map(failing.map((f) => [f.ref, new Set(f.criteria)]));
  const noLongerFailing: FailingPlan[] = [];
  let notInExport = 0;
  for (const [ref, criteria] of Object.entries(base.failingPlans)) {
    const plan = now.get(ref);
    if (!plan) {
      notInExport++;
      continue;
    }
    const still = failingNow.get(ref) ?? new Set<string>();
    const fixed = criteria.filter((id) => known.has(id) && !still.has(id));
    if (fixed.length > 0) noLongerFailing.push({ ref, file: plan.file, line: plan.line, criteria: fixed });
  }
  const zeros = zerosDropped(newlyFailing, base, now);
  if (zeros.length > 0) {
    const [ref, was] = zeros[0]!;
    warnings.push(
      `${zeros.length === 1 ? '1 plan newly failing has the reference of a plan' : `${zeros.length} plans newly failing have the references of plans`} failing in the baseline without the leading zeros ('${ref}', '${was}' in the baseline${zeros.length > 1 ? ', and others' : ''}): Excel drops them when it opens a CSV (00123 read as the number 123), so these may be the same plans; re-export the file from the case-management system, or open it in Excel with Data > From Text/CSV, setting the reference column to Text`,
    );
  }
  const n = newlyFailing.length;
  results.push({
    name: 'baseline_plans',
    kind: 'baseline_plans',
    subject: null,
    limit: 0,
    actual: n,
    pass: n === 0,
    message:
      n === 0
        ? `no plan newly fails a critical criterion (${accepted} still failing as in the baseline); limit: none`
        : `${n} ${n === 1 ? 'plan newly fails' : 'plans newly fail'} a critical criterion (${accepted} still failing as in the baseline); limit: none`,
  });
  return {
    file: opts.file,
    rubric: base.rubric,
    asOf: base.asOf,
    tolerance: tol,
    rates,
    newlyFailing,
    noLongerFailing,
    accepted,
    notInExport,
    droppedCriteria,
    results,
    warnings,
  };
}
