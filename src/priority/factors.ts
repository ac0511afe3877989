/**
 * Priority factors: why one plan should be reviewed before another, as SEND leaders do it (the
 * 2020 Lancashire revisit letter: legacy plans reviewed first for the most vulnerable children —
 * looked after, in youth custody — and for those at key transitions — school leavers, primary to
 * secondary). Each factor looks at one plan (its record and its rubric scorecard) and gives
 * points with a reason in words, or nothing. A plan's priority score is the sum of its points.
 *
 * Every weight and threshold has a default here, documented in docs/priority.md and repeated in
 * rubrics/priority-weights.yaml (a test keeps the two equal); a weights file overrides them.
 * A weight of 0 switches a factor off. Reasons never quote plan text or names.
 */
import { addMonths, dayNumber, ukDate } from '../records/dates.js';
import type { FieldPath } from '../records/mapping/schema.js';
import { formatNcYear, type PlanRecord } from '../records/model.js';
import { ageOn, ncYearFromDob, schoolYearStart } from '../records/schoolYear.js';
import type { Scorecard } from '../rubric/score.js';
import { own } from '../util/ownRecord.js';

/** Every weight and threshold the factors use (the resolved weights file). */
export interface PriorityWeights {
  looked_after: { weight: number };
  youth_custody: { weight: number };
  transition: {
    /** Points for a key transition within the coming year. */
    weight: number;
    /** Extra points when the statutory deadline for the amended plan is within `deadline_within_weeks`, or has passed. */
    deadline_weight: number;
    deadline_within_weeks: number;
  };
  legacy: {
    weight: number;
    /** ISO date: a plan whose final version was issued before this is a legacy plan. */
    issued_before: string;
    /** A plan with no QA sign-off (no signer, no date) also counts as legacy. */
    not_signed_off: boolean;
  };
  review_overdue: {
    /** Points for an annual review overdue by any amount. */
    weight: number;
    /** Extra points per whole month overdue. */
    per_month: number;
    /** Cap on this factor's points (never below `weight`). */
    max_points: number;
  };
  review_due: { weight: number; within_weeks: number };
  late_issue: { weight: number; weeks: number };
  quality: {
    /** Points per grade name (the rubric's grade bands); grades not listed earn none. */
    grades: Record<string, number>;
    /** Points for each critical criterion not met. */
    critical_not_met: number;
  };
}

export type FactorId = keyof PriorityWeights;

/** A part of a factor and the fields it reads (any one is enough): Factor.needs. */
export interface FactorNeed {
  fields: readonly FieldPath[];
  /** The part, when the factor has several ("never QA signed off"). */
  part?: string;
  /** What happens without the fields, when it is not that no plan gets the points. */
  effect?: string;
  /** Whether the weights use this part at all (default: whenever the factor's weight is above 0). */
  used?: (w: PriorityWeights) => boolean;
}

/**
 * The documented defaults. Legacy cut-off 2018-04-01: the statutory transition from statements of
 * SEN to EHC plans ended on 31 March 2018, so a plan issued before then was written in the
 * transition years, usually converted from a statement, before most LAs had QA systems (the
 * seed letter's "plans issued before the new systems and processes were introduced").
 */
export const DEFAULT_WEIGHTS: PriorityWeights = {
  looked_after: { weight: 5 },
  youth_custody: { weight: 5 },
  transition: { weight: 3, deadline_weight: 2, deadline_within_weeks: 12 },
  legacy: { weight: 2, issued_before: '2018-04-01', not_signed_off: true },
  review_overdue: { weight: 3, per_month: 0.5, max_points: 6 },
  review_due: { weight: 1, within_weeks: 8 },
  late_issue: { weight: 1, weeks: 20 },
  quality: { grades: { Inadequate: 4, 'Requires improvement': 2 }, critical_not_met: 1 },
};

export interface FactorHit {
  points: number;
  reason: string;
}

export interface CriterionInfo {
  title: string;
  severity: string;
}

