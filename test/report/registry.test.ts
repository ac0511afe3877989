import { describe, expect, it } from 'vitest';
import { asText, REPORT_FORMATS } from '../../src/report/index.js';
import { auditReport, sampleReport } from './sampleReport.js';

describe('REPORT_FORMATS', () => {
  it('registers every report format', () => {
    for (const f of ['json', 'table', 'markdown', 'csv', 'html', 'sample-list', 'sample-json']) expect(REPORT_FORMATS[f], f).toBeTypeOf('function');
  });

  it('every formatter is a pure function of the report that ends its output with a newline', () => {
    for (const [name, f] of Object.entries(REPORT_FORMATS)) {
      for (const r of [sampleReport(), auditReport()]) {
        const before = JSON.stringify(r);
        const out = asText(f(r, { useColor: false }));
        expect(out.endsWith('\n'), name).toBe(true);
        expect(JSON.stringify(r), `${name} must not change the report`).toBe(before);
        expect(asText(f(r, { useColor: false })), name).toBe(out);
      }
    }
  });
});
