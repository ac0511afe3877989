/** Priority factors one at a time, at their boundaries. */
import { describe, expect, it } from 'vitest';
import { dayNumber, isoFromDayNumber } from '../../src/records/dates.js';
import {
  DEFAULT_WEIGHTS,
  evaluateFactors,
  FACTORS,
  priorityScore,
  transitionOf,
  weeksText,
  wholeMonths,
  type FactorId,
} from '../../src/priority/factors.js';
import { mergeWeights } from '../../src/priority/weights.js';
import type { PlanRecord } from '../../src/records/model.js';
import { ageOn, ncYearFromDob, schoolYearStart } from '../../src/records/schoolYear.js';
import type { Scorecard } from '../../src/rubric/score.js';
import { AS_OF, card, ctx, plan, weightsWith } from './helpers.js';

const factor = (id: FactorId) => FACTORS.find((f) => f.id === id)!;
const hit = (id: FactorId, rec: PlanRecord, asOf = AS_OF, sc: Scorecard = card(), c = ctx(asOf)) => factor(id).evaluate(rec, sc, c);
const daysBefore = (iso: string, days: number) => isoFromDayNumber(dayNumber(iso) - days);

describe('helpers', () => {
  it('school years start on 1 September', () => {
    expect(schoolYearStart('2026-08-31')).toBe(2025);
    expect(schoolYearStart('2026-09-01')).toBe(2026);
    expect(schoolYearStart('2026-11-26')).toBe(2026);
  });
  it('NC year from the date of birth follows the 1 September cohort', () => {
    expect(ncYearFromDob('2016-01-22', AS_OF)).toBe(6); // fixture EHCP-2017-00009: Year 6
    expect(ncYearFromDob('2015-09-01', AS_OF)).toBe(6);
    expect(ncYearFromDob('2015-08-31', AS_OF)).toBe(7);
    expect(ncYearFromDob('2023-01-07', AS_OF)).toBe(-1); // fixture EHCP-2026-00020: N2
  });
  it('age in whole years, birthday counted on the day', () => {
    expect(ageOn('2007-11-26', AS_OF)).toBe(19);
    expect(ageOn('2007-11-27', AS_OF)).toBe(18);
  });
  it('weeks and days in words', () => {
    expect(weeksText(1)).toBe('1 day');
    expect(weeksText(7)).toBe('1 week');
    expect(weeksText(81)).toBe('11 weeks 4 days');
  });
  it('whole calendar months, month ends clamped', () => {
    expect(wholeMonths('2026-07-26', '2026-11-26')).toBe(4);
    expect(wholeMonths('2026-07-26', '2026-11-25')).toBe(3);
    expect(wholeMonths('2026-01-31', '2026-02-28')).toBe(1);
    expect(wholeMonths('2026-11-26', '2026-11-26')).toBe(0);
  });
});

describe('the most vulnerable', () => {
  it('looked after', () => {
    expect(hit('looked_after', plan({ child: { lookedAfter: true } }))).toEqual({ points: 5, reason: 'looked after' });
    expect(hit('looked_after', plan({ child: { lookedAfter: false } }))).toBeNull();
    expect(hit('looked_after', plan())).toBeNull();
  });
  it('youth custody', () => {
    expect(hit('youth_custody', plan({ child: { youthCustody: true } }))).toEqual({ points: 5, reason: 'youth custody' });
    expect(hit('youth_custody', plan())).toBeNull();
  });
});

