/**
 * JSON nested millions deep (security review): JSON.parse built every level of 2,000,000 `[` in
 * a 4 MB plan (0.7 s and 285 MB) before anything refused it. A plan's text longer than 64 KiB is
 * scanned first, and one nested more than 1,000 deep is a rejected plan at the place it goes too
 * deep, in JSON Lines and in a JSON array alike; the plans around it are read.
 */
import { describe, expect, it } from 'vitest';
import { readJsonArray, readJsonLines, type RawItem } from '../../src/records/loaders/structured.js';
import { enc, inPieces } from '../helpers/pieces.js';

async function all(items: AsyncGenerator<RawItem>): Promise<Omit<RawItem, 'locate'>[]> {
  const out: Omit<RawItem, 'locate'>[] = [];
  for await (const { locate: _, ...it } of items) out.push(it);
  return out;
}

const deep = (n: number) => `{"ref":"D","x":${'['.repeat(n)}${']'.repeat(n)}}`;
// Long but shallow: brackets inside a string do not count, nor escaped quotes.
const long = `{"ref":"L","note":"${'[\\"'.repeat(40_000)}"}`;
const WHY = 'nested more than 1000 levels deep at column 1015 (lists or objects inside each other): a plan needs a few levels; check the export';

describe('JSON nested too deep', () => {
  it('JSON Lines: the plan is rejected at the column, and the plans around it read', async () => {
    const text = ['{"ref":"A"}', deep(200_000), long, deep(1000), '{"ref":"B"}'].join('\n');
    const items = await all(readJsonLines('f.jsonl', inPieces(enc(text), [65_536])));
    expect(items.map((it) => it.error ?? (it.value as { ref: string }).ref)).toEqual(['A', WHY, 'L', 'D', 'B']);
    expect(items[1]!.line).toBe(2);
  });

  it('a JSON array: the same, at the element', async () => {
    const text = `[\n{"ref":"A"},\n${deep(200_000)},\n${long},\n{"ref":"B"}\n]`;
    const items = await all(readJsonArray('f.json', inPieces(enc(text), [65_536])));
    expect(items.map((it) => it.error ?? (it.value as { ref: string }).ref)).toEqual(['A', WHY, 'L', 'B']);
    expect(items[1]!.line).toBe(3);
  });
});
