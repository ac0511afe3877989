import { describe, expect, it } from 'vitest';
import { DEFAULT_STRATA as RUN_STRATA } from '../../src/audit/run.js';
import { DEFAULT_INCLUDE, DEFAULT_STRATA } from '../../src/sample/defaults.js';
import { DEFAULT_INCLUDE as GROUPS_INCLUDE, GROUPS, resolveGroup } from '../../src/sample/groups.js';
import { emptyRecord, type PlanRecord } from '../../src/records/model.js';
import { evalContext } from '../../src/rubric/types.js';

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

describe('guaranteed groups', () => {
  const ctx = evalContext('2026-11-26');
  const plan = (type: string | undefined, senSetting?: PlanRecord['setting']['senSetting']): PlanRecord => {
    const r = emptyRecord('EHCP-1');
    return { ...r, setting: { ...r.setting, ...(type !== undefined ? { type } : {}), ...(senSetting ? { senSetting } : {}) } };
  };

  it('not in education: SEN2 NEET, NIEC, NIEO or a setting type saying so; a child in alternative provision is in education', () => {
    const neet = resolveGroup('neet', ctx);
    expect(neet.name).toBe('not in education');
    expect([plan(undefined, 'NEET'), plan(undefined, 'NIEC'), plan(undefined, 'NIEO'), plan('Not in education')].every(neet.test)).toBe(true);
    expect([plan('AP'), plan('Pupil referral unit'), plan('Alternative provision'), plan('Mainstream', 'OLA')].some(neet.test)).toBe(false);
  });

  it('alternative provision: a setting type naming it, AP, a pupil referral unit or PRU', () => {
    for (const name of ['ap', 'PRU', 'alternative provision', 'alternative-provision', 'Alternative_Provision']) expect(resolveGroup(name, ctx).name).toBe('alternative provision');
    for (const name of ['not-in-education', 'looked-after', 'youth_custody']) expect(resolveGroup(name, ctx).name).toBe(name.replace(/[-_]/g, ' '));
    const ap = resolveGroup('ap', ctx);
    expect([plan('AP'), plan('Pupil Referral Unit'), plan('alternative provision (tuition)'), plan('PRU')].every(ap.test)).toBe(true);
    expect([plan(undefined, 'NEET'), plan('Mainstream'), plan('Apprenticeship'), plan(undefined, 'OLA')].some(ap.test)).toBe(false);
  });
});
