/**
 * Markdown report (`-f markdown`): the terminal report's content as GitHub-flavoured Markdown, for
 * pasting into a board paper or an issue. Inside table cells `|` is escaped and line breaks become
 * <br>; everywhere, `\`, `<` and `>` are escaped so a plan reference or reason cannot turn into
 * markup. Every value also goes through displayText and ciSafeMarkup (util/safeText.ts), whether
 * the Markdown goes to stdout or to a file (a file is often `cat`ed into a terminal or a CI log):
 * controls and bidirectional characters are written as \xHH and \uXXXX, and a CI command's
 * colon or bracket as a character reference, which a renderer shows as the original text.
 */
import { rejectedNote, rejectedNotListed } from '../records/rejections.js';
import { isPlanListPartial } from '../audit/planStore.js';
import type { AuditReport } from '../audit/report.js';
import {
  rateCells,
  shareText,
  DASH,
  criteriaHeading,
  criterionCounts,
  detailRows,
  gradeNames,
  gradesSummary,
  sharesNote,
  groupedFindings,
  hasNames,
  headerFacts,
  idsWithRating,
  limitText,
  reasonsHeading,
  reportTitle,
  sampleFacts,
  scoreText,
  showDetails,
} from './table.js';
import { ciSafeMarkup, displayText } from '../util/safeText.js';
import { own } from '../util/ownRecord.js';

/**
 * Text from the export (a reference, a setting, a reason quoting plan text) as Markdown that reads
 * as the text and nothing else: every character that can start inline markup is backslash-escaped
 * (CommonMark lets any ASCII punctuation be escaped, and shows it as itself), so
 * `[click](https://...)` is not a link, `![x](...)` not an image fetched when the report is opened,
 * `*a*` not emphasis, `$x$` not GitHub math; `&` is written `&amp;`, so `&#x202E;` cannot become a
 * bidirectional override past displayText, nor `&lt;b&gt;` another reference; `<` and `>` as
 * character references (no raw HTML, no `<https://...>` autolink). A bare `https://...` may still
 * be shown as a link by GitHub's autolinking, which works on the text after escapes; its text is
 * then its destination. Backslashes are doubled first, so `\x1b` (displayText) reads the same
 * rendered and raw.
 */
