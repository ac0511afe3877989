import { describe, expect, it } from 'vitest';
import { compileError, plan, run } from './helpers.js';

const specific = {
  type: 'each',
  field: 'f',
  require: {
    frequency: ['once a week', 'twice a week', 'weekly', 'daily', 'per week', { re: '\\b\\d+\\s*(x|times)\\s*(a|per)\\s*(day|week|term)\\b', label: 'N times per period' }],
    duration: [{ re: '\\b\\d+\\s*(minutes?|mins?|hours?|hrs?)\\b', label: 'N minutes or hours' }],
    deliverer: ['speech and language therapist', 'occupational therapist', 'teaching assistant', 'SENCo', 'teacher'],
  },
};

const good = { text: 'Speech and language therapist to deliver 1:1 therapy for 30 minutes once a week' };
const vague = { text: 'Access to speech and language therapy as required' };

describe('each', () => {
  it('a specific Section F line passes; a vague one fails all three groups', () => {
    expect(run(specific, plan({ f: [good] }))).toEqual({ rating: 'met', reasons: [] });
    expect(run(specific, plan({ f: [vague] }))).toEqual({
      rating: 'not_met',
      reasons: ['Section F item 1: no frequency, no duration, no deliverer'],
      textReasons: ['Section F item 1 "Access to speech and language therapy as required": no frequency, no duration, no deliverer'],
    });
  });

  it('frequency, duration and deliverer recorded in their own fields count (textOf)', () => {
    const item = { text: 'Fine motor programme', frequency: '3 times a week', duration: '20 mins', deliverer: 'Teaching assistant' };
    expect(run(specific, plan({ f: [item] })).rating).toBe('met');
    expect(run(specific, plan({ f: [{ ...item, deliverer: 'key adult' }] })).reasons).toEqual(['Section F item 1: no deliverer']);
  });

  it('share of passing items is the credit; reasons number the real items', () => {
    const r = run(specific, plan({ f: [good, vague, good, { text: 'Teacher-led phonics group daily' }] }));
    expect(r.rating).toBe('partly');
    expect(r.credit).toBe(0.5);
    expect(r.reasons).toEqual(['Section F item 2: no frequency, no duration, no deliverer', 'Section F item 4: no duration']);
  });

  it('part_credit: an item meeting some require groups counts for that share; not met only when no item meets any', () => {
    const parts = { ...specific, part_credit: true };
    const noFrequency = { text: 'Speech and language therapist to deliver 1:1 therapy for 30 minutes' };
    // Without part_credit, one item missing one group is not met.
    expect(run(specific, plan({ f: [noFrequency] })).rating).toBe('not_met');
    expect(run(parts, plan({ f: [noFrequency] }))).toMatchObject({ rating: 'partly', credit: 2 / 3, reasons: ['Section F item 1: no frequency'] });
    expect(run(parts, plan({ f: [vague] })).rating).toBe('not_met');
    expect(run(parts, plan({ f: [good, vague] }))).toMatchObject({ rating: 'partly', credit: 0.5 });
    expect(run(parts, plan({ f: [good] })).rating).toBe('met');
    // A forbidden phrase earns an item nothing.
    const forbid = { ...parts, forbid: { vague: ['as required'] } };
    expect(run(forbid, plan({ f: [{ text: 'Teaching assistant support for 30 minutes as required' }] })).rating).toBe('not_met');
  });

  it('min_share and partly_from', () => {
    const f = [good, good, good, good, vague];
    expect(run({ ...specific, min_share: 0.8 }, plan({ f }))).toMatchObject({ rating: 'met', reasons: ['Section F item 5: no frequency, no duration, no deliverer'] });
    expect(run({ ...specific, min_share: 0.8 }, plan({ f })).credit).toBeUndefined();
    expect(run({ ...specific, min_share: 0.9 }, plan({ f })).credit).toBe(0.8);
    expect(run({ ...specific, partly_from: 0.8, min_share: 0.9 }, plan({ f })).rating).toBe('not_met');
    expect(run({ ...specific, partly_from: 0.79, min_share: 0.9 }, plan({ f })).rating).toBe('partly');
  });

  it('forbid groups report the phrase and the group', () => {
    const spec = { type: 'each', field: 'e', forbid: { passive: ['will receive', 'will be given'], vague: ['@vague'] } };
    const e = [{ text: 'Sam will receive support as needed' }, { text: 'Sam will read 50 words by July 2027' }];
    expect(run(spec, plan({ e }))).toMatchObject({
      rating: 'partly',
      credit: 0.5,
      reasons: ["Section E item 1: 'will receive' (passive), 'as needed' (vague)"],
    });
    const both = { ...spec, require: { timescale: [{ re: '\\bby\\s+(the\\s+end\\s+of\\s+)?(\\w+\\s+)?\\d{4}\\b', label: 'by <date>' }] } };
    expect(run(both, plan({ e })).reasons).toEqual(["Section E item 1: no timescale, 'will receive' (passive), 'as needed' (vague)"]);
  });

  it('where: only matching items are judged (PfA outcomes)', () => {
    const spec = {
      type: 'each',
      field: 'e',
      require: { timescale: ['by the end of'] },
      where: { match: ['employment', 'independent living', 'community', 'health'], in: ['area'] },
    };
    const e = [
      { text: 'Read fluently', area: 'Cognition' },
      { text: 'Travel independently by the end of Year 11', area: 'Independent living' },
      { text: 'Join a youth club', area: 'Community' },
    ];
    expect(run(spec, plan({ e }))).toMatchObject({ rating: 'partly', credit: 0.5, reasons: ['Section E item 3: no timescale'] });
    expect(run(spec, plan({ e: e.slice(0, 1) }))).toEqual({ rating: 'not_met', reasons: ['Section E has no items matching where (of 1)'] });
    expect(run({ ...spec, empty: 'na' }, plan({ e: e.slice(0, 1) })).rating).toBe('na');
  });

  it('an empty list is not met by default, or not applicable with empty: na', () => {
    expect(run(specific, plan())).toEqual({ rating: 'not_met', reasons: ['Section F is empty'] });
    expect(run({ ...specific, empty: 'na' }, plan())).toEqual({ rating: 'na', reasons: ['Section F is empty'] });
  });

  it('needs section items and text fields', () => {
    const spec = { type: 'each', field: 'b', require: { area: ['communication', 'cognition', 'emotional', 'sensory', 'physical'] } };
    const r = run(spec, plan({ b: { items: ['Communication: limited expressive language', 'Struggles in class'], none: false } }));
    expect(r).toMatchObject({ rating: 'partly', credit: 0.5, reasons: ['Section B item 2: no area'] });
    expect(run({ ...spec, field: 'a.childViews' }, plan({ a: { childViews: 'I like maths' } })).reasons).toEqual(['a.childViews: no area']);
  });

  it('compile-time errors', () => {
    expect(compileError({ type: 'each', field: 'f' })).toBe(': each needs at least one group under require or forbid');
    expect(compileError({ type: 'each', field: 'f', require: {} })).toBe(': each needs at least one group under require or forbid');
    expect(compileError({ ...specific, partly_from: 0.5, min_share: 0.5 })).toBe('partly_from: partly_from (0.5) must be below min_share (0.5)');
    expect(compileError({ ...specific, field: 'F' })).toMatch(/^field: unknown field 'F'/);
    expect(compileError({ type: 'each', field: 'f', forbid: { vague: ['ok', { re: '(?<p0>x)' }] } })).toMatch(/^forbid\.vague: .*p0/);
    expect(compileError({ type: 'each', field: 'f', require: { who: ['@staff'] } })).toMatch(/^require\.who: unknown lexicon 'staff'/);
    expect(compileError({ type: 'each', field: 'f', require: { who: [{ re: 'a)' }] } })).toMatch(/^require\.who\.0\.re: bad regular expression/);
    expect(compileError({ ...specific, empty: 'met' })).toMatch(/^empty: /);
    expect(compileError({ ...specific, min_share: 0 })).toMatch(/^min_share: /);
  });
});

describe('each: a list of a great many items', () => {
  it('lists the first 1,000 failing items and counts the rest in one reason; the credit counts them all', () => {
    const f = [good, ...Array.from({ length: 2500 }, () => vague), good];
    const r = run({ ...specific, min_share: 0.5 }, plan({ f }));
    expect(r.rating).toBe('partly');
    expect(r.credit).toBeCloseTo(2 / 2502);
    expect(r.reasons).toHaveLength(1001);
    expect(r.reasons[999]).toBe('Section F item 1001: no frequency, no duration, no deliverer');
    expect(r.reasons[1000]).toBe('and 1,500 more (only the first 1,000 are listed)');
    expect(r.textReasons?.[1000]).toBe('and 1,500 more (only the first 1,000 are listed)');
  });
});
