/**
 * `ehcp-audit moderate`: agreement between auditors who rated the same sampled plans on the
 * worksheet `sample --worksheet` writes, and between the tool and the auditors' consensus
 * (docs/moderation.md). Pure: parsed worksheets in, a ModerationReport and row problems out.
 *
 * Per criterion:
 * - plans rated, and rows not rated yet (blank rating cells: counted, never errors);
 * - percentage agreement: the share of plans, among those rated by two or more auditors, on which
 *   every auditor gave the same rating (not chance-corrected);
 * - Cohen's kappa when exactly two auditors rated the criterion (over the plans both rated);
 * - Fleiss' kappa when more than two did, generalised to a varying number of ratings per plan
 *   (Gwet 2014: an auditor may leave a plan blank), so that no plan rated by two or more auditors
 *   is left out;
 * - pooled over all criteria, whose plans may have been rated by different numbers of auditors
 *   (two on one criterion, three on another): the same kappa over every item;
 * - "needs clearer guidance" when kappa is below the --weak threshold;
 * - the tool's agreement with the auditors' consensus (the rating most auditors gave; a tie is no
 *   consensus), with Cohen's kappa between the two.
 * Plan x criterion items on which auditors disagree are listed for the moderation meeting.
 *
 * The four ratings (met, partly, not met, n/a) are nominal categories for kappa: n/a counts, since
 * whether a criterion applies is itself a judgement auditors can disagree on.
 */
import { win32 } from 'node:path';
import type { AuditReport } from '../audit/report.js';
import { cohenKappa, fleissVaryingFromRatings, percentAgreement } from '../audit/stats.js';
import { EXCEL_SCIENTIFIC } from '../records/mapping/compile.js';
import { needsFormulaGuard } from '../report/csvCell.js';
import type { Rating } from '../rubric/types.js';
import { own } from '../util/ownRecord.js';
import { closest } from '../util/strings.js';

export const MODERATION_SCHEMA_VERSION = 1;
export const TOOL_RATER = 'ehcp-audit';
export { DEFAULT_WEAK } from './defaults.js';

export const SCALE: readonly Rating[] = ['met', 'partly', 'not_met', 'na'];
export const SCALE_TEXT = 'met, partly, not met or n/a';
export const RATING_WORDS: Record<Rating, string> = { met: 'met', partly: 'partly met', not_met: 'not met', na: 'n/a' };

/**
 * A rating cell -> a rating; '' for blank (not rated yet); null when it is not on the scale.
 * Case-insensitive; spaces, underscores and dashes are interchangeable ("Not_Met", "partly met").
 */
export function parseRating(raw: string): Rating | '' | null {
  const s = raw.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
  if (s === '') return '';
  switch (s) {
    case 'met':
      return 'met';
    case 'partly':
    case 'partly met':
      return 'partly';
    case 'not met':
      return 'not_met';
    case 'n/a':
    case 'na':
    case 'not applicable':
      return 'na';
    default:
      return null;
  }
}

/**
 * Undo the formula-injection guard the worksheet writer adds (report/csvCell.ts): a cell written as
 * "'=EHCP-3" for the spreadsheet is the reference "=EHCP-3". The same test as the writer's, so
 * exactly the cells it guarded lose the apostrophe.
 */
export function unguard(cell: string): string {
  return cell.startsWith("'") && needsFormulaGuard(cell.slice(1)) ? cell.slice(1) : cell;
}

export interface SheetRow {
  /** Physical line in the file. */
  line: number;
  /** Cells by normalised column name (plan_ref, criterion, auditor, rating, comment...). */
  cells: Record<string, string>;
  /** Problems the CSV reader found in the row itself (unclosed quote...). */
  problems: string[];
}

export interface Sheet {
  file: string;
  /** Auditor for rows whose auditor cell is blank: the file name without extension. */
  defaultAuditor: string;
  rows: SheetRow[];
}

export interface RowProblem {
  file: string;
  line: number;
  message: string;
}

export const problemText = (p: RowProblem): string => `${p.file}:${p.line}: ${p.message}`;

const QUOTED_MAX = 40;

