/**
 * Scorecards for fixture plans, worked out by hand by reading each plan in
 * fixtures/example-export.csv against rubrics/default.yaml (as of 26/11/2026). Every rating not
 * "met" is listed with the reason we found when reading; every other applicable criterion must be met.
 */
import { describe, expect, it } from 'vitest';
import { dayNumber } from '../../src/records/dates.js';
import type { LoadedRecord } from '../../src/records/model.js';
import { PlanSource } from '../../src/records/source.js';
import { loadRubric } from '../../src/rubric/load.js';
import { scorePlan } from '../../src/rubric/score.js';
import { fixture } from '../helpers/cli.js';

const AS_OF = '2026-11-26';

interface Expected {
  ref: string;
  /** Criteria that are not met / partly met / not applicable, and why (from reading the plan). */
  notMet: Record<string, string>;
  partly: Record<string, string>;
  na: string[];
  score: number;
  scoreGrade: string;
  grade: string;
  limitedBy: string[];
}

const EXPECTED: Expected[] = [
  {
    // Year 1, ASD, no health or social care needs ("No health needs at this time.").
    ref: 'EHCP-2023-00003',
    notMet: {
      // Request 01/11/2023, final 09/10/2024: 49 weeks.
      'timely-20-weeks': 'final plan issued 49 weeks after the request; limit 20 weeks',
    },
    partly: {
      // Outcome 2: "Within 6 months, Aisha will receive speech and language therapy every week" is provision.
      'E-not-provision': "Section E item 2: 'will receive' (provision wording)",
    },
    // Year 1: no PfA; C and D say "no needs", so G and H do not apply.
    na: ['E-pfa', 'G-health-provision', 'H-social-care-provision'],
    // Applicable scored weight 50; loses 2 (timeliness) + 1 (half of E-not-provision's 2): 47/50.
    score: 94,
    scoreGrade: 'Good',
    grade: 'Good',
    limitedBy: [],
  },
  {
    // Year 11, SLCN: a token child's view, three vague Section F items, late, short draft period.
    ref: 'EHCP-2019-00040',
    notMet: {
      // F items 3 ("Access to a quiet space"), 6 ("Support from school staff") and 7 ("as required").
      'F-not-vague': "'access to' in Section F item 3; 'school staff' in Section F item 6; 'as required' in Section F item 7",
      // Request 29/10/2019, final 10/10/2020.
      'timely-20-weeks': 'final plan issued 49 weeks 4 days after the request; limit 20 weeks',
      // Draft 01/10/2020, final 10/10/2020.
      'draft-15-days': 'final plan issued 9 days after the draft plan; minimum 15 days',
    },
    partly: {
      // "Ella enjoys school." is 3 words.
      'A-child-views': 'a.childViews has 3 words; at least 25 expected',
      // The same three vague items say nothing of how often, how long or who; the other four do.
      'F-quantified': 'Section F item 3: no frequency, no duration, no deliverer; Section F item 6: no frequency, no duration, no deliverer; Section F item 7: no frequency, no duration, no deliverer',
    },
    // Year 11 has Employment, Health and Community outcomes, so E-pfa is met; C "None identified." and D "no known" needs.
    na: ['G-health-provision', 'H-social-care-provision'],
    // Applicable scored weight 52; loses 1.5 + 3 + 1.5 + 2 + 1 = 9: 43/52 = 82.7 -> Good, capped by the critical F-not-vague.
    score: 82.7,
    scoreGrade: 'Good',
    grade: 'Requires improvement',
    limitedBy: ['F-not-vague'],
  },
  {
    // Year 8, SEMH: health needs in C (ADHD medication, CAMHS) but Section G is empty.
    ref: 'EHCP-2017-00002',
    notMet: {
      'G-health-provision': 'health needs recorded -> health provision (Section G): Section G is empty',
    },
    partly: {},
    na: ['E-pfa', 'H-social-care-provision'],
    // Applicable scored weight 53; loses G's 3: 50/53 = 94.3 -> Good, capped by a critical criterion.
    score: 94.3,
    scoreGrade: 'Good',
    grade: 'Requires improvement',
    limitedBy: ['G-health-provision'],
  },
];

describe('hand-checked scorecards (default rubric)', async () => {
  const rubric = loadRubric('default');
  const source = new PlanSource({ file: fixture('example-export.csv'), asOf: AS_OF });
  const records = new Map<string, LoadedRecord>();
  for await (const r of source.records()) records.set(r.record.ref, r);

  for (const exp of EXPECTED) {
    it(exp.ref, () => {
      const card = scorePlan(rubric, records.get(exp.ref)!.record, { asOf: AS_OF, asOfDay: dayNumber(AS_OF), dateFormat: 'dd/mm/yyyy' });
      const got = {
        notMet: Object.fromEntries(card.results.filter((r) => r.rating === 'not_met').map((r) => [r.criterion, r.reasons.join('; ')])),
        partly: Object.fromEntries(card.results.filter((r) => r.rating === 'partly').map((r) => [r.criterion, r.reasons.join('; ')])),
        na: card.results.filter((r) => r.rating === 'na').map((r) => r.criterion),
      };
      expect(got).toEqual({ notMet: exp.notMet, partly: exp.partly, na: exp.na });
      expect(card.score).toBe(exp.score);
      expect(card.scoreGrade).toBe(exp.scoreGrade);
      expect(card.grade).toBe(exp.grade);
      expect(card.limitedBy).toEqual(exp.limitedBy);
    });
  }
});
