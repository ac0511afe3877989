/**
 * Propose a column mapping from an export's header and a sample of its rows: the logic behind
 * `ehcp-audit init`. Pure (no I/O): header + rows in, a mapping file's text and its reasoning out.
 *
 * 1. Column names and per-field synonyms are normalised alike: camelCase split, lower case,
 *    punctuation to spaces, abbreviations expanded (DOB, CLA, NC, Sec, EHE, CYP, AR, EP...),
 *    filler words dropped, plurals singular.
 * 2. Each (column, target) pair is scored by soft Dice overlap of the tokens (a synonym wholly
 *    inside a longer column name scores at least 0.75), times penalties for words that point
 *    elsewhere ("next" review) and for sample values that do not fit the field (names in a date).
 * 3. Pairs are assigned greedily, best first, each column and each target at most once. Numbered
 *    columns (Outcome 1, Outcome 2...) are one candidate for list fields; Section K advice sources
 *    are targets alongside the record fields.
 * 4. The sample values then settle the options: date format per column (ISO, day-first,
 *    month-first or undecided), list separators, extra yes/no words.
 */
import { parse as parseYaml } from 'yaml';
import { ciSafeText, ciSafeYamlQuoted, displayText, holdsCiCommand } from '../../util/safeText.js';
import { codeLike, dateLike, quoted } from '../../util/strings.js';
import { parseDate, TIME, ukDate, type DateFormat } from '../dates.js';
import { ADVICE_SOURCES, parseNcYear, SEN_SETTINGS, type AdviceSource } from '../model.js';
import { normaliseSenType } from '../senCodes.js';
import { contactReferences, contactValues, isPersonalData, notReference, REF_PLACEHOLDER, splitWords } from './personalData.js';
import { DEFAULT_BOOLEANS, FIELD_KINDS, FIELD_PATHS, type FieldKind, type FieldPath } from './schema.js';
import { OUTCOME_AREA } from './toolPatterns.js';

/** At or above: written plainly. */
export const SURE = 0.8;
/** At or above (and below SURE): written with an `# unsure` comment. Below: left out. */
export const UNSURE = 0.55;

const DEFAULT_TRUE: readonly string[] = DEFAULT_BOOLEANS.true;
const DEFAULT_FALSE: readonly string[] = DEFAULT_BOOLEANS.false;
const UK_DEFAULT: DateFormat = 'dd/mm/yyyy';

/** A synonym; `cap` limits the score of weak ones (they are always "unsure"), `note` explains. */
type Syn = string | { text: string; cap: number; note?: string };

interface TargetSpec {
  syns: Syn[];
  /** Words in a column name that point to a different thing (a "Next Review Date" is not the last review). */
  avoid?: string[];
}

const SEC = (letter: string, ...more: Syn[]): Syn[] => [`section ${letter}`, `sec ${letter}`, ...more];

