/** `--where` (src/audit/where.ts): dates compare as dates however they are written; yes/no fields take yes/no words. */
import { describe, expect, it } from 'vitest';
import { compileWhere, normaliseWhere } from '../../src/audit/where.js';
import { emptyRecord, type PlanRecord } from '../../src/records/model.js';
import { evalContext } from '../../src/rubric/types.js';

const CTX = evalContext('2026-11-26');

const rec = (finalIssued: string | undefined, lookedAfter: boolean | undefined): PlanRecord => {
  const r = emptyRecord('P1');
  if (finalIssued !== undefined) r.dates.finalIssued = finalIssued;
  if (lookedAfter !== undefined) r.child.lookedAfter = lookedAfter;
  return r;
};
const matches = (expr: string, r: PlanRecord) => compileWhere([expr], CTX)!(r);
const usage = (expr: string) => {
  try {
    compileWhere([expr], CTX);
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
    expect(usage('dates.finalIssued>=2024')).toBe("--where 'dates.finalIssued>=2024': dates.finalIssued is a date: '2024' is not a date in the format dd/mm/yyyy; write it as dd/mm/yyyy or yyyy-mm-dd");
    expect(usage('child.dob<31/02/2020')).toMatch(/child\.dob is a date: '31\/02\/2020' is not a real date/);
    // A --where date is always dd/mm/yyyy: the mapping's date format, which the old advice named, does not apply to it.
    expect(usage('dates.finalIssued>=01/13/2024')).toBe(
      "--where 'dates.finalIssued>=01/13/2024': dates.finalIssued is a date: '01/13/2024' has month 13, which does not exist under dd/mm/yyyy (it looks month-first); write it as dd/mm/yyyy or yyyy-mm-dd",
    );
    expect(usage('extra.Review>=01/13/2024')).toBe("--where 'extra.Review>=01/13/2024': '01/13/2024' has month 13, which does not exist under dd/mm/yyyy (it looks month-first); write it as dd/mm/yyyy or yyyy-mm-dd");
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

  it("a section's 'no needs in this area' (c.none) is yes or no too, as in a rubric condition (c.none=yes matched nothing)", () => {
    const none = emptyRecord('P1');
    none.c = { items: [], none: true };
    const some = emptyRecord('P2');
    some.c = { items: ['needs'], none: false };
    for (const yes of ['yes', 'Y', 'true']) {
      expect(matches(`c.none=${yes}`, none), yes).toBe(true);
      expect(matches(`c.none=${yes}`, some), yes).toBe(false);
    }
    expect(matches('c.none=no', some)).toBe(true);
    expect(usage('b.none=maybe')).toBe("--where 'b.none=maybe': b.none is yes or no: write b.none=yes or b.none=no");
  });

  it('~ (text) is refused on a yes/no, date or year field, which hold values (child.lookedAfter~yes quietly matched no plan); on a code it tests the code', () => {
    expect(usage('child.lookedAfter~yes')).toBe("--where 'child.lookedAfter~yes': child.lookedAfter is yes or no: use = or != (child.lookedAfter=yes); ~ tests text");
    expect(usage('dates.finalIssued~/2024$')).toBe("--where 'dates.finalIssued~/2024$': dates.finalIssued is a date: compare it with = != < <= > >= (dates.finalIssued>=01/01/2024); ~ tests text");
    expect(usage('yearGroup~9')).toMatch(/yearGroup is a year: compare it with/);
    expect(usage('child.ncYear~Year')).toMatch(/child.ncYear is a year: compare it with/);
    expect(usage('c.none~y')).toMatch(/c.none is yes or no: use = or !=/);
    const asd = emptyRecord('P1');
    asd.needs.primary = 'ASD';
    expect(matches('needs.primary~^as', asd)).toBe(true);
    expect(matches('needs.primary~^se', asd)).toBe(false);
  });
});

