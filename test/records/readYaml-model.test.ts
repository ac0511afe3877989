/**
 * readYaml (src/records/loaders/structured.ts) scans each batch of text for document markers
 * without cutting it into lines. The model here is the line-by-line reader it replaced: split into
 * lines (CR dropped), a marker line ends a document, blank lines before the first are skipped, and
 * each document is its lines joined by LF. For any mix of markers, `--- content`, `...`, comments,
 * blank lines, CRLF, block scalars keeping their trailing breaks, and any cut of the bytes into
 * reads, both must give the same items on the same lines (a value or an error).
 */
import fc from 'fast-check';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { isSeq, LineCounter, parseDocument } from 'yaml';
import { readYaml, type RawItem } from '../../src/records/loaders/structured.js';
import { enc, inPieces } from '../helpers/pieces.js';


async function read(b: Uint8Array, sizes: number[]): Promise<RawItem[]> {
  const out: RawItem[] = [];
  try {
    // Without the plan's locator (a function: test/cli/validate.test.ts checks the lines it finds).
    for await (const { locate: _, ...it } of readYaml('f.yaml', inPieces(b, sizes))) out.push(it);
  } catch (e) {
    out.push({ line: -1, error: (e as Error).message });
  }
  return out;
}

/** The line-by-line reader readYaml replaced, for documents after a marker (the js-yaml path). */
function model(text: string): { value?: unknown; line: number; error?: true }[] {
  const all = text.split('\n');
  if (text.endsWith('\n')) all.pop();
  const lines0 = all.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const out: { value?: unknown; line: number; error?: true }[] = [];
  let lines: string[] = [];
  let docStart = 1;
  let sawMarker = false;
  /** Has a document had content? A whole file with none is refused as empty (the reader throws). */
  let any = false;
  const content = (ls: string[]) => ls.some((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  const emit = () => {
    if (!content(lines)) return;
    any = true;
    const doc = lines.join('\n');
    const offset = lines.findIndex((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
    let value: unknown;
    try {
      value = loadYaml(doc, { schema: CORE_SCHEMA, json: false });
    } catch {
      value = undefined;
    }
    // What js-yaml refuses, or reads as a list, goes to the `yaml` package (as in the reader).
    if (value === undefined || Array.isArray(value)) {
      const counter = new LineCounter();
      const parsed = parseDocument(doc, { lineCounter: counter, prettyErrors: false });
      // A list that the `yaml` package refuses ends the read (the reader throws), as before.
      if (parsed.errors.length > 0 && value !== undefined) throw new Error('not valid YAML');
      if (parsed.errors.length > 0) out.push({ line: docStart, error: true });
      else if (isSeq(parsed.contents)) {
        for (const node of parsed.contents.items) out.push({ value: (node as { toJSON(): unknown }).toJSON(), line: counter.linePos((node as { range: number[] }).range[0]!).line + docStart - 1 });
      } else out.push({ value: parsed.toJS(), line: counter.linePos(parsed.contents?.range?.[0] ?? 0).line + docStart - 1 });
      return;
    }
    out.push({ value, line: docStart + Math.max(0, offset) });
  };
  try {
    lines0.forEach((t, k) => scan(t, k));
  } catch {
    out.push({ line: -1, error: true });
    return out;
  }
  function scan(t: string, k: number): void {
    const line = k + 1;
    const marker = /^(---|\.\.\.)(\s|$)/.exec(t);
    if (marker) {
      if (sawMarker) emit();
      sawMarker = true;
      const rest = marker[1] === '---' ? t.slice(3) : '';
      lines = rest.trim() ? [rest] : [];
      docStart = rest.trim() ? line : line + 1;
      return;
    }
    if (lines.length === 0 && !sawMarker && t.trim() === '') {
      docStart = line + 1;
      return;
    }
    lines.push(t);
  }
  try {
    emit();
  } catch {
    out.push({ line: -1, error: true });
  }
  if (!any) out.push({ line: -1, error: true });
  return out;
}

const line = fc.constantFrom(
  'ref: A-1',
  'ref: "B-2"',
  'note: |',
  'note: |+',
  'note: >-',
  '  kept text',
  '  ---x',
  '',
  '   ',
  '# a comment',
  '  # indented comment',
  '---',
  '--- ',
  '---\t# marker comment',
  '--- ref: C-3',
  '--- {ref: D-4}',
  '...',
  '... ',
  '----',
  '---x: 1',
  '....',
  'list:',
  '  - a',
  '  - b',
  'bad: [unclosed',
  'é: ünïcödé',
);

describe('readYaml: marker scan on whole text', () => {
  it('gives the same items and lines as the line-by-line reader, for any text and any reads', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 40 }), fc.boolean(), fc.boolean(), fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 5 }), async (ls, crlf, finalBreak, sizes) => {
        // Start with a marker, so every document takes the streamed (js-yaml) path the model follows.
        const body = ['---', ...ls].join(crlf ? '\r\n' : '\n') + (finalBreak ? (crlf ? '\r\n' : '\n') : '');
        // A broken document is placed at its fault's line, which the model does not work out: an
        // error's line is compared only when the whole read is refused (-1). test/records/jsonFault.test.ts places faults.
        const at = (it: { line: number; error?: unknown }): number => (it.error && it.line !== -1 ? 0 : it.line);
        const got = (await read(enc(body), sizes)).map((it) => (it.error ? { line: at(it), error: true as const } : { value: it.value, line: it.line }));
        expect(got).toEqual(model(body).map((it) => (it.error ? { ...it, line: at(it) } : it)));
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps a block scalar\'s kept breaks, and skips blank lines before the first document', async () => {
    const text = '\n\n# head comment\n---\nref: A-1\nnote: |+\n  x\n\n---\n\n--- ref: B-2\n...\n';
    const items = await read(enc(text), [7]);
    expect(items).toEqual([
      { value: { ref: 'A-1', note: 'x\n' }, line: 5 },
      { value: { ref: 'B-2' }, line: 11 },
    ]);
  });
});