const FIELD_SYNONYMS: Record<FieldPath, TargetSpec> = {
  ref: {
    syns: [
      'plan ref', 'plan reference', 'plan id', 'plan number', 'ehcp ref', 'ehcp reference', 'ehcp number', 'ehcp id',
      'ehc plan number', 'ehc plan reference', 'ehc plan id', 'case reference', 'case ref', 'case number', 'reference',
      'reference number', 'plan', 'ehcp',
      { text: 'upn', cap: 0.7, note: 'no plan reference column: UPN used instead (it identifies the pupil, not the plan, and is personal data: treat it as sensitive)' },
      { text: 'unique pupil number', cap: 0.7, note: 'no plan reference column: UPN used instead (it identifies the pupil, not the plan, and is personal data: treat it as sensitive)' },
    ],
    avoid: ['school', 'setting', 'nhs', 'ni', 'urn', 'ukprn', 'unknown', 'reason'],
  },
  'child.id': {
    syns: ['child id', 'person id', 'pupil id', 'client id', 'child identifier', 'person identifier', 'child reference', 'child number', 'mosaic id', 'lcs id', 'system id', 'id', { text: 'upn', cap: 0.6 }],
    avoid: ['unknown', 'reason'],
  },
  'child.name': {
    syns: ['child name', 'name', 'full name', 'forename surname', 'surname forename', 'child full name', 'person name', 'pupil name', 'name child'],
    avoid: ['caseworker', 'worker', 'officer', 'school', 'setting', 'parent', 'carer', 'gp', 'coordinator', 'keyworker', 'author', 'signed', 'placement', 'establishment', 'provider', 'team'],
  },
  'child.dob': { syns: ['date of birth', 'dob', 'birth date', 'person birth date', 'child date of birth', 'birthdate'] },
  'child.ncYear': {
    syns: ['nc year', 'national curriculum year', 'year group', 'ncy', 'school year', 'current year group', 'nc year group', 'year'],
    avoid: ['academic', 'financial', 'census', 'birth', 'date'],
  },
  'child.district': {
    syns: ['district', 'area', 'locality', 'ward', 'patch', 'region', 'geographical area', 'area team', { text: 'team', cap: 0.75 }],
    avoid: ['need', 'needs'],
  },
  'child.lookedAfter': {
    syns: ['looked after', 'cla', 'lac', 'looked after child', 'child looked after', 'cla status', 'looked after status', 'child in care', 'children in care', 'cic', 'cic status', { text: 'care status', cap: 0.75 }],
    // Staff and services for looked-after children ("Child in Care Reviewing Officer", "CLA Team") are not the child's status.
    avoid: ['team', 'officer', 'worker', 'service', 'council', 'leaver', 'reviewing', 'iro', 'date', 'reason'],
  },
  'child.youthCustody': { syns: ['youth custody', 'custody', 'in custody', 'relevant youth accommodation', 'detained', 'youth justice custody'] },
  'child.electiveHomeEducation': { syns: ['elective home education', 'ehe', 'home educated', 'home education', 'electively home educated'] },
  'needs.primary': {
    syns: ['primary need', 'sen type', 'sentype', 'primary sen type', 'main need', 'primary sen need', 'primary area of need', 'area of need', 'need type', 'primary type of need', 'primary sen'],
    avoid: ['secondary', 'other', 'additional', 'rank'],
  },
  'needs.other': {
    syns: ['secondary need', 'other need', 'secondary sen type', 'additional need', 'other sen type', 'secondary sen need', 'secondary area of need', 'other sen need'],
    avoid: ['primary', 'social', 'health', 'rank'],
  },
  'setting.type': {
    syns: ['setting type', 'school type', 'placement type', 'type of setting', 'type of school', 'establishment type', 'provision type', 'type of placement'],
  },
  'setting.senSetting': { syns: ['sen setting', 'sen2 setting', 'sensetting', 'sen2 setting code', 'sen setting code'], avoid: ['other'] },
  'setting.name': {
    syns: ['setting name', 'school name', 'school', 'setting', 'current school', 'current setting', 'establishment name', 'establishment', 'provider name', 'education setting', 'placement name'],
    avoid: ['type', 'urn', 'ukprn', 'phase', 'sen', 'sen2', 'code', 'advice'],
  },
  'setting.urn': { syns: ['urn', 'school urn', 'setting urn', 'unique reference number', 'establishment urn', 'ukprn'] },
  'dates.request': {
    syns: ['request date', 'date of request', 'referral date', 'date of referral', 'received date', 'request received', 'date request received', 'assessment request date', 'request for assessment date', 'date requested', 'ehc needs assessment request',
      'referral received', 'date referral received', 'request received date'],
    avoid: ['outcome', 'decision', 'mediation', 'tribunal', 'review', 'advice'],
  },
  'dates.draftIssued': {
    syns: ['draft issued', 'draft issue date', 'date draft issued', 'draft plan date', 'draft date', 'draft plan issued', 'date of draft plan', 'draft sent'],
    avoid: ['final', 'due', 'target', 'deadline'],
  },
  'dates.finalIssued': {
    syns: ['final issued', 'final issue date', 'date final issued', 'date plan finalised', 'plan finalised', 'final plan date', 'date finalised', 'final plan issued', 'date of final plan', 'issue date', 'plan issue date', 'date issued',
      { text: 'start date', cap: 0.75, note: "a start date: in SEN2 (StartDate) it is the date the plan started; in other exports it may be a placement's start" },
    ],
    avoid: ['draft', 'due', 'target', 'deadline', 'review', 'next', 'placement', 'school', 'setting'],
  },
  'dates.lastReview': {
    syns: ['last annual review', 'last review', 'date of last annual review', 'last review date', 'annual review date', 'latest annual review', 'most recent annual review', 'last ar', 'date of last review', 'lastreview', 'review date', 'annual review'],
    avoid: ['next', 'due', 'planned', 'scheduled', 'target', 'deadline', 'outcome'],
  },
  'dates.ceased': {
    syns: ['ceased date', 'cease date', 'date ceased', 'ceasing date', 'plan ceased', 'closure date', 'date plan ceased', 'date closed', { text: 'end date', cap: 0.75 }],
    avoid: ['reason', 'placement', 'school', 'setting'],
  },
  'a.childViews': {
    syns: ['child views', 'views of the child', 'child young person views', 'pupil views', 'voice of the child', 'child voice', 'section a child views', 'yp views', 'cyp views'],
  },
  'a.parentViews': { syns: ['parent views', 'parent carer views', 'views of parents', 'parental views', 'family views', 'section a parent views'] },
  'a.aspirations': { syns: ['aspirations', 'child aspirations', 'future aspirations', 'hopes and aspirations', 'hopes', 'aspirations for the future'] },
  'a.howGathered': { syns: ['how views gathered', 'views gathered', 'how gathered', 'method of gathering views', 'how views obtained', 'how views were gathered'] },
  b: { syns: SEC('b', 'education needs', 'special educational needs', 'sen needs', 'educational needs', 'learning needs', 'section b needs', 'section b education needs'), avoid: ['advice'] },
  c: { syns: SEC('c', 'health needs', 'medical needs', 'section c health needs'), avoid: ['advice', 'provision'] },
  d: { syns: SEC('d', 'social care needs', 'care needs', 'section d social care needs'), avoid: ['advice', 'provision'] },
  e: {
    syns: SEC('e', 'outcomes', 'section e outcomes', 'ehcp outcomes', 'agreed outcomes', 'plan outcomes'),
    avoid: ['assessment', 'request', 'decision', 'date', 'reason', 'mediation', 'tribunal', 'review'],
  },
  f: {
    syns: SEC('f', 'provision', 'special educational provision', 'educational provision', 'sen provision', 'section f provision', 'education provision'),
    avoid: ['type', 'date', 'indicator', 'resourced', 'unit', 'health', 'social', 'care'],
  },
  g: { syns: SEC('g', 'health provision', 'section g health provision', 'medical provision'), avoid: ['date', 'type'] },
  h1: {
    syns: SEC('h1', 'social care provision csdpa', 'csdpa provision', 'h1 social care', 'csdpa', 'social care csdpa', 'section h1 social care csdpa', 'section h1 social care'),
    avoid: ['date', 'type'],
  },
  h2: {
    syns: SEC('h2', 'other social care provision', 'social care provision', 'social care other', 'section h2 social care other', 'section h2 social care'),
    avoid: ['date', 'type', 'csdpa'],
  },
  i: { syns: SEC('i', 'placement', 'named placement', 'named school', 'section i placement', 'placement named', 'name and type of school'), avoid: ['type', 'date', 'urn'] },
  j: { syns: SEC('j', 'personal budget', 'section j personal budget', 'personal budget details'), avoid: ['date'] },
  'qa.signedOffBy': {
    syns: ['qa signed off by', 'signed off by', 'qa officer', 'qa by', 'quality assured by', 'authorised by', 'approved by', 'signed by', 'qa signed by', 'quality assurance by'],
    avoid: ['date'],
  },
  'qa.signedOffDate': {
    syns: ['qa date', 'date signed off', 'signed off date', 'qa signed off date', 'quality assurance date', 'sign off date', 'authorised date', 'approved date', 'qa sign off date', 'date quality assured', 'qa completed', 'qa complete date', 'date qa completed', 'qa completed date'],
  },
};

const ADVICE_SYNONYMS: Record<AdviceSource, TargetSpec> = {
  education: { syns: ['education advice', 'educational advice', 'school advice', 'setting advice', 'education report', 'advice from school', 'education advice date'] },
  'educational psychology': {
    syns: ['ep advice', 'educational psychology advice', 'educational psychologist advice', 'psychology advice', 'ep report', 'educational psychology report', 'psychological advice', 'ep'],
  },
  health: { syns: ['health advice', 'medical advice', 'health report', 'nhs advice', 'health advice date'] },
  'social care': { syns: ['social care advice', 'social care report', 'social worker advice', 'care advice'] },
  parent: { syns: ['parent advice', 'parental advice', 'parent carer advice', 'parent contribution', 'family advice'] },
  child: { syns: ['child advice', 'child contribution', 'young person advice', 'cyp advice', 'yp advice', 'pupil advice'] },
  other: { syns: ['other advice', 'other report', 'additional advice'] },
};

// ---------------------------------------------------------------------------------------------
// Names -> tokens


const EXPAND: Record<string, string> = {
  dob: 'date birth',
  cla: 'looked after',
  lac: 'looked after',
  cic: 'looked after',
  lookedafter: 'looked after',
  nc: 'national curriculum',
  ncy: 'national curriculum year',
  sec: 'section',
  sect: 'section',
  ehe: 'elective home education',
  cyp: 'child',
  yp: 'child',
  pupil: 'child',
  ar: 'annual review',
  ep: 'educational psychology',
  psych: 'psychology',
  psychologist: 'psychology',
  psychological: 'psychology',
  ed: 'education',
  ref: 'reference',
  no: 'number',
  num: 'number',
  nbr: 'number',
  nr: 'number',
  yr: 'year',
  dt: 'date',
  ehc: 'ehcp',
  pb: 'personal budget',
  prov: 'provision',
  info: 'information',
  parental: 'parent',
  finalized: 'finalised',
};

const PHRASES: [RegExp, string][] = [
  [/\bd o b\b/g, 'dob'],
  // A child in care is looked after (the term many LAs use: "Child in Care", "CiC", split "ci c").
  [/\bchild(?:ren)? in care\b|\bci c\b/g, 'looked after'],
  [/\bchild(?:ren)? (?:and |or )?young (?:person|people)\b/g, 'child'],
  [/\bcyp\b/g, 'child'],
  [/\byoung (?:person|people)\b/g, 'child'],
  [/\bchildren\b/g, 'child'],
  [/\bparents? (?:and |or )?carers?\b/g, 'parent'],
  [/\bsen 2\b/g, 'sen2'],
];

const STOP = new Set(['of', 'the', 'and', 'or', 'for', 'to', 'in', 'on', 'at', 'with', 'is', 'was', 'were', 'are', 'be', 'from']);
const SECTION_LETTERS = new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'h1', 'h2', 'i', 'j', 'k']);