describe('--where on extra.<column> dates: read in the export date format, never compared as text', () => {
  const withDue = (ref: string, due: string | undefined): PlanRecord => {
    const r = emptyRecord(ref);
    if (due !== undefined) r.extra['Review Due'] = due;
    return r;
  };
  const refsMatching = (expr: string, dues: (string | undefined)[], format?: 'dd/mm/yyyy' | 'mm/dd/yyyy') => {
    const f = compileWhere([expr], evalContext('2026-11-26', format))!;
    return dues.map((d, i) => withDue(`P${i + 1}`, d)).filter((r) => f(r)).map((r) => r.ref);
  };

  it('dd/mm/yyyy (the default): 20/07/2026 is after 01/06/2026 (as text it was before)', () => {
    const dues = ['15/03/2026', '2026-03-15', '20/07/2026', undefined, '', '01/06/2026', '1/5/2026 00:00'];
    expect(refsMatching('extra.Review Due<01/06/2026', dues)).toEqual(['P1', 'P2', 'P7']);
    expect(refsMatching('extra.Review Due>=01/06/2026', dues)).toEqual(['P3', 'P6']);
    expect(refsMatching('extra.Review Due=01/06/2026', dues)).toEqual(['P6']);
    // No value (absent or blank): only != holds, as for any field.
    expect(refsMatching('extra.Review Due!=01/06/2026', dues)).toEqual(['P1', 'P2', 'P3', 'P4', 'P5', 'P7']);
    // The value may be written in any form dd/mm/yyyy reads (01-06-2026 was compared as text).
    expect(refsMatching('extra.Review Due<01-06-2026', dues)).toEqual(['P1', 'P2', 'P7']);
    expect(refsMatching('extra.Review Due<1.6.2026', dues)).toEqual(['P1', 'P2', 'P7']);
  });

  it("mm/dd/yyyy (the mapping's dates): the record's values are read month-first, the --where value stays dd/mm/yyyy", () => {
    const dues = ['03/15/2026', '07/20/2026', '06/01/2026', '2026-03-15'];
    expect(refsMatching('extra.Review Due<01/06/2026', dues, 'mm/dd/yyyy')).toEqual(['P1', 'P4']);
    expect(refsMatching('extra.Review Due=01/06/2026', dues, 'mm/dd/yyyy')).toEqual(['P3']);
  });

  it('a value that is not a date matches nothing, not even !=, and is counted with the first plan', () => {
    const f = compileWhere(['extra.Review Due!=01/06/2026', 'child.district=Northmoor'], CTX)!;
    const recs = [withDue('P1', '31/02/2026'), withDue('P2', '15/03/2026'), withDue('P3', 'next spring'), withDue('P4', '03/15/2026')];
    const seen = recs.map((r) => [f(r), f.lastUnreadable()]);
    // Every expression is tested: P1 is counted though child.district fails too.
    expect(seen).toEqual([
      [false, [0]],
      [false, undefined],
      [false, [0]],
      [false, [0]],
    ]);
    expect(f.warnings()).toEqual([
      "--where 'extra.Review Due!=01/06/2026': 3 plans have a 'Review Due' that is not a date (read as dd/mm/yyyy, the export's date format), so they do not match (the first: plan P1)",
    ]);
  });

  it('count() adds what another thread found (lastUnreadable there); the first plan counted stays the first', () => {
    const f = compileWhere(['extra.Review Due<01/06/2026'], CTX, '--include')!;
    expect(f.warnings()).toEqual([]);
    f.count([0], 'P9');
    expect(f(withDue('P10', 'soon'))).toBe(false);
    expect(f.warnings()).toEqual([
      "--include 'extra.Review Due<01/06/2026': 2 plans have a 'Review Due' that is not a date (read as dd/mm/yyyy, the export's date format), so they do not match (the first: plan P9)",
    ]);
  });

  it('a regular expression on an extra column is still a regular expression; an impossible date value is a usage error', () => {
    expect(refsMatching('extra.Review Due~^15/', ['15/03/2026', '2026-03-15'])).toEqual(['P1']);
    expect(usage('extra.Review Due<31/02/2026')).toMatch(/'31\/02\/2026' is not a real date/);
  });
});

