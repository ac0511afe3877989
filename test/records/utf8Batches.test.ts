/**
 * utf8TextBatches (src/records/input.ts): the text of a YAML or JSON Lines export in batches of
 * whole lines, about 64 KiB each. Whatever the reads and the lines, the batches joined are the
 * file's text, each batch starts on the line it says, and all but the last end with a line break.
 */
import { describe, expect, it } from 'vitest';
import { utf8TextBatches } from '../../src/records/input.js';

async function* reads(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

async function batches(text: string, readSize: number) {
  const out: { text: string; first: number; lines: number }[] = [];
  for await (const b of utf8TextBatches('f.yaml', reads(Buffer.from(text, 'utf8'), readSize))) out.push(b);
  return out;
}

describe('utf8TextBatches', () => {
  const line = (i: number, width: number) => `- plan ${i}: ${'provision – £5 “quoted” '.repeat(width)}`;
  const cases: [string, string][] = [
    ['short lines, non-ASCII', Array.from({ length: 5000 }, (_, i) => line(i, 1)).join('\n') + '\n'],
    ['no final line break', Array.from({ length: 3000 }, (_, i) => line(i, 2)).join('\n')],
    ['lines longer than a batch', Array.from({ length: 12 }, (_, i) => line(i, 4000)).join('\n') + '\n'],
    ['CRLF and blank lines', Array.from({ length: 4000 }, (_, i) => (i % 7 === 0 ? '' : line(i, 1))).join('\r\n') + '\r\n'],
  ];
  for (const [name, text] of cases) {
    for (const readSize of [1 << 20, 100_000, 4096]) {
      it(`${name}, reads of ${readSize} bytes`, async () => {
        const out = await batches(text, readSize);
        expect(out.map((b) => b.text).join('')).toBe(text);
        let lineNo = 1;
        for (const [k, b] of out.entries()) {
          expect(b.first).toBe(lineNo);
          const breaks = b.text.split('\n').length - 1;
          const last = k === out.length - 1;
          expect(b.lines).toBe(breaks + (last && !b.text.endsWith('\n') ? 1 : 0));
          if (!last) expect(b.text.endsWith('\n')).toBe(true);
          lineNo += b.lines;
        }
        // About 64 KiB a batch; a batch holding one line longer than that is that line.
        for (const b of out) {
          const bytes = Buffer.byteLength(b.text);
          if (bytes > 64 << 10) expect(b.lines).toBe(1);
        }
        if (text.length > 200_000) expect(out.length).toBeGreaterThan(2);
      });
    }
  }
});
