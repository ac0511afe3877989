import { describe, expect, it } from 'vitest';
import { compileError, plan, run } from './helpers.js';

const week20 = { type: 'date_within', from: 'dates.request', to: 'dates.finalIssued', max_weeks: 20 };
const review = { type: 'date_within', from: ['dates.lastReview', 'dates.finalIssued'], to: 'as_of', max_months: 12 };

describe('date_within', () => {
  it('20 weeks: 140 days is met, 141 is not', () => {
    expect(run(week20, plan({ dates: { request: '2024-01-01', finalIssued: '2024-05-20' } }))).toEqual({ rating: 'met', reasons: [] });
    expect(run(week20, plan({ dates: { request: '2024-01-01', finalIssued: '2024-05-21' } }))).toEqual({
      rating: 'not_met',
      reasons: ['final plan issued 20 weeks 1 day after the request; limit 20 weeks'],
      textReasons: ['final plan issued 20 weeks 1 day after the request; limit 20 weeks (01/01/2024 to 21/05/2024)'],
    });
    expect(run(week20, plan({ dates: { request: '2024-01-01', finalIssued: '2024-07-04' } })).reasons).toEqual([
      'final plan issued 26 weeks 3 days after the request; limit 20 weeks',
    ]);
    expect(run(week20, plan({ dates: { request: '2024-01-01', finalIssued: '2024-01-01' } })).rating).toBe('met');
  });

  it('no final plan yet: to [dates.finalIssued, as_of] runs the 20 weeks to the as-of date (26/11/2026)', () => {
    const live = { ...week20, to: ['dates.finalIssued', 'as_of'], missing: 'na' };
    expect(run(live, plan({ dates: { request: '2026-01-01' } }))).toEqual({
      rating: 'not_met',
      reasons: ['request made 47 weeks before the as-of date 26/11/2026, dates.finalIssued not recorded; limit 20 weeks'],
      textReasons: ['request made 47 weeks before the as-of date 26/11/2026, dates.finalIssued not recorded; limit 20 weeks (01/01/2026 to 26/11/2026)'],
    });
    // Still within the 20 weeks: nothing is late yet.
    expect(run(live, plan({ dates: { request: '2026-07-09' } })).rating).toBe('met');
    // A final plan recorded: the gap is to it, as before.
    expect(run(live, plan({ dates: { request: '2024-01-01', finalIssued: '2024-05-21' } })).reasons).toEqual([
      'final plan issued 20 weeks 1 day after the request; limit 20 weeks',
    ]);
    expect(run(live, plan({ dates: {} })).rating).toBe('na');
  });

  it('a gap from the date of birth is given by its limit, not to the day (with the as-of date it gave the date of birth away)', () => {
    const young = { type: 'date_within', from: 'child.dob', to: 'as_of', max_days: 10 };
    expect(run(young, plan({ child: { dob: '2013-03-17' } }))).toEqual({
      rating: 'not_met',
      reasons: ['date of birth more than 10 days before the as-of date 26/11/2026; limit 10 days'],
      textReasons: ['date of birth more than 10 days before the as-of date 26/11/2026; limit 10 days (17/03/2013 to 26/11/2026)'],
    });
    const old = { type: 'date_within', from: 'child.dob', to: 'dates.request', min_weeks: 100 };
    expect(run(old, plan({ child: { dob: '2024-01-01' }, dates: { request: '2024-06-01' } })).reasons).toEqual(['request made less than 100 weeks after birth; minimum 100 weeks']);
    expect(run(old, plan({ child: { dob: '2024-06-02' }, dates: { request: '2024-06-01' } })).reasons).toEqual(['request made before birth: the dates are in the wrong order']);
  });

  it('max_days and grace_days', () => {
    const spec = { type: 'date_within', from: 'dates.request', to: 'dates.finalIssued', max_days: 140 };
    expect(run(spec, plan({ dates: { request: '2024-01-01', finalIssued: '2024-05-21' } })).reasons).toEqual([
      'final plan issued 141 days after the request; limit 140 days',
    ]);
    const grace = { ...week20, grace_days: 2 };
    expect(run(grace, plan({ dates: { request: '2024-01-01', finalIssued: '2024-05-22' } })).rating).toBe('met');
    expect(run(grace, plan({ dates: { request: '2024-01-01', finalIssued: '2024-05-23' } })).reasons).toEqual([
      "final plan issued 20 weeks 3 days after the request; limit 20 weeks, with 2 days' grace",
    ]);
    expect(run({ ...week20, grace_days: 1 }, plan({ dates: { request: '2024-01-01', finalIssued: '2024-05-23' } })).reasons[0]).toMatch(/with 1 day's grace$/);
  });

  it('annual review against the as-of date, falling back to the final plan date', () => {
    expect(run(review, plan({ dates: { lastReview: '2025-09-26' } }))).toEqual({
      rating: 'not_met',
      reasons: ['last review 14 months before the as-of date 26/11/2026; limit 12 months'],
      textReasons: ['last review 14 months before the as-of date 26/11/2026; limit 12 months (26/09/2025 to 26/11/2026)'],
    });
    expect(run(review, plan({ dates: { lastReview: '2025-11-26' } })).rating).toBe('met');
    expect(run(review, plan({ dates: { lastReview: '2025-11-25' } })).reasons).toEqual([
      'last review 12 months 1 day before the as-of date 26/11/2026; limit 12 months',
    ]);
    expect(run(review, plan({ dates: { finalIssued: '2025-06-01' } })).reasons).toEqual([
      'final plan issued 17 months 25 days before the as-of date 26/11/2026; limit 12 months',
    ]);
    expect(run(review, plan({ dates: { lastReview: '2026-12-01' } })).reasons).toEqual([
      'last review 5 days after the as-of date 26/11/2026: the dates are in the wrong order',
    ]);
    expect(run(review, plan({ dates: { lastReview: '2025-12-01' } }), '2026-12-01').rating).toBe('met');
  });

  it('calendar months clamp at month end (31 Jan + 1 month)', () => {
    const spec = { type: 'date_within', from: 'dates.request', to: 'dates.draftIssued', max_months: 1 };
    expect(run(spec, plan({ dates: { request: '2025-01-31', draftIssued: '2025-02-28' } })).rating).toBe('met');
    expect(run(spec, plan({ dates: { request: '2025-01-31', draftIssued: '2025-03-01' } })).reasons).toEqual([
      'draft plan issued 1 month 1 day after the request; limit 1 month',
    ]);
    expect(run(spec, plan({ dates: { request: '2024-01-31', draftIssued: '2024-02-29' } })).rating).toBe('met');
    expect(run(spec, plan({ dates: { request: '2024-01-31', draftIssued: '2024-03-01' } })).rating).toBe('not_met');
  });

  it('min limits and dates in the wrong order', () => {
    const spec = { type: 'date_within', from: 'dates.draftIssued', to: 'dates.finalIssued', min_days: 15 };
    expect(run(spec, plan({ dates: { draftIssued: '2024-03-01', finalIssued: '2024-03-16' } })).rating).toBe('met');
    expect(run(spec, plan({ dates: { draftIssued: '2024-03-01', finalIssued: '2024-03-10' } })).reasons).toEqual([
      'final plan issued 9 days after the draft plan; minimum 15 days',
    ]);
    expect(run(spec, plan({ dates: { draftIssued: '2024-03-10', finalIssued: '2024-03-01' } })).reasons).toEqual([
      'final plan issued 9 days before the draft plan: the dates are in the wrong order',
    ]);
    expect(run(week20, plan({ dates: { request: '2024-03-01', finalIssued: '2024-01-01' } })).reasons).toEqual([
      'final plan issued 8 weeks 4 days before the request: the dates are in the wrong order',
    ]);
    const both = { ...spec, min_weeks: undefined, max_weeks: 8 };
    expect(run(both, plan({ dates: { draftIssued: '2024-03-01', finalIssued: '2024-05-01' } })).reasons).toEqual([
      'final plan issued 8 weeks 5 days after the draft plan; limit 8 weeks',
    ]);
  });

  it('missing dates: not applicable by default, not met with missing: not_met', () => {
    expect(run(week20, plan({ dates: { finalIssued: '2024-05-01' } }))).toEqual({ rating: 'na', reasons: ['dates.request not recorded'] });
    expect(run({ ...week20, missing: 'not_met' }, plan({ dates: { finalIssued: '2024-05-01' } }))).toEqual({
      rating: 'not_met',
      reasons: ['dates.request not recorded'],
    });
    expect(run({ ...week20, missing: 'not_met' }, plan())).toEqual({
      rating: 'not_met',
      reasons: ['dates.request not recorded', 'dates.finalIssued not recorded'],
    });
    expect(run(review, plan())).toEqual({ rating: 'na', reasons: ['none of dates.lastReview, dates.finalIssued recorded'] });
  });

  it('extra columns: dd/mm/yyyy is read, anything else is not a date', () => {
    const spec = { type: 'date_within', from: 'extra.Review Date', to: ['dates.ceased', 'as_of'], max_months: 12 };
    expect(run(spec, plan({ extra: { 'Review Date': '01/02/2026' } })).rating).toBe('met');
    expect(run(spec, plan({ extra: { 'Review Date': '01/02/2024' }, dates: { ceased: '2024-06-01' } })).rating).toBe('met');
    expect(run(spec, plan({ extra: { 'Review Date': '01/02/2024' } })).reasons).toEqual([
      'extra.Review Date 33 months 25 days before the as-of date 26/11/2026, dates.ceased not recorded; limit 12 months',
    ]);
    expect(run(spec, plan({ extra: { 'Review Date': 'soon' } }))).toEqual({ rating: 'na', reasons: ['extra.Review Date is not a date'] });
  });

  it('compile-time errors', () => {
    expect(compileError({ type: 'date_within', from: 'dates.request', to: 'dates.finalIssued' })).toMatch(/^: date_within needs a limit/);
    expect(compileError({ ...week20, max_days: 140 })).toBe('max_weeks: give only one of max_days, max_weeks, max_months');
    expect(compileError({ ...week20, min_days: 1, min_weeks: 1 })).toBe('min_weeks: give only one of min_days, min_weeks');
    expect(compileError({ ...week20, from: 'as_of' })).toBe("from: 'as_of' can only be used in to");
    expect(compileError({ ...week20, from: ['dates.request', 'dates.requested'] })).toBe(
      "from.1: unknown field 'dates.requested': dates has request, draftIssued, finalIssued, lastReview, ceased",
    );
    expect(compileError({ ...week20, to: 'dates[].x' })).toMatch(/^to: /);
    expect(compileError({ ...week20, to: 'k[].date' })).toBe("to: 'k[].date' is a list of values; a date path names one date");
    expect(compileError({ ...week20, to: 'finalIssued' })).toMatch(/^to: unknown field 'finalIssued'/);
    expect(compileError({ ...week20, missing: 'met' })).toMatch(/^missing: /);
    expect(compileError({ ...week20, max_weeks: -1 })).toMatch(/^max_weeks: /);
  });

  it('grace_days without a max_* limit is an error (it extends only the maximum)', () => {
    const min = { type: 'date_within', from: 'dates.draftIssued', to: 'dates.finalIssued', min_weeks: 3 };
    expect(compileError({ ...min, grace_days: 2 })).toBe('grace_days: grace_days extends the max_days, max_weeks or max_months limit, and this check has none: take it out, or lower min_weeks');
    expect(compileError({ ...min, max_days: 60, grace_days: 2 })).toBeUndefined();
  });

  it('a minimum above the maximum is an error, units converted (a week is 7 days, a month at most 31)', () => {
    const base = { type: 'date_within', from: 'dates.request', to: 'dates.finalIssued' };
    expect(compileError({ ...base, min_days: 30, max_days: 10 })).toBe('min_days: min_days (30) is above max_days (10): no gap can meet both');
    expect(compileError({ ...base, min_weeks: 3, max_days: 20 })).toBe('min_weeks: min_weeks (3) is above max_days (20): no gap can meet both');
    expect(compileError({ ...base, min_days: 15, max_weeks: 2 })).toMatch(/^min_days: min_days \(15\) is above max_weeks \(2\)/);
    expect(compileError({ ...base, min_days: 63, max_months: 2 })).toMatch(/^min_days: min_days \(63\) is above max_months \(2\)/);
    // 62 days may fit in two calendar months (July and August): not refused.
    expect(compileError({ ...base, min_days: 62, max_months: 2 })).toBeUndefined();
    expect(compileError({ ...base, min_days: 14, max_weeks: 2 })).toBeUndefined();
    // With the grace the maximum allows: 22 days meets min 22 and 3 weeks with 2 days' grace.
    expect(compileError({ ...base, min_days: 22, max_weeks: 3, grace_days: 2 })).toBeUndefined();
    expect(compileError({ ...base, min_days: 32, max_months: 1, grace_days: 5 })).toBeUndefined();
    expect(compileError({ ...base, min_days: 24, max_weeks: 3, grace_days: 2 })).toBe('min_days: min_days (24) is above max_weeks (3) and grace_days (2): no gap can meet both');
  });
});