function escapeInline(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[`*_[\]!~$@]/g, '\\$&');
}

/**
 * Escape text for Markdown prose (escapeInline); line breaks become spaces. A lone CR is a line
 * ending in CommonMark as much as LF and CRLF are, so it could start a heading too. Then the other
 * controls and bidirectional characters are shown.
 */
export function mdText(s: string): string {
  return ciSafeMarkup(displayText(escapeInline(s).replace(/\r\n|\r|\n/g, ' ')));
}

/** Escape text for a table cell: as mdText, plus `|`, and line breaks as <br>. */
export function mdCell(s: string): string {
  return ciSafeMarkup(
    displayText(
      escapeInline(s)
        .replace(/\|/g, '\\|')
        .replace(/\r\n|\r|\n/g, '<br>')
        .trim(),
    ),
  );
}

/** A GFM table; `right` marks numeric columns. Every row gets exactly head.length cells. */
export function mdTable(head: string[], rows: string[][], right: boolean[] = []): string {
  return [...mdTableLines(head, rows, right)].join('\n');
}

/** mdTable's lines one at a time (no column is padded, so a long table can be written as it is made). */
export function* mdTableLines(head: string[], rows: Iterable<string[]>, right: boolean[] = []): Generator<string> {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  yield line(head.map(mdCell));
  yield line(head.map((_, i) => (right[i] ? '---:' : '---')));
  for (const r of rows) yield line(head.map((_, i) => mdCell(r[i] ?? '') || ' '));
}

export function formatMarkdown(report: AuditReport): string {
  const out: string[] = [];
  const section = (title: string) => out.push('', `## ${mdText(title)}`, '');

  out.push(`# ${reportTitle(report)}`, '');
  out.push(mdTable(['Item', 'Value'], headerFacts(report)));

  const s = report.sample;
  if (s) {
    section('Sample');
    out.push(mdTable(['Item', 'Value'], sampleFacts(s)));
    if (s.strata.length) {
      out.push('', mdTable(['Stratum', 'Population', 'Allocated'], s.strata.map((x) => [x.key, String(x.population), String(x.allocated)]), [false, true, true]));
    }
    if (s.notes.length) out.push('', ...s.notes.map((n) => `- ${mdText(n)}`));
  }

  section('Key findings');
  if (report.findings.length === 0) out.push('No findings.');
  for (const g of groupedFindings(report)) {
    if (g.kind !== 'summary') out.push(`### ${g.label}`, '');
    out.push(...g.findings.map((f) => `- ${mdText(f.text)}`), '');
  }
  if (out[out.length - 1] === '') out.pop();

  section('Grades');
  const sm = report.summary;
  out.push(
    `${gradesSummary(sm)}.`,
    '',
  );
  out.push(mdTable(['Grade', 'Plans', 'Share'], sm.grades.map((g) => [g.grade, String(g.count), shareText(g.count, sm.plans)]), [false, true, true]));
  const note = sharesNote(sm);
  if (note) out.push('', `_${mdText(note)}_`);

  section('Criteria');
  out.push(`_${mdText(criteriaHeading(report))}._`, '');
  out.push(
    mdTable(
      ['Criterion', 'Title', 'Section', 'Severity', 'Met', 'Partly', 'Not met', 'N/A', 'Rate', '95% CI'],
      report.criteria.map((c) => [c.id, c.title, c.section, c.severity, ...criterionCounts(c), ...rateCells(c)]),
      [false, false, false, false, true, true, true, true, true, false],
    ),
  );

  section('Plans');
  const names = hasNames(report);
  if (isPlanListPartial(report)) out.push(`_${`The ${report.plans.length} lowest-scoring of the ${report.summary.plans} plans; the JSON and CSV reports list every plan.`}_`, '');
  if (report.plans.length === 0) out.push('No plans.');
  else {
    out.push(
      mdTable(
        ['Ref', ...(names ? ['Name'] : []), 'Grade', 'Score', 'Criteria not met', 'Limiting judgement'],
        report.plans.map((p) => [p.ref, ...(names ? [p.name ?? ''] : []), p.grade, scoreText(p.score), idsWithRating(p, 'not_met').join(', ') || DASH, limitText(p)]),
        [false, ...(names ? [false] : []), false, true, false, false],
      ),
    );
  }

  if (showDetails(report)) {
    section('Criteria not fully met, plan by plan');
    const rows = detailRows(report);
    if (rows.length === 0) out.push('Every applicable criterion was met in every plan.');
    else out.push(mdTable(['Ref', 'Criterion', 'Rating', reasonsHeading(rows)], rows.map((r) => [r.ref, r.criterion, r.rating, r.reasons || DASH])));
  }

  const grades = gradeNames(report);
  for (const b of report.breakdowns) {
    section(`By ${b.label.toLowerCase()}`);
    if (b.groups.length === 0) {
      out.push('No plans.');
      continue;
    }
    out.push(
      mdTable(
        [b.label, 'Plans', 'Mean score', ...grades],
        b.groups.map((g) => [g.key, String(g.plans), scoreText(g.meanScore), ...grades.map((n) => String(own(g.grades, n) ?? 0))]),
        [false, true, true, ...grades.map(() => true)],
      ),
    );
  }

  if (s && s.picks.length) {
    section('Sample picks');
    out.push(mdTable(['Ref', 'File:line', 'Stratum', 'Why picked'], s.picks.map((p) => [p.ref, `${p.file}:${p.line}`, p.stratum, p.reason])));
  }

  section(`Rejected records (${report.input.records.rejected})`);
  if (report.input.rejected.length === 0) out.push('None: every record read could be scored or was filtered out.');
  else {
    out.push(
      mdTable(
        ['File:line', 'Ref', 'Reasons'],
        report.input.rejected.map((r) => [`${r.file}:${r.line}`, r.ref ?? DASH, r.reasons.join('\n')]),
      ),
    );
    if (rejectedNotListed(report) > 0) out.push('', mdText(rejectedNote(report)));
  }

  out.push('', `_${mdText(`${report.tool.name} ${report.tool.version}`)}_`);
  return `${out.join('\n')}\n`;
}
