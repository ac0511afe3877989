/**
 * Large audits spool per-plan results to disk; the JSON and CSV reports must be byte-identical to
 * the in-memory ones, and the text formats list the lowest-scoring plans with a note.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gateFacts } from '../../src/audit/aggregate.js';
import { allPlans, LOWEST_SHOWN, PlanStore, type PlanKeeping } from '../../src/audit/planStore.js';
import { runAudit } from '../../src/audit/run.js';
import { PlanSource } from '../../src/records/source.js';
import { asText, REPORT_FORMATS } from '../../src/report/index.js';
import { loadRubric } from '../../src/rubric/load.js';
import { fixture, repoRoot } from '../helpers/cli.js';

const AS_OF = '2026-11-26';
const tmp = mkdtempSync(join(tmpdir(), 'ehcp-spool-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const audit = (memoryLimit?: number, file = fixture('example-export.csv')) =>
  runAudit({
    source: new PlanSource({ file, asOf: AS_OF, ...(file.startsWith(tmp) ? { map: fixture('example-export.map.yaml') } : {}) }),
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

  it('a spool of several MiB comes back whole (it is read back 1 MiB at a time into one buffer)', async () => {
    const file = join(tmp, 'plans-1500.csv');
    execFileSync(process.execPath, [join(repoRoot, 'scripts', 'generate-export.mjs'), '--plans', '1500', '--seed', '7', '--format', 'csv', '--out', file]);
    const inMemory = await audit(undefined, file);
    const spooled = await audit(10, file);
    const json = asText(REPORT_FORMATS.json!(spooled, { useColor: false }));
    expect(json.length).toBeGreaterThan(2.5 * 2 ** 20); // three chunks or more
    expect(json).toBe(asText(REPORT_FORMATS.json!(inMemory, { useColor: false })));
    expect(asText(REPORT_FORMATS.csv!(spooled, { useColor: false }))).toBe(asText(REPORT_FORMATS.csv!(inMemory, { useColor: false })));
  });

  it('text formats say when they list only the lowest-scoring plans', async () => {
    const r = await audit(10);
    const partial = { ...r, plans: [...r.plans].sort((a, b) => (a.score ?? 0) - (b.score ?? 0)).slice(0, 5) };
    for (const f of ['table', 'markdown', 'html']) {
      expect(asText(REPORT_FORMATS[f]!(partial, { useColor: false })), f).toContain('The 5 lowest-scoring of the 70 plans; the JSON and CSV reports list every plan.');
    }
  });
});

describe('runs that keep fewer plans (RunOptions.plans)', () => {
  const run = (plans: PlanKeeping, memoryLimit?: number) =>
    runAudit({
      source: new PlanSource({ file: fixture('example-export.csv'), asOf: AS_OF }),
      rubric: loadRubric('default'),
      asOf: AS_OF,
      showText: false,
      where: [],
      ...(memoryLimit !== undefined ? { memoryLimit } : {}),
      gate: {},
      plans,
    });

  it('none (check, baseline write): counts every plan and keeps none, with the same figures and gate facts', async () => {
    const kept = await run('all', 10);
    const counted = await run('none', 10);
    const { plans: keptPlans, ...keptRest } = kept;
    const { plans: countedPlans, ...countedRest } = counted;
    expect(keptPlans).toHaveLength(70);
    expect(countedPlans).toEqual([]);
    expect(countedRest).toEqual(keptRest); // counts, rates, grades, breakdowns, findings
    expect(gateFacts(counted)).toEqual(gateFacts(kept));
    expect(gateFacts(counted)!.failures).toHaveLength(17);
    // Asking a run that kept no plans for its plans is a bug, not an empty list.
    expect(() => [...allPlans(counted)]).toThrow(/kept no plans/);
  });

  it('lowest (only text reports): the same text reports as a run that keeps every plan, spooled or not, and no spool', async () => {
    for (const limit of [10, undefined]) {
      const all = await run('all', limit);
      const lowest = await run('lowest', limit);
      for (const f of ['table', 'markdown', 'html']) {
        expect(asText(REPORT_FORMATS[f]!(lowest, { useColor: false })), `${f}, memory limit ${limit}`).toBe(asText(REPORT_FORMATS[f]!(all, { useColor: false })));
      }
      if (limit === undefined) expect([...allPlans(lowest)]).toHaveLength(70); // all in memory: every plan
      else expect(() => [...allPlans(lowest)]).toThrow(/only the lowest-scoring/);
    }
  });

  it('PlanStore: none counts; lowest keeps the first plans, then only the lowest-scoring; neither spools', () => {
    const none = new PlanStore(1, 'none');
    const lowest = new PlanStore(3, 'lowest');
    for (let i = 0; i < 300; i++) {
      const p = { ref: `P-${String(i).padStart(3, '0')}`, score: 300 - i, json: `{"ref":"P-${String(i).padStart(3, '0')}"}` };
      none.push(p);
      lowest.push(p);
      if (i === 2) expect(lowest.shown().map((x) => x.ref)).toEqual(['P-000', 'P-001', 'P-002']); // input order
    }
    expect([none.count, lowest.count]).toEqual([300, 300]);
    expect([none.spooled, lowest.spooled]).toEqual([false, false]);
    expect([none.partial, lowest.partial]).toEqual([true, true]);
    expect(none.shown()).toEqual([]);
    expect(lowest.shown()).toHaveLength(LOWEST_SHOWN);
    expect(lowest.shown()[0]!.ref).toBe('P-299'); // the lowest score first
  });
});