export interface FactorContext {
  asOf: string;
  asOfDay: number;
  weights: PriorityWeights;
  /** Criterion id -> title and severity, from the rubric. */
  criteria: ReadonlyMap<string, CriterionInfo>;
}

export interface Factor {
  id: FactorId;
  label: string;
  /** The headline default weight (for quality: the points for Inadequate). */
  defaultWeight: number;
  /** One line for the docs: what earns points and how many by default. */
  summary: string;
  /**
   * The fields the factor reads, each part any one of its fields: a mapping that maps none of a
   * part's gives every plan the same answer there (no points, by default), which priority says
   * (records/fieldNeeds.ts). None for the rubric's grade.
   */
  needs?: readonly FactorNeed[];
  evaluate(rec: PlanRecord, card: Scorecard, ctx: FactorContext): FactorHit | null;
}

// ---------------------------------------------------------------------------------------------
// Dates and school years
// ---------------------------------------------------------------------------------------------

/** "1 day", "12 days", "3 weeks", "3 weeks 2 days". */
export function weeksText(days: number): string {
  const w = Math.floor(days / 7);
  const d = days % 7;
  const dayPart = `${d} day${d === 1 ? '' : 's'}`;
  if (w === 0) return dayPart;
  return `${w} week${w === 1 ? '' : 's'}${d ? ` ${dayPart}` : ''}`;
}

/** Whole months from `from` to `to` (0 when `to` is less than a month after), by calendar months. */
export function wholeMonths(from: string, to: string): number {
  let n = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + (Number(to.slice(5, 7)) - Number(from.slice(5, 7)));
  if (n > 0 && addMonths(from, n) > to) n--;
  return Math.max(0, n);
}

const round1 = (x: number) => Math.round(x * 10) / 10;

// ---------------------------------------------------------------------------------------------
// Transitions (Regs 18; domain.md §2)
// ---------------------------------------------------------------------------------------------

export interface Transition {
  /** "Year 6 to 7" */
  label: string;
  /** ISO date of the transfer (1 September), or the end of the school year for leavers. */
  date: string;
  /** ISO date by which the amended plan naming the new setting is due; undefined for leavers. */
  deadline?: string;
  /** How the NC year was known. */
  basis: 'nc year' | 'date of birth' | 'age';
  /** Set when the plan has outlived the age limit: `date` is when it could last be kept. */
  pastAgeLimit?: true;
}

/**
 * The last day an EHC plan may be kept for a young person born on `dob`: the end of the academic
 * year in which they turn 25 (CFA 2014 s.46), an academic year running 1 August to 31 July
 * (Education Act 1996 s.579).
 */
export function ageLimitEnd(dob: string): string {
  const year25 = Number(dob.slice(0, 4)) + 25;
  const academicYearStart = Number(dob.slice(5, 7)) >= 8 ? year25 : year25 - 1;
  return `${academicYearStart + 1}-07-31`;
}

/**
 * The plan's key transition within the coming year, if any. The NC year is the child's year in
 * the school year containing the as-of date (the export's NC year; from the date of birth when
 * the export has none). Phase transfers happen on 1 September; the amended plan must name the new
 * setting by 15 February of the transfer year (31 March for secondary to post-16): Regs 18, whose
 * phases include infant to junior school. That one is told from the setting's name (an infant
 * school, Year 2); first and middle schools' age ranges differ between LAs, so their transfers
 * are not guessed.
 */
/**
 * A setting named as an infant school (Ash Grove Infant School, St Mary's C of E Infants'), not
 * an all-through one (Kellbrook Junior and Infant School, an infant and nursery school is fine).
 */
const INFANT_SCHOOL = /\binfants?\b/i;
const ALL_THROUGH = /\b(?:junior|juniors|primary|all[- ]through)\b/i;