describe('normaliseWhere: an expression as --where reads it, to tell whether two filters are the same', () => {
  // Each group: expressions written differently that select the same plans, and their one text.
  const same: [string, string[]][] = [
    ['child.district = northmoor', ['child.district = Northmoor', 'child.district=northmoor', '  child.district=NORTHMOOR ']],
    ['dates.finalIssued >= 2024-01-01', ['dates.finalIssued>=01/01/2024', 'dates.finalIssued >= 2024-01-01', 'dates.finalIssued>=1.1.2024']],
    ['child.lookedAfter = yes', ['child.lookedAfter=Y', 'child.lookedAfter = true', 'child.lookedAfter=1']],
    ['needs.primary = ASD', ['needs.primary=ASD', 'needs.primary = Autistic spectrum disorder', 'needs.primary=asd']],
    ['phase = KS2', ['phase=KS2', 'phase = ks2']],
    ['child.ncYear >= 9', ['child.ncYear>=9', 'child.ncYear >= Year 9', 'child.ncYear>=Y9']],
    ['extra.Caseworker = 9', ['extra.Caseworker=09', 'extra.Caseworker = 9']],
    ['extra.Review Due < 2026-06-01', ['extra.Review Due<01/06/2026', 'extra.Review Due<2026-06-01']],
  ];

  const recs = (() => {
    const out: PlanRecord[] = [];
    const districts = ['Northmoor', 'northmoor', 'Southmoor'];
    const primary = ['ASD', 'SLCN'] as const;
    for (let i = 0; i < 6; i++) {
      const r = emptyRecord(`P${i}`);
      r.child.district = districts[i % 3]!;
      r.child.lookedAfter = i % 2 === 0;
      r.child.ncYear = 4 + i;
      r.needs.primary = primary[i % 2]!;
      r.dates.finalIssued = `${2022 + i}-03-01`;
      r.extra = { Caseworker: i === 3 ? '9' : `CW${i}`, 'Review Due': `01/0${i + 4}/2026` };
      out.push(r);
    }
    return out;
  })();

  it.each(same)('%s', (text, exprs) => {
    for (const e of exprs) {
      expect(normaliseWhere(e), e).toBe(text);
      // The same text for the same filter: every spelling selects the same plans.
      expect(recs.map((r) => compileWhere([e], CTX)!(r)), e).toEqual(recs.map((r) => compileWhere([exprs[0]!], CTX)!(r)));
    }
  });

  it('keeps filters apart that select different plans', () => {
    const differ = [
      ['child.district=Northmoor', 'child.district=Southmoor'],
      ['child.district=Northmoor', 'child.district!=Northmoor'],
      ['dates.finalIssued>=01/01/2024', 'dates.finalIssued>01/01/2024'],
      ['child.district=North moor', 'child.district=Northmoor'],
      ['extra.Caseworker=CW1', 'extra.Caseworker=CW2'],
    ];
    for (const [a, b] of differ) expect(normaliseWhere(a!), `${a} / ${b}`).not.toBe(normaliseWhere(b!));
  });

  it('keeps a regular expression as written (\\d and \\D differ), and an expression --where would refuse as written', () => {
    expect(normaliseWhere('extra.Caseworker ~ ^CW\\d')).toBe('extra.Caseworker ~ ^CW\\d');
    expect(normaliseWhere('extra.Caseworker~^CW\\D')).not.toBe(normaliseWhere('extra.Caseworker~^CW\\d'));
    expect(normaliseWhere('child.lookedAfter=Maybe')).toBe('child.lookedAfter = Maybe');
    expect(normaliseWhere('not an expression')).toBe('not an expression');
  });
});
