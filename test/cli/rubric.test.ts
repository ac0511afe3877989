/**
 * `rubric validate` as a rubric author meets it: each problem at its file:line:col, the line
 * quoted, in the file where it is written.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

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
});
