/**
 * The formatter registry: one line per output format. A formatter is a pure function of the
 * report (Spectral's shape); `useColor` matters only to terminal output.
 */
import type { AuditReport } from '../audit/report.js';
import { csvChunks } from './csv.js';
import type { ReportFormatName } from './formatNames.js';
import { formatHtml } from './html.js';
import { jsonChunks } from './json.js';
import { formatMarkdown } from './markdown.js';
import { formatSampleCsv } from './sampleCsv.js';
import { formatSampleJson, formatSampleList } from './sampleList.js';
import { formatSampleMarkdown } from './sampleMarkdown.js';
import { formatTable } from './table.js';

export interface FormatContext {
  useColor: boolean;
  /**
   * Told of what the output holds that its reader would change without saying so (a CSV cell
   * longer than Excel holds, references Excel reads as numbers), once the output is written; the
   * command prints it on stderr.
   */
  warn?: (message: string) => void;
  /**
   * The terminal's width, when a terminal report is written to one (terminalWidth): the report is
   * fitted to it where it is narrower than TABLE_WIDTH (fitWidth). Undefined for a pipe or a file,
   * whose output is the same wherever it is run.
   */
  width?: number;
}

/**
 * A formatter returns the whole text, or chunks of it (JSON and CSV stream large audits); a
 * chunk may be UTF-8 bytes (the JSON report copies a large audit's spooled plans as they are),
 * good only until the next chunk is asked for: the spooled plans are read into one buffer.
 * Which plans it gets is its entry in REPORT_FORMAT_PLANS (formatNames.ts): `all`, read through
 * `allPlans(report)`; `lowest`, `report.plans`, which for a large audit holds only the
 * lowest-scoring (`isPlanListPartial`).
 */
export type Formatter = (report: AuditReport, ctx: FormatContext) => string | Iterable<string | Uint8Array>;

export const REPORT_FORMATS: Record<string, Formatter> = {
  json: (r) => jsonChunks(r),
  table: (r, ctx) => formatTable(r, ctx),
  markdown: (r) => formatMarkdown(r),
  csv: (r, ctx) => csvChunks(r, ctx.warn),
  html: (r) => formatHtml(r),
  'sample-list': (r, ctx) => formatSampleList(r, ctx.width),
  'sample-json': (r) => formatSampleJson(r),
  'sample-csv': (r, ctx) => formatSampleCsv(r, ctx.warn),
  'sample-markdown': (r) => formatSampleMarkdown(r),
} satisfies Record<ReportFormatName, Formatter>;

/** The whole text of a formatter's output (joins streamed chunks). */
export function asText(out: string | Iterable<string | Uint8Array>): string {
  if (typeof out === 'string') return out;
  const decoder = new TextDecoder();
  // Each chunk decoded as it comes (a byte chunk is not kept: see Formatter).
  const parts: string[] = [];
  for (const c of out) parts.push(typeof c === 'string' ? c : decoder.decode(c, { stream: true }));
  return parts.join('');
}
