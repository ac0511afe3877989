/** `--where` (src/audit/where.ts): dates compare as dates however they are written; yes/no fields take yes/no words. */
import { describe, expect, it } from 'vitest';
import { compileWhere } from '../../src/audit/where.js';
import { emptyRecord, type PlanRecord } from '../../src/records/model.js';

const rec = (finalIssued: string | undefined, lookedAfter: boolean | undefined): PlanRecord => {
  const r = emptyRecord('P1');
  if (finalIssued !== undefined) r.dates.finalIssued = finalIssued;
  if (lookedAfter !== undefined) r.child.lookedAfter = lookedAfter;
  return r;
};
const matches = (expr: string, r: PlanRecord) => compileWhere([expr])!(r);
const usage = (expr: string) => {
  try {
    compileWhere([expr]);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
};

describe('--where', () => {
  it('a date field compares as a date in any form dd/mm/yyyy reads (01-01-2024 was compared as text)', () => {
    const r = rec('2024-06-01', undefined);
    for (const v of ['01/01/2024', '1/1/2024', '01-01-2024', '01.01.2024', '2024-01-01', '2024-1-1']) {
      expect(matches(`dates.finalIssued>=${v}`, r), v).toBe(true);
      expect(matches(`dates.finalIssued<${v}`, r), v).toBe(false);
    }
    expect(matches('dates.finalIssued<01-07-2024', r)).toBe(true);
    // No date: only != holds, as for any other field.
    expect(matches('dates.finalIssued>=01/01/2024', rec(undefined, undefined))).toBe(false);
  });

  it('a date field refuses a value that is not a date', () => {
    expect(usage('dates.finalIssued>=2024')).toBe("--where 'dates.finalIssued>=2024': dates.finalIssued is a date: '2024' is not a date in the format dd/mm/yyyy; write it as dd/mm/yyyy");
    expect(usage('child.dob<31/02/2020')).toMatch(/child\.dob is a date: '31\/02\/2020' is not a real date/);
    // A regular expression on a date field is still a regular expression.
    expect(matches('dates.finalIssued~^2024', rec('2024-06-01', undefined))).toBe(true);
  });

  it('a yes/no field takes yes/no, y/n, true/false or 1/0 (=Y and =yes matched nothing)', () => {
    for (const yes of ['Y', 'yes', 'true', '1', 'YES']) {
      expect(matches(`child.lookedAfter=${yes}`, rec(undefined, true)), yes).toBe(true);
      expect(matches(`child.lookedAfter=${yes}`, rec(undefined, false)), yes).toBe(false);
      expect(matches(`child.lookedAfter!=${yes}`, rec(undefined, false)), yes).toBe(true);
    }
    expect(matches('child.lookedAfter=n', rec(undefined, false))).toBe(true);
    expect(matches('child.lookedAfter=no', rec(undefined, undefined))).toBe(false);
    expect(matches('child.lookedAfter!=no', rec(undefined, undefined))).toBe(true);
  });

  it('a yes/no field refuses other words and order comparisons', () => {
    expect(usage('child.lookedAfter=maybe')).toBe("--where 'child.lookedAfter=maybe': child.lookedAfter is yes or no: write child.lookedAfter=yes or child.lookedAfter=no");
    expect(usage('child.youthCustody>y')).toBe("--where 'child.youthCustody>y': child.youthCustody is yes or no: compare it with = or !=");
  });
});
