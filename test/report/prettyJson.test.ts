/** Long arrays of JSON reports written in chunks (report/prettyJson.ts): the same bytes as JSON.stringify(_, null, 2). */
import { describe, expect, it } from 'vitest';
import { prettyArray, prettyJsonChunks } from '../../src/report/prettyJson.js';

const item = (i: number) => ({ i, text: `line ${i}\nwith "quotes", \\ and \u2028 🙂`, nested: { list: [i, null, true], empty: [], none: {} } });

describe('prettyJsonChunks', () => {
  it('nested and top-level arrays, empty or long, in chunks of about 1 MB', () => {
    for (const n of [0, 1, 2, 20_000]) {
      const items = Array.from({ length: n }, (_, k) => item(k));
      const value = { a: 1, input: { file: 'x', rejected: items, after: [1, 2] }, mid: 'm', rows: items, tail: { z: [] } };
      const chunks = [...prettyJsonChunks(value, [{ path: ['input', 'rejected'], items }, { path: ['rows'], items: items.values() }])];
      expect(chunks.join('')).toBe(`${JSON.stringify(value, null, 2)}\n`);
      for (const c of chunks) expect(c.length).toBeLessThan(1.1 * (1 << 20));
      if (n === 20_000) expect(chunks.length).toBeGreaterThan(4);
    }
  });

  it('the arrays written come from the iterables, not from the value', () => {
    const text = [...prettyJsonChunks({ list: [] as number[] }, [{ path: ['list'], items: [1, 2] }])].join('');
    expect(JSON.parse(text)).toEqual({ list: [1, 2] });
    expect([...prettyArray([], '  ')].join('')).toBe('[]');
  });

  it('a path that is not an array, or arrays listed out of document order, is a programming error', () => {
    expect(() => [...prettyJsonChunks({ a: 1 }, [{ path: ['a'], items: [] }])]).toThrow(/no array at a/);
    expect(() => [...prettyJsonChunks({ a: [], b: [] }, [{ path: ['b'], items: [] }, { path: ['a'], items: [] }])]).toThrow(/no array at a/);
  });
});
