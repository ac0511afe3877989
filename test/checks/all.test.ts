import { describe, expect, it } from 'vitest';
import { compileError, fixed, plan, run } from './helpers.js';

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
    const r = fixed('all', [{ rating: 'partly', reasons: ['p'] }, { rating: 'met', reasons: [] }, { rating: 'na', reasons: ['n'] }]);
    expect(r).toEqual({ rating: 'partly', credit: 0.75, reasons: ['p'] });
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
