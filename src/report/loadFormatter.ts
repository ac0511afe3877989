/**
 * One report formatter, loaded on demand. REPORT_FORMATS (report/index.ts) imports every
 * formatter, and with them chalk, cli-table3 and the HTML and Markdown writers; a run that writes
 * only JSON needs none of that. Each entry loads the module REPORT_FORMATS takes that format
 * from and applies it the same way; test/report/formatNames.test.ts checks that both give the
 * same output.
 */
import type { ReportFormatName } from './formatNames.js';
import type { Formatter } from './index.js';

const LOADERS = {
  json: async () => {
    const { jsonChunks } = await import('./json.js');
    return (r) => jsonChunks(r);
  },
  table: async () => {
    const { formatTable } = await import('./table.js');
    return (r, ctx) => formatTable(r, ctx);
  },
  markdown: async () => {
    const { formatMarkdown } = await import('./markdown.js');
    return (r) => formatMarkdown(r);
  },
  csv: async () => {
    const { csvChunks } = await import('./csv.js');
    return (r, ctx) => csvChunks(r, ctx.warn);
  },
  html: async () => {
    const { formatHtml } = await import('./html.js');
    return (r) => formatHtml(r);
  },
  'sample-list': async () => {
    const { formatSampleList } = await import('./sampleList.js');
    return (r, ctx) => formatSampleList(r, ctx.width);
  },
  'sample-json': async () => {
    const { formatSampleJson } = await import('./sampleList.js');
    return (r) => formatSampleJson(r);
  },
  'sample-csv': async () => {
    const { formatSampleCsv } = await import('./sampleCsv.js');
    return (r, ctx) => formatSampleCsv(r, ctx.warn);
  },
  'sample-markdown': async () => {
    const { formatSampleMarkdown } = await import('./sampleMarkdown.js');
    return (r) => formatSampleMarkdown(r);
  },
} satisfies Record<ReportFormatName, () => Promise<Formatter>>;

/** The formatter registered under `name` in REPORT_FORMATS, or undefined for an unknown name. */
export async function loadFormatter(name: string): Promise<Formatter | undefined> {
  return Object.hasOwn(LOADERS, name) ? LOADERS[name as ReportFormatName]() : undefined;
}
