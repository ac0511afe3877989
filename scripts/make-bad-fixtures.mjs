#!/usr/bin/env node
/**
 * make-bad-fixtures.mjs: write the bad-input fixtures in fixtures/bad/ and their README, which says
 * which fault each file has and on which physical line(s) (1-based; a line ends at LF, so a quoted
 * cell holding line breaks spans several lines). Deterministic: re-running gives identical files.
 *
 *   node scripts/make-bad-fixtures.mjs [--dir fixtures/bad]
 *
 * The CSV files use the example export's headers (fixtures/example-export.map.yaml) and a few
 * synthetic plans from scripts/generate-export.mjs (seed "bad", as-of 2026-11-26).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Document } from 'yaml';
import { CSV_HEADER, csvField, csvLine, generatePlans, hash32 } from './generate-export.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argDir = process.argv.indexOf('--dir');
const DIR = resolve(ROOT, argDir > 0 ? process.argv[argDir + 1] : 'fixtures/bad');
const XLSX_SOURCE = '/work/shared/external/csvlint-fixtures/fixtures/spreadsheet.xlsx';
const AS_OF = '2026-11-26';

const plans = [...generatePlans({ plans: 5, seed: 'bad', asOf: AS_OF })];
const col = (name) => {
  const i = CSV_HEADER.indexOf(name);
  if (i < 0) throw new Error(`no column ${name}`);
  return i;
};
const cells = (k) => plans[k].csv.slice();
const ref = (k) => plans[k].record.ref;
const BOM = '\uFEFF';

/** Physical line (1-based) at which each chunk starts, when the chunks are concatenated. */
function startLines(chunks) {
  const out = [];
  let line = 1;
  for (const c of chunks) {
    out.push(line);
    line += (c.match(/\n/g) ?? []).length;
  }
  return out;
}
const notes = [];
function writeText(name, chunks, { bom = true } = {}) {
  writeFileSync(join(DIR, name), (bom ? BOM : '') + chunks.join(''), 'utf8');
}
const headerLine = csvLine(CSV_HEADER);
const N = CSV_HEADER.length;

mkdirSync(DIR, { recursive: true });

// --- ragged-row.csv: record 3 has one field too few ------------------------------------------------
{
  const short = cells(2).slice(0, -1);
  const chunks = [headerLine, csvLine(cells(0)), csvLine(cells(1)), csvLine(short), csvLine(cells(3))];
  const lines = startLines(chunks);
  writeText('ragged-row.csv', chunks);
  notes.push(`\`ragged-row.csv\` (ragged_row): the record starting on line ${lines[3]} (${ref(2)}) has ${N - 1} fields (its last field, Caseworker, is missing); the header on line 1 has ${N}. The other records (lines ${lines[1]}, ${lines[2]}, ${lines[4]}) are well formed.`);
}

