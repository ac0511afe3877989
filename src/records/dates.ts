/**
 * Dates: UK exports write dd/mm/yyyy. A date is parsed by the format the mapping declares (ISO
 * yyyy-mm-dd is always accepted too); anything else — 31/02/2024, 2024-13-01, a month-first
 * 02/28/2024 under dd/mm — is an error, never guessed.
 */
import { dateValue, quoted } from '../util/strings.js';

export const DATE_FORMATS = ['dd/mm/yyyy', 'mm/dd/yyyy', 'yyyy-mm-dd', 'dd-mm-yyyy', 'dd.mm.yyyy', 'yyyy/mm/dd', 'excel-serial'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export type DateParse = { readonly ok: true; readonly iso: string } | { readonly ok: false; readonly reason: string };

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};

const MONTH_DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(y: number, m: number): number {
  // Date.UTC reads years 0-99 as 1900-1999, so the table path covers years from 100 on (and whole
  // months 1-12); anything else keeps the Date arithmetic, so the results stay identical.
  if (m >= 1 && m <= 12 && y >= 100 && y <= 200_000 && Number.isInteger(y) && Number.isInteger(m)) {
    if (m !== 2) return MONTH_DAYS[m]!;
    return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  }
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** What a month-first value under a day-first format is told: right for an export's cell only. */
const MAPPING_HINT = ' (it looks month-first: set the date format in the mapping)';

function build(y: number, m: number, d: number, raw: string, format: string): DateParse {
  if (m < 1 || m > 12) {
    const hint = format.startsWith('dd') && d >= 1 && d <= 12 && m <= 31 ? MAPPING_HINT : '';
    return { ok: false, reason: `${quoted(raw)} has month ${m}, which does not exist under ${format}${hint}` };
  }
  if (d < 1 || d > daysInMonth(y, m)) return { ok: false, reason: `${quoted(raw)} is not a real date (day ${d} of month ${m} in ${y})` };
  if (y < 1900 || y > 2199) return { ok: false, reason: `${quoted(raw)} has year ${y}, outside 1900-2199` };
  return { ok: true, iso: `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}

// A trailing time (Excel and many case systems export "05/03/2024 00:00:00", US systems
// "1/23/2019 12:00:00 AM") is allowed and dropped, but only a real one (00:00 to 23:59:59, or 1:00
// to 12:59:59 with AM/PM): "05/03/2016 99:99" is not a date with a time. A 24-hour time may carry
// a UTC offset (Z, +01:00, +0100, -05:00, with or without a space before it): see atOffset. `init`
// reads dates with the same pattern (mapping/infer.ts), so the format it writes is one the reader
// accepts.
export const TIME = String.raw`(?:[ T](?:(?:0?[1-9]|1[0-2]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)? ?[AaPp][Mm]|(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?: ?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d))?))?`;
const ISO = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})${TIME}$`);
// The first part is a day or month (1-2 digits) or a year (4): "005/03/2016" is not a date.
const NUMERIC = new RegExp(String.raw`^(\d{1,2}|\d{4})([/.-])(\d{1,2})\2(\d{1,4})${TIME}$`);
// A month by name: "5 March 2024", "5th Sept 2024", and "05-Mar-2024", the dd-mon-yyyy that Oracle
// and SQL Server based case systems export ("5/Mar/2024" too). The name settles the month, so any
// date format reads it; a 2-digit year is refused as in numeric dates.
const WORDY = new RegExp(String.raw`^(\d{1,2})(?:st|nd|rd|th)?([ /-])([A-Za-z]{3,9})\.?\2(\d{2}|\d{4})${TIME}$`);
const MONTH_WORDS: Record<string, number> = {
  ...MONTHS,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
};
// A spreadsheet's date serial number (days since 1899-12-30; 10000 is 1927, 80000 is 2119): a
// column formatted as a number, not a date, before the export.
const SERIAL = /^\d{5}(?:\.\d+)?$/;

/**
 * Parse `raw` under `format`. Blank input is the caller's business (it means "no date").
 * `show` gives a value that is no date at all in the reason: by default (an export's cell, which
 * reasons print without --show-text) quoted only when it looks like an attempt at a date, as
 * free text in a date column may name someone (util/strings.ts dateValue); a value the user wrote
 * (an option, a rubric) is quoted as written.
 * (A memo of answers by text was tried: in the benchmark audit it made parsing five times slower,
 * as each look-up in a table of thousands of dates misses the CPU cache while the export streams
 * through it; reading ten characters costs less.)
 */
export function parseDate(raw: string, format: DateFormat = 'dd/mm/yyyy', show: (s: string) => string = dateValue): DateParse {
  const s = raw.trim();
  if (format === 'excel-serial') return parseSerial(s, show);
  if (s.length === 10) {
    const fast = parseDate10(s, format);
    if (fast !== undefined) return fast;
  }
  return parseDateSlow(s, format, show);
}

/** The value of the ASCII digit at `i`, or -1 (the regexes' `\d` is ASCII-only too). */
function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function twoDigits(s: string, i: number): number {
  const a = digitAt(s, i);
  const b = digitAt(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

function fourDigits(s: string, i: number): number {
  const a = twoDigits(s, i);
  const b = twoDigits(s, i + 2);
  return a < 0 || b < 0 ? -1 : a * 100 + b;
}

const SLASH = 47;
const DASH = 45;
const DOT = 46;

/** Whole-date success only: anything out of range goes to build() for its exact message. */
function finish(y: number, m: number, d: number, s: string, format: string, iso: string): DateParse {
  if (m >= 1 && m <= 12 && d >= 1 && y >= 1900 && y <= 2199 && d <= daysInMonth(y, m)) return { ok: true, iso };
  return build(y, m, d, s, format);
}

/**
 * The common 10-character shapes, dd?dd?yyyy and yyyy?mm?dd, read with digit arithmetic. Returns
 * undefined whenever the regex path should decide (other shapes, and the errors that are not
 * build()'s), so the result is always the one parseDateSlow would give.
 */
function parseDate10(s: string, format: DateFormat): DateParse | undefined {
  const c2 = s.charCodeAt(2);
  if (c2 === SLASH || c2 === DASH || c2 === DOT) {
    // dd?dd?yyyy: what NUMERIC reads as a=dd, b=dd, c=yyyy.
    if (s.charCodeAt(5) !== c2) return undefined;
    const a = twoDigits(s, 0);
    const b = twoDigits(s, 3);
    const c = fourDigits(s, 6);
    if (a < 0 || b < 0 || c < 0) return undefined;
    const ymd = `${s.slice(6, 10)}-`;
    switch (format) {
      case 'mm/dd/yyyy':
        return finish(c, a, b, s, format, `${ymd}${s.slice(0, 2)}-${s.slice(3, 5)}`);
      case 'dd/mm/yyyy':
      case 'dd-mm-yyyy':
      case 'dd.mm.yyyy':
        // dd/mm/yyyy reads any of the three separators; the other two only their own.
        if (format !== 'dd/mm/yyyy' && c2 !== (format === 'dd-mm-yyyy' ? DASH : DOT)) return undefined;
        return finish(c, b, a, s, format, `${ymd}${s.slice(3, 5)}-${s.slice(0, 2)}`);
      default:
        return undefined;
    }
  }
  const c4 = s.charCodeAt(4);
  if (c4 === SLASH || c4 === DASH || c4 === DOT) {
    // yyyy?mm?dd: ISO when the separator is '-', else NUMERIC's year-first branch.
    if (s.charCodeAt(7) !== c4) return undefined;
    const y = fourDigits(s, 0);
    const m = twoDigits(s, 5);
    const d = twoDigits(s, 8);
    if (y < 0 || m < 0 || d < 0) return undefined;
    const iso = c4 === DASH ? s : `${s.slice(0, 4)}-${s.slice(5, 7)}-${s.slice(8, 10)}`;
    if (c4 === DASH) return finish(y, m, d, s, 'yyyy-mm-dd', iso);
    if (format === 'yyyy/mm/dd' || format === 'yyyy-mm-dd') return finish(y, m, d, s, format, iso);
    return undefined;
  }
  return undefined;
}

function parseDateSlow(s: string, format: DateFormat, show: (s: string) => string): DateParse {
  const p = parseDateText(s, format, show);
  return p.ok && mayHaveOffset(s) ? atOffset(s, p.iso) : p;
}

// A 24-hour time and the offset after it, at the end of a date that has parsed.
const OFFSET = /[ T]([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d+)?)? ?(?:Z|([+-])(\d\d):?(\d\d))$/;

/**
 * A cheap test before OFFSET: ends in Z, or has a + or a - past the date (dd-mm-yyyy's are before).
 * 14 characters is the shortest date with a time and an offset, `1/6/2024 0:00Z` (17 let
 * `1/6/2024 23:00Z` through uncorrected: regression QA).
 */
function mayHaveOffset(s: string): boolean {
  return s.length >= 14 && (s.charCodeAt(s.length - 1) === 90 || s.indexOf('+', 10) >= 0 || s.lastIndexOf('-') >= 10);
}

let londonFormat: Intl.DateTimeFormat | undefined;

/**
 * A date-time with a UTC offset names an instant, not a calendar day: "2024-05-31T23:00:00Z" and
 * "2024-06-01T00:00:00+01:00" are one moment, midnight on 1 June in England, as a system that
 * stores UTC writes a UK date. Cutting the text to its date part would make that moment two dates
 * (31/05 and 01/06), which can flip a 15-day or 20-week check; so the date is the calendar date of
 * the instant in England (Europe/London, with its summer time, whatever the machine's time zone).
 * `iso` is the date as written; without an offset it is the answer.
 */
function atOffset(s: string, iso: string): DateParse {
  const m = OFFSET.exec(s);
  if (!m) return { ok: true, iso };
  const offsetMinutes = m[4] === undefined ? 0 : (m[4] === '-' ? -1 : 1) * (Number(m[5]) * 60 + Number(m[6]));
  const instant = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)), Number(m[1]), Number(m[2]), Number(m[3] ?? 0)) - offsetMinutes * 60_000;
  londonFormat ??= new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: 'numeric', day: 'numeric' });
  const parts: Record<string, number> = {};
  for (const part of londonFormat.formatToParts(instant)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  // build() again: 1900-01-01T00:00:00+01:00 is a day in 1899, outside the years read.
  return build(parts['year']!, parts['month']!, parts['day']!, s, 'yyyy-mm-dd');
}