export function transitionOf(rec: PlanRecord, asOf: string): Transition | undefined {
  const dob = rec.child.dob;
  // Past the age limit the plan should have ceased, whatever NC year the export gives.
  if (dob !== undefined) {
    const limit = ageLimitEnd(dob);
    if (asOf > limit) return { label: `past the age limit (aged ${ageOn(dob, asOf)})`, date: limit, basis: 'age', pastAgeLimit: true };
  }
  let year = rec.child.ncYear;
  let basis: Transition['basis'] = 'nc year';
  if (year === undefined && dob !== undefined) {
    const derived = ncYearFromDob(dob, asOf);
    if (derived >= -2 && derived <= 14) {
      year = derived;
      basis = 'date of birth';
    }
  }
  const next = schoolYearStart(asOf) + 1;
  const sept = `${next}-09-01`;
  if (year === -1) return { label: 'early years to Reception', date: sept, deadline: `${next}-02-15`, basis };
  if (year === 2 && INFANT_SCHOOL.test(rec.setting.name ?? '') && !ALL_THROUGH.test(rec.setting.name ?? '')) return { label: 'infant to junior school (Year 2 to 3)', date: sept, deadline: `${next}-02-15`, basis };
  if (year === 6) return { label: 'Year 6 to 7', date: sept, deadline: `${next}-02-15`, basis };
  if (year === 11) return { label: 'Year 11 to post-16', date: sept, deadline: `${next}-03-31`, basis };
  if (year === 13 || year === 14) return { label: `leaving education (${formatNcYear(year)})`, date: `${next}-07-31`, basis };
  if (dob !== undefined && ageOn(dob, asOf) >= 19) return { label: `leaving education (aged ${ageOn(dob, asOf)})`, date: `${next}-07-31`, basis: 'age' };
  return undefined;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

// ---------------------------------------------------------------------------------------------
// The factors
// ---------------------------------------------------------------------------------------------

const lookedAfter: Factor = {
  id: 'looked_after',
  label: 'looked after',
  defaultWeight: DEFAULT_WEIGHTS.looked_after.weight,
  summary: 'the child is looked after (child.lookedAfter)',
  needs: [{ fields: ['child.lookedAfter'] }],
  evaluate(rec, _card, ctx) {
    return rec.child.lookedAfter === true ? { points: ctx.weights.looked_after.weight, reason: 'looked after' } : null;
  },
};

const youthCustody: Factor = {
  id: 'youth_custody',
  label: 'youth custody',
  defaultWeight: DEFAULT_WEIGHTS.youth_custody.weight,
  summary: 'the child or young person is in youth custody (child.youthCustody)',
  needs: [{ fields: ['child.youthCustody'] }],
  evaluate(rec, _card, ctx) {
    return rec.child.youthCustody === true ? { points: ctx.weights.youth_custody.weight, reason: 'youth custody' } : null;
  },
};

const transition: Factor = {
  id: 'transition',
  label: 'key transition',
  defaultWeight: DEFAULT_WEIGHTS.transition.weight,
  needs: [{ fields: ['child.ncYear', 'child.dob'] }],
  summary: 'a key transition in the coming school year: N2 to Reception, Year 6 to 7, Year 11 to post-16, or leaving education (Year 13/14 or aged 19+); more when the amended-plan deadline is near or past, or when the plan has outlived the age limit (the end of the academic year in which the young person turned 25)',
  evaluate(rec, _card, ctx) {
    const w = ctx.weights.transition;
    const t = transitionOf(rec, ctx.asOf);
    if (!t) return null;
    // A plan kept past the age limit is overdue to cease: the deadline has passed.
    if (t.pastAgeLimit) return { points: w.weight + w.deadline_weight, reason: `${t.label}: the plan could be kept only to ${ukDate(t.date)}, the end of the academic year in which they turned 25 (CFA 2014 s.46), and has not ceased` };
    const month = MONTH_NAMES[Number(t.date.slice(5, 7)) - 1]!;
    const when = t.deadline === undefined ? `in summer ${t.date.slice(0, 4)}` : `in ${month} ${t.date.slice(0, 4)}`;
    let reason = `transition ${t.label} ${when}`;
    if (t.basis === 'date of birth') reason += ' (NC year from date of birth)';
    let points = w.weight;
    if (t.deadline !== undefined) {
      reason += `: amended plan due by ${ukDate(t.deadline)}`;
      const daysLeft = dayNumber(t.deadline) - ctx.asOfDay;
      if (daysLeft < 0) {
        reason += ' (deadline passed)';
        points += w.deadline_weight;
      } else if (daysLeft <= w.deadline_within_weeks * 7) {
        reason += daysLeft === 0 ? ' (today)' : ` (in ${weeksText(daysLeft)})`;
        points += w.deadline_weight;
      }
    }
    return { points, reason };
  },
};

const legacy: Factor = {
  id: 'legacy',
  label: 'legacy plan',
  defaultWeight: DEFAULT_WEIGHTS.legacy.weight,
  needs: [
    { part: 'issued before the cut-off', fields: ['dates.finalIssued'] },
    {
      part: 'never QA signed off',
      fields: ['qa.signedOffBy', 'qa.signedOffDate'],
      effect: 'every plan counts as never signed off, and gets its points (set not_signed_off: false under factors.legacy in a weights file if the export holds no sign-off)',
      used: (w) => w.legacy.not_signed_off,
    },
  ],
  summary: 'the final plan was issued before 01/04/2018 (the end of the transfer from statements), or was never QA signed off',
  evaluate(rec, _card, ctx) {
    const w = ctx.weights.legacy;
    const parts: string[] = [];
    const issued = rec.dates.finalIssued;
    if (issued !== undefined && issued < w.issued_before) parts.push(`issued ${ukDate(issued)}, before ${ukDate(w.issued_before)}`);
    if (w.not_signed_off && rec.qa.signedOffBy === undefined && rec.qa.signedOffDate === undefined) parts.push('never QA signed off');
    return parts.length > 0 ? { points: w.weight, reason: `legacy plan: ${parts.join(', ')}` } : null;
  },
};

/**
 * When the next annual review is due: 12 months after the last review, or after the final issue
 * when there has been no review. CFA 2014 s.44(1) counts from the date the plan was first made and
 * then from the last review, so an amended plan issued after a review does not restart the clock.
 * The same rule as the rubrics' review-in-date (from: [dates.lastReview, dates.finalIssued]), so an
 * audit and a priority list agree on which reviews are overdue.
 */
export function reviewDueDate(rec: PlanRecord): string | undefined {
  const base = rec.dates.lastReview ?? rec.dates.finalIssued;
  return base === undefined ? undefined : addMonths(base, 12);
}

const reviewOverdue: Factor = {
  id: 'review_overdue',
  label: 'annual review overdue',
  defaultWeight: DEFAULT_WEIGHTS.review_overdue.weight,
  needs: [{ fields: ['dates.lastReview', 'dates.finalIssued'] }],
  summary: 'more than 12 months since the last review, or since the final issue if none (CFA s.44); more per whole month overdue, capped',
  evaluate(rec, _card, ctx) {
    const w = ctx.weights.review_overdue;
    const due = reviewDueDate(rec);
    if (due === undefined || ctx.asOf <= due) return null;
    const months = wholeMonths(due, ctx.asOf);
    const days = ctx.asOfDay - dayNumber(due);
    const by = months > 0 ? `${months} month${months === 1 ? '' : 's'}` : `${days} day${days === 1 ? '' : 's'}`;
    const points = round1(Math.max(w.weight, Math.min(w.weight + w.per_month * months, w.max_points)));
    return { points, reason: `review overdue by ${by} (due ${ukDate(due)})` };
  },
};

const reviewDue: Factor = {
  id: 'review_due',
  label: 'annual review due soon',
  defaultWeight: DEFAULT_WEIGHTS.review_due.weight,
  needs: [{ fields: ['dates.lastReview', 'dates.finalIssued'] }],
  summary: 'the annual review falls due within 8 weeks of the as-of date',
  evaluate(rec, _card, ctx) {
    const w = ctx.weights.review_due;
    const due = reviewDueDate(rec);
    if (due === undefined || ctx.asOf > due) return null;
    const days = dayNumber(due) - ctx.asOfDay;
    if (days > w.within_weeks * 7) return null;
    return { points: w.weight, reason: `review due by ${ukDate(due)} (${days === 0 ? 'today' : `in ${weeksText(days)}`})` };
  },
};

const lateIssue: Factor = {
  id: 'late_issue',
  label: 'issued after 20 weeks',
  defaultWeight: DEFAULT_WEIGHTS.late_issue.weight,
  needs: [{ fields: ['dates.request'] }],
  summary: 'the final plan was issued more than 20 weeks after the request, or is still not issued 20 weeks on (Regs 13)',
  evaluate(rec, _card, ctx) {
    const w = ctx.weights.late_issue;
    const { request, finalIssued } = rec.dates;
    if (request === undefined) return null;
    // No final plan yet: the weeks run to the as-of date, as the rubric's timely-20-weeks counts them.
    if (finalIssued === undefined) {
      const waited = ctx.asOfDay - dayNumber(request);
      if (waited <= w.weeks * 7) return null;
      return { points: w.weight, reason: `no final plan ${weeksText(waited)} after request (limit ${w.weeks} weeks)` };
    }
    const days = dayNumber(finalIssued) - dayNumber(request);
    if (days <= w.weeks * 7) return null;
    return { points: w.weight, reason: `issued ${weeksText(days)} after request (limit ${w.weeks} weeks)` };
  },
};

const quality: Factor = {
  id: 'quality',
  label: 'low grade or critical criterion not met',
  defaultWeight: DEFAULT_WEIGHTS.quality.grades.Inadequate ?? 0,
  summary: 'the rubric grade (Inadequate 4, Requires improvement 2), plus 1 for each critical criterion not met, named by its title',
  evaluate(_rec, card, ctx) {
    const w = ctx.weights.quality;
    const gradePoints = own(w.grades, card.grade) ?? 0;
    const critical = card.results
      .filter((r) => r.rating === 'not_met' && ctx.criteria.get(r.criterion)?.severity === 'critical')
      .map((r) => `"${ctx.criteria.get(r.criterion)?.title ?? r.criterion}"`);
    const critPoints = w.critical_not_met > 0 ? w.critical_not_met * critical.length : 0;
    const points = round1(gradePoints + critPoints);
    if (points <= 0) return null;
    // A criterion's title says what good looks like, so the rating comes first and the title is
    // quoted (double quotes: titles have apostrophes, "The child's ... views are recorded"):
    // 'critical not met: "Section F is free of vague wording"', never 'Section F is free of vague
    // wording not met'.
    const named = critPoints > 0 ? `critical not met: ${critical.join(', ')}` : '';
    const reason = gradePoints > 0 ? `grade ${card.grade}${named ? `, ${named}` : ''}` : named;
    return { points, reason };
  },
};

/** The factors, in the order their reasons are written. */
export const FACTORS: readonly Factor[] = [lookedAfter, youthCustody, transition, legacy, reviewOverdue, reviewDue, lateIssue, quality];
export const FACTOR_IDS: readonly FactorId[] = FACTORS.map((f) => f.id);

export interface FactorResult extends FactorHit {
  id: FactorId;
}

/** Every factor that gives the plan points (a factor weighted 0 gives none). */
export function evaluateFactors(rec: PlanRecord, card: Scorecard, ctx: FactorContext): FactorResult[] {
  const out: FactorResult[] = [];
  for (const f of FACTORS) {
    const hit = f.evaluate(rec, card, ctx);
    if (hit && hit.points > 0) out.push({ id: f.id, points: round1(hit.points), reason: hit.reason });
  }
  return out;
}

/** The priority score: the sum of the factors' points, to one decimal. */
export function priorityScore(hits: readonly FactorHit[]): number {
  return round1(hits.reduce((s, h) => s + h.points, 0));
}