function singular(t: string): string {
  if (t.length >= 5 && t.endsWith('ies')) return `${t.slice(0, -3)}y`;
  if (t.length >= 4 && t.endsWith('s') && !/(?:ss|us|is)$/.test(t)) return t.slice(0, -1);
  return t;
}

/** Normalised tokens of a column name or synonym. */
export function normaliseName(name: string): string[] {
  let s = ` ${splitWords(name)} `;
  for (const [re, to] of PHRASES) s = s.replace(re, to);
  const raw = s.trim().split(/\s+/).filter((t) => t !== '');
  const expanded: string[] = [];
  // Own entries only: a header word such as 'constructor' must not find Object.prototype's.
  for (const t of raw) expanded.push(...(Object.hasOwn(EXPAND, t) ? EXPAND[t]! : t).split(' '));
  const out: string[] = [];
  expanded.forEach((t, i) => {
    if (STOP.has(t)) return;
    if (t === 's') {
      // "S B Needs" -> section b; a stray "s" (from "Child's") is dropped.
      const next = expanded[i + 1];
      if (next !== undefined && SECTION_LETTERS.has(next)) out.push('section');
      return;
    }
    out.push(singular(t));
  });
  return out;
}

interface Prepared {
  tokens: string[];
  compact: string;
}

function prepare(name: string): Prepared {
  return { tokens: normaliseName(name), compact: name.toLowerCase().replace(/[^a-z0-9]/g, '') };
}

function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

function tokenMatch(a: string, b: string): number {
  if (a === b) return 1;
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  if (s.length >= 5 && (l.startsWith(s) || oneEditApart(a, b))) return 0.8;
  return 0;
}

/** Soft Dice overlap of two token lists; a synonym wholly inside the column name scores at least 0.75. */
export function similarity(column: string, synonym: string): number {
  return similarityOf(prepare(column), prepare(synonym));
}

function similarityOf(col: Prepared, syn: Prepared): number {
  if (col.compact !== '' && col.compact === syn.compact) return 1;
  if (col.tokens.length === 0 || syn.tokens.length === 0) return 0;
  const used = new Set<number>();
  let sum = 0;
  let exact = 0;
  for (const t of syn.tokens) {
    let best = 0;
    let at = -1;
    col.tokens.forEach((c, i) => {
      if (used.has(i)) return;
      const m = tokenMatch(t, c);
      if (m > best) {
        best = m;
        at = i;
      }
    });
    if (at >= 0) {
      used.add(at);
      sum += best;
      if (best === 1) exact++;
    }
  }
  const dice = (2 * sum) / (col.tokens.length + syn.tokens.length);
  if (syn.tokens.length >= 2 && exact === syn.tokens.length) return Math.max(dice, 0.75 + 0.25 * dice);
  return dice;
}

// ---------------------------------------------------------------------------------------------
// Sample values

// The date reader's own time pattern: a value init takes for a date is one the reader accepts.
const YMD = new RegExp(String.raw`^(\d{4})([/.-])(\d{1,2})\2(\d{1,2})${TIME}$`);
const DMY = new RegExp(String.raw`^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})${TIME}$`);

export type DateEvidence = 'iso' | 'day-first' | 'month-first' | 'conflict' | 'ambiguous' | 'serial' | 'none';

export interface DateGuess {
  /** The format the values decide, when they decide one. */
  format?: DateFormat;
  evidence: DateEvidence;
  /** A deciding example for month-first / day-first / conflict. */
  example?: string;
  counts: { iso: number; dayFirst: number; monthFirst: number; ambiguous: number; other: number; serial: number };
  /** Sample values that are not dates in any format. */
  notDates: string[];
}

/**
 * Decide a date column's format from its sample values: all year-first -> yyyy-mm-dd (or
 * yyyy/mm/dd); a first part above 12 anywhere -> dd/mm/yyyy; a second part above 12 anywhere ->
 * mm/dd/yyyy; only spreadsheet date serial numbers (5 digits, 1927 to 2119) -> excel-serial;
 * nothing deciding -> no format (`ambiguous`, or `none` with no numeric dates at all).
 */
export function guessDateFormat(values: readonly string[]): DateGuess {
  const counts = { iso: 0, dayFirst: 0, monthFirst: 0, ambiguous: 0, other: 0, serial: 0 };
  const serials: string[] = [];
  let slashIso = 0;
  let dayEx: string | undefined;
  let monthEx: string | undefined;
  const notDates: string[] = [];
  for (const raw of values) {
    const v = raw.trim();
    if (v === '') continue;
    let m = YMD.exec(v);
    if (m) {
      counts.iso++;
      if (m[2] !== '-') slashIso++;
      continue;
    }
    m = DMY.exec(v);
    if (m) {
      const a = Number(m[1]);
      const b = Number(m[3]);
      if (a > 12 && b <= 12) {
        counts.dayFirst++;
        dayEx ??= v;
      } else if (b > 12 && a <= 12) {
        counts.monthFirst++;
        monthEx ??= v;
      } else if (a <= 12 && b <= 12) counts.ambiguous++;
      else notDates.push(v);
      continue;
    }
    if (parseDate(v, UK_DEFAULT).ok) counts.other++;
    else if (DATE_SERIAL.test(v)) {
      counts.serial++;
      serials.push(v);
    } else notDates.push(v);
  }
  // Serial numbers are dates only in a column of nothing else (bar ISO, which every format reads).
  if (counts.serial > 0 && counts.dayFirst + counts.monthFirst + counts.ambiguous + counts.other === 0) {
    return { counts, notDates, evidence: 'serial', format: 'excel-serial', example: serials[0] };
  }
  notDates.push(...serials);
  const base = { counts, notDates };
  if (counts.dayFirst > 0 && counts.monthFirst > 0) {
    const dayWins = counts.dayFirst >= counts.monthFirst;
    return { ...base, evidence: 'conflict', format: dayWins ? 'dd/mm/yyyy' : 'mm/dd/yyyy', example: dayWins ? monthEx : dayEx };
  }
  if (counts.dayFirst > 0) return { ...base, evidence: 'day-first', format: 'dd/mm/yyyy', example: dayEx };
  if (counts.monthFirst > 0) return { ...base, evidence: 'month-first', format: 'mm/dd/yyyy', example: monthEx };
  if (counts.ambiguous > 0) return { ...base, evidence: 'ambiguous' };
  if (counts.iso > 0) return { ...base, evidence: 'iso', format: slashIso > counts.iso / 2 ? 'yyyy/mm/dd' : 'yyyy-mm-dd' };
  return { ...base, evidence: 'none' };
}

/**
 * The separator of a list held in one cell: newlines (the default) if any value has one; else
 * `;`; else `|`; for secondary needs also `,` when every part is an SEN type.
 */
export function guessSeparator(values: readonly string[], field?: FieldPath): string {
  const filled = values.filter((v) => v.trim() !== '');
  if (filled.some((v) => /[\r\n]/.test(v.trim()))) return 'newline';
  if (filled.some((v) => v.includes(';'))) return ';';
  if (filled.some((v) => v.includes('|'))) return '|';
  if (field === 'needs.other' && filled.some((v) => v.includes(',')) && filled.every((v) => v.split(',').every((p) => p.trim() === '' || normaliseSenType(p) !== undefined))) {
    return ',';
  }
  return 'newline';
}

