import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, type AuditReport } from '../../src/audit/report.js';
import { formatJson } from '../../src/report/json.js';
import { asText, REPORT_FORMATS } from '../../src/report/index.js';
import { validate } from './jsonSchemaLite.js';
import { auditReport, sampleReport, showTextReport } from './sampleReport.js';

const schema = JSON.parse(readFileSync(new URL('../../schemas/audit-report.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;

/** The report as a consumer sees it: through the JSON formatter and back. */
const asJson = (r: AuditReport) => JSON.parse(formatJson(r)) as Record<string, unknown>;

type Mutable = Record<string, unknown> & { [k: string]: unknown };

describe('schemas/audit-report.schema.json', () => {
  it('is a draft 2020-12 schema with an $id, a title and a description', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(typeof schema.$id).toBe('string');
    expect(typeof schema.title).toBe('string');
    expect(typeof schema.description).toBe('string');
    expect((schema.properties as Record<string, { const?: number }>).schemaVersion!.const).toBe(SCHEMA_VERSION);
  });

  it('accepts real reports: a sample, a --show-text sample, an audit, and an automatic-size sample', () => {
    for (const r of [sampleReport(), showTextReport(), auditReport()]) expect(validate(schema, asJson(r))).toEqual([]);
    const auto = sampleReport();
    auto.sample!.requestedSize = 'auto';
    auto.sample!.margin = { margin: 0.1, confidence: 0.95, computedSize: 3 };
    auto.sample!.seed = 'spring term';
    expect(validate(schema, asJson(auto))).toEqual([]);
    const empty = auditReport();
    empty.plans = [];
    empty.criteria[0]!.rate = null;
    empty.criteria[0]!.ci95 = null;
    empty.summary.meanScore = null;
    expect(validate(schema, asJson(empty))).toEqual([]);
  });

  it('names every top-level key of the report, all required', () => {
    const keys = Object.keys(sampleReport()).sort();
    expect(Object.keys(schema.properties as object).sort()).toEqual(keys);
    expect([...(schema.required as string[])].sort()).toEqual(keys);
  });

  it('rejects an extra key, at the top and inside', () => {
    const top = asJson(sampleReport());
    top.generatedAt = '2026-11-26T10:00:00Z';
    expect(validate(schema, top)).toContain("$: unexpected key 'generatedAt'");
    const inner = asJson(sampleReport());
    ((inner.plans as Mutable[])[0]!).dob = '2014-01-01';
    expect(validate(schema, inner)).toContain("$.plans[0]: unexpected key 'dob'");
  });

  it('rejects a missing key, at the top and inside', () => {
    const top = asJson(sampleReport());
    delete top.summary;
    expect(validate(schema, top)).toContain("$: missing required key 'summary'");
    const inner = asJson(sampleReport());
    delete (inner.criteria as Mutable[])[1]!.ci95;
    expect(validate(schema, inner)).toContain("$.criteria[1]: missing required key 'ci95'");
  });

  it('rejects wrong values: an unknown rating, a rate above 1, a bad interval, a bad kind', () => {
    const r = asJson(sampleReport());
    ((r.plans as Mutable[])[0]!.results as Mutable[])[0]!.rating = 'passed';
    (r.criteria as Mutable[])[0]!.rate = 1.5;
    (r.criteria as Mutable[])[1]!.ci95 = [0.1];
    r.kind = 'census';
    const errors = validate(schema, r);
    expect(errors.some((e) => e.startsWith('$.plans[0].results[0].rating:'))).toBe(true);
    expect(errors.some((e) => e.startsWith('$.criteria[0].rate:'))).toBe(true);
    expect(errors.some((e) => e.startsWith('$.criteria[1].ci95:'))).toBe(true);
    expect(errors.some((e) => e.startsWith('$.kind:'))).toBe(true);
  });

  it('validates the JSON the registry writes', () => {
    const out = asText(REPORT_FORMATS.json!(showTextReport(), { useColor: false }));
    expect(validate(schema, JSON.parse(out))).toEqual([]);
  });
});

describe('jsonSchemaLite', () => {
  it('checks types, nullable anyOf, oneOf, const, minimum and local $ref', () => {
    const s = {
      $defs: { n: { type: 'integer', minimum: 0 } },
      type: 'object',
      additionalProperties: false,
      required: ['a'],
      properties: { a: { $ref: '#/$defs/n' }, b: { anyOf: [{ type: 'string' }, { type: 'null' }] }, c: { oneOf: [{ const: 1 }, { const: 2 }] } },
    };
    expect(validate(s, { a: 1, b: null, c: 2 })).toEqual([]);
    expect(validate(s, { a: -1 })).toEqual(['$.a: -1 is below the minimum 0']);
    expect(validate(s, { a: 1.5 })).toEqual(['$.a: expected integer, got number']);
    expect(validate(s, { a: 1, b: 3 })).toEqual(['$.b: matches none of anyOf']);
    expect(validate(s, { a: 1, c: 3 })).toEqual(['$.c: matches 0 of oneOf (expected exactly 1)']);
    expect(validate(s, [])).toEqual(['$: expected object, got array']);
  });

  it('refuses keywords it does not implement rather than ignoring them', () => {
    expect(() => validate({ type: 'string', format: 'date' }, 'x')).toThrow(/unsupported keyword 'format'/);
  });
});
