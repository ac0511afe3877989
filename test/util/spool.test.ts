/**
 * Spool.split: the text written, split at a separator exactly as String.prototype.split splits it,
 * whatever falls on the 64 KiB pieces it is decoded in (separators and multi-byte characters
 * across them, parts far longer than a piece, empty parts at either end). And where a spool file
 * is made: in a private folder of this process's, which goes with its last file.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Spool, spoolFolder } from '../../src/util/spool.js';
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

describe('where a spool file is made', () => {
  it.skipIf(process.platform === 'win32')('in a folder of its own (mode 0700) under the temporary folder, readable by its owner only, under a random name; the folder goes with its last file', () => {
    expect(spoolFolder()).toBeUndefined();
    const a = spooled(['a\n']);
    const b = spooled(['b\n']);
    const folder = spoolFolder()!;
    expect(dirname(folder)).toBe(tmpdir());
    expect(basename(folder)).toMatch(/^ehcp-audit-/);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    const files = readdirSync(folder).sort();
    expect(files).toHaveLength(2); // one folder for both
    for (const f of files) {
      expect(f).toMatch(/^test-[\w-]{12}\.jsonl$/);
      expect(f).not.toContain(String(process.pid));
      expect(statSync(`${folder}/${f}`).mode & 0o777).toBe(0o600);
    }
    a.close();
    expect(readdirSync(folder)).toHaveLength(1);
    b.close();
    expect(existsSync(folder)).toBe(false);
    expect(spoolFolder()).toBeUndefined();
    // A later spool gets a new folder.
    const c = spooled(['c\n']);
    expect(spoolFolder()).not.toBe(folder);
    c.close();
  });
});
