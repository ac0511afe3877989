/**
 * One plan's scorecard (`explain`): terminal text and JSON. In the text, values from the export
 * (reference, name, need, setting, district, reasons quoting plan text) go through displayText
 * and the whole card through textDocument (util/safeText.ts).
 */
import Table from 'cli-table3';
import { Chalk } from 'chalk';
import { ukDate } from '../records/dates.js';
import { formatNcYear, phaseOf, type LoadedRecord } from '../records/model.js';
import type { Rubric } from '../rubric/load.js';
import type { Scorecard } from '../rubric/score.js';
import { fillTemplate } from '../rubric/templates.js';
import { displayText as d, textDocument } from '../util/safeText.js';
import { rubricRecord } from '../audit/rubricRecord.js';
import { toolInfo } from '../util/toolInfo.js';
import { namesShown } from './table.js';

/** Bumped on any incompatible change to explain's JSON. */
export const EXPLAIN_SCHEMA_VERSION = 1;

export interface ScorecardInput {
  rubric: Rubric;
  /** How the export was read (PlanSource.info()), recorded in the JSON as other reports record it. */
  input: { path: string; format: string; encoding: string | null; delimiter: string | null; mapping: string | null };
  loaded: LoadedRecord;
  card: Scorecard;
  asOf: string;
  showText: boolean;
}

const LABEL: Record<string, string> = { met: 'met', partly: 'partly met', not_met: 'NOT MET', na: 'n/a' };

export function formatScorecard(x: ScorecardInput, color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const { rubric, loaded, card } = x;
  const rec = loaded.record;
  const paint = (rating: string, s: string) => (rating === 'met' ? c.green(s) : rating === 'partly' ? c.yellow(s) : rating === 'not_met' ? c.red(s) : c.dim(s));
  const lines: string[] = [];
  lines.push(c.bold(`Plan ${d(rec.ref)}${x.showText && rec.child.name ? ` (${d(rec.child.name)})` : ''}`) + `  ${d(`${loaded.pos.file}:${loaded.pos.line}`)}`);
  lines.push(d(`${formatNcYear(rec.child.ncYear)} (${phaseOf(rec.child.ncYear)}), primary need ${rec.needs.primary ?? 'not recorded'}, ${rec.setting.type ?? rec.setting.senSetting ?? 'setting not recorded'}${rec.child.district ? `, ${rec.child.district}` : ''}`));
  lines.push(`Rubric ${rubric.id} ${rubric.version}; as of ${ukDate(x.asOf)}`);
  lines.push(`Names and plan text: ${namesShown(x.showText, 'scorecard')}`);
  lines.push('');
  lines.push(c.bold(`Grade: ${card.grade}`) + `   score ${card.score ?? 'n/a'} / 100${card.limitedBy.length ? `   (score alone: ${card.scoreGrade}; limited by ${limitedByText(card)})` : ''}`);
  const t = new Table({ head: ['criterion', 'sec', 'severity', 'rating', 'why'], colWidths: [25, 9, 10, 12, 70], wordWrap: true, style: { head: [], border: [] } });
  card.results.forEach((r, i) => {
    const def = rubric.criteria[i]!.def;
    // Reasons quote the export; the rubric's own wording (message, title) is left as written.
    const reasons = d((x.showText && r.textReasons?.length ? r.textReasons : r.reasons).join('; '));
    // The rubric's own message, when it has one, frames the reasons ("... {reasons}.").
    const why = r.rating === 'met' || r.rating === 'na' ? (r.rating === 'na' ? reasons : '') : def.message ? fillMessage(def.message, def.title, reasons) : reasons;
    t.push([r.criterion, def.section, def.severity, paint(r.rating, LABEL[r.rating] ?? r.rating), why]);
  });
  lines.push(t.toString());
  const failing = card.results.map((r, i) => ({ r, def: rubric.criteria[i]!.def })).filter(({ r }) => r.rating === 'not_met' || r.rating === 'partly');
  // The heading only over something: a failing criterion may have no `help`.
  const help = failing.filter(({ def }) => def.help).map(({ def }) => `- ${def.id}: ${def.help!.trim()}`);
  if (help.length) lines.push('', c.bold('What good looks like:'), ...help);
  return textDocument(lines);
}

/** A criterion's `message` with {reasons} and {title} filled in. */
export function fillMessage(message: string, title: string, reasons: string): string {
  return fillTemplate(message, { reasons, title });
}

export function scorecardJson(x: ScorecardInput): string {
  const { rubric, loaded, card } = x;
  const def = (i: number) => rubric.criteria[i]!.def;
  const { path: file, ...how } = x.input;
  return `${JSON.stringify(
    {
      // Provenance first, as the other JSON reports record it (priority's input, audit's rubric).
      schemaVersion: EXPLAIN_SCHEMA_VERSION,
      tool: toolInfo(),
      kind: 'explain',
      input: { file, ...how },
      rubric: rubricRecord(rubric),
      asOf: x.asOf,
      showText: x.showText,
      ref: card.ref,
      ...(x.showText && loaded.record.child.name ? { name: loaded.record.child.name } : {}),
      file: loaded.pos.file,
      line: loaded.pos.line,
      score: card.score,
      grade: card.grade,
      scoreGrade: card.scoreGrade,
      limitedBy: card.limitedBy,
      results: card.results.map((r, i) => ({
        criterion: r.criterion,
        section: rubric.criteria[i]!.def.section,
        severity: rubric.criteria[i]!.def.severity,
        rating: r.rating,
        credit: r.credit ?? null,
        reasons: r.reasons,
        ...(def(i).message && (r.rating === 'not_met' || r.rating === 'partly') ? { message: fillMessage(def(i).message!, def(i).title, r.reasons.join('; ')) } : {}),
        ...(x.showText && r.textReasons ? { textReasons: r.textReasons } : {}),
      })),
    },
    null,
    2,
  )}\n`;
}

/**
 * The criteria that capped the grade, each with its rating: "review-in-date (not met)",
 * "A-child-views (partly met)". A limit may name any criterion, critical or not (QA: every cap
 * was called "critical criteria not met").
 */
function limitedByText(card: Scorecard): string {
  const rating = new Map(card.results.map((r) => [r.criterion, r.rating]));
  return card.limitedBy.map((id) => `${id} (${rating.get(id) === 'partly' ? 'partly met' : 'not met'})`).join(', ');
}
