/** The priority list formatters: table, csv, json, markdown. */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS, FACTOR_IDS } from '../../src/priority/factors.js';
import { toRows, type PriorityEntry, type PriorityReport } from '../../src/priority/rank.js';
import { formatPriority, formatPriorityCsv, formatPriorityMarkdown, formatPriorityTable, PRIORITY_CSV_COLUMNS, PRIORITY_CSV_RUN_COLUMNS, PRIORITY_FORMATS, priorityChunks } from '../../src/report/priority.js';
import { csvDocument } from '../../src/report/csvCell.js';
import { ANSI, RAW_CONTROL, columnTexts, markdownTables, squash, unescapedPipes, withoutColour, workflowCommands } from '../report/helpers.js';
import { HOSTILE } from '../report/sampleReport.js';

function report(entries: PriorityEntry[], extra: Partial<PriorityReport> = {}): PriorityReport {
  return {
    schemaVersion: 1,
    tool: { name: 'ehcp-audit', version: '0.0.0' },
    kind: 'priority',
    input: {
      file: 'export.csv',
      format: 'csv',
      encoding: 'utf-8',
      delimiter: ',',
      mapping: null,
      records: { read: 3, scored: 3, rejected: 0, filteredOut: 0, ceased: 0, blankRows: 0, warnings: 0 },
      rejected: [],
    },
    rubric: { id: 'default', version: '1', title: 'Default', files: [], fingerprint: '0123456789abcdef' },
    asOf: '2026-11-26',
    weights: { file: null, factors: DEFAULT_WEIGHTS },
    where: [],
    top: 20,
    showText: false,
    considered: entries.length,
    rows: toRows(entries),
    ...extra,
  };
}

const ENTRIES: PriorityEntry[] = [
  {
    ref: 'EHCP-1',
    name: 'Jack Brown',
    score: 10.5,
    grade: 'Inadequate',
    planScore: 40,
    finalIssued: '2017-01-01',
    file: 'export.csv',
    line: 2,
    factors: [
      { id: 'looked_after', points: 5, reason: 'looked after' },
      { id: 'review_overdue', points: 5.5, reason: 'review overdue by 5 months (due 26/06/2026)' },
    ],
  },
  { ref: '=HYPERLINK("http://x")', score: 0, grade: 'Good', planScore: 85, finalIssued: null, file: 'export.csv', line: 3, factors: [] },
  { ref: 'EHCP|3', score: 0, grade: '-1', planScore: null, finalIssued: null, file: 'export.csv', line: 4, factors: [] },
];
const noNames = ENTRIES.map(({ name: _name, ...e }) => e);