describe('key transitions', () => {
  const at = (ncYear: number | undefined, asOf = AS_OF, child: PlanRecord['child'] = {}) => hit('transition', plan({ child: { ...child, ncYear } }), asOf);

  it('Year 6 to 7: the amended plan is due by 15 February of the transfer year', () => {
    // 26/11/2026 to 15/02/2027 is 81 days: within the default 12 weeks, so the deadline points are added.
    expect(at(6)).toEqual({ points: 5, reason: 'transition Year 6 to 7 in September 2027: amended plan due by 15/02/2027 (in 11 weeks 4 days)' });
  });
  it('N2 to Reception is a phase transfer with the same 15 February deadline', () => {
    expect(at(-1)?.reason).toBe('transition early years to Reception in September 2027: amended plan due by 15/02/2027 (in 11 weeks 4 days)');
  });
  it('infant to junior school (Year 2 in an infant school) is a phase transfer (Regs 18), due by 15 February', () => {
    const y2 = (name: string | undefined) => hit('transition', { ...plan({ child: { ncYear: 2 } }), setting: name === undefined ? {} : { name } }, AS_OF);
    expect(y2('Ash Grove Infant School')?.reason).toBe('transition infant to junior school (Year 2 to 3) in September 2027: amended plan due by 15/02/2027 (in 11 weeks 4 days)');
    expect(y2("St Mary's C of E Infants'")?.reason).toMatch(/^transition infant to junior school/);
    expect(y2('Fenwold Infant and Nursery School')?.reason).toMatch(/^transition infant to junior school/);
    // Year 2 in a primary or an all-through junior and infant school, or a setting not named: no transfer.
    expect(y2('Ash Grove Primary Academy')).toBeNull();
    expect(y2('Kellbrook Junior and Infant School')).toBeNull();
    expect(y2('Kellbrook Infant & Junior School')).toBeNull();
    expect(y2(undefined)).toBeNull();
    expect(hit('transition', { ...plan({ child: { ncYear: 3 } }), setting: { name: 'Ash Grove Infant School' } }, AS_OF)).toBeNull();
  });
  it('Year 11 to post-16: due by 31 March', () => {
    expect(at(11)).toEqual({ points: 3, reason: 'transition Year 11 to post-16 in September 2027: amended plan due by 31/03/2027' });
  });
  it('leaving education: Year 13, Year 14, or aged 19+', () => {
    expect(at(13)).toEqual({ points: 3, reason: 'transition leaving education (Year 13) in summer 2027' });
    expect(at(14)?.reason).toBe('transition leaving education (Year 14) in summer 2027');
    expect(at(undefined, AS_OF, { dob: '2005-03-01' })?.reason).toBe('transition leaving education (aged 21) in summer 2027');
    expect(at(undefined, AS_OF, { dob: '2007-11-26' })?.reason).toBe('transition leaving education (Year 14) in summer 2027 (NC year from date of birth)');
    expect(at(12, AS_OF, { dob: '2007-11-26' })?.reason).toBe('transition leaving education (aged 19) in summer 2027');
    expect(at(12, AS_OF, { dob: '2007-11-27' })).toBeNull(); // 18 on the as-of date, in Year 12
  });
  it('past the age limit: the end of the academic year (1 August to 31 July) in which they turned 25 (CFA 2014 s.46)', () => {
    const past = at(13, AS_OF, { dob: '2000-03-01' });
    expect(past).toEqual({
      points: 5,
      reason: 'past the age limit (aged 26): the plan could be kept only to 31/07/2025, the end of the academic year in which they turned 25 (CFA 2014 s.46), and has not ceased',
    });
    // Turned 25 on 15/08/2025, in the academic year that began on 1 August 2025: kept to 31/07/2026.
    expect(at(undefined, AS_OF, { dob: '2000-08-15' })?.reason).toMatch(/^past the age limit \(aged 26\): the plan could be kept only to 31\/07\/2026,/);
    // Turned 25 on 31/07/2025, the last day of the academic year 2024/25: past the limit since 01/08/2025.
    expect(at(undefined, '2025-07-31', { dob: '2000-07-31' })?.reason).toBe('transition leaving education (aged 25) in summer 2025');
    expect(at(undefined, '2025-08-01', { dob: '2000-07-31' })?.reason).toMatch(/^past the age limit \(aged 25\): the plan could be kept only to 31\/07\/2025,/);
    // Turning 25 in this academic year: leaving education, as at 19+.
    expect(at(undefined, AS_OF, { dob: '2001-09-01' })?.reason).toBe('transition leaving education (aged 25) in summer 2027');
  });
  it('no transition in the years between', () => {
    for (const y of [-2, 0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12]) expect(at(y), `NC year ${y}`).toBeNull();
    expect(at(undefined)).toBeNull();
  });
  it('the NC year comes from the date of birth when the export has none', () => {
    expect(at(undefined, AS_OF, { dob: '2016-01-22' })?.reason).toBe(
      'transition Year 6 to 7 in September 2027 (NC year from date of birth): amended plan due by 15/02/2027 (in 11 weeks 4 days)',
    );
  });
  it('deadline points: exactly 12 weeks before is within, one day more is not', () => {
    expect(at(6, daysBefore('2027-02-15', 84))?.points).toBe(5);
    expect(at(6, daysBefore('2027-02-15', 85))?.points).toBe(3);
    expect(at(11, daysBefore('2027-03-31', 84))?.points).toBe(5);
    expect(at(11, daysBefore('2027-03-31', 85))?.points).toBe(3);
  });
  it('on the deadline day, and after it', () => {
    expect(at(6, '2027-02-15')).toEqual({ points: 5, reason: 'transition Year 6 to 7 in September 2027: amended plan due by 15/02/2027 (today)' });
    expect(at(6, '2027-02-16')).toEqual({ points: 5, reason: 'transition Year 6 to 7 in September 2027: amended plan due by 15/02/2027 (deadline passed)' });
  });
  it('the transfer year turns over on 1 September', () => {
    expect(at(6, '2027-08-31')?.reason).toMatch(/^transition Year 6 to 7 in September 2027: amended plan due by 15\/02\/2027/);
    expect(at(6, '2027-09-01')).toEqual({ points: 3, reason: 'transition Year 6 to 7 in September 2028: amended plan due by 15/02/2028' });
  });
  it('deadline weeks and weight are configurable', () => {
    const c = ctx(AS_OF, weightsWith((w) => (w.transition = { weight: 4, deadline_weight: 10, deadline_within_weeks: 11 })));
    expect(hit('transition', plan({ child: { ncYear: 6 } }), AS_OF, card(), c)?.points).toBe(4); // 81 days > 77
    const c2 = ctx(AS_OF, weightsWith((w) => (w.transition = { weight: 4, deadline_weight: 10, deadline_within_weeks: 20 })));
    expect(hit('transition', plan({ child: { ncYear: 11 } }), AS_OF, card(), c2)?.points).toBe(14);
  });
  it('transitionOf gives the dates', () => {
    expect(transitionOf(plan({ child: { ncYear: 11 } }), AS_OF)).toEqual({ label: 'Year 11 to post-16', date: '2027-09-01', deadline: '2027-03-31', basis: 'nc year' });
  });
});

