import { describe, expect, it } from 'vitest';
import { compileError, plan, run } from './helpers.js';

describe('present', () => {
  it('text: met when non-blank, not met when absent, empty or whitespace only', () => {
    const spec = { type: 'present', field: 'a.childViews' };
    expect(run(spec, plan({ a: { childViews: 'I like trains.' } }))).toEqual({ rating: 'met', reasons: [] });
    expect(run(spec, plan())).toEqual({ rating: 'not_met', reasons: ['a.childViews is empty'] });
    expect(run(spec, plan({ a: { childViews: '' } }))).toEqual({ rating: 'not_met', reasons: ['a.childViews is empty'] });
    expect(run(spec, plan({ a: { childViews: ' \n\t ' } }))).toEqual({ rating: 'not_met', reasons: ['a.childViews is empty'] });
  });

  it('min_words gives partly with credit achieved / required', () => {
    const spec = { type: 'present', field: 'a.childViews', min_words: 40 };
    const twelve = 'one two three four five six seven eight nine ten eleven twelve';
    expect(run(spec, plan({ a: { childViews: `  ${twelve}  ` } }))).toEqual({
      rating: 'partly',
      credit: 12 / 40,
      reasons: ['a.childViews has 12 words; at least 40 expected'],
    });
    const forty = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
    expect(run(spec, plan({ a: { childViews: forty } })).rating).toBe('met');
  });

  it('min_chars counts trimmed characters; with both limits the lower ratio is the credit', () => {
    expect(run({ type: 'present', field: 'a.aspirations', min_chars: 10 }, plan({ a: { aspirations: '  vet  ' } }))).toEqual({
      rating: 'partly',
      credit: 0.3,
      reasons: ['a.aspirations has 3 characters; at least 10 expected'],
    });
    const r = run({ type: 'present', field: 'a.aspirations', min_chars: 10, min_words: 4 }, plan({ a: { aspirations: 'be a vet' } }));
    expect(r).toEqual({
      rating: 'partly',
      credit: 0.75,
      reasons: ['a.aspirations has 8 characters; at least 10 expected', 'a.aspirations has 3 words; at least 4 expected'],
    });
    expect(run({ type: 'present', field: 'a.aspirations', min_words: 1 }, plan({ a: { aspirations: 'x' } })).reasons).toEqual([]);
  });

  it('lists: empty list is not met; min_items gives partly; blank items do not count', () => {
    const spec = { type: 'present', field: 'e', min_items: 3 };
    expect(run(spec, plan())).toEqual({ rating: 'not_met', reasons: ['Section E is empty'] });
    expect(run(spec, plan({ e: [{ text: 'Read a book' }, { text: '  ' }, { text: 'Count to 20' }] }))).toEqual({
      rating: 'partly',
      credit: 2 / 3,
      reasons: ['Section E has 2 items; at least 3 expected'],
    });
    expect(run(spec, plan({ e: [{ text: 'a' }, { text: 'b' }, { text: 'c' }] })).rating).toBe('met');
    expect(run({ type: 'present', field: 'e' }, plan({ e: [{ text: ' ' }] }))).toEqual({ rating: 'not_met', reasons: ['Section E is empty'] });
    expect(run({ type: 'present', field: 'e' }, plan({ e: [{ text: 'x' }] }))).toEqual({ rating: 'met', reasons: [] });
  });

  it('one item is one item', () => {
    expect(run({ type: 'present', field: 'f', min_items: 2 }, plan({ f: [{ text: 'OT' }] })).reasons).toEqual([
      'Section F has 1 item; at least 2 expected',
    ]);
  });

  it('needs sections: the "no needs in this area" sentinel counts only with none_counts', () => {
    const c = { items: [], none: true };
    expect(run({ type: 'present', field: 'c' }, plan({ c }))).toEqual({
      rating: 'not_met',
      reasons: ["Section C has no items ('no needs in this area' does not count here)"],
    });
    expect(run({ type: 'present', field: 'c', none_counts: true }, plan({ c }))).toEqual({ rating: 'met', reasons: [] });
    expect(run({ type: 'present', field: 'c', none_counts: true }, plan())).toEqual({ rating: 'not_met', reasons: ['Section C is empty'] });
    expect(run({ type: 'present', field: 'c' }, plan({ c: { items: ['Epilepsy'], none: false } })).rating).toBe('met');
    expect(run({ type: 'present', field: 'b', min_items: 4 }, plan({ b: { items: ['x', 'y', ''], none: false } }))).toEqual({
      rating: 'partly',
      credit: 0.5,
      reasons: ['Section B has 2 items; at least 4 expected'],
    });
  });

  it('min_words on a list measures the items together', () => {
    const r = run({ type: 'present', field: 'b', min_words: 10 }, plan({ b: { items: ['slow reading', 'poor recall of facts'], none: false } }));
    expect(r).toEqual({ rating: 'partly', credit: 0.6, reasons: ['Section B has 6 words; at least 10 expected'] });
  });

  it('numbers, booleans and extra columns', () => {
    expect(run({ type: 'present', field: 'child.ncYear' }, plan({ child: { ncYear: 0 } })).rating).toBe('met');
    expect(run({ type: 'present', field: 'child.lookedAfter' }, plan({ child: { lookedAfter: false } })).rating).toBe('met');
    expect(run({ type: 'present', field: 'extra.Interpreter' }, plan({ extra: { Interpreter: 'Polish' } })).rating).toBe('met');
    expect(run({ type: 'present', field: 'extra.Interpreter' }, plan())).toEqual({ rating: 'not_met', reasons: ['extra.Interpreter is empty'] });
  });

  it('compile-time errors name the option', () => {
    expect(compileError({ type: 'present', field: 'a.childviews2.x[' })).toMatch(/^field: '.*' is not a field path/);
    expect(compileError({ type: 'present', field: 'sectionA' })).toMatch(/^field: unknown field 'sectionA'/);
    expect(compileError({ type: 'present', field: 'a.childViews', min_words: 0 })).toMatch(/^min_words: /);
    expect(compileError({ type: 'present', field: 'a.childViews', type2: 1 })).toMatch(/Unrecognized key/);
    expect(compileError({ type: 'present', field: 'a.childViews', min_words: 3 })).toBeUndefined();
  });

  it('an option that means nothing for the field is an error, not ignored', () => {
    expect(compileError({ type: 'present', field: 'a.childViews', min_items: 300 })).toBe('min_items: min_items applies to list fields; a.childViews is text (use min_words)');
    expect(compileError({ type: 'present', field: 'dates.request', min_items: 2 })).toBe('min_items: min_items applies to list fields; dates.request is a single value, not a text or a list');
    expect(compileError({ type: 'present', field: 'f', none_counts: true })).toBe("none_counts: none_counts applies to the needs sections b, c and d (their 'no needs in this area'); f is a list");
    expect(compileError({ type: 'present', field: 'extra.Notes', none_counts: false })).toMatch(/^none_counts: .*; extra\.Notes is text/);
    expect(compileError({ type: 'present', field: 'child.lookedAfter', min_words: 2 })).toBe('min_words: min_words applies to text and lists of text; child.lookedAfter is a single value, not a text or a list');
    // Each where it means something.
    for (const ok of [
      { field: 'f', min_items: 2, min_words: 10 },
      { field: 'e[].area', min_items: 2 },
      { field: 'c', min_items: 2, none_counts: true, min_chars: 20 },
      { field: 'extra.Notes', min_chars: 5 },
    ]) expect(compileError({ type: 'present', ...ok }), JSON.stringify(ok)).toBeUndefined();
  });
});
