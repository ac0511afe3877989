import { describe, expect, it } from 'vitest';
import { CHECK_FORMATS } from '../../src/commands/check.run.js';
import { COMPARE_FORMATS } from '../../src/commands/compare.run.js';
import { MODERATE_FORMATS } from '../../src/commands/moderate.run.js';
import {
  CHECK_FORMAT_NAMES,
  COMPARE_FORMAT_NAMES,
  MAIN_FORMATS,
  MODERATE_FORMAT_NAMES,
  PRIORITY_FORMATS,
  REPORT_FORMAT_NAMES,
} from '../../src/report/formatNames.js';
import { asText, REPORT_FORMATS } from '../../src/report/index.js';
import { loadFormatter } from '../../src/report/loadFormatter.js';
import { PRIORITY_FORMATS as PRIORITY_REGISTRY } from '../../src/report/priority.js';
import { auditReport, sampleReport } from './sampleReport.js';

// The names are kept apart from the formatters so that option help does not load them (start-up
// time); these tests keep each list in step with its registry, order included (help text shows it).
describe('format names', () => {
  it('REPORT_FORMAT_NAMES lists REPORT_FORMATS in order', () => {
    expect([...REPORT_FORMAT_NAMES]).toEqual(Object.keys(REPORT_FORMATS));
  });

  it('MAIN_FORMATS is every report format but the sample lists', () => {
    expect(MAIN_FORMATS).toEqual(Object.keys(REPORT_FORMATS).filter((f) => !f.startsWith('sample-')));
    expect(MAIN_FORMATS).toEqual(expect.arrayContaining(['json', 'table', 'markdown', 'csv', 'html']));
  });

  it('check, compare and moderate format names list their registries in order', () => {
    expect([...CHECK_FORMAT_NAMES]).toEqual(Object.keys(CHECK_FORMATS));
    expect([...COMPARE_FORMAT_NAMES]).toEqual(Object.keys(COMPARE_FORMATS));
    expect([...MODERATE_FORMAT_NAMES]).toEqual(Object.keys(MODERATE_FORMATS));
  });

  it('report/priority.ts re-exports the priority format names', () => {
    expect(PRIORITY_REGISTRY).toBe(PRIORITY_FORMATS);
  });
});

describe('loadFormatter', () => {
  it('loads, for every report format, a formatter that writes what REPORT_FORMATS writes', async () => {
    for (const name of Object.keys(REPORT_FORMATS)) {
      const lazy = await loadFormatter(name);
      expect(lazy, name).toBeTypeOf('function');
      for (const r of [sampleReport(), auditReport()]) {
        for (const useColor of [false, true]) {
          expect(asText(lazy!(r, { useColor })), name).toBe(asText(REPORT_FORMATS[name]!(r, { useColor })));
        }
      }
    }
  });

  it('knows no other name', async () => {
    for (const name of ['nope', 'toString', '__proto__', 'constructor', '']) expect(await loadFormatter(name), name).toBeUndefined();
  });
});
