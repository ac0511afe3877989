/**
 * A YAML export that is one list of plans at column 0 (`- ref: ...`) is read an item at a time
 * (src/records/loaders/structured.ts readYaml): parsed whole, a 10,000-plan list took 9.3 s and
 * 1.4 GB. Read item by item it must give what the whole parse gives: the same plans on the same
 * lines, the same rejected plans (a key given twice), and a refusal where the whole file was
 * refused; for any mix of items, comments, blank lines, block scalars, nested lists, anchors and
 * aliases, CRLF and any cut of the bytes into reads.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readYaml, type RawItem } from '../../src/records/loaders/structured.js';
import { enc, inPieces } from '../helpers/pieces.js';


/** Every item, or a refusal (line -1: the read threw, as a whole file's syntax error does). */
async function read(b: Uint8Array, sizes: number[], lists: 'items' | 'whole'): Promise<Omit<RawItem, 'locate'>[]> {
  const out: Omit<RawItem, 'locate'>[] = [];
  try {
    for await (const { locate: _, ...it } of readYaml('f.yaml', inPieces(b, sizes), undefined, 'typed', lists)) out.push(it);
  } catch {
    out.push({ line: -1, error: 'refused' });
  }
  return out;
}

/** Items as an export writes them (each a few lines), `n` numbering them. */
const ITEMS: ((n: number) => string[])[] = [
  (n) => [`- ref: A-${n}`, '  note: x'],
  (n) => [`- ref: B-${n}`, '  f:', '    - text: Speech and language therapy', '    - text: OT'],
  // A block scalar whose lines start like items, indented.
  (n) => [`- ref: C-${n}`, '  note: |', '    line one', '', '    - not an item', '  after: y'],
  (n) => ['# a comment between plans', '', `- ref: D-${n}`],
  (n) => ['-', `  ref: E-${n}`],
  (n) => [`- {ref: F-${n}, note: flow}`],
  // An anchor and an alias to it in the next item: read whole from the anchor on.
  (n) => [`- ref: G-${n}`, `  base: &b${n} {x: 1}`, `- ref: H-${n}`, `  copy: *b${n}`],
  // A key given twice: that plan is rejected at the key, the others are read.
  (n) => [`- ref: K-${n}`, '  note: a', '  note: b'],
  (n) => [`- ref: "L-${n}"`, '  dates: {finalIssued: "2024-01-02"}'],
  // A syntax error: the whole file is refused.
  (n) => [`- ref: M-${n}`, '  bad: [unclosed'],
];

describe('readYaml: a list of plans read an item at a time', () => {
  it('gives what the whole parse gives, for any items and any reads', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: ITEMS.length - 1 }), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 5 }),
        async (kinds, head, crlf, marker, sizes) => {
          const lines = [...(head ? ['# Export of plans', ''] : []), ...(marker ? ['---'] : []), ...kinds.flatMap((k, n) => ITEMS[k]!(n))];
          const text = lines.join(crlf ? '\r\n' : '\n') + (crlf ? '\r\n' : '\n');
          const items = await read(enc(text), sizes, 'items');
          const whole = await read(enc(text), sizes, 'whole');
          // A refusal's message may place the fault differently (the item's end, not the document's).
          const refused = (r: Omit<RawItem, 'locate'>[]) => r.some((it) => it.line === -1);
          const broken = kinds.includes(ITEMS.length - 1);
          if (marker && broken) {
            // After a marker a broken list was one rejected plan, the list's other plans lost; read
            // an item at a time, only the broken item is rejected, and every other plan is read.
            expect(refused(items), text).toBe(false);
            const refs = items.filter((it) => !it.error).map((it) => (it.value as { ref: string }).ref);
            const want = kinds.flatMap((k, n) => (k === ITEMS.length - 1 || k === 7 ? [] : k === 6 ? [`G-${n}`, `H-${n}`] : [`${'ABCDEFGKLM'[k]}-${n}`]));
            // Items after an anchor are read whole: a broken one there rejects them together.
            if (!kinds.slice(0, kinds.lastIndexOf(ITEMS.length - 1)).includes(6)) expect(refs, text).toEqual(want);
          } else if (refused(whole)) expect(refused(items), text).toBe(true);
          else expect(items, text).toEqual(whole);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads a plan at a time: a later item that is not valid YAML comes after the plans before it', async () => {
    const text = '- ref: P1\n- ref: P2\n- ref: P3\n  bad: [unclosed\n';
    const got: (string | undefined)[] = [];
    try {
      for await (const it of readYaml('f.yaml', inPieces(enc(text), [1000]))) got.push((it.value as { ref: string }).ref);
    } catch (e) {
      got.push((e as Error).message);
    }
    expect(got.slice(0, 2)).toEqual(['P1', 'P2']);
    expect(got[2]).toMatch(/^f\.yaml:4:\d+: not valid YAML/);
  });
});
