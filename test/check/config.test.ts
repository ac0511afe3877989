/** The check config: strict validation with file:line:col, criterion ids and grades against the rubric, flags over the file. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findConfig, readCheckConfig, resolveGateSettings } from '../../src/check/config.js';
import { ConfigError, UsageError } from '../../src/util/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'ehcp-config-'));
let n = 0;
function config(text: string, sub = ''): string {
  const d = join(dir, sub);
  mkdirSync(d, { recursive: true });
  const file = join(d, `config-${++n}.yaml`);
  writeFileSync(file, text);
  return file;
}

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('readCheckConfig', () => {
  it('reads every key', () => {
    const file = config(
      [
        'map: export.map.yaml',
        'rubric: default',
        'as_of: 26/11/2026',
        'thresholds:',
        '  min_rate: { A-child-views: 0.8 }',
        '  max_share: { Inadequate: 0.05, "Requires improvement": 0.3 }',
        '  no_critical_not_met: true',
        '  min_mean_score: 70',
        '  max_rejected: 0',
        'baseline: .ehcp-audit-baseline.json',
        'tolerance: 2',
        '',
      ].join('\n'),
    );
    const c = readCheckConfig(file);
    expect(c.data).toEqual({
      map: 'export.map.yaml',
      rubric: 'default',
      as_of: '2026-11-26',
      thresholds: { min_rate: { 'A-child-views': 0.8 }, max_share: { Inadequate: 0.05, 'Requires improvement': 0.3 }, no_critical_not_met: true, min_mean_score: 70, max_rejected: 0 },
      baseline: '.ehcp-audit-baseline.json',
      tolerance: 2,
    });
  });

  it('an empty file is an empty config', () => {
    expect(readCheckConfig(config('')).data).toEqual({});
  });

  it('every problem at once, each with file:line:col and the line', () => {
    const file = config(['treshold: 3', 'thresholds:', '  min_rate: { A-child-views: 80 }', '  no_critical_not_met: yes', 'as_of: 31/02/2026', 'tolerance: -1', ''].join('\n'));
    const e = configError(() => readCheckConfig(file));
    expect(e.message).toMatch(/invalid check config \(5 problems\)/);
    const text = e.problems.join('\n');
    expect(text).toContain(`${file}:1:1: unknown key 'treshold'`);
    expect(text).toContain(`${file}:3:30: thresholds.min_rate.A-child-views: a rate or share is a proportion from 0 to 1`);
    expect(text).toContain(`${file}:4:24: thresholds.no_critical_not_met: expected boolean ('yes' is text here: write true or false)`);
    expect(text).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5:8: as_of: '31/02/2026' is not a real date`));
    expect(text).toContain(`${file}:6:12: tolerance:`);
    expect(text).toContain('      min_rate: { A-child-views: 80 }');
  });

  it('YAML syntax errors are located too', () => {
    const e = configError(() => readCheckConfig(config('thresholds:\n  min_rate: { A-child-views: 0.8\n')));
    expect(e.message).toMatch(/not valid YAML/);
    expect(e.problems[0]).toMatch(/:\d+:\d+: /);
  });
});

describe('resolveGateSettings', () => {
  it('unknown criterion ids and grades name their line', () => {
    const file = config(['thresholds:', '  min_rate:', '    A-child-views: 0.8', '    A-child-veiws: 0.9', '  max_share: { Terrible: 0.1 }', ''].join('\n'));
    const e = configError(() => resolveGateSettings({ config: file }));
    expect(e.problems[0]).toContain(`${file}:4:5: unknown criterion id 'A-child-veiws' in rubric default: did you mean 'A-child-views'?`);
    expect(e.problems[1]).toContain(`${file}:5:16: 'Terrible' is not a grade of rubric default`);
  });

  it('paths in the config are relative to it; a missing mapping is located', () => {
    const file = config('map: nowhere.map.yaml\nthresholds: { no_critical_not_met: true }\n', 'sub');
    const e = configError(() => resolveGateSettings({ config: file }));
    expect(e.problems[0]).toContain(`${file}:1:6: mapping file ${join(dir, 'sub', 'nowhere.map.yaml')} not found`);
    writeFileSync(join(dir, 'sub', 'here.map.yaml'), 'fields: {}\n');
    const ok = resolveGateSettings({ config: config('map: here.map.yaml\nbaseline: base.json\n', 'sub') });
    expect(ok.input.map).toBe(join(dir, 'sub', 'here.map.yaml'));
    expect(ok.baseline).toBe(join(dir, 'sub', 'base.json'));
  });

  it('a rubric that is not found is located at the rubric key', () => {
    const e = configError(() => resolveGateSettings({ config: config('rubric: no-such-rubric.yaml\n') }));
    expect(e.problems[0]).toMatch(/:1:9: no-such-rubric\.yaml: rubric not found/);
  });

  it('flags override the file, in place; --no-critical turns no_critical_not_met on', () => {
    const file = config(['as_of: 01/01/2026', 'thresholds:', '  min_rate: { A-child-views: 0.8, F-not-vague: 0.8 }', '  min_mean_score: 70', 'tolerance: 5', ''].join('\n'));
    const s = resolveGateSettings({ config: file, minRate: ['A-child-views=0.9', 'B-needs=95%'], maxShare: ['requires improvement=0.3'], critical: false, minMeanScore: '80', maxRejected: '0', asOf: '26/11/2026', tolerance: '1.5' });
    expect(s.thresholds).toEqual({
      minRate: [
        ['A-child-views', 0.9],
        ['F-not-vague', 0.8],
        ['B-needs', 0.95],
      ],
      maxShare: [['Requires improvement', 0.3]],
      noCriticalNotMet: true,
      minMeanScore: 80,
      maxRejected: 0,
    });
    expect(s.asOf).toBe('2026-11-26');
    expect(s.tolerance).toBe(1.5);
    expect(s.configFile).toBe(file);
    expect(resolveGateSettings({ config: file }).tolerance).toBe(5);
    expect(resolveGateSettings({ config: file }).asOf).toBe('2026-01-01');
  });

  it('bad flags are usage errors', () => {
    const none = { config: false as const };
    expect(() => resolveGateSettings({ ...none, minRate: ['Nope=0.8'] })).toThrow(UsageError);
    expect(() => resolveGateSettings({ ...none, minRate: ['Nope=0.8'] })).toThrow(/unknown criterion id 'Nope'/);
    expect(() => resolveGateSettings({ ...none, minRate: ['A-child-views=1.2'] })).toThrow(/not a proportion from 0 to 1/);
    expect(() => resolveGateSettings({ ...none, minRate: ['A-child-views'] })).toThrow(/write CRITERION=RATE/);
    expect(() => resolveGateSettings({ ...none, maxShare: ['Awful=0.1'] })).toThrow(/'Awful' is not a grade/);
    expect(() => resolveGateSettings({ ...none, minMeanScore: '101' })).toThrow(/--min-mean-score must be a number from 0 to 100/);
    expect(() => resolveGateSettings({ ...none, maxRejected: '1.5' })).toThrow("--max-rejected must be a whole number, 0 or more (got '1.5')");
    expect(() => resolveGateSettings({ ...none, tolerance: 'two' })).toThrow(/--tolerance/);
  });

  it('--no-baseline ignores the config baseline; no config means the defaults', () => {
    const file = config('baseline: b.json\n');
    expect(resolveGateSettings({ config: file, baseline: false }).baseline).toBeNull();
    expect(resolveGateSettings({ config: file, baseline: 'other.json' }).baseline).toBe('other.json');
    const s = resolveGateSettings({ config: false });
    expect(s).toMatchObject({ configFile: null, baseline: null, tolerance: 2 });
    expect(s.rubric.id).toBe('default');
  });
});

describe('findConfig', () => {
  it('--config wins, --no-config finds none, else .ehcp-audit.yaml in the directory', () => {
    const d = mkdtempSync(join(tmpdir(), 'ehcp-find-'));
    expect(findConfig(undefined, d)).toBeUndefined();
    writeFileSync(join(d, '.ehcp-audit.yaml'), '');
    expect(findConfig(undefined, d)).toBe(join(d, '.ehcp-audit.yaml'));
    expect(findConfig(false, d)).toBeUndefined();
    expect(findConfig('x.yaml', d)).toBe('x.yaml');
  });
});