export interface BooleanGuess {
  /** Words not in the defaults that read as true / false. */
  true: string[];
  false: string[];
  /** Words whose meaning could not be told. */
  undecided: string[];
  /**
   * Distinct values that are not yes/no words at all (free text, a name, a number): never sorted,
   * nor quoted in the mapping (a yes/no column's free text names people: "Yes - with foster carers
   * Mr and Mrs Patel"). Left out of booleans:, records holding them are rejected, each at its line.
   */
  unread: number;
}

const NEGATIVE = /\b(?:not|no|non|none|never|false|n|nil|without|unticked)\b/;
/**
 * "Not known", "N/A", "Not recorded": not a no. Sorted as false, a looked-after child recorded as
 * "Not known" would read as not looked after; left undecided, the mapping asks the LA to choose.
 */
const UNKNOWN = /^(?:not known|unknown|n a|na|not applicable|not recorded|not stated|not given|tbc|to be confirmed|don t know|dk|prefer not to say)$/;
const POSITIVE = new Set(['y', 'yes', 'true', 'ticked', 'tick', 'x', 'checked', 'received', 'provided', 'present', 'done', 'current', 'active', 'on']);
/** Words that make a yes/no word a different state ("Previously looked after" is not looked after now): undecided. */
const QUALIFIERS = new Set(['previously', 'previous', 'formerly', 'former', 'ex', 'was', 'past', 'pending', 'awaiting', 'until', 'ended', 'ceased', 'historic', 'historical', 'planned', 'proposed', 'partly', 'partial', 'sometimes', 'maybe', 'possibly', 'unsure']);
/** Every word a yes/no value may hold besides its field's own: the words above, and a few fillers. */
const YES_NO_VOCABULARY: ReadonlySet<string> = new Set([
  ...POSITIVE, ...QUALIFIERS,
  'not', 'no', 'non', 'none', 'never', 'false', 'n', 'nil', 'without', 'unticked', 'longer',
  'known', 'unknown', 'a', 'na', 'applicable', 'recorded', 'stated', 'given', 'tbc', 'to', 'be', 'confirmed', 'don', 't', 'know', 'dk', 'prefer', 'say',
  'is', 'the', 'currently', 'yet', 'status', '\u2713', '\u2714',
  // A legal status after the word: 'Yes (S20)', 'Looked after (S31)', 'Yes - Section 20', 'Looked After by another LA'.
  'section', 's', 'by', 'another', 'other', 'la', 'cic', 'care', 'order', 'interim',
]);
/** Legal-status codes that may follow a yes/no word (S20, s.31, 38): never a name. */
const STATUS_CODE = /^(?:s?\d{1,3})$/;
/** A yes/no value is a few words: at most this many, and characters. */
const YES_NO_WORDS = 5;
const YES_NO_LENGTH = 32;

/**
 * Sort the distinct values of yes/no columns: default words are skipped; "not known" and the like
 * are left undecided; a value with a negative word is false; one with a positive word or a word of
 * the field's own name ("Looked after") is true, unless a qualifier changes it ("Previously looked
 * after": undecided). Only values of a few words (YES_NO_WORDS, YES_NO_LENGTH), each a yes/no word,
 * a word of the field's name or a legal status ('Yes (S20)', 'Looked after (S31)': looked after,
 * and looked-after children are a priority and a guaranteed sample group), are sorted at all: anything else is free text, a name or a
 * number, counted as `unread` and never written into the mapping (QA: free text with a carer's
 * name and address was added to booleans: true and read as yes).
 */
export function guessBooleans(values: readonly string[], fieldWords: readonly string[] = []): BooleanGuess {
  const known = new Set([...DEFAULT_TRUE, ...DEFAULT_FALSE]);
  const seen = new Set<string>();
  const out: BooleanGuess = { true: [], false: [], undecided: [], unread: 0 };
  const own = new Set(fieldWords);
  for (const raw of values) {
    const v = raw.trim();
    const low = v.toLowerCase();
    if (v === '' || known.has(low) || seen.has(low)) continue;
    seen.add(low);
    const words = low.replace(/[^a-z0-9\u2713\u2714]+/g, ' ').trim(); // ✓ ✔ (escaped: mapping/compile.ts BULLET)
    const list = words === '' ? [] : words.split(' ');
    // Each word a yes/no word, or one of the field's name (as names are read: "CLA" is looked after).
    const wordLike = v.length <= YES_NO_LENGTH && list.length > 0 && list.length <= YES_NO_WORDS && list.every((w) => YES_NO_VOCABULARY.has(w) || STATUS_CODE.test(w) || normaliseName(w).every((t) => own.has(t)));
    if (!wordLike) {
      out.unread++;
      continue;
    }
    const toks = normaliseName(v);
    if (UNKNOWN.test(words) || list.some((w) => QUALIFIERS.has(w))) out.undecided.push(v);
    else if (NEGATIVE.test(words)) out.false.push(v);
    else if (v === '\u2713' || v === '\u2714' || list.some((w) => POSITIVE.has(w)) || toks.some((t) => own.has(t))) out.true.push(v);
    else out.undecided.push(v);
  }
  return out;
}

function fraction(values: readonly string[], ok: (v: string) => boolean): number | undefined {
  const filled = values.map((v) => v.trim()).filter((v) => v !== '');
  if (filled.length === 0) return undefined;
  return filled.filter(ok).length / filled.length;
}

/**
 * What the values of a date column that are not dates look like, by kind, with an example of each
 * when `quote` allows (not of a personal column's: a date of birth is not printed in a mapping):
 * "2 with a 2-digit year, e.g. '3/4/23'; 1 other text, e.g. 'Not known'". The example is a value
 * that looks like a code and an attempt at a date (codeLike, dateLike: what validate's reason for
 * it quotes too); free text ('sent to Mrs Brown') is never one: the mapping is shared and kept.
 */
export function describeNotDates(values: readonly string[], quote: boolean): string {
  const kinds: { what: string; test: (v: string) => boolean }[] = [
    { what: 'with a 2-digit year', test: (v) => /^\d{1,2}([/.-])\d{1,2}\1\d{2}(?:[ T].*)?$/.test(v) },
    { what: 'other numbers', test: (v) => /^[\d\s/.:-]+$/.test(v) },
    { what: 'other text', test: () => true },
  ];
  const kindOf = (v: string): number => kinds.findIndex((k) => k.test(v));
  return kinds
    .map((k, i) => {
      const vs = values.filter((v) => kindOf(v) === i);
      if (vs.length === 0) return '';
      const v = quote ? vs.find((x) => codeLike(x) && dateLike(x)) : undefined;
      const example = v !== undefined ? `, e.g. '${v.length > 30 ? `${v.slice(0, 27)}...` : v}'` : quote ? ', not quoted: it may name someone' : '';
      return `${vs.length} ${k.what}${example}`;
    })
    .filter((x) => x !== '')
    .join('; ');
}

/** Is this the column of a personal field (the child's name, id, date of birth) or one personalData.ts flags? Its values are not quoted. */
function personalColumn(field: FieldPath | undefined, column: string): boolean {
  return (field !== undefined && PERSONAL_FIELDS.has(field)) || isPersonalData(column);
}

const PERSONAL_FIELDS: ReadonlySet<string> = new Set(['child.dob', 'child.name', 'child.id']);

function serialAsUkDate(v: string): string {
  const p = parseDate(v, 'excel-serial');
  return p.ok ? ukDate(p.iso) : v;
}

