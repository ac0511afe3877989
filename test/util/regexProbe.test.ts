/**
 * The probe of user-written regular expressions (util/regexProbe.ts): the shipped rubrics' and
 * mappings' expressions, which are not probed at run time, pass it; the shapes that hang an audit
 * (the QA report's) are stopped within the budget, each with the kind of text it ran too long on.
 * Each refusal costs the budget (250 ms of CPU time), so there are few.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { mappingSchema } from '../../src/records/mapping/schema.js';
import { TOOL_PATTERNS } from '../../src/records/mapping/toolPatterns.js';
import { probeRegexes, skipRegexProbes } from '../../src/util/regexProbe.js';
import { repoRoot } from '../helpers/cli.js';

/** Every `re` and `matches` string in a parsed rubric (lexicons, checks, conditions), and every `none_patterns` entry and `pattern` of a mapping. */
function written(value: unknown, into: { source: string; flags: string[] }[] = []): { source: string; flags: string[] }[] {
  if (value === null || typeof value !== 'object') return into;
  for (const [k, v] of Object.entries(value)) {
    if (k === 're' && typeof v === 'string') into.push({ source: v, flags: ['i', 'iu'] });
    else if (k === 'matches' && typeof v === 'string') into.push({ source: v, flags: ['iu'] });
    else if (k === 'pattern' && typeof v === 'string') into.push({ source: v, flags: ['is'] });
    else if (k === 'none_patterns' && Array.isArray(v)) for (const p of v) into.push({ source: String(p), flags: ['i'] });
    else written(v, into);
  }
  return into;
}

const yamlIn = (dir: string) => readdirSync(join(repoRoot, dir)).filter((f) => f.endsWith('.yaml')).map((f) => join(repoRoot, dir, f));

describe('regular expression probe', () => {
  it('passes every expression of the shipped rubrics and mappings, the default none_patterns and the example files', () => {
    const files = [...yamlIn('rubrics'), ...yamlIn('mappings'), ...yamlIn('fixtures/rubrics'), join(repoRoot, 'fixtures', 'example-export.map.yaml')];
    const regexes = files.flatMap((f) => written(parse(readFileSync(f, 'utf8'))));
    // The defaults a mapping without none_patterns gets.
    regexes.push(...mappingSchema().parse({ fields: { ref: 'Ref' } }).none_patterns.map((p) => ({ source: p, flags: ['i'] })));
    // The patterns init writes, which a mapping's load does not time (mapping/toolPatterns.ts).
    regexes.push(...[...TOOL_PATTERNS].map((p) => ({ source: p, flags: ['is'] })));
    expect(regexes.length).toBeGreaterThanOrEqual(60);
    const slow = probeRegexes(regexes);
    expect(regexes.filter((_, i) => slow[i] !== undefined).map((r) => r.source)).toEqual([]);
  });

  it("stops the QA report's expressions, naming the text; ordinary ones around them pass", () => {
    const qa = [String.raw`(.|\s)*as required`, String.raw`(.|\s)+x`, String.raw`(\s|.)*tbc`, String.raw`(\w|\s|[a-z ])+x`, String.raw`(\w+\s?)+x`, String.raw`(\w+\s?){1,}x`];
    // Fast despite a nested repeat (each round must end in '-'), and one that compiles only with u.
    const ordinary = ['as required', String.raw`\b\d+\s*(?:hours?|minutes?|mins?)\b`, String.raw`(\d+-)+x`, String.raw`\p{Lu}{3,}`];
    const list = [...ordinary.slice(0, 2), ...qa, ...ordinary.slice(2)].map((source) => ({ source, flags: ['i', 'iu'] }));
    const started = performance.now();
    const slow = probeRegexes(list);
    expect(slow.slice(0, 2)).toEqual([undefined, undefined]);
    expect(slow.slice(-2)).toEqual([undefined, undefined]);
    for (const text of slow.slice(2, -2)) expect(text).toMatch(/^(ordinary text \(\d+ characters of words and spaces\)|a run of \d+ (letters|spaces|digits)|\d+ characters of text with punctuation and line breaks)$/);
    expect(slow[2]).toBe('a run of 40 spaces');
    expect(slow[6]).toBe('ordinary text (40 characters of words and spaces)');
    // Each distinct expression once: asked again, the answers come back without running them.
    const again = performance.now();
    expect(probeRegexes(list)).toEqual(slow);
    expect(performance.now() - again).toBeLessThan(50);
    // Six stopped at 250 ms of CPU each; wall time is capped at 5 s each (a loaded machine).
    expect(again - started).toBeLessThan(6 * 5000);
  });

  it('a worker thread of the parallel audit does not probe: the main thread has', () => {
    skipRegexProbes();
    expect(probeRegexes([{ source: String.raw`(a|a)*x`, flags: ['i'] }])).toEqual([undefined]);
  });
});
