import { describe, expect, it } from 'vitest';
import { compileError, plan, run } from './helpers.js';

const golden = {
  type: 'thread',
  links: [
    { label: 'health needs recorded -> health provision (Section G)', if: { field: 'c', present: true }, then: { field: 'g', present: true } },
    { label: 'social care needs recorded -> social care provision (H1/H2)', if: { field: 'd', present: true }, then: { any: [{ field: 'h1', present: true }, { field: 'h2', present: true }] } },
    {
      label: 'health needs recorded -> health advice in Section K',
      if: { field: 'c', present: true },
      then: [{ field: 'k[].source', contains: 'health' }, { field: 'k', present: true }],
    },
  ],
};

const needs = (...items: string[]) => ({ items, none: false });

describe('thread', () => {
  it('no link applies -> not applicable', () => {
    expect(run(golden, plan())).toEqual({ rating: 'na', reasons: ['no link applies'] });
    expect(run(golden, plan({ c: { items: [], none: true } }))).toEqual({ rating: 'na', reasons: ['no link applies'] });
  });

  it('all applicable links satisfied -> met', () => {
    const r = run(golden, plan({ c: needs('Epilepsy'), g: [{ text: 'Epilepsy care plan' }], k: [{ source: 'health' }] }));
    expect(r).toEqual({ rating: 'met', reasons: [] });
  });

  it('none satisfied -> not met, reasons name the link and the failed then', () => {
    const r = run(golden, plan({ c: needs('Epilepsy'), d: needs('Respite') }));
    expect(r).toEqual({
      rating: 'not_met',
      reasons: [
        'health needs recorded -> health provision (Section G): Section G is empty',
        'social care needs recorded -> social care provision (H1/H2): Section H1 is empty and Section H2 is empty',
        "health needs recorded -> health advice in Section K: k[].source does not include 'health'; Section K is empty",
      ],
    });
  });

  it('some satisfied -> partly with credit satisfied / applicable', () => {
    const r = run(golden, plan({ c: needs('Epilepsy'), d: needs('Respite'), h2: [{ text: 'Short breaks 2 nights a month' }], k: [{ source: 'education' }] }));
    expect(r.rating).toBe('partly');
    expect(r.credit).toBeCloseTo(1 / 3, 10);
    expect(r.reasons).toEqual([
      'health needs recorded -> health provision (Section G): Section G is empty',
      "health needs recorded -> health advice in Section K: k[].source does not include 'health'",
    ]);
  });

  it('conditions in words: numbers, not recorded, in, not, all, none_counts', () => {
    const spec = {
      type: 'thread',
      links: [
        { label: 'Year 9+ -> PfA', if: { field: 'child.ncYear', gte: 9 }, then: [{ field: 'e[].area', contains: 'employment' }] },
        { label: 'C answered', if: { field: 'ref', present: true }, then: { field: 'c', present: true, none_counts: false } },
        { label: 'age known', if: { field: 'ref', present: true }, then: { all: [{ field: 'child.ncYear', lte: 14 }, { field: 'setting.senSetting', in: ['NEET', 'EHE'] }] } },
        { label: 'not EHE', if: { field: 'ref', present: true }, then: { not: { field: 'setting.senSetting', eq: 'EHE' } } },
      ],
    };
    const r = run(spec, plan({ child: { ncYear: 10 }, c: { items: [], none: true }, setting: { senSetting: 'EHE' } }));
    expect(r.rating).toBe('partly');
    expect(r.credit).toBe(0.25);
    expect(r.reasons).toEqual([
      "Year 9+ -> PfA: e[].area does not include 'employment'",
      "C answered: Section C has no items ('no needs in this area' does not count here)",
      "not EHE: setting.senSetting is 'EHE'",
    ]);
    const r2 = run(spec, plan({ c: needs('x') }));
    expect(r2).toEqual({ rating: 'partly', credit: 2 / 3, reasons: ['age known: child.ncYear not recorded; setting.senSetting not recorded'] });
    const r3 = run(spec, plan({ child: { ncYear: 15 }, c: needs('x'), setting: { senSetting: 'OLA' } }));
    expect(r3.reasons).toEqual([
      "Year 9+ -> PfA: e[].area does not include 'employment'",
      "age known: child.ncYear is above 14; setting.senSetting is not one of 'NEET', 'EHE'",
    ]);
  });

  it('a failed not names what holds', () => {
    const link = (then: unknown) => ({ type: 'thread', links: [{ label: 'draft', if: { field: 'ref', present: true }, then }] });
    const both = plan({ i: 'Oak School', j: 'None' });
    const notAny = link({ not: { any: [{ field: 'i', present: true }, { field: 'j', present: true }] } });
    expect(run(notAny, plan({ i: 'Oak School' })).reasons).toEqual(['draft: Section I is filled in']);
    expect(run(notAny, both).reasons).toEqual(['draft: Section I is filled in; Section J is filled in']);
    expect(run(notAny, plan()).rating).toBe('met');
    const notAll = link({ not: { all: [{ field: 'i', present: true }, { field: 'j', present: true }] } });
    expect(run(notAll, both).reasons).toEqual(['draft: Section I is filled in and Section J is filled in']);
    expect(run(notAll, plan({ i: 'Oak School' })).rating).toBe('met');
    expect(run(link({ not: { not: { field: 'k', present: true } } }), plan()).reasons).toEqual(['draft: Section K is empty']);
  });

  it('dates against the as-of date or a fixed date: a plan ceasing after the as-of date is still live', () => {
    const live = {
      type: 'thread',
      links: [{ label: 'live plan -> reviewed since 01/09/2025', if: { not: { field: 'dates.ceased', lte: 'as_of' } }, then: { field: 'dates.lastReview', gte: '01/09/2025' } }],
    };
    // Ceased on the as-of date (26/11/2026) or before: the link does not apply.
    expect(run(live, plan({ dates: { ceased: '2026-11-26' } })).rating).toBe('na');
    // Ceasing later, or not ceased: the link applies.
    expect(run(live, plan({ dates: { ceased: '2026-11-27', lastReview: '2025-09-01' } })).rating).toBe('met');
    expect(run(live, plan({ dates: { lastReview: '2025-08-31' } })).reasons).toEqual(['live plan -> reviewed since 01/09/2025: dates.lastReview is before 01/09/2025']);
    expect(run(live, plan())).toEqual({ rating: 'not_met', reasons: ['live plan -> reviewed since 01/09/2025: dates.lastReview not recorded'] });
    const why = { type: 'thread', links: [{ label: 'L', if: { field: 'c', present: false }, then: { field: 'dates.ceased', gt: 'as_of' } }] };
    expect(run(why, plan({ dates: { ceased: '2026-01-01' } })).reasons).toEqual(['L: dates.ceased is not after the as-of date']);
    // An extra column's date is read as a date (dd/mm/yyyy here), not compared as text.
    const extra = { type: 'thread', links: [{ label: 'E', if: { field: 'c', present: false }, then: { field: 'extra.Decision', lt: '2024-03-01' } }] };
    expect(run(extra, plan({ extra: { Decision: '29/02/2024' } })).rating).toBe('met');
    expect(run(extra, plan({ extra: { Decision: '01/03/2024' } })).rating).toBe('not_met');
    expect(run(extra, plan({ extra: { Decision: 'soon' } })).rating).toBe('not_met');
  });

  it('a date bound must be a date or as_of', () => {
    const bad = { type: 'thread', links: [{ label: 'L', if: { field: 'dates.ceased', lte: '31/02/2026' }, then: { field: 'g', present: true } }] };
    expect(compileError(bad)).toBe("links.0.if.lte: '31/02/2026' is not a real date (day 31 of month 2 in 2026); write a real date (dd/mm/yyyy) or as_of");
    expect(compileError({ ...bad, links: [{ ...bad.links[0], if: { field: 'dates.ceased', lte: 'today' } }] })).toBe('links.0.if.lte: expected a number, a date (dd/mm/yyyy) or as_of');
  });

  it('compile-time errors locate the field inside the condition', () => {
    const bad = (c: unknown) => ({ type: 'thread', links: [golden.links[0], { label: 'x', if: { field: 'c', present: true }, then: c }] });
    expect(compileError(bad({ field: 'sectionG', present: true }))).toMatch(/^links\.1\.then\.field: unknown field 'sectionG'/);
    expect(compileError(bad([{ field: 'g', present: true }, { any: [{ field: 'h1', present: true }, { field: 'H2', present: true }] }]))).toMatch(
      /^links\.1\.then\.1\.any\.1\.field: unknown field 'H2'/,
    );
    expect(compileError(bad({ field: 'extra.Notes', matches: '(' }))).toMatch(/^links\.1\.then\.matches: bad regular expression/);
    expect(compileError({ type: 'thread', links: [{ label: 'x', if: { not: { field: 'cc', present: true } }, then: { field: 'g', present: true } }] })).toMatch(
      /^links\.0\.if\.not\.field: unknown field 'cc'/,
    );
    expect(compileError({ type: 'thread', links: [] })).toMatch(/^links: /);
    expect(compileError(bad({ field: 'g' }))).toMatch(/^links\.1\.then/);
  });
});