function parseDateText(s: string, format: DateFormat, show: (s: string) => string): DateParse {
  let m = ISO.exec(s);
  if (m) return build(Number(m[1]), Number(m[2]), Number(m[3]), s, 'yyyy-mm-dd');
  m = NUMERIC.exec(s);
  if (m) {
    const [a, sep, b, c] = [m[1]!, m[2]!, m[3]!, m[4]!];
    const fsep = format.replace(/[a-z]/g, '').charAt(0);
    if (a.length === 4) {
      if (format !== 'yyyy/mm/dd' && format !== 'yyyy-mm-dd') {
        return { ok: false, reason: `${quoted(s)} is year-first but the mapping says ${format}` };
      }
      return build(Number(a), Number(b), Number(c), s, format);
    }
    if (c.length !== 4) return { ok: false, reason: `${quoted(s)} has a ${c.length}-digit year: write the year in full (yyyy)` };
    if (format === 'yyyy-mm-dd' || format === 'yyyy/mm/dd') {
      return { ok: false, reason: `${quoted(s)} is not in the mapping's format ${format}` };
    }
    if (sep !== fsep && !(fsep === '/' && sep === '-') && !(fsep === '/' && sep === '.')) {
      return { ok: false, reason: `${quoted(s)} does not match the date format ${format}` };
    }
    return format === 'mm/dd/yyyy'
      ? build(Number(c), Number(a), Number(b), s, format)
      : build(Number(c), Number(b), Number(a), s, format);
  }
  m = WORDY.exec(s);
  if (m) {
    const month = Object.hasOwn(MONTH_WORDS, m[3]!.toLowerCase()) ? MONTH_WORDS[m[3]!.toLowerCase()] : undefined;
    if (month !== undefined) {
      if (m[4]!.length !== 4) return { ok: false, reason: `${quoted(s)} has a 2-digit year: write the year in full (yyyy)` };
      return build(Number(m[4]), month, Number(m[1]), s, 'd mmm yyyy');
    }
  }
  const hint = SERIAL.test(s) ? " (it looks like a spreadsheet's date serial number: give the column format: excel-serial in the mapping, or format it as dates before exporting)" : '';
  // The one reason for any text at all: a cell of free text ('sent to Mrs Brown') is described, not quoted.
  return { ok: false, reason: `${show(s)} is not a date in the format ${format}${hint}` };
}

