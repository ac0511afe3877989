/**
 * The formatter registry: one line per output format. A formatter is a pure function of the
 * report (Spectral's shape); `useColor` matters only to terminal output.
 */
import type { AuditReport } from '../audit/report.js';
import { formatCsv } from './csv.js';
import { formatHtml } from './html.js';
import { formatJson } from './json.js';
import { formatMarkdown } from './markdown.js';
import { formatSampleJson, formatSampleList } from './sampleList.js';
import { formatTable } from './table.js';

export interface FormatContext {
  useColor: boolean;
}

export type Formatter = (report: AuditReport, ctx: FormatContext) => string;

export const REPORT_FORMATS: Record<string, Formatter> = {
  json: (r) => formatJson(r),
  table: (r, ctx) => formatTable(r, ctx),
  markdown: (r) => formatMarkdown(r),
  csv: (r) => formatCsv(r),
  html: (r) => formatHtml(r),
  'sample-list': (r) => formatSampleList(r),
  'sample-json': (r) => formatSampleJson(r),
};
