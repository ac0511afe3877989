import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvChunks, csvRowCount, formatCsv } from '../../src/report/csv.js';
import { BOM, csvCell, csvDocument, csvRow, EXCEL_MAX_CELL, EXCEL_MAX_ROWS, excelRowsWarning, numberLikeRef } from '../../src/report/csvCell.js';
import { sampleReport, showTextReport } from './sampleReport.js';

function rows(text: string): string[][] {
  return parse(text, { bom: true, relax_column_count: false }) as string[][];
}

describe('csv formatter', () => {
  it('writes one row per plan x criterion under the documented header', () => {
    const r = sampleReport();
    const [header, ...body] = rows(formatCsv(r));
    expect(header).toEqual([...CSV_COLUMNS, 'seed']);
    // A sample: its seed after the run's rubric and as-of date, on every row.
    expect(header).toEqual(['ref', 'file', 'line', 'grade', 'score', 'limited_by', 'criterion', 'section', 'severity', 'rating', 'reasons', 'rubric', 'rubric_version', 'as_of', 'seed']);
    expect(body).toHaveLength(r.plans.length * r.criteria.length);
    expect(body[5]).toEqual([
      'EHC-2023-0457', 'exports/plans-2026-11.csv', '5', 'Requires improvement', '72', 'A-child-views',
      'E-time-bound', 'E', 'standard', 'not_met', 'no outcome has a timescale', r.rubric.id, r.rubric.version, '2026-11-26', String(r.sample!.seed),
    ]);
    for (const row of body) expect(row.slice(11)).toEqual([r.rubric.id, r.rubric.version, '2026-11-26', String(r.sample!.seed)]);
    expect(body.filter((x) => x[0] === 'EHC-2022-0199').map((x) => x[6])).toEqual(r.criteria.map((c) => c.id));
  });

  it('starts with a UTF-8 BOM and ends every line with CRLF', () => {
    const text = formatCsv(sampleReport());
    expect(text.startsWith(BOM)).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text).not.toMatch(/[^\r]\n/);
  });

  it('has no name or text_reasons column by default, and both with --show-text', () => {
    const plain = formatCsv(sampleReport());
    expect(plain).not.toContain('Amelia');
    expect(plain).not.toContain('To be completed');
    const [header, ...body] = rows(formatCsv(showTextReport()));
    expect(header![0]).toBe('name');
    expect(header![header!.length - 1]).toBe('text_reasons');
    expect(body[1]![0]).toBe('Amelia Hart');
    expect(body[1]![header!.length - 1]).toBe('no timescale: "Amelia will be able to read simple sentences"');
    expect(body[4]![0]).toBe("Jack O'Neill");
    expect(body[8]![0]).toBe('');
  });

  it('neutralises cells that a spreadsheet would read as a formula', () => {
    const r = sampleReport();
    r.plans[1]!.results[0]!.reasons = ['=HYPERLINK("http://example.invalid","click")'];
    r.plans[0]!.ref = '@SUM(A1:A9)';
    r.plans[2]!.results[2]!.reasons = ['+44 1234', '-1'];
    const body = rows(formatCsv(r)).slice(1);
    expect(body[4]![10]).toBe('\'=HYPERLINK("http://example.invalid","click")');
    expect(body[0]![0]).toBe("'@SUM(A1:A9)");
    expect(body[10]![10]).toBe("'+44 1234; -1");
    for (const row of body) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('neutralises formulas behind leading white space in refs, names and reasons (JSON input is not trimmed)', () => {
    const r = showTextReport();
    r.plans[0]!.ref = ' =1+1';
    r.plans[0]!.name = '\u00a0=2+2';
    r.plans[1]!.results[0]!.reasons = ['\n=3+3'];
    const body = rows(formatCsv(r)).slice(1);
    expect(body[0]!.slice(0, 2)).toEqual(['\u00a0=2+2', ' =1+1'].map((c) => `'${c}`));
    expect(body.some((row) => row.includes("'\n=3+3"))).toBe(true);
    for (const row of body) for (const cell of row) expect(cell).not.toMatch(/^[\s\u0085]*[=+\-@]/);
  });

  it('quotes commas, quotes and line breaks (RFC 4180) and reads back the same', () => {
    const r = sampleReport();
    const tricky = 'needs "speech, language"\r\nand communication';
    r.plans[1]!.results[3]!.reasons = [tricky];
    const body = rows(formatCsv(r)).slice(1);
    expect(body[7]![10]).toBe(tricky);
    expect(body).toHaveLength(12);
  });

  it('gives a plan with no results one row', () => {
    const r = sampleReport();
    r.plans[2]!.results = [];
    const body = rows(formatCsv(r)).slice(1);
    expect(body).toHaveLength(2 * r.criteria.length + 1);
    expect(body[8]).toEqual(['EHC-2022-0199', 'exports/plans-2026-11.csv', '9', 'Outstanding', '90', '', '', '', '', '', '', r.rubric.id, r.rubric.version, '2026-11-26', String(r.sample!.seed)]);
  });

  it('has no seed column for an audit of every plan (no sample), and keeps text_reasons last', () => {
    const audit = { ...sampleReport(), kind: 'audit' as const, sample: null };
    const [header, ...body] = rows(formatCsv(audit));
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(body[0]!.slice(-3)).toEqual([audit.rubric.id, audit.rubric.version, audit.asOf]);
    const shown = { ...showTextReport(), kind: 'audit' as const, sample: null };
    const [h2, ...b2] = rows(formatCsv(shown));
    expect(h2!.slice(-4)).toEqual(['rubric', 'rubric_version', 'as_of', 'text_reasons']);
    expect(b2.every((row) => row.length === h2!.length)).toBe(true);
  });
});

describe('csvCell / csvRow', () => {
  it('prefixes an apostrophe to strings starting with = + - @ tab or CR', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@A1')).toBe("'@A1");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe('"\'\r=1"');
    expect(csvCell('a=1')).toBe('a=1');
  });

  it('also guards a formula behind leading white space, which Excel trims before it looks', () => {
    expect(csvCell(' =1+1')).toBe("' =1+1");
    expect(csvCell('\u00a0=2+2')).toBe("'\u00a0=2+2");
    expect(csvCell('\n=3+3')).toBe('"\'\n=3+3"');
    expect(csvCell('\r\n @A1')).toBe('"\'\r\n @A1"');
    expect(csvCell(' \t+1')).toBe("' \t+1");
    expect(csvCell('\u2003\u3000\ufeff-1')).toBe("'\u2003\u3000\ufeff-1");
    expect(csvCell('\u0085=1')).toBe("'\u0085=1");
    // Not formulas: white space before ordinary text, or white space alone.
    expect(csvCell(' EHCP-1')).toBe(' EHCP-1');
    expect(csvCell('  ')).toBe('  ');
    expect(csvCell(' a=1')).toBe(' a=1');
  });

  it('leaves numbers as numbers and writes null as empty', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(87.5)).toBe('87.5');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('quotes only when needed, doubling quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=a,"b"')).toBe('"\'=a,""b"""');
    expect(csvRow(['a', 1, null, '=x'])).toBe("a,1,,'=x");
    expect(csvDocument(['h1', 'h2'], [['a', 'b']])).toBe(`${BOM}h1,h2\r\na,b\r\n`);
  });
});