/** A worksheet cell quoted in a problem: its first line, cut to QUOTED_MAX characters ("'...'"). */
export function quoted(cell: string): string {
  const first = cell.split(/[\r\n]/, 1)[0]!;
  const cut = first.length > QUOTED_MAX ? `${first.slice(0, QUOTED_MAX - 3)}...` : first.length < cell.length ? `${first}...` : first;
  return `'${cut}'`;
}

export interface KnownCriterion {
  id: string;
  title: string;
}

export interface ModerateInput {
  sheets: Sheet[];
  /** The criterion ids worksheets may use (from --report, else the rubric), in display order. */
  criteria?: { source: string; list: KnownCriterion[] };
  /** The tool's report: its plans are the sample; its ratings are compared with the auditors' consensus (not a rater). */
  report?: { file: string; report: AuditReport };
  weak: number;
  tool: { name: string; version: string };
}

export interface KappaResult {
  /**
   * 'fleiss-varying': Fleiss' kappa generalised to plans with different numbers of ratings (Gwet
   * 2014); only the pooled "all criteria" figure uses it, when its items' numbers of ratings differ.
   */
  method: 'cohen' | 'fleiss' | 'fleiss-varying';
  value: number;
  observed: number;
  expected: number;
  /** Plans the kappa was computed over. */
  plans: number;
  /** Ratings per plan (2 for Cohen); for 'fleiss-varying' the fewest any plan used had. */
  ratingsPerPlan: number;
  /** The most ratings any plan used had: ratingsPerPlan except for 'fleiss-varying'. */
  maxRatingsPerPlan: number;
  /**
   * Plans left out: rated by one auditor only (Cohen, and the pooled Fleiss' kappa), or by a number
   * of auditors other than ratingsPerPlan (Fleiss per criterion).
   */
  excluded: number;
}

export interface Agreement {
  /** Plans (plan x criterion items) with at least one auditor's rating. */
  plans: number;
  /** Auditors who rated at least one of them. */
  raters: string[];
  /** Plans rated by two or more auditors. */
  compared: number;
  /** Of those, plans on which every auditor agreed. */
  agreeing: number;
  percentAgreement: number | null;
  kappa: KappaResult | null;
  /** kappa below the --weak threshold. */
  needsClearerGuidance: boolean;
  /** Plans with no majority rating among the auditors (a tie). */
  noConsensus: number;
  /** The tool against the auditors' consensus; null without --report. */
  tool: { plans: number; agreeing: number; rate: number | null; kappa: number | null } | null;
}

export interface CriterionAgreement extends Agreement {
  id: string;
  title: string;
  /** Worksheet rows for this criterion left blank (not rated yet). */
  notRated: number;
}

export interface ItemRating {
  rater: string;
  rating: Rating;
  comment: string;
  file: string;
  line: number;
}

export interface Disagreement {
  plan: string;
  criterion: string;
  ratings: ItemRating[];
  consensus: Rating | null;
  /** The tool's rating and reasons, with --report. */
  tool: { rating: Rating; reasons: string[] } | null;
}

export interface ModerationReport {
  schemaVersion: number;
  kind: 'moderation';
  tool: { name: string; version: string };
  files: string[];
  report: { file: string; kind: 'audit' | 'sample'; rubric: { id: string; version: string }; asOf: string; plans: number } | null;
  criteriaFrom: string | null;
  scale: string[];
  thresholds: { weak: number };
  raters: { name: string; files: string[]; rated: number; notRated: number }[];
  rows: { read: number; rated: number; notRated: number; skipped: number };
  /** Bad rows skipped under --lenient, as `file:line: problem`. */
  skipped: string[];
  criteria: CriterionAgreement[];
  /** Every criterion pooled. */
  overall: Agreement;
  /** Items the auditors disagree on: for the moderation meeting. */
  disagreements: Disagreement[];
  /** Items where the tool's rating differs from the auditors' consensus. */
  toolDisagreements: Disagreement[];
  notes: string[];
}

export interface ModerateResult {
  report: ModerationReport;
  /** Bad rows (unknown criterion, rating off the scale, plan not in the sample, duplicate...). */
  problems: RowProblem[];
  /** Whose rows a file's blank auditor cells were taken to be, where other rows name someone (also in the report's notes): for stderr. */
  auditorNotes: AuditorNote[];
}