describe('legacy plans', () => {
  it('issued before the cut-off (default 01/04/2018); the cut-off day itself is not legacy', () => {
    expect(hit('legacy', plan({ dates: { finalIssued: '2018-03-31' } }))).toEqual({ points: 2, reason: 'legacy plan: issued 31/03/2018, before 01/04/2018' });
    expect(hit('legacy', plan({ dates: { finalIssued: '2018-04-01' } }))).toBeNull();
  });
  it('never QA signed off', () => {
    expect(hit('legacy', plan({ qa: {} }))).toEqual({ points: 2, reason: 'legacy plan: never QA signed off' });
    expect(hit('legacy', plan({ qa: { signedOffDate: '2026-04-01' } }))).toBeNull();
    expect(hit('legacy', plan({ dates: { finalIssued: '2016-05-12' }, qa: {} }))?.reason).toBe('legacy plan: issued 12/05/2016, before 01/04/2018, never QA signed off');
  });
  it('the cut-off and the sign-off rule are configurable', () => {
    const c = ctx(AS_OF, weightsWith((w) => (w.legacy = { weight: 2, issued_before: '2020-03-23', not_signed_off: false })));
    expect(hit('legacy', plan({ dates: { finalIssued: '2019-12-07' }, qa: {} }), AS_OF, card(), c)?.reason).toBe('legacy plan: issued 07/12/2019, before 23/03/2020');
  });
});

