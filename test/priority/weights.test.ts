/** The weights file: the shipped defaults, partial files, located errors. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS } from '../../src/priority/factors.js';
import { loadWeights, weightsFromSource } from '../../src/priority/weights.js';
import { ConfigError } from '../../src/util/errors.js';
import { shipped } from '../../src/util/paths.js';
import { YamlSource } from '../../src/util/yamlConfig.js';

const GRADES = ['Outstanding', 'Good', 'Requires improvement', 'Inadequate'];
const parse = (text: string) => weightsFromSource(YamlSource.parse('w.yaml', text), { grades: GRADES });

function problems(text: string): string[] {
  try {
    parse(text);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => p.split('\n')[0]!);
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('weights file', () => {
  it('the shipped rubrics/priority-weights.yaml is exactly the built-in defaults', () => {
    const loaded = loadWeights(shipped('rubrics', 'priority-weights.yaml'), { grades: GRADES });
    expect(loaded.weights).toEqual(DEFAULT_WEIGHTS);
  });

  it('no file: the defaults (a copy, so nothing can change them)', () => {
    const { file, weights } = loadWeights(undefined);
    expect(file).toBeNull();
    expect(weights).toEqual(DEFAULT_WEIGHTS);
    weights.quality.grades.Good = 9;
    expect(DEFAULT_WEIGHTS.quality.grades.Good).toBeUndefined();
  });

  it('a partial file keeps every other default; grade points merge by name', () => {
    const w = parse('factors:\n  looked_after: { weight: 8 }\n  quality:\n    grades: { Good: 0.5 }\n');
    expect(w.looked_after.weight).toBe(8);
    expect(w.youth_custody).toEqual(DEFAULT_WEIGHTS.youth_custody);
    expect(w.quality.grades).toEqual({ Inadequate: 4, 'Requires improvement': 2, Good: 0.5 });
    expect(w.quality.critical_not_met).toBe(1);
  });

  it('an empty file is the defaults', () => {
    expect(parse('# nothing\n')).toEqual(DEFAULT_WEIGHTS);
  });

  it('dates as dd/mm/yyyy or ISO', () => {
    expect(parse('factors:\n  legacy: { issued_before: 23/03/2020 }\n').legacy.issued_before).toBe('2020-03-23');
    expect(parse('factors:\n  legacy: { issued_before: 2020-03-23 }\n').legacy.issued_before).toBe('2020-03-23');
  });

  it('unknown keys, negative weights, bad dates and unknown grades are located', () => {
    expect(problems('factors:\n  looked_afterr: { weight: 5 }\n')).toEqual([expect.stringMatching(/^w\.yaml:2:3: unknown key 'looked_afterr'/)]);
    expect(problems('factors:\n  transition:\n    weight: -1\n')).toEqual([expect.stringMatching(/^w\.yaml:3:13: factors\.transition\.weight: /)]);
    expect(problems('factors:\n  legacy:\n    issued_before: 31/02/2018\n')).toEqual([expect.stringMatching(/^w\.yaml:3:20: .*'31\/02\/2018' is not a real date/)]);
    expect(problems('factors:\n  quality:\n    grades:\n      Inadequat: 4\n')).toEqual([expect.stringMatching(/^w\.yaml:4:7: grade 'Inadequat' is not a grade of the rubric \(Outstanding, Good, Requires improvement, Inadequate\)/)]);
    expect(problems('priority_weights: 2\n')).toEqual([expect.stringMatching(/^w\.yaml:1:19: /)]);
    // A cap below the points every overdue review gets would be recorded but never applied.
    expect(problems('factors:\n  review_overdue: { weight: 3, per_month: 0.5, max_points: 2 }\n')).toEqual([
      'w.yaml:2:60: factors.review_overdue.max_points 2 is below its weight 3, the points every overdue review gets: set max_points to 3 or more, or lower the weight',
    ]);
    // A weight above the default cap (6), max_points not written: named at the weight.
    expect(problems('factors:\n  review_overdue:\n    weight: 8\n')).toEqual([
      'w.yaml:3:13: factors.review_overdue.weight 8 is above max_points 6 (the default cap): set max_points to 8 or more as well, or lower the weight',
    ]);
    expect(parse('factors:\n  review_overdue: { weight: 3, max_points: 3 }\n').review_overdue).toMatchObject({ weight: 3, max_points: 3 });
    // With an unknown grade: both problems at once.
    expect(problems('factors:\n  review_overdue: { max_points: 1 }\n  quality:\n    grades:\n      Inadequat: 4\n')).toHaveLength(2);
  });

  it('every problem at once', () => {
    expect(problems('factors:\n  review_due: { within_weeks: 2.5 }\n  late_issue: { weight: "high" }\n')).toHaveLength(2);
  });

  it('a file that is not YAML, or not there', () => {
    expect(problems('factors: [\n')[0]).toMatch(/^w\.yaml:\d+:\d+: /);
    const dir = mkdtempSync(join(tmpdir(), 'ehcp-weights-'));
    expect(() => loadWeights(join(dir, 'none.yaml'))).toThrow(/no such file; check the path/);
    writeFileSync(join(dir, 'w.yaml'), 'factors:\n  youth_custody: { weight: 7 }\n');
    expect(loadWeights(join(dir, 'w.yaml')).weights.youth_custody.weight).toBe(7);
  });
});
