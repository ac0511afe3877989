/**
 * The js-yaml fast path of YamlSource.read (src/util/yamlConfig.ts) against the `yaml` package it
 * stands in for: wherever the fast path is taken, `yaml` parses the text without error and its
 * `toJS({ maxAliasCount: 100 })` is the same value (same types, -0, NaN, key order); everywhere
 * else the file goes through `yaml` and errors come out as before.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { CORE_SCHEMA, load } from 'js-yaml';
import { parseDocument, stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError } from '../../src/util/errors.js';
import { parseFast, validateYaml, YamlSource } from '../../src/util/yamlConfig.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `yaml`'s reading, as YamlSource's `yaml` path makes it (an alias bomb is an error of toJS). */
function reference(text: string): { errors: string[]; value?: unknown } {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) return { errors: doc.errors.map((e) => e.message.split('\n')[0]!) };
  try {
    return { errors: [], value: doc.toJS({ maxAliasCount: 100 }) };
  } catch (e) {
    return { errors: [`toJS: ${(e as Error).message}`] };
  }
}

/** Where `a` and `b` first differ (types, Object.is on primitives, own keys in order), or undefined. */
function firstDifference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (typeof a !== typeof b) return `${path}: ${typeof a} vs ${typeof b}`;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return Object.is(a, b) ? undefined : `${path}: ${String(a)} vs ${String(b)}`;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array vs object`;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: different prototypes`;
  const ka = Reflect.ownKeys(a);
  const kb = Reflect.ownKeys(b);
  if (ka.join('\0') !== kb.join('\0')) return `${path}: keys ${JSON.stringify(ka)} vs ${JSON.stringify(kb)}`;
  for (const k of ka) {
    const d = firstDifference((a as Record<PropertyKey, unknown>)[k], (b as Record<PropertyKey, unknown>)[k], `${path}.${String(k)}`);
    if (d) return d;
  }
  return undefined;
}

/** The invariant: if the fast path gives a value, `yaml` gives no error and the same value. */
function expectFastPathSound(text: string, label = JSON.stringify(text)): boolean {
  const fast = parseFast(text);
  if (!('value' in fast)) return false;
  const ref = reference(text);
  expect(ref.errors, label).toEqual([]);
  expect(firstDifference(fast.value, ref.value), label).toBeUndefined();
  return true;
}

function fallbackOf(text: string): string | undefined {
  const r = parseFast(text);
  return 'fallback' in r ? r.fallback : undefined;
}

/** Every YAML file in the repository (not node_modules, build output or generated bench data). */
function repoYamlFiles(): string[] {
  const skip = /^(?:node_modules|dist[^/]*|bench-data|coverage|out|\.git)(?:\/|$)/;
  return (readdirSync(root, { recursive: true, encoding: 'utf8' }) as string[])
    .map((f) => f.split('\\').join('/'))
    .filter((f) => /\.ya?ml$/.test(f) && !skip.test(f))
    .sort();
}

/** The ```yaml blocks of the documentation: the config examples users copy. */
function docYamlBlocks(): { name: string; text: string }[] {
  const docs = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  const out: { name: string; text: string }[] = [];
  for (const d of docs) {
    const md = readFileSync(join(root, d), 'utf8');
    let n = 0;
    for (const m of md.matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)) out.push({ name: `${d} yaml block ${++n}`, text: m[1]! });
  }
  return out;
}

