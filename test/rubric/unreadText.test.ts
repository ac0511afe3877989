/**
 * A whole-export audit leaves unread the plan-text fields its rubric and --where never read
 * (rubric/fields.ts pathsCompiledBy and unreadPlanText, records/mapping/compile.ts): faster for a
 * lean rubric, and invisible in results. Held here: every criterion of the shipped rubrics and of
 * the LA example, alone as a rubric of its own (so that what it reads is all that is read), gives
 * every plan of the mapped exports the same scorecard from records with its unread text left out
 * as from whole records. A check type that read a record other than through a getter compiled
 * with the rubric would fail this.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { compileWhere } from '../../src/audit/where.js';
import { PlanSource } from '../../src/records/source.js';
import { compileMapping } from '../../src/records/mapping/compile.js';
import { FIELD_PATHS, mappingSchema } from '../../src/records/mapping/schema.js';
import { PLAN_TEXT_FIELDS, pathsCompiledBy, unreadPlanText } from '../../src/rubric/fields.js';
import { loadRubric, type Rubric } from '../../src/rubric/load.js';
import { scorePlan } from '../../src/rubric/score.js';
import { evalContext } from '../../src/rubric/types.js';
import { fixture } from '../helpers/cli.js';

const AS_OF = '2026-11-26';
const tmp = mkdtempSync(join(tmpdir(), 'ehcp-unread-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Each criterion of a rubric as a rubric of its own (the same lexicons and grades). */
function oneCriterionRubrics(name: string): Rubric[] {
  const whole = loadRubric(name);
  return whole.criteria.map((c, i) => {
    const file = join(tmp, `${whole.id}-${i}.yaml`);
    // Scored, as a rubric must score something (an advisory criterion alone is refused); what it reads is the same.
    const def = c.def.severity === 'advisory' ? { ...c.def, severity: 'standard' } : c.def;
    writeFileSync(file, stringify({ id: `${whole.id}-${c.def.id}`, version: '1', lexicons: whole.lexicons, criteria: [def] }));
    return loadRubric(file);
  });
}

async function records(file: string, map: string | undefined, unread: string[] | undefined) {
  const source = new PlanSource({ file: fixture(file), asOf: AS_OF, ...(map ? { map: fixture(map) } : {}) });
  if (unread) source.leaveUnread(unread);
  const out = [];
  for await (const r of source.records()) out.push(r.record);
  return { out, rejected: source.stats.rejected };
}

const EXPORTS: [string, string | undefined][] = [
  ['example-export.csv', undefined],
  ['mapped/flat-export.json', 'mapped/flat-export.map.yaml'],
  ['mapped/flat-export.yaml', 'mapped/flat-export.map.yaml'],
];

describe('plan text left unread', () => {
  it('PLAN_TEXT_FIELDS are the mapping fields of Sections A to J', () => {
    expect([...PLAN_TEXT_FIELDS].sort()).toEqual(FIELD_PATHS.filter((f) => /^(a|b|c|d|e|f|g|h1|h2|i|j)(\.|$)/.test(f)).sort());
  });

  it('unreadPlanText: a section read by any path into it is read; virtual and extra paths read no section', () => {
    expect(unreadPlanText(['a.childViews', 'f[].text', 'phase', 'yearGroup', 'extra.b', 'child.dob'])).toEqual(['b', 'c', 'd', 'e', 'g', 'h1', 'h2', 'i', 'j']);
    expect(unreadPlanText(['a', 'b.none', 'e[].area', 'c', 'd', 'f', 'g', 'h1', 'h2', 'i', 'j'])).toEqual([]);
  });

  it('the default rubric reads every section (nothing is left unread for it); the reference query rubric reads A and F', () => {
    expect(unreadPlanText(loadRubric('default').reads)).toEqual([]);
    expect(unreadPlanText(loadRubric('scripts/bench-reference-rubric.yaml').reads)).toEqual(['b', 'c', 'd', 'e', 'g', 'h1', 'h2', 'i', 'j']);
  });

  it('--where paths count as read', () => {
    const { paths } = pathsCompiledBy(() => compileWhere(['e[].area~employment', 'needs.primary=ASD'], evalContext(AS_OF)));
    expect(unreadPlanText(paths)).not.toContain('e');
  });

  for (const name of ['default', 'statutory', fixture('rubrics/la-example.yaml')]) {
    it(`each criterion of ${name.split('/').pop()} alone: the same scorecards with its unread text left out`, async () => {
      const rubrics = oneCriterionRubrics(name);
      const ctx = evalContext(AS_OF);
      let leftOut = 0;
      for (const [file, map] of EXPORTS) {
        const whole = await records(file, map, undefined);
        expect(whole.out.length, file).toBeGreaterThan(5);
        for (const rubric of rubrics) {
          const unread = unreadPlanText(rubric.reads);
          leftOut += unread.length;
          const lean = await records(file, map, unread);
          expect(lean.rejected).toBe(whole.rejected);
          expect(lean.out.map((r) => scorePlan(rubric, r, ctx)), `${rubric.id} on ${file}`).toEqual(whole.out.map((r) => scorePlan(rubric, r, ctx)));
        }
      }
      // Most single criteria read one or two sections: the test left a lot out.
      expect(leftOut).toBeGreaterThan(rubrics.length * EXPORTS.length * 5);
    });
  }

  it('only fields whose reading can never reject or warn may be left unread', () => {
    const mapping = mappingSchema().parse({ fields: { ref: 'Ref', 'child.dob': 'DOB', f: 'F' } });
    expect(() => compileMapping(mapping, ['Ref', 'DOB', 'F'], AS_OF, ['ref'])).toThrow(/ref cannot be left unread/);
    expect(() => compileMapping(mapping, ['Ref', 'DOB', 'F'], AS_OF, ['child.dob'])).toThrow(/child.dob cannot be left unread/);
    const { mapper, used } = compileMapping(mapping, ['Ref', 'DOB', 'F'], AS_OF, ['f']);
    expect([...used].sort()).toEqual([0, 1, 2]); // F is still a mapped column, not an extra
    expect(mapper(['X1', '01/02/2010', 'weekly 1:1 support']).record.f).toEqual([]);
  });

  it('a record with its unread text left out has those sections empty (the test above compares something)', async () => {
    const lean = await records('example-export.csv', undefined, unreadPlanText(['a.childViews', 'f']));
    const whole = await records('example-export.csv', undefined, undefined);
    expect(whole.out.some((r) => r.e.length > 0 && r.b.items.length > 0)).toBe(true);
    expect(lean.out.every((r) => r.e.length === 0 && r.b.items.length === 0 && r.i === undefined)).toBe(true);
    expect(lean.out.map((r) => [r.ref, r.a, r.f, r.dates, r.extra])).toEqual(whole.out.map((r) => [r.ref, r.a, r.f, r.dates, r.extra]));
  });
});
