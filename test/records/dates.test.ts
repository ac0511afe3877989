import { describe, expect, it } from 'vitest';
import { addMonths, dayNumber, isoDateProblem, parseAsOf, parseDate, parseWrittenDate, ukDate } from '../../src/records/dates.js';

const ok = (raw: string, format?: Parameters<typeof parseDate>[1]) => {
  const p = parseDate(raw, format);
  if (!p.ok) throw new Error(p.reason);
  return p.iso;
};
const reason = (raw: string, format?: Parameters<typeof parseDate>[1]) => {
  const p = parseDate(raw, format);
  if (p.ok) throw new Error(`expected an error for ${raw}, got ${p.iso}`);
  return p.reason;
};

describe('parseDate (UK conventions: dd/mm/yyyy unless the mapping says otherwise)', () => {
  it('reads dd/mm/yyyy, with - or . separators, and an exported time part', () => {
    expect(ok('05/03/2024')).toBe('2024-03-05');
    expect(ok('5/3/2024')).toBe('2024-03-05');
    expect(ok('05-03-2024')).toBe('2024-03-05');
    expect(ok('05.03.2024')).toBe('2024-03-05');
    expect(ok('05/03/2024 00:00:00')).toBe('2024-03-05');
    expect(ok(' 29/02/2024 ')).toBe('2024-02-29');
  });
  it('always accepts ISO dates', () => {
    expect(ok('2024-03-05')).toBe('2024-03-05');
    expect(ok('2024-03-05T10:00:00Z')).toBe('2024-03-05');
  });
  it('reads "5 March 2024" style dates', () => {
    expect(ok('5 March 2024')).toBe('2024-03-05');
    expect(ok('21st Sept 2023')).toBe('2023-09-21');
  });
  it('reads dd-mon-yyyy (Oracle and SQL Server exports), under any date format, and refuses a 2-digit year or a word that is not a month', () => {
    expect(ok('05-Mar-2024')).toBe('2024-03-05');
    expect(ok('5-MAR-2024 00:00:00')).toBe('2024-03-05');
    expect(ok('05/Mar/2024', 'mm/dd/yyyy')).toBe('2024-03-05');
    expect(ok('30-September-2024', 'yyyy-mm-dd')).toBe('2024-09-30');
    expect(reason('05-Mar-24')).toBe("'05-Mar-24' has a 2-digit year: write the year in full (yyyy)");
    expect(reason('31-Feb-2024')).toMatch(/not a real date/);
    expect(reason('05-Mar 2024')).toMatch(/is not a date in the format/);
    expect(reason('05 Marchy 2024')).toMatch(/is not a date in the format/);
    expect(reason('05 Mayday 2024')).toMatch(/is not a date in the format/);
  });
  it("says a 5-digit number looks like a spreadsheet's date serial number", () => {
    expect(reason('45234')).toBe("'45234' is not a date in the format dd/mm/yyyy (it looks like a spreadsheet's date serial number: give the column format: excel-serial in the mapping, or format it as dates before exporting)");
    expect(reason('1234')).toBe("'1234' is not a date in the format dd/mm/yyyy");
  });
  it('reads date serial numbers under excel-serial (the 1900 date system), and ISO dates, and nothing else', () => {
    expect(ok('45234', 'excel-serial')).toBe('2023-11-04');
    expect(ok('45234.75', 'excel-serial')).toBe('2023-11-04'); // 18:00 dropped
    expect(ok('61', 'excel-serial')).toBe('1900-03-01');
    expect(ok('25569', 'excel-serial')).toBe('1970-01-01');
    expect(ok('2023-11-04', 'excel-serial')).toBe('2023-11-04');
    expect(reason('60', 'excel-serial')).toBe("'60' is a date serial number before 01/03/1900, which spreadsheets count wrongly");
    expect(reason('04/11/2023', 'excel-serial')).toBe("'04/11/2023' is not a date serial number (the mapping says excel-serial)");
    expect(reason('-5', 'excel-serial')).toMatch(/not a date serial number/);
    expect(reason('999999', 'excel-serial')).toBe("'999999' is a date serial number after 2199");
  });
  it('rejects impossible dates rather than rolling them over', () => {
    expect(reason('31/02/2024')).toMatch(/not a real date/);
    expect(reason('29/02/2023')).toMatch(/not a real date/);
    expect(reason('2024-13-01')).toMatch(/month 13/);
  });
  it('never guesses a month-first date under dd/mm/yyyy, and says so', () => {
    expect(reason('02/28/2024')).toMatch(/month 28.*month-first/);
  });
  it('reads month-first only when the mapping says mm/dd/yyyy', () => {
    expect(ok('02/28/2024', 'mm/dd/yyyy')).toBe('2024-02-28');
    expect(reason('28/02/2024', 'mm/dd/yyyy')).toMatch(/month 28/);
  });
  it('drops only a real time of day, and refuses a day or month of three digits', () => {
    expect(ok('05/03/2024 23:59')).toBe('2024-03-05');
    expect(ok('2024-03-05T23:59:59+01:00')).toBe('2024-03-05');
    expect(reason('05/03/2016 99:99')).toMatch(/not a date/);
    expect(reason('05/03/2016 24:00')).toMatch(/not a date/);
    expect(reason('05/03/2016 10:60')).toMatch(/not a date/);
    expect(reason('2024-03-05T10:00:00+25:00')).toMatch(/not a date/);
    expect(reason('005/03/2016')).toMatch(/not a date/);
    // US exports: a 12-hour time with AM/PM.
    expect(ok('1/23/2019 12:00:00 AM', 'mm/dd/yyyy')).toBe('2019-01-23');
    expect(ok('23/01/2019 3:15 pm')).toBe('2019-01-23');
    expect(reason('1/23/2019 13:00 PM', 'mm/dd/yyyy')).toMatch(/not a date/);
    expect(reason('1/23/2019 0:30 AM', 'mm/dd/yyyy')).toMatch(/not a date/);
    expect(reason('05/003/2016')).toMatch(/not a date/);
  });
  it('isoDateProblem: the record model\'s dates are real calendar dates as YYYY-MM-DD', () => {
    expect(isoDateProblem('2024-02-29')).toBeUndefined();
    expect(isoDateProblem('2019-02-31')).toMatch(/not a real date/);
    expect(isoDateProblem('2025-11-31')).toMatch(/not a real date/);
    expect(isoDateProblem('2019-13-01')).toMatch(/month 13/);
    expect(isoDateProblem('2019-00-10')).toMatch(/month 0/);
    expect(isoDateProblem('1899-12-31')).toMatch(/outside 1900-2199/);
    expect(isoDateProblem('05/03/2024')).toBe('expected a date as YYYY-MM-DD');
    expect(isoDateProblem('2024-3-5')).toBe('expected a date as YYYY-MM-DD');
  });
  it('refuses two-digit years and text', () => {
    expect(reason('05/03/24')).toMatch(/2-digit year/);
    expect(reason('next Tuesday')).toMatch(/not a date/);
    expect(reason('')).toMatch(/not a date/);
  });
  it('answers the same text by its format, every time', () => {
    for (let i = 0; i < 3; i++) {
      expect(parseDate('03/04/2026', 'dd/mm/yyyy')).toEqual({ ok: true, iso: '2026-04-03' });
      expect(parseDate('03/04/2026', 'mm/dd/yyyy')).toEqual({ ok: true, iso: '2026-03-04' });
      expect(parseDate(' 03-04-2026 ', 'dd-mm-yyyy')).toEqual({ ok: true, iso: '2026-04-03' });
      expect(parseDate('03-04-2026', 'dd.mm.yyyy').ok).toBe(false);
      expect(parseDate('31/02/2026', 'dd/mm/yyyy').ok).toBe(false);
    }
  });

  it('dayNumber, addMonths (clamped to month end) and ukDate', () => {
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('2024-03-05') - dayNumber('2024-02-28')).toBe(6);
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-11-30', 3)).toBe('2024-02-29');
    expect(addMonths('2024-05-15', -12)).toBe('2023-05-15');
    expect(ukDate('2024-03-05')).toBe('05/03/2024');
  });
});

