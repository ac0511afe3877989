/**
 * Duplicate keys in JSON (records/loaders/jsonDuplicates.ts): JSON.parse keeps the last value of a
 * repeated key silently, so a JSON or JSON Lines record with one is rejected, naming the key.
 */
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstDuplicateKey } from '../../src/records/loaders/jsonDuplicates.js';
import { runCli } from '../helpers/cli.js';

describe('firstDuplicateKey', () => {
  it('finds a key given twice in one object, at any depth, and names its path', () => {
    expect(firstDuplicateKey('{"ref":"J3","ref":"J4"}')).toBe('ref');
    expect(firstDuplicateKey('{ "ref" : "J3" ,\n "ref"\t: "J4" }')).toBe('ref');
    expect(firstDuplicateKey('{"dates":{"request":"2024-01-01","request":"2024-02-02"}}')).toBe('dates.request');
    expect(firstDuplicateKey('{"e":[{"text":"a"},{"text":"b","text":"c"}]}')).toBe('e[].text');
    expect(firstDuplicateKey('[[{"a":1,"a":2}]]')).toBe('[][].a');
    // Written differently, the same key: JSON.parse reads both as "ab".
    expect(firstDuplicateKey('{"ab":1,"a\\u0062":2}')).toBe('ab');
  });

  it('is not fooled by keys in other objects, or by quotes, colons and braces inside strings', () => {
    expect(firstDuplicateKey('[{"a":1},{"a":2}]')).toBeUndefined();
    expect(firstDuplicateKey('{"a":{"x":1},"b":{"x":2}}')).toBeUndefined();
    expect(firstDuplicateKey('{"a":"\\"a\\": 1, {\\"b\\":[","b":"x\\\\","c":"\\\\\\"","a2":"a"}')).toBeUndefined();
    expect(firstDuplicateKey('{"list":["a","a"],"n":"a"}')).toBeUndefined();
    expect(firstDuplicateKey('"a"')).toBeUndefined();
  });

  it('agrees with a parse that keeps every key, on random JSON', () => {
    // JSON.stringify never repeats a key: none is found in its text. Then one key of an object is
    // written again at its end, and that key is found.
    const key = fc.constantFrom('a', 'b', 'ref', 'x"y', 'c\\d', 'é', ' ', '');
    const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.constant(null), fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(key, tie('v'), { maxKeys: 4 })),
    })).v;
    fc.assert(
      fc.property(value, (v) => {
        expect(firstDuplicateKey(JSON.stringify(v))).toBeUndefined();
      }),
    );
    fc.assert(
      fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 4 }), fc.nat(), (obj, pick) => {
        const keys = Object.keys(obj);
        const k = keys[pick % keys.length]!;
        const text = JSON.stringify(obj);
        const withDup = `${text.slice(0, -1)},${JSON.stringify(k)}:0}`;
        expect(firstDuplicateKey(withDup)).toBe(k);
      }),
    );
  });
});

describe('a JSON or JSON Lines record with a key given twice', () => {
  it('is rejected with its line and the key, threaded or not; the other records are scored', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ehcp-dupkey-'));
    const jsonl = join(dir, 'plans.jsonl');
    writeFileSync(jsonl, '{"ref":"J1"}\n{"ref":"J3","ref":"J4"}\n{"ref":"J5","dates":{"request":"2024-01-01","request":"2024-02-02"}}\n');
    const json = join(dir, 'plans.json');
    writeFileSync(json, '[\n{"ref":"J1"},\n{"ref":"J3","ref":"J4"}\n]\n');
    for (const env of [{}, { EHCP_AUDIT_PARALLEL_MIN_BYTES: '1' }] as Record<string, string>[]) {
      const r = runCli(['audit', jsonl, '--as-of', '26/11/2026', '-q', '-f', 'json'], { env });
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout) as { plans: { ref: string }[]; input: { rejected: { line: number; reasons: string[] }[] } };
      expect(report.plans.map((p) => p.ref)).toEqual(['J1']);
      expect(report.input.rejected.map((x) => [x.line, x.reasons])).toEqual([
        [2, ["duplicate key 'ref': an object gives it twice, so which value is meant cannot be told; keep one"]],
        [3, ["duplicate key 'dates.request': an object gives it twice, so which value is meant cannot be told; keep one"]],
      ]);
    }
    const v = runCli(['validate', json, '--as-of', '26/11/2026']);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain(`${json}:3: duplicate key 'ref'`);
  });
});
