/**
 * Large audits spool per-plan results to disk; the JSON and CSV reports must be byte-identical to
 * the in-memory ones, and the text formats list the lowest-scoring plans with a note.
 */
import { describe, expect, it } from 'vitest';
import { runAudit } from '../../src/audit/run.js';
import { PlanSource } from '../../src/records/source.js';
import { asText, REPORT_FORMATS } from '../../src/report/index.js';
import { loadRubric } from '../../src/rubric/load.js';
import { fixture } from '../helpers/cli.js';

const AS_OF = '2026-11-26';
const audit = (memoryLimit?: number) =>
  runAudit({
    source: new PlanSource({ file: fixture('example-export.csv'), asOf: AS_OF }),
    rubric: loadRubric('default'),
    asOf: AS_OF,
    showText: false,
    where: [],
    ...(memoryLimit !== undefined ? { memoryLimit } : {}),
  });

describe('spooling plan results to disk', () => {
  it('JSON and CSV are byte-identical whether plans stay in memory or are spooled', async () => {
    const inMemory = await audit();
    const spooled = await audit(10);
    expect(inMemory.plans).toHaveLength(70);
    expect(spooled.plans.length).toBe(70); // 70 < the 200 lowest kept, so all are listed...
    for (const f of ['json', 'csv']) {
      expect(asText(REPORT_FORMATS[f]!(spooled, { useColor: false })), f).toBe(asText(REPORT_FORMATS[f]!(inMemory, { useColor: false })));
    }
    const parsed = JSON.parse(asText(REPORT_FORMATS.json!(spooled, { useColor: false }))) as { plans: { ref: string }[] };
    expect(parsed.plans.map((p) => p.ref)).toEqual(inMemory.plans.map((p) => p.ref)); // ...and the JSON keeps input order
  });

  it('text formats say when they list only the lowest-scoring plans', async () => {
    const r = await audit(10);
    const partial = { ...r, plans: [...r.plans].sort((a, b) => (a.score ?? 0) - (b.score ?? 0)).slice(0, 5) };
    for (const f of ['table', 'markdown', 'html']) {
      expect(asText(REPORT_FORMATS[f]!(partial, { useColor: false })), f).toContain('The 5 lowest-scoring of the 70 plans; the JSON and CSV reports list every plan.');
    }
  });
});