describe('priority formatters', () => {
  it('csv: BOM, CRLF, one row per plan, factor points as columns, safe for Excel', () => {
    const csv = formatPriorityCsv(report(noNames));
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('\r\n');
    const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ rank: '1', ref: 'EHCP-1', file: 'export.csv', line: '2', priority_score: '10.5', grade: 'Inadequate', final_issued: '2017-01-01', reasons: 'looked after; review overdue by 5 months (due 26/06/2026)', looked_after: '5', review_overdue: '5.5', quality: '0', rubric: 'default', rubric_version: '1', as_of: '2026-11-26' });
    // The run's provenance closes every row, after the factors' columns.
    expect(Object.keys(rows[0]!).slice(-3)).toEqual(['rubric', 'rubric_version', 'as_of']);
    expect(Object.keys(rows[0]!)).not.toContain('name');
    for (const r of rows) for (const v of Object.values(r)) expect(v).not.toMatch(/^[=+\-@]/);
    expect(rows[1]!.ref).toBe(`'=HYPERLINK("http://x")`);
    expect(rows[2]!.grade).toBe("'-1");
  });

  it('names only with --show-text', () => {
    const shown = report(ENTRIES, { showText: true });
    const rows = parse(formatPriorityCsv(shown), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows[0]!.name).toBe('Jack Brown');
    expect(squash(formatPriorityTable(shown, { useColor: false }))).toContain('Jack Brown');
    expect(formatPriorityTable(report(noNames), { useColor: false })).not.toMatch(/│ Name/);
    expect(formatPriorityMarkdown(report(noNames))).toContain('not shown: plans are identified by reference');
  });

  it('table: reasons joined with "; ", scores as written, no colour when off', () => {
    const out = formatPriorityTable(report(noNames), { useColor: false });
    expect(out).not.toMatch(ANSI);
    expect(squash(out)).toContain('looked after; review overdue by 5 months');
    expect(out).toContain('10.5');
    expect(out).toContain('no priority factors');
    expect(out).toContain('Listed:     all 3 plans');
    expect(formatPriorityTable(report(noNames.slice(0, 2), { considered: 3 }), { useColor: false })).toContain('top 2 of 3 plans');
  });

  it('table: control characters from the export (ref, name, file, reasons) written as \\xHH, colour kept', () => {
    const [first] = ENTRIES;
    const hostile: PriorityEntry = { ...first!, ref: `EHCP-1 ${HOSTILE}`, name: `Jack ${HOSTILE}`, factors: [{ id: 'looked_after', points: 5, reason: `looked after ${HOSTILE}` }] };
    const r = report([hostile], { showText: true, input: { ...report([]).input, file: `export ${HOSTILE}.csv` } });
    const out = formatPriorityTable(r, { useColor: false });
    expect(out).not.toMatch(RAW_CONTROL);
    expect(workflowCommands(out)).toEqual([]);
    const flat = (columnTexts(out).join('') + out).replace(/\s/g, '');
    for (const where of ['EHCP-1', 'Jack', 'lookedafter', 'export']) expect(flat).toContain(`${where}EHCP-\\x1b]0;pwned\\x07\\x1b[31mRED\\x0a::error`);
    const coloured = formatPriorityTable(r, { useColor: true });
    expect(coloured).toMatch(ANSI);
    expect(withoutColour(coloured)).not.toMatch(RAW_CONTROL);
  });

  it('markdown: one table, every row with the same number of cells, pipes escaped', () => {
    const md = formatPriorityMarkdown(report(noNames));
    const tables = markdownTables(md);
    expect(tables).toHaveLength(1);
    const counts = tables[0]!.map(unescapedPipes);
    expect(new Set(counts).size).toBe(1);
    expect(md).toContain('EHCP\\|3');
  });

  it('markdown: a lone CR in a value (here the file name) does not start a heading', () => {
    const md = formatPriorityMarkdown(report(noNames, { input: { ...report([]).input, file: 'export\r## Injected.csv' } }));
    expect(md.split(/\r\n|\r|\n/).filter((l) => l.startsWith('## '))).toEqual([]);
    expect(md).toContain('export ## Injected.csv');
  });

  it('json: the report as it is', () => {
    const j = JSON.parse(formatPriority('json', report(noNames), { useColor: false })) as PriorityReport;
    expect(j.rows.map((r) => r.rank)).toEqual([1, 2, 3]);
    expect(j.rows[0]!.reasons).toEqual(['looked after', 'review overdue by 5 months (due 26/06/2026)']);
    expect(PRIORITY_FORMATS).toEqual(['table', 'csv', 'json', 'markdown']);
  });

  it('json and csv are written in chunks of about 1 MB, the same bytes as the whole document', () => {
    // 20,000 plans (about 2 MB of CSV, 10 MB of JSON), some with names, hostile text and every kind of value.
    const many: PriorityEntry[] = Array.from({ length: 20000 }, (_, i) => ({
      ...ENTRIES[i % ENTRIES.length]!,
      ref: `EHCP-${i}${i % 7 === 0 ? HOSTILE : ''}`,
      line: i + 2,
    }));
    // The CSV as one document: csvDocument over every row, as the list was written before it was chunked.
    const wholeCsv = (r: PriorityReport): string => {
      const names = r.showText && r.rows.some((x) => x.name !== undefined);
      const header = [...(names ? ['name'] : []), ...PRIORITY_CSV_COLUMNS, ...FACTOR_IDS, ...PRIORITY_CSV_RUN_COLUMNS];
      const rows = r.rows.map((row) => {
        const pts = new Map(row.factors.map((f) => [f.id, f.points]));
        return [...(names ? [row.name ?? ''] : []), row.rank, row.ref, row.file, row.line, row.score, row.grade, row.planScore, row.finalIssued ?? '', row.reasons.join('; '), ...FACTOR_IDS.map((id) => pts.get(id) ?? 0), r.rubric.id, r.rubric.version, r.asOf];
      });
      return csvDocument(header, rows);
    };
    const parts = (out: string | Iterable<string>) => (typeof out === 'string' ? [out] : [...out]);
    for (const r of [report(many), report(many, { showText: true }), report([]), report(noNames.slice(0, 1))]) {
      const json = parts(priorityChunks('json', r, { useColor: false }));
      expect(json.join('')).toBe(`${JSON.stringify(r, null, 2)}\n`);
      const csv = parts(priorityChunks('csv', r, { useColor: false }));
      expect(csv.join('')).toBe(wholeCsv(r));
      if (r.rows.length === many.length) {
        expect(json.length).toBeGreaterThan(5);
        expect(csv.length).toBeGreaterThan(1);
        for (const p of [...json, ...csv]) expect(p.length).toBeLessThan(1.1 * (1 << 20));
      }
    }
  });

  it('an empty list says so', () => {
    expect(formatPriorityTable(report([]), { useColor: false })).toContain('(no plans to rank)');
    expect(formatPriorityMarkdown(report([]))).toContain('No plans to rank.');
  });
});
