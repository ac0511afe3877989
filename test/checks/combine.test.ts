import { describe, expect, it } from 'vitest';
import { compileError, plan, run } from './helpers.js';

const views = { type: 'present', field: 'a.childViews' };
const parents = { type: 'present', field: 'a.parentViews' };
const aspirations = { type: 'present', field: 'a.aspirations', min_words: 4 };
const week20 = { type: 'date_within', from: 'dates.request', to: 'dates.finalIssued', max_weeks: 20 };

describe('all', () => {
  it('met when every applicable check is met; not applicable checks are ignored', () => {
    const spec = { type: 'all', checks: [views, parents, week20] };
    expect(run(spec, plan({ a: { childViews: 'x', parentViews: 'y' } }))).toEqual({ rating: 'met', reasons: [] });
  });

  it('not met when every applicable check is not met; reasons concatenated', () => {
    expect(run({ type: 'all', checks: [views, parents, week20] }, plan())).toEqual({
      rating: 'not_met',
      reasons: ['a.childViews is empty', 'a.parentViews is empty'],
    });
  });

  it('partly: mean credit of applicable checks (met 1, not met 0, partly its credit)', () => {
    const spec = { type: 'all', checks: [views, parents, aspirations, week20] };
    const r = run(spec, plan({ a: { childViews: 'x', aspirations: 'be a vet' } }));
    expect(r.rating).toBe('partly');
    expect(r.credit).toBeCloseTo((1 + 0 + 0.75) / 3, 10);
    expect(r.reasons).toEqual(['a.parentViews is empty', 'a.aspirations has 3 words; at least 4 expected']);
  });

  it('a partly without its own credit counts 0.5', () => {
    const thread = {
      type: 'thread',
      links: [
        { label: 'L1', if: { field: 'ref', present: true }, then: { field: 'g', present: true } },
        { label: 'L2', if: { field: 'ref', present: true }, then: { field: 'f', present: true } },
      ],
    };
    const anyPartly = { type: 'any', checks: [{ type: 'all', checks: [views, parents] }] };
    const r = run({ type: 'all', checks: [anyPartly, views, thread] }, plan({ a: { childViews: 'x' }, f: [{ text: 'OT' }] }));
    // anyPartly: partly with credit 0.5 (from all); views met; thread partly 0.5
    expect(r.credit).toBeCloseTo((0.5 + 1 + 0.5) / 3, 10);
  });

  it('not applicable when every check is, with their reasons', () => {
    expect(run({ type: 'all', checks: [week20, views] }, plan({ a: { childViews: 'x' } }))).toEqual({ rating: 'met', reasons: [] });
    expect(run({ type: 'all', checks: [week20] }, plan())).toEqual({ rating: 'na', reasons: ['dates.request not recorded', 'dates.finalIssued not recorded'] });
  });

  it('textReasons combine the text versions, falling back to the plain reasons', () => {
    const vague = { type: 'existence', fields: ['f'], match: ['@vague'] };
    const r = run({ type: 'all', checks: [views, vague] }, plan({ f: [{ text: 'Access to OT' }] }));
    expect(r).toEqual({
      rating: 'not_met',
      reasons: ['a.childViews is empty', "'access to' in Section F item 1"],
      textReasons: ['a.childViews is empty', `'access to' in Section F item 1: "Access to OT"`],
    });
  });
});

describe('any', () => {
  it('met when any is met, with that check reasons only', () => {
    const spec = { type: 'any', checks: [views, parents] };
    expect(run(spec, plan({ a: { parentViews: 'y' } }))).toEqual({ rating: 'met', reasons: [] });
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

describe('all / any compile errors', () => {
  it('nested errors carry the full option path', () => {
    expect(compileError({ type: 'all', checks: [] })).toMatch(/^checks: /);
    expect(compileError({ type: 'any', checks: [views, { type: 'present', field: 'A.childViews' }] })).toMatch(/^checks\.1\.field: unknown field 'A.childViews'/);
    expect(compileError({ type: 'all', checks: [views, { type: 'any', checks: [{ type: 'existence', fields: ['f'], match: ['@nope'] }] }] })).toMatch(
      /^checks\.1\.checks\.0\.match: unknown lexicon 'nope'/,
    );
    expect(compileError({ type: 'all', checks: [{ type: 'presence', field: 'f' }] })).toBe("checks.0.type: unknown check type 'presence'");
    expect(compileError({ type: 'all', checks: [{ type: 'present', field: 'f', min: 1 }] })).toMatch(/^checks\.0: Unrecognized key/);
  });
});
