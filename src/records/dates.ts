/**
 * Dates: UK exports write dd/mm/yyyy. A date is parsed by the format the mapping declares (ISO
 * yyyy-mm-dd is always accepted too); anything else — 31/02/2024, 2024-13-01, a month-first
 * 02/28/2024 under dd/mm — is an error, never guessed.
 */

export const DATE_FORMATS = ['dd/mm/yyyy', 'mm/dd/yyyy', 'yyyy-mm-dd', 'dd-mm-yyyy', 'dd.mm.yyyy', 'yyyy/mm/dd'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export type DateParse = { ok: true; iso: string } | { ok: false; reason: string };

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function build(y: number, m: number, d: number, raw: string, format: string): DateParse {
  if (m < 1 || m > 12) {
    const hint = format.startsWith('dd') && d >= 1 && d <= 12 && m <= 31 ? ' (it looks month-first: set the date format in the mapping)' : '';
    return { ok: false, reason: `'${raw}' has month ${m}, which does not exist under ${format}${hint}` };
  }
  if (d < 1 || d > daysInMonth(y, m)) return { ok: false, reason: `'${raw}' is not a real date (day ${d} of month ${m} in ${y})` };
  if (y < 1900 || y > 2199) return { ok: false, reason: `'${raw}' has year ${y}, outside 1900-2199` };
  return { ok: true, iso: `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}

// A trailing time (Excel and many case systems export "05/03/2024 00:00:00") is allowed and dropped.
const TIME = String.raw`(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?`;
const ISO = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})${TIME}$`);
const NUMERIC = new RegExp(String.raw`^(\d{1,4})([/.-])(\d{1,2})\2(\d{1,4})${TIME}$`);
const WORDY = /^(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]{3,9})\.? (\d{4})$/;

/** Parse `raw` under `format`. Blank input is the caller's business (it means "no date"). */
export function parseDate(raw: string, format: DateFormat = 'dd/mm/yyyy'): DateParse {
  const s = raw.trim();
  let m = ISO.exec(s);
  if (m) return build(Number(m[1]), Number(m[2]), Number(m[3]), s, 'yyyy-mm-dd');
  m = NUMERIC.exec(s);
  if (m) {
    const [a, sep, b, c] = [m[1]!, m[2]!, m[3]!, m[4]!];
    const fsep = format.replace(/[a-z]/g, '').charAt(0);
    if (a.length === 4) {
      if (format !== 'yyyy/mm/dd' && format !== 'yyyy-mm-dd') {
        return { ok: false, reason: `'${s}' is year-first but the mapping says ${format}` };
      }
      return build(Number(a), Number(b), Number(c), s, format);
    }
    if (c.length !== 4) return { ok: false, reason: `'${s}' has a ${c.length}-digit year: write the year in full (yyyy)` };
    if (format === 'yyyy-mm-dd' || format === 'yyyy/mm/dd') {
      return { ok: false, reason: `'${s}' is not in the mapping's format ${format}` };
    }
    if (sep !== fsep && !(fsep === '/' && sep === '-') && !(fsep === '/' && sep === '.')) {
      return { ok: false, reason: `'${s}' does not match the date format ${format}` };
    }
    return format === 'mm/dd/yyyy'
      ? build(Number(c), Number(a), Number(b), s, format)
      : build(Number(c), Number(b), Number(a), s, format);
  }
  m = WORDY.exec(s);
  if (m) {
    const month = MONTHS[m[2]!.toLowerCase().slice(0, m[2]!.toLowerCase().startsWith('sept') ? 4 : 3)];
    if (month) return build(Number(m[3]), month, Number(m[1]), s, 'd mmm yyyy');
  }
  return { ok: false, reason: `'${s}' is not a date in the format ${format}` };
}

/** Days since 1970-01-01 for an ISO date (UTC: no daylight-saving drift). */
export function dayNumber(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
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

/** Parse an `--as-of` value: dd/mm/yyyy or yyyy-mm-dd, strictly. */
export function parseAsOf(raw: string): DateParse {
  return parseDate(raw, 'dd/mm/yyyy');
}
