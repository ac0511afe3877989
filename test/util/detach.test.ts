import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { bytesView } from '../../src/util/bytes.js';
import { detach } from '../../src/util/strings.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap held by 500 strings of 30 characters sliced from 500 chunks of 120 KB each, after a collection. */
function heldBy(keep: (s: string) => string): number {
  const kept: string[] = [];
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 500; i++) {
    const chunk = `chunk ${i} `.repeat(12_000);
    kept.push(keep(chunk.slice(100, 130)));
  }
  gc();
  const held = process.memoryUsage().heapUsed - before;
  expect(kept.every((s) => s.length === 30)).toBe(true);
  return held;
}

describe('detach', () => {
  it('returns the same characters', () => {
    for (const s of ['', 'EHCP-1', 'a string of more than thirteen characters', 'café – “quoted” 🙂 text'.repeat(3)]) {
      expect(detach(s)).toBe(s);
    }
    expect(detach(undefined)).toBeUndefined();
    expect(detach(null)).toBeNull();
  });

  it('lets the chunk a long slice came from be collected', () => {
    // A slice of 30 characters keeps its whole chunk (60 MB in all) alive; a detached one does not.
    expect(heldBy((s) => s)).toBeGreaterThan(30e6);
    expect(heldBy(detach)).toBeLessThan(5e6);
  });
});

describe('bytesView', () => {
  it('shares the bytes of a Uint8Array and searches them as a Buffer', () => {
    const whole = new Uint8Array([9, 1, 0, 2, 10, 0]);
    const part = whole.subarray(1, 5);
    const view = bytesView(part);
    expect(Buffer.isBuffer(view)).toBe(true);
    expect(view.indexOf(0)).toBe(1);
    expect(view.indexOf(10)).toBe(3);
    view[0] = 7;
    expect(whole[1]).toBe(7);
    const buf = Buffer.from([1, 2]);
    expect(bytesView(buf)).toBe(buf);
  });
});