describe('annual review', () => {
  const issued = (finalIssued: string, lastReview?: string) => plan({ dates: { finalIssued, ...(lastReview ? { lastReview } : {}) } });

  it('exactly 12 months after the final issue is not overdue: it is due today', () => {
    expect(hit('review_overdue', issued('2025-11-26'))).toBeNull();
    expect(hit('review_due', issued('2025-11-26'))).toEqual({ points: 1, reason: 'review due by 26/11/2026 (today)' });
  });
  it('one day past 12 months is overdue', () => {
    expect(hit('review_overdue', issued('2025-11-25'))).toEqual({ points: 3, reason: 'review overdue by 1 day (due 25/11/2026)' });
    expect(hit('review_due', issued('2025-11-25'))).toBeNull();
  });
  it('measured from the last review, or from the final issue when there has been none (CFA s.44)', () => {
    expect(hit('review_overdue', issued('2024-03-01', '2025-07-26'))?.reason).toBe('review overdue by 4 months (due 26/07/2026)');
    // An amended plan issued after the last review does not restart the clock: the review counts,
    // as in the rubric's review-in-date.
    expect(hit('review_overdue', issued('2026-01-10', '2025-01-01'))?.reason).toBe('review overdue by 10 months (due 01/01/2026)');
  });
  it('points grow with whole months overdue, capped', () => {
    expect(hit('review_overdue', issued('2025-07-26'))?.points).toBe(5); // 4 months: 3 + 4 x 0.5
    expect(hit('review_overdue', issued('2025-07-27'))?.points).toBe(4.5); // 3 months 30 days
    expect(hit('review_overdue', issued('2021-01-01'))?.points).toBe(6); // capped
  });
  it('due within 8 weeks (56 days), not 57', () => {
    expect(hit('review_due', issued(daysBefore('2025-11-26', -56)))?.reason).toMatch(/\(in 8 weeks\)$/);
    expect(hit('review_due', issued(daysBefore('2025-11-26', -57)))).toBeNull();
  });
  it('no dates, no judgement', () => {
    expect(hit('review_overdue', plan({ dates: {} }))).toBeNull();
    expect(hit('review_due', plan({ dates: {} }))).toBeNull();
  });
});

describe('issued after 20 weeks', () => {
  it('140 days is in time, 141 is not', () => {
    expect(hit('late_issue', plan({ dates: { request: '2026-01-01', finalIssued: isoFromDayNumber(dayNumber('2026-01-01') + 140) } }))).toBeNull();
    expect(hit('late_issue', plan({ dates: { request: '2026-01-01', finalIssued: isoFromDayNumber(dayNumber('2026-01-01') + 141) } }))).toEqual({
      points: 1,
      reason: 'issued 20 weeks 1 day after request (limit 20 weeks)',
    });
  });
  it('needs the request date', () => {
    expect(hit('late_issue', plan({ dates: { finalIssued: '2026-01-01' } }))).toBeNull();
  });
  it('no final plan yet: counted to the as-of date, as timely-20-weeks counts it (140 days in time, 141 not)', () => {
    // plan() gives a final issue date by default: these have none.
    const asked = (days: number) => ({ ...plan(), dates: { request: isoFromDayNumber(dayNumber(AS_OF) - days) } });
    expect(hit('late_issue', asked(140))).toBeNull();
    expect(hit('late_issue', asked(141))).toEqual({ points: 1, reason: 'no final plan 20 weeks 1 day after request (limit 20 weeks)' });
    expect(hit('late_issue', asked(693))?.reason).toBe('no final plan 99 weeks after request (limit 20 weeks)');
  });
});