/** A spreadsheet's date serial number of a plausible date: 10000 (1927) to 79999 (2119). */
const DATE_SERIAL = /^[1-7]\d{4}(?:\.\d+)?$/;

function looksLikeDate(v: string): boolean {
  return parseDate(v, 'dd/mm/yyyy').ok || parseDate(v, 'mm/dd/yyyy').ok || parseDate(v, 'yyyy/mm/dd').ok || DATE_SERIAL.test(v.trim());
}

/** A multiplier for how well sample values fit a field's kind (1 when they fit or there are none). */
function valueFit(kind: FieldKind, values: readonly string[]): number {
  switch (kind) {
    case 'date': {
      const f = fraction(values, looksLikeDate);
      return f === undefined || f >= 0.5 ? 1 : 0.5;
    }
    case 'boolean': {
      const distinct = new Set(values.map((v) => v.trim().toLowerCase()).filter((v) => v !== ''));
      return distinct.size <= 6 ? 1 : 0.5;
    }
    case 'ncYear': {
      const f = fraction(values, (v) => parseNcYear(v) !== undefined);
      return f === undefined || f >= 0.5 ? 1 : 0.5;
    }
    case 'senType': {
      const f = fraction(values, (v) => normaliseSenType(v) !== undefined);
      return f === undefined || f >= 0.5 ? 1 : 0.85;
    }
    case 'senSetting': {
      const f = fraction(values, (v) => (SEN_SETTINGS as readonly string[]).includes(v.toUpperCase()));
      return f === undefined || f >= 0.5 ? 1 : 0.85;
    }
    default:
      return 1;
  }
}

// ---------------------------------------------------------------------------------------------
// Matching

interface Candidate {
  /** The column name, or the numbered-column template ("Outcome {n}"). */
  label: string;
  prepared: Prepared;
  cols: number[];
  numbered: boolean;
}

interface Target {
  id: string;
  field?: FieldPath;
  source?: AdviceSource;
  kind: FieldKind | 'advice';
  syns: { prep: Prepared; cap: number; note?: string }[];
  avoid: Set<string>;
  order: number;
}

const ADVICE_WORDS = new Set(['advice', 'report', 'contribution', 'information', 'evidence']);

const LIST_KINDS: ReadonlySet<FieldKind | 'advice'> = new Set<FieldKind | 'advice'>(['needs', 'outcomes', 'provision', 'senTypeList']);

