/**
 * What the shipped rubrics judge, from a review by a SEND law and inspection specialist (rubrics
 * 1.4.0): each plan is the example export's first plan (Outstanding, 100, with the default rubric)
 * with one thing changed, audited as a user would, from JSON Lines.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/audit/report.js';
import { fixture, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ehcp-law-'));
const base = JSON.parse(readFileSync(fixture('example-export.jsonl'), 'utf8').split('\n')[0]!) as Record<string, unknown>;

/** The first plan with `ref` and each dotted path set (undefined: removed). */
function plan(ref: string, patch: Record<string, unknown>): Record<string, unknown> {
  const p = structuredClone(base);
  p.ref = ref;
  for (const [path, v] of Object.entries(patch)) {
    const keys = path.split('.');
    let o = p as Record<string, unknown>;
    for (const k of keys.slice(0, -1)) o = o[k] as Record<string, unknown>;
    if (v === undefined) delete o[keys.at(-1)!];
    else o[keys.at(-1)!] = v;
  }
  return p;
}
const provision = (ref: string, text: string) => plan(ref, { f: [{ text }] });

/** Each plan's grade and the ratings that are not met or n/a, by reference. */
function audit(plans: Record<string, unknown>[], rubric = 'default'): Map<string, { grade: string; limitedBy: string[]; ratings: Record<string, string>; reasons: Record<string, string[]> }> {
  const file = join(dir, `plans-${rubric}-${plans[0]!.ref as string}.jsonl`);
  writeFileSync(file, plans.map((p) => JSON.stringify(p)).join('\n') + '\n');
  const r = runCli(['audit', file, '-r', rubric, '--as-of', '26/11/2026', '-q', '-f', 'json']);
  expect(r.code, r.stderr).toBeLessThan(2);
  const report = JSON.parse(r.stdout) as AuditReport;
  expect(report.input.records.scored).toBe(plans.length);
  return new Map(
    report.plans.map((p) => [
      p.ref,
      {
        grade: p.grade,
        limitedBy: p.limitedBy,
        ratings: Object.fromEntries(p.results.filter((x) => x.rating !== 'met' && x.rating !== 'na').map((x) => [x.criterion, x.rating])),
        reasons: Object.fromEntries(p.results.map((x) => [x.criterion, x.reasons])),
      },
    ]),
  );
}

