/**
 * The default rubric against the example export's ground truth (fixtures/example-export.truth.jsonl,
 * written by the generator, which checks each injected defect is really in the text). Each defect
 * maps to the criterion that must catch it; a plan without that defect must not be marked down on it.
 * The same 70 plans in CSV, YAML and JSON Lines must score identically.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dayNumber } from '../../src/records/dates.js';
import { PlanSource } from '../../src/records/source.js';
import { loadRubric } from '../../src/rubric/load.js';
import { scorePlan, type Scorecard } from '../../src/rubric/score.js';
import { fixture } from '../helpers/cli.js';

const AS_OF = '2026-11-26';
const DEFECT_CRITERION: Record<string, string> = {
  no_child_views: 'A-child-views',
  token_child_views: 'A-child-views',
  no_parent_views: 'A-parent-views',
  no_aspirations: 'A-aspirations',
  no_health_advice: 'K-health-advice',
  no_social_care_advice: 'K-social-care-advice',
  health_needs_no_g: 'G-health-provision',
  care_needs_no_h: 'H-social-care-provision',
  vague_f: 'F-not-vague',
  outcome_no_timescale: 'E-time-bound',
  provision_as_outcome: 'E-not-provision',
  no_pfa_outcomes: 'E-pfa',
  no_placement: 'I-placement',
  review_overdue: 'review-in-date',
  late_issue: 'timely-20-weeks',
  short_draft_period: 'draft-15-days',
  no_qa_signoff: 'qa-signed-off',
  placeholder: 'no-placeholders',
};

async function scoreAll(file: string): Promise<Map<string, Scorecard>> {
  const rubric = loadRubric('default');
  const source = new PlanSource({ file: fixture(file), asOf: AS_OF });
  const out = new Map<string, Scorecard>();
  for await (const r of source.records()) out.set(r.record.ref, scorePlan(rubric, r.record, { asOf: AS_OF, asOfDay: dayNumber(AS_OF), dateFormat: 'dd/mm/yyyy' }));
  expect(source.stats.rejected).toBe(0);
  return out;
}

const truth = readFileSync(fixture('example-export.truth.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { ref: string; defects: string[] });

describe('default rubric vs the example export ground truth', () => {
  it('every defect is caught, and no plan is marked down for a defect it does not have', async () => {
    const cards = await scoreAll('example-export.csv');
    expect(cards.size).toBe(70);
    const disagreements: string[] = [];
    for (const { ref, defects } of truth) {
      const card = cards.get(ref)!;
      for (const criterion of new Set(Object.values(DEFECT_CRITERION))) {
        const expected = defects.some((d) => DEFECT_CRITERION[d] === criterion);
        const result = card.results.find((r) => r.criterion === criterion)!;
        const markedDown = result.rating === 'not_met' || result.rating === 'partly';
        if (markedDown !== expected) disagreements.push(`${ref} ${criterion}: rated ${result.rating} (${result.reasons.join('; ')}), truth says ${expected ? 'defect' : 'no defect'}`);
      }
    }
    expect(disagreements).toEqual([]);
    // The truth file really exercises the rubric: most defect types occur.
    const seen = new Set(truth.flatMap((t) => t.defects));
    expect(seen.size).toBeGreaterThanOrEqual(15);
  });

  it('the CSV, YAML and JSON Lines copies of the export give identical scorecards', async () => {
    const [csv, yaml, jsonl] = await Promise.all([scoreAll('example-export.csv'), scoreAll('example-export.yaml'), scoreAll('example-export.jsonl')]);
    expect([...yaml.entries()]).toEqual([...csv.entries()]);
    expect([...jsonl.entries()]).toEqual([...csv.entries()]);
  });
});