describe('parseWrittenDate (--as-of, --where, config files: dd/mm/yyyy, yyyy-mm-dd or a month by name)', () => {
  it('says a month-first value looks month-first without sending the user to the mapping, which has no say here', () => {
    for (const parse of [parseWrittenDate, parseAsOf]) {
      expect(parse('11/26/2026')).toEqual({ ok: false, reason: "'11/26/2026' has month 26, which does not exist under dd/mm/yyyy (it looks month-first)" });
      expect(parse('26/11/2026')).toEqual({ ok: true, iso: '2026-11-26' });
      expect(parse('2026-11-26')).toEqual({ ok: true, iso: '2026-11-26' });
    }
    // An export's cell keeps the advice: there the mapping's format is what reads it.
    expect(parseDate('11/26/2026')).toMatchObject({ reason: expect.stringContaining('set the date format in the mapping') });
  });
  it('reads dd/mm/yyyy (with / - or .), yyyy-mm-dd and a month by name, and nothing more', () => {
    for (const raw of ['26/11/2026', '26-11-2026', '26.11.2026', '2026-11-26', '26 Nov 2026', '26th November 2026', '26-Nov-2026', ' 26/11/2026 ']) {
      expect([raw, parseWrittenDate(raw)]).toEqual([raw, { ok: true, iso: '2026-11-26' }]);
    }
  });
  it('refuses a time of day, with or without an offset, rather than dropping it', () => {
    expect(parseAsOf('26/11/2026 10:00')).toEqual({ ok: false, reason: "'26/11/2026 10:00' has a time of day: give the date alone" });
    expect(parseAsOf('2026-11-26T00:00:00Z')).toEqual({ ok: false, reason: "'2026-11-26T00:00:00Z' has a time of day: give the date alone" });
    expect(parseAsOf('26 Nov 2026 3:15 pm')).toMatchObject({ ok: false, reason: expect.stringContaining('has a time of day') });
  });
  it('never sends the user to a mapping, which has no say over a date written on the command line', () => {
    expect(parseAsOf('2026/11/26')).toEqual({ ok: false, reason: "'2026/11/26' is year-first, which is read only as yyyy-mm-dd (2026-11-26)" });
    expect(parseAsOf('2026.11.26 10:00')).toEqual({ ok: false, reason: "'2026.11.26 10:00' is year-first, which is read only as yyyy-mm-dd (2026-11-26)" });
    expect(parseAsOf('45234')).toEqual({ ok: false, reason: "'45234' is not a date (it looks like a spreadsheet's date serial number)" });
    for (const raw of ['2026/11/26', '45234', '11/26/2026', '26/11/26', 'tomorrow', '2026-11-26T10:00:00+25:00', '31/02/2026']) {
      const p = parseWrittenDate(raw);
      expect([raw, p.ok, p.ok ? '' : p.reason]).toEqual([raw, false, expect.not.stringMatching(/mapping/)]);
    }
  });
});

