/**
 * The shipped rubrics' phrase lists on wording a QA officer would check by hand: specific
 * provision is not vague, a family's own words are not template text, and the usual ways of
 * writing a timescale, a measure and a frequency are recognised (and dates are not measures).
 * Each case was a false finding or a miss found by testing the rubric as an auditor would.
 */
import { describe, expect, it } from 'vitest';
import { emptyRecord, type PlanRecord } from '../../src/records/model.js';
import { loadRubric } from '../../src/rubric/load.js';
import { scorePlan } from '../../src/rubric/score.js';
import { evalContext } from '../../src/rubric/types.js';

const ctx = evalContext('2026-11-26');
const rubrics = { default: loadRubric('default'), statutory: loadRubric('statutory') };

/** Criteria the statutory rubric names otherwise. */
const STATUTORY_IDS: Record<string, string> = { 'F-not-vague': 'F-specific' };

function rating(rubric: keyof typeof rubrics, criterion: string, rec: PlanRecord): string {
  const r = rubrics[rubric];
  const id = rubric === 'statutory' ? (STATUTORY_IDS[criterion] ?? criterion) : criterion;
  const i = r.criteria.findIndex((c) => c.def.id === id);
  expect(i, criterion).toBeGreaterThanOrEqual(0);
  return scorePlan(r, rec, ctx).results[i]!.rating;
}
const withF = (text: string) => ({ ...emptyRecord('F'), f: [{ text }] });
const withE = (text: string) => ({ ...emptyRecord('E'), e: [{ text, area: 'Cognition and learning' }] });
const withA = (a: PlanRecord['a']) => ({ ...emptyRecord('A'), a });

describe('Section F wording', () => {
  const specific = [
    'Small groups of 4 pupils led by a teaching assistant, 30 minutes, 3 times a week.',
    'A small group of 4 pupils led by a teaching assistant, 30 minutes, 3 times a week.',
    'Speech and language therapist, 30 minutes, 3 times a week, in a small group of eight pupils.',
    'Speech and language therapist, 30 minutes, 3 times a week, in a small group (maximum 4 pupils).',
    'Teaching assistant to keep his visual timetable up to date for 10 minutes each morning.',
    'Teaching assistant 1:1 for 30 minutes daily to help him catch up to his peers in reading.',
    'Teaching assistant 1:1 for 30 minutes daily initially, reducing to 15 minutes daily from February 2027.',
  ];
  const vague = [
    ['Support in a small group as needed.', 'small group (size not given)'],
    ['Small groups for literacy.', 'small group (size not given)'],
    ['Up to 3 hours of teaching assistant support a week.', 'up to'],
    // The default rubric's list only: statutory keeps to wording the case law names.
    ['Teaching assistant support 1:1 initially, then reducing as he settles.', 'initially ... then reducing', 'default'],
  ];
  for (const rubric of ['default', 'statutory'] as const) {
    it(`${rubric}: specific provision is not vague`, () => {
      for (const t of specific) expect(rating(rubric, 'F-not-vague', withF(t)), t).toBe('met');
    });
    it(`${rubric}: vague provision still is`, () => {
      for (const [t, , only] of vague) if (only === undefined || only === rubric) expect(rating(rubric, 'F-not-vague', withF(t!)), t).toBe('not_met');
    });
  }

  it('the finding names the vague phrase', () => {
    const r = rubrics.default;
    const i = r.criteria.findIndex((c) => c.def.id === 'F-not-vague');
    for (const [t, label] of vague) expect(scorePlan(r, withF(t!), ctx).results[i]!.reasons.join(' '), t).toContain(`'${label}'`);
  });

  it('whole-school staff training is provision with its deliverer; support from school staff is vague', () => {
    expect(rating('default', 'F-not-vague', withF('Whole-school staff training by the educational psychologist: one 2-hour session each term.'))).toBe('met');
    expect(rating('default', 'F-not-vague', withF('Support from school staff for 30 minutes daily.'))).toBe('not_met');
  });

  it('a frequency written as days of the week is a frequency', () => {
    for (const t of ['Teaching assistant 1:1, 30 minutes every Monday and Thursday.', 'Teaching assistant 1:1, 30 minutes on Mondays and Thursdays.']) {
      expect(rating('default', 'F-quantified', withF(t)), t).toBe('met');
    }
  });

  it('the month of May is not a hedge; the modal still is', () => {
    expect(rating('default', 'F-hedges', withF('Teaching assistant, 30 minutes weekly, reviewed in May 2027.'))).toBe('met');
    expect(rating('default', 'F-hedges', withF('Teaching assistant, 30 minutes weekly, from 3 May.'))).toBe('met');
    expect(rating('default', 'F-hedges', withF('He may need 30 minutes weekly with a teaching assistant.'))).toBe('not_met');
  });
});

describe('Section E wording', () => {
  it('a date written out, with or without the day, is a timescale', () => {
    for (const t of ['By 31 July 2027, Amy will read 50 common exception words.', 'By 31st July 2027, Amy will read 50 words.', 'By July 2027, Amy will read 50 words.', 'Within five weeks, Amy will read 50 words.', 'Within a term, Amy will read 50 words.']) {
      expect(rating('default', 'E-time-bound', withE(t)), t).toBe('met');
    }
  });

  it('a date, a key stage or a year is not a measure; a count, a share or a level of independence is', () => {
    for (const t of ['By 31/07/2027, Amy will feel more confident.', 'By the end of Key Stage 2, Amy will feel happier at lunchtime.', 'By July 2027 Amy is happier at school.']) {
      expect(rating('default', 'E-measurable', withE(t)), t).toBe('not_met');
    }
    for (const t of ['By July 2027, Amy will read 50 common exception words.', 'Amy will answer in 4 out of 5 lessons by July 2027.', 'Amy will reach reading age 8 by July 2027.', 'Amy will dress independently by July 2027.']) {
      expect(rating('default', 'E-measurable', withE(t)), t).toBe('met');
    }
  });
});

describe('provision written as an outcome', () => {
  it('attending school is an outcome; attending a group is provision', () => {
    expect(rating('default', 'E-not-provision', withE('By July 2027 Amy will attend school every day.'))).toBe('met');
    expect(rating('default', 'E-not-provision', withE('Amy will attend a social skills group weekly.'))).toBe('not_met');
  });
});

describe('placeholders', () => {
  it("the family's own words in Section A are not template text; template markers anywhere are", () => {
    expect(rating('default', 'no-placeholders', withA({ childViews: 'I like Minecraft and my dog. Love from Jack xxx' }))).toBe('met');
    expect(rating('default', 'no-placeholders', withA({ parentViews: 'His diagnosis of dyspraxia is still to be confirmed by the paediatrician.' }))).toBe('met');
    expect(rating('default', 'no-placeholders', withA({ childViews: "[INSERT child's views]" }))).toBe('not_met');
    expect(rating('default', 'no-placeholders', withA({ parentViews: 'Parents <name> and <name> said ...' }))).toBe('not_met');
    expect(rating('default', 'no-placeholders', { ...emptyRecord('I'), i: 'Placement TBC' })).toBe('not_met');
    expect(rating('default', 'no-placeholders', withF('XXX to deliver 30 minutes weekly.'))).toBe('not_met');
  });
});
