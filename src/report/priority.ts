/**
 * The review-priority list (`ehcp-audit priority`) in four formats: table (terminal), csv (Excel:
 * BOM, CRLF, formula-safe cells via csvCell), json (the PriorityReport as it is) and markdown.
 * Each is a pure function of the report. Plans are identified by reference; the child's name
 * appears only when the report carries names (--show-text). Reasons are joined with "; ". The
 * table's values reach the terminal through grid and factLines, which escape control and
 * bidirectional characters, and the whole table through textDocument (no line a CI runner runs);
 * the Markdown's through mdText and mdCell.
 */
import { inChunks } from './chunks.js';
import { Chalk } from 'chalk';
import { listsNames, priorityRows, type PriorityReport, type PriorityRow } from '../priority/rank.js';
import { FACTOR_IDS } from '../priority/factors.js';
import { ukDate } from '../records/dates.js';
import { BOM, CRLF, csvRow, ExcelWatch, type CsvValue } from './csvCell.js';
import { allRejected } from '../records/rejections.js';
import { prettyJsonChunks } from './prettyJson.js';
import type { PriorityFormat } from './formatNames.js';
import { mdTableLines, mdText } from './markdown.js';
import { textDocument } from '../util/safeText.js';
import { factLines, grid, namesShown, fitWidth } from './table.js';

export { PRIORITY_FORMATS, type PriorityFormat } from './formatNames.js';

export const REASON_SEPARATOR = '; ';

export function reasonsText(row: PriorityRow): string {
  return row.reasons.length > 0 ? row.reasons.join(REASON_SEPARATOR) : 'no priority factors';
}

/** A score as written: whole numbers without decimals, otherwise one decimal. */
export function pointsText(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}


export function priorityFacts(r: PriorityReport): [string, string][] {
  const rec = r.input.records;
  const meta = [r.input.format, r.input.encoding, r.input.mapping !== null ? `mapping ${r.input.mapping}` : null].filter((x): x is string => !!x).join(', ');
  const records = [`${rec.read} read`, `${rec.scored} ranked`, `${rec.rejected} rejected`, `${rec.filteredOut} filtered out`];
  if (rec.ceased > 0) records.push(`${rec.ceased} ceased (not ranked)`);
  const facts: [string, string][] = [
    ['Input file', meta ? `${r.input.file} (${meta})` : r.input.file],
    ['Records', records.join(', ')],
    ['Rubric', `${r.rubric.id} version ${r.rubric.version}: ${r.rubric.title}`],
    ['As of', ukDate(r.asOf)],
    ['Weights', r.weights.file ?? 'defaults (docs/priority.md)'],
  ];
  if (r.where.length > 0) facts.push(['Filter', r.where.join(' and ')]);
  facts.push(['Listed', r.top === 0 || r.rows.length === r.considered ? `all ${r.considered} plans` : `top ${r.rows.length} of ${r.considered} plans`]);
  facts.push(['Order', 'priority score (sum of factor points), then older final plan, then reference']);
  facts.push(['Names', namesShown(r.showText, 'list')]);
  return facts;
}

/** The table's header; `names`: listsNames(r), asked once per list (it may look through every row). */
function head(names: boolean): string[] {
  return ['Rank', 'Reference', ...(names ? ['Name'] : []), 'Priority', 'Grade', 'Reasons'];
}

function cells(names: boolean, row: PriorityRow): string[] {
  return [String(row.rank), row.ref, ...(names ? [row.name ?? ''] : []), pointsText(row.score), row.grade, reasonsText(row)];
}

export function formatPriorityTable(r: PriorityReport, ctx: { useColor: boolean; width?: number }): string {
  const c = new Chalk({ level: ctx.useColor ? 1 : 0 });
  const width = fitWidth(ctx.width);
  const out: string[] = [c.bold('EHC plan review priority'), ...factLines(priorityFacts(r), width), ''];
  if (r.rows.length === 0) out.push('  (no plans to rank)');
  else {
    const names = listsNames(r);
    const h = head(names);
    out.push(
      grid(c, h, Array.from(priorityRows(r), (row) => cells(names, row)), {
        right: h.map((x) => x === 'Rank' || x === 'Priority'),
        wrap: h.map((x) => x === 'Reasons' || x === 'Name'),
        width,
      }),
    );
  }
  if (r.input.records.rejected > 0) {
    out.push('', `${r.input.records.rejected} record${r.input.records.rejected === 1 ? ' was' : 's were'} rejected and not ranked: run 'ehcp-audit validate' to see why.`);
  }
  return textDocument(out);
}

