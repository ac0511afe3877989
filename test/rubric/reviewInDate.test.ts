/**
 * `review-in-date` in the shipped rubrics (1.3.0 and later): the annual review is due 12 months after the
 * plan is made, then after each review (CFA 2014 s.44(1)), so a request still in assessment has no
 * review due: not applicable, as `priority` gives it no review factor. A plan that has been made
 * and is overdue is not met; a ceased plan is not applicable.
 */
import { describe, expect, it } from 'vitest';
import { emptyRecord, type PlanRecord } from '../../src/records/model.js';
import { loadRubric } from '../../src/rubric/load.js';
import { scorePlan } from '../../src/rubric/score.js';
import { evalContext } from '../../src/rubric/types.js';
import { evaluateFactors } from '../../src/priority/factors.js';
import { card, ctx as factorCtx } from '../priority/helpers.js';

const AS_OF = '2026-11-26';
const ctx = evalContext(AS_OF);

const plan = (dates: PlanRecord['dates']): PlanRecord => {
  const r = emptyRecord('P1');
  r.dates = dates;
  return r;
};

const rating = (rubric: string, rec: PlanRecord) => {
  const r = loadRubric(rubric);
  const i = r.criteria.findIndex((c) => c.def.id === 'review-in-date');
  return scorePlan(r, rec, ctx).results[i]!.rating;
};

describe('review-in-date', () => {
  for (const rubric of ['default', 'statutory']) {
    it(`${rubric}: a request still in assessment has no review due (not applicable); a made plan is judged`, () => {
      expect(rating(rubric, plan({ request: '2026-10-01', draftIssued: '2026-11-10' }))).toBe('na');
      expect(rating(rubric, plan({}))).toBe('na');
      expect(rating(rubric, plan({ request: '2024-01-01', finalIssued: '2024-05-01' }))).toBe('not_met');
      expect(rating(rubric, plan({ finalIssued: '2020-05-01', lastReview: '2026-02-01' }))).toBe('met');
      // A review recorded without the issue date: the plan was made, and the review is judged.
      expect(rating(rubric, plan({ lastReview: '2025-02-01' }))).toBe('not_met');
      expect(rating(rubric, plan({ lastReview: '2026-02-01' }))).toBe('met');
      expect(rating(rubric, plan({ finalIssued: '2020-05-01', ceased: '2026-01-01' }))).toBe('na');
      expect(rating(rubric, plan({ finalIssued: '2020-05-01', ceased: '2027-01-01' }))).toBe('not_met');
    });
  }

  it('agrees with priority: where the audit has no review due, priority gives no review factor', () => {
    const ids = (rec: PlanRecord) => evaluateFactors(rec, card(), factorCtx(AS_OF)).map((f) => f.id);
    const inAssessment = plan({ request: '2026-10-01', draftIssued: '2026-11-10' });
    expect(ids(inAssessment)).not.toContain('review_overdue');
    expect(rating('default', inAssessment)).toBe('na');
    const overdue = plan({ request: '2024-01-01', finalIssued: '2024-05-01' });
    expect(ids(overdue)).toContain('review_overdue');
    expect(rating('default', overdue)).toBe('not_met');
  });
});
