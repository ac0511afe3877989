/**
 * headerData.ts: the cells that make a CSV's first row a row of data (an export saved without its
 * header) and the header cells an error's list of columns leaves out.
 */
import { describe, expect, it } from 'vitest';
import { dataCells, dataRowProblem, isDateCell, isProseCell, looksLikeData } from '../../src/records/csv/headerData.js';

describe('header cells that are data', () => {
  it('a date in any format the tool reads is a date cell; a bare number or a name with a year is not', () => {
    for (const d of ['23/01/2019', '01/23/2019', '2019-01-23', '2019/01/23', '23.01.2019', '5 March 2024', '05-Mar-2024', '2024-03-05T10:00:00Z', '23/01/2019 00:00:00']) {
      expect(isDateCell(d), d).toBe(true);
    }
    for (const n of ['2024', '45234', 'Plan Ref', 'Census 2024', 'Year 3', 'EHCP-2023-00001', '31/02/2024']) expect(isDateCell(n), n).toBe(false);
  });

  it('more than 40 words is prose; column names with abbreviations, a question and a note, or a form\'s whole question are not', () => {
    expect(isProseCell(Array.from({ length: 41 }, () => 'word').join(' '))).toBe(true);
    for (const name of [
      'Has the child or young person been consulted about the plan and its outcomes?',
      'Primary SEN need type (e.g. ASD, SLCN, SEMH, MLD)',
      'No. of annual reviews held in the last 12 months',
      'Was the plan issued within 20 weeks? (Answer Yes or No)',
      'Transfer review due (Yr 6 and Yr 9 only). See guidance note 3',
      'Please confirm that the views, interests and aspirations of the child and their parents have been recorded in Section A of the plan',
      'Sec B Education Needs',
    ]) {
      expect(isProseCell(name), name).toBe(false);
    }
  });

  it('a row is data with one date cell or a cell of prose, and the reason gives counts only', () => {
    const prose = Array.from({ length: 45 }, (_, i) => (i % 9 === 8 ? 'fun.' : 'word')).join(' ');
    expect(dataRowProblem(dataCells(['Plan Ref', 'DOB', 'Final Issued', 'Plan issued on or after 01/09/2014']))).toBeUndefined();
    expect(dataRowProblem(dataCells(['P1', '23/01/2019', 'ASD']))).toBe('1 of its cells is a date');
    expect(dataRowProblem(dataCells(['P1', '23/01/2019', '24/03/2023']))).toBe('2 of its cells are dates');
    expect(dataRowProblem(dataCells(['P1', '23/01/2019', '24/03/2023']), 'dates')).toBe('2 of its cells are dates');
    expect(dataRowProblem(dataCells(['P1', prose]), 'dates')).toBeUndefined();
    expect(dataRowProblem(dataCells(['P1', prose]))).toBe('1 of its cells reads as sentences of text');
    expect(dataRowProblem(dataCells(['23/01/2019', prose]))).toBe('1 of its cells is a date and 1 reads as sentences of text');
  });

  it('a list of columns leaves out a date and a cell of more than 8 words', () => {
    expect(looksLikeData('05/03/2024')).toBe(true);
    expect(looksLikeData('The date on which the plan was last looked at by the panel')).toBe(true);
    expect(looksLikeData('Date of the most recent annual review')).toBe(false);
  });
});
