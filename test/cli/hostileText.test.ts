/**
 * Text from the export that is hostile or broken, end to end (dist/cli.js): JSON Lines keep refs,
 * names and districts as they are (no trimming), so a spreadsheet formula can hide behind white
 * space and a terminal escape, CR or LF can sit inside a reference. No CSV cell may be read as a
 * formula; no output people read may carry a control or bidirectional character raw; and no
 * output may hold a line a CI runner would run as a command (GitHub Actions' "::", Azure
 * Pipelines' "##vso[").
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { WORKSHEET_COLUMNS } from '../../src/compare/worksheet.js';
import { csvDocument } from '../../src/report/csvCell.js';
import { checkJunit } from '../check/helpers.js';
import { fixture, runCli } from '../helpers/cli.js';
import { BIDI_CONTROL, RAW_CONTROL, ciCommands, columnTexts, withoutColour, workflowCommands } from '../report/helpers.js';

const AS_OF = ['--as-of', '26/11/2026'];
const ESCAPES = 'EHCP-\x1b]0;pwned\x07\x1b[31mRED';

/** The first 21 plans of the example export, edited; plans 2, 19 and 20 fail a critical criterion. */
function hostileExport(): string {
  const plans = readFileSync(fixture('example-export.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .slice(0, 21)
    .map((l) => JSON.parse(l) as { ref: string; child: { name: string; district: string }; dates: { finalIssued: string } });
  plans[0]!.ref = ESCAPES;
  plans[0]!.child.name = '\u00a0=2+2';
  plans[0]!.child.district = '\n=3+3';
  plans[1]!.ref = 'EHCP-2\n::error title=forged::x';
  plans[2]!.child.district = 'Dist\x1b[2J\r## Heading';
  plans[3]!.ref = 'EHCP-R\x1b[5mX';
  plans[3]!.dates.finalIssued = 'never';
  plans[18]!.ref = '::error title=forged2::y';
  plans[19]!.ref = ' =1+1';
  const file = join(mkdtempSync(join(tmpdir(), 'ehcp-hostile-')), 'export.jsonl');
  writeFileSync(file, plans.map((p) => JSON.stringify(p)).join('\n') + '\n');
  return file;
}

const file = hostileExport();

function ok(args: string[], env: Record<string, string> = {}): string {
  const r = runCli([...args, ...AS_OF], { env });
  expect(r.code, r.stderr).toBeLessThan(2);
  return r.stdout;
}

const cells = (csv: string) => (parse(csv, { bom: true }) as string[][]).flat();
const formulaLike = (cell: string) => /^[\s\u0085]*[=+\-@]/.test(cell) || /^[\t\r]/.test(cell);

describe('hostile text from a JSON Lines export', () => {
  it('CSV (audit, worksheet, priority): a formula behind white space gets the apostrophe', () => {
    const worksheet = join(mkdtempSync(join(tmpdir(), 'ehcp-ws-')), 'sheet.csv');
    const audit = cells(ok(['sample', file, '--seed', '1', '--size', '21', '--show-text', '-f', 'csv', '--worksheet', worksheet]));
    expect(audit).toEqual(expect.arrayContaining(["' =1+1", "'\u00a0=2+2"]));
    const sheet = cells(readFileSync(worksheet, 'utf8'));
    expect(sheet).toContain("' =1+1");
    const priority = cells(ok(['priority', file, '--show-text', '--top', '0', '-f', 'csv']));
    expect(priority).toEqual(expect.arrayContaining(["' =1+1", "'\u00a0=2+2"]));
    // --list-only -f csv once wrote the plain-text list, the reference as it was.
    const list = cells(ok(['sample', file, '--seed', '1', '--size', '21', '--list-only', '-f', 'csv']));
    expect(list).toContain("' =1+1");
    for (const cell of [...audit, ...sheet, ...priority, ...list]) expect(formulaLike(cell), JSON.stringify(cell)).toBe(false);
  });

  it('the terminal formats (audit, sample list, priority, validate) print no control character raw', () => {
    const outputs = {
      audit: ok(['audit', file, '--show-text']),
      sample: ok(['sample', file, '--seed', '1', '--size', '21', '--list-only']),
      priority: ok(['priority', file, '--show-text', '--top', '0']),
      validate: ok(['validate', file]),
    };
    for (const [command, out] of Object.entries(outputs)) {
      expect(out, command).not.toMatch(RAW_CONTROL);
      expect(workflowCommands(out), command).toEqual([]);
    }
    // The references are shown escaped: in table cells (wrapped or not) and in rejected records.
    const shown = (out: string) => (columnTexts(out).join('') + out).replace(/\s/g, '');
    for (const out of [outputs.sample, outputs.priority]) expect(shown(out)).toContain('EHCP-\\x1b]0;pwned\\x07\\x1b[31mRED');
    for (const out of [outputs.audit, outputs.validate]) expect(shown(out)).toContain('[EHCP-R\\x1b[5mX]');
    // With colour on, the only escape codes are the tool's own.
    const coloured = ok(['audit', file], { NO_COLOR: '', FORCE_COLOR: '1' });
    expect(coloured).toContain('\x1b[');
    expect(withoutColour(coloured)).not.toMatch(RAW_CONTROL);
  });

  it('check: no control character and no line GitHub Actions would run as a command', () => {
    const r = runCli(['check', file, ...AS_OF, '--no-config', '--no-critical', '--max-rejected', '0']);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    expect(workflowCommands(r.stdout)).toEqual([]);
    expect(r.stdout).toContain('  EHCP-2\\x0a::error title=forged::x  ');
    expect(r.stdout).toContain('  \\x3a:error title=forged2::y  ');
    expect(r.stdout).toMatch(/export\.jsonl:4 {2}EHCP-R\\x1b\[5mX$/m);
  });
});

/**
 * The crafted values of the brief: ESC[31m, BEL, CR, a right-to-left override (U+202E), a
 * reference that is an Azure Pipelines logging command, and one that is a GitHub workflow command;
 * and a value made of many "::error::x" words, so wherever a text output wraps it, one of them
 * begins a line.
 */
const RTL = 'EHCP\u202E1234';
const VSO = '##vso[task.setvariable]x';
const GH = '::error::x';
const ESC_REF = 'EHCP-\x1b[31mRED\x07\rX';
const DISTRICT = `Dist\x1b[31m\x07\r\u202E ${VSO}`;
const WORDS = Array(12).fill(GH).join(' ');

/** The first 21 plans of the example export; plans 2, 19 and 20 fail a critical criterion, plan 4 is rejected. */
function ciExport(dir: string): string {
  const plans = readFileSync(fixture('example-export.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .slice(0, 21)
    .map((l) => JSON.parse(l) as { ref: string; child: { name: string; district: string }; dates: { finalIssued: string } });
  plans[0]!.ref = RTL;
  plans[0]!.child.name = 'Ann\u202Eeb';
  plans[1]!.ref = VSO;
  plans[2]!.child.district = DISTRICT;
  plans[3]!.ref = `EHCP-F ${WORDS} ${VSO}`;
  plans[3]!.dates.finalIssued = 'never';
  plans[18]!.ref = GH;
  plans[19]!.ref = ESC_REF;
  const file = join(dir, 'export.jsonl');
  writeFileSync(file, plans.map((p) => JSON.stringify(p)).join('\n') + '\n');
  return file;
}

/** Nothing raw that acts on a terminal or reorders text, and no line a CI runner runs. */
function safe(name: string, text: string): void {
  expect(text, name).not.toMatch(RAW_CONTROL);
  expect(text, name).not.toMatch(BIDI_CONTROL);
  expect(ciCommands(text), name).toEqual([]);
}

/** The text of the outputs with table borders, wrapping and white space taken out, to find a value in. */
const flat = (out: string) => (columnTexts(out).join('') + out).replace(/[\s│]/g, '');

describe('CI logs and reversed text: every output, from crafted values', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-ci-'));
  const file = ciExport(dir);
  const run = (args: string[], code = [0, 1]) => {
    const r = runCli([...args, ...AS_OF]);
    expect(code, r.stderr).toContain(r.code);
    safe(`${args.join(' ')} (stderr)`, r.stderr);
    return r.stdout;
  };

  it('audit, sample list, priority, validate, explain: plain text', () => {
    const outputs = {
      audit: run(['audit', file, '--show-text']),
      sample: run(['sample', file, '--seed', '1', '--size', '21', '--list-only']),
      priority: run(['priority', file, '--show-text', '--top', '0']),
      validate: run(['validate', file]),
      explain: run(['explain', file, '--plan', ESC_REF, '--show-text']),
      explainDistrict: run(['explain', file, '--plan', 'EHCP-2023-00003']),
    };
    for (const [name, out] of Object.entries(outputs)) safe(name, out);
    // Shown, readably: the override as \u202E, a command's bracket or colon as \x5b or \x3a.
    for (const out of [outputs.audit, outputs.sample, outputs.priority]) {
      expect(flat(out)).toContain('EHCP\\u202E1234');
      expect(flat(out)).toContain('##vso\\x5btask.setvariable]x');
    }
    expect(outputs.audit).toMatch(/^ {4}\\x3a:error::x ::error::x/m);
    expect(flat(outputs.priority)).toContain('Ann\\u202Eeb');
    expect(outputs.validate).toContain(`[EHCP-F ${WORDS} ##vso\\x5btask.setvariable]x]`);
    expect(outputs.explain).toContain('Plan EHCP-\\x1b[31mRED\\x07\\x0dX (');
    expect(outputs.explainDistrict).toContain(', Dist\\x1b[31m\\x07\\x0d\\u202E ##vso\\x5btask.setvariable]x');
    // With colour on, the only escape codes are the tool's own.
    const coloured = runCli(['audit', file, ...AS_OF], { env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stdout;
    expect(coloured).toContain('\x1b[');
    safe('audit in colour', withoutColour(coloured));
  });

  it('rubric validate and show: the rubric\'s own title, criteria, grade names and warnings', () => {
    // YAML double-quoted escapes put the same values in a rubric; validate and show printed them raw
    // (ESC[2J cleared the screen). JSON.stringify writes each as a YAML double-quoted scalar.
    const q = (v: string) => JSON.stringify(v);
    const rubric = join(dir, 'hostile-rubric.yaml');
    writeFileSync(
      rubric,
      [
        'id: hostile',
        "version: '1'",
        `title: ${q(`T ${ESC_REF} ${RTL}`)}`,
        'extends: default',
        'criteria:',
        `  - { id: LA-x, title: ${q(`${WORDS} ${VSO}`)}, section: F, source: ${q(DISTRICT)}, check: { type: existence, fields: [f], match: [{ re: ${q('(\\d+-)+\x1b')}, label: s }] } }`,
        'grades:',
        `  bands: [{ name: ${q(`Good${ESC_REF}`)}, min: 50 }, { name: Bad, min: 0 }]`,
        '  limits: [{ not_met: [LA-x], cap: Bad }]',
        '',
      ].join('\n'),
    );
    const validate = runCli(['rubric', 'validate', rubric]);
    expect(validate.code, validate.stderr).toBe(0);
    const show = runCli(['rubric', 'show', rubric]);
    expect(show.code, show.stderr).toBe(0);
    for (const [name, out] of Object.entries({ validate: validate.stdout, 'validate (stderr)': validate.stderr, show: show.stdout, 'show (stderr)': show.stderr })) safe(name, out);
    expect(validate.stderr).toContain("warning: regular expression '(\\d+-)+\\x1b'");
    expect(show.stdout).toContain(`T EHCP-\\x1b[31mRED\\x07\\x0dX EHCP\\u202E1234 (hostile 1): 30 criteria\nGrades: GoodEHCP-\\x1b[31mRED\\x07\\x0dX >= 50; Bad >= 0\n`);
    expect(flat(show.stdout)).toContain('##vso\\x5btask.setvariable]x');
    expect(flat(show.stdout)).toContain('Dist\\x1b[31m\\x07\\x0d\\u202E');
  });

  it('Markdown and HTML on stdout: controls and the override shown, commands only as character references', () => {
    const markdown = {
      audit: run(['audit', file, '--show-text', '-f', 'markdown']),
      sample: run(['sample', file, '--seed', '1', '--size', '21', '-f', 'markdown']),
      priority: run(['priority', file, '--show-text', '--top', '0', '-f', 'markdown']),
    };
    for (const [name, md] of Object.entries(markdown)) {
      safe(name, md);
      expect(md, name).toContain('EHCP\\u202E1234');
      // In Markdown the bracket is backslash-escaped (as every markup character from the export is), which the runners' '##vso[' does not match.
      expect(md, name).toContain('##vso\\[task.setvariable\\]x');
      expect(md, name).toContain('EHCP-\\x1b\\[31mRED\\x07<br>X');
    }
    const html = run(['audit', file, '--show-text', '-f', 'html']);
    safe('html', html);
    expect(html).toContain('EHCP\\u202E1234');
    expect(html).toContain('##vso&#91;task.setvariable]x');
    expect(html).toContain('Ann\\u202Eeb');
  });

  it('check: the summary, JUnit and GitHub annotations on stdout', () => {
    const check = (f: string) => run(['check', file, '--no-config', '--no-critical', '--max-rejected', '0', '-f', f]);
    const summary = check('summary');
    safe('summary', summary);
    expect(summary).toMatch(/^ {2}##vso\\x5btask\.setvariable\]x +\S+:2 /m);
    expect(summary).toMatch(/^ {2}\\x3a:error::x +\S+:19 /m);
    expect(summary).toContain('  EHCP-\\x1b[31mRED\\x07\\x0dX  ');

    // JUnit keeps each value exactly (as read back by a parser); its bytes hold none of it raw.
    const junit = check('junit');
    safe('junit', junit);
    const names = checkJunit(junit).suites.plans!.cases.map((c) => c.attrs.name);
    expect(names).toEqual(expect.arrayContaining([VSO, GH, 'EHCP-\uFFFD[31mRED\uFFFD\rX']));

    // Every line is a workflow command, by design; the messages carry no raw control, override or Azure command.
    const github = check('github');
    expect(github).not.toMatch(RAW_CONTROL);
    expect(github).not.toContain('##vso[');
    expect(github).toContain('::error file=');
    expect(github).toContain('EHCP-\\x1b[31mRED\\x07%0DX does not meet');
  });

  it('compare: a filter quoting the export, in the warnings, the facts and on stderr', () => {
    const where = `child.district=Dist\x1b[31m\x07\u202E ${VSO} ${WORDS}`;
    const base = join(dir, 'base.json');
    const curr = join(dir, 'curr.json');
    run(['audit', file, '-q', '--where', where, '-f', `json:${base}`]);
    run(['audit', file, '-q', '-f', `json:${curr}`]);
    const r = runCli(['compare', base, curr]);
    expect(r.code, r.stderr).toBe(0);
    safe('compare', r.stdout);
    safe('compare (stderr)', r.stderr);
    expect(flat(r.stdout)).toContain('Dist\\x1b[31m\\x07\\u202E##vso\\x5btask.setvariable]x');
    for (const f of ['markdown', 'html']) {
      const out = runCli(['compare', base, curr, '-f', f]).stdout;
      safe(`compare ${f}`, out);
      expect(out).toContain(f === 'html' ? 'Dist\\x1b[31m\\x07' : 'Dist\\x1b\\[31m\\x07');
      expect(out).toContain(f === 'html' ? '##vso&#91;task.setvariable]x' : '##vso\\[task.setvariable\\]x');
    }
  });

  it('moderate: worksheet cells (an auditor, a bad rating skipped with --lenient) in the tables, bullets and stderr', () => {
    const sheet = join(dir, 'worksheet.csv');
    run(['sample', file, '--seed', '1', '--size', '21', '-q', '-f', `json:${join(dir, 'sample.json')}`, '--worksheet', sheet]);
    const blank = parse(readFileSync(sheet), { bom: true, columns: true }) as Record<string, string>[];
    const write = (name: string, auditor: string, rate: (i: number) => string) => {
      const path = join(dir, name);
      writeFileSync(path, csvDocument(WORKSHEET_COLUMNS, blank.map((r, i) => WORKSHEET_COLUMNS.map((c) => (c === 'auditor' ? auditor : c === 'rating' ? rate(i) : r[c])))));
      return path;
    };
    const ann = write('ann.csv', 'Ann', () => 'met');
    const ben = write('ben.csv', 'Ben\u202E\x1b[31m', (i) => (i === 0 ? `\x1b[31m ${VSO} ${WORDS}` : i % 3 === 0 ? 'not met' : 'met'));
    for (const f of ['table', 'markdown']) {
      const r = runCli(['moderate', ann, ben, '--lenient', '-f', f]);
      expect(r.code, r.stderr).toBe(0);
      safe(`moderate ${f}`, r.stdout);
      safe(`moderate ${f} (stderr)`, r.stderr);
      expect(r.stdout).toContain(f === 'table' ? 'Ben\\u202E\\x1b[31m' : 'Ben\\u202E\\x1b\\[31m');
      expect(r.stdout).toContain(f === 'table' ? '##vso\\x5btask.setvariable]x' : '##vso\\[task.setvariable\\]x');
    }
  });
});