/** The date serial number of 01/01/1970 in the spreadsheets' 1900 date system. */
const SERIAL_1970 = 25_569;

/**
 * `excel-serial`: a spreadsheet's date serial number, as a column formatted as a number rather
 * than a date exports it (45234 is 04/11/2023): days since 30/12/1899 in the 1900 date system,
 * which counts a 29/02/1900 that never was (Lotus 1-2-3's error, kept by Excel), so only serials
 * from 61 (01/03/1900) on are read. A fraction (the time of day) is dropped. An ISO date is read
 * too, as under every format; any other text is an error, never guessed.
 */
function parseSerial(s: string, show: (s: string) => string): DateParse {
  const iso = ISO.exec(s);
  if (iso) {
    const p = build(Number(iso[1]), Number(iso[2]), Number(iso[3]), s, 'yyyy-mm-dd');
    return p.ok && mayHaveOffset(s) ? atOffset(s, p.iso) : p;
  }
  const m = /^(\d{1,6})(?:\.\d+)?$/.exec(s);
  if (!m) return { ok: false, reason: `${show(s)} is not a date serial number (the mapping says excel-serial)` };
  const n = Number(m[1]);
  if (n < 61) return { ok: false, reason: `${quoted(s)} is a date serial number before 01/03/1900, which spreadsheets count wrongly` };
  const d = isoFromDayNumber(n - SERIAL_1970);
  if (d > '2199-12-31') return { ok: false, reason: `${quoted(s)} is a date serial number after 2199` };
  return { ok: true, iso: d };
}

