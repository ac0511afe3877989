import { describe, expect, it } from 'vitest';
import { DEFAULT_STRATA as RUN_STRATA } from '../../src/audit/run.js';
import { DEFAULT_INCLUDE, DEFAULT_STRATA } from '../../src/sample/defaults.js';
import { DEFAULT_INCLUDE as GROUPS_INCLUDE, GROUPS } from '../../src/sample/groups.js';

// sample/defaults.ts holds these apart from the sampler so that `sample --help` can show them
// without loading it (start-up time).
describe('sample defaults', () => {
  it('DEFAULT_INCLUDE names every group in GROUPS, in order', () => {
    expect(DEFAULT_INCLUDE).toEqual(Object.keys(GROUPS));
  });

  it('is what sample/groups.ts and audit/run.ts export', () => {
    expect(GROUPS_INCLUDE).toBe(DEFAULT_INCLUDE);
    expect(RUN_STRATA).toBe(DEFAULT_STRATA);
  });
});