export const PRIORITY_CSV_COLUMNS = ['rank', 'ref', 'file', 'line', 'priority_score', 'grade', 'plan_score', 'final_issued', 'reasons'] as const;
/** After the factors' columns: what every row was ranked against and when (the same on each row). */
export const PRIORITY_CSV_RUN_COLUMNS = ['rubric', 'rubric_version', 'as_of'] as const;

/**
 * One row per plan; then one column per factor with its points (0 when it gave none); then the
 * rubric, its version and the as-of date, so a row copied into another sheet still says what it
 * was ranked against and when. In chunks (chunks.ts), so a list of every plan (--top 0) streams
 * to disk rather than being built whole.
 */
export function priorityCsvChunks(r: PriorityReport, warn?: (message: string) => void): Generator<string> {
  return inChunks(priorityCsvLines(r, warn));
}

/** `warn` is told, after the last row, of references Excel would change when it opens the list (ExcelWatch). */
function* priorityCsvLines(r: PriorityReport, warn?: (message: string) => void): Generator<string> {
  const names = listsNames(r);
  const excel = new ExcelWatch('the CSV list');
  yield BOM + csvRow([...(names ? ['name'] : []), ...PRIORITY_CSV_COLUMNS, ...FACTOR_IDS, ...PRIORITY_CSV_RUN_COLUMNS]) + CRLF;
  const run = csvRow([r.rubric.id, r.rubric.version, r.asOf]);
  for (const row of priorityRows(r)) {
    excel.ref(row.ref);
    const pts = new Map(row.factors.map((f) => [f.id, f.points]));
    const cells: CsvValue[] = [
      ...(names ? [row.name ?? ''] : []),
      row.rank,
      row.ref,
      row.file,
      row.line,
      row.score,
      row.grade,
      row.planScore,
      row.finalIssued ?? '',
      row.reasons.join(REASON_SEPARATOR),
      ...FACTOR_IDS.map((id) => pts.get(id) ?? 0),
    ];
    yield `${csvRow(cells)},${run}${CRLF}`;
  }
  if (warn) for (const w of excel.warnings()) warn(w);
}

export function formatPriorityCsv(r: PriorityReport): string {
  return [...priorityCsvChunks(r)].join('');
}

/**
 * The report as it is, indented two spaces: the same bytes as `JSON.stringify(r, null, 2)` would
 * give with every rejection listed, made a row at a time in chunks of CHUNK_CHARS.
 */
export function priorityJsonChunks(r: PriorityReport): Generator<string> {
  return prettyJsonChunks(r, [
    { path: ['input', 'rejected'], items: allRejected(r) },
    { path: ['rows'], items: priorityRows(r) },
  ]);
}

export function formatPriorityJson(r: PriorityReport): string {
  return [...priorityJsonChunks(r)].join('');
}

export function formatPriorityMarkdown(r: PriorityReport): string {
  return [...priorityMarkdownChunks(r)].join('');
}

/** The Markdown list in chunks (chunks.ts): a table row at a time, so a list of every plan streams to disk. */
export function priorityMarkdownChunks(r: PriorityReport): Generator<string> {
  return inChunks(priorityMarkdownLines(r));
}

function* priorityMarkdownLines(r: PriorityReport): Generator<string> {
  yield '# EHC plan review priority\n\n';
  for (const [label, value] of priorityFacts(r)) yield `- **${label}:** ${mdText(value)}\n`;
  yield '\n';
  if (r.rows.length === 0) yield 'No plans to rank.\n';
  else {
    const names = listsNames(r);
    const h = head(names);
    const rows = (function* () {
      for (const row of priorityRows(r)) yield cells(names, row);
    })();
    for (const line of mdTableLines(h, rows, h.map((x) => x === 'Rank' || x === 'Priority'))) yield `${line}\n`;
  }
  if (r.input.records.rejected > 0) yield `\n${r.input.records.rejected} record(s) rejected and not ranked: run \`ehcp-audit validate\` to see why.\n`;
}

/** The list in `format`, in chunks where it can be long (json, csv, markdown): what `priority` writes. */
export function priorityChunks(format: PriorityFormat, r: PriorityReport, ctx: { useColor: boolean; width?: number; warn?: (message: string) => void }): string | Iterable<string> {
  if (format === 'json') return priorityJsonChunks(r);
  if (format === 'csv') return priorityCsvChunks(r, ctx.warn);
  if (format === 'markdown') return priorityMarkdownChunks(r);
  return formatPriority(format, r, ctx);
}

export function formatPriority(format: PriorityFormat, r: PriorityReport, ctx: { useColor: boolean; width?: number }): string {
  switch (format) {
    case 'table':
      return formatPriorityTable(r, ctx);
    case 'csv':
      return formatPriorityCsv(r);
    case 'json':
      return formatPriorityJson(r);
    case 'markdown':
      return formatPriorityMarkdown(r);
  }
}
