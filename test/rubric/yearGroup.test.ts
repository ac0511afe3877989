/**
 * `yearGroup` (rubric field, --where): the NC year, else the year for the child's age at the
 * as-of date. E-pfa (preparing for adulthood from Year 9) applies by it since rubric 1.2.0, so a
 * young person whose export leaves the NC year blank is not let off the check.
 */
import { describe, expect, it } from 'vitest';
import { compileWhere } from '../../src/audit/where.js';
import { emptyRecord, type PlanRecord } from '../../src/records/model.js';
import { yearGroupOf } from '../../src/records/schoolYear.js';
import { compileCondition } from '../../src/rubric/condition.js';
import { checkPath, compilePath } from '../../src/rubric/fields.js';
import { loadRubric } from '../../src/rubric/load.js';
import { scorePlan } from '../../src/rubric/score.js';
import { evalContext } from '../../src/rubric/types.js';

const AS_OF = '2026-11-26';
const ctx = evalContext(AS_OF);

const child = (dob: string | undefined, ncYear: number | undefined): PlanRecord => {
  const r = emptyRecord('P1');
  if (dob !== undefined) r.child.dob = dob;
  if (ncYear !== undefined) r.child.ncYear = ncYear;
  return r;
};

describe('yearGroup', () => {
  it('is the NC year the export records, even where the date of birth says otherwise', () => {
    expect(yearGroupOf(child('2016-01-22', 4), AS_OF)).toBe(4);
    expect(yearGroupOf(child(undefined, -1), AS_OF)).toBe(-1);
  });

  it('without one, is the year for the age at the as-of date, counting on past Year 14', () => {
    expect(yearGroupOf(child('2013-08-31', undefined), AS_OF)).toBe(9); // 13 on 31/08/2026: Year 9 from 1 September
    expect(yearGroupOf(child('2013-09-01', undefined), AS_OF)).toBe(8);
    expect(yearGroupOf(child('2009-03-01', undefined), AS_OF)).toBe(13);
    expect(yearGroupOf(child('2006-05-01', undefined), AS_OF)).toBe(16); // aged 20
    expect(yearGroupOf(child('2013-08-31', undefined), '2026-08-31')).toBe(8); // the day before the school year
    expect(yearGroupOf(child(undefined, undefined), AS_OF)).toBeUndefined();
  });

  it('is a field path rubrics, conditions and --where accept', () => {
    expect(checkPath('yearGroup')).toBeUndefined();
    expect(checkPath('yearGroup.x')).toMatch(/has no sub-fields/);
    expect(compilePath('yearGroup')(child('2009-03-01', undefined), ctx)).toBe(13);
    const y9 = compileCondition({ field: 'yearGroup', gte: 9 });
    expect([child('2009-03-01', undefined), child('2013-09-01', undefined), child(undefined, undefined), child('2009-03-01', 8)].map((r) => y9(r, ctx))).toEqual([true, false, false, false]);
    const where = compileWhere(['yearGroup>=9'], ctx)!;
    expect(where(child('2009-03-01', undefined))).toBe(true);
    expect(where(child('2013-09-01', undefined))).toBe(false);
  });
});

describe('E-pfa in the shipped rubrics', () => {
  const rating = (rubric: string, rec: PlanRecord) => {
    const r = loadRubric(rubric);
    const i = r.criteria.findIndex((c) => c.def.id === 'E-pfa');
    return scorePlan(r, rec, ctx).results[i]!.rating;
  };
  const noPfaOutcomes = (dob: string | undefined, ncYear: number | undefined): PlanRecord => {
    const r = child(dob, ncYear);
    r.e = [{ text: 'By July 2027 Sam will read a short text aloud, decoding 9 of 10 words.', area: 'Cognition and learning' }];
    return r;
  };

  it('applies to a young person of 17 with no NC year recorded, and finds no preparing-for-adulthood outcome', () => {
    for (const rubric of ['default', 'statutory']) {
      expect(rating(rubric, noPfaOutcomes('2009-03-01', undefined))).toBe('not_met');
      expect(rating(rubric, noPfaOutcomes('2013-09-01', undefined))).toBe('na');
      expect(rating(rubric, noPfaOutcomes(undefined, undefined))).toBe('na');
      expect(rating(rubric, noPfaOutcomes('2009-03-01', 8))).toBe('na');
    }
  });
});
