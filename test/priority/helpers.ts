/** Builders shared by the priority tests: plans, scorecards and factor contexts. */
import { dayNumber } from '../../src/records/dates.js';
import { emptyRecord, type PlanRecord } from '../../src/records/model.js';
import type { CriterionOutcome, Scorecard } from '../../src/rubric/score.js';
import { DEFAULT_WEIGHTS, type CriterionInfo, type FactorContext, type PriorityWeights } from '../../src/priority/factors.js';
import { mergeWeights } from '../../src/priority/weights.js';

export const AS_OF = '2026-11-26';

/** Criteria as the default rubric names them (ids and titles), for the quality factor. */
export const CRITERIA = new Map<string, CriterionInfo>([
  ['G-health-provision', { title: 'Health needs are met by health provision in Section G', severity: 'critical' }],
  ['F-not-vague', { title: 'Section F is free of vague wording', severity: 'critical' }],
  ['E-time-bound', { title: 'Every outcome has a timescale', severity: 'standard' }],
]);

export interface PlanParts {
  ref?: string;
  child?: PlanRecord['child'];
  dates?: PlanRecord['dates'];
  qa?: PlanRecord['qa'];
}

/** A plan that earns no points by default: QA signed off, issued recently and in time, review in date, no transition. */
export function plan(parts: PlanParts = {}): PlanRecord {
  return {
    ...emptyRecord(parts.ref ?? 'P1'),
    child: { ncYear: 3, ...parts.child },
    dates: { request: '2026-01-05', finalIssued: '2026-04-01', ...parts.dates },
    qa: parts.qa ?? { signedOffBy: 'QA Officer', signedOffDate: '2026-04-01' },
  };
}

/** A scorecard with the given grade and criterion ratings (not from a rubric). */
export function card(grade = 'Good', notMet: string[] = [], ref = 'P1'): Scorecard {
  const results: CriterionOutcome[] = notMet.map((criterion) => ({ criterion, rating: 'not_met', credit: 0, reasons: ['x'] }));
  return { ref, score: grade === 'Good' ? 85 : 50, grade, scoreGrade: grade, limitedBy: [], results };
}

export function ctx(asOf = AS_OF, weights: PriorityWeights = mergeWeights({})): FactorContext {
  return { asOf, asOfDay: dayNumber(asOf), weights, criteria: CRITERIA };
}

/** A deep copy of the defaults with some settings changed. */
export function weightsWith(change: (w: PriorityWeights) => void): PriorityWeights {
  const w = structuredClone(DEFAULT_WEIGHTS);
  change(w);
  return w;
}
