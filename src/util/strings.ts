import { contactKind } from './contactDetails.js';

/**
 * A string that owns its characters. Values sliced from a large decoded chunk of an export keep the
 * whole chunk alive for as long as they live; anything kept past one record (map keys, the plans
 * a report lists) is detached first, so memory does not grow with the export.
 */
export function detach(s: string): string;
export function detach(s: string | undefined): string | undefined;
export function detach(s: string | null): string | null;
export function detach(s: string | null | undefined): string | null | undefined {
  // V8 copies a slice or a concatenation shorter than 13 characters (SlicedString::kMinLength,
  // ConsString::kMinLength), so a short string holds nothing else alive. A longer one is copied
  // by flattening a concatenation: four times as fast as a round trip through a Buffer.
  return typeof s === 'string' && s.length >= 13 ? (s + ' ').slice(0, -1) : s;
}

/** Edit distance (Levenshtein), for "did you mean". */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length]!;
}

/** The candidate `word` is most likely a misspelling of (case aside), if one is close enough. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const best = candidates.map((x) => ({ x, d: editDistance(word.toLowerCase(), x.toLowerCase()) })).sort((a, b) => a.d - b.d)[0];
  return best && best.d <= Math.max(2, Math.floor(word.length / 4)) ? best.x : undefined;
}

/** Text as a regular expression that matches exactly it. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Text from the input shortened for a message: `max` characters at most, the last of them an
 * ellipsis when it was cut (never between the two halves of a surrogate pair). A message quotes a
 * cell or a column name to say which one; it must not carry a whole cell of plan text (a
 * misaligned export can put one in any column).
 */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max - 1;
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return `${s.slice(0, end)}\u2026`;
}

/**
 * A value from the input quoted in a message (a rejection's reason): whole when short, else its
 * first `max` characters and its length: `'1xxxxxxxx…' (10,000,001 characters)`. A cell that is
 * not what its column should hold (a misaligned export's free text, say) is not copied whole into
 * every report and line of validate's output.
 */
export function quoted(s: string, max = 40): string {
  return s.length <= max ? `'${s}'` : `'${clip(s, max)}' (${thousands(s.length)} characters)`;
}

/**
 * A whole number with commas between thousands (12,345), as toLocaleString('en-GB') writes it,
 * without it: its first call sets up the locale's number formatting, some 8 ms, and reasons are
 * made on paths every run takes (the header check tries each column name as a date).
 */
export function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const YES_NO_WORD = /^(?:y|n|yes|no|true|false|t|f|x|n\/a|na|none|unknown|not known|tbc)$/i;

/**
 * Words of a coded value that name no one: yes/no and legal-status words ('Yes - Section 20',
 * 'Looked after (S31)') and the words of a school year ('NC Year 3', 'Year 2 group').
 */
const CODE_WORDS: ReadonlySet<string> = new Set([
  'yes', 'no', 'not', 'known', 'looked', 'after', 'section', 's', 'status', 'care', 'order', 'interim', 'by', 'another', 'other', 'la', 'cla', 'lac', 'cic',
  'nc', 'ncy', 'year', 'yr', 'group', 'reception', 'nursery',
]);
/** Words of a date written in words: months, weekdays, ordinals ('1st Feb 2024', 'Monday 5th of March 2024', '10:00 AM'). */
const DATE_WORD =
  /^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon(?:day)?|tues?(?:day)?|wed(?:nesday)?|thu(?:rs?)?(?:day)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|st|nd|rd|th|of|the|am|pm|first|second|third|(?:four|fif|six|seven|eigh|nin|ten|eleven|twelf|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twentie|thirtie)th)$/i;

/**
 * How many words of letters a value holds that may be a name: 'Jack Brown, Y3' has 2, 'Year 15'
 * and 'Yes (S20)' none. A word is a run between spaces and punctuation; one with a digit ('Y3',
 * 'S20', '1st') is part of a code. With `dates`, the words of a date written in words do not count.
 */
export function nameWords(s: string, dates = false): number {
  let n = 0;
  for (const w of s.split(/[^\p{L}\p{N}]+/u)) {
    if (w === '' || !/^\p{L}+$/u.test(w)) continue;
    const low = w.toLowerCase();
    if (CODE_WORDS.has(low) || (dates && DATE_WORD.test(low))) continue;
    n++;
  }
  return n;
}

/** A value not quoted, described by its length (a message's file:line:column finds its cell). */
function unshown(s: string): string {
  return `a value of ${thousands(s.trim().length)} characters (not shown: it may name someone)`;
}

/**
 * A value of a coded field (yes/no, SEN2 code, NC year, advice source) in a rejection's reason,
 * which is printed without --show-text: quoted (shortened) when it looks like a code or a word
 * (`'maybe'`, `'Autism'`, `'ASDX'`, `'Year 15'`, `'Yes (S20)'`), else described by its length. A
 * misaligned or free-text cell there may name someone ('Y Mary Evans', 'Home with grandmother Mary
 * Evans', 'Jack Brown, Y3': regression QA); the reason's file:line:column finds the cell. A lone
 * word is shown: it is what a typo or an unmapped name of a need looks like, and says little of
 * anyone alone.
 */
export function codedValue(s: string): string {
  return codeLike(s) ? quoted(s) : unshown(s);
}

