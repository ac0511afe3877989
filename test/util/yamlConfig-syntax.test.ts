/**
 * YAML that does not parse: only the first syntax error is reported (the parser's recovery from a
 * tab or a missing `}` made a run of errors on the lines after it), and an unclosed quote or flow
 * collection is located where it opens, not where the parser gave up. Rubrics, mappings and check
 * configs all read YAML through YamlSource, so this holds for each.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/util/errors.js';
import { YamlSource } from '../../src/util/yamlConfig.js';

const dir = mkdtempSync(join(tmpdir(), 'ehcp-yaml-syntax-'));
let n = 0;
function problems(text: string): string[] {
  const file = join(dir, `f${n++}.yaml`);
  writeFileSync(file, text);
  try {
    YamlSource.read(file, 'rubric');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).message).toBe(`${file}: not valid YAML`);
    return (e as ConfigError).problems.map((p) => p.replace(file, 'F'));
  }
  throw new Error('expected a syntax error');
}

const CRITERION = ['  - id: LA-x', '    title: X', '    section: A', '    source: s', '    check: { type: present, field: a.childViews }'];
const rubric = (lines: string[]) => ['id: x', "version: '1'", 'extends: default', 'criteria:', ...lines, ...CRITERION.map((l) => l.replace('LA-x', 'LA-y')), ''].join('\n');

describe('YAML syntax errors', () => {
  it('a tab as indentation is one error, at the tab', () => {
    const p = problems(rubric(CRITERION.map((l, i) => (i === 1 ? `\t${l.trim()}` : l))));
    expect(p).toHaveLength(1);
    expect(p[0]!.split('\n')[0]).toBe('F:6:1: Tabs are not allowed as indentation');
  });

  it("a missing '}' is one error, where the mapping opens", () => {
    const p = problems(rubric(CRITERION.map((l) => l.replace(' }', ''))));
    expect(p).toEqual([
      [
        'F:9:12: the flow mapping { opened here has no closing } (or a line in it is not indented past its key) (the YAML parser: Flow map in block collection must be sufficiently indented and end with a })',
        '        check: { type: present, field: a.childViews',
        '               ^',
      ].join('\n'),
    ]);
  });

  it("a missing ']' and an unclosed quote are located where they open, the line quoted", () => {
    expect(problems('a: [1, 2\nb: 3\n').map((x) => x.split('\n')[0])).toEqual([expect.stringMatching(/^F:1:4: the flow sequence \[ opened here has no closing \]/)]);
    const p = problems(rubric(CRITERION.map((l, i) => (i === 1 ? '    title: "X' : l))).split('\n').slice(0, 10).join('\n'));
    expect(p).toEqual([['F:6:12: the quoted text opened here has no closing " (the YAML parser: Missing closing "quote)', '        title: "X', '               ^'].join('\n')]);
    expect(problems("a: 'x\nb: 3\n").map((x) => x.split('\n')[0])).toEqual(["F:1:4: the quoted text opened here has no closing ' (the YAML parser: Missing closing 'quote)"]);
  });

  it("an unclosed '[' is located where it opens, not at a closed '[' inside it", () => {
    const p = problems(rubric(CRITERION.map((l, i) => (i === 4 ? '    check: { type: existence, fields: [f, g, match: [regular] }' : l))));
    expect(p.map((x) => x.split('\n')[0])).toEqual([expect.stringMatching(/^F:9:39: the flow sequence \[ opened here has no closing \]/)]);
    expect(p[0]!.split('\n')[2]).toBe(`    ${' '.repeat(38)}^`);
    // And a '{' left open around a closed '[...]' is located at the '{'.
    const q = problems(rubric(CRITERION.map((l, i) => (i === 4 ? '    check: { type: existence, fields: [f], match: [regular]' : l))));
    expect(q.map((x) => x.split('\n')[0])).toEqual([expect.stringMatching(/^F:9:12: the flow mapping \{ opened here has no closing \}/)]);
  });

  it('other errors come as the parser gives them, the first only', () => {
    expect(problems('a: 1\na: 2\nb: 1\nb: 2\n').map((x) => x.split('\n')[0])).toEqual(['F:2:1: Map keys must be unique']);
  });
});
