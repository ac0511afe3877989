/**
 * `sample --list-only`: the picks without the audit, for the auditors who will read the plans.
 *   sample-list: a header with everything needed to draw the same sample again (input, seed, size,
 *                population, strata with allocation, guaranteed groups, filters), then one row per
 *                pick: ref, file:line, stratum, why it was picked. Plain text, no colour; values
 *                from the export go through displayText (in grid and factLines, and the notes),
 *                and the whole list through textDocument (util/safeText.ts).
 *   sample-json: `{ schemaVersion, tool, kind: 'sample-list', input, rubric, asOf, sample }` from the report, nothing else
 *                (no scores; no names or plan text, unless --show-text let --strata use them).
 */
import { Chalk } from 'chalk';
import type { AuditReport } from '../audit/report.js';
import { ukDate } from '../records/dates.js';
import { displayText, textDocument } from '../util/safeText.js';
import { printsHiddenValues } from '../audit/where.js';
import { factLines, fitWidth, grid, headerFacts, sampleFacts, wrapText } from './table.js';

/** Plain text: a Chalk at level 0 writes no escape codes. */
const plain = new Chalk({ level: 0 });

/** `terminal`: the terminal's width, when the list is written to one (FormatContext.width). */
export function formatSampleList(report: AuditReport, terminal?: number): string {
  const width = fitWidth(terminal);
  const s = report.sample;
  if (!s) return 'This report is not a sample: use `ehcp-audit sample` to draw one.\n';
  // The header of the audit report minus the scoring facts, plus the sample's own. The list holds
  // no names unless --show-text let --strata, --where or --include use a name or plan text: then
  // (and only then) the header says it holds personal data.
  const shown = report.options.showText && printsHiddenValues(s.strataKeys, [...s.where, ...s.includeGroups.map((g) => g.name)]);
  const facts = headerFacts(report).filter(
    ([label]) => label !== 'Records' && label !== 'Grades' && (label !== 'Names and plan text' || shown),
  );
  const r = report.input.records;
  facts.splice(1, 0, ['Records', `${r.read} read, ${r.rejected} rejected, ${r.filteredOut} filtered out`]);
  const out: string[] = [`Audit sample: ${s.size} plans from ${s.population} (seed ${String(s.seed)}), as of ${ukDate(report.asOf)}`, ''];
  out.push(...factLines([...facts, ...sampleFacts(s)], width));
  out.push(...wrapText('To draw the same sample again, run `ehcp-audit sample` on the same export with the same seed, size, strata, groups and filters.', width).split('\n'));
  if (s.strata.length) {
    out.push(
      '',
      grid(plain, ['Stratum', 'Population', 'Allocated'], s.strata.map((x) => [x.key, String(x.population), String(x.allocated)]), {
        right: [false, true, true],
        wrap: [true, false, false],
        width,
      }),
    );
  }
  if (s.notes.length) {
    out.push('');
    for (const note of s.notes) out.push(...wrapText(displayText(note), width - 2).split('\n').map((l, i) => `${i === 0 ? '*' : ' '} ${l}`));
  }
  out.push('', `Picks (${s.picks.length}):`);
  out.push(
    grid(
      plain,
      ['#', 'Ref', 'File:line', 'Stratum', 'Why picked'],
      s.picks.map((p, i) => [String(i + 1), p.ref, `${p.file}:${p.line}`, p.stratum, p.reason]),
      { right: [true], wrap: [false, true, true, true, true], width },
    ),
  );
  return textDocument(out);
}

export function formatSampleJson(report: AuditReport): string {
  const { schemaVersion, tool, input, rubric, asOf, sample } = report;
  return `${JSON.stringify({ schemaVersion, tool, kind: 'sample-list', input, rubric, asOf, sample }, null, 2)}\n`;
}