const tmp = mkdtempSync(join(tmpdir(), 'ehcp-yaml-fast-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let fileNo = 0;
function tmpFile(text: string): string {
  const f = join(tmp, `f${++fileNo}.yaml`);
  writeFileSync(f, text);
  return f;
}

/** What YamlSource.read throws for a file, as text (or undefined). */
function readError(file: string): string | undefined {
  try {
    YamlSource.read(file, 'rubric').toJS();
    return undefined;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return [e.message, ...e.problems].join('\n');
  }
}

/** What the `yaml` path (YamlSource.parse, as before the fast path) throws for the same text, read as a rubric. */
function parseError(file: string, text: string): string | undefined {
  try {
    YamlSource.parse(file, text, 'rubric').toJS();
    return undefined;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return [e.message, ...e.problems].join('\n');
  }
}

describe('fast path on the repository files', () => {
  const files = repoYamlFiles();

  it('finds the config files', () => {
    expect(files).toEqual(expect.arrayContaining(['rubrics/default.yaml', 'mappings/sen2.map.yaml', 'fixtures/example-export.map.yaml', 'fixtures/rubrics/la-example.yaml']));
  });

  it.each(files)('%s: js-yaml (CORE_SCHEMA) gives what yaml gives, wherever the fast path is taken', (f) => {
    const text = readFileSync(join(root, f), 'utf8').replace(/^\uFEFF/, '');
    const ref = reference(text);
    if (ref.errors.length > 0) {
      expect(parseFast(text)).not.toHaveProperty('value');
      return;
    }
    if (fallbackOf(text) !== undefined) return;
    // js-yaml itself, as well as parseFast, agrees with yaml on every file the fast path takes.
    expect(firstDifference(load(text, { schema: CORE_SCHEMA, json: false }), ref.value)).toBeUndefined();
    expectFastPathSound(text, f);
  });

  it('takes the fast path for every shipped and fixture config file (rubrics, mappings)', () => {
    const configs = files.filter((f) => /^(rubrics|mappings)\//.test(f) || /^fixtures\/.*(\.map\.ya?ml|rubrics\/.*)$/.test(f) || /^test\/.*\.ya?ml$/.test(f));
    expect(configs.length).toBeGreaterThanOrEqual(6);
    for (const f of configs) expect(fallbackOf(readFileSync(join(root, f), 'utf8')), f).toBeUndefined();
  });

  it('refuses the billion-laughs fixture (anchors), which still fails on the alias limit', () => {
    const f = join(root, 'fixtures', 'bad', 'billion-laughs.yaml');
    expect(fallbackOf(readFileSync(f, 'utf8'))).toBe('anchor or alias');
    expect(() => YamlSource.read(f, 'rubric').toJS()).toThrow(/too many YAML aliases/);
  });

  it.each(docYamlBlocks().map((b) => [b.name, b.text] as const))('%s: same value wherever the fast path is taken', (name, text) => {
    expectFastPathSound(text, name);
  });
});

describe('scalars', () => {
  // Plain scalars both libraries resolve the same way (YAML 1.2 core schema): the fast path takes them.
  const same: [string, unknown][] = [
    ['012', 12],
    ['0o12', 10],
    ['0x1F', 31],
    ['1e3', 1000],
    ['1.5e-3', 0.0015],
    ['+12', 12],
    ['-12', -12],
    ['-0.0', -0],
    ['1.', 1],
    ['.5', 0.5],
    ['12345678901234567890', 12345678901234567000],
    ['.inf', Infinity],
    ['-.Inf', -Infinity],
    ['+.INF', Infinity],
    ['.nan', NaN],
    ['.NaN', NaN],
    ['~', null],
    ['null', null],
    ['Null', null],
    ['NULL', null],
    ['true', true],
    ['True', true],
    ['FALSE', false],
    ['yes', 'yes'],
    ['no', 'no'],
    ['on', 'on'],
    ['off', 'off'],
    ['y', 'y'],
    ['2024-01-01', '2024-01-01'],
    ['2024-01-01T10:00:00Z', '2024-01-01T10:00:00Z'],
    ['12:30', '12:30'],
    ['1_000', '1_000'],
    ['0X1F', '0X1F'],
    ['0o19', '0o19'],
    ['.Nan', '.Nan'],
    ['"quoted"', 'quoted'],
    ["'single ''quoted'''", "single 'quoted'"],
    ['"\\u00e9\\x41\\t\\"\\\\"', 'éA\t"\\'],
    ['"012"', '012'],
    ['<<', '<<'],
  ];
  it.each(same)('%s as a value, in a flow sequence and as a key', (scalar, expected) => {
    const value = { a: expected };
    for (const [text, want] of [
      [`a: ${scalar}\n`, value],
      [`a: [${scalar}]\n`, { a: [expected] }],
      [`- ${scalar}\n`, [expected]],
    ] as const) {
      expect(expectFastPathSound(text), text).toBe(true);
      expect(firstDifference((parseFast(text) as { value: unknown }).value, want), text).toBeUndefined();
    }
    if (expected !== null) {
      const text = `${scalar}: v\n`;
      expect(expectFastPathSound(text), text).toBe(true);
    }
  });

  it('number and boolean keys become the same strings', () => {
    const text = '1: a\n012: b\n0x1F: c\n1.5: d\n1e3: e\n.inf: f\ntrue: g\n.nan: h\n';
    expect(expectFastPathSound(text)).toBe(true);
    expect(Object.keys((parseFast(text) as { value: object }).value)).toEqual(['1', '12', '31', '1000', '1.5', 'Infinity', 'true', 'NaN']);
  });

  it('block scalars, empty values, comments, flow collections and other forms both read alike', () => {
    const texts = [
      'a: |\n  line 1\n  line 2\n\nb: x\n',
      'a: |-\n  line 1\n\n  line 3\n',
      'a: >\n  folded\n  text\n\n  para\n    indented\n',
      'a: >-\n  folded\n  text\n',
      'a: |\n\n  after blank\n',
      'a: |\n',
      'a:\nb: ~\nc: ""\nd: \'\'\n',
      'a: # comment\n  - x # c\n  -   y\n# end\n',
      'a: plain\n  continued\n\n  paragraph\n',
      'a: "double \\"quoted\\" \\t"\n',
      'a: x\r\nb:\r\n  - 1\r\n',
      '---\na: 1\n...\n',
      '--- # doc\na: 1\n',
      '__proto__: 1\nconstructor: 2\ntoString: 3\n',
      'a: { b: 1, c: [x, y], d: {} }\ne: []\n',
      'k: [a: 1, "b": 2]\n',
      'url: http://x/y#z\nhash: a#b\n',
      'é: ü\n"quoted key": v\n',
      '{a: 1, b, c: {d: [e]}}\n',
      'a:\n  {b: 1}\nc:\n  [d]\n',
      `a: ${'x'.repeat(990)}\n`,
    ];
    for (const t of texts) expect(expectFastPathSound(t), JSON.stringify(t)).toBe(true);
  });

  // Plain scalars the two libraries resolve differently (js-yaml first, yaml second): the fast path
  // must see them and leave the file to `yaml`.
  const differ: [string, string][] = [
    ['-0x1F', 'signed 0b/0o/0x integer'],
    ['+0o7', 'signed 0b/0o/0x integer'],
    ['-0b11', 'signed 0b/0o/0x integer'],
    ['0b101', 'binary integer'],
    ['-.5', 'signed float without a leading digit'],
    ['+.5e3', 'signed float without a leading digit'],
    ['-0', '-0'],
    ['1e400', 'exponent too large for a double'],
    ['-2.5e0400', 'exponent too large for a double'],
    ['1'.repeat(400), 'number too long for a double'],
  ];
  it.each(differ)('%s: js-yaml and yaml disagree, so the fast path falls back (%s)', (scalar, reason) => {
    const text = `a: ${scalar}\n`;
    const js = load(text, { schema: CORE_SCHEMA, json: false }) as { a: unknown };
    const ref = reference(text).value as { a: unknown };
    expect(firstDifference(js.a, ref.a)).toBeDefined();
    expect(fallbackOf(text)).toBe(reason);
    expect(fallbackOf(`[${scalar}]\n`)).toBe(reason);
    expect(fallbackOf(`${scalar}: 1\n`)).toBe(reason);
  });
});

describe('fallbacks', () => {
  // Texts js-yaml reads differently from `yaml`, or reads where `yaml` reports an error; each was
  // found by comparing the two libraries.
  const cases: [string, string, string][] = [
    ['anchor and alias', 'a: &x [1, 2]\nb: *x\n', 'anchor or alias'],
    ['alias in a flow sequence', 'a: &x 1\nb: [*x]\n', 'anchor or alias'],
    ['tag', 'a: !!str 12\n', 'tag'],
    ['custom tag', 'a: !custom x\n', 'tag'],
    ['directive', '%YAML 1.1\n---\na: yes\n', 'directive'],
    ['explicit key', '? a\n: b\n', 'explicit key'],
    ['null key', '~: a\n', 'null key'],
    ['empty key in a flow mapping', 'a: {: b}\n', 'null key'],
    ['key-only null entry', 'a: {null}\n', 'null key'],
    ['"null :" key', 'null : a\n', 'null key'],
    ['collection key', '[a]: b\n', 'collection key'],
    ['collection entry of a flow mapping', 'a: {x, [b]}\n', 'collection key'],
    ['flow mapping over two lines, too little indented', 'x: {b: 4,\na: f\n }\n', 'flow collection over several lines'],
    ['flow sequence over two lines', 'a: [1,\n  2]\n', 'flow collection over several lines'],
    ['quoted scalar over two lines', 'a: "x\n  y"\n', 'quoted scalar over several lines'],
    ['empty item before a less indented one', 'a:\n -\n- c\n', 'empty sequence item'],
    ['empty nested item', 'a:\n- -\n- b\n', 'empty sequence item'],
    ['text glued to a document marker', '---a: 1\n', 'text glued to a document marker'],
    ['block scalar indentation indicator at the top', '>1-\n é: ü\n', 'block scalar indentation indicator'],
    ['keep chomping at the end of the file', "a: 1\nb: |+\n  trail  \n\n  ", 'block scalar keep chomping'],
    ['comment glued to a quoted scalar', "a: 'x'#c\n", 'comment glued to a token'],
    ['comment glued to a flow indicator', 'y: [#x\n ]\n', 'comment glued to a token'],
    ['tab', 'a:\tb\n', 'tab'],
    ['byte order mark after the start', 'a: 1\n\uFEFFb: 2\n', 'byte order mark'],
    ['lone carriage return', '# note\rb: 1\n', 'carriage return without line feed'],
    ['empty file', '', 'top level is not a mapping or a sequence'],
    ['only a comment', '# nothing\n', 'top level is not a mapping or a sequence'],
    ['top-level scalar', 'just text\n', 'top level is not a mapping or a sequence'],
    ['duplicate key', 'a: 1\nb: 2\na: 3\n', 'js-yaml: duplicated mapping key (3:1)'],
    ['duplicate key written differently', '1: a\n01: b\n', 'js-yaml: duplicated mapping key (2:1)'],
    ['two documents', 'a: 1\n---\nb: 2\n', 'js-yaml: expected a single document in the stream, but found more'],
    ['key over 1024 characters', `${'k'.repeat(1100)}: v\n`, 'line over 1000 characters'],
    ['\\U escape beyond U+10FFFF', 'a: "x\\U00110000y"\n', '\\U escape'],
  ];
  it.each(cases)('%s', (_name, text, reason) => {
    expect(fallbackOf(text)).toBe(reason);
  });

  it.each(cases)('%s: YamlSource.read gives the same value or error as the yaml path', (_name, text) => {
    const f = tmpFile(text);
    const err = parseError(f, text);
    expect(readError(f)).toBe(err);
    if (err === undefined) expect(firstDifference(YamlSource.read(f, 'rubric').toJS(), YamlSource.parse(f, text).toJS())).toBeUndefined();
  });

  it('duplicate keys: js-yaml refuses them, and the error is yaml\'s, with its position', () => {
    const text = 'mapping: 1\nfields:\n  ref: A\n  ref: B\n';
    expect(() => load(text, { schema: CORE_SCHEMA, json: false })).toThrow(/duplicated mapping key/);
    const f = tmpFile(text);
    const err = readError(f);
    expect(err).toBe(parseError(f, text));
    expect(err).toMatch(/not valid YAML/);
    expect(err).toMatch(/:4:3: Map keys must be unique/);
  });
});

describe('YamlSource.read on the fast path', () => {
  const schema = z.strictObject({ mapping: z.literal(1), fields: z.record(z.string(), z.string()), list: z.array(z.number()) });
  const text = '# a user file\nmapping: 1\nfields:\n  ref: Plan Ref\n  child.dob: 12\nlist: [1, two, 3]\nextra: x\n';

  it('takes the fast path and gives yaml\'s value', () => {
    expect(expectFastPathSound(text)).toBe(true);
    const f = tmpFile(text);
    expect(firstDifference(YamlSource.read(f, 'rubric').toJS(), reference(text).value)).toBeUndefined();
  });

  it('locates zod problems exactly as the yaml path does', () => {
    const f = tmpFile(text);
    const messages = (src: YamlSource): string => {
      try {
        validateYaml(src, schema, src.toJS(), 'test file');
        return '';
      } catch (e) {
        return [(e as ConfigError).message, ...(e as ConfigError).problems].join('\n');
      }
    };
    const fast = messages(YamlSource.read(f, 'rubric'));
    expect(fast).toBe(messages(YamlSource.parse(f, text)));
    expect(fast).toMatch(/invalid test file \(3 problems\)/);
    expect(fast).toContain(`${f}:5:14: fields.child.dob: expected string`);
    expect(fast).toContain(`${f}:6:11: list.1: expected number`);
    expect(fast).toContain(`${f}:7:1: unknown key 'extra' in (top level)`);
  });

  it('toJS gives a fresh copy each time', () => {
    const src = YamlSource.read(tmpFile('a: [1]\n'), 'rubric');
    (src.toJS() as { a: number[] }).a.push(2);
    expect(src.toJS()).toEqual({ a: [1] });
  });
});

describe('property: the fast path never differs from yaml', () => {
  const configs = ['rubrics/default.yaml', 'rubrics/statutory.yaml', 'mappings/sen2.map.yaml', 'fixtures/example-export.map.yaml', 'fixtures/rubrics/la-example.yaml'].map((f) =>
    readFileSync(join(root, f), 'utf8'),
  );
  // Pieces of YAML syntax, scalar forms and troublesome characters, spliced into real files.
  const snippets = [' ', '  ', '\n', '\r\n', '\r', '\t', ':', ': ', '- ', '-', '#', ' #', '"', "'", '\\', '[', ']', '{', '}', ',', '|', '>', '|-', '>+', '|2', '?', '&a', '*a', '!', '%', '---', '...', '~', 'null', 'true', 'yes', '012', '0o12', '0x1F', '0b11', '-0x1', '-0', '-.5', '1e3', '1e400', '.inf', '.nan', '2024-01-01', '<<', '__proto__', '\\x41', '\u00a0', '\u2028', '\ufeff', 'é'];
  const edit = fc.tuple(fc.nat(), fc.nat(8), fc.oneof(fc.constantFrom(...snippets), fc.string({ maxLength: 3 })), fc.constantFrom('insert', 'delete', 'replace', 'indent'));
  function apply(text: string, [pos, len, snip, kind]: [number, number, string, string]): string {
    const p = pos % (text.length + 1);
    if (kind === 'insert') return text.slice(0, p) + snip + text.slice(p);
    if (kind === 'delete') return text.slice(0, p) + text.slice(p + len);
    if (kind === 'replace') return text.slice(0, p) + snip + text.slice(p + Math.min(len, snip.length + 1));
    const s = text.lastIndexOf('\n', p - 1) + 1;
    return text.slice(0, s) + ' '.repeat((len % 3) + 1) + text.slice(s);
  }

  it('on edited config files', () => {
    fc.assert(
      fc.property(fc.nat(configs.length - 1), fc.array(edit, { minLength: 1, maxLength: 4 }), (i, edits) => {
        expectFastPathSound(edits.reduce(apply, configs[i]!));
      }),
      { numRuns: 400 },
    );
  });

  it('on small documents of random lines', () => {
    const piece = fc.constantFrom('a', 'b: c', 'k:', '- x', '-', '- - y', '? q', '|', '|-', '>', '"dq', 'dq"', "'sq", '[', ']', '{', '}', '[a, b]', '{a: 1}', '# c', 'x #y', '1', '-1', '.5', '0o7', '0x1f', '~', 'null', '2024-01-01', '<<: x', '"": e', 'é: ü');
    const line = fc.tuple(fc.nat(5), fc.array(piece, { minLength: 1, maxLength: 3 }), fc.constantFrom(' ', ': ', '', ', '));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), (lines) => {
        expectFastPathSound(lines.map(([n, ps, sep]) => ' '.repeat(n) + ps.join(sep)).join('\n') + '\n');
      }),
      { numRuns: 400 },
    );
  });

  it('on values written out by yaml in several styles', () => {
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.string({ maxLength: 40 }),
        fc.constantFrom('yes', '012', '1.0', '', ' x ', 'a: b', '- x', '#x', 'null', "it's", 'say "hi"', 'multi\nline\n', 'trail  \n\n'),
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('v'), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 8 }), tie('v'), { maxKeys: 4 }),
      ),
    })).v;
    const style = fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED') as fc.Arbitrary<'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED'>;
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 8 }), value, { maxKeys: 5 }), style, fc.constantFrom(20, 80), fc.constantFrom<'any' | 'flow'>('any', 'flow'), (v, defaultStringType, lineWidth, collectionStyle) => {
        expectFastPathSound(stringify(v, { defaultStringType, lineWidth, collectionStyle, aliasDuplicateObjects: false }));
      }),
      { numRuns: 300 },
    );
  });
});

