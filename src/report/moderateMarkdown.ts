/** Markdown form of `ehcp-audit moderate`, for the moderation meeting's papers: the terminal report's content. */
import { capByCause } from '../compare/capList.js';
import type { ModerationReport } from '../compare/moderate.js';
import { mdTable, mdText } from './markdown.js';
import { CRITERIA_HEAD, MODERATE_TITLE, commentsText, criteriaRows, kappaMethodNote, moderateFacts, moderateSummary, rating, ratingsText } from './moderateTable.js';

export function formatModerateMarkdown(r: ModerationReport): string {
  const out: string[] = [`# ${MODERATE_TITLE}`, '', mdTable(['Item', 'Value'], moderateFacts(r))];
  out.push('', '## Summary', '', ...moderateSummary(r).map((s) => `- ${mdText(s)}`));
  out.push('', '## Agreement by criterion', '');
  out.push(r.criteria.length ? mdTable(CRITERIA_HEAD, criteriaRows(r), [false, true, true, true, false, false, false]) : '(no ratings yet)');
  const note = r.criteria.length ? kappaMethodNote(r) : null;
  if (note) out.push('', mdText(note));
  out.push('', `## For the moderation meeting: items the auditors disagree on (${r.disagreements.length})`, '');
  if (r.disagreements.length === 0) out.push('None.');
  else {
    out.push(
      mdTable(
        ['Plan', 'Criterion', 'Ratings', 'Consensus', ...(r.report ? ['Tool'] : []), 'Comments'],
        r.disagreements.map((d) => [d.plan, d.criterion, ratingsText(d), rating(d.consensus), ...(r.report ? [d.tool ? rating(d.tool.rating) : '—'] : []), commentsText(d) || '—']),
      ),
    );
  }
  if (r.report) {
    out.push('', `## The tool against the auditors' consensus: items that differ (${r.toolDisagreements.length})`, '');
    if (r.toolDisagreements.length === 0) out.push('None.');
    else {
      out.push(
        mdTable(
          ['Plan', 'Criterion', 'Consensus', 'Tool', "Tool's reasons"],
          r.toolDisagreements.map((d) => [d.plan, d.criterion, rating(d.consensus), d.tool ? rating(d.tool.rating) : '—', d.tool?.reasons.join('; ') || '—']),
        ),
      );
    }
  }
  if (r.notes.length > 0) out.push('', '## Notes', '', ...r.notes.map((n) => `- ${mdText(n)}`));
  if (r.skipped.length > 0) out.push('', `## Rows skipped (--lenient): ${r.skipped.length}`, '', ...capByCause(r.skipped).map((s) => `- ${mdText(s)}`));
  out.push('', `_${mdText(`${r.tool.name} ${r.tool.version}`)}_`);
  return `${out.join('\n')}\n`;
}
