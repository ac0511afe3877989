/**
 * What a rubric that extends another may set: limiting judgements (grades.limits: a count of
 * critical criteria not met, or named criteria, `not_met: [ids]`, cap the grade whatever the
 * score; the strictest that applies wins), and lexicon edits (`remove:` by phrase or label).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyRecord } from '../../src/records/model.js';
import { loadRubric } from '../../src/rubric/load.js';
import { scorePlan } from '../../src/rubric/score.js';
import { evalContext } from '../../src/rubric/types.js';
import { ConfigError } from '../../src/util/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'ehcp-limits-'));
const ctx = evalContext('2026-11-26');

function rubric(limits: string, name = 'r.yaml'): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    `id: t
version: '1'
grades:
  bands:
    - { name: Top, min: 90 }
    - { name: Mid, min: 50 }
    - { name: Low, min: 0 }
  limits:
${limits}
criteria:
  - { id: views, title: Views, section: A, source: test, weight: 10, check: { type: present, field: a.childViews } }
  - { id: review, title: Review, section: process, source: test, weight: 1, check: { type: present, field: dates.lastReview } }
  - { id: needs, title: Needs, section: B, severity: critical, source: test, weight: 1, check: { type: present, field: b } }
`,
  );
  return file;
}

const plan = (views: boolean, review: boolean, needs: boolean) => {
  const r = emptyRecord('P');
  if (views) r.a.childViews = 'I like school.';
  if (review) r.dates.lastReview = '2026-01-01';
  if (needs) r.b = { items: ['Needs help with reading.'], none: false };
  return r;
};

describe('grades.limits', () => {
  it('a named criterion not met caps the grade, and the card says which', () => {
    const r = loadRubric(rubric('    - { not_met: [review], cap: Mid }\n    - { critical_not_met: 1, cap: Low }'));
    const noReview = scorePlan(r, plan(true, false, true), ctx);
    expect(noReview).toMatchObject({ score: 91.7, scoreGrade: 'Top', grade: 'Mid', limitedBy: ['review'] });
    expect(scorePlan(r, plan(true, true, true), ctx)).toMatchObject({ grade: 'Top', limitedBy: [] });
    // The strictest that applies wins: a critical criterion not met as well caps at Low.
    expect(scorePlan(r, plan(true, false, false), ctx)).toMatchObject({ grade: 'Low', limitedBy: ['needs'] });
  });

  it('a limit names a criterion of the rubric, and gives a count or names, not both or neither', () => {
    const problems = (limits: string) => {
      try {
        loadRubric(rubric(limits, `bad${Math.random()}.yaml`));
        return [];
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as ConfigError).problems.map((p) => p.split('\n')[0]!.replace(/^.*?\.yaml:/, ''));
      }
    };
    expect(problems('    - { not_met: [review, reveiw], cap: Mid }')).toEqual(["9:27: not_met: no criterion 'reveiw' in the rubric"]);
    expect(problems('    - { not_met: [review], critical_not_met: 1, cap: Mid }')[0]).toMatch(/a limit gives one of critical_not_met \(a count\) or not_met \(criterion ids\)/);
    expect(problems('    - { cap: Mid }')[0]).toMatch(/a limit gives one of critical_not_met/);
  });

  it("the default rubric grades a plan missing a statutory timescale at best Good", () => {
    const r = loadRubric('default');
    const limit = r.grades.limits.find((l) => l.not_met);
    expect(limit).toEqual({ not_met: ['timely-20-weeks', 'draft-15-days', 'review-in-date', 'E-pfa'], cap: 'Good' });
  });
});

describe('lexicon remove:', () => {
  const ext = (remove: string) => {
    const file = join(dir, `ext${Math.random()}.yaml`);
    writeFileSync(file, `id: la\nversion: '1'\nextends: default\nlexicons:\n  vague_provision:\n    add: [as and when required]\n    remove: [${remove}]\n`);
    return file;
  };
  const phrases = (file: string) => loadRubric(file).lexicons.vague_provision!.map((e) => (typeof e === 'string' ? e : e.label));

  it('removes a phrase, or a regular expression entry by its label', () => {
    const p = phrases(ext("regular, 'up to', small group (size not given)"));
    expect(p).not.toContain('regular');
    expect(p).not.toContain('up to');
    expect(p).not.toContain('small group (size not given)');
    expect(p).toContain('as and when required');
  });

  it('refuses a remove that matches no entry (a typo would leave the phrase in), at its place', () => {
    try {
      loadRubric(ext('reqular'));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems[0]).toMatch(/:7:14: lexicon 'vague_provision': remove: no entry 'reqular' to remove \(its entries: access to, .*regular, regularly,/);
    }
  });
});

describe('lexicon references', () => {
  it("an '@name' to no lexicon is an error where it is written, even in a lexicon no check uses", () => {
    const file = join(dir, 'refs.yaml');
    writeFileSync(file, "id: la\nversion: '1'\nextends: default\nlexicons:\n  mine: ['@vauge_provision', extra phrase]\n");
    try {
      loadRubric(file);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems[0]).toMatch(/refs\.yaml:5:10: unknown lexicon 'vauge_provision': did you mean '@vague_provision'\? \(defined: /);
    }
    writeFileSync(file, "id: la\nversion: '1'\nextends: default\nlexicons:\n  mine: ['@vague_provision', extra phrase]\n");
    expect(loadRubric(file).lexicons.mine).toEqual(['@vague_provision', 'extra phrase']);
  });
});