describe('a date-time with a UTC offset is the date of that instant in England', () => {
  // One moment, written as a system storing UTC writes it and as local time: one date, 01/06/2024.
  const cases: [string, string, Parameters<typeof parseDate>[1]?][] = [
    ['2024-05-31T23:00:00Z', '2024-06-01'],
    ['2024-06-01T00:00:00+01:00', '2024-06-01'],
    ['2024-05-31T23:00:00.000+0000', '2024-06-01'],
    ['31/05/2024 23:00:00 -05:00', '2024-06-01'],
    ['31/05/2024 17:59 -05:00', '2024-05-31'],
    ['2024-05-31T22:59:59Z', '2024-05-31'],
    // Short spellings too (under 17 characters they were cut to their date part).
    ['1/6/2024 23:00Z', '2024-06-02'],
    ['2024-5-31T23:00Z', '2024-06-01'],
    ['1/6/2024 0:00Z', '2024-06-01'],
    ['5 June 2024 23:30 +0100', '2024-06-05'],
    ['06/01/2024 23:00:00Z', '2024-06-02', 'mm/dd/yyyy'],
    ['2024-05-31T23:00:00Z', '2024-06-01', 'excel-serial'],
    // Winter: England is on UTC, so Z is the date as written.
    ['2024-12-31T23:30:00Z', '2024-12-31'],
    ['2024-12-31T23:30:00-01:00', '2025-01-01'],
    // The clock changes of 2024 (31 March and 27 October, at 01:00 UTC).
    ['2024-03-30T23:30:00Z', '2024-03-30'],
    ['2024-03-31T23:30:00Z', '2024-04-01'],
    ['2024-10-26T23:30:00Z', '2024-10-27'],
    ['2024-10-27T23:30:00Z', '2024-10-27'],
    // Without an offset the time is England's already: only the date part counts.
    ['2024-05-31T23:00:00', '2024-05-31'],
    ['31/05/2024 23:00:00', '2024-05-31'],
  ];
  for (const tz of ['UTC', 'Europe/London', 'Pacific/Auckland', 'America/Los_Angeles']) {
    it(`whatever the machine's time zone (TZ=${tz})`, () => {
      const before = process.env['TZ'];
      process.env['TZ'] = tz;
      try {
        for (const [raw, iso, format] of cases) expect([raw, ok(raw, format)]).toEqual([raw, iso]);
      } finally {
        if (before === undefined) delete process.env['TZ'];
        else process.env['TZ'] = before;
      }
    });
  }
  it('keeps the years read: an instant that falls before 1900 in England is refused', () => {
    expect(reason('1900-01-01T00:30:00+01:00')).toBe("'1900-01-01T00:30:00+01:00' has year 1899, outside 1900-2199");
  });
});
