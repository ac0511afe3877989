/**
 * List splitting in compileMapping (the newline fast path and the bullet-strip pre-check) against
 * the split / replace / trim / filter chain it replaced, through a real mapper.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileMapping, excelError } from '../../src/records/mapping/compile.js';
import { mappingSchema } from '../../src/records/mapping/schema.js';

const SEPARATORS: Record<string, RegExp | string> = { newline: /\r\n|\r|\n/, semicolon: ';', pipe: '|', comma: ',' };
function refSplit(sep: string, s: string): string[] {
  const by = SEPARATORS[sep] ?? sep;
  return s
    .split(by)
    .map((x) => x.replace(/^\s*(?:[-*•·]|\d{1,2}[.)])\s+/, '').trim())
    .filter((x) => x.length > 0);
}

const header = ['Ref', 'Provision', 'Outcomes', 'Other needs'];
const mapping = mappingSchema().parse({
  fields: { ref: 'Ref', f: 'Provision', e: { column: 'Outcomes', split: 'semicolon' }, 'needs.other': { column: 'Other needs', split: 'pipe' } },
});
const { mapper } = compileMapping(mapping, header, '2026-11-26');

const texts = (raw: string, sep: string) => (raw.trim() === '' ? [] : refSplit(sep, raw)).map((text) => ({ text }));

describe('compileMapping list splitting = the regex chain', () => {
  const unit = fc.constantFrom(' ', '\t', '\n', '\r', '\r\n', '\u00a0', '\u3000', '\ufeff', ';', '|', '-', '*', '•', '·', '1', '12', '123', '.', ')', 'a', 'B', '٣', '–', '+');
  const cell = fc.oneof(fc.string({ unit, maxLength: 24 }), fc.string({ maxLength: 12 }));

  it('fixed cases', () => {
    for (const raw of ['- SaLT 30 minutes weekly\r\n• OT 1 hour termly\n\n3) TA daily', 'one item', '  - ', '-', '1. x', '123. x', '· a\r\rb', '\u00a0- a', 'a\u2028b', '12)   ', ' 7.\tseven']) {
      expect(mapper(['P', raw, '', '']).record.f, raw).toEqual(texts(raw, 'newline'));
      expect(mapper(['P', '', raw, '']).record.e, raw).toEqual(texts(raw, 'semicolon'));
    }
  });

  it('random cells (fast-check)', () => {
    fc.assert(
      fc.property(cell, cell, (a, b) => {
        // One of Excel's error values ('##') rejects the row, read as a blank cell (test/cli/excelDamage.test.ts).
        fc.pre(excelError(a) === undefined && excelError(b) === undefined);
        const { record } = mapper(['P', a, b, '']);
        expect(record.f).toEqual(texts(a, 'newline'));
        expect(record.e).toEqual(texts(b, 'semicolon'));
      }),
      { numRuns: 20_000 },
    );
  });
});