export interface AuditorNote {
  /** The file names several auditors and leaves some rows blank: the blank rows may be misread. */
  warning: boolean;
  text: string;
}

interface Item {
  plan: string;
  criterion: string;
  /** Human ratings by rater key (lower-cased name). */
  ratings: Map<string, ItemRating>;
  order: number;
}

/** The rating most auditors gave, or null on a tie (or no ratings). */
export function consensusOf(ratings: readonly Rating[]): Rating | null {
  const counts = new Map<Rating, number>();
  for (const r of ratings) counts.set(r, (counts.get(r) ?? 0) + 1);
  let best: Rating | null = null;
  let bestN = 0;
  let tie = false;
  for (const [r, n] of counts) {
    if (n > bestN) {
      best = r;
      bestN = n;
      tie = false;
    } else if (n === bestN) tie = true;
  }
  return tie ? null : best;
}

const ratingsOf = (i: Item): Rating[] => [...i.ratings.values()].map((x) => x.rating);

function cohenFor(rated: Item[], [a, b]: [string, string]): KappaResult | null {
  const both = rated.filter((i) => i.ratings.has(a) && i.ratings.has(b));
  const r = cohenKappa(
    both.map((i) => i.ratings.get(a)!.rating),
    both.map((i) => i.ratings.get(b)!.rating),
  );
  if (!r) return null;
  return { method: 'cohen', value: r.kappa, observed: r.observed, expected: r.expected, plans: r.n, ratingsPerPlan: 2, maxRatingsPerPlan: 2, excluded: rated.length - both.length };
}

/**
 * Kappa over items (one criterion's, or every criterion's pooled): Cohen's for two auditors; for
 * more, Fleiss' kappa generalised to a varying number of ratings per item (equal to Fleiss' kappa
 * when the number does not vary) over every item rated two or more times. Items may vary: a
 * criterion three auditors rated where one left a plan blank; criteria rated by two and by three
 * pooled. Keeping only the most common number, as plain Fleiss' kappa must, would drop those
 * plans (or whole criteria from the pooled figure) though the percentage agreement counts them.
 */
function kappaOver(rated: Item[], raters: string[]): KappaResult | null {
  if (raters.length === 2) return cohenFor(rated, raters as [string, string]);
  if (raters.length > 2) {
    const used = rated.filter((i) => i.ratings.size >= 2);
    const r = fleissVaryingFromRatings(used.map(ratingsOf));
    if (!r) return null;
    return {
      method: r.minRatings === r.maxRatings ? 'fleiss' : 'fleiss-varying',
      value: r.kappa,
      observed: r.pBar,
      expected: r.pe,
      plans: r.n,
      ratingsPerPlan: r.minRatings,
      maxRatingsPerPlan: r.maxRatings,
      excluded: rated.length - used.length,
    };
  }
  return null;
}

function agreementOf(
  items: Item[],
  weak: number,
  toolRatings: Map<string, { rating: Rating; reasons: string[] }> | null,
  kappaOf: (rated: Item[], raters: string[]) => KappaResult | null,
): Agreement {
  const rated = items.filter((i) => i.ratings.size > 0);
  const raterKeys = [...new Set(rated.flatMap((i) => [...i.ratings.keys()]))];
  const raterNames = raterKeys.map((k) => rated.find((i) => i.ratings.has(k))!.ratings.get(k)!.rater);
  const lists = rated.map((i) => [...i.ratings.values()].map((x) => x.rating as string));
  const compared = lists.filter((l) => l.length >= 2);
  const pa = percentAgreement(lists);
  const kappa = kappaOf(rated, raterKeys);
  let noConsensus = 0;
  let tool: Agreement['tool'] = null;
  const toolList: string[] = [];
  const consList: string[] = [];
  for (const i of rated) {
    const cons = consensusOf([...i.ratings.values()].map((x) => x.rating));
    if (cons === null) {
      noConsensus++;
      continue;
    }
    const t = toolRatings?.get(key(i.plan, i.criterion));
    if (t) {
      toolList.push(t.rating);
      consList.push(cons);
    }
  }
  if (toolRatings) {
    const agreeing = toolList.filter((t, j) => t === consList[j]).length;
    const k = cohenKappa(toolList, consList);
    tool = { plans: toolList.length, agreeing, rate: toolList.length ? agreeing / toolList.length : null, kappa: k ? k.kappa : null };
  }
  return {
    plans: rated.length,
    raters: raterNames,
    compared: compared.length,
    agreeing: compared.filter((l) => l.every((r) => r === l[0])).length,
    percentAgreement: Number.isNaN(pa) ? null : pa,
    kappa,
    needsClearerGuidance: kappa !== null && kappa.value < weak,
    noConsensus,
    tool,
  };
}