describe("Excel's row limit", () => {
  it('csvRowCount is the number of rows the CSV report has, the header included', () => {
    for (const report of [sampleReport(), showTextReport()]) {
      expect(csvRowCount(report)).toBe(rows(formatCsv(report)).length);
    }
  });

  it('warns past 1,048,576 rows, naming the count and what to do', () => {
    expect(excelRowsWarning('the CSV report', EXCEL_MAX_ROWS, 'narrow it')).toBeUndefined();
    expect(excelRowsWarning('the CSV report', 2_900_001, 'narrow it with --where')).toBe(
      'the CSV report has 2,900,001 rows, more than Excel opens (1,048,576): Excel would show only the first of them; narrow it with --where',
    );
  });
});

describe("Excel's cell limit", () => {
  /** The report's CSV, and what it warned of once written. */
  const written = (report: ReturnType<typeof sampleReport>): { text: string; warnings: string[] } => {
    const warnings: string[] = [];
    const text = [...csvChunks(report, (w) => warnings.push(w))].join('');
    return { text, warnings };
  };

  it('warns once of a cell over 32,767 characters, naming its column and plan, and counting the other plans', () => {
    const r = showTextReport();
    // 2,000 vague Section F items: a reasons cell of some 70,000 characters.
    const item = (i: number): string => `'as required' in Section F item ${i}`;
    r.plans[1]!.results[0]!.reasons = Array.from({ length: 2000 }, (_, i) => item(i + 1));
    r.plans[1]!.results[1]!.reasons = Array.from({ length: 2000 }, (_, i) => item(i + 1));
    const long = r.plans[1]!.results[0]!.reasons.join('; ').length;
    const { text, warnings } = written(r);
    expect(text).toContain(item(2000)); // written whole: only Excel cuts it
    expect(warnings).toEqual([
      `the CSV report has a cell of ${long.toLocaleString('en-GB')} characters (column reasons, plan '${r.plans[1]!.ref}'), more than Excel holds in a cell (32,767), and Excel would cut it short without saying so: read the whole text in the JSON report (-f json) or with 'ehcp-audit explain'`,
    ]);
    r.plans[2]!.results[0]!.textReasons = ['x'.repeat(EXCEL_MAX_CELL + 1)];
    r.plans[0]!.name = `=${'y'.repeat(EXCEL_MAX_CELL - 1)}`; // 32,767 with its formula guard: one too many
    const more = written(r).warnings;
    expect(more).toHaveLength(1);
    expect(more[0]).toContain(`a cell of 32,768 characters (column name, plan '${r.plans[0]!.ref}')`);
    expect(more[0]).toContain('(2 other plans have such cells too)');
  });

  it('says nothing of cells of 32,767 characters or fewer', () => {
    const r = sampleReport();
    r.plans[0]!.results[0]!.reasons = ['z'.repeat(EXCEL_MAX_CELL)];
    expect(written(r).warnings).toEqual([]);
  });
});

