/**
 * Flat YAML, JSON and JSON Lines exports read through a mapping (src/records/source.ts): their
 * values are read as a CSV's cells are, as the text written, and a value that is not text where
 * the mapping reads text is rejected, not made into text.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlanRecord } from '../../src/records/model.js';
import { PlanSource, type Rejection } from '../../src/records/source.js';

const dir = mkdtempSync(join(tmpdir(), 'ehcp-mapped-structured-'));

/** Every record and rejection of `text` (a file named `name`) read through `mapping`. */
async function read(name: string, text: string, mapping: string): Promise<{ records: PlanRecord[]; lines: number[]; rejected: Rejection[] }> {
  const file = join(dir, name);
  writeFileSync(file, text);
  const map = join(dir, `${name}.map.yaml`);
  writeFileSync(map, `mapping: 1\n${mapping}`);
  const source = new PlanSource({ file, asOf: '2026-11-26', map });
  const records: PlanRecord[] = [];
  const lines: number[] = [];
  for await (const r of source.records()) {
    records.push(r.record);
    lines.push(r.pos.line);
  }
  const rejected: Rejection[] = [];
  for (const r of source.rejections) rejected.push(r);
  return { records, lines, rejected };
}

const TYPED_MAP = `fields:
  ref: Plan Ref
  setting.urn: URN
  child.lookedAfter: CLA
  child.electiveHomeEducation: EHE
  child.youthCustody: YC
  child.ncYear: NC Year
  dates.finalIssued: Final Issued
  dates.request: Request Date
  needs.primary: { column: Need, values: { Autism: ASD } }
  child.district: District
  setting.name: Setting Name
`;

/** Two plans whose unquoted values YAML's core schema reads as numbers, booleans and nulls. */
const PLAN_1 = ['Plan Ref: 00123', 'URN: 0123456', 'CLA: true', 'EHE: Yes', 'YC: 0', 'NC Year: 7', 'Final Issued: 2024-01-13', 'Request Date: 13/01/2024', 'Need: Autism', 'District: ~', 'Setting Name: null'];
const PLAN_2 = ['Plan Ref: 0x1F', 'URN: 1e3', 'CLA: false', 'EHE: no', 'YC: 1', 'NC Year: Year 7', 'Final Issued:', 'Need: ASD', 'District: .inf', "Setting Name: 'null'"];
const PLAN_3 = ['Plan Ref: 0123', 'URN: .5'];

function expectTextRead(records: PlanRecord[]): void {
  expect(records.map((r) => r.ref)).toEqual(['00123', '0x1F', '0123']);
  const [a, b, c] = records;
  expect(a!.setting).toMatchObject({ urn: '0123456' });
  expect(a!.child).toMatchObject({ lookedAfter: true, electiveHomeEducation: true, youthCustody: false, ncYear: 7 });
  expect(a!.child.district).toBeUndefined();
  expect(a!.setting.name).toBeUndefined();
  expect(a!.dates).toMatchObject({ finalIssued: '2024-01-13', request: '2024-01-13' });
  expect(a!.needs.primary).toBe('ASD');
  expect(b!.setting).toMatchObject({ urn: '1e3', name: 'null' });
  expect(b!.child).toMatchObject({ lookedAfter: false, electiveHomeEducation: false, youthCustody: true, ncYear: 7, district: '.inf' });
  expect(b!.dates.finalIssued).toBeUndefined();
  expect(c!.setting.urn).toBe('.5');
}

