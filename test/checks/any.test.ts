import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/rubric/types.js';
import { fixed, plan, run } from './helpers.js';

const views = { type: 'present', field: 'a.childViews' };
const parents = { type: 'present', field: 'a.parentViews' };
const aspirations = { type: 'present', field: 'a.aspirations', min_words: 4 };
const week20 = { type: 'date_within', from: 'dates.request', to: 'dates.finalIssued', max_weeks: 20 };

describe('any', () => {
  it('met when any is met, with that check reasons only', () => {
    const spec = { type: 'any', checks: [views, parents] };
    expect(run(spec, plan({ a: { parentViews: 'y' } }))).toEqual({ rating: 'met', reasons: [] });
  });

  it('the best partly is chosen by credit (0.5 when absent), and an absent credit stays absent', () => {
    const p = (credit?: number): CheckResult => ({ rating: 'partly', reasons: [`p${credit ?? ''}`], ...(credit === undefined ? {} : { credit }) });
    expect(fixed('any', [p(0.4), p(), { rating: 'not_met', reasons: ['x'] }])).toEqual({ rating: 'partly', reasons: ['p0.4', 'p', 'x'] });
    expect(fixed('any', [p(0.4), p(0.6)])).toEqual({ rating: 'partly', credit: 0.6, reasons: ['p0.4', 'p0.6'] });
    expect(fixed('any', [{ rating: 'na', reasons: [] }, { rating: 'met', reasons: ['why'], textReasons: ['why "text"'] }])).toEqual({
      rating: 'met',
      reasons: ['why'],
      textReasons: ['why "text"'],
    });
  });

  it('partly with the best credit when none is met', () => {
    const spec = { type: 'any', checks: [views, aspirations, { type: 'present', field: 'a.howGathered', min_words: 10 }] };
    const r = run(spec, plan({ a: { aspirations: 'be a vet', howGathered: 'talking mat' } }));
    expect(r).toEqual({
      rating: 'partly',
      credit: 0.75,
      reasons: ['a.childViews is empty', 'a.aspirations has 3 words; at least 4 expected', 'a.howGathered has 2 words; at least 10 expected'],
    });
  });

  it('not met when all applicable are not met; na when all are na', () => {
    expect(run({ type: 'any', checks: [views, week20, parents] }, plan())).toEqual({
      rating: 'not_met',
      reasons: ['a.childViews is empty', 'a.parentViews is empty'],
    });
    expect(run({ type: 'any', checks: [week20, week20] }, plan({ dates: { request: '2024-01-01' } }))).toEqual({
      rating: 'na',
      reasons: ['dates.finalIssued not recorded', 'dates.finalIssued not recorded'],
    });
  });

  it('nested any inside all', () => {
    const spec = { type: 'all', checks: [{ type: 'any', checks: [views, parents] }, week20] };
    expect(run(spec, plan({ a: { parentViews: 'y' }, dates: { request: '2024-01-01', finalIssued: '2024-12-02' } }))).toEqual({
      rating: 'partly',
      credit: 0.5,
      reasons: ['final plan issued 48 weeks after the request; limit 20 weeks'],
      textReasons: ['final plan issued 48 weeks after the request; limit 20 weeks (01/01/2024 to 02/12/2024)'],
    });
  });
});