describe('references Excel reads as numbers', () => {
  it('numberLikeRef: digits with a leading zero, or 12 digits or more', () => {
    for (const ref of ['00123', '0042', '00', '123456789012', '12345678901234567890']) expect(numberLikeRef(ref), ref).toBe(true);
    for (const ref of ['0', '123', '12345678901', 'EHCP-00123', '00123 ', '0x12', '', '1.5']) expect(numberLikeRef(ref), ref).toBe(false);
  });

  it('the CSV report warns once, naming the first and counting the rest, and writes them as they are', () => {
    const r = sampleReport();
    r.plans[0]!.ref = '00123';
    r.plans[2]!.ref = '12345678901234567890';
    const warnings: string[] = [];
    const text = [...csvChunks(r, (w) => warnings.push(w))].join('');
    expect(warnings).toEqual([
      "the CSV report has plan references that Excel reads as numbers ('00123' and 1 more): opened with a double-click, Excel changes them (00123 to 123; 12 digits or more to 1.23457E+19), so they no longer match the export; open it in Excel with Data > From Text/CSV instead, setting the ref column to Text",
    ]);
    expect(text).toContain('\r\n00123,');
    expect(text).not.toContain('="');
    const none: string[] = [];
    [...csvChunks(sampleReport(), (w) => none.push(w))].join('');
    expect(none).toEqual([]);
  });
});