describe('grade and critical criteria', () => {
  it('Inadequate with a critical criterion not met, named by its title', () => {
    expect(hit('quality', plan(), AS_OF, card('Inadequate', ['G-health-provision', 'E-time-bound']))).toEqual({
      points: 5,
      reason: 'grade Inadequate, critical not met: "Health needs are met by health provision in Section G"',
    });
  });
  it('Requires improvement; several critical criteria', () => {
    expect(hit('quality', plan(), AS_OF, card('Requires improvement', ['G-health-provision', 'F-not-vague']))).toEqual({
      points: 4,
      reason: 'grade Requires improvement, critical not met: "Health needs are met by health provision in Section G", "Section F is free of vague wording"',
    });
    expect(hit('quality', plan(), AS_OF, card('Requires improvement'))).toEqual({ points: 2, reason: 'grade Requires improvement' });
  });
  it('a good plan earns nothing; a critical criterion not met under a lenient rubric still counts', () => {
    expect(hit('quality', plan(), AS_OF, card('Good'))).toBeNull();
    expect(hit('quality', plan(), AS_OF, card('Good', ['F-not-vague']))).toEqual({ points: 1, reason: 'critical not met: "Section F is free of vague wording"' });
  });
  it('a criterion the rubric does not list as critical adds nothing', () => {
    expect(hit('quality', plan(), AS_OF, card('Inadequate', ['X-custom']))).toEqual({ points: 4, reason: 'grade Inadequate' });
  });

  it('quality: a grade named like an Object.prototype member earns no points unless weighted', () => {
    // A rubric's grade names are its author's text: 'constructor' is not Object.prototype.constructor.
    for (const g of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) expect(hit('quality', plan(), AS_OF, card(g)), g).toBeNull();
    expect(hit('quality', plan(), AS_OF, card('toString'), ctx(AS_OF, mergeWeights({ factors: { quality: { grades: { toString: 3 } } } })))).toEqual({ points: 3, reason: 'grade toString' });
  });
});

describe('all factors together', () => {
  it('reasons in factor order; score is the sum; weight 0 switches a factor off', () => {
    const rec = plan({ child: { lookedAfter: true, ncYear: 6 }, dates: { finalIssued: '2025-07-26' } });
    const hits = evaluateFactors(rec, card('Inadequate', ['G-health-provision']), ctx());
    expect(hits.map((h) => h.reason)).toEqual([
      'looked after',
      'transition Year 6 to 7 in September 2027: amended plan due by 15/02/2027 (in 11 weeks 4 days)',
      'review overdue by 4 months (due 26/07/2026)',
      'grade Inadequate, critical not met: "Health needs are met by health provision in Section G"',
    ]);
    expect(priorityScore(hits)).toBe(5 + 5 + 5 + 5);
    const off = evaluateFactors(rec, card('Inadequate', ['G-health-provision']), ctx(AS_OF, weightsWith((w) => (w.looked_after.weight = 0))));
    expect(off.map((h) => h.id)).not.toContain('looked_after');
  });
  it('a plain plan has no factors', () => {
    expect(evaluateFactors(plan(), card('Good'), ctx())).toEqual([]);
  });
  it('every factor documents a default weight', () => {
    expect(FACTORS.map((f) => [f.id, f.defaultWeight])).toEqual([
      ['looked_after', DEFAULT_WEIGHTS.looked_after.weight],
      ['youth_custody', DEFAULT_WEIGHTS.youth_custody.weight],
      ['transition', DEFAULT_WEIGHTS.transition.weight],
      ['legacy', DEFAULT_WEIGHTS.legacy.weight],
      ['review_overdue', DEFAULT_WEIGHTS.review_overdue.weight],
      ['review_due', DEFAULT_WEIGHTS.review_due.weight],
      ['late_issue', DEFAULT_WEIGHTS.late_issue.weight],
      ['quality', DEFAULT_WEIGHTS.quality.grades.Inadequate],
    ]);
  });
});
