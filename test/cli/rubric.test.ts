/**
 * `rubric validate` as a rubric author meets it: each problem at its file:line:col, the line
 * quoted, in the file where it is written.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ehcp-rubric-cli-'));
function write(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return name;
}
/** `rubric validate` run in the rubrics' folder, so the messages name the files as given. */
function validate(file: string): { code: number; stderr: string } {
  const r = runCli(['rubric', 'validate', file], { cwd: dir });
  return { code: r.code, stderr: r.stderr };
}

describe('rubric validate', () => {
  it('a repeat inside a repeated group that runs fast is a warning: validate says OK, counts it, and prints it located', () => {
    // The scan flags (\d+-)+; each round must end in '-', so it is fast and passes the probe.
    const f = write('slow.yaml', ['id: slow', "version: '1'", 'extends: default', 'criteria:', "  - { id: LA-s, title: t, section: F, source: s, check: { type: existence, fields: [f], match: [{ re: '(\\d+-)+x', label: s }] } }", ''].join('\n'));
    const r = runCli(['rubric', 'validate', f], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/slow\.yaml: OK: rubric 'slow' version 1, 30 criteria \(extends .*\), 1 warning\n$/);
    expect(r.stderr).toMatch(/^slow\.yaml:5:103: warning: regular expression '\(\\d\+-\)\+x': the group '\(\\d\+-\)\+' repeats/);
  });

  it('a version holding a control or invisible character is an error at it, shown escaped', () => {
    // Recorded in every report, baseline and CI log: "\e[2J\e]8;;http://evil\aV" cleared the screen and planted a link.
    for (const [version, shown] of [
      ['\\e[2J\\e]8;;http://evil\\aV', '\\x1b'],
      ['1\\u202E2', '\\u202E'],
    ]) {
      const f = write('ctl.yaml', `id: ctl\nversion: "${version}"\nextends: default\n`);
      const r = validate(f);
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n').slice(0, 2)).toEqual([
        'error: ctl.yaml: invalid rubric (1 problem)',
        `  ctl.yaml:2:10: the version holds a control or invisible character (${shown}): write it as plain text, e.g. version: "1.0"`,
      ]);
    }
  });

  it('a regular expression that runs too long on ordinary text is an error where it is written: in a lexicon, a check and a condition', () => {
    // The QA report's shapes: a repeated group whose parts match the same text. (\w+\s?)+ is also
    // flagged by the nested-repeat scan: refused, its warning is not printed besides.
    const f = write(
      'redos.yaml',
      [
        'id: redos',
        "version: '1'",
        'extends: default',
        'lexicons:',
        "  mine: [as and when, { re: '(\\s|.)*tbc', label: tbc }]",
        'criteria:',
        "  - { id: LA-a, title: t, section: F, source: s, check: { type: existence, fields: [f], match: ['@mine', { re: '(.|\\s)*as required', label: x }] } }",
        "  - { id: LA-b, title: t, section: A, source: s, applies_when: { field: a.childViews, matches: '(\\w+\\s?)+x' }, check: { type: present, field: a.childViews } }",
        '',
      ].join('\n'),
    );
    const r = validate(f);
    expect(r.code).toBe(2);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe('error: redos.yaml: invalid rubric (3 problems)');
    const advice = 'it can take exponential time on ordinary text, and the run would seem to hang. Avoid a repeated group whose parts can match the same text, such as (.|\\s)* or (\\w+\\s?)+: write [\\s\\S]* (any text) or [\\w\\s]+ (words and spaces) instead';
    expect(lines[1]).toBe(`  redos.yaml:5:29: lexicon 'mine': regular expression '(\\s|.)*tbc' ran for more than 250 ms on a run of 40 spaces and was stopped: ${advice}, or list the wording as plain phrases`);
    expect(lines[4]).toMatch(/^ {2}redos\.yaml:7:112: criterion 'LA-a': regular expression '\(\.\|\\s\)\*as required' ran for more than 250 ms on .* and was stopped: it can take exponential time/);
    expect(lines[7]).toMatch(/^ {2}redos\.yaml:8:96: criterion 'LA-b': regular expression '\(\\w\+\\s\?\)\+x' ran for more than 250 ms on ordinary text \(40 characters of words and spaces\) and was stopped: .*\(words and spaces\) instead$/);
    expect(r.stderr).not.toContain('warning');
  });

  it("a bad regular expression added to a shipped lexicon: one error at the entry, quoting it, not the shipped checks' compiled list", () => {
    const f = write(
      'ext1.yaml',
      ['id: our-la', 'version: "2026.1"', 'title: Our LA', 'extends: default', 'lexicons:', '  vague_provision:', "    add: [as and when required, { re: 'support(?!', label: bad }]", '    remove: [regular]', ''].join('\n'),
    );
    const r = validate(f);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      [
        'error: ext1.yaml: invalid rubric (1 problem)',
        "  ext1.yaml:7:39: lexicon 'vague_provision': bad regular expression: Invalid regular expression: /support(?!/iu: Unterminated group",
        "          add: [as and when required, { re: 'support(?!', label: bad }]",
        `      ${' '.repeat(38)}^`,
        '',
      ].join('\n'),
    );
  });

  it('a bad regular expression in a lexicon no check uses is refused', () => {
    const f = write('bad5.yaml', ['id: r5', 'version: "1"', 'title: t', 'extends: default', 'lexicons:', "  unused: [{ re: '[z-a]', label: bad }]", ''].join('\n'));
    const r = validate(f);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("bad5.yaml:6:18: lexicon 'unused': bad regular expression: Invalid regular expression: /[z-a]/iu: Range out of order in character class");
  });

  it('a message or finding placeholder the template does not take is an error at the template, naming those it takes', () => {
    const f = write(
      'fr.yaml',
      [
        'id: fr',
        'version: "1"',
        'title: fr',
        'grades: { bands: [{ name: A, min: 50 }, { name: B, min: 0 }] }',
        'criteria:',
        '  - id: c1',
        '    title: c1',
        '    section: A',
        '    source: s',
        '    message: "Bad {reason} {title}"',
        '    finding: "Views in {met} of {n} {scope} ({rate}; {low}-{high}) {bogus}"',
        '    check: { type: present, field: a.childViews, min_words: 3 }',
        '',
      ].join('\n'),
    );
    const r = validate(f);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('  fr.yaml'))).toEqual([
      "  fr.yaml:10:14: criterion 'c1': message: unknown placeholder {reason}: the placeholders here are {reasons} and {title}",
      "  fr.yaml:11:14: criterion 'c1': finding: unknown placeholder {bogus}: the placeholders here are {met}, {n}, {scope}, {rate}, {low} and {high}",
    ]);
  });

  it('braces around anything but one word are kept as written in a message', () => {
    const f = write('braces.yaml', ['id: braces', 'version: "1"', 'extends: default', 'criteria:', '  - id: F-not-vague', '    message: "{see QA 4.2} {title}: {reasons}"', ''].join('\n'));
    expect(validate(f).code).toBe(0);
    const r = runCli(['explain', fixture('example-export.csv'), '--as-of', '26/11/2026', '--plan', 'EHCP-2019-00040', '-r', join(dir, f), '-f', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { results: { criterion: string; message?: string }[] };
    expect(j.results.find((x) => x.criterion === 'F-not-vague')!.message).toBe(
      "{see QA 4.2} Section F is free of vague wording: 'access to' in Section F item 3; 'school staff' in Section F item 6; 'as required' in Section F item 7",
    );
  });

  it("a condition gets its own problem, not 'Invalid input'", () => {
    const f = write(
      'cnd.yaml',
      [
        'id: cnd',
        'version: "1"',
        'title: c',
        'grades: { bands: [{ name: A, min: 50 }, { name: B, min: 0 }] }',
        'criteria:',
        '  - { id: c1, title: c1, section: A, source: s, applies_when: { field: c, present: yes }, check: { type: present, field: a.childViews } }',
        '  - { id: c2, title: c2, section: A, source: s, applies_when: { field: child.lookedAfter, eq: true, ne: false }, check: { type: present, field: a.childViews } }',
        '',
      ].join('\n'),
    );
    const r = validate(f);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').slice(0, 2)).toEqual([
      'error: cnd.yaml: invalid rubric (1 problem)',
      "  cnd.yaml:6:84: criteria.0.applies_when.present: expected boolean ('yes' is text here: write true or false)",
    ]);
  });
});