const key = (plan: string, criterion: string): string => `${plan}\u0000${criterion}`;

const wasWere = (n: number): string => (n === 1 ? 'was' : 'were');

/**
 * The note on a kappa (`label`: a criterion's id, or "All criteria" with `unit` item): that it is
 * the generalised Fleiss' kappa, when it is, and how many plans or items it left out and why; null
 * when it is an ordinary kappa over every one rated twice or more.
 */
function kappaNote(label: string, k: KappaResult, unit: 'plan' | 'item', subject: string): string | null {
  const count = (n: number): string => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const out = k.excluded > 0 ? `; ${count(k.excluded)} rated by one auditor only ${wasWere(k.excluded)} left out (one rating cannot agree or disagree)` : '';
  if (k.method === 'fleiss-varying') {
    return `${label}: the ${count(k.plans)} rated by two or more auditors have ${k.ratingsPerPlan} to ${k.maxRatingsPerPlan} ratings each, so ${subject} is Fleiss' kappa generalised to a varying number of ratings per ${unit} (Gwet 2014), over all of them${out}.`;
  }
  if (k.excluded === 0) return null;
  return k.method === 'cohen'
    ? `${label}: Cohen's kappa is over the ${count(k.plans)} both auditors rated${out}.`
    : `${label}: Fleiss' kappa is over the ${count(k.plans)} rated by ${k.ratingsPerPlan} auditors${out}.`;
}

/** A row with neither plan nor criterion nor rating (a note, say): not a rating row. */
const isNoteRow = (row: SheetRow, cell: (name: string) => string): boolean => cell('plan_ref') === '' && cell('criterion') === '' && cell('rating') === '' && row.problems.length === 0;

const cellsOf =
  (row: SheetRow) =>
  (name: string): string =>
    unguard((own(row.cells, name) ?? '').trim());

const auditorKey = (name: string): string => name.replace(/\s+/g, ' ').toLowerCase();
const nRows = (n: number): string => `${n} row${n === 1 ? '' : 's'}`;

/**
 * Who rated the rows of `sheet` whose auditor cell is blank. By the documented rule, the file's
 * name; but when every name the file does give is one auditor's, theirs: "Ann Smith" typed on the
 * first row only is Ann Smith's file, not two raters (which also turned Cohen's kappa into Fleiss').
 * When the file names several auditors, the blank rows stay the file's name, with a warning.
 */
function blankAuditorOf(sheet: Sheet): { name: string; note: AuditorNote | null } {
  const named = new Map<string, { name: string; rows: number }>();
  let blank = 0;
  for (const row of sheet.rows) {
    const cell = cellsOf(row);
    if (isNoteRow(row, cell)) continue;
    const name = cell('auditor').replace(/\s+/g, ' ');
    if (name === '') blank++;
    else if (auditorKey(name) !== TOOL_RATER) {
      const k = auditorKey(name);
      const n = named.get(k) ?? { name, rows: 0 };
      n.rows++;
      named.set(k, n);
    }
  }
  const fallback = sheet.defaultAuditor;
  if (blank === 0 || named.size === 0) return { name: fallback, note: null };
  const names = [...named.values()];
  if (names.length === 1) {
    const only = names[0]!;
    if (auditorKey(only.name) === auditorKey(fallback)) return { name: fallback, note: null };
    return {
      name: only.name,
      note: { warning: false, text: `${sheet.file}: the auditor cell is blank on ${nRows(blank)} and names '${only.name}' on ${nRows(only.rows)}, so the blank rows are taken as ${only.name}'s.` },
    };
  }
  return {
    name: fallback,
    note: {
      warning: true,
      text: `${sheet.file}: the auditor cell is blank on ${nRows(blank)}, taken as '${fallback}' (the file's name), and names ${names.length} auditors on the others (${names.map((n) => `'${n.name}' on ${n.rows}`).join(', ')}); type the auditor's name on the blank rows if they are not ${fallback}'s.`,
    },
  };
}

