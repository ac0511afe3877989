import { describe, expect, it } from 'vitest';
import { capByCause } from '../../src/compare/capList.js';

describe('capByCause', () => {
  it('shows the first three problems of a cause, then how many more; causes in order of first appearance', () => {
    const notInSample = Array.from({ length: 580 }, (_, i) => `ann.csv:${i + 2}: plan 'EHCP-2026-${String(i).padStart(5, '0')}' is not in the sample (other.json)`);
    const lines = [...notInSample.slice(0, 2), "ann.csv:9: rating 'good' is not on the scale", ...notInSample.slice(2), "ben.csv:4: plan 'X' is not in the sample (other.json)"];
    expect(capByCause(lines)).toEqual([
      ...notInSample.slice(0, 3),
      '... and 577 more like it',
      "ann.csv:9: rating 'good' is not on the scale",
      "ben.csv:4: plan 'X' is not in the sample (other.json)",
    ]);
  });

  it('tells duplicates apart from other causes but not by the lines and cells they quote', () => {
    const dup = (line: number, first: number) => `ben.csv:${line}: duplicate: auditor 'ben' already rated plan 'P${line}' on 'A-child-views' at line ${first}`;
    expect(capByCause([dup(10, 2), dup(11, 3), dup(12, 4), dup(13, 5), dup(14, 6)])).toEqual([dup(10, 2), dup(11, 3), dup(12, 4), '... and 2 more like it']);
    // Four of a cause: the fourth takes the line "... and 1 more" would.
    expect(capByCause([dup(10, 2), dup(11, 3), dup(12, 4), dup(13, 5)])).toHaveLength(4);
  });
});
