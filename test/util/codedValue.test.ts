/**
 * codedValue and dateValue (util/strings.ts): a coded or date field's value in a rejection's
 * reason, printed without --show-text. A code, a word or a value with digits is quoted, and so is an
 * attempt at a date; words in a row, which may name someone ('Y Mary Evans', 'Home with
 * grandmother Mary Evans', 'Jack Brown, Y3', 'sent to Mrs Brown'), are described by their length.
 */
import { describe, expect, it } from 'vitest';
import { codedValue, dateValue } from '../../src/util/strings.js';

const unshown = (n: number) => `a value of ${n.toLocaleString('en-GB')} characters (not shown: it may name someone)`;

describe('codedValue', () => {
  it('quotes codes, words and values with digits', () => {
    for (const v of ['maybe', 'Autism', 'ASDX', 'Year 15', 'Yes (S20)', 'N/A', 'Dyslexia-ish', '31/02/2024', 'NC Year 3', 'Looked after (S31)', 'Yes - Section 20', 'SEMH', 'Y3 x']) {
      expect(codedValue(v), v).toBe(`'${v}'`);
    }
  });

  it('describes words in a row by their length, and anything over 40 characters', () => {
    expect(codedValue('Y Mary Evans')).toBe(unshown(12));
    expect(codedValue('Nan (Mary)')).toBe(unshown(10));
    expect(codedValue('Home with grandmother Mary Evans')).toBe(unshown(32));
    expect(codedValue(`1${'x'.repeat(1_000_000)}`)).toBe(unshown(1_000_001));
  });

  it('describes words in a row with a digit or in capitals too: a name beside a code is a name (QA W6)', () => {
    expect(codedValue('Jack Brown, Y3')).toBe(unshown(14));
    expect(codedValue('Y3 Jack Brown')).toBe(unshown(13));
    expect(codedValue('JACK BROWN')).toBe(unshown(10));
    expect(codedValue('Mrs Zoë Öztürk 7')).toBe(unshown(16));
    // Month names are names outside a date: 'May Smith' is someone.
    expect(codedValue('May Smith 7')).toBe(unshown(11));
  });
});

describe('contact details in a coded or date cell (security QA: they were quoted, as values with digits)', () => {
  it('are described by their length: a phone number, a postcode, an email address', () => {
    for (const v of ['07700 900123', '+44 7700 900123', '01632 960123', '(01632) 960123', 'SW1A 1AA', 'jack@example.com']) {
      expect(codedValue(v), v).toBe(unshown(v.length));
      expect(dateValue(v), v).toBe(unshown(v.length));
    }
  });

  it('codes and dates that only look a little like them are still quoted', () => {
    for (const v of ['Year 15', '01/02/2020', '2024-01-02', 'N1', 'ASD 2']) expect(codedValue(v), v).toBe(`'${v}'`);
    for (const v of ['31/02/2024', '2024-13-01', '45234x']) expect(dateValue(v), v).toBe(`'${v}'`);
  });
});

describe('dateValue', () => {
  it('quotes an attempt at a date (digits, a month, separators) or a placeholder, shortened when long', () => {
    for (const v of ['31/02/2024', '1st Feb 2024', '5 Sept 24', 'Monday 5th of March 2024', '05/03/2024 10:00 AM', '2024-13-01', '45234x', '-', '//', 'TBC', 'N/A', 'Not known', 'March']) {
      expect(dateValue(v), v).toBe(`'${v}'`);
    }
    expect(dateValue(`2024-03-05 ${'0'.repeat(100)}`)).toBe(`'2024-03-05 ${'0'.repeat(28)}\u2026' (111 characters)`);
  });

  it('describes free text by its length, a date in it or not (QA W6: the reason quoted a name from a date cell)', () => {
    expect(dateValue('sent to Mrs Brown')).toBe(unshown(17));
    expect(dateValue('Jack Brown 5/3/24')).toBe(unshown(17));
    expect(dateValue('with Sarah')).toBe(unshown(10));
    expect(dateValue('pending')).toBe(unshown(7));
    // Months and weekdays are forenames too (regression QA: 'May Brown' was quoted as a date attempt).
    for (const v of ['May Brown', 'April Jones', 'Sun Li', 'Jack Brown 5/3/24']) expect(dateValue(v), v).toBe(unshown(v.length));
    // ... beside a date too (QA: 'May Brown 5/3/24' was quoted, its month read as the date's).
    for (const v of ['May Brown 5/3/24', 'April Jones 1 May 2024', 'Sun Li 2024-03-05', '5/3/24 June Patel']) expect(dateValue(v), v).toBe(unshown(v.length));
    // Surname first, in capitals, or with a capital inside (regression QA: each was still quoted).
    for (const v of ['Brown, May 5/3/24', 'May BROWN 5/3/24', 'MAY BROWN 5/3/24', 'April McDonald 1 May 2024', 'Jan de Vries 5/3/24']) expect(dateValue(v), v).toBe(unshown(v.length));
    // A note beside the date is the user's to see, in any case (regression QA: these stopped being quoted).
    for (const v of ['March Approx 2024', 'June Tbc 2024', '5 May Estimated 2024', 'Sept Intake 2024']) expect(dateValue(v), v).toBe(`'${v}'`);
    // A month or weekday before another date word, or before a number, is the date's.
    for (const v of ['Mon March 5 2024', 'Tuesday 5/3/24', 'May 5/3/24', 'Fri 1st March 2024']) expect(dateValue(v), v).toBe(`'${v}'`);
    // A misspelt month or a note beside the digits is a date mistake the user must see (regression QA).
    for (const v of ['1 Febuary 2024', 'Decmber 2023', 'Weds 1/2/24', '01/02/2024 approx', 'Spring 2024']) expect(dateValue(v), v).toBe(`'${v}'`);
  });

  it('describes initials and names run together in a coded cell (regression QA: J.Brown was quoted)', () => {
    for (const v of ['J.Brown', 'Jack.Brown', 'Mary-Jane', 'A.B.Smith']) expect(codedValue(v), v).toBe(unshown(v.length));
    for (const v of ['Dyslexia-ish', 'non-maintained', 'SpLD', 'e.g.', 'ASD-X', 'N/K', 'N.A.', 'O.K.']) expect(codedValue(v), v).toBe(`'${v}'`);
  });
});