/**
 * A criterion id as a worksheet gives it -> the known id: exactly, else ignoring case when one
 * known id matches so (column names and ratings ignore case too; 'a-child-views' is A-child-views);
 * else the problem, suggesting the nearest id. Any id is taken when none are known.
 */
function criterionMatcher(criteria: ModerateInput['criteria']): (written: string) => { id: string } | { problem: string } {
  if (!criteria) return (written) => ({ id: written });
  const ids = criteria.list.map((c) => c.id);
  const exact = new Set(ids);
  const byCase = new Map<string, string[]>();
  for (const id of ids) byCase.set(id.toLowerCase(), [...(byCase.get(id.toLowerCase()) ?? []), id]);
  return (written) => {
    if (exact.has(written)) return { id: written };
    const same = byCase.get(written.toLowerCase()) ?? [];
    if (same.length === 1) return { id: same[0]! };
    if (same.length > 1) return { problem: `criterion ${quoted(written)} is ${same.map(quoted).join(' or ')} but for case: write it exactly` };
    const guess = closest(written, ids);
    return { problem: `unknown criterion ${quoted(written)} (not in ${criteria.source})${guess ? `: did you mean ${quoted(guess)}?` : ''}` };
  };
}

/** What to do about references Excel changed when it opened a worksheet with a double-click. */
const EXCEL_FIX = 'copy the plan_ref cells back from the blank worksheet, and open worksheets in Excel with Data > From Text/CSV, setting the plan_ref column to Text';
const ZEROS = 'opening a CSV, it reads 00123 as the number 123';


/** A reference of digits: one Excel reads as a number. */
const DIGITS = /^\d+$/;

/**
 * What to do about references that do not fit their plans: Excel's doing when one is a number
 * (`refs`), else a reference typed or pasted wrong.
 */
function refFix(refs: readonly string[]): string {
  return refs.some((r) => DIGITS.test(r)) ? `Excel may have changed a reference (${ZEROS}); ${EXCEL_FIX}` : 'copy the plan_ref cells back from the blank worksheet';
}

function scientificRef(plan: string): string {
  return `plan_ref ${quoted(plan)} is a number in scientific notation, as Excel shows a reference of 12 digits or more, not a reference: the plan it was cannot be told; ${EXCEL_FIX}`;
}

/** The same export file: the same path, or the same name (one run may spell the path otherwise; win32's basename takes / and \\ alike). */
const sameFile = (a: string, b: string): boolean => a === b || win32.basename(a) === win32.basename(b);

/**
 * Rows whose plan_ref does not fit the plan their `file` and `line` cells place it at: a reference
 * Excel changed (00123 read as the number 123) names another plan, whose ratings it then became
 * without a word, or a duplicate that did not say why. With the report: a reference the report puts
 * on another line (a row that fits the report is never doubted). Among the worksheets, where a
 * reference of digits is concerned (worksheets of two exports of one name may put one plan on two
 * lines, and Excel changes only numbers): one place given two references, or one reference given
 * for two lines of one file. Rows without both cells are not checked (the columns are optional),
 * nor places in files named differently.
 */
