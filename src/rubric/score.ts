/**
 * Rating a plan against a rubric: each criterion gives met / partly / not met / not applicable;
 * the plan's score is the weighted share of applicable criteria met (partly met earns the rubric's
 * partly credit, 0.5 unless it says otherwise; advisory criteria are reported but not scored); the
 * grade is the band the score reaches, capped by limiting judgements on critical criteria not met.
 * The grade is always derived from the criteria, never typed in.
 */
import type { PlanRecord } from '../records/model.js';
import type { Rubric } from './load.js';
import type { CheckResult, EvalContext, Rating } from './types.js';

export interface CriterionOutcome {
  criterion: string;
  rating: Rating;
  /** Credit earned in [0,1]; undefined when not applicable. */
  credit?: number;
  reasons: string[];
  textReasons?: string[];
}

export interface Scorecard {
  ref: string;
  /** 0-100, one decimal; null when no scored criterion applies. */
  score: number | null;
  grade: string;
  /** The grade the score alone would give, before limiting judgements. */
  scoreGrade: string;
  /** The criteria that capped the grade (empty when nothing limited it): those of the limit that applied, not met (or, for critical_not_fully_met, partly met). */
  limitedBy: string[];
  results: CriterionOutcome[];
}

export const NOT_GRADED = 'Not graded';

/** The reasons of a criterion whose applies_when is false: one list for every such result. */
const NOT_APPLICABLE: string[] = Object.freeze(['does not apply to this plan']) as unknown as string[];

export function creditFor(r: CheckResult, partly: number | 'measured'): number | undefined {
  switch (r.rating) {
    case 'met':
      return 1;
    case 'not_met':
      return 0;
    case 'na':
      return undefined;
    case 'partly':
      return partly === 'measured' ? (r.credit ?? 0.5) : partly;
  }
}

export function gradeFor(rubric: Rubric, score: number): string {
  for (const b of rubric.grades.bands) if (score >= b.min) return b.name;
  return rubric.grades.bands[rubric.grades.bands.length - 1]!.name;
}

/**
 * Each criterion's outcome when met with nothing to say, and when it does not apply: the commonest
 * outcomes, made once per rubric and shared (frozen) by every scorecard rather than made anew for
 * every plan (most of a plan's 29 outcomes under the default rubric).
 */
const commonOutcomes = new WeakMap<Rubric, { met: CriterionOutcome[]; na: CriterionOutcome[] }>();

function outcomesOf(rubric: Rubric): { met: CriterionOutcome[]; na: CriterionOutcome[] } {
  let o = commonOutcomes.get(rubric);
  if (o === undefined) {
    const noReasons = Object.freeze([]) as unknown as string[];
    o = {
      met: rubric.criteria.map((c) => Object.freeze({ criterion: c.def.id, rating: 'met', reasons: noReasons, credit: 1 }) as CriterionOutcome),
      na: rubric.criteria.map((c) => Object.freeze({ criterion: c.def.id, rating: 'na', reasons: NOT_APPLICABLE }) as CriterionOutcome),
    };
    commonOutcomes.set(rubric, o);
  }
  return o;
}

export function scorePlan(rubric: Rubric, rec: PlanRecord, ctx: EvalContext): Scorecard {
  const common = outcomesOf(rubric);
  const results: CriterionOutcome[] = [];
  let num = 0;
  let den = 0;
  const criticalNotMet: string[] = [];
  const criticalShort: string[] = [];
  const criteria = rubric.criteria;
  for (let i = 0; i < criteria.length; i++) {
    const c = criteria[i]!;
    if (c.applies && !c.applies(rec, ctx)) {
      results.push(common.na[i]!);
      continue;
    }
    const r = c.check(rec, ctx);
    const credit = creditFor(r, rubric.partlyCredit);
    if (r.rating === 'met' && r.reasons.length === 0 && credit === 1 && !(r.textReasons && r.textReasons.length)) results.push(common.met[i]!);
    else {
      const out: CriterionOutcome = { criterion: c.def.id, rating: r.rating, reasons: r.reasons };
      if (credit !== undefined) out.credit = Math.round(credit * 1000) / 1000;
      if (r.textReasons && r.textReasons.length) out.textReasons = r.textReasons;
      results.push(out);
    }
    if (credit === undefined) continue;
    if (c.def.severity !== 'advisory') {
      num += c.def.weight * credit;
      den += c.def.weight;
    }
    if (c.def.severity === 'critical' && r.rating !== 'met') {
      criticalShort.push(c.def.id);
      if (r.rating === 'not_met') criticalNotMet.push(c.def.id);
    }
  }
  if (den === 0) return { ref: rec.ref, score: null, grade: NOT_GRADED, scoreGrade: NOT_GRADED, limitedBy: [], results };
  const score = Math.round((1000 * num) / den) / 10;
  const scoreGrade = gradeFor(rubric, score);
  const names = rubric.grades.bands.map((b) => b.name);
  let grade = scoreGrade;
  let limitedBy: string[] = [];
  for (const limit of rubric.grades.limits) {
    if (names.indexOf(limit.cap) <= names.indexOf(grade)) continue;
    const critical = limit.critical_not_fully_met !== undefined ? criticalShort : criticalNotMet;
    const by = limit.not_met
      ? limit.not_met.filter((id) => results.some((r) => r.criterion === id && r.rating === 'not_met'))
      : critical.length >= (limit.critical_not_fully_met ?? limit.critical_not_met!)
        ? critical
        : [];
    if (by.length === 0) continue;
    grade = limit.cap;
    limitedBy = by;
  }
  return { ref: rec.ref, score, grade, scoreGrade, limitedBy, results };
}
