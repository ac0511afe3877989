/**
 * Names that are also Object.prototype's (constructor, __proto__, toString, ...) are ordinary
 * names wherever users write them: export headers, need cells, rubric field paths, groups,
 * separators. Looked up in a plain object they once found the prototype's function: `init` on an
 * export with a 'constructor' column stopped with an internal error.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileMapping } from '../../src/records/mapping/compile.js';
import { normaliseName } from '../../src/records/mapping/infer.js';
import { mappingSchema } from '../../src/records/mapping/schema.js';
import { checkPath, compilePath } from '../../src/rubric/fields.js';
import { resolveGroup } from '../../src/sample/groups.js';
import { emptyRecord } from '../../src/records/model.js';
import { evalContext } from '../../src/rubric/types.js';
import { runCli } from '../helpers/cli.js';

const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
const tmp = mkdtempSync(join(tmpdir(), 'ehcp-proto-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('names Object.prototype also has', () => {
  it('header words are matched as words', () => {
    for (const n of NAMES) expect(normaliseName(n).every((t) => typeof t === 'string')).toBe(true);
  });

  it('init and audit read an export whose columns have such names', () => {
    const csv = join(tmp, 'plans.csv');
    writeFileSync(csv, `Plan Ref,${NAMES.join(',')}\nX1,a,b,c,d,e\nX2,f,,h,i,j\n`);
    const init = runCli(['init', csv]);
    expect(init.stderr).not.toMatch(/internal error/);
    expect(init.code).toBe(0);
    const audit = runCli(['audit', csv, '--as-of', '26/11/2026', '-q', '-f', `json:${join(tmp, 'r.json')}`]);
    expect(audit.stderr).not.toMatch(/internal error/);
    expect([0, 1]).toContain(audit.code);
    expect(JSON.parse(readFileSync(join(tmp, 'r.json'), 'utf8')).plans).toHaveLength(2);
  });

  it('an unmapped column called __proto__ is kept as data, and extra.<name> finds only real columns', () => {
    const mapping = mappingSchema().parse({ fields: { ref: 'Plan Ref' } });
    const { mapper } = compileMapping(mapping, ['Plan Ref', '__proto__', 'Other'], '2026-11-26');
    const { record } = mapper(['X1', 'kept', 'o']);
    expect(Object.getPrototypeOf(record.extra)).toBe(Object.prototype);
    expect(Object.entries(record.extra)).toEqual([
      ['__proto__', 'kept'],
      ['Other', 'o'],
    ]);
    expect(compilePath('extra.__proto__')(record, evalContext('2026-11-26'))).toBe('kept');
    expect(compilePath('extra.constructor')(emptyRecord('X2'), evalContext('2026-11-26'))).toBeUndefined();
  });

  it('rubric field paths, sample groups and list separators', () => {
    for (const n of NAMES.filter((x) => /^\w+$/.test(x) && !x.startsWith('_'))) expect(checkPath(n)).toMatch(/unknown field/);
    expect(resolveGroup('looked after', evalContext('2026-11-26')).name).toBe('looked after');
    expect(() => resolveGroup('constructor', evalContext('2026-11-26'))).toThrow(/--include 'constructor': not a group \(looked after, youth custody/);
    const mapping = mappingSchema().parse({ fields: { ref: 'Plan Ref', b: { column: 'B', split: 'constructor' } } });
    const { mapper } = compileMapping(mapping, ['Plan Ref', 'B'], '2026-11-26');
    expect(mapper(['X1', 'oneconstructortwo']).record.b.items).toEqual(['one', 'two']);
  });
});
