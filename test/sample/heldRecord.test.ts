/**
 * A sample's reservoirs hold each kept record as its JSON text in UTF-8 (audit/run.ts HeldRecord),
 * not as a copy of its objects: about 2.4 times less memory (docs/benchmarks.md). Held here: every
 * record of every loader (CSV with warnings, windows-1252, mapped JSON, YAML, JSON Lines) comes
 * back equal, with the same scorecard, and text outside Latin-1 and the BMP survives.
 */
import { describe, expect, it } from 'vitest';
import { unpack, type HeldRecord } from '../../src/audit/run.js';
import type { LoadedRecord } from '../../src/records/model.js';
import { PlanSource } from '../../src/records/source.js';
import { loadRubric } from '../../src/rubric/load.js';
import { scorePlan } from '../../src/rubric/score.js';
import { evalContext } from '../../src/rubric/types.js';
import { fixture } from '../helpers/cli.js';

const AS_OF = '2026-11-26';

async function loaded(file: string, map?: string): Promise<LoadedRecord[]> {
  const source = new PlanSource({ file: fixture(file), asOf: AS_OF, ...(map ? { map: fixture(map) } : {}) });
  const out: LoadedRecord[] = [];
  for await (const r of source.records()) out.push(r);
  return out;
}

/** What the sampler does to a record it keeps (the retain function in runAudit). */
function hold(r: LoadedRecord): HeldRecord {
  return { json: new TextEncoder().encode(JSON.stringify(r)) };
}

const EXPORTS: [string, string?][] = [
  ['example-export.csv'],
  ['example-export.yaml'],
  ['example-export.jsonl'],
  ['mapped/flat-export.json', 'mapped/flat-export.map.yaml'],
  ['mapped/flat-export.yaml', 'mapped/flat-export.map.yaml'],
  ['mapped/extra-dates.csv', 'mapped/extra-dates.map.yaml'],
  ['bad/future-dates.csv', 'example-export.map.yaml'],
  ['bad/windows-1252.csv', 'example-export.map.yaml'],
];

describe('records held by the sampler', () => {
  const rubric = loadRubric('default');
  const ctx = evalContext(AS_OF);

  it.each(EXPORTS)('%s: every record comes back equal, with the same scorecard', async (file, map) => {
    const records = await loaded(file, map);
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) {
      const back = unpack(hold(r));
      expect(back).not.toBe(r);
      expect(back).toEqual(r);
      expect(scorePlan(rubric, back.record, ctx)).toEqual(scorePlan(rubric, r.record, ctx));
    }
    // Some record of the CSV fixtures carries a load warning: warnings are held too.
    if (file.startsWith('bad/future')) expect(records.some((r) => r.warnings.length > 0)).toBe(true);
  });

  it('text in any script, emoji and a lone surrogate survive; a live record is given back as it is', async () => {
    const [first] = await loaded('example-export.csv');
    const r = structuredClone(first!);
    r.record.a.childViews = 'Zoë said “I like maths” – 数学 🙂 \ud800 end';
    r.record.extra = { Notes: '=SUM(A1)\r\nline two\u0000' };
    expect(unpack(hold(r))).toEqual(r);
    expect(unpack({ live: r })).toBe(r);
  });
});
