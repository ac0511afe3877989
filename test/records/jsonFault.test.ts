/**
 * jsonFaultOffset (src/records/loaders/jsonFault.ts) places a fault where JSON.parse does, when
 * JSON.parse gives a position; and the YAML, JSON and JSON Lines readers reject a plan that cannot
 * be read at the fault's line and column, a YAML key given twice at that key, naming it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonFaultOffset } from '../../src/records/loaders/jsonFault.js';
import { readJsonArray, readJsonLines, readYaml, withoutQuotedText, type RawItem } from '../../src/records/loaders/structured.js';

async function* once(s: string): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(s);
}

async function items(read: typeof readJsonArray, text: string): Promise<RawItem[]> {
  const out: RawItem[] = [];
  for await (const it of read('f', once(text))) out.push(it);
  return out;
}

const errors = (got: RawItem[]): [number, string | undefined][] => got.map((x) => [x.line, x.error]);

describe('jsonFaultOffset', () => {
  it('finds the offset JSON.parse names, in JSON with one character added or taken out', () => {
    const ch = fc.constantFrom('"', ',', '}', ']', '{', '[', 'x', ':', '\\', '\n', '\u0001', '0', '-', '.', 'e', ' ', 't');
    fc.assert(
      fc.property(fc.json(), fc.nat(), ch, fc.boolean(), (json, at, c, cut) => {
        const k = at % (json.length + 1);
        const text = cut && json.length > 0 ? json.slice(0, k) + json.slice(k + 1) : json.slice(0, k) + c + json.slice(k);
        let message: string | undefined;
        try {
          JSON.parse(text);
        } catch (e) {
          message = (e as Error).message;
        }
        const got = jsonFaultOffset(text);
        const named = message === undefined ? null : / at position (\d+)/.exec(message);
        if (message === undefined) expect(got).toBeUndefined();
        else if (named) expect(got, `${JSON.stringify(text)}: ${message}`).toBe(Number(named[1]));
        else if (/end of JSON input/.test(message)) expect(got).toBe(text.length);
        else expect(got, `${JSON.stringify(text)}: ${message}`).toBeDefined();
      }),
      { numRuns: 5000 },
    );
  });

  it('places a fault JSON.parse gives no position for (an unquoted word)', () => {
    expect(jsonFaultOffset('{"ref": oops}')).toBe(8);
  });
});

describe('a plan that cannot be read is rejected at its fault', () => {
  it('JSON: the line and column of the fault (was the plan\'s first line and an offset from its start)', async () => {
    const text = '[\n  {"ref": "A1"},\n  {\n    "ref": "A2",\n    "child": {\n      "district": "Northmoor"\n      "ncYear": 3\n    }\n  },\n  {"ref": "A3"}, {"ref": x}\n]\n';
    const got = await items(readJsonArray, text);
    expect(errors(got)).toEqual([
      [2, undefined],
      [7, "not valid JSON at column 7: Expected ',' or '}' after property value"],
      [10, undefined],
      [10, "not valid JSON at column 26: Unexpected token 'x'"],
    ]);
  });

  it('JSON Lines: the column of the fault', async () => {
    const got = await items(readJsonLines, '{"ref": "A1"}\n  {"ref": "A2" "x": 1}\n');
    expect(errors(got)).toEqual([
      [1, undefined],
      [2, "not valid JSON at column 16: Expected ',' or '}' after property value"],
    ]);
  });

  it('YAML: the line and column of the fault, and reading goes on', async () => {
    const got = await items(readYaml, '---\nref: "A1"\nchild:\n  ncYear: 3\n   district: X\n---\nref: "A2"\n');
    expect(errors(got)).toEqual([
      [5, 'not valid YAML at column 12: bad indentation of a mapping entry'],
      [7, undefined],
    ]);
  });

  it('YAML: a key given twice rejects its plan only, naming the key at its line, in a stream or a list', async () => {
    const dup = (key: string) => `duplicate key '${key}': a mapping gives it twice, so which value is meant cannot be told; keep one`;
    const stream = await items(readYaml, '---\nref: "A1"\n---\nref: "A2"\nchild:\n  ncYear: 3\n  ncYear: 4\n---\nref: "A3"\ne:\n  - area: x\n    area: y\n');
    expect(errors(stream)).toEqual([
      [2, undefined],
      [7, dup('child.ncYear')],
      [12, dup('e[].area')],
    ]);
    // One bad item stopped the whole file (exit 2).
    const list = await items(readYaml, '- ref: "A1"\n- ref: "A2"\n  ref: "A2b"\n- ref: "A3"\n');
    expect(errors(list)).toEqual([
      [1, undefined],
      [3, dup('ref')],
      [4, undefined],
    ]);
  });

  it('YAML: a syntax error in a document holding a list of plans still stops the file, at its line and column', async () => {
    await expect(items(readYaml, '- ref: "A1"\n- ref: [a, b\n  child: x\n')).rejects.toThrow(/^f:3:\d+: not valid YAML: /);
  });
});

describe("a refused plan's reason never quotes its text", () => {
  it('V8 quotes the start of the text it refuses (a name, plan words): the reason keeps only the fault', async () => {
    for (const [read, text] of [
      [readJsonLines, '{"ref": "A1"}\n{"ref": ZZNAME Smith}\n'],
      [readJsonLines, `{"ref": ZZNAME, "a": {"childViews": "${'ZZTEXT '.repeat(20)}"}}\n`],
      [readJsonArray, '[\n{"ref": "A1"},\n{"ref": ZZNAME Smith}\n]\n'],
    ] as const) {
      const bad = (await items(read, text)).filter((i) => i.error !== undefined);
      expect(bad).toHaveLength(1);
      expect(bad[0]!.error).toMatch(/^not valid JSON at column \d+: Unexpected token 'Z'$/);
      expect(bad[0]!.error).not.toMatch(/ZZNAME|ZZTEXT/);
    }
    expect(withoutQuotedText(`Unexpected token 'o', ..."ref": oops"... is not valid JSON`)).toBe("Unexpected token 'o'");
    expect(withoutQuotedText('Expected property name or \'}\' in JSON at position 1')).toBe('Expected property name or \'}\' in JSON at position 1');
  });
});
