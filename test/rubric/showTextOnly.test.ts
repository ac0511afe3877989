/**
 * Which field paths only --show-text may print (rubric/fields.ts showTextOnly): the child's name,
 * id and date of birth, and the plan's own words in Sections A-J. Every field the mapping can fill
 * is listed here one way or the other, so a new field needs a decision before this test passes.
 */
import { describe, expect, it } from 'vitest';
import { FIELD_PATHS } from '../../src/records/mapping/schema.js';
import { checkPath, showTextOnly } from '../../src/rubric/fields.js';

const HIDDEN = [
  'child', 'child.name', 'child.id', 'child.dob',
  'a', 'a.childViews', 'a.parentViews', 'a.aspirations', 'a.howGathered',
  'b', 'b.items', 'c', 'c.items', 'd', 'd.items',
  'e', 'e[].text', 'e[].target',
  'f', 'f[].text', 'f[].frequency', 'f[].duration', 'f[].deliverer', 'f[].need',
  'g', 'g[].text', 'h1', 'h1[].text', 'h2', 'h2[].deliverer',
  'i', 'j',
];
const SHOWN = [
  'ref', 'phase',
  'child.ncYear', 'child.district', 'child.lookedAfter', 'child.youthCustody', 'child.electiveHomeEducation',
  'needs', 'needs.primary', 'needs.other',
  'setting', 'setting.type', 'setting.senSetting', 'setting.name', 'setting.urn',
  'dates', 'dates.request', 'dates.draftIssued', 'dates.finalIssued', 'dates.lastReview', 'dates.ceased',
  'b.none', 'c.none', 'd.none', 'e[].area',
  'k', 'k[].source', 'k[].author', 'k[].date',
  'qa', 'qa.signedOffBy', 'qa.signedOffDate',
  'extra.Caseworker', 'extra.Child Name',
];

describe('showTextOnly', () => {
  it('names the child-identifying fields and the plan text sections', () => {
    expect(showTextOnly('child.name')).toBe("a child's name");
    expect(showTextOnly('child.dob')).toBe("a child's date of birth");
    expect(showTextOnly('a.childViews')).toBe('plan text (Section A)');
    expect(showTextOnly('h1[].text')).toBe('plan text (Section H1)');
    for (const p of HIDDEN) {
      expect(checkPath(p), p).toBeUndefined();
      expect(showTextOnly(p), p).toBeDefined();
    }
  });

  it('leaves codes, flags, dates, the LA labels and extra columns alone', () => {
    // extra.<column> is the LA's own choice (a column it must not see belongs in the mapping's ignore).
    for (const p of SHOWN) {
      if (!p.startsWith('extra.')) expect(checkPath(p), p).toBeUndefined();
      expect(showTextOnly(p), p).toBeUndefined();
    }
  });

  it('has a decision for every field the mapping fills', () => {
    for (const p of FIELD_PATHS) expect(HIDDEN.includes(p) || SHOWN.includes(p), `${p} is in neither list`).toBe(true);
  });
});
