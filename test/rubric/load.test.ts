import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_TYPES } from '../../src/rubric/checks/index.js';
import { loadRubric } from '../../src/rubric/load.js';
import { MAX_GROUPS } from '../../src/rubric/patterns.js';
import { ConfigError } from '../../src/util/errors.js';
import { fixture } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ehcp-rubric-'));
function write(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
function problems(file: string): string[] {
  try {
    loadRubric(file);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected the rubric to be refused');
}

describe('loading rubrics', () => {
  it('the shipped rubrics load', () => {
    const d = loadRubric('default');
    expect(d.id).toBe('default');
    expect(d.criteria.length).toBeGreaterThanOrEqual(20);
    expect(d.criteria.length).toBeLessThanOrEqual(30);
    for (const c of d.criteria) expect(c.def.source.length, c.def.id).toBeGreaterThan(5);
    const s = loadRubric('statutory');
    expect(s.grades.bands.map((b) => b.name)).toEqual(['Compliant', 'Not compliant']);
  });

  it('reports every problem at once, each with file:line:col and the line quoted', () => {
    const f = write(
      'bad.yaml',
      [
        'id: bad',
        'version: 1',
        'criteria:',
        '  - id: one',
        '    title: One',
        '    section: A',
        '    source: test',
        '    weight: heavy',
        '    check: { type: present, field: a.childViews }',
        '  - id: one',
        '    title: Duplicate',
        '    section: A',
        '    source: test',
        '    check: { type: present, field: a.childViews }',
        '  - id: two',
        '    title: Two',
        '    section: B',
        '    source: test',
        '    colour: red',
        '    check: { type: presence, field: b }',
        '  - id: three',
        '    title: Three',
        '    section: F',
        '    source: test',
        "    check: { type: existence, fields: [f], match: [{ re: '(unclosed' }] }",
        '  - id: four',
        '    title: Four',
        '    section: E',
        '    source: test',
        '    check: { type: present, field: a.childsViews }',
      ].join('\n'),
    );
    const p = problems(f);
    const text = p.join('\n');
    expect(text).toMatch(new RegExp(`${f.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:8:13: criteria.0.weight: expected number`));
    expect(text).toMatch(/bad\.yaml:10:9: duplicate criterion id 'one'/);
    expect(text).toMatch(/bad\.yaml:19:5: unknown key 'colour'/);
    expect(p.length).toBe(3); // structural errors stop before checks are compiled
    // The quoted line and a caret follow each message.
    expect(text).toContain('    weight: heavy');
  });

  it('check-level problems are located inside the check', () => {
    const f = write(
      'bad2.yaml',
      [
        'id: bad2',
        'criteria:',
        '  - id: two',
        '    title: Two',
        '    section: B',
        '    source: test',
        '    check: { type: presence, field: b }',
        '  - id: three',
        '    title: Three',
        '    section: F',
        '    source: test',
        "    check: { type: existence, fields: [f], match: [{ re: '(unclosed' }] }",
        '  - id: four',
        '    title: Four',
        '    section: E',
        '    source: test',
        '    check: { type: present, field: a.childsViews }',
        '  - id: five',
        '    title: Five',
        '    section: E',
        '    source: test',
        "    check: { type: existence, fields: [f], match: ['@nope'] }",
      ].join('\n'),
    );
    const text = problems(f).join('\n');
    // The list is the registry's (a new check type is one file and one line in checks/index.ts).
    expect(text).toContain(`bad2.yaml:7:20: unknown check type 'presence' (known: ${Object.keys(CHECK_TYPES).join(', ')})`);
    expect(Object.keys(CHECK_TYPES)).toEqual(expect.arrayContaining(['present', 'count', 'existence', 'each', 'date_within', 'thread', 'all', 'any']));
    expect(text).toMatch(/bad2\.yaml:12:\d+: existence check: .*(regular expression|Invalid regular expression)/i);
    expect(text).toMatch(/bad2\.yaml:17:\d+: present check: unknown field 'a\.childsViews'/);
    expect(text).toMatch(/bad2\.yaml:22:\d+: existence check: unknown lexicon 'nope'/);
  });

  it('extends: switches criteria off, overrides fields, adds LA criteria and edits lexicons', () => {
    const base = loadRubric('default');
    const la = loadRubric(fixture('rubrics', 'la-example.yaml'));
    const ids = la.criteria.map((c) => c.def.id);
    expect(la.id).toBe('our-la');
    expect(la.version).toBe('2026.1');
    expect(ids).not.toContain('F-hedges');
    expect(ids).not.toContain('qa-signed-off');
    expect(ids).toContain('LA-interpreter');
    expect(ids.length).toBe(base.criteria.length - 2 + 1);
    expect(la.criteria.find((c) => c.def.id === 'E-pfa')!.def.severity).toBe('critical');
    expect(la.criteria.find((c) => c.def.id === 'E-pfa')!.def.title).toBe(base.criteria.find((c) => c.def.id === 'E-pfa')!.def.title);
    expect(la.lexicons.vague_provision).toContain('as and when required');
    expect(la.lexicons.vague_provision).not.toContain('regular');
    expect(la.files).toHaveLength(2);
  });

  it('switching off a criterion no extended rubric has is an error (a misspelt id), with a suggestion', () => {
    const f = write('typo.yaml', 'id: t\nversion: \'1\'\nextends: default\ncriteria:\n  - id: F-hedgess\n    enabled: false\n  - id: LA-off\n    enabled: false\n    title: An LA criterion kept but off\n    section: F\n    source: LA\n    check: { type: present, field: f }\n');
    const p = problems(f);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/typo\.yaml:5:9: 'F-hedgess' is switched off, but no rubric this one extends has a criterion with that id: did you mean 'F-hedges'\?/);
  });

  it('an extends loop and a missing parent are clear errors', () => {
    write('loop-a.yaml', "id: a\nextends: loop-b.yaml\nversion: '1'\n");
    const b = write('loop-b.yaml', "id: b\nextends: loop-a.yaml\nversion: '1'\n");
    expect(problems(b)).toEqual([expect.stringMatching(/loop-a\.yaml:2:10: 'extends' loops back to loop-b\.yaml \(.*loop-b\.yaml -> .*loop-a\.yaml -> .*loop-b\.yaml\)/)]);
    const m = write('missing.yaml', "id: m\nextends: nowhere.yaml\nversion: '1'\n");
    expect(problems(m).join('\n')).toMatch(/missing\.yaml:2:10: nowhere\.yaml: rubric not found/);
  });

  it("a lexicon entry's bad regular expression is reported where it is written, once, quoting that entry", () => {
    // Added to a shipped lexicon that two default checks use: not at those checks, as the whole list.
    const f = write('lex-add.yaml', "id: la\nextends: default\nlexicons:\n  vague_provision:\n    add: [as and when required, { re: 'support(?!', label: bad }]\nversion: '1'\n");
    const p = problems(f);
    expect(p).toHaveLength(1);
    expect(p[0]!.split('\n')[0]).toBe(`${f}:5:39: lexicon 'vague_provision': bad regular expression: Invalid regular expression: /support(?!/iu: Unterminated group`);
    expect(p[0]!.split('\n')[1]).toBe("        add: [as and when required, { re: 'support(?!', label: bad }]");
  });

  it('a bad regular expression in a lexicon no check uses is still an error', () => {
    const f = write('lex-unused.yaml', "id: u\nextends: default\nlexicons:\n  unused: [fine, { re: '[z-a]' }]\nversion: '1'\n");
    expect(problems(f).map((x) => x.split('\n')[0])).toEqual([
      `${f}:4:24: lexicon 'unused': bad regular expression: Invalid regular expression: /[z-a]/iu: Range out of order in character class`,
    ]);
  });

  it('across extends, a bad lexicon entry is reported in the file that defines it', () => {
    const base = write('lex-base.yaml', "id: base\nextends: default\nlexicons:\n  ours: [{ re: '(unclosed', label: broken }]\nversion: '1'\n");
    const la = write(
      'lex-la.yaml',
      "id: la\nextends: lex-base.yaml\nlexicons:\n  ours: { add: [as and when] }\ncriteria:\n  - { id: LA-ours, title: t, section: F, source: s, check: { type: existence, fields: [f], match: ['@ours'] } }\nversion: '1'\n",
    );
    expect(problems(la).map((x) => x.split('\n')[0])).toEqual([`${base}:4:16: lexicon 'ours': bad regular expression: Invalid regular expression: /(unclosed/iu: Unterminated group`]);
  });

  it('entries that compile alone but not together are reported at the check without quoting the whole list', () => {
    const f = write('lex-groups.yaml', "id: g\nextends: default\nlexicons:\n  g: [{ re: '(?<x>a)b' }, { re: '(?<x>c)d' }]\ncriteria:\n  - { id: LA-g, title: t, section: F, source: s, check: { type: existence, fields: [f], match: ['@g'] } }\nversion: '1'\n");
    expect(problems(f).map((x) => x.split('\n')[0])).toEqual([
      `${f}:6:96: existence check: the list's regular expressions cannot be used together: Duplicate capture group name 'x' (named groups need different names, none of them p and a number)`,
    ]);
  });

  it('a list longer than one expression holds says the limit and to split the list, not that its expressions cannot be used together', () => {
    // QA: a lexicon of 33,000 plain phrases (no expression, no group) was told of "too many captures" and named groups.
    const lexicon = (n: number) => Array.from({ length: n }, (_, i) => `    - 'school ${i}'`).join('\n');
    const rubric = (name: string, n: number) => write(name, `id: big\nversion: '1'\nextends: default\nlexicons:\n  mine:\n${lexicon(n)}\ncriteria:\n  - { id: LA-big, title: t, section: F, source: s, check: { type: existence, fields: [f], match: ['@mine'] } }\n`);
    const over = rubric('big.yaml', MAX_GROUPS + 1);
    expect(problems(over).map((x) => x.split('\n')[0])).toEqual([
      `${over}:6:5: lexicon 'mine' has 32,768 entries, more than one check can take: a check's list is one regular expression, which holds at most 32,767 entries; split it into two lexicons and give each to a check of its own`,
      `${over}:${MAX_GROUPS + 8}:98: existence check: the list has 32,768 entries (its lexicons expanded), more than one check can take: a list is one regular expression, which holds at most 32,767 groups, one for each entry and one for each group in its regular expressions; split the list over two checks, each with part of it (two lexicons; e.g. in { type: all, partial: false, checks: [...] })`,
    ]);
    expect(loadRubric(rubric('most.yaml', MAX_GROUPS)).criteria.map((c) => c.def.id)).toContain('LA-big');
  });

  it("a shipped lexicon made too long by an extending rubric is reported at the extending file's add, not only at the shipped checks (regression QA)", () => {
    const adds = Array.from({ length: MAX_GROUPS }, (_, i) => `      - 'school ${i}'`).join('\n');
    const f = write('add-big.yaml', `id: big\nversion: '1'\nextends: default\nlexicons:\n  vague_provision:\n    add:\n${adds}\n`);
    const first = problems(f)[0]!.split('\n')[0];
    expect(first).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:7:7: lexicon 'vague_provision' has \\d{2},\\d{3} entries, more than one check can take`));
  });

  it('a message or finding naming a placeholder it does not take is an error at the template, in the file that writes it', () => {
    const f = write(
      'templates.yaml',
      [
        'id: t',
        'extends: default',
        'criteria:',
        '  - id: A-child-views',
        '    message: "Views missing: {reason}"',
        '  - id: LA-x',
        '    title: X',
        '    section: A',
        '    source: s',
        '    check: { type: present, field: a.childViews }',
        '    message: "{title} {reasons} {see policy 4.2}"',
        '    finding: "Views in {met} of {n} {scope} ({rate}; {low}-{high}) {bogus}"',
        "version: '1'",
        '',
      ].join('\n'),
    );
    expect(problems(f).map((x) => x.split('\n')[0])).toEqual([
      `${f}:5:14: criterion 'A-child-views': message: unknown placeholder {reason}: the placeholders here are {reasons} and {title}`,
      `${f}:12:14: criterion 'LA-x': finding: unknown placeholder {bogus}: the placeholders here are {met}, {n}, {scope}, {rate}, {low} and {high}`,
    ]);
  });

  it("a condition's problem is its own, not the union's 'Invalid input' (applies_when and thread links)", () => {
    const f = write(
      'conditions.yaml',
      [
        'id: cnd',
        'extends: default',
        'criteria:',
        '  - id: t1',
        '    title: thread',
        '    section: process',
        '    source: test',
        '    check:',
        '      type: thread',
        '      links:',
        '        - { label: x, if: { field: c, present: yes }, then: { field: g, eq: [1] } }',
        '        - { label: y, if: { not: { feild: c, present: true } }, then: [{ field: g, present: true }, { any: [{ field: h1, gte: soon }] }] }',
        "version: '1'",
        '',
      ].join('\n'),
    );
    expect(problems(f).map((x) => x.split('\n')[0])).toEqual([
      `${f}:11:48: thread check: links.0.if.present: expected boolean ('yes' is text here: write true or false)`,
      `${f}:11:77: thread check: links.0.then.eq: expected string, number or boolean`,
      `${f}:12:34: thread check: links.1.if.not.field: missing (expected string)`,
      `${f}:12:36: thread check: unknown key 'feild' in links.1.if.not`,
      `${f}:12:127: thread check: links.1.then.1.any.0.gte: expected a number, a date (dd/mm/yyyy) or as_of`,
    ]);
    // applies_when is the file's own shape, checked first.
    const g = write('applies.yaml', 'id: a\nextends: default\ncriteria:\n  - { id: c1, title: c1, section: A, source: s, applies_when: { field: c, present: yes }, check: { type: present, field: a.childViews } }\nversion: "1"\n');
    expect(problems(g).map((x) => x.split('\n')[0])).toEqual([`${g}:4:84: criteria.0.applies_when.present: expected boolean ('yes' is text here: write true or false)`]);
  });

  it('grade bands must fall and end at 0, and caps must name a band', () => {
    const f = write(
      'grades.yaml',
      'id: g\nextends: default\ngrades:\n  bands:\n    - { name: Top, min: 50 }\n    - { name: Bottom, min: 60 }\n  limits:\n    - { critical_not_met: 1, cap: Middle }\nversion: "1"\n',
    );
    const text = problems(f).join('\n');
    expect(text).toMatch(/grades\.yaml:6:\d+: grade bands must be best first/);
    expect(text).toMatch(/the last grade band must have min 0/);
    expect(text).toMatch(/grades\.yaml:8:\d+: cap 'Middle' is not a grade band/);
  });
});

describe("a rubric's own id and version", () => {
  it('a rubric that extends another gives its own id and version, at its extends', () => {
    const f = write('no-id.yaml', 'title: Ours\nextends: default\n');
    expect(problems(f).map((x) => x.split('\n')[0])).toEqual([
      `${f}:2:1: a rubric that extends another gives its own 'id' (without one, reports, baselines and comparisons would name it as default)`,
      `${f}:2:1: a rubric that extends another gives its own 'version', in quotes (version: '1'): without one, reports would give the version of default`,
    ]);
  });

  it('a rubric that extends nothing gives its version too, at its id: reports record it (it was recorded as "0")', () => {
    const f = write('no-version.yaml', '# ours\nid: ours\ncriteria:\n  - { id: c, title: c, section: A, source: s, check: { type: present, field: a.childViews } }\n');
    expect(problems(f).map((x) => x.split('\n')[0])).toEqual([
      `${f}:2:1: give the rubric a version, e.g. version: "1.0" (in quotes): reports record it, so each result can be traced to the rubric that gave it`,
    ]);
  });

  it('a blank version is no version, standalone or extending (version: "" was recorded as "")', () => {
    for (const [name, text, line] of [
      ['blank-version.yaml', 'id: ours\nversion: ""\ncriteria:\n  - { id: c, title: c, section: A, source: s, check: { type: present, field: a.childViews } }\n', 2],
      ['blank-extending.yaml', 'extends: default\nid: ours\nversion: "  "\n', 3],
    ] as const) {
      const f = write(name, text);
      expect(problems(f).map((x) => x.split('\n')[0])).toEqual([`${f}:${line}:1: the version is blank: give one, e.g. version: "1.0" (in quotes): reports record it`]);
    }
  });

  it("an extending rubric's title and description are its own, not the base's (the id when it gives no title)", () => {
    const r = loadRubric(write('own-id.yaml', "id: ours\nversion: '2026.10'\nextends: default\n"));
    expect(r).toMatchObject({ id: 'ours', version: '2026.10', title: 'ours', description: '' });
  });

  it('a version YAML reads as a number with digits lost is an error at it: it must be quoted; a whole number is read as written', () => {
    const f = write('num-version.yaml', 'id: ours\nversion: 2026.10\nextends: default\n');
    expect(problems(f).map((x) => x.split('\n')[0])).toEqual([
      `${f}:2:10: write the version in quotes ('2026.10'): unquoted, YAML reads it as a number and drops trailing zeros (2026.10 is read as 2026.1)`,
    ]);
    const g = write('int-version.yaml', 'id: ours\nversion: 1\ncriteria:\n  - { id: c, title: c, section: A, source: s, check: { type: present, field: a.childViews } }\n');
    expect(loadRubric(g).version).toBe('1');
    const h = write('zero-version.yaml', 'id: ours\nversion: 1.0\ncriteria:\n  - { id: c, title: c, section: A, source: s, check: { type: present, field: a.childViews } }\n');
    expect(problems(h).map((x) => x.split('\n')[0])).toEqual([`${h}:2:10: write the version in quotes ('1.0'): unquoted, YAML reads it as a number and drops trailing zeros (1.0 is read as 1)`]);
  });

  it('the shipped rubrics and the example LA rubric load, each with its own id and version', () => {
    expect(['default', 'statutory', fixture('rubrics', 'la-example.yaml')].map((n) => [loadRubric(n).id, loadRubric(n).version])).toEqual([
      ['default', '1.4.0'],
      ['statutory', '1.4.0'],
      ['our-la', '2026.1'],
    ]);
  });
});

describe('grade band names', () => {
  it("two bands with one name (whatever the case), or a band named 'Not graded', are errors at the name", () => {
    const f = write(
      'band-names.yaml',
      "id: g\nversion: '1'\nextends: default\ngrades:\n  bands:\n    - { name: Good, min: 80 }\n    - { name: good, min: 50 }\n    - { name: Not graded, min: 0 }\n  limits: []\n",
    );
    expect(problems(f).map((x) => x.split('\n')[0])).toEqual([
      `${f}:7:15: grade band 'good' has the name of band 1 ('Good'): give each band its own name`,
      `${f}:8:15: 'Not graded' cannot name a grade band: reports give it to a plan with no scored criterion; choose another name`,
    ]);
  });
});

describe('a rubric that scores nothing', () => {
  it('is an error when every criterion switched on has weight 0 or is advisory, after extends', () => {
    const only = write('zero.yaml', "id: z\nversion: '1'\ncriteria:\n  - { id: x, title: x, section: A, source: s, weight: 0, check: { type: present, field: a.childViews } }\n  - { id: y, title: y, section: A, source: s, severity: advisory, check: { type: present, field: a.childViews } }\n  - { id: w, enabled: false, title: w, section: A, source: s, check: { type: present, field: a.childViews } }\n");
    expect(problems(only).map((x) => x.split('\n')[0])).toEqual([`${only}:3:1: no criterion is scored: each one switched on has weight 0 or is advisory, so every plan would be 'Not graded'; give one a weight above 0`]);
    const ext = write('zero-ext.yaml', `id: e\nversion: '1'\nextends: ${only}\ncriteria:\n  - { id: y, severity: standard }\n`);
    expect(loadRubric(ext).criteria.map((c) => c.def.id)).toEqual(['x', 'y']);
  });
});

describe('a rubric with nothing to score', () => {
  it('no criteria, or criteria: [], is an error at the rubric (every plan would be Not graded)', () => {
    const message = "the rubric has no criteria, so every plan would be 'Not graded': give its criteria (docs/rubrics.md), or extend a shipped rubric (extends: default)";
    const none = write('no-criteria.yaml', 'id: x\nversion: "1"\n');
    expect(problems(none).map((x) => x.split('\n')[0])).toEqual([`${none}:1:1: ${message}`]);
    const empty = write('empty-criteria.yaml', 'id: x\nversion: "1"\ncriteria: []\n');
    expect(problems(empty).map((x) => x.split('\n')[0])).toEqual([`${empty}:3:1: ${message}`]);
    // Extending a rubric with none is no better.
    const ext = write('ext-no-criteria.yaml', `id: e\nversion: "1"\nextends: ${none}\n`);
    expect(problems(ext).join('\n')).toContain(message);
  });

  it('an empty file, or one of comments only, says the rubric is empty', () => {
    for (const text of ['', '# our rubric\n\n']) {
      const f = write('empty.yaml', text);
      expect(problems(f).map((x) => x.split('\n')[0])).toEqual([`${f}:1:1: the rubric is empty: write its id, version and criteria (docs/rubrics.md), or extend a shipped rubric (extends: default)`]);
    }
  });
});

describe('a rubric that extends another: an override of a criterion it does not have', () => {
  it('an entry with none of a new criterion\'s keys and an id like a base one is one error, with the id it looks like', () => {
    const f = write('override-typo.yaml', "id: o\nversion: '1'\nextends: default\ncriteria:\n  - { id: F-not-vage, weight: 5 }\n  - { id: LA-new, severity: critical }\n");
    expect(problems(f).map((x) => x.split('\n')[0])).toEqual([
      `${f}:5:11: no criterion 'F-not-vage' in the rubric this one extends to override: did you mean 'F-not-vague'? (a new criterion needs title, section, source and check)`,
      `${f}:6:11: no criterion 'LA-new' in the rubric this one extends to override (a new criterion needs title, section, source and check)`,
    ]);
  });

  it('a new criterion with some of its keys is told each one it lacks, as before', () => {
    const f = write('new-partial.yaml', "id: o\nversion: '1'\nextends: default\ncriteria:\n  - { id: LA-x, title: t, section: A }\n");
    expect(problems(f).map((x) => x.split('\n')[0])).toEqual([`${f}:5:5: criterion 'LA-x' has no 'source'`, `${f}:5:5: criterion 'LA-x' has no 'check'`]);
  });
});

describe('YAML a rubric cannot use', () => {
  it('a merge key (<<) says merge keys are not supported, not "did you mean id"', () => {
    const f = write(
      'merge.yaml',
      "id: m\nversion: '1'\ncriteria:\n  - &c { id: c, title: c, section: A, source: s, check: { type: present, field: a.childViews } }\n  - <<: *c\n    id: d\n",
    );
    expect(problems(f).map((x) => x.split('\n')[0])).toEqual([`${f}:5:5: '<<' in criteria.1 is a YAML merge key (<<: *anchor), which is not supported: write the keys out in full`]);
  });

  it('a condition with all and any together says to nest one, not "Invalid input"', () => {
    const f = write(
      'all-any.yaml',
      "id: m\nversion: '1'\ncriteria:\n  - { id: c, title: c, section: A, source: s, applies_when: { all: [{ field: c, present: true }], any: [] }, check: { type: present, field: a.childViews } }\n",
    );
    expect(problems(f).map((x) => x.split('\n')[0])).toEqual([
      `${f}:4:61: criteria.0.applies_when: a condition is one of { all: [...] }, { any: [...] }, { not: ... } or { field: ..., <test> }, but this one has all and any: put one inside another, e.g. { all: [..., { any: [...] }] }`,
    ]);
  });
});

describe('messages that say where and what', () => {
  it("an unknown check option is named inside its check, with the option it looks like", () => {
    const f = write('opt-typo.yaml', "id: o\nversion: '1'\nextends: default\ncriteria:\n  - { id: LA-x, title: t, section: A, source: s, check: { type: present, field: a.childViews, min_word: 10 } }\n  - { id: LA-y, title: t, section: E, source: s, check: { type: count, field: e, min: 1, where: { match: [x], inn: [area] } } }\n");
    expect(problems(f).map((x) => x.split('\n')[0])).toEqual([
      `${f}:5:95: present check: unknown option 'min_word': did you mean 'min_words'?`,
      `${f}:6:111: count check: unknown key 'inn' in where: did you mean 'in'?`,
    ]);
  });

  it('an unknown key in the file gets the same suggestion, or the keys it could be', () => {
    const f = write('key-typo.yaml', "id: k\nversion: '1'\nextends: default\ncriterion: []\nscoring: { partly: 0.3 }\n");
    expect(problems(f).map((x) => x.split('\n')[0])).toEqual([
      `${f}:4:1: unknown key 'criterion': did you mean 'criteria'?`,
      `${f}:5:12: unknown key 'partly' in scoring (known: partly_credit)`,
    ]);
  });

  it("partly_credit that is neither a number from 0 to 1 nor 'measured' says both are allowed", () => {
    for (const v of ['half', '1.5']) {
      const f = write(`partly-${v}.yaml`, `id: p\nversion: '1'\nextends: default\nscoring: { partly_credit: ${v} }\n`);
      expect(problems(f).map((x) => x.split('\n')[0])).toEqual([`${f}:4:27: scoring.partly_credit: expected a number from 0 to 1, or 'measured' (the check's own share)`]);
    }
    expect(loadRubric(write('partly-ok.yaml', "id: p\nversion: '1'\nextends: default\nscoring: { partly_credit: measured }\n")).partlyCredit).toBe('measured');
  });
});

describe('slow regular expressions', () => {
  it('a repeat inside a repeated group that passes the timing is a located warning, not an error, in a check, a condition or a lexicon', () => {
    // Each flagged by the scan, none slow: every round of (\d+-)+ ends in '-', of (ab+)+ starts with 'a'.
    // The slow ones are errors (test/cli/rubric.test.ts).
    const f = write(
      'redos.yaml',
      [
        'id: r',
        "version: '1'",
        'extends: default',
        'lexicons:',
        "  slow: [fine, { re: '(\\d+-)+x', label: slow }]",
        'criteria:',
        "  - { id: LA-r, title: t, section: F, source: s, check: { type: existence, fields: [f], match: [{ re: '(ab+)+c', label: bad }] } }",
        "  - { id: LA-c, title: t, section: A, source: s, applies_when: { field: a.childViews, matches: '(x+)*' }, check: { type: present, field: a.childViews } }",
        '',
      ].join('\n'),
    );
    const r = loadRubric(f);
    expect(r.criteria.map((c) => c.def.id)).toContain('LA-r');
    expect(r.warnings.map((w) => w.split('\n')[0])).toEqual([
      `${f}:5:22: warning: regular expression '(\\d+-)+x': the group '(\\d+-)+' repeats something that itself repeats, which can take exponential time on a long text that almost matches (the audit seems to hang): rewrite it without a repeat inside a repeated group ((a+)+ is a+; (\\w+\\s?)+ is much like [\\w\\s]+)`,
      expect.stringMatching(/redos\.yaml:7:103: warning: regular expression '\(ab\+\)\+c': the group '\(ab\+\)\+' repeats/),
      expect.stringMatching(/redos\.yaml:8:96: warning: regular expression '\(x\+\)\*': the group '\(x\+\)\*' repeats/),
    ]);
  });

  it('a pattern written as a JavaScript literal (/as required/gi) is warned of: its slashes and flags are matched as text (security QA)', () => {
    const f = write(
      'literal.yaml',
      ['id: r', "version: '1'", 'extends: default', 'criteria:', "  - { id: LA-l, title: t, section: F, source: s, check: { type: existence, fields: [f], match: [{ re: '/as required/gi', label: x }, { re: 'n/a', label: y }, { re: '/as directed/GI', label: z }] } }", ''].join('\n'),
    );
    expect(loadRubric(f).warnings.map((w) => w.split('\n')[0])).toEqual([
      `${f}:5:103: warning: regular expression '/as required/gi' is written with slashes and flags (gi), which are matched as text: write the pattern alone ('as required'); every pattern is matched case-insensitively`,
      expect.stringMatching(/warning: regular expression '\/as directed\/GI' is written with slashes and flags \(GI\)/),
    ]);
  });

  it('the shipped rubrics and the example LA rubric load with no warning', () => {
    for (const name of ['default', 'statutory', fixture('rubrics', 'la-example.yaml')]) expect(loadRubric(name).warnings, name).toEqual([]);
  });
});
