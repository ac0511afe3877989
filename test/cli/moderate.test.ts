/**
 * Moderation end to end: `sample --worksheet` writes the blank worksheet, the test fills it in as
 * auditors would, and `moderate` reports their agreement (and the tool's). Everything is written
 * to a temporary folder.
 */
import { parse } from 'csv-parse/sync';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/audit/report.js';
import { cohenKappa } from '../../src/audit/stats.js';
import type { ModerationReport } from '../../src/compare/moderate.js';
import { WORKSHEET_COLUMNS } from '../../src/compare/worksheet.js';
import { csvDocument } from '../../src/report/csvCell.js';
import { runCli } from '../helpers/cli.js';

type Row = Record<(typeof WORKSHEET_COLUMNS)[number], string>;

let dir = '';
const p = (name: string) => join(dir, name);
let blank: Row[] = [];
let sample: AuditReport;
const WORDS: Record<string, string> = { met: 'met', partly: 'partly met', not_met: 'not met', na: 'n/a' };

function toolRating(ref: string, criterion: string): string {
  const plan = sample.plans.find((x) => x.ref === ref)!;
  return WORDS[plan.results.find((x) => x.criterion === criterion)!.rating]!;
}

/** A filled-in worksheet: `rate` gives each row's rating ('' = not rated yet). */
function write(name: string, auditor: string, rate: (r: Row, i: number) => string): string {
  const rows = blank.map((r, i) => WORKSHEET_COLUMNS.map((c) => (c === 'auditor' ? auditor : c === 'rating' ? rate(r, i) : r[c])));
  writeFileSync(p(name), csvDocument(WORKSHEET_COLUMNS, rows));
  return p(name);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ehcp-moderate-'));
  const r = runCli(['sample', 'fixtures/example-export.csv', '--as-of', '26/11/2026', '--seed', '3', '--size', '10', '-f', `json:${p('sample.json')}`, '--worksheet', p('worksheet.csv')]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toContain(`ehcp-audit: wrote auditor worksheet (10 plans x 29 criteria) to ${p('worksheet.csv')}`);
  sample = JSON.parse(readFileSync(p('sample.json'), 'utf8')) as AuditReport;
  blank = parse(readFileSync(p('worksheet.csv')), { bom: true, columns: true }) as Row[];
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('sample --worksheet', () => {
  it('writes one blank row per sampled plan x criterion, as Excel-safe CSV', () => {
    const raw = readFileSync(p('worksheet.csv'), 'utf8');
    expect(raw.startsWith('\uFEFFplan_ref,criterion,section,question,help,auditor,rating,comment,file,line\r\n')).toBe(true);
    expect(blank).toHaveLength(10 * 29);
    expect(new Set(blank.map((r) => r.plan_ref))).toEqual(new Set(sample.plans.map((x) => x.ref)));
    for (const r of blank) {
      expect(r.rating).toBe('');
      expect(r.help.startsWith('Rate: met, partly, not met or n/a')).toBe(true);
    }
    const first = sample.plans[0]!;
    expect(blank[0]).toMatchObject({ plan_ref: first.ref, file: first.file, line: String(first.line), criterion: 'A-child-views', section: 'A' });
  });
});

describe('moderate', () => {
  it('round trip: two auditors and the tool give the expected agreement', () => {
    // Ann copies the tool. Ben differs on A-child-views for the first two plans, and has not rated the last row.
    const firstTwo = new Set(sample.plans.slice(0, 2).map((x) => x.ref));
    const ann = write('ann.csv', 'Ann', (r) => toolRating(r.plan_ref, r.criterion));
    const ben = write('ben.csv', '', (r, i) => {
      if (i === blank.length - 1) return '';
      const t = toolRating(r.plan_ref, r.criterion);
      if (r.criterion === 'A-child-views' && firstTwo.has(r.plan_ref)) return t === 'met' ? 'not met' : 'met';
      return t;
    });
    const r = runCli(['moderate', ann, ben, '--report', p('sample.json'), '-f', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('ehcp-audit: 580 worksheet rows read from 2 files: 579 rated, 1 not rated yet');
    const m = JSON.parse(r.stdout) as ModerationReport;
    expect(m.raters).toEqual([
      { name: 'Ann', files: [ann], rated: 290, notRated: 0 },
      { name: 'ben', files: [ben], rated: 289, notRated: 1 },
    ]);
    const a = m.criteria.find((c) => c.id === 'A-child-views')!;
    expect(a).toMatchObject({ plans: 10, compared: 10, agreeing: 8, percentAgreement: 0.8, noConsensus: 2 });
    const annA = sample.plans.map((x) => toolRating(x.ref, 'A-child-views'));
    const benA = annA.map((t, i) => (i < 2 ? (t === 'met' ? 'not met' : 'met') : t));
    expect(a.kappa!.method).toBe('cohen');
    expect(a.kappa!.value).toBeCloseTo(cohenKappa(annA, benA)!.kappa, 12);
    expect(a.tool).toMatchObject({ plans: 8, agreeing: 8, rate: 1 });
    expect(m.disagreements.map((d) => [d.plan, d.criterion])).toEqual([...firstTwo].map((ref) => [ref, 'A-child-views']));
    for (const c of m.criteria.filter((x) => x.id !== 'A-child-views')) expect(c.percentAgreement).toBe(1);
    expect(m.overall.tool).toMatchObject({ rate: 1 });
    expect(m.toolDisagreements).toEqual([]);
  });

  it("three auditors: Fleiss' kappa, a table for the meeting, and a CSV file", () => {
    const ann = write('t-ann.csv', 'ann', (r) => toolRating(r.plan_ref, r.criterion));
    const ben = write('t-ben.csv', 'ben', (r) => toolRating(r.plan_ref, r.criterion));
    const cat = write('t-cat.csv', 'cat', (r) => (r.criterion === 'F-not-vague' ? 'partly' : toolRating(r.plan_ref, r.criterion)));
    const csv = p('out/moderation.csv');
    const r = runCli(['moderate', ann, ben, cat, '--report', p('sample.json'), '-f', 'table', '-f', `csv:${csv}`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('EHC plan moderation: agreement between auditors');
    expect(r.stdout).toMatch(/│ F-not-vague\s+│\s+10 │\s+3 │\s+0% \(0\/10\) │/);
    expect(r.stdout).toContain("Fleiss' kappa for 29 criteria rated by more than two");
    expect(r.stdout).toContain('For the moderation meeting: items the auditors disagree on (10)');
    const rows = parse(readFileSync(csv), { bom: true, columns: true }) as Record<string, string>[];
    const f = rows.find((x) => x.criterion === 'F-not-vague')!;
    expect(f).toMatchObject({ plans: '10', auditors: '3', kappa_method: 'fleiss', percent_agreement: '0', needs_clearer_guidance: 'yes' });
    expect(rows.at(-1)!.criterion).toBe('(all criteria)');
  });

  it('criteria rated by two and by three auditors: the pooled kappa keeps every item, and every format says how', () => {
    const ann = write('v-ann.csv', 'ann', (r) => toolRating(r.plan_ref, r.criterion));
    const ben = write('v-ben.csv', 'ben', (r) => toolRating(r.plan_ref, r.criterion));
    const cat = write('v-cat.csv', 'cat', (r) => (r.criterion === 'F-not-vague' ? 'partly' : ''));
    const md = p('out/v.md');
    const csv = p('out/v.csv');
    const r = runCli(['moderate', ann, ben, cat, '-f', 'json', '-f', `markdown:${md}`, '-f', `csv:${csv}`]);
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout) as ModerationReport;
    // 29 criteria x 10 plans: F-not-vague's ten items have three ratings, the others two.
    expect(m.overall.kappa).toMatchObject({ method: 'fleiss-varying', plans: 290, excluded: 0, ratingsPerPlan: 2, maxRatingsPerPlan: 3 });
    const note = "All criteria: the 290 items rated by two or more auditors have 2 to 3 ratings each, so the pooled kappa is Fleiss' kappa generalised to a varying number of ratings per item (Gwet 2014), over all of them.";
    expect(m.notes).toContain(note);
    expect(readFileSync(md, 'utf8')).toContain(`- ${note}`);
    const rows = parse(readFileSync(csv), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.at(-1)).toMatchObject({ criterion: '(all criteria)', kappa_method: 'fleiss-varying', kappa_plans: '290', kappa_excluded: '0' });
    const table = runCli(['moderate', ann, ben, cat]);
    expect(table.stdout.replace(/\s+/g, ' ')).toContain(note);
  });

  it('judges kappa at --weak and at a Landis and Koch boundary on its exact value (regression QA)', () => {
    const sheet = (name: string, ratings: string[]) => {
      writeFileSync(p(name), `plan_ref,criterion,rating\n${ratings.map((r, i) => `P${i + 1},A-child-views,${r}`).join('\n')}\n`);
      return p(name);
    };
    // Cohen's kappa exactly 0.5 (was 0.49999999999999994: flagged below --weak 0.5).
    const ka = sheet('ka.csv', ['met', 'met', 'partly', 'partly', 'not met', 'not met']);
    const kb = sheet('kb.csv', ['met', 'partly', 'partly', 'met', 'not met', 'not met']);
    const half = runCli(['moderate', ka, kb, '--weak', '0.5']);
    expect(half.code, half.stderr).toBe(0);
    expect(half.stdout).toContain("over all criteria Cohen's kappa is 0.500 (moderate)");
    expect(half.stdout).toContain('No criterion has kappa below 0.5.');
    expect(half.stdout).not.toContain('needs clearer guidance (');
    // Exactly 0.6 (was 0.6000000000000001, printed "0.600000 substantial"): moderate, to 0.60.
    const k6a = sheet('k6a.csv', ['partly', 'not met', 'not met', 'not met', 'met', 'not met']);
    const k6b = sheet('k6b.csv', ['not met', 'not met', 'not met', 'not met', 'met', 'not met']);
    const six = runCli(['moderate', k6a, k6b, '-f', 'json']);
    expect(six.code, six.stderr).toBe(0);
    const report = JSON.parse(six.stdout) as ModerationReport;
    expect(report.criteria[0]!.kappa!.value).toBe(0.6);
    expect(report.criteria[0]!.needsClearerGuidance).toBe(false);
    expect(runCli(['moderate', k6a, k6b]).stdout).toContain("over all criteria Cohen's kappa is 0.600 (moderate)");
  });

  it('an auditor name typed on the first row only names the whole file, and says so on stderr', () => {
    const rows = blank.map((r, i) => WORKSHEET_COLUMNS.map((c) => (c === 'rating' ? toolRating(r.plan_ref, r.criterion) : c === 'auditor' ? (i === 0 ? 'Ann Smith' : '') : r[c])));
    writeFileSync(p('annA.csv'), csvDocument(WORKSHEET_COLUMNS, rows));
    const r = runCli(['moderate', p('annA.csv'), p('ben.csv'), '-f', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`ehcp-audit: ${p('annA.csv')}: the auditor cell is blank on 289 rows and names 'Ann Smith' on 1 row, so the blank rows are taken as Ann Smith's.`);
    const m = JSON.parse(r.stdout) as ModerationReport;
    expect(m.raters.map((x) => x.name)).toEqual(['Ann Smith', 'ben']);
    expect(m.overall.kappa!.method).toBe('cohen');
  });

  it('reads a worksheet saved back as Windows-1252 whose first accent is past the first 64 KiB', () => {
    const rows = blank.map((r, i) => WORKSHEET_COLUMNS.map((c) => (c === 'rating' ? toolRating(r.plan_ref, r.criterion) : c === 'comment' && i === 280 ? 'café, à revoir' : r[c])));
    const bytes = Buffer.from(csvDocument(WORKSHEET_COLUMNS, rows).replace(/^\uFEFF/, ''), 'latin1');
    expect(bytes.indexOf(0xe9)).toBeGreaterThan(64 * 1024);
    writeFileSync(p('cp1252.csv'), bytes);
    const r = runCli(['moderate', p('cp1252.csv'), '--report', p('sample.json'), '-f', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('--encoding');
    expect(r.stderr).toContain('ehcp-audit: 290 worksheet rows read from 1 file: 290 rated, 0 not rated yet');
  });

  it('bad rows: exit 2, each reported as file:line: problem', () => {
    const bad = write('bad.csv', 'dee', (r, i) => (i === 0 ? 'good' : i === 1 ? 'meets' : toolRating(r.plan_ref, r.criterion)));
    const text = readFileSync(bad, 'utf8').replace(`\r\n${blank[2]!.plan_ref},A-parent-views,`, '\r\nEHCP-0000-00000,A-parent-views,');
    writeFileSync(bad, `${text}${blank[3]!.plan_ref},A-aspirations,A,,,dee,met,,x,1\r\n${blank[3]!.plan_ref},Z-unknown,A,,,dee,met,,x,1\r\n`);
    const r = runCli(['moderate', bad, '--report', p('sample.json')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('error: 5 bad worksheet rows: fix them, or pass --lenient to skip them');
    expect(r.stderr).toContain(`  ${bad}:2: rating 'good' is not on the scale: use met, partly, not met or n/a, or leave it blank if not rated yet`);
    expect(r.stderr).toContain(`  ${bad}:3: rating 'meets' is not on the scale`);
    expect(r.stderr).toContain(`  ${bad}:4: plan 'EHCP-0000-00000' is not in the sample (${p('sample.json')})`);
    expect(r.stderr).toContain(`  ${bad}:292: duplicate: auditor 'dee' already rated plan '${blank[3]!.plan_ref}' on 'A-aspirations' at line 5`);
    expect(r.stderr).toContain(`  ${bad}:293: unknown criterion 'Z-unknown' (not in the report ${p('sample.json')})`);
    expect(r.stderr).not.toMatch(/\n\s+at .*\(/);
  });

  it('one worksheet given twice is one error, not a duplicate per row', () => {
    const ann = p('ann.csv');
    writeFileSync(p('ann-copy.csv'), readFileSync(ann));
    for (const [args, message] of [
      [[ann, ann], `error: ${ann} is given twice: give each worksheet once`],
      [[ann, `${dir}/./ann.csv`], `error: ${dir}/./ann.csv is ${ann} again: give each worksheet once`],
    ] as const) {
      const r = runCli(['moderate', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toBe(message);
    }
    // A copy under another name is warned of: naming the same auditor, its rows are duplicates.
    const copy = runCli(['moderate', ann, p('ann-copy.csv')]);
    expect(copy.code).toBe(2);
    expect(copy.stderr).toContain(`ehcp-audit: warning: ${p('ann-copy.csv')} has the same contents as ${ann}, byte for byte: if it is a copy rather than another auditor's ratings, leave it out (a copy counts the same ratings twice)`);
    expect(copy.stderr).toMatch(/duplicate: auditor 'Ann' already rated/);
    // Two auditors who agree on every item, their names left to the file names, make identical
    // files: two raters (kappa 1), with the warning.
    const anon = write('amy.csv', '', (r) => toolRating(r.plan_ref, r.criterion));
    writeFileSync(p('bob.csv'), readFileSync(anon));
    const agree = runCli(['moderate', anon, p('bob.csv'), '-f', 'json']);
    expect(agree.code, agree.stderr).toBe(0);
    expect(agree.stderr).toContain(`${p('bob.csv')} has the same contents as ${anon}, byte for byte`);
    expect((JSON.parse(agree.stdout) as { raters: { name: string }[] }).raters.map((x) => x.name)).toEqual(['amy', 'bob']);
    // Two blank copies not yet started are two auditors who have rated nothing so far.
    writeFileSync(p('blank-copy.csv'), readFileSync(p('worksheet.csv')));
    expect(runCli(['moderate', p('worksheet.csv'), p('blank-copy.csv'), ann]).code).toBe(0);
  });

  it('a systematic problem prints three rows of it and a count of the rest', () => {
    const tool = write('tool.csv', 'ehcp-audit', (r) => toolRating(r.plan_ref, r.criterion));
    const r = runCli(['moderate', tool, '--report', p('sample.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      'error: 290 bad worksheet rows: fix them, or pass --lenient to skip them',
      ...[2, 3, 4].map((line) => `  ${tool}:${line}: auditor name 'ehcp-audit' is kept for the tool's own ratings; use another name`),
      '  ... and 287 more like it',
    ]);
    const lenient = runCli(['moderate', tool, p('ann.csv'), '--lenient', '-f', 'markdown']);
    expect(lenient.code, lenient.stderr).toBe(0);
    expect(lenient.stderr).toContain('ehcp-audit: skipped ... and 287 more like it');
    expect(lenient.stdout).toContain('Rows skipped (--lenient): 290');
    expect(lenient.stdout.split('\n').filter((l) => l.includes("is kept for the tool's own ratings"))).toHaveLength(3);
  });

  it('--lenient skips the bad rows and lists them', () => {
    const r = runCli(['moderate', p('bad.csv'), '--report', p('sample.json'), '--lenient', '-f', 'markdown']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`ehcp-audit: skipped ${p('bad.csv')}:2: rating 'good' is not on the scale`);
    expect(r.stdout).toContain('## Rows skipped (--lenient): 5');
    expect(r.stdout).toContain('Only one auditor has rated plans so far');
  });

  it('without --report, criterion ids are checked against the rubric (default: the shipped default rubric)', () => {
    const other = p('other.csv');
    writeFileSync(other, 'plan_ref,criterion,auditor,rating\r\nP1,A-child-views,x,met\r\nP1,not-a-criterion,x,met\r\n');
    const r = runCli(['moderate', other]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`  ${other}:3: unknown criterion 'not-a-criterion' (not in rubric 'default' version 1.4.0)`);
  });

  it("--help says the tool is compared with the auditors' consensus, not counted as a rater", () => {
    const r = runCli(['moderate', '--help']);
    expect(r.code).toBe(0);
    const help = r.stdout.replace(/\s+/g, ' ');
    expect(help).toContain("compares the tool's own ratings with the auditors' consensus (the tool is not one of the raters)");
    expect(help).not.toContain('one more rater');
  });

  it('refuses a file that is not a worksheet, and a report that is not a report', () => {
    const a = runCli(['moderate', 'fixtures/example-export.csv']);
    expect(a.code).toBe(2);
    // The export's "Plan Ref" column reads as plan_ref; the other two are missing.
    expect(a.stderr.trim()).toMatch(/^error: fixtures\/example-export\.csv:1: not an auditor worksheet: no 'criterion', 'rating' columns/);
    const b = runCli(['moderate', p('ann.csv'), '--report', 'package.json']);
    expect(b.code).toBe(2);
    expect(b.stderr.trim()).toMatch(/^error: package\.json: not an ehcp-audit report/);
    const c = runCli(['moderate', p('ann.csv'), '--weak', 'high']);
    expect(c.code).toBe(2);
    expect(c.stderr.trim()).toMatch(/^error: --weak must be a kappa between -1 and 1/);
  });
});

describe('plan references Excel changed (00123 read as 123, 12 digits or more as 1.23457E+19)', () => {
  const REFS = ['00123', '123', '12345678901234567890', '12345678901234567891', 'EHCP-1', '0042'];
  let x = '';
  const q = (name: string) => join(x, name);
  let sheet: Row[] = [];
  let drawn: ReturnType<typeof runCli>;
  /** What Excel does to a cell of digits when it opens a CSV, and writes back on saving it. */
  const excel = (v: string): string => (!/^\d+$/.test(v) ? v : v.length >= 12 ? Number(v).toExponential(5).toUpperCase() : String(Number(v)));
  /** An auditor's worksheet, every row rated, its references through Excel or not. */
  const rated = (name: string, auditor: string, throughExcel: boolean): string => {
    const rows = sheet.map((r, i) => WORKSHEET_COLUMNS.map((c) => (c === 'auditor' ? auditor : c === 'rating' ? (i % 3 ? 'met' : 'not met') : c === 'plan_ref' && throughExcel ? excel(r[c]) : r[c])));
    writeFileSync(q(name), csvDocument(WORKSHEET_COLUMNS, rows));
    return q(name);
  };
  const lineOf = (ref: string): string => sheet.find((r) => r.plan_ref === ref)!.line;

  beforeAll(() => {
    x = mkdtempSync(join(tmpdir(), 'ehcp-moderate-excel-'));
    const rows = parse(readFileSync('fixtures/example-export.csv'), { bom: true }) as string[][];
    const at = rows[0]!.indexOf('Plan Ref');
    const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const body = rows.slice(1, 1 + REFS.length).map((r, i) => r.map((v, j) => (j === at ? REFS[i]! : v)));
    writeFileSync(q('num.csv'), [rows[0]!, ...body].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n');
    writeFileSync(q('num.map.yaml'), readFileSync('fixtures/example-export.map.yaml'));
    drawn = runCli(['sample', q('num.csv'), '--as-of', '26/11/2026', '--seed', '1', '--size', '6', '-q', '-f', `json:${q('sample.json')}`, '-f', `csv:${q('report.csv')}`, '--worksheet', q('ws.csv')]);
    sheet = parse(readFileSync(q('ws.csv')), { bom: true, columns: true }) as Row[];
  });
  afterAll(() => rmSync(x, { recursive: true, force: true }));

  it('sample warns once that Excel would change the references of the worksheet and of the CSV report', () => {
    const r = drawn;
    expect(r.code, r.stderr).toBe(0);
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith('ehcp-audit: warning:'));
    expect(warnings).toEqual([
      "ehcp-audit: warning: the CSV report has plan references that Excel reads as numbers ('12345678901234567890' and 3 more): opened with a double-click, Excel changes them (00123 to 123; 12 digits or more to 1.23457E+19), so they no longer match the export; open it in Excel with Data > From Text/CSV instead, setting the ref column to Text",
      "ehcp-audit: warning: the worksheet has plan references that Excel reads as numbers ('12345678901234567890' and 3 more): opened with a double-click, Excel changes them (00123 to 123; 12 digits or more to 1.23457E+19), so they no longer match the export, and moderate cannot match the auditors' ratings to their plans; open it in Excel with Data > From Text/CSV instead, setting the plan_ref column to Text",
    ]);
    // The references are written as they are: no ="00123" formulas.
    expect(readFileSync(q('ws.csv'), 'utf8')).toContain('\r\n00123,A-child-views,');
    // The same warning for the CSV list of --list-only and of priority; none for the example export.
    for (const args of [['sample', q('num.csv'), '--seed', '1', '--size', '6', '--list-only'], ['priority', q('num.csv')]]) {
      const l = runCli([...args, '--as-of', '26/11/2026', '-q', '-f', 'csv']);
      expect(l.stderr).toContain("ehcp-audit: warning: the CSV list has plan references that Excel reads as numbers ('");
    }
    expect(runCli(['sample', 'fixtures/example-export.csv', '--as-of', '26/11/2026', '--seed', '1', '-q', '-f', 'csv', '--worksheet', q('plain-ws.csv')]).stderr).toBe('');
  });

  it('moderate refuses a reference in scientific notation, and one reference given for two plans, saying Excel may have done it', () => {
    const ann = rated('ann.csv', 'ann', true);
    const ben = rated('ben.csv', 'ben', true);
    const r = runCli(['moderate', ann, ben]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`  ${ann}:2: plan_ref '1.23457E+19' is a number in scientific notation, as Excel shows a reference of 12 digits or more, not a reference: the plan it was cannot be told; copy the plan_ref cells back from the blank worksheet, and open worksheets in Excel with Data > From Text/CSV, setting the plan_ref column to Text`);
    expect(r.stderr).not.toContain('duplicate');
    // 00123 and 123 are both '123' now: every row of either is refused, never counted as the other's.
    const first = sheet.findIndex((s) => s.plan_ref === '123') + 2;
    expect(r.stderr).toContain(`  ${ann}:${first}: plan_ref '123' is given for the plan at ${q('num.csv')}:${lineOf('123')} here but for the one at ${q('num.csv')}:${lineOf('00123')} at line `);
    expect(r.stderr).toContain("Excel may have changed a reference (opening a CSV, it reads 00123 as the number 123)");
    const lenient = JSON.parse(runCli(['moderate', ann, ben, '--lenient', '-f', 'json']).stdout) as ModerationReport;
    expect(lenient.skipped.filter((s) => s.includes("'123'"))).toHaveLength(4 * 29);
    // Left: EHCP-1 and '42' (0042 in both sheets alike; only --report can tell it was 0042).
    expect(lenient.rows.rated).toBe(2 * 2 * 29);
  });

  it('with --report, a reference that fits its plan is kept, and one that names another plan is refused', () => {
    const ann = rated('ann.csv', 'ann', true);
    const cat = rated('cat.csv', 'cat', false);
    const r = runCli(['moderate', ann, cat, '--report', q('sample.json'), '--lenient', '-f', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout) as ModerationReport;
    const rowOf = (ref: string) => sheet.findIndex((s) => s.plan_ref === ref) + 2;
    expect(m.skipped).toContain(`${ann}:${rowOf('00123')}: plan '123' is at ${q('num.csv')}:${lineOf('123')} in ${q('sample.json')}, but this row's file and line are ${q('num.csv')}:${lineOf('00123')}, another plan's: Excel may have changed a reference (opening a CSV, it reads 00123 as the number 123); copy the plan_ref cells back from the blank worksheet, and open worksheets in Excel with Data > From Text/CSV, setting the plan_ref column to Text`);
    expect(m.skipped).toContain(`${ann}:${rowOf('0042')}: plan '42' is not in the sample (${q('sample.json')}): if its reference had leading zeros, Excel may have dropped them (opening a CSV, it reads 00123 as the number 123); copy the plan_ref cells back from the blank worksheet, and open worksheets in Excel with Data > From Text/CSV, setting the plan_ref column to Text`);
    // ann's rows of the real 123 fit the report and are counted; cat's rows, untouched, all are.
    expect(m.skipped.some((s) => s.startsWith(`${ann}:${rowOf('123')}:`))).toBe(false);
    expect(m.skipped.every((s) => s.startsWith(ann))).toBe(true);
    expect(m.rows).toMatchObject({ read: 2 * 6 * 29, skipped: 4 * 29 });
  });
});