/** Days since 1970-01-01 for an ISO date (UTC: no daylight-saving drift). */
export function dayNumber(iso: string): number {
  if (iso.length >= 10) {
    let y = fourDigits(iso, 0);
    const m = twoDigits(iso, 5);
    const d = twoDigits(iso, 8);
    if (y >= 0 && m >= 1 && m <= 12 && d >= 0) {
      if (y <= 99) y += 1900; // as Date.UTC reads two-digit years
      return daysFromCivil(y, m) + d - 1;
    }
  }
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
}

/** Days since 1970-01-01 of the first of month `m` (1-12) in year `y` >= 1 (proleptic Gregorian). */
function daysFromCivil(y: number, m: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5);
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

export function isoFromDayNumber(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** Add calendar months (clamped to month end), for "within 12 months" rules. */
export function addMonths(iso: string, months: number): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1 + months;
  const d = Number(iso.slice(8, 10));
  const ty = y + Math.floor(m / 12);
  const tm = ((m % 12) + 12) % 12;
  const dim = daysInMonth(ty, tm + 1);
  return `${String(ty).padStart(4, '0')}-${String(tm + 1).padStart(2, '0')}-${String(Math.min(d, dim)).padStart(2, '0')}`;
}

/** dd/mm/yyyy for reports. */
export function ukDate(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** Today's date as ISO, in the local time zone of the machine (a QA officer's "today"). */
export function todayIso(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/**
 * Whether `s` is a real calendar date written yyyy-mm-dd (1900-2199), the record model's dates:
 * the reason it is not, or undefined.
 */
export function isoDateProblem(s: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return 'expected a date as YYYY-MM-DD';
  const p = parseDate(s, 'yyyy-mm-dd');
  return p.ok ? undefined : p.reason;
}

/**
 * Parse a date the user writes (an option such as --as-of or --where, a config file): dd/mm/yyyy
 * (dd-mm-yyyy and dd.mm.yyyy too), yyyy-mm-dd, or a month by name (26 Nov 2026). Nothing else:
 * no year-first date with / or ., no date serial number and no time of day (a time, or a UTC
 * offset after it, has no meaning for a date that timescales are measured to, and would be read
 * as the date of an instant). The mapping's date format does not apply to these, so no message
 * sends the user to the mapping: the caller tells how to write the date instead.
 */
export function parseWrittenDate(raw: string): DateParse {
  const s = raw.trim();
  const yearFirst = /^(\d{4})([/.])(\d{1,2})\2(\d{1,2})(?:$|[ T])/.exec(s);
  if (yearFirst) return { ok: false, reason: `'${s}' is year-first, which is read only as yyyy-mm-dd (${yearFirst[1]}-${yearFirst[3]}-${yearFirst[4]})` };
  if (SERIAL.test(s)) return { ok: false, reason: `'${s}' is not a date (it looks like a spreadsheet's date serial number)` };
  const p = parseDate(s, 'dd/mm/yyyy', quoted);
  if (p.ok) return s.includes(':') ? { ok: false, reason: `'${s}' has a time of day: give the date alone` } : p;
  return p.reason.endsWith(MAPPING_HINT) ? { ok: false, reason: `${p.reason.slice(0, -MAPPING_HINT.length)} (it looks month-first)` } : p;
}

/** Parse an `--as-of` value: as parseWrittenDate. */
export function parseAsOf(raw: string): DateParse {
  return parseWrittenDate(raw);
}
