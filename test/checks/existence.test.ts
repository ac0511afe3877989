import { describe, expect, it } from 'vitest';
import { compileError, plan, run } from './helpers.js';

const f = [
  { text: 'Speech and language therapist to deliver 1:1 therapy for 30 minutes once a week' },
  { text: 'Access to speech and language therapy as required' },
  { text: 'Irregular attendance will be monitored by the SENCo weekly' },
];

describe('existence', () => {
  it('no hits is met; each distinct phrase per item is one reason, named by the rubric entry', () => {
    const spec = { type: 'existence', fields: ['f'], match: ['as required', 'access to', 'regular'] };
    expect(run(spec, plan({ f: f.slice(0, 1) }))).toEqual({ rating: 'met', reasons: [] });
    expect(run(spec, plan({ f }))).toEqual({
      rating: 'not_met',
      reasons: ["'access to' in Section F item 2", "'as required' in Section F item 2"],
      textReasons: [
        `'access to' in Section F item 2: "Access to speech and language therapy as required"`,
        `'as required' in Section F item 2: "Access to speech and language therapy as required"`,
      ],
    });
  });

  it('word boundaries: "regular" matches neither "irregular" nor "regularly"', () => {
    const spec = { type: 'existence', fields: ['f'], match: ['regular'] };
    expect(run(spec, plan({ f: [{ text: 'Irregular attendance' }, { text: 'checked regularly' }] })).rating).toBe('met');
    expect(run(spec, plan({ f: [{ text: 'Regular  breaks' }] })).reasons).toEqual(["'regular' in Section F item 1"]);
  });

  it('the same phrase twice in an item is reported once; frequency and deliverer fields are searched', () => {
    const spec = { type: 'existence', fields: ['f'], match: ['as required'] };
    const r = run(spec, plan({ f: [{ text: 'OT as required, physio as required' }, { text: 'Physiotherapy', frequency: 'as required' }] }));
    expect(r.reasons).toEqual(["'as required' in Section F item 1", "'as required' in Section F item 2"]);
  });

  it('lexicon expansion (nested) and regex labels', () => {
    const spec = { type: 'existence', fields: ['f', 'g'], match: ['@hedges'] };
    const r = run(spec, plan({ f: [{ text: 'Up to 5 hours of TA time' }], g: [{ text: 'Physio may visit' }] }));
    expect(r.rating).toBe('not_met');
    expect(r.reasons).toEqual(["'up to N' in Section F item 1", "'may' in Section G item 1"]);
  });

  it('text fields are one item labelled by the path', () => {
    const r = run({ type: 'existence', fields: ['a.childViews', 'i'], match: ['TBC', '[INSERT]'] }, plan({ a: { childViews: '[INSERT] views' }, i: 'TBC' }));
    expect(r.reasons).toEqual(["'[INSERT]' in a.childViews", "'TBC' in Section I"]);
  });

  it('partial: credit is the share of items (over all fields) without a hit', () => {
    const spec = { type: 'existence', fields: ['f', 'a.childViews'], match: ['@vague'], partial: true };
    const r = run(spec, plan({ f, a: { childViews: 'I like Lego' } }));
    expect(r.rating).toBe('partly');
    expect(r.credit).toBeCloseTo(3 / 4, 10);
    expect(r.reasons).toEqual(["'access to' in Section F item 2", "'as required' in Section F item 2"]);
    expect(run(spec, plan({ f: [{ text: 'as needed' }] }))).toMatchObject({ rating: 'not_met', reasons: ["'as needed' in Section F item 1"] });
    expect(run(spec, plan({ f: [{ text: 'as needed' }] })).credit).toBeUndefined();
    expect(run(spec, plan({ f: f.slice(0, 1) }))).toEqual({ rating: 'met', reasons: [] });
  });

  it('all fields empty is met (a presence check catches emptiness)', () => {
    expect(run({ type: 'existence', fields: ['f', 'g', 'a.childViews'], match: ['@vague'] }, plan())).toEqual({ rating: 'met', reasons: [] });
  });

  it('compile-time errors', () => {
    expect(compileError({ type: 'existence', fields: ['f', 'sectionG'], match: ['x'] })).toMatch(/^fields\.1: unknown field 'sectionG'/);
    expect(compileError({ type: 'existence', fields: ['f'], match: [{ re: '[a-' }] })).toMatch(/^match\.0\.re: bad regular expression: /);
    expect(compileError({ type: 'existence', fields: ['f'], match: ['@vagueness'] })).toMatch(/^match: unknown lexicon 'vagueness'/);
    expect(compileError({ type: 'existence', fields: ['f'], match: ['@self'] }, { self: ['@self'] })).toBe("match: lexicon 'self' refers to itself");
    expect(compileError({ type: 'existence', fields: [], match: ['x'] })).toMatch(/^fields: /);
    expect(compileError({ type: 'existence', fields: ['f'], match: ['x'], extra: 1 })).toMatch(/^: Unrecognized key/);
  });
});

describe('existence: a list of a great many items', () => {
  it('lists the first 1,000 hits and counts the rest in one reason; the credit counts every item', () => {
    const spec = { type: 'existence', fields: ['f'], match: ['as required', 'access to'], partial: true };
    const items = [f[0]!, ...Array.from({ length: 1200 }, () => f[1]!)];
    const r = run(spec, plan({ f: items }));
    expect(r.rating).toBe('partly');
    expect(r.credit).toBeCloseTo(1 / 1201);
    expect(r.reasons).toHaveLength(1001);
    expect(r.reasons[999]).toBe("'as required' in Section F item 501");
    expect(r.reasons[1000]).toBe('and 1,400 more (only the first 1,000 are listed)');
  });
});