describe('the default rubric (1.4.0)', () => {
  it('the unchanged plan is Outstanding with every criterion met', () => {
    expect(audit([plan('OK', {})]).get('OK')).toMatchObject({ grade: 'Outstanding', limitedBy: [], ratings: {} });
  });

  it('a critical criterion partly met caps the grade at Good; educational and psychological advice are both required', () => {
    const kNoEp = [
      { source: 'education', date: '2023-04-07' },
      { source: 'health', date: '2023-04-27' },
      { source: 'social care', date: '2023-04-18' },
    ];
    const r = audit([plan('A1', { 'a.childViews': 'Happy.' }), plan('K1', { k: kNoEp })]);
    expect(r.get('A1')).toMatchObject({ grade: 'Good', limitedBy: ['A-child-views'], ratings: { 'A-child-views': 'partly' } });
    // Regs 6(1)(b) and (d): without the educational psychologist, not met (critical), not half met.
    expect(r.get('K1')).toMatchObject({ grade: 'Requires improvement', limitedBy: ['K-education-advice'], ratings: { 'K-education-advice': 'not_met' } });
    expect(r.get('K1')!.reasons['K-education-advice']).toEqual(["Section K has 0 items matching 'educational psychology' (of 3); at least 1 expected"]);
  });

  it('a Section F with no item quantified is at best Requires improvement; vague health provision at best Good', () => {
    const r = audit([provision('F1', 'Support with literacy.'), provision('F2', 'Interventions to develop his social skills.'), plan('G1', { c: { items: ['Jack has epilepsy.'], none: false }, g: [{ text: 'Access to CAMHS as required.' }] })]);
    for (const ref of ['F1', 'F2']) expect(r.get(ref), ref).toMatchObject({ grade: 'Requires improvement', limitedBy: ['F-quantified'], ratings: { 'F-quantified': 'not_met' } });
    expect(r.get('G1')).toMatchObject({ grade: 'Good', limitedBy: ['GH-not-vague'] });
  });

  it('flags the vague wording the specialist found unflagged, and not a group size', () => {
    const vague: [string, string, string][] = [
      ['V1', 'Up to twice a week, 30 minutes of 1:1 teaching assistant support.', 'up to'],
      ['V2', 'Literacy with a teaching assistant for between 20 and 45 minutes daily.', 'a range of times (e.g. 20-45 minutes)'],
      ['V3', 'Literacy with a teaching assistant 2-3 times a week, 30 minutes.', 'a range of times (e.g. 20-45 minutes)'],
      ['V4', 'Opportunity for 30 minutes of social skills group daily with a teaching assistant.', 'opportunity for'],
      ['V5', 'Literacy with a teaching assistant 30 minutes daily, then reducing as his confidence grows.', 'then reducing (no amount)'],
      ['V6', 'Literacy with a teaching assistant 30 minutes daily, if needed.', 'if needed'],
      ['V7', 'A high level of adult supervision by a teaching assistant, 30 minutes daily.', 'high level of support'],
    ];
    const specific: [string, string][] = [
      ['S1', 'Literacy in a small group (of 4) with a teaching assistant, 30 minutes daily.'],
      ['S2', 'Literacy in a small group of up to 6 pupils with a teaching assistant, 30 minutes daily.'],
      ['S3', '3 x 30 minutes per week of speech and language therapy delivered by a qualified SaLT.'],
      ['S4', 'Literacy with a teaching assistant, initially 30 minutes daily, then reducing to 15 minutes daily.'],
    ];
    const r = audit([...vague.map(([ref, text]) => provision(ref, text)), ...specific.map(([ref, text]) => provision(ref, text))]);
    for (const [ref, , label] of vague) {
      expect(r.get(ref)!.ratings, ref).toEqual({ 'F-not-vague': 'not_met' });
      expect(r.get(ref)!.reasons['F-not-vague'], ref).toEqual([`'${label}' in Section F item 1`]);
    }
    for (const [ref] of specific) expect(r.get(ref), ref).toMatchObject({ grade: 'Outstanding', ratings: {} });
  });

  it('regression QA: a reduction to an amount in words is specific, new range forms are vague, and one item missing only its frequency is partly met, not capped', () => {
    const r = audit([
      provision('T1', '1:1 teaching assistant check-in for 15 minutes daily for 6 weeks, then reducing to twice a week.'),
      provision('T2', '1:1 teaching assistant check-in for 15 minutes daily, then gradually reduced to half an hour weekly.'),
      provision('T3', '1:1 teaching assistant check-in for 15 minutes daily, then reducing as Jack moves into Year 7.'),
      provision('T4', 'Literacy with a teaching assistant in a 20-30 minute session daily.'),
      provision('T5', 'Literacy with a teaching assistant two to three times a week for 30 minutes.'),
      provision('T6', 'High-level support from a teaching assistant, 30 minutes daily.'),
      provision('T7', 'A 30-minute session with the speech and language therapist to review his language programme.'),
      provision('T8', '1:1 teaching assistant support, 25 hours a week, given his high level of need.'),
    ]);
    for (const ref of ['T1', 'T2', 'T8']) expect(r.get(ref), ref).toMatchObject({ grade: 'Outstanding', ratings: {} });
    for (const ref of ['T3', 'T4', 'T5', 'T6']) expect(r.get(ref)!.ratings, ref).toEqual({ 'F-not-vague': 'not_met' });
    expect(r.get('T7')).toMatchObject({ grade: 'Outstanding', ratings: { 'F-quantified': 'partly' } });
    expect(r.get('T7')!.reasons['F-quantified']).toEqual(['Section F item 1: no frequency']);
  });

  it("counts an outcome whose area is 'Health' as preparing for adulthood", () => {
    const outcome = (area: string) => plan(area.replace(/\W/g, ''), { 'child.ncYear': 9, 'child.dob': '2012-05-01', e: [{ area, text: 'By July 2027, Amy will take her inhaler before PE independently.' }] });
    const r = audit([outcome('Health'), outcome('Good health'), outcome('Health and wellbeing'), outcome('Mental health support')]);
    for (const ref of ['Health', 'Goodhealth', 'Healthandwellbeing']) expect(r.get(ref)!.ratings['E-pfa'], ref).toBeUndefined();
    expect(r.get('Mentalhealthsupport')!.ratings['E-pfa']).toBe('not_met');
  });

  it('review-in-date does not apply to a plan issued, or reviewed, after the as-of date', () => {
    const r = audit([
      plan('R1', { 'dates.lastReview': undefined, 'dates.request': '2026-09-01', 'dates.draftIssued': '2026-11-01', 'dates.finalIssued': '2026-12-10' }),
      plan('R2', { 'dates.lastReview': '2026-12-01' }),
      plan('R3', { 'dates.lastReview': undefined, 'dates.finalIssued': '2025-10-10' }),
    ]);
    expect(r.get('R1')!.reasons['review-in-date']).toEqual(['does not apply to this plan']);
    expect(r.get('R2')!.reasons['review-in-date']).toEqual(['does not apply to this plan']);
    expect(r.get('R3')!.ratings['review-in-date']).toBe('not_met');
  });
});

describe('the statutory rubric (1.4.0)', () => {
  it('a Section F item without an amount is not compliant; all four kinds of advice are required', () => {
    const r = audit(
      [
        provision('F1', 'Support with literacy.'),
        provision('S3', '3 x 30 minutes per week of speech and language therapy delivered by a qualified SaLT.'),
        plan('K1', { k: [{ source: 'education', date: '2023-04-07' }, { source: 'educational psychology', date: '2023-04-07' }, { source: 'health', date: '2023-04-27' }] }),
      ],
      'statutory',
    );
    expect(r.get('F1')).toMatchObject({ grade: 'Not compliant', ratings: { 'F-specific': 'not_met' } });
    expect(r.get('F1')!.reasons['F-specific']).toEqual(['Section F item 1: no quantity']);
    expect(r.get('S3')).toMatchObject({ grade: 'Compliant', ratings: {} });
    // Quantified in the ways the default rubric reads (regression QA: each was Not compliant).
    const quantified = audit(
      [
        provision('Q1', 'A 30-minute session with the speech and language therapist to review his language programme.'),
        provision('Q2', 'A teaching assistant to supervise Jack 1:1 at every break and lunchtime.'),
        provision('Q3', 'A speech and language therapist to set a new programme each half term.'),
        provision('Q4', 'The class teacher will give Jack a visual task board in all lessons.'),
      ],
      'statutory',
    );
    for (const ref of ['Q1', 'Q2', 'Q3', 'Q4']) expect(quantified.get(ref), ref).toMatchObject({ grade: 'Compliant', ratings: {} });
    expect(r.get('K1')).toMatchObject({ grade: 'Not compliant', ratings: { 'K-advice': 'not_met' } });
  });
});