function misplacedRefs(sheets: readonly Sheet[], report: ModerateInput['report']): Map<SheetRow, string> {
  interface Use {
    sheet: Sheet;
    row: SheetRow;
    ref: string;
    file: string;
    line: number;
  }
  const uses: Use[] = [];
  for (const sheet of sheets) {
    for (const row of sheet.rows) {
      if (row.problems.length > 0) continue;
      const cell = cellsOf(row);
      const ref = cell('plan_ref');
      const file = cell('file');
      const line = cell('line');
      if (ref === '' || file === '' || !/^\d{1,15}$/.test(line) || EXCEL_SCIENTIFIC.test(ref)) continue;
      uses.push({ sheet, row, ref, file, line: Number(line) });
    }
  }
  const out = new Map<SheetRow, string>();
  const fits = new Set<SheetRow>();
  const at = (u: Use, from: Use): string => (u.sheet === from.sheet ? `line ${u.row.line}` : `${u.sheet.file}:${u.row.line}`);
  if (report) {
    const plans = new Map(report.report.plans.map((p) => [p.ref, p] as const));
    for (const u of uses) {
      const p = plans.get(u.ref);
      if (!p || !sameFile(p.file, u.file)) continue;
      if (p.line === u.line) fits.add(u.row);
      else out.set(u.row, `plan ${quoted(u.ref)} is at ${p.file}:${p.line} in ${report.file}, but this row's file and line are ${u.file}:${u.line}, another plan's: ${refFix([u.ref])}`);
    }
  }
  const refsAt = new Map<string, Map<string, Use>>();
  const linesOf = new Map<string, Map<number, Use>>();
  for (const u of uses) {
    if (out.has(u.row)) continue;
    const place = `${u.file}\u0000${u.line}`;
    const refs = refsAt.get(place) ?? new Map<string, Use>();
    refsAt.set(place, refs);
    if (!refs.has(u.ref)) refs.set(u.ref, u);
    const refFile = `${u.ref}\u0000${u.file}`;
    const lines = linesOf.get(refFile) ?? new Map<number, Use>();
    linesOf.set(refFile, lines);
    if (!lines.has(u.line)) lines.set(u.line, u);
  }
  for (const u of uses) {
    if (out.has(u.row) || fits.has(u.row)) continue;
    const others = [...refsAt.get(`${u.file}\u0000${u.line}`)!.values()].filter((o) => o.ref !== u.ref);
    if (others.length > 0 && (DIGITS.test(u.ref) || others.some((o) => DIGITS.test(o.ref)))) {
      out.set(u.row, `the plan at ${u.file}:${u.line} is ${quoted(u.ref)} here but ${others.map((o) => `${quoted(o.ref)} at ${at(o, u)}`).join(' and ')}: ${refFix([u.ref, ...others.map((o) => o.ref)])}`);
      continue;
    }
    if (!DIGITS.test(u.ref)) continue;
    const elsewhere = [...linesOf.get(`${u.ref}\u0000${u.file}`)!.values()].filter((o) => o.line !== u.line);
    if (elsewhere.length > 0) {
      out.set(u.row, `plan_ref ${quoted(u.ref)} is given for the plan at ${u.file}:${u.line} here but for ${elsewhere.map((o) => `the one at ${o.file}:${o.line} at ${at(o, u)}`).join(' and ')}: ${refFix([u.ref])}`);
    }
  }
  return out;
}

/** The plan references the worksheets' rows name, as moderate reads them: what it needs of a report. */
export function worksheetPlans(sheets: readonly Sheet[]): Set<string> {
  const plans = new Set<string>();
  for (const sheet of sheets) for (const row of sheet.rows) plans.add(unguard((row.cells.plan_ref ?? '').trim()));
  return plans;
}

