/**
 * What a rubric that extends another may set: limiting judgements (grades.limits: a count of
 * critical criteria not met, or named criteria, `not_met: [ids]`, cap the grade whatever the
 * score; the strictest that applies wins), and lexicon edits (`remove:` by phrase or label).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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


/** A rubric's problems, each as its first line from line:col on; none when it loads. */
function problemsOf(file: string): string[] {
  try {
    loadRubric(file);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems.map((p) => p.split('\n')[0]!.replace(/^.*?\.yaml:/, ''));
  }
}

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
    expect(problems('    - { not_met: [review], critical_not_met: 1, cap: Mid }')[0]).toMatch(/a limit gives one of critical_not_met \(a count\), critical_not_fully_met \(a count\) or not_met \(criterion ids\)/);
    expect(problems('    - { critical_not_met: 1, critical_not_fully_met: 1, cap: Mid }')[0]).toMatch(/a limit gives one of critical_not_met/);
    expect(problems('    - { cap: Mid }')[0]).toMatch(/a limit gives one of critical_not_met/);
  });

  it("the default rubric grades a plan missing a statutory timescale at best Good", () => {
    const r = loadRubric('default');
    expect(r.grades.limits).toEqual([
      { critical_not_met: 1, cap: 'Requires improvement' },
      { critical_not_met: 2, cap: 'Inadequate' },
      { critical_not_fully_met: 1, cap: 'Good' },
      { not_met: ['F-quantified'], cap: 'Requires improvement' },
      { not_met: ['timely-20-weeks', 'draft-15-days', 'review-in-date', 'E-pfa'], cap: 'Good' },
      { not_met: ['GH-not-vague'], cap: 'Good' },
    ]);
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

describe('grades merged with the base key by key', () => {
  const child = (grades: string) => {
    const base = rubric('    - { not_met: [review], cap: Mid }\n    - { critical_not_met: 1, cap: Low }', `base${Math.random()}.yaml`);
    const file = join(dir, `child${Math.random()}.yaml`);
    writeFileSync(file, `id: child\nversion: '1'\nextends: ${base}\ngrades:\n${grades}\n`);
    return file;
  };

  it('bands alone keep the base limits: a critical criterion not met still caps the grade', () => {
    const r = loadRubric(child('  bands:\n    - { name: Top, min: 99 }\n    - { name: Mid, min: 40 }\n    - { name: Low, min: 0 }'));
    expect(r.grades.bands.map((b) => b.min)).toEqual([99, 40, 0]);
    expect(r.grades.limits).toEqual([{ not_met: ['review'], cap: 'Mid' }, { critical_not_met: 1, cap: 'Low' }]);
    expect(scorePlan(r, plan(true, true, false), ctx)).toMatchObject({ scoreGrade: 'Mid', grade: 'Low', limitedBy: ['needs'] });
  });

  it('bands alone extending default keep its limits', () => {
    const file = join(dir, 'bands-default.yaml');
    writeFileSync(file, "id: strict\nversion: '1'\nextends: default\ngrades:\n  bands:\n    - { name: Outstanding, min: 98 }\n    - { name: Good, min: 80 }\n    - { name: Requires improvement, min: 60 }\n    - { name: Inadequate, min: 0 }\n");
    expect(loadRubric(file).grades.limits).toEqual(loadRubric('default').grades.limits);
  });

  it('limits alone keep the base bands', () => {
    const r = loadRubric(child('  limits:\n    - { critical_not_met: 1, cap: Mid }'));
    expect(r.grades.bands.map((b) => b.name)).toEqual(['Top', 'Mid', 'Low']);
    expect(r.grades.limits).toEqual([{ critical_not_met: 1, cap: 'Mid' }]);
  });

  it("new bands without the inherited limits' caps are an error at grades.bands; limits: [] drops them", () => {
    expect(problemsOf(child('  bands:\n    - { name: Pass, min: 50 }\n    - { name: Fail, min: 0 }'))).toEqual([
      expect.stringMatching(/^5:3: the grade limits inherited from .*base[0-9.]+yaml cap at 'Mid' and 'Low', which these bands do not have: give grades\.limits too \(or limits: \[\] for none\)$/),
    ]);
    expect(loadRubric(child('  bands:\n    - { name: Pass, min: 50 }\n    - { name: Fail, min: 0 }\n  limits: []')).grades.limits).toEqual([]);
  });

  it('a rubric that extends nothing and gives only bands has no limits (the built-in ones cap at built-in names)', () => {
    const file = join(dir, 'root-bands.yaml');
    writeFileSync(file, "id: root\nversion: '1'\ngrades:\n  bands:\n    - { name: Pass, min: 50 }\n    - { name: Fail, min: 0 }\ncriteria:\n  - { id: views, title: Views, section: A, source: test, check: { type: present, field: a.childViews } }\n");
    expect(loadRubric(file).grades.limits).toEqual([]);
  });
});

describe('a grade limit naming a criterion switched off', () => {

  it('is an error at the name when the limit is written with the switch-off', () => {
    const file = join(dir, 'off-here.yaml');
    writeFileSync(file, "id: la\nversion: '1'\nextends: default\ngrades:\n  limits:\n    - { not_met: [E-pfa, F-hedges], cap: Good }\ncriteria:\n  - { id: F-hedges, enabled: false }\n");
    expect(problemsOf(file)).toEqual(["6:26: not_met: criterion 'F-hedges' is switched off (enabled: false), so this limit never applies through it: take it out of not_met"]);
  });

  it("when the limit is the base's, the limit stops naming it, with a warning at the switch-off; a limit left naming nothing goes", () => {
    const file = join(dir, 'off-inherited.yaml');
    // An LA that does not judge preparation for adulthood: the default's cap at Good keeps its other three criteria.
    writeFileSync(file, "id: la\nversion: '1'\nextends: default\ncriteria:\n  - id: E-pfa\n    enabled: false\n");
    const r = loadRubric(file);
    expect(r.grades.limits.find((l) => l.not_met?.includes('review-in-date'))).toEqual({ not_met: ['timely-20-weeks', 'draft-15-days', 'review-in-date'], cap: 'Good' });
    expect(r.warnings.map((w) => w.split('\n')[0]!.replace(/^.*?\.yaml:/, ''))).toEqual([
      "6:14: warning: 'E-pfa' is switched off, so the grade limit inherited from (ehcp-audit) rubrics/default.yaml no longer names it: it now caps at Good only for timely-20-weeks, draft-15-days, review-in-date (give grades.limits here to set your own)",
    ]);
    writeFileSync(file, "id: la\nversion: '1'\nextends: default\ncriteria:\n  - { id: E-pfa, enabled: false }\n  - { id: timely-20-weeks, enabled: false }\n  - { id: draft-15-days, enabled: false }\n  - { id: review-in-date, enabled: false }\n");
    const none = loadRubric(file);
    expect(none.grades.limits.filter((l) => l.not_met !== undefined).map((l) => l.not_met)).toEqual([['F-quantified'], ['GH-not-vague']]);
    expect(none.warnings.at(-1)).toMatch(/that limit \(at best Good\) no longer applies/);
    writeFileSync(file, "id: la\nversion: '1'\nextends: default\ngrades:\n  limits:\n    - { critical_not_met: 1, cap: Requires improvement }\n    - { not_met: [timely-20-weeks], cap: Good }\ncriteria:\n  - id: E-pfa\n    enabled: false\n");
    expect(loadRubric(file).grades.limits).toHaveLength(2);
    expect(loadRubric(file).warnings).toEqual([]);
  });
});

describe('a limit that can never apply', () => {
  it('critical_not_met in a rubric with no critical criterion is a warning at it', () => {
    const file = join(dir, 'no-critical.yaml');
    writeFileSync(
      file,
      "id: la\nversion: '1'\ngrades:\n  bands:\n    - { name: Good, min: 50 }\n    - { name: Weak, min: 0 }\n  limits:\n    - { critical_not_met: 1, cap: Weak }\ncriteria:\n  - { id: v, title: v, section: A, source: s, check: { type: present, field: a.childViews } }\n",
    );
    const r = loadRubric(file);
    expect(r.warnings.map((w) => w.split('\n')[0]!.replace(/^.*?\.yaml:/, ''))).toEqual(['8:27: warning: no criterion of the rubric is critical (severity: critical), so this limit (at best Weak) never applies']);
    writeFileSync(file, readFileSync(file, 'utf8').replace('source: s,', 'source: s, severity: critical,'));
    expect(loadRubric(file).warnings).toEqual([]);
  });
});
