/**
 * The digit-arithmetic fast paths in dates.ts (parseDate's 10-character shapes, the daysInMonth
 * table, dayNumber's days-from-civil) against a verbatim copy of the regex / Date implementation
 * they replaced: every result, including each error reason, must be identical.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, DATE_FORMATS, dayNumber, parseDate, type DateFormat, type DateParse } from '../../src/records/dates.js';
import { dateValue } from '../../src/util/strings.js';

// ---- Reference: the implementation before the fast paths, unchanged. ----
const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};
function refDaysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}
function refBuild(y: number, m: number, d: number, raw: string, format: string): DateParse {
  if (m < 1 || m > 12) {
    const hint = format.startsWith('dd') && d >= 1 && d <= 12 && m <= 31 ? ' (it looks month-first: set the date format in the mapping)' : '';
    return { ok: false, reason: `'${raw}' has month ${m}, which does not exist under ${format}${hint}` };
  }
  if (d < 1 || d > refDaysInMonth(y, m)) return { ok: false, reason: `'${raw}' is not a real date (day ${d} of month ${m} in ${y})` };
  if (y < 1900 || y > 2199) return { ok: false, reason: `'${raw}' has year ${y}, outside 1900-2199` };
  return { ok: true, iso: `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}
// The patterns as dates.ts has them now (a real time of day only; no 3-digit day or month): what
// the fast path must agree with is today's regex path. (A time with a UTC offset is read as the
// date of that instant in England, dates.test.ts; the times below never cross midnight there.)
const TIME = String.raw`(?:[ T](?:(?:0?[1-9]|1[0-2]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)? ?[AaPp][Mm]|(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?: ?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d))?))?`;
const ISO = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})${TIME}$`);
const NUMERIC = new RegExp(String.raw`^(\d{1,2}|\d{4})([/.-])(\d{1,2})\2(\d{1,4})${TIME}$`);
const WORDY = new RegExp(String.raw`^(\d{1,2})(?:st|nd|rd|th)?([ /-])([A-Za-z]{3,9})\.?\2(\d{2}|\d{4})${TIME}$`);
const MONTH_WORDS: Record<string, number> = {
  ...MONTHS,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
};
const SERIAL = /^\d{5}(?:\.\d+)?$/;
function refParseDate(raw: string, format: DateFormat = 'dd/mm/yyyy'): DateParse {
  const s = raw.trim();
  let m = ISO.exec(s);
  if (m) return refBuild(Number(m[1]), Number(m[2]), Number(m[3]), s, 'yyyy-mm-dd');
  m = NUMERIC.exec(s);
  if (m) {
    const [a, sep, b, c] = [m[1]!, m[2]!, m[3]!, m[4]!];
    const fsep = format.replace(/[a-z]/g, '').charAt(0);
    if (a.length === 4) {
      if (format !== 'yyyy/mm/dd' && format !== 'yyyy-mm-dd') {
        return { ok: false, reason: `'${s}' is year-first but the mapping says ${format}` };
      }
      return refBuild(Number(a), Number(b), Number(c), s, format);
    }
    if (c.length !== 4) return { ok: false, reason: `'${s}' has a ${c.length}-digit year: write the year in full (yyyy)` };
    if (format === 'yyyy-mm-dd' || format === 'yyyy/mm/dd') {
      return { ok: false, reason: `'${s}' is not in the mapping's format ${format}` };
    }
    if (sep !== fsep && !(fsep === '/' && sep === '-') && !(fsep === '/' && sep === '.')) {
      return { ok: false, reason: `'${s}' does not match the date format ${format}` };
    }
    return format === 'mm/dd/yyyy' ? refBuild(Number(c), Number(a), Number(b), s, format) : refBuild(Number(c), Number(b), Number(a), s, format);
  }
  m = WORDY.exec(s);
  if (m) {
    const month = Object.hasOwn(MONTH_WORDS, m[3]!.toLowerCase()) ? MONTH_WORDS[m[3]!.toLowerCase()] : undefined;
    if (month !== undefined) {
      if (m[4]!.length !== 4) return { ok: false, reason: `'${s}' has a 2-digit year: write the year in full (yyyy)` };
      return refBuild(Number(m[4]), month, Number(m[1]), s, 'd mmm yyyy');
    }
  }
  const hint = SERIAL.test(s) ? " (it looks like a spreadsheet's date serial number: give the column format: excel-serial in the mapping, or format it as dates before exporting)" : '';
  // As dates.ts words it now: text that is no attempt at a date is described, not quoted (dateValue).
  return { ok: false, reason: `${dateValue(s)} is not a date in the format ${format}${hint}` };
}
function refDayNumber(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
}
function refAddMonths(iso: string, months: number): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1 + months;
  const d = Number(iso.slice(8, 10));
  const ty = y + Math.floor(m / 12);
  const tm = ((m % 12) + 12) % 12;
  const dim = refDaysInMonth(ty, tm + 1);
  return `${String(ty).padStart(4, '0')}-${String(tm + 1).padStart(2, '0')}-${String(Math.min(d, dim)).padStart(2, '0')}`;
}
// ---- End of reference. ----

// excel-serial has no 10-character shapes and its own parser (tested in dates.test.ts).
const FORMATS = DATE_FORMATS.filter((f) => f !== 'excel-serial');
const SEPS = ['/', '-', '.'];
const pad2 = (n: number) => String(n).padStart(2, '0');
const YEARS = ['0000', '0001', '0004', '0029', '0099', '0100', '0400', '1600', '1800', '1899', '1900', '1904', '1999', '2000', '2023', '2024', '2100', '2199', '2200', '2400', '9999'];

/** Inputs (under the default and every format) where the two implementations differ. */
function mismatches(inputs: readonly string[]): string[] {
  const bad: string[] = [];
  for (const raw of inputs) {
    for (const f of [undefined, ...FORMATS]) {
      const a = JSON.stringify(parseDate(raw, f));
      const b = JSON.stringify(refParseDate(raw, f));
      if (a !== b) bad.push(`${raw} @ ${f ?? 'default'}: ${a} != ${b}`);
    }
  }
  return bad;
}

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const num2 = fc.oneof(fc.integer({ min: 0, max: 99 }).map(pad2), fc.integer({ min: 0, max: 40 }).map(String), digits(0, 3));
const year = fc.oneof(fc.constantFrom(...YEARS), digits(0, 5), fc.integer({ min: 1890, max: 2210 }).map(String));
const sep = fc.constantFrom('/', '-', '.', ' ', ':', '\\', '', '–');
const space = fc.constantFrom('', ' ', '  ', '\t', '\n', '\u00a0', '\u3000', '\ufeff', '\r\n');
const time = fc.constantFrom('', ' 00:00', ' 00:00:00', 'T10:00:00Z', ' 9:05', 'T12:00:00.123+01:00', ' 00:00:00 ', 'T', ' 25:99', '+01:00');
const shaped = fc.oneof(
  fc.tuple(space, num2, sep, num2, sep, year, time, space).map((p) => p.join('')),
  fc.tuple(space, year, sep, num2, sep, num2, time, space).map((p) => p.join('')),
);
// Ten characters from a date-ish alphabet, including non-ASCII digits that `\d` does not accept.
const tenChars = fc.string({ unit: fc.constantFrom(...'0123456789012345678901234567890123/-./-. Tx٣０'), minLength: 10, maxLength: 10 });
const wordy = fc
  .tuple(num2, fc.constantFrom('', 'st', 'nd', 'rd', 'th'), fc.constantFrom(' '), fc.constantFrom('March', 'Sept', 'sep', 'feb', 'Febr', 'xyz', 'DECEMBER'), fc.constantFrom('', '.'), fc.constantFrom(' '), year)
  .map((p) => p.join(''));
