/** Markdown form of `ehcp-audit compare`, for board papers: the same content as the terminal report. */
import type { ComparisonReport } from '../compare/compare.js';
import { COMPARE_HEAD, COMPARE_TITLE, compareFacts, compareRow } from './compareTable.js';
import { mdTable, mdText } from './markdown.js';

export function formatCompareMarkdown(r: ComparisonReport): string {
  const out: string[] = [`# ${COMPARE_TITLE}`, '', mdTable(['Item', 'Value'], compareFacts(r))];
  if (r.warnings.length > 0) {
    out.push('', '## Warnings', '');
    for (const w of r.warnings) out.push(`- ${mdText(w)}`);
  }
  out.push('', '## Summary', '', mdText([r.summary.headline, ...r.summary.sentences].join(' ')));
  out.push('', '## Criteria', '', 'Rates are met / applicable; the change (current minus baseline) and its 95% confidence interval are in percentage points.', '', mdTable(COMPARE_HEAD, r.criteria.map((c) => compareRow(c, r.thresholds)), [false, false, true, true, true, false, false]));
  out.push('', '## Findings, criterion by criterion');
  for (const c of r.criteria) out.push('', mdText(c.paragraph));
  out.push('', `_${mdText(`${r.tool.name} ${r.tool.version}`)}_`);
  return `${out.join('\n')}\n`;
}