/** Numbered columns: "Outcome 1", "Outcome 2", ... -> one candidate "Outcome {n}" (needs 1 and 2). */
export function numberedGroups(header: readonly string[]): { template: string; base: string; cols: number[] }[] {
  const groups = new Map<string, Map<number, number>>();
  header.forEach((name, i) => {
    const m = /^(.*?)(\d{1,3})(\D*)$/.exec(name);
    if (!m) return;
    const [, pre, digits, post] = m as unknown as [string, string, string, string];
    if (pre !== '' && /[A-Za-z0-9]$/.test(pre)) return;
    if (post !== '' && /^[A-Za-z0-9]/.test(post)) return;
    if (pre.trim() === '' && post.trim() === '') return;
    const template = `${pre}{n}${post}`;
    const byN = groups.get(template) ?? new Map<number, number>();
    const n = Number(digits);
    if (!byN.has(n)) byN.set(n, i);
    groups.set(template, byN);
  });
  const out: { template: string; base: string; cols: number[] }[] = [];
  for (const [template, byN] of groups) {
    const cols: number[] = [];
    for (let n = 1; byN.has(n); n++) cols.push(byN.get(n)!);
    if (cols.length < 2) continue;
    const base = template.replace('{n}', ' ').replace(/[\s_#-]+/g, ' ').trim();
    out.push({ template, base, cols });
  }
  return out.sort((a, b) => a.cols[0]! - b.cols[0]!);
}

function buildTargets(): Target[] {
  const targets: Target[] = [];
  const prepSyns = (spec: TargetSpec, extra: string[]) =>
    [...spec.syns, ...extra].map((s) => (typeof s === 'string' ? { prep: prepare(s), cap: 1 } : { prep: prepare(s.text), cap: s.cap, ...(s.note ? { note: s.note } : {}) }));
  for (const field of FIELD_PATHS) {
    const spec = FIELD_SYNONYMS[field];
    // A column named after the record path itself ("child.dob") matches too.
    const extra = field.includes('.') ? [field] : [];
    targets.push({ id: field, field, kind: FIELD_KINDS[field], syns: prepSyns(spec, extra), avoid: new Set((spec.avoid ?? []).flatMap(normaliseName)), order: targets.length });
  }
  for (const source of ADVICE_SOURCES) {
    const spec = ADVICE_SYNONYMS[source];
    targets.push({ id: `k:${source}`, source, kind: 'advice', syns: prepSyns(spec, []), avoid: new Set((spec.avoid ?? []).flatMap(normaliseName)), order: targets.length });
  }
  return targets;
}

const TARGETS = buildTargets();

interface Scored {
  score: number;
  note?: string;
}

function scorePair(t: Target, c: Candidate, values: readonly string[]): Scored {
  if (c.numbered && !LIST_KINDS.has(t.kind)) return { score: 0 };
  let best: Scored = { score: 0 };
  for (const s of t.syns) {
    const v = similarityOf(c.prepared, s.prep);
    const capped = Math.min(v, s.cap);
    if (capped > best.score) best = { score: capped, ...(s.note && capped > 0 ? { note: s.note } : {}) };
  }
  if (best.score === 0) return best;
  if (c.prepared.tokens.some((tok) => t.avoid.has(tok))) best.score *= 0.3;
  if (t.kind !== 'advice' && !c.numbered) {
    const named = best.score;
    best.score *= valueFit(t.kind, values);
    // A column its name clearly makes a date field ("Request Date") is that field even when few of
    // its sampled values read as dates (d/m/yy years, "Not known"): left out, every timeliness
    // criterion was "not applicable" for every plan and validate said OK. Mapped as unsure, its
    // records with such values are rejected, each at its line with the reason.
    if (t.kind === 'date' && named >= SURE) best.score = Math.max(best.score, UNSURE);
  }
  // Advice columns say so: "Social Worker" is not social care advice, "EP Date" might be.
  if (t.kind === 'advice' && !c.prepared.tokens.some((tok) => ADVICE_WORDS.has(tok))) best.score *= 0.6;
  return best;
}

// ---------------------------------------------------------------------------------------------
// Result

export interface Choice {
  /** The column, or the numbered-column template. */
  column: string;
  numbered: boolean;
  score: number;
  /** Written with an `# unsure` comment (middling score or an undecided option). */
  unsure: boolean;
  /** Comment lines written above the entry. */
  notes: string[];
  /** Per-column date format, when it differs from the file's `dates:`. */
  format?: DateFormat;
  /** List separator, when not the file's `list_separator`. */
  split?: string;
  pattern?: string;
}

export interface AdviceChoice extends Choice {
  source: AdviceSource;
  /** A date column, or a presence column (yes/no or any text). */
  as: 'date' | 'present';
}

export interface Inference {
  fields: Partial<Record<FieldPath, Choice>>;
  k: AdviceChoice[];
  dates: DateFormat;
  booleans: { true: string[]; false: string[] };
  /** Yes/no words seen that could not be sorted. */
  undecidedBooleans: string[];
  unmatchedFields: FieldPath[];
  unusedColumns: string[];
  /** Unmapped columns that hold personal data an audit does not need: written to `ignore:`, so never read. */
  personalColumns: string[];
  summary: { matched: number; unsure: number; unmatched: number };
  /** The mapping file's text. */
  text: string;
}

export interface InferOptions {
  /** The export's file name, for the header comment. */
  file: string;
  /** The export's path as given, for the "then run" hint (default: file). */
  exportPath?: string;
  /** Where the mapping will be written, for the "then run" hint (default: FILE.map.yaml; - for stdout). */
  out?: string;
  /** Rows sampled (default: rows.length). */
  sampled?: number;
}

function pct(x: number): number {
  return Math.round(Math.min(1, x) * 100);
}

/** Propose a mapping for an export with this header and these sample rows. */
export function inferMapping(header: readonly string[], rows: readonly (readonly string[])[], opts: InferOptions): Inference {
  const valuesOf = (cols: readonly number[]): string[] => {
    const out: string[] = [];
    for (const r of rows) for (const c of cols) out.push(r[c] ?? '');
    return out;
  };

  const candidates: Candidate[] = header.map((name, i) => ({ label: name, prepared: prepare(name), cols: [i], numbered: false }));
  for (const g of numberedGroups(header)) candidates.push({ label: g.template, prepared: prepare(g.base), cols: g.cols, numbered: true });
  const candValues = candidates.map((c) => valuesOf(c.cols));

  const pairs: { t: Target; c: Candidate; ci: number; s: Scored }[] = [];
  for (const t of TARGETS) {
    candidates.forEach((c, ci) => {
      const s = scorePair(t, c, candValues[ci]!);
      if (s.score >= UNSURE) pairs.push({ t, c, ci, s });
    });
  }
  pairs.sort((a, b) => b.s.score - a.s.score || a.t.order - b.t.order || a.c.cols[0]! - b.c.cols[0]! || Number(a.c.numbered) - Number(b.c.numbered));

  const usedCols = new Set<number>();
  const assigned = new Map<string, { c: Candidate; ci: number; s: Scored }>();
  for (const p of pairs) {
    if (assigned.has(p.t.id) || p.c.cols.some((i) => usedCols.has(i))) continue;
    assigned.set(p.t.id, { c: p.c, ci: p.ci, s: p.s });
    for (const i of p.c.cols) usedCols.add(i);
  }

  const fields: Partial<Record<FieldPath, Choice>> = {};
  const k: AdviceChoice[] = [];
  const make = (a: { c: Candidate; s: Scored }): Choice => ({
    column: a.c.label,
    numbered: a.c.numbered,
    score: a.s.score,
    unsure: a.s.score < SURE,
    notes: a.s.note ? [a.s.note] : [],
  });

  for (const t of TARGETS) {
    const a = assigned.get(t.id);
    if (!a) continue;
    if (t.field) fields[t.field] = make(a);
    else if (t.source) {
      const values = candValues[a.ci]!;
      const f = fraction(values, looksLikeDate);
      const as = a.c.prepared.tokens.includes('date') || (f !== undefined && f >= 0.5) ? 'date' : 'present';
      k.push({ ...make(a), source: t.source, as });
    }
  }

  // A plan reference is unique: a column matched by its name whose sampled values repeat
  // (total_ehc_plans in a statistics table) is not one, and is left for the guess below.
  // Nor is one named as personal data ('EHCP Comments' by its word 'ehcp'): readMapping refuses it.
  const byName = fields.ref;
  let repeated: string | undefined;
  if (byName && !byName.numbered) {
    const at = header.indexOf(byName.column);
    const vs = at >= 0 ? valuesOf([at]).map((v) => v.trim()).filter((v) => v !== '') : [];
    const distinct = new Set(vs).size;
    // Its values may say so when its name does not (validate refuses such a ref: load.ts refuseContactReference).
    // A column named as the reference is passed over only for contact details as they are written.
    const personal = notReference(byName.column) ?? contactReferences(vs, true)?.kind;
    if (distinct < vs.length || personal) {
      repeated = personal
        ? `the column '${byName.column}' looked like the plan reference by its name, but ${notReference(byName.column) ? 'its name says it holds' : 'its values look like'} ${personal}, which every report would print as the reference`
        : `the column '${byName.column}' looked like the plan reference by its name, but its values repeat (${distinct} different in ${vs.length} sampled rows)`;
      delete fields.ref;
      usedCols.delete(at);
    }
  }

  // Every mapping needs a plan reference: guess a column with unique, filled values if none matched,
  // but never one that names or contacts a person (a forename, a phone number: unique enough, and
  // then printed in every report and CI annotation that identifies plans by reference), by its
  // name or by any of its values (a phone number, postcode or email address under another name:
  // 'Contact', 'Post'). With no such column, the mapping names a placeholder, which validate and
  // audit refuse as a column the export lacks, pointing at this line.
  if (!fields.ref && header.length > 0) {
    const pick = header.findIndex((name, i) => {
      if (usedCols.has(i) || !canBeReference(name)) return false;
      const vs = valuesOf([i]).map((v) => v.trim());
      return vs.length > 0 && vs.every((v) => v !== '') && new Set(vs).size === vs.length && contactValues(vs).count === 0;
    });
    if (pick >= 0) usedCols.add(pick);
    fields.ref = {
      column: pick >= 0 ? header[pick]! : REF_PLACEHOLDER,
      numbered: false,
      score: 0,
      unsure: true,
      notes: [
        ...(repeated ? [repeated] : []),
        pick >= 0
          ? 'no plan reference column recognised: this one is a guess (every record needs a reference, unique in the export)'
          : 'no plan reference column recognised, nor one that could be (unique and filled in every row, not a name, date of birth or contact detail): write the column that identifies each plan here',
      ],
    };
  }

  // Dates: each date column's evidence, then the file default by majority, then per-column formats.
  const dateCols: { choice: Choice; guess: DateGuess; field?: FieldPath }[] = [];
  for (const path of FIELD_PATHS) {
    const ch = fields[path];
    if (ch && FIELD_KINDS[path] === 'date') dateCols.push({ choice: ch, guess: guessDateFormat(valuesOf(colsOf(header, ch, candidates))), field: path });
  }
  for (const ch of k) if (ch.as === 'date') dateCols.push({ choice: ch, guess: guessDateFormat(valuesOf(colsOf(header, ch, candidates))) });
  const decided = new Map<DateFormat, number>();
  for (const d of dateCols) if (d.guess.format) decided.set(d.guess.format, (decided.get(d.guess.format) ?? 0) + 1);
  // Columns the values do not decide follow the other numeric day/month columns, else the UK default.
  const dm = decided.get('dd/mm/yyyy') ?? 0;
  const md = decided.get('mm/dd/yyyy') ?? 0;
  const numericMajority: DateFormat | undefined = dm === 0 && md === 0 ? undefined : md > dm ? 'mm/dd/yyyy' : 'dd/mm/yyyy';
  // The file default: the format most date columns are read with (undecided ones included).
  const votes = new Map(decided);
  for (const d of dateCols) {
    if (d.guess.evidence === 'ambiguous') {
      const f = numericMajority ?? UK_DEFAULT;
      votes.set(f, (votes.get(f) ?? 0) + 1);
    }
  }
  const preference: DateFormat[] = ['dd/mm/yyyy', 'yyyy-mm-dd', 'mm/dd/yyyy', 'yyyy/mm/dd', 'dd-mm-yyyy', 'dd.mm.yyyy', 'excel-serial'];
  let dates: DateFormat = UK_DEFAULT;
  let bestVotes = 0;
  for (const f of preference) {
    const n = votes.get(f) ?? 0;
    if (n > bestVotes) {
      dates = f;
      bestVotes = n;
    }
  }
  for (const { choice, guess, field } of dateCols) {
    let eff: DateFormat;
    // A personal column's values (a date of birth) are never quoted in the mapping's comments.
    const quote = !personalColumn(field, choice.column);
    const c = guess.counts;
    switch (guess.evidence) {
      case 'iso':
      case 'day-first':
        eff = guess.format!;
        break;
      case 'serial':
        eff = 'excel-serial';
        choice.notes.push(`date serial numbers${quote ? ` ('${guess.example}' is ${serialAsUkDate(guess.example!)})` : ''}: the column was a number in the spreadsheet, so it is read as excel-serial`);
        break;
      case 'month-first':
        eff = 'mm/dd/yyyy';
        choice.notes.push(`month-first dates: ${quote ? `'${guess.example}' has` : 'a value has'} a second part above 12, so this column is read as mm/dd/yyyy`);
        break;
      case 'conflict':
        eff = guess.format!;
        choice.unsure = true;
        choice.notes.push(`unsure: the values disagree: ${c.dayFirst} look day-first, ${c.monthFirst} month-first${quote ? ` (e.g. '${guess.example}')` : ''}; ${eff} assumed`);
        break;
      case 'ambiguous':
        eff = numericMajority ?? UK_DEFAULT;
        choice.unsure = true;
        choice.notes.push(
          numericMajority && numericMajority !== UK_DEFAULT
            ? `unsure: no value here decides day-first or month-first; ${eff} assumed, like the other date columns`
            : `unsure: no value here decides day-first or month-first; ${eff} assumed`,
        );
        break;
      case 'none':
        eff = dates;
        if (c.other === 0 && guess.notDates.length === 0 && rows.length > 0) {
          // With no date anywhere in the sample (in no date column), the format is a plain
          // assumption: say so as unsure. (An undecided column elsewhere is marked unsure itself.)
          if (dateCols.every((d) => d.guess.evidence === 'none')) {
            choice.unsure = true;
            // Other date columns may hold values that are not dates (d/m/yy): "no dates in any" is
            // true of them, but they are not empty.
            const others = dateCols.some((d) => d.guess.notDates.length > 0) ? 'and none of the values in the other date columns reads as a date' : 'nor in any other date column';
            choice.notes.push(`unsure: no dates in the sample rows, ${others}; ${dates} assumed`);
          } else choice.notes.push(`no dates in the sample rows; ${dates} assumed`);
        }
        break;
    }
    if (guess.notDates.length > 0) {
      // Serial numbers are among the values that are not dates unless they decided the column.
      const filled = c.iso + c.dayFirst + c.monthFirst + c.ambiguous + c.other + guess.notDates.length + (guess.evidence === 'serial' ? c.serial : 0);
      const n = guess.notDates.length;
      choice.notes.push(`${n} of ${filled} sampled value${filled > 1 ? 's' : ''} ${n > 1 ? 'are' : 'is'} not a date (${describeNotDates(guess.notDates, quote)}): records with such values are rejected, each at its line`);
    }
    if (eff !== dates) choice.format = eff;
  }

  // Lists held in one cell: the separator; outcomes tagged "[Area] ..." get a pattern.
  for (const path of FIELD_PATHS) {
    const ch = fields[path];
    const kind = FIELD_KINDS[path];
    if (!ch || !LIST_KINDS.has(kind)) continue;
    const values = valuesOf(colsOf(header, ch, candidates));
    // Numbered columns (Outcome 1, Outcome 2, ...) hold one item each: no separator to find, but
    // their outcomes may still be tagged with their area.
    const sep = ch.numbered ? 'newline' : guessSeparator(values, path);
    if (sep !== 'newline') ch.split = sep;
    if (path === 'e') {
      const items = (ch.numbered ? values : values.flatMap((v) => (sep === 'newline' ? v.split(/\r\n|\r|\n/) : v.split(sep)))).map((x) => x.trim()).filter((x) => x !== '');
      const re = new RegExp(OUTCOME_AREA, 's');
      if (items.length > 0 && items.filter((x) => re.test(x)).length / items.length >= 0.5) {
        ch.pattern = OUTCOME_AREA;
        ch.notes.push('outcomes start with their area in brackets ("[Employment] ..."): the pattern reads it');
      }
    }
  }

  // SEN codes written as names the loader does not know.
  for (const path of ['needs.primary', 'setting.senSetting'] as const) {
    const ch = fields[path];
    if (!ch) continue;
    const values = valuesOf(colsOf(header, ch, candidates)).map((v) => v.trim()).filter((v) => v !== '');
    const bad = [...new Set(values.filter((v) => (path === 'needs.primary' ? normaliseSenType(v) === undefined : !(SEN_SETTINGS as readonly string[]).includes(v.toUpperCase()))))];
    if (bad.length > 0) {
      ch.unsure = true;
      // Quoted only when validate's reason quotes them too (codeLike): free text may name someone.
      const shown = bad.filter((v) => codeLike(v)).slice(0, 3).map((v) => quoted(v));
      const hidden = bad.filter((v) => !codeLike(v)).length;
      const listed = [...(shown.length > 0 ? [shown.join(', ')] : []), ...(hidden > 0 ? [`${hidden}${shown.length > 0 ? ' other' : ''} not quoted: text that may name someone`] : [])].join('; ');
      ch.notes.push(`unsure: ${bad.length} sample value${bad.length > 1 ? 's are' : ' is'} not an SEN2 code (${listed}): add values: { "their word": CODE }`);
    }
  }

  // Yes/no words beyond the defaults.
  const boolTrue: string[] = [];
  const boolFalse: string[] = [];
  const undecided: string[] = [];
  const addUnique = (list: string[], v: string) => {
    if (!list.some((x) => x.toLowerCase() === v.toLowerCase())) list.push(v);
  };
  for (const t of TARGETS) {
    const ch = t.field ? fields[t.field] : k.find((x) => x.source === t.source);
    if (!ch) continue;
    const presence = t.source !== undefined && (ch as AdviceChoice).as === 'present';
    if (t.kind !== 'boolean' && !presence) continue;
    const words = [...new Set(t.syns.flatMap((s) => s.prep.tokens))];
    const g = guessBooleans(valuesOf(colsOf(header, ch, candidates)), words);
    g.true.forEach((v) => addUnique(boolTrue, v));
    g.false.forEach((v) => addUnique(boolFalse, v));
    // A presence column counts any filled value other than a "false" word as present: no need to decide.
    if (!presence && g.undecided.length > 0) {
      g.undecided.forEach((v) => addUnique(undecided, v));
      ch.unsure = true;
      // Quoted: an undecided value is made only of yes/no, legal-status and the field's own words (guessBooleans).
      ch.notes.push(`unsure: cannot tell whether ${g.undecided.map((v) => `'${v}'`).join(', ')} mean${g.undecided.length > 1 ? '' : 's'} yes or no: add to booleans`);
    }
    if (!presence && g.unread > 0) {
      // Not quoted: such a value is free text, which may name the child's family.
      ch.unsure = true;
      const n = g.unread;
      ch.notes.push(`unsure: ${n} sampled value${n > 1 ? 's were' : ' was'} not recognised as yes/no (text, names or numbers; not quoted here): validate rejects each record holding one, at its line`);
    }
  }
  const booleans = { true: [...DEFAULT_TRUE, ...boolTrue], false: [...DEFAULT_FALSE, ...boolFalse] };

  const unmatchedFields = FIELD_PATHS.filter((p) => !fields[p]);
  const notMapped = header.filter((_, i) => !usedCols.has(i));
  const personalColumns: string[] = [];
  const unusedColumns: string[] = [];
  // By its name, or by its values: phone numbers or postcodes under a name that does not say so ('Post').
  header.forEach((c, i) => {
    if (!usedCols.has(i)) (isPersonalData(c) || contactReferences(valuesOf([i])) !== undefined ? personalColumns : unusedColumns).push(c);
  });
  // A placeholder reference is not a column of the export: it is not counted as matched.
  const all: Choice[] = [...Object.values(fields), ...k].filter((c) => c.column !== REF_PLACEHOLDER);
  const summary = { matched: all.length, unsure: all.filter((c) => c.unsure).length, unmatched: notMapped.length };

  const inf: Omit<Inference, 'text'> = { fields, k, dates, booleans, undecidedBooleans: undecided, unmatchedFields, unusedColumns, personalColumns, summary };
  return { ...inf, text: renderMapping(inf, opts, rows.length) };
}


export { REF_PLACEHOLDER };

/** A column that could be guessed as the plan reference: not personal data, nor a name or date of birth (readMapping refuses those). */
function canBeReference(column: string): boolean {
  return notReference(column) === undefined;
}

function colsOf(header: readonly string[], ch: Choice, candidates: readonly Candidate[]): number[] {
  const c = candidates.find((x) => x.label === ch.column && x.numbered === ch.numbered);
  if (c) return c.cols;
  const i = header.indexOf(ch.column);
  return i >= 0 ? [i] : [];
}

// ---------------------------------------------------------------------------------------------
// Rendering

/** A YAML scalar for flow or block context: plain when that reads back as the same string. */
export function yamlString(s: string): string {
  if (/^[A-Za-z_][A-Za-z0-9 _.()/'&+-]*$/.test(s) && !s.endsWith(' ') && !/ #|: /.test(s)) {
    try {
      if (parseYaml(s) === s) return s;
    } catch {
      // fall through to quoting
    }
  }
  // A column name holding a CI command (`##vso[...]`) is escaped, as the mapping may be printed in a CI log.
  if (holdsCiCommand(s)) return ciSafeYamlQuoted(s);
  // Single quotes have no escapes (a regex stays readable); control characters need double quotes.
  // eslint-disable-next-line no-control-regex
  if (!s.includes("'") && !/[\u0000-\u001f]/.test(s)) return `'${s}'`;
  return JSON.stringify(s);
}

function wrapComment(prefix: string, items: string[], suffix: string, width = 100): string[] {
  const lines: string[] = [];
  let line = `# ${prefix}`;
  items.forEach((item, i) => {
    const piece = `${item}${i < items.length - 1 ? ',' : ''}`;
    if (line.length + 1 + piece.length > width && line !== `# ${prefix}`) {
      lines.push(line);
      line = `#   ${piece}`;
    } else line += ` ${piece}`;
  });
  if (line.length + 1 + suffix.length > width) {
    lines.push(line);
    line = `#   ${suffix}`;
  } else line += ` ${suffix}`;
  lines.push(line);
  return lines;
}

function unsureTail(ch: Choice): string {
  return ch.unsure && ch.score < SURE ? `  # unsure (${pct(ch.score)}%): check this column` : '';
}

function renderMapping(inf: Omit<Inference, 'text'>, opts: InferOptions, nRows: number): string {
  const sampled = opts.sampled ?? nRows;
  const exportPath = opts.exportPath ?? opts.file;
  const out = opts.out === '-' ? 'MAPPING' : opts.out ?? `${exportPath.replace(/\.[^./\\]+$/, '')}.map.yaml`;
  const L: string[] = [];
  L.push(`# Column mapping for ${opts.file}, generated by ehcp-audit init from its header and ${sampled === 0 ? 'no data rows' : `${sampled} sampled row${sampled === 1 ? '' : 's'}`}.`);
  L.push(`# ${inf.summary.matched} columns matched (${inf.summary.unsure} unsure), ${inf.summary.unmatched} not used. Format: docs/mapping.md.`);
  L.push(`# Review every line marked unsure, then run: ehcp-audit validate ${exportPath} --map ${out}`);
  L.push('mapping: 1');
  L.push(`description: ${yamlString(`Mapping for ${opts.file} (generated by ehcp-audit init; review it)`)}`);
  L.push(`dates: ${inf.dates}`);
  if (inf.undecidedBooleans.length > 0) {
    L.push(`# unsure: yes/no values not sorted: ${inf.undecidedBooleans.map((v) => JSON.stringify(v)).join(', ')}; add each to true or false`);
  }
  L.push('booleans:');
  L.push(`  true: [${inf.booleans.true.map(yamlString).join(', ')}]`);
  L.push(`  false: [${inf.booleans.false.map(yamlString).join(', ')}]`);
  L.push('list_separator: newline');
  L.push('fields:');
  for (const path of FIELD_PATHS) {
    const ch = inf.fields[path];
    if (!ch) continue;
    for (const n of ch.notes) L.push(`  # ${n}`);
    const opt: string[] = [];
    if (ch.format) opt.push(`format: ${ch.format}`);
    if (ch.split) opt.push(`split: ${JSON.stringify(ch.split)}`);
    if (ch.pattern) opt.push(`pattern: ${yamlString(ch.pattern)}`);
    const value = ch.numbered
      ? `{ columns: ${yamlString(ch.column)}${opt.length ? `, ${opt.join(', ')}` : ''} }`
      : opt.length
        ? `{ column: ${yamlString(ch.column)}, ${opt.join(', ')} }`
        : yamlString(ch.column);
    L.push(`  ${path}: ${value}${unsureTail(ch)}`);
  }
  if (inf.k.length > 0) {
    L.push('k:');
    for (const ch of inf.k) {
      for (const n of ch.notes) L.push(`  # ${n}`);
      const fmt = ch.format ? `, format: ${ch.format}` : '';
      L.push(`  - { source: ${ch.source}, ${ch.as}: ${yamlString(ch.column)}${fmt} }${unsureTail(ch)}`);
    }
  } else {
    L.push('# k: no Section K advice columns recognised (e.g. "EP Advice Date"); add them by hand if the export has them');
  }
  if (inf.unmatchedFields.length > 0) {
    L.push(...wrapComment('Fields not matched:', inf.unmatchedFields, '(map them by hand if the export has them)'));
  }
  if (inf.personalColumns.length > 0) {
    L.push('# Personal data a QA audit does not need, never read (data minimisation). Take a column');
    L.push('# out of this list only if a rubric or --where needs it: it is then kept as extra.<column>.');
    L.push('ignore:');
    for (const c of inf.personalColumns) L.push(`  - ${yamlString(c)}`);
  }
  if (inf.unusedColumns.length > 0) {
    L.push('# Columns not mapped (each stays on the record as extra.<column name>):');
    for (const c of inf.unusedColumns) L.push(`#   - ${JSON.stringify(c)} (kept as extra.${c}; map it if a rubric needs it)`);
  }
  // Comments quote the export (column names, sample values): a line break there would end the
  // comment and leave the rest as broken YAML, and YAML allows no other control character at all.
  // The CI guard too: `init -o -` may print the mapping in a CI log.
  return `${L.map((l) => (/^\s*#/.test(l) ? ciSafeText(displayText(l)) : l)).join('\n')}\n`;
}
