import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const BASE = ['explain', 'fixtures/example-export.csv', '--as-of', '26/11/2026'];

describe('explain', () => {
  it("prints one plan's scorecard with the rubric's message around the reasons", () => {
    const r = runCli([...BASE, '--plan', 'EHCP-2019-00040']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Grade: Requires improvement   score 82.7 / 100   (score alone: Good; limited by F-not-vague (not met))');
    expect(r.stdout.replace(/[│\s]+/g, ' ')).toContain("Section F uses wording that leaves room for doubt: 'access to' in Section F item 3; 'school staff' in Section F item 6; 'as required' in Section F item 7.");
    expect(r.stdout).not.toContain('Ella'); // the child's name only with --show-text
  });

  it('JSON carries every criterion, with the message where it is not met', () => {
    const r = runCli([...BASE, '--plan', 'EHCP-2019-00040', '-f', 'json']);
    const j = JSON.parse(r.stdout) as { results: { criterion: string; rating: string; message?: string }[]; grade: string };
    expect(j.results).toHaveLength(29);
    expect(j.results.find((x) => x.criterion === 'F-not-vague')!.message).toMatch(/^Section F uses wording that leaves room for doubt: /);
    expect(j.results.find((x) => x.criterion === 'B-needs')!.message).toBeUndefined();
  });

  it("'What good looks like' is printed only over some help: not as an empty heading when no failing criterion has any", () => {
    const dir = mkdtempSync(join(tmpdir(), 'ehcp-explain-'));
    const rubric = (help: string) => {
      const file = join(dir, `r${help ? 'help' : 'none'}.yaml`);
      writeFileSync(file, `id: r\nversion: '1'\ncriteria:\n  - { id: views, title: Views, section: A, source: s, check: { type: present, field: a.childViews, min_words: 5000 }${help} }\n`);
      return file;
    };
    const without = runCli([...BASE, '--plan', 'EHCP-2019-00040', '--rubric', rubric('')]);
    expect(without.code).toBe(0);
    expect(without.stdout).toMatch(/views/);
    expect(without.stdout).not.toContain('What good looks like');
    const withHelp = runCli([...BASE, '--plan', 'EHCP-2019-00040', '--rubric', rubric(', help: Write at length')]).stdout;
    expect(withHelp).toContain('What good looks like:');
    expect(withHelp).toContain('- views: Write at length');
  });

  it('--show-text adds the name, and says the scorecard holds personal data, as the audit and priority headers do', () => {
    const shown = runCli([...BASE, '--plan', 'EHCP-2019-00040', '--show-text']).stdout;
    expect(shown).toContain('Ella Evans');
    expect(shown).toContain("\nNames and plan text: shown (--show-text): this scorecard contains children's personal data\n");
    expect(runCli([...BASE, '--plan', 'EHCP-2019-00040']).stdout).toContain('\nNames and plan text: not shown: plans are identified by reference\n');
  });

  it('JSON records its provenance as the other JSON reports do: schemaVersion, tool, input and mapping, rubric, as-of date, --show-text', () => {
    const j = JSON.parse(runCli([...BASE, '--plan', 'EHCP-2019-00040', '-f', 'json']).stdout) as Record<string, unknown>;
    expect(Object.keys(j).slice(0, 9)).toEqual(['schemaVersion', 'tool', 'kind', 'input', 'rubric', 'asOf', 'showText', 'ref', 'file']);
    expect(j).toMatchObject({
      schemaVersion: 1,
      tool: { name: 'ehcp-audit' },
      kind: 'explain',
      input: { file: 'fixtures/example-export.csv', format: 'csv', encoding: 'utf-8', delimiter: ',', mapping: 'fixtures/example-export.map.yaml' },
      rubric: { id: 'default', files: ['(ehcp-audit) rubrics/default.yaml'] },
      asOf: '2026-11-26',
      showText: false,
      ref: 'EHCP-2019-00040',
    });
    expect(j).not.toHaveProperty('name');
    const shown = JSON.parse(runCli([...BASE, '--plan', 'EHCP-2019-00040', '-f', 'json', '--show-text']).stdout) as Record<string, unknown>;
    expect(shown).toMatchObject({ showText: true, name: 'Ella Evans' });
  });

  it('an unknown plan reference is exit 2 with a one-line message', () => {
    const r = runCli([...BASE, '--plan', 'NOPE-1']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe("error: no plan with reference 'NOPE-1' in fixtures/example-export.csv (70 plans read); check the reference");
  });

  it('a plan among rows rejected before their reference could be read: says so, and where to look', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ehcp-explain-'));
    const file = join(dir, 'ragged.csv');
    writeFileSync(file, 'needs.primary,ref,dates.request\nASD,P1,01/01/2024\nASD,P2,01/01/2024,extra\nASD\nASD,P4,31/02/2024\nASD,P5\n');
    const r = runCli(['explain', file, '--as-of', '26/11/2026', '--plan', 'P3']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`error: no plan with reference 'P3' in ${file} (5 records read, 1 plan loaded); 3 rejected records have no readable reference and may hold it: run 'ehcp-audit validate ${file}' to see them`);
    const at = (line: number) => new RegExp(`^error: plan 'P(\\d)' \\(${file.replace(/[.\\/]/g, '\\$&')}:${line}\\) was rejected: `);
    // A rejected row whose reference was read is named as before.
    expect(runCli(['explain', file, '--as-of', '26/11/2026', '--plan', 'P4']).stderr).toMatch(at(5));
    // A row with the wrong number of fields names no reference: an unquoted comma anywhere in it
    // shifts the cells, so the reference column may hold a child's name ("Brown, Jack").
    expect(runCli(['explain', file, '--as-of', '26/11/2026', '--plan', 'P2']).stderr).toMatch(/^error: no plan with reference 'P2'/);
    // A quoting fault after the reference column leaves the reference where it belongs: named.
    const quoted = join(dir, 'quoted.csv');
    writeFileSync(quoted, 'needs.primary,ref,dates.request\nASD,P1,01/01/2024\nASD,P6,01/01/"2024\n"Brown, Jack" x,P7,01/01/2024\n');
    expect(runCli(['explain', quoted, '--as-of', '26/11/2026', '--plan', 'P6']).stderr).toMatch(new RegExp(`^error: plan 'P6' \\(${quoted.replace(/[.\\/]/g, '\\$&')}:3\\) was rejected: `));
    expect(runCli(['explain', quoted, '--as-of', '26/11/2026', '--plan', 'P7']).stderr).toMatch(/^error: no plan with reference 'P7'/);
  });
});