export function moderate(input: ModerateInput): ModerateResult {
  const problems: RowProblem[] = [];
  const known = input.criteria ? new Map(input.criteria.list.map((c) => [c.id, c] as const)) : null;
  const matchCriterion = criterionMatcher(input.criteria);
  const report = input.report?.report;
  const planOrder = report ? new Map(report.plans.map((p, i) => [p.ref, i] as const)) : null;
  const toolRatings = report ? new Map<string, { rating: Rating; reasons: string[] }>() : null;
  if (report) for (const p of report.plans) for (const r of p.results) toolRatings!.set(key(p.ref, r.criterion), { rating: r.rating, reasons: [...r.reasons] });

  const items = new Map<string, Item>();
  const seen = new Map<string, { file: string; line: number }>();
  const raters = new Map<string, { name: string; files: Set<string>; rated: number; notRated: number }>();
  const notRatedByCriterion = new Map<string, number>();
  const criterionOrder = new Map<string, number>();
  let read = 0;
  let rated = 0;
  let notRated = 0;
  let order = 0;
  const auditorNotes: AuditorNote[] = [];
  const misplaced = misplacedRefs(input.sheets, input.report);

  for (const sheet of input.sheets) {
    const blankAuditor = blankAuditorOf(sheet);
    if (blankAuditor.note) auditorNotes.push(blankAuditor.note);
    for (const row of sheet.rows) {
      const cell = cellsOf(row);
      if (isNoteRow(row, cell)) continue;
      const plan = cell('plan_ref');
      const written = cell('criterion');
      const matched = written === '' ? null : matchCriterion(written);
      const criterion = matched && 'id' in matched ? matched.id : written;
      const ratingRaw = cell('rating');
      read++;
      const auditor = cell('auditor').replace(/\s+/g, ' ') || blankAuditor.name;
      const rater = auditorKey(auditor);
      const rating = parseRating(ratingRaw);
      const bad: string[] = [...row.problems];
      // A row the CSV reader could not read holds cells that are not what the auditor wrote (an
      // unclosed quote's cell runs to the end of the file): its reading fault is the whole problem.
      if (bad.length === 0) {
        if (plan === '') bad.push('no plan_ref');
        if (criterion === '') bad.push('no criterion');
        else if (matched && 'problem' in matched) bad.push(matched.problem);
        if (EXCEL_SCIENTIFIC.test(plan) && !planOrder?.has(plan)) bad.push(scientificRef(plan));
        else if (plan !== '' && planOrder && !planOrder.has(plan)) {
          // All digits: a reference with leading zeros Excel dropped (00123 read as 123), maybe.
          bad.push(`plan ${quoted(plan)} is not in the sample (${input.report!.file})${DIGITS.test(plan) ? `: if its reference had leading zeros, Excel may have dropped them (${ZEROS}); ${EXCEL_FIX}` : ''}`);
        } else if (misplaced.has(row)) bad.push(misplaced.get(row)!);
        if (rating === null) bad.push(`rating ${quoted(ratingRaw)} is not on the scale: use ${SCALE_TEXT}, or leave it blank if not rated yet`);
        if (rater === TOOL_RATER) bad.push(`auditor name ${quoted(auditor)} is kept for the tool's own ratings; use another name`);
      }
      if (bad.length === 0) {
        const k = `${rater}\u0000${key(plan, criterion)}`;
        const prev = seen.get(k);
        if (prev) {
          bad.push(`duplicate: auditor ${quoted(auditor)} already rated plan ${quoted(plan)} on ${quoted(criterion)} at ${prev.file === sheet.file ? `line ${prev.line}` : `${prev.file}:${prev.line}`}`);
        } else seen.set(k, { file: sheet.file, line: row.line });
      }
      if (bad.length > 0) {
        problems.push({ file: sheet.file, line: row.line, message: bad.join('; ') });
        continue;
      }
      const who = raters.get(rater) ?? { name: auditor, files: new Set<string>(), rated: 0, notRated: 0 };
      raters.set(rater, who);
      who.files.add(sheet.file);
      if (!criterionOrder.has(criterion)) criterionOrder.set(criterion, criterionOrder.size);
      if (rating === '') {
        who.notRated++;
        notRated++;
        notRatedByCriterion.set(criterion, (notRatedByCriterion.get(criterion) ?? 0) + 1);
        continue;
      }
      who.rated++;
      rated++;
      const ik = key(plan, criterion);
      let item = items.get(ik);
      if (!item) {
        item = { plan, criterion, ratings: new Map(), order: order++ };
        items.set(ik, item);
      }
      item.ratings.set(rater, { rater: who.name, rating: rating as Rating, comment: cell('comment'), file: sheet.file, line: row.line });
    }
  }

  // Criteria in the rubric's (or report's) order, then any others in the order first seen.
  const knownOrder = new Map((input.criteria?.list ?? []).map((c, i) => [c.id, i] as const));
  const ids = [...criterionOrder.keys()].sort((a, b) => {
    const ka = knownOrder.get(a);
    const kb = knownOrder.get(b);
    if (ka !== undefined && kb !== undefined) return ka - kb;
    if (ka !== undefined) return -1;
    if (kb !== undefined) return 1;
    return criterionOrder.get(a)! - criterionOrder.get(b)!;
  });
  const allItems = [...items.values()];
  const planRank = (p: string) => planOrder?.get(p) ?? Number.POSITIVE_INFINITY;
  const byCriterion = (id: string) => allItems.filter((i) => i.criterion === id);

  const criteria: CriterionAgreement[] = ids.map((id) => ({
    id,
    title: known?.get(id)?.title ?? '',
    notRated: notRatedByCriterion.get(id) ?? 0,
    ...agreementOf(byCriterion(id), input.weak, toolRatings, kappaOver),
  }));

  const sortItems = (list: Item[]) =>
    [...list].sort((a, b) => ids.indexOf(a.criterion) - ids.indexOf(b.criterion) || planRank(a.plan) - planRank(b.plan) || a.order - b.order);
  const toDisagreement = (i: Item): Disagreement => {
    const ratings = [...i.ratings.values()];
    const t = toolRatings?.get(key(i.plan, i.criterion));
    return { plan: i.plan, criterion: i.criterion, ratings, consensus: consensusOf(ratings.map((r) => r.rating)), tool: t ? { rating: t.rating, reasons: t.reasons } : null };
  };
  const disagreements = sortItems(allItems.filter((i) => i.ratings.size >= 2 && new Set([...i.ratings.values()].map((r) => r.rating)).size > 1)).map(toDisagreement);
  const toolDisagreements = toolRatings
    ? sortItems(allItems)
        .map(toDisagreement)
        .filter((d) => d.tool !== null && d.consensus !== null && d.tool.rating !== d.consensus)
    : [];

  const overall = agreementOf(allItems, input.weak, toolRatings, kappaOver);
  const notes: string[] = auditorNotes.map((n) => n.text);
  if (raters.size < 2) notes.push('Only one auditor has rated plans so far: agreement between auditors needs at least two.');
  for (const c of criteria) {
    const note = c.kappa ? kappaNote(c.id, c.kappa, 'plan', 'its kappa') : null;
    if (note) notes.push(note);
  }
  const pooledNote = overall.kappa ? kappaNote('All criteria', overall.kappa, 'item', 'the pooled kappa') : null;
  if (pooledNote) notes.push(pooledNote);
  // The same rule for the pooled row as for each criterion's.
  const paradoxical = (a: Agreement) => a.needsClearerGuidance && a.percentAgreement !== null && a.percentAgreement >= 0.8;
  const paradox = criteria.filter(paradoxical).map((c) => c.id);
  if (paradoxical(overall)) paradox.push('all criteria pooled');
  if (paradox.length > 0) {
    notes.push(
      `${paradox.join(', ')}: kappa is low although the auditors agreed on at least 80% of plans. When nearly every plan gets the same rating, agreement by chance is high and kappa falls (Feinstein and Cicchetti 1990); read kappa together with the percentage agreement and the disagreements listed.`,
    );
  }
  if (notRated > 0) notes.push(`${notRated} worksheet row${notRated === 1 ? ' is' : 's are'} not rated yet (blank rating) and left out of every figure.`);

  const reportInfo = input.report
    ? { file: input.report.file, kind: input.report.report.kind, rubric: { id: input.report.report.rubric.id, version: input.report.report.rubric.version }, asOf: input.report.report.asOf, plans: input.report.report.summary.plans }
    : null;

  return {
    problems,
    auditorNotes,
    report: {
      schemaVersion: MODERATION_SCHEMA_VERSION,
      kind: 'moderation',
      tool: input.tool,
      files: input.sheets.map((s) => s.file),
      report: reportInfo,
      criteriaFrom: input.criteria?.source ?? null,
      scale: SCALE.map((r) => RATING_WORDS[r]),
      thresholds: { weak: input.weak },
      raters: [...raters.values()].map((r) => ({ name: r.name, files: [...r.files], rated: r.rated, notRated: r.notRated })),
      rows: { read, rated, notRated, skipped: problems.length },
      skipped: problems.map(problemText),
      criteria,
      overall,
      disagreements,
      toolDisagreements,
      notes,
    },
  };
}
