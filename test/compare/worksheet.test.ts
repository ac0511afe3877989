/**
 * The blank auditor worksheet (src/compare/worksheet.ts) and its round trip: sample report ->
 * worksheet -> filled in programmatically -> moderate gives the expected agreement.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { LOWEST_SHOWN } from '../../src/audit/planStore.js';
import { runAudit } from '../../src/audit/run.js';
import { moderate, unguard } from '../../src/compare/moderate.js';
import { readWorksheet } from '../../src/compare/readWorksheet.js';
import { buildWorksheet, RATING_HINT, WORKSHEET_COLUMNS, type WorksheetCriterion } from '../../src/compare/worksheet.js';
import { PlanSource } from '../../src/records/source.js';
import { csvDocument } from '../../src/report/csvCell.js';
import { loadRubric } from '../../src/rubric/load.js';
import type { Rating } from '../../src/rubric/types.js';
import { fixture, repoRoot } from '../helpers/cli.js';
import { makeReport } from './helpers.js';

const CRITERIA: WorksheetCriterion[] = [
  { id: 'A-child-views', section: 'A', title: "The child's own views are recorded", help: 'In their own words,\nnot a summary.' },
  { id: 'F-not-vague', section: 'F', title: 'Section F is free of vague wording', question: 'Is every item of Section F specific?' },
];

const TOOL_RATINGS: Record<string, Record<string, Rating>> = {
  'EHCP-1': { 'A-child-views': 'met', 'F-not-vague': 'not_met' },
  'EHCP-2': { 'A-child-views': 'met', 'F-not-vague': 'met' },
  '=EHCP-3': { 'A-child-views': 'na', 'F-not-vague': 'partly' },
};

const report = makeReport({
  kind: 'sample',
  criteria: [{ id: 'A-child-views', met: 2, n: 2, na: 1 }, { id: 'F-not-vague', met: 1, n: 3 }],
  plans: Object.entries(TOOL_RATINGS).map(([ref, ratings]) => ({ ref, ratings })),
});

type Row = Record<(typeof WORKSHEET_COLUMNS)[number], string>;
const read = (csv: string): Row[] => parse(csv, { bom: true, columns: true }) as Row[];

describe('buildWorksheet', () => {
  const csv = buildWorksheet(report, CRITERIA);

  it('is Excel-safe CSV: BOM, CRLF, the documented header', () => {
    expect(csv.startsWith('\uFEFFplan_ref,criterion,section,question,help,auditor,rating,comment,file,line\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/\n(?![^"]*"(?:[^"]*"[^"]*")*[^"]*$)/);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('has one row per plan x criterion, blank auditor, rating and comment', () => {
    const rows = read(csv);
    expect(rows).toHaveLength(6);
    expect(rows.map((r) => [r.plan_ref, r.criterion])).toEqual([
      ['EHCP-1', 'A-child-views'],
      ['EHCP-1', 'F-not-vague'],
      ['EHCP-2', 'A-child-views'],
      ['EHCP-2', 'F-not-vague'],
      ["'=EHCP-3", 'A-child-views'],
      ["'=EHCP-3", 'F-not-vague'],
    ]);
    for (const r of rows) expect([r.auditor, r.rating, r.comment]).toEqual(['', '', '']);
    expect(rows[0]).toMatchObject({ section: 'A', question: "The child's own views are recorded", file: 'export.csv', line: '2' });
    expect(rows[1]!.question).toBe('Is every item of Section F specific?');
  });

  it('opens every help cell with the rating scale, then the rubric help', () => {
    const rows = read(csv);
    expect(RATING_HINT).toBe('Rate: met, partly, not met or n/a (leave blank until rated).');
    expect(rows[0]!.help).toBe(`${RATING_HINT} In their own words, not a summary.`);
    expect(rows[1]!.help).toBe(RATING_HINT);
  });

  it('neutralises a plan reference that a spreadsheet would run as a formula', () => {
    expect(csv).toContain("'=EHCP-3,A-child-views");
  });

  it('guards a formula behind leading white space too, and moderate reads the reference back as it was', () => {
    const spaced = makeReport({ kind: 'sample', criteria: [{ id: 'A-child-views', met: 1, n: 1 }], plans: [{ ref: '\u00a0=EHCP-4', ratings: { 'A-child-views': 'met' } }] });
    const [row] = read(buildWorksheet(spaced, CRITERIA.slice(0, 1)));
    expect(row!.plan_ref).toBe("'\u00a0=EHCP-4");
    expect(unguard(row!.plan_ref)).toBe('\u00a0=EHCP-4');
    // The apostrophe of a cell the writer would not have guarded is the auditor's own.
    expect(unguard("' EHCP-4")).toBe("' EHCP-4");
  });

  it('does not show the tool ratings (auditors rate blind)', () => {
    for (const r of read(csv)) expect(r.rating).toBe('');
    expect(csv).not.toMatch(/not_met|,met,|,na,/);
    expect(csv).not.toContain('reason for');
  });
});

describe('worksheet round trip', () => {
  it('sample -> worksheet -> filled in -> moderate gives the expected agreement', async () => {
    const blank = read(buildWorksheet(report, CRITERIA));
    const words: Record<Rating, string> = { met: 'Met', partly: 'partly met', not_met: 'NOT_MET', na: 'N/A' };
    // Alice copies the tool; Bob differs on EHCP-2 / F-not-vague and has not rated EHCP-1 / A yet.
    const fill = (who: string) =>
      blank.map((r) => {
        const ref = r.plan_ref.replace(/^'=/, '=');
        let rating = words[TOOL_RATINGS[ref]![r.criterion]!];
        if (who === 'bob' && ref === 'EHCP-2' && r.criterion === 'F-not-vague') rating = 'not met';
        if (who === 'bob' && ref === 'EHCP-1' && r.criterion === 'A-child-views') rating = '';
        return { ...r, auditor: who === 'alice' ? 'Alice' : '', rating };
      });
    const toCsv = (rows: Row[]) => csvDocument(WORKSHEET_COLUMNS, rows.map((r) => WORKSHEET_COLUMNS.map((c) => r[c])));
    const sheets = [
      await readWorksheet('alice.csv', Buffer.from(toCsv(fill('alice')))),
      await readWorksheet('bob.csv', Buffer.from(toCsv(fill('bob')))),
    ];
    // '=EHCP-3 stays guarded in the filled-in sheets, as a spreadsheet saves it; moderate reads it back as =EHCP-3.
    const { report: m, problems } = moderate({
      sheets,
      criteria: { source: 'the report', list: CRITERIA.map((c) => ({ id: c.id, title: c.title })) },
      report: { file: 'sample.json', report },
      weak: 0.6,
      tool: { name: 'ehcp-audit', version: '0' },
    });
    expect(problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([]);
    expect(m.raters).toEqual([
      { name: 'Alice', files: ['alice.csv'], rated: 6, notRated: 0 },
      { name: 'bob', files: ['bob.csv'], rated: 5, notRated: 1 },
    ]);
    expect(m.rows).toEqual({ read: 12, rated: 11, notRated: 1, skipped: 0 });
    const [a, f] = m.criteria;
    expect(a).toMatchObject({ id: 'A-child-views', plans: 3, compared: 2, agreeing: 2, percentAgreement: 1, notRated: 1 });
    expect(a!.kappa).toMatchObject({ method: 'cohen', value: 1, plans: 2, excluded: 1 });
    expect(f).toMatchObject({ id: 'F-not-vague', plans: 3, compared: 3, agreeing: 2, noConsensus: 1 });
    expect(f!.percentAgreement).toBeCloseTo(2 / 3, 12);
    // Alice (not met, met, partly) against Bob (not met, not met, partly): po = 2/3,
    // pe = (1·2 + 1·0 + 1·1) / 9 = 1/3, kappa = (2/3 - 1/3) / (2/3) = 0.5.
    expect(f!.kappa!.value).toBeCloseTo(0.5, 12);
    expect(f!.needsClearerGuidance).toBe(true);
    // The tool matches the consensus wherever there is one.
    expect(f!.tool).toMatchObject({ plans: 2, agreeing: 2, rate: 1 });
    expect(m.disagreements.map((d) => [d.plan, d.criterion, d.consensus, d.tool?.rating])).toEqual([['EHCP-2', 'F-not-vague', null, 'met']]);
    expect(m.toolDisagreements).toEqual([]);
  });
});

describe('buildWorksheet: a sample of more plans than the report keeps in memory', () => {
  // report.plans then holds only the lowest-scoring 200 (planStore.ts); the worksheet is for the
  // auditors who will read every plan of the sample.
  it('has a row per criterion for every plan of the sample: the worksheet of the plans kept in memory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ehcp-worksheet-'));
    try {
      const file = join(dir, 'plans-1500.csv');
      execFileSync(process.execPath, [join(repoRoot, 'scripts', 'generate-export.mjs'), '--plans', '1500', '--seed', '7', '--format', 'csv', '--out', file], { stdio: 'pipe' });
      const sample = { size: 300, margin: 0.1, seed: 1, strata: ['phase'], include: [] };
      const audit = (memoryLimit?: number) =>
        runAudit({ source: new PlanSource({ file, asOf: '2026-11-26', map: fixture('example-export.map.yaml') }), rubric: loadRubric('default'), asOf: '2026-11-26', showText: false, where: [], sample, ...(memoryLimit ? { memoryLimit } : {}) });
      const spooled = await audit(10);
      expect(spooled.plans).toHaveLength(LOWEST_SHOWN);
      const rows = read(buildWorksheet(spooled, CRITERIA));
      expect(rows).toHaveLength(300 * CRITERIA.length);
      expect(buildWorksheet(spooled, CRITERIA)).toBe(buildWorksheet(await audit(), CRITERIA));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
