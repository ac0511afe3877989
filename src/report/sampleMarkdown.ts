/**
 * `sample --list-only -f markdown`: the plain-text sample list (sampleList.ts) as a Markdown
 * document, under a heading and in a fenced block, so it renders as the same aligned list. The
 * fence is longer than any run of backticks in the list, so nothing from the export can close it.
 */
import type { AuditReport } from '../audit/report.js';
import { formatSampleList } from './sampleList.js';

export function formatSampleMarkdown(report: AuditReport): string {
  const list = formatSampleList(report).replace(/\n$/, '');
  const longest = Math.max(0, ...(list.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `# Audit sample\n\n${fence}text\n${list}\n${fence}\n`;
}