describe('a mapped YAML export: scalars are read as written, as a CSV cell is', () => {
  it('multi-document (js-yaml): 00123, 0123 and 0x1F are three plans, a URN keeps its leading 0 (were 123, 123, 31: a duplicate)', async () => {
    const text = [PLAN_1, PLAN_2, PLAN_3].map((p) => `---\n${p.join('\n')}\n`).join('');
    const got = await read('multi.yaml', text, TYPED_MAP);
    expect(got.rejected).toEqual([]);
    expectTextRead(got.records);
    expect(got.lines).toEqual([2, 14, 25]);
  });

  it('one document holding a list (the yaml package) reads the same', async () => {
    const text = [PLAN_1, PLAN_2, PLAN_3].map((p) => p.map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`)).join('\n')).join('\n');
    const got = await read('list.yaml', `${text}\n`, TYPED_MAP);
    expect(got.rejected).toEqual([]);
    expectTextRead(got.records);
    expect(got.lines).toEqual([1, 12, 22]);
  });

  it('the native record shape (no mapping) keeps YAML types', async () => {
    const file = join(dir, 'native.yaml');
    writeFileSync(file, '---\nref: "N1"\nchild:\n  ncYear: 7\n  lookedAfter: true\n');
    const source = new PlanSource({ file, asOf: '2026-11-26', map: null });
    const records: PlanRecord[] = [];
    for await (const r of source.records()) records.push(r.record);
    expect(records[0]!.child).toMatchObject({ ncYear: 7, lookedAfter: true });
  });
});

const SHAPE_MAP = `list_separator: semicolon
fields:
  ref: Plan Ref
  child.district: District
  needs.other: Other Needs
  f: { column: Provision, split: pipe }
  e: { columns: 'Outcome {n}' }
k:
  - { source: health, date: Health Advice }
`;

describe('a mapped JSON or YAML value that is not text where the mapping reads text', () => {
  const lines = [
    '{"Plan Ref":"P1","District":"Northmoor","Other Needs":["ASD","SLCN"],"Provision":["Weekly SALT","Daily TA"],"Outcome 1":"Read","Notes":{"a":1}}',
    '{"Plan Ref":"P2","District":{"name":"X"}}',
    '{"Plan Ref":"P3","District":["A","B"]}',
    '{"Plan Ref":"P4","Other Needs":[{"code":"ASD"}],"Outcome 1":["a","b"]}',
    '{"Plan Ref":"P5","Health Advice":{"date":"01/02/2024"}}',
    '{"Plan Ref":["P6"],"District":"Ashvale"}',
  ];

  it('is rejected naming its key and what was found (it was made into text: JSON, or the items a line each)', async () => {
    for (const [name, text] of [
      ['shapes.jsonl', `${lines.join('\n')}\n`],
      ['shapes.json', `[\n${lines.join(',\n')}\n]\n`],
    ] as const) {
      const got = await read(name, text, SHAPE_MAP);
      // The JSON array's plans start a line further down, after its '['.
      const off = name.endsWith('.json') ? 1 : 0;
      expect(got.rejected.map((r) => [r.line, r.ref, r.reasons])).toEqual([
        [2 + off, 'P2', ["key 'District' (child.district): expected text, found an object; the mapping cannot read it"]],
        [3 + off, 'P3', ["key 'District' (child.district): expected text, found a list; the mapping cannot read it"]],
        [
          4 + off,
          'P4',
          [
            "key 'Other Needs' (needs.other): expected text or a list of text, found a list holding an object or a list; the mapping cannot read it",
            "key 'Outcome 1' (e): expected text, found a list; the mapping cannot read it",
          ],
        ],
        [5 + off, 'P5', ["key 'Health Advice' (k.health.date): expected text, found an object; the mapping cannot read it"]],
        [6 + off, undefined, ["key 'Plan Ref' (ref): expected text, found a list; the mapping cannot read it"]],
      ]);
      // A list where the mapping reads a list is its items, whatever the field's separator; a key the mapping does not read is kept as before.
      expect(got.records).toHaveLength(1);
      const p1 = got.records[0]!;
      expect(p1.needs.other).toEqual(['ASD', 'SLCN']);
      expect(p1.f.map((x) => x.text)).toEqual(['Weekly SALT', 'Daily TA']);
      expect(p1.extra).toEqual({ Notes: '{"a":1}' });
    }
  });

  it('in a mapped YAML export too', async () => {
    const got = await read('shapes.yaml', "---\nPlan Ref: P1\nDistrict:\n  name: X\n---\nPlan Ref: P2\nOther Needs: [ASD, SLCN]\n", SHAPE_MAP);
    expect(got.rejected.map((r) => [r.line, r.ref, r.reasons])).toEqual([[2, 'P1', ["key 'District' (child.district): expected text, found an object; the mapping cannot read it"]]]);
    expect(got.records.map((r) => r.needs.other)).toEqual([['ASD', 'SLCN']]);
  });
});
