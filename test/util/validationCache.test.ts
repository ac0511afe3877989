/**
 * util/validationCache.ts: the shipped rubrics are answered from the table the build recorded,
 * with exactly zod's outputs; anything else (an edited copy, a value JSON cannot carry) goes to zod.
 */
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { loadRubric, type Rubric } from '../../src/rubric/load.js';
import { criterion, rubricFile } from '../../src/rubric/schema.js';
import { shipped } from '../../src/util/paths.js';
import { jsonExact, recordValidations, safeParseCached } from '../../src/util/validationCache.js';
import { ConfigError } from '../../src/util/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'ehcp-validation-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
  recordValidations(undefined);
});

/** What a rubric is made of, without the compiled functions. */
const shape = (r: Rubric) => ({ ...r, criteria: r.criteria.map((c) => ({ def: c.def, applies: c.applies !== undefined })) });

describe('jsonExact', () => {
  it('accepts what JSON carries unchanged', () => {
    for (const v of ['', 'x', 0, 1.5, -3, true, false, null, [], {}, [1, 'a', [null]], { a: { b: [1, { c: 'd' }] } }]) expect(jsonExact(v), JSON.stringify(v)).toBe(true);
  });
  it('refuses what JSON would change or drop', () => {
    const sparse: unknown[] = [1];
    sparse[2] = 3;
    for (const v of [undefined, NaN, Infinity, -0, new Date(0), /x/, new Map(), () => 1, 1n, Symbol('s'), { a: undefined }, [undefined], sparse, Object.create({ inherited: 1 }), { [Symbol('k')]: 1 }, JSON.parse('{"__proto__": 1}')])
      expect(jsonExact(v), String(typeof v)).toBe(false);
  });
});

describe('safeParseCached', () => {
  it('answers the shipped rubrics from the table, with the same result as zod', () => {
    for (const name of ['default', 'statutory']) {
      const fileParse = vi.spyOn(rubricFile(), 'safeParse');
      const criterionParse = vi.spyOn(criterion(), 'safeParse');
      const fromTable = loadRubric(name);
      expect(fileParse, name).not.toHaveBeenCalled();
      expect(criterionParse, name).not.toHaveBeenCalled();
      vi.restoreAllMocks();
      recordValidations(new Map()); // recording: every validation goes to zod
      const fromZod = loadRubric(name);
      recordValidations(undefined);
      expect(shape(fromTable)).toEqual(shape(fromZod));
      expect(JSON.stringify(shape(fromTable))).toBe(JSON.stringify(shape(fromZod)));
    }
  });

  it('validates an edited copy of the default rubric with zod, and locates its problems', () => {
    const text = readFileSync(shipped('rubrics', 'default.yaml'), 'utf8');
    const edited = join(dir, 'edited.yaml');
    writeFileSync(edited, text.replace(/^version: .*$/m, 'version: edited'));
    const fileParse = vi.spyOn(rubricFile(), 'safeParse');
    expect(loadRubric(edited).version).toBe('edited');
    expect(fileParse).toHaveBeenCalledTimes(1);
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, text.replace(/^(\s+)severity: critical$/m, '$1severity: urgent'));
    let error: unknown;
    try {
      loadRubric(broken);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const line = text.split('\n').findIndex((l) => /^\s+severity: critical$/.test(l)) + 1;
    expect((error as ConfigError).problems.join('\n')).toMatch(new RegExp(`broken\\.yaml:${line}:15: criteria\\.0\\.severity: must be one of "critical", "standard", "advisory"`));
  });

  it('hands zod what JSON cannot carry, and does not record it', () => {
    const schema = z.object({ n: z.number() }).strict();
    const recorded = new Map<string, string>();
    recordValidations(recorded);
    expect(safeParseCached('test n', schema, { n: 1 }).success).toBe(true);
    expect(safeParseCached('test n', schema, { n: NaN }).success).toBe(false);
    expect(safeParseCached('test n', schema, { n: 2, extra: undefined }).success).toBe(false);
    expect([...recorded.keys()]).toEqual([`test n\0${JSON.stringify({ n: 1 })}`]);
  });

  it('gives each caller its own copy of a stored output', () => {
    const a = loadRubric('default');
    a.criteria[0]!.def.title = 'changed';
    expect(loadRubric('default').criteria[0]!.def.title).not.toBe('changed');
  });
});
