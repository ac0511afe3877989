/**
 * readReport (src/compare/readReport.ts): a report as ehcp-audit writes it is read a line at a
 * time, its plans parsed one by one (or only their references, for compare); any other layout of
 * the same JSON is read whole. Both must give the same report, and the same one-line errors.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/audit/run.js';
import { planRefs, readReport } from '../../src/compare/readReport.js';
import { PlanSource } from '../../src/records/source.js';
import { asText, REPORT_FORMATS } from '../../src/report/index.js';
import { loadRubric } from '../../src/rubric/load.js';
import { InputError } from '../../src/util/errors.js';
import { fixture } from '../helpers/cli.js';

const AS_OF = '2026-11-26';
const dir = mkdtempSync(join(tmpdir(), 'ehcp-read-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The example export's audit as the JSON report writes it (with a plan whose reference needs escaping). */
let written = '';
let expected: Record<string, unknown>;
beforeAll(async () => {
  const report = await runAudit({ source: new PlanSource({ file: fixture('example-export.csv'), asOf: AS_OF }), rubric: loadRubric('default'), asOf: AS_OF, showText: false, where: [] });
  report.plans[3]!.ref = 'EHCP "quoted" \\ ref é';
  written = asText(REPORT_FORMATS.json!(report, { useColor: false }));
  expected = JSON.parse(written) as Record<string, unknown>;
});

const allPlans = (): { ref: string }[] => expected.plans as { ref: string }[];

const file = (name: string, text: string | Buffer): string => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};

const errorOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('no error');
};

describe('readReport: the same report however it is laid out', () => {
  it('as written (one plan a line), re-indented, minified, with CRLF and with a byte order mark', () => {
    expect(written).toMatch(/\n {2}"plans": \[\n {4}\{"ref":"/);
    const layouts: [string, string | Buffer][] = [
      ['written.json', written],
      ['reindented.json', JSON.stringify(expected, null, 2)],
      ['minified.json', JSON.stringify(expected)],
      ['crlf.json', written.replace(/\n/g, '\r\n')],
      ['bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(written)])],
    ];
    for (const [name, text] of layouts) {
      const f = file(name, text);
      expect(readReport(f), name).toEqual(expected);
      const refsOnly = readReport(f, 'refs');
      expect(planRefs(refsOnly), name).toEqual((expected.plans as { ref: string }[]).map((p) => p.ref));
      expect(planRefs(refsOnly)[3], name).toBe('EHCP "quoted" \\ ref é');
      const { plans: _plans, ...rest } = expected;
      const { plans: _none, ...refsRest } = refsOnly;
      expect(refsRest, name).toEqual(rest);
      // Only the plans asked for (moderate: those its worksheets rate), in report order.
      const some = readReport(f, new Set(['EHCP "quoted" \\ ref é', allPlans()[10]!.ref, allPlans()[0]!.ref, 'NOT-IN-THE-REPORT']));
      expect(some, name).toEqual({ ...expected, plans: [allPlans()[0], allPlans()[3], allPlans()[10]] });
    }
  });

  it('a report with no plans', () => {
    const none = { ...expected, plans: [] };
    const text = asText(REPORT_FORMATS.json!(none as never, { useColor: false }));
    expect(text).toContain('\n  "plans": [],\n');
    expect(readReport(file('empty.json', text))).toEqual(none);
    expect(planRefs(readReport(file('empty.json', text), 'refs'))).toEqual([]);
  });
});

describe('readReport: the same one-line errors as reading it whole', () => {
  it('a bad plan names its place in the report', () => {
    const bad = written.replace('"rating":"met"', '"rating":"great"');
    const message = errorOf(() => readReport(file('bad-plan.json', bad)));
    expect(message).toMatch(/^.*bad-plan\.json: not a valid ehcp-audit report: plans\.0\.results\.0\.rating: /);
    expect(errorOf(() => readReport(file('bad-plan-whole.json', JSON.stringify(JSON.parse(bad)))))).toBe(message.replace('bad-plan.json', 'bad-plan-whole.json'));
  });

  it('a file cut short, a file that is not JSON, a missing file, a folder', () => {
    expect(errorOf(() => readReport(file('cut.json', written.slice(0, written.length / 2))))).toMatch(/cut\.json: not JSON \(/);
    expect(errorOf(() => readReport(file('csv.json', 'ref,name\nA,B\n')))).toMatch(/csv\.json: not JSON \(/);
    expect(errorOf(() => readReport(join(dir, 'nope.json')))).toMatch(/nope\.json: no such file; check the path$/);
    expect(errorOf(() => readReport(dir))).toMatch(/is a folder, not a report file$/);
  });

  it('a plan line that is not a whole plan is read whole, not half-parsed', () => {
    // Two plans on one line: valid JSON, not the layout ehcp-audit writes.
    const lines = written.split('\n');
    const at = lines.findIndex((l) => l.startsWith('    {"ref":'));
    lines.splice(at, 2, `${lines[at]} ${lines[at + 1]!.trim()}`);
    const joined = file('joined.json', lines.join('\n'));
    expect(readReport(joined)).toEqual(expected);
    expect(planRefs(readReport(joined, 'refs'))).toEqual((expected.plans as { ref: string }[]).map((p) => p.ref));
    // The second plan sits behind the first on the joined line: found all the same.
    expect(readReport(joined, new Set([allPlans()[1]!.ref])).plans).toEqual([allPlans()[1]]);
  });
});
