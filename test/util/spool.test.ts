/**
 * Spool.split: the text written, split at a separator exactly as String.prototype.split splits it,
 * whatever falls on the 64 KiB pieces it is decoded in (separators and multi-byte characters
 * across them, parts far longer than a piece, empty parts at either end).
 */
import { describe, expect, it } from 'vitest';
import { Spool } from '../../src/util/spool.js';
import { createRng } from '../../src/sample/prng.js';

function spooled(texts: string[]): Spool {
  const s = new Spool('test');
  for (const t of texts) s.text(t);
  return s;
}

describe('Spool.split', () => {
  it('splits as String.prototype.split, for one- and multi-character separators, on random text', () => {
    const rng = createRng(7);
    const alphabet = ['a', 'b', ',', '\n', ' ', 'é', '数', '🙂'];
    for (const separator of ['\n', ',\n    ', '🙂']) {
      for (let round = 0; round < 6; round++) {
        // Parts from empty to several pieces long, so separators fall at every offset of a piece.
        const parts = Array.from({ length: 40 }, () => {
          const n = rng.nextInt(4) === 0 ? rng.nextInt(200_000) : rng.nextInt(300);
          let t = '';
          for (let i = 0; i < n; i++) t += alphabet[rng.nextInt(alphabet.length)];
          return t;
        });
        const text = parts.join(separator);
        // Written in two pieces, not between the two halves of an emoji (a lone half is not UTF-8).
        const cut = /[\ud800-\udbff]/.test(text[999] ?? '') ? 1001 : 1000;
        const s = spooled([text.slice(0, cut), text.slice(cut)]);
        expect([...s.split(separator)]).toEqual(text.split(separator));
        s.close();
      }
    }
  });

  it('finds a separator that spans two 64 KiB pieces, at every offset', () => {
    for (const separator of [',\n    ', '🙂']) {
      const bytes = Buffer.byteLength(separator);
      for (let k = 0; k <= bytes; k++) {
        // ASCII before the separator, so its first byte is at 65536 - k.
        const text = `${'x'.repeat(65_536 - k)}${separator}${'y'.repeat(10)}${separator}`;
        const s = spooled([text]);
        expect([...s.split(separator)], `${JSON.stringify(separator)} at 65536 - ${k}`).toEqual(['x'.repeat(65_536 - k), 'y'.repeat(10), '']);
        s.close();
      }
    }
  });

  it('gives empty parts at the ends, and one empty part for an empty spool', () => {
    const s = spooled([',\n    a,\n    ,\n    b,\n    ']);
    expect([...s.split(',\n    ')]).toEqual(['', 'a', '', 'b', '']);
    s.close();
    const empty = new Spool('test');
    expect([...empty.split('\n')]).toEqual(['']);
  });

  it('a part of 5 MB comes back whole', () => {
    const long = 'x'.repeat(5_000_000);
    const s = spooled(['first\n', long, '\nlast']);
    expect([...s.split('\n')].map((p) => p.length)).toEqual([5, 5_000_000, 4]);
    s.close();
  });
});
