/**
 * JsonLinesCutter and YamlDocumentCutter (src/records/loaders/boundaries.ts), replayed the way the
 * parallel audit uses them (src/audit/parallel/pool.ts): bytes arrive in pieces of any size, the
 * buffer is scanned now and then, and a block is cut wherever a scan says. Reading each block on
 * its own (readYaml / readJsonLines from the line the cutter's counts say) must give exactly the
 * items, with the same lines, that reading the whole text in one go gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasDocumentMarker, JsonLinesCutter, YamlDocumentCutter, type BlockCutter } from '../../src/records/loaders/boundaries.js';
import { readJsonLines, readYaml, type RawItem } from '../../src/records/loaders/structured.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

async function* once(b: Uint8Array): AsyncGenerator<Uint8Array> {
  yield b;
}

async function items(read: typeof readYaml, b: Uint8Array, firstLine: number): Promise<RawItem[]> {
  const out: RawItem[] = [];
  try {
    // A plan's locator is compared by its answer (where its `ref` is), as functions cannot be.
    for await (const { locate, ...it } of read('f', once(b), firstLine)) out.push(locate ? { ...it, refAt: locate(['ref']) } as RawItem : it);
  } catch (e) {
    out.push({ line: -1, error: (e as Error).message });
  }
  return out;
}

/** Feed `bytes` in pieces (sizes from `pieces`), cutting wherever a scan allows; returns the blocks and their first lines. */
function cutUp(bytes: Uint8Array, cutter: BlockCutter, pieces: number[]): { block: Uint8Array; line: number }[] {
  const blocks: { block: Uint8Array; line: number }[] = [];
  let buf = new Uint8Array(0);
  let pos = 0;
  let line = 1;
  let k = 0;
  while (pos < bytes.length) {
    const size = Math.max(1, pieces[k++ % pieces.length]!);
    const next = new Uint8Array(buf.length + Math.min(size, bytes.length - pos));
    next.set(buf);
    next.set(bytes.subarray(pos, pos + next.length - buf.length), buf.length);
    pos += next.length - buf.length;
    buf = next;
    const cut = cutter.scan(buf);
    if (cut > 0) {
      blocks.push({ block: buf.slice(0, cut), line });
      line += cutter.linesToEnd;
      cutter.cut(cut);
      buf = buf.slice(cut);
    }
  }
  if (buf.length > 0) blocks.push({ block: buf, line });
  return blocks;
}

const plan = fc.record({ ref: fc.stringMatching(/^[A-Z]{2}-\d{1,4}$/), note: fc.constantFrom('a', 'b c', '--- not a marker', '# hash', 'x: y') });

const yamlDoc = fc.tuple(plan, fc.constantFrom('---', '--- ', '---\t', '--- # c', '...\n---', '# comment\n---'), fc.boolean()).map(
  ([p, marker, crlf]) => {
    const body = `${marker}\nref: ${JSON.stringify(p.ref)}\n---x: 1\nnotes: |\n  ${p.note}\n  ---x\n`;
    return crlf ? body.replace(/\n/g, '\r\n') : body;
  },
);

describe('YamlDocumentCutter', () => {
  it('blocks read alone give the same plans and lines as the whole stream', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(yamlDoc, { minLength: 1, maxLength: 12 }), fc.array(fc.integer({ min: 1, max: 80 }), { minLength: 1, maxLength: 8 }), async (docs, pieces) => {
        const bytes = enc(`# preamble\n${docs.join('')}`);
        const whole = await items(readYaml, bytes, 1);
        const blocks = cutUp(bytes, new YamlDocumentCutter(), pieces);
        const parts: RawItem[] = [];
        for (const { block, line } of blocks) parts.push(...(await items(readYaml, block, line)));
        expect(parts).toEqual(whole);
        // Every block after the first starts with a document marker.
        for (const { block } of blocks.slice(1)) expect(new TextDecoder().decode(block.subarray(0, 3))).toBe('---');
      }),
      { numRuns: 300 },
    );
  });

  it('a long stretch with no marker is searched once (no cut until a marker comes)', () => {
    const cutter = new YamlDocumentCutter();
    const text = `- a: 1\n${'  b: 2\n'.repeat(20_000)}`;
    const bytes = enc(text);
    for (let n = 1000; n < bytes.length; n += 1000) expect(cutter.scan(bytes.subarray(0, n))).toBe(-1);
    const withMarker = enc(`${text}---\nx: 1\n`);
    expect(cutter.scan(withMarker)).toBe(bytes.length);
    expect(cutter.linesToEnd).toBe(20_001);
  });
});

describe('JsonLinesCutter', () => {
  it('blocks read alone give the same items and lines as the whole file', async () => {
    const line = fc.oneof(
      plan.map((p) => JSON.stringify(p)),
      fc.constantFrom('', '  ', '{"broken', '[1,2]', '{"ref":"é£"}'),
    );
    // Each line ends with LF, CRLF or a lone CR (old Mac line endings), mixed as a file may be.
    const ended = fc.tuple(line, fc.constantFrom('\n', '\r\n', '\r')).map(([l, end]) => l + end);
    await fc.assert(
      fc.asyncProperty(fc.array(ended, { minLength: 1, maxLength: 20 }), fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 8 }), async (lines, pieces) => {
        const text = lines.join('');
        const bytes = enc(text);
        const whole = await items(readJsonLines, bytes, 1);
        // Every filled line is an item, on its own line number (a lone CR then an empty line is a CRLF).
        const filled = text.split(/\r\n|\r|\n/).flatMap((l, k) => (l.trim() === '' ? [] : [k + 1]));
        expect(whole.map((x) => x.line)).toEqual(filled);
        const parts: RawItem[] = [];
        for (const { block, line: first } of cutUp(bytes, new JsonLinesCutter(), pieces)) parts.push(...(await items(readJsonLines, block, first)));
        expect(parts).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });
});

describe('hasDocumentMarker: is a YAML file a stream of documents, or one (read in one thread, a list item by item)?', () => {
  it('finds a --- marker at the start of a line, and nothing else', () => {
    const yes = ['---\nref: A\n', '# head\n---\nref: A\n', '\uFEFF--- ref: A\n', 'ref: A\n---\t# next\nref: B\n', 'ref: A\r\n---\r\nref: B\r\n', 'ref: A\n---'];
    const no = ['- ref: A\n- ref: B\n', 'ref: A\n  ---\n', 'note: "---"\n', 'ref: A\n----\n', 'ref: A\n---x: 1\n', ''];
    for (const t of yes) expect(hasDocumentMarker(new TextEncoder().encode(t)), JSON.stringify(t)).toBe(true);
    for (const t of no) expect(hasDocumentMarker(new TextEncoder().encode(t)), JSON.stringify(t)).toBe(false);
  });
});