const anyDate = fc.oneof(shaped, tenChars, wordy, fc.string({ maxLength: 14 }));

describe('parseDate fast path = the regex implementation', () => {
  it('every pair of 2-digit parts 00-32 with each edge year, in both 10-character shapes, all separators and formats', () => {
    const inputs: string[] = [];
    for (const y of YEARS) {
      for (let a = 0; a <= 32; a++) {
        for (let b = 0; b <= 32; b++) {
          for (const s of SEPS) inputs.push(`${pad2(a)}${s}${pad2(b)}${s}${y}`, `${y}${s}${pad2(a)}${s}${pad2(b)}`);
        }
      }
    }
    expect(mismatches(inputs)).toEqual([]);
  });

  it('mixed separators, 1-digit parts, times and surrounding whitespace', () => {
    const inputs = ['05/03-2024', '05-03/2024', '5/3/2024', '05/3/2024', '2024-3-5', '2024/03-05', ' 05/03/2024 ', '05/03/2024 00:00:00', '05/03/24', '2024-03-05T10:00:00Z', '29/02/0000', '29/02/0004', '29.02.1900', '2000/02/29', '0x/03/2024', '05/03/20245', '', ' '];
    expect(mismatches(inputs)).toEqual([]);
    expect(parseDate('29/02/0000')).toEqual({ ok: false, reason: "'29/02/0000' is not a real date (day 29 of month 2 in 0)" });
  });

  it('random inputs (fast-check)', () => {
    fc.assert(
      fc.property(anyDate, (raw) => {
        expect(mismatches([raw])).toEqual([]);
      }),
      { numRuns: 50_000 },
    );
  });
});

