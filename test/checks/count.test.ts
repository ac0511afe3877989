import { describe, expect, it } from 'vitest';
import { compileError, plan, run } from './helpers.js';

const pfa = { type: 'count', field: 'e', min: 1, where: { match: ['employment', 'independent living', 'community', 'health'], in: ['area'] } };

describe('count', () => {
  it('counts items against min and max', () => {
    const spec = { type: 'count', field: 'e', min: 2, max: 3 };
    expect(run(spec, plan())).toEqual({ rating: 'not_met', reasons: ['Section E has 0 items; at least 2 expected'] });
    expect(run(spec, plan({ e: [{ text: 'a' }] }))).toEqual({ rating: 'not_met', reasons: ['Section E has 1 item; at least 2 expected'] });
    expect(run(spec, plan({ e: [{ text: 'a' }, { text: 'b' }] }))).toEqual({ rating: 'met', reasons: [] });
    expect(run(spec, plan({ e: [{ text: 'a' }, { text: 'b' }, { text: 'c' }] })).rating).toBe('met');
    expect(run(spec, plan({ e: [{ text: 'a' }, { text: 'b' }, { text: 'c' }, { text: 'd' }] }))).toEqual({
      rating: 'not_met',
      reasons: ['Section E has 4 items; at most 3 expected'],
    });
  });

  it('PfA outcomes: only items whose area matches count', () => {
    const e = [
      { text: 'Will read fluently', area: 'Cognition and learning' },
      { text: 'Will travel to college on the bus', area: 'Independent Living' },
    ];
    expect(run(pfa, plan({ e }))).toEqual({ rating: 'met', reasons: [] });
    expect(run(pfa, plan({ e: e.slice(0, 1) }))).toEqual({
      rating: 'not_met',
      reasons: ['Section E has 0 items matching any of 4 phrases (of 1); at least 1 expected'],
    });
    // `in: [area]` means the text is not searched.
    expect(run(pfa, plan({ e: [{ text: 'Will find employment in retail' }] })).rating).toBe('not_met');
    // default `in` is text and area
    const noIn = { ...pfa, where: { match: pfa.where.match } };
    expect(run(noIn, plan({ e: [{ text: 'Will find employment in retail' }] })).rating).toBe('met');
    // word boundaries: "healthy" is not "health"
    expect(run(noIn, plan({ e: [{ text: 'Will eat healthy food' }] })).rating).toBe('not_met');
  });

  it('needs sections count their items; a text field is one item', () => {
    expect(run({ type: 'count', field: 'b', min: 2 }, plan({ b: { items: ['x'], none: true } })).reasons).toEqual([
      'Section B has 1 item; at least 2 expected',
    ]);
    expect(run({ type: 'count', field: 'i', max: 0 }, plan({ i: 'Oak School (special)' })).reasons).toEqual(['Section I has 1 item; at most 0 expected']);
    expect(run({ type: 'count', field: 'k[].source', min: 1, where: { match: ['health'] } }, plan({ k: [{ source: 'health' }] })).rating).toBe('met');
  });

  it('where with a lexicon reference', () => {
    const spec = { type: 'count', field: 'f', max: 0, where: { match: ['@vague'] } };
    expect(run(spec, plan({ f: [{ text: 'Access to a quiet room' }, { text: 'OT 1 hour weekly' }] }))).toEqual({
      rating: 'not_met',
      reasons: ['Section F has 1 item matching the vague list (of 2); at most 0 expected'],
    });
  });

  it('compile-time errors', () => {
    expect(compileError({ type: 'count', field: 'e' })).toBe(': count needs min or max');
    expect(compileError({ type: 'count', field: 'e', min: 3, max: 1 })).toBe('max: max (1) is below min (3)');
    expect(compileError({ type: 'count', field: 'outcomes', min: 1 })).toMatch(/^field: unknown field 'outcomes'/);
    expect(compileError({ ...pfa, where: { match: ['x'], in: ['areas'] } })).toMatch(/^where\.in\.0: unknown item key 'areas'/);
    expect(compileError({ ...pfa, where: { match: ['x', { re: '(' }] } })).toMatch(/^where\.match\.1\.re: bad regular expression/);
    expect(compileError({ ...pfa, where: { match: ['@nope'] } })).toMatch(/^where\.match: unknown lexicon 'nope' \(defined: vague, hedges\)/);
    expect(compileError({ ...pfa, where: { match: [] } })).toMatch(/^where\.match: /);
 
    // `in` names keys the field's items have: none for items that are plain text.
    expect(compileError({ type: 'count', field: 'e', min: 1, where: { match: ['x'], in: ['frequency'] } })).toBe("where.in.0: the items of e have no 'frequency': they have text, area, target");
    expect(compileError({ type: 'count', field: 'b', min: 1, where: { match: ['x'], in: ['text'] } })).toBe("where.in: where.in picks keys of outcome, provision and advice items; the items of b are text, matched whole: take 'in' out");
    expect(compileError({ type: 'count', field: 'f', min: 1, where: { match: ['x'], in: ['deliverer'] } })).toBeUndefined();
  });
});