/**
 * Does a coded field's value look like a code, a word or a value with digits (codedValue quotes
 * it), not words in a row ('Mary Evans', 'Nan (Mary)')? A digit or capitals do not make words in
 * a row a code: 'Jack Brown, Y3' and 'JACK BROWN' are not quoted (QA: any value with a digit was).
 */
export function codeLike(s: string): boolean {
  const t = s.trim();
  // A phone number, postcode or email address is someone's, however short (security QA).
  if (t.length > 40 || contactKind(t) !== undefined) return false;
  if (YES_NO_WORD.test(t) || loneWord(t)) return true;
  return (/\d/.test(t) || /^[A-Z0-9][A-Z0-9 ./()&_-]{0,11}$/.test(t)) && nameWords(t) < 2;
}

/**
 * One word, or a code joined by dots or hyphens ('Autism', 'SpLD', 'non-maintained', 'e.g.'); not
 * a name run together with an initial or another name ('J.Brown', 'Jack.Brown', 'Mary-Jane':
 * regression QA), every part of which is an initial or in name case ('Dyslexia-ish' is shown).
 */
function loneWord(t: string): boolean {
  if (!/^[A-Za-z][A-Za-z./-]{0,13}$/.test(t)) return false;
  const parts = t.split(/[./-]+/).filter((p) => p !== '');
  // Initials alone are a code ('N/K', 'N.A.', 'O.K.'); a name needs a part of two letters or more.
  return parts.length < 2 || !parts.every((p) => /^[A-Z][a-z]*$/.test(p)) || !parts.some((p) => p.length >= 2);
}

/**
 * A date cell that could not be read, in a rejection's reason (dates.ts) or init's comments:
 * quoted (shortened) when it is an attempt at a date, which the user needs to see to fix it
 * (`'31/02/2024'`, `'1st Feb 2024'`, `'5/3/24'`), or a placeholder (`'TBC'`, `'N/A'`); else, free
 * text that may name someone ('sent to Mrs Brown', 'Jack Brown 5/3/24'), described by its length.
 */
export function dateValue(s: string): string {
  return dateLike(s) ? quoted(s) : unshown(s);
}

/**
 * Does a date cell look like an attempt at a date or a placeholder (dateValue quotes it)? Digits
 * with at most one word but a date's ('31/02/2024', '1st Feb 24', '1 Febuary 2024'), separators
 * alone, or a placeholder ('TBC', 'N/A'). Words without digits are not a date, and month and
 * weekday names are forenames too ('May Brown', 'April Jones', 'Sun Li': regression QA); two words
 * beside the digits may be a name ('Jack Brown 5/3/24').
 */
export function dateLike(s: string): boolean {
  const t = s.trim();
  if (contactKind(t) !== undefined) return false;
  if (YES_NO_WORD.test(t) || /^[\s/.:-]+$/.test(t)) return true;
  // A month or weekday alone ('March') is shown, as a lone word in a coded cell is.
  if (!/\d/.test(t)) return /^\p{L}+$/u.test(t) && DATE_WORD.test(t);
  // One other word is a misspelt month or a note ('1 Febuary 2024', 'Spring 2024', '01/02/2024
  // approx'), which the user needs to see; two may be a name ('Jack Brown 5/3/24', and 'May Brown
  // 5/3/24' or 'Brown, May 5/3/24', whose month is a forename: QA, they were quoted).
  return nameWords(t, true) + forenameDateWords(t) < 2;
}

/**
 * Words written beside a date as a note on it, which the user needs to see ('March Approx 2024',
 * 'Sept Intake 2024', 'June TBC 2024'): beside one, a month is the date's, not a forename.
 */
const DATE_NOTE_WORDS: ReadonlySet<string> = new Set([
  'approx', 'approximately', 'circa', 'ca', 'about', 'around', 'estimated', 'est', 'expected', 'planned', 'provisional', 'due', 'intake',
  'start', 'starting', 'end', 'ending', 'beginning', 'early', 'late', 'mid', 'term', 'half', 'week', 'onwards', 'from', 'until', 'to', 'in',
  'on', 'before', 'tbc', 'tba', 'tbd', 'and', 'or',
]);

/**
 * The date words in `t` that read as a forename or surname (nameWords with dates leaves them out):
 * a month or weekday next to another word (only spaces or a comma between) that is not a date's, a
 * code's or a note's: 'May Brown', 'Brown, May', 'MAY BROWN', 'April McDonald', 'Sun Li'; not
 * 'Monday March', 'March Approx' (QA: each of the first was quoted as a date attempt).
 */
function forenameDateWords(t: string): number {
  const words = [...t.matchAll(/\p{L}+/gu)];
  const plainWord = (w: string) => {
    const low = w.toLowerCase();
    return w.length >= 2 && !DATE_WORD.test(low) && !CODE_WORDS.has(low) && !DATE_NOTE_WORDS.has(low);
  };
  let n = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!DATE_WORD.test(w[0])) continue;
    const end = w.index + w[0].length;
    const prev = words[i - 1];
    const next = words[i + 1];
    const besidePrev = prev !== undefined && /^[\s,]+$/.test(t.slice(prev.index + prev[0].length, w.index)) && plainWord(prev[0]);
    const besideNext = next !== undefined && /^[\s,]+$/.test(t.slice(end, next.index)) && plainWord(next[0]);
    if (besidePrev || besideNext) n++;
  }
  return n;
}