describe('dayNumber and addMonths = the Date implementation', () => {
  const isoLike = fc.oneof(
    fc.tuple(year, fc.constantFrom('-', '/', 'x', ''), num2, fc.constantFrom('-', ''), num2, fc.constantFrom('', 'T00:00', 'x')).map((p) => p.join('')),
    fc.string({ unit: fc.constantFrom(...'0123456789- ٣'), minLength: 0, maxLength: 12 }),
  );

  it('dayNumber: every valid date 1900-2199 and random iso-like strings', () => {
    for (let day = dayNumber('1900-01-01'); day <= dayNumber('2199-12-31'); day++) {
      const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
      expect(dayNumber(iso)).toBe(day);
      expect(refDayNumber(iso)).toBe(day);
    }
    for (const iso of ['0000-01-01', '0099-12-31', '0100-03-01', '2024-00-15', '2024-13-01', '2024-02-00', '2024-02-99', '9999-12-31', '2024-3-5', '2024-03-05T10:00Z', '']) {
      expect(Object.is(dayNumber(iso), refDayNumber(iso)), iso).toBe(true);
    }
    fc.assert(
      fc.property(isoLike, (iso) => {
        expect(Object.is(dayNumber(iso), refDayNumber(iso)), iso).toBe(true);
      }),
      { numRuns: 50_000 },
    );
  });

  it('addMonths (daysInMonth table): month ends, leap years and Date.UTC two-digit years', () => {
    for (const y of YEARS) {
      for (let m = 1; m <= 12; m++) {
        for (const d of [1, 28, 29, 30, 31]) {
          for (const n of [-25, -13, -12, -1, 0, 1, 11, 12, 13, 24, 1200]) {
            const iso = `${y}-${pad2(m)}-${pad2(d)}`;
            expect(addMonths(iso, n), `${iso} + ${n}`).toBe(refAddMonths(iso, n));
          }
        }
      }
    }
    fc.assert(
      fc.property(isoLike, fc.integer({ min: -3000, max: 3000 }), (iso, n) => {
        expect(addMonths(iso, n)).toBe(refAddMonths(iso, n));
      }),
      { numRuns: 20_000 },
    );
  });
});