// --- unclosed-quote.csv: a quote opened in record 3 never closes ---------------------------------
{
  const c = cells(2);
  const cv = col('Child Views');
  const before = c.slice(0, cv).map((x) => csvField(x)).join(',');
  if (/[\r\n"]/.test(before)) throw new Error('unclosed-quote: prefix must be one plain line');
  // After the opening quote nothing may contain a quote, or the parser would see it as the close.
  const rest = c.slice(cv).map((x) => x.replace(/"/g, '')).join(',');
  const bad = `${before},"${rest}\r\n`;
  const chunks = [headerLine, csvLine(cells(0)), csvLine(cells(1)), bad];
  const lines = startLines(chunks);
  const last = lines[3] + (bad.match(/\n/g) ?? []).length - 1;
  writeText('unclosed-quote.csv', chunks);
  notes.push(`\`unclosed-quote.csv\` (unclosed_quote): the quote that opens the Child Views field (column ${cv + 1}) of the record starting on line ${lines[3]} (${ref(2)}) never closes; everything from there to the end of the file (line ${last}) is inside it. Records on lines ${lines[1]} and ${lines[2]} are well formed.`);
}

// --- blank-rows.csv: an empty line, a line of empty fields, and an extra blank line at the end -----
{
  const empty = '\r\n';
  const commas = ','.repeat(N - 1) + '\r\n';
  const chunks = [headerLine, csvLine(cells(0)), empty, csvLine(cells(1)), commas, csvLine(cells(2)), empty];
  const lines = startLines(chunks);
  writeText('blank-rows.csv', chunks);
  notes.push(`\`blank-rows.csv\` (blank_row): line ${lines[2]} is empty; line ${lines[4]} is ${N} empty fields (${N - 1} commas); line ${lines[6]} is an extra empty line at the end. Records start on lines ${lines[1]}, ${lines[3]} and ${lines[5]}.`);
}

// --- title-row.csv: a title line above the header ---------------------------------------------------
{
  const title = csvLine(['Kellbrook Council: EHC plans export, run 26/11/2026 09:14', ...Array(N - 1).fill('')]);
  const chunks = [title, headerLine, csvLine(cells(0)), csvLine(cells(1)), csvLine(cells(2))];
  const lines = startLines(chunks);
  writeText('title-row.csv', chunks);
  notes.push(`\`title-row.csv\` (title_row): line 1 is a title ("Kellbrook Council: EHC plans export, run 26/11/2026 09:14") padded with empty fields to ${N} columns, as Excel saves it; the real header is line 2; records start on lines ${lines[2]}, ${lines[3]} and ${lines[4]}.`);
}

// --- duplicate-columns.csv: "Final Issued" twice ----------------------------------------------------
{
  const fi = col('Final Issued');
  const header = [...CSV_HEADER, 'Final Issued'];
  const rows = [0, 1, 2].map((k) => [...cells(k), '01/09/2026']);
  const chunks = [csvLine(header), ...rows.map((r) => csvLine(r))];
  writeText('duplicate-columns.csv', chunks);
  notes.push(`\`duplicate-columns.csv\` (duplicate_column_name): the header on line 1 has "Final Issued" twice, at columns ${fi + 1} and ${N + 1} (the second holds 01/09/2026 in every record, a different date from the first).`);
}

// --- empty-column-name.csv: a column with a blank header --------------------------------------------
{
  const header = [...CSV_HEADER, ''];
  const rows = [[...cells(0), 'see file note'], [...cells(1), ''], [...cells(2), 'chased 12/11/2026']];
  const chunks = [csvLine(header), ...rows.map((r) => csvLine(r))];
  writeText('empty-column-name.csv', chunks);
  notes.push(`\`empty-column-name.csv\` (empty_column_name): the header on line 1 has an empty name at column ${N + 1} (the last); some records hold notes in it.`);
}

// --- invalid-dates.csv ------------------------------------------------------------------------------
{
  const a = cells(0);
  const b = cells(1);
  const c = cells(2);
  a[col('Request Date')] = '31/02/2024';
  b[col('Final Issued')] = '2024-13-01';
  c[col('Draft Issued')] = '02/28/2024';
  const chunks = [headerLine, csvLine(a), csvLine(b), csvLine(c), csvLine(cells(3))];
  const lines = startLines(chunks);
  writeText('invalid-dates.csv', chunks);
  notes.push(`\`invalid-dates.csv\` (invalid_date): line ${lines[1]} (${ref(0)}) Request Date (column ${col('Request Date') + 1}) is 31/02/2024 (no such day); line ${lines[2]} (${ref(1)}) Final Issued (column ${col('Final Issued') + 1}) is 2024-13-01 (month 13); line ${lines[3]} (${ref(2)}) Draft Issued (column ${col('Draft Issued') + 1}) is 02/28/2024 (month-first, month 28 under dd/mm/yyyy); the record on line ${lines[4]} (${ref(3)}) is good.`);
}

// --- future-dates.csv -------------------------------------------------------------------------------
{
  const b = cells(1);
  b[col('Final Issued')] = '14/06/2030';
  const chunks = [headerLine, csvLine(cells(0)), csvLine(b), csvLine(cells(2))];
  const lines = startLines(chunks);
  writeText('future-dates.csv', chunks);
  notes.push(`\`future-dates.csv\` (future_date, a warning): line ${lines[2]} (${ref(1)}) has Final Issued (column ${col('Final Issued') + 1}) 14/06/2030, after the as-of date ${AS_OF}; records on lines ${lines[1]} and ${lines[3]} are good.`);
}

// --- duplicate-refs.csv -----------------------------------------------------------------------------
{
  const d = cells(3);
  d[col('Plan Ref')] = ref(1);
  const chunks = [headerLine, csvLine(cells(0)), csvLine(cells(1)), csvLine(cells(2)), csvLine(d)];
  const lines = startLines(chunks);
  writeText('duplicate-refs.csv', chunks);
  notes.push(`\`duplicate-refs.csv\` (duplicate_ref): the records starting on lines ${lines[2]} and ${lines[4]} both have Plan Ref ${ref(1)} (the second is a different child, ${plans[3].record.child.id}).`);
}

// --- the small export in three encodings / dialects -------------------------------------------------
// Text as Word and Excel write it: curly apostrophes and quotes, and a pound sign in Section J.
const FREE_TEXT = ['Child Views', 'Parent Views', 'Aspirations', 'How Views Gathered', 'Sec B Education Needs', 'Sec C Health Needs', 'Sec D Social Care Needs', 'Sec E Outcomes', 'Sec F Provision', 'Sec G Health Provision', 'Sec H1 Social Care CSDPA', 'Sec H2 Social Care Other', 'Sec I Placement', 'Sec J Personal Budget'].map(col);
function curly(s) {
  return s
    .replace(/(^|[\s(])"/g, '$1\u201c')
    .replace(/"/g, '\u201d')
    .replace(/(^|[\s(])'/g, '$1\u2018')
    .replace(/'/g, '\u2019');
}
const small = [0, 1, 2].map((k) => {
  const c = cells(k);
  for (const i of FREE_TEXT) c[i] = curly(c[i]);
  return c;
});
small[1][col('Sec J Personal Budget')] = 'Personal budget of £1,200 a year for transport to school, paid to parents as a direct payment.';
const smallChunks = (delim) => [csvLine(CSV_HEADER, delim), ...small.map((r) => csvLine(r, delim))];
const smallLines = startLines(smallChunks(','));
const smallText = smallChunks(',').join('');
const lineOf = (text, needle) => {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`not found: ${needle}`);
  return (text.slice(0, at).match(/\n/g) ?? []).length + 1;
};
const poundLine = lineOf(smallText, '£');
const curlyLine = lineOf(smallText, '\u2019');

const CP1252_EXTRA = { '\u20ac': 0x80, '\u201a': 0x82, '\u2026': 0x85, '\u2018': 0x91, '\u2019': 0x92, '\u201c': 0x93, '\u201d': 0x94, '\u2013': 0x96, '\u2014': 0x97 };
function cp1252(text) {
  const out = Buffer.alloc(text.length);
  let n = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0);
    if (cp < 0x80 || (cp >= 0xa0 && cp <= 0xff)) out[n++] = cp;
    else if (CP1252_EXTRA[ch] !== undefined) out[n++] = CP1252_EXTRA[ch];
    else throw new Error(`not in Windows-1252: U+${cp.toString(16)}`);
  }
  return out.subarray(0, n);
}
writeFileSync(join(DIR, 'windows-1252.csv'), cp1252(smallText));
writeFileSync(join(DIR, 'utf16le.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(smallText, 'utf16le')]));
writeFileSync(join(DIR, 'semicolon.csv'), BOM + smallChunks(';').join(''), 'utf8');
const three = `${ref(0)}, ${ref(1)} and ${ref(2)}, starting on lines ${smallLines.slice(1).join(', ')}`;
notes.push(`\`windows-1252.csv\` (invalid_encoding if read as UTF-8): the small export (records ${three}) saved as Windows-1252, no BOM, CRLF; the pound sign (byte A3) is on line ${poundLine} (Sec J of ${ref(1)}) and curly apostrophes (byte 92) appear from line ${curlyLine}. \`utf16le.csv\` and \`semicolon.csv\` hold the same records with the same text.`);
notes.push(`\`utf16le.csv\` (encoding): the same small export as \`windows-1252.csv\` in UTF-16LE with a BOM (FF FE), CRLF; records ${three}.`);
notes.push(`\`semicolon.csv\` (delimiter): the same small export with fields separated by \`;\` (UTF-8 with BOM, CRLF); Secondary Needs cells holding \`;\` are quoted; records ${three}.`);

// --- wrong-types.yaml ---------------------------------------------------------------------------------
{
  const recs = [0, 1, 2, 3].map((k) => JSON.parse(JSON.stringify(plans[k].record)));
  recs[0].child.ncYear = 'seven';
  recs[1].child.lookedAfter = 'maybe';
  recs[2].e = `${recs[2].child.name.split(' ')[0]} will be happy and make progress.`;
  const doc = new Document(recs);
  doc.commentBefore = ' Native record shape (src/records/model.ts) with three wrong types; see README.md.';
  const text = doc.toString({ lineWidth: 110 });
  writeFileSync(join(DIR, 'wrong-types.yaml'), text, 'utf8');
  const starts = [];
  text.split('\n').forEach((l, i) => {
    if (l.startsWith('- ref:')) starts.push(i + 1);
  });
  notes.push(`\`wrong-types.yaml\` (wrong_type): record 1 (${ref(0)}, line ${starts[0]}) has child.ncYear "seven" on line ${lineOf(text, 'ncYear: seven')}; record 2 (${ref(1)}, line ${starts[1]}) has child.lookedAfter "maybe" on line ${lineOf(text, 'lookedAfter: maybe')}; record 3 (${ref(2)}, line ${starts[2]}) has e as a string instead of a list on line ${lineOf(text, '  e: ')}; record 4 (${ref(3)}, line ${starts[3]}) is good.`);
}

// --- billion-laughs.yaml --------------------------------------------------------------------------------
{
  const levels = 'abcdefghij'.split('');
  const lines = ['# The classic "billion laughs" YAML alias bomb: 10 levels of 10, 10^9 strings if expanded.'];
  lines.push(`a: &a [${Array(10).fill('"lol"').join(', ')}]`);
  for (let i = 1; i < levels.length; i++) lines.push(`${levels[i]}: &${levels[i]} [${Array(10).fill(`*${levels[i - 1]}`).join(', ')}]`);
  writeFileSync(join(DIR, 'billion-laughs.yaml'), lines.join('\n') + '\n', 'utf8');
  notes.push(`\`billion-laughs.yaml\` (alias bomb): line 2 defines anchor &a (10 strings); lines 3-11 each define a list of 10 aliases to the anchor on the line before (*a ... *i), so j on line 11 expands to 10^9 strings; a loader must refuse it (alias limit), not expand it.`);
}

// --- binary.csv -------------------------------------------------------------------------------------------
{
  const bytes = Buffer.alloc(400);
  let s = hash32('binary.csv');
  for (let i = 0; i < bytes.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    bytes[i] = s >>> 24;
  }
  for (const i of [0, 7, 63, 128, 200, 255, 399]) bytes[i] = 0; // NULs, including the first byte
  writeFileSync(join(DIR, 'binary.csv'), bytes);
  const nuls = [...bytes].filter((b) => b === 0).length;
  notes.push(`\`binary.csv\` (not_text): 400 pseudo-random bytes with ${nuls} NUL bytes, the first at byte offset 0 (line 1); not text in any encoding.`);
}

// --- not-csv.xlsx -------------------------------------------------------------------------------------
rmSync(join(DIR, 'not-csv.xlsx'), { force: true }); // the source is read-only: copy the bytes, not the mode
writeFileSync(join(DIR, 'not-csv.xlsx'), readFileSync(XLSX_SOURCE));
notes.push('`not-csv.xlsx` (not_text): an Excel workbook (a ZIP file: it starts with the bytes `PK`) passed off as an export; line 1 is binary.');

const readme = `# Bad-input fixtures

Generated by \`node scripts/make-bad-fixtures.mjs\` (deterministic; do not edit by hand). Line numbers are
physical lines, 1-based: a line ends at LF, so a record whose quoted cells hold line breaks spans several
lines. Column numbers are 1-based. The CSV files use the headers of \`../example-export.csv\`
(mapping \`../example-export.map.yaml\`, as-of date ${AS_OF}) unless stated, with plans from
\`scripts/generate-export.mjs\` (seed "bad"). Issue codes are those of \`IssueCode\` in src/records/model.ts.

${notes.map((n) => `- ${n}`).join('\n')}

## Credits

- \`not-csv.xlsx\` is \`features/fixtures/spreadsheet.xlsx\` from csvlint.rb (github.com/Data-Liberation-Front/csvlint.rb),
  Copyright (c) 2014 The Open Data Institute, MIT License (copied from ../shared/external/csvlint-fixtures).
`;
writeFileSync(join(DIR, 'README.md'), readme, 'utf8');
console.error(`wrote ${notes.length} fixtures and README.md to ${DIR}`);
