/**
 * How YamlSource.read (src/util/yamlConfig.ts) reads a configuration file's bytes, and what it
 * refuses before any line of the file could be quoted: the encodings the CSV reader's `auto`
 * takes (a Windows-1252 rubric was read as UTF-8, every curly quote a U+FFFD), a plan export given
 * as a rubric or mapping (its lines, children's names and plan text, were quoted in the error),
 * files that cannot be read or are too large, and the length of a quoted line.
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/util/errors.js';
import { CONFIG_MAX_BYTES, YamlSource, type ConfigKind } from '../../src/util/yamlConfig.js';

const dir = mkdtempSync(join(tmpdir(), 'ehcp-yaml-files-'));
let n = 0;
function file(bytes: string | Buffer, ext = '.yaml'): string {
  const f = join(dir, `f${n++}${ext}`);
  writeFileSync(f, bytes);
  return f;
}
function refused(f: string, kind: ConfigKind = 'rubric'): ConfigError {
  try {
    YamlSource.read(f, kind).toJS();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected the file to be refused');
}

const RUBRIC = "id: x\nversion: '1'\nlexicons:\n  hedges: [school’s discretion, “as needed”, up to £50 – weekly]\n";
const VALUE = { id: 'x', version: '1', lexicons: { hedges: ['school’s discretion', '“as needed”', 'up to £50 – weekly'] } };

/** UTF-16 with a byte order mark, little- or big-endian. */
function utf16(text: string, be: boolean): Buffer {
  const le = Buffer.from(`\uFEFF${text}`, 'utf16le');
  return be ? le.swap16() : le;
}

describe('the bytes of a configuration file', () => {
  it('UTF-8, with or without a byte order mark, reads as written', () => {
    expect(YamlSource.read(file(RUBRIC), 'rubric').toJS()).toEqual(VALUE);
    expect(YamlSource.read(file(`\uFEFF${RUBRIC}`), 'rubric').toJS()).toEqual(VALUE);
  });

  it('Windows-1252 (saved as ANSI) reads as written: curly quotes, dashes and £, not U+FFFD', () => {
    const cp1252 = Buffer.from(RUBRIC.replace(/[’“”–]/g, (c) => String.fromCharCode({ '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96 }[c]!)), 'latin1');
    expect(cp1252.includes(0x92)).toBe(true);
    expect(YamlSource.read(file(cp1252), 'rubric').toJS()).toEqual(VALUE);
  });

  it('UTF-16 with a byte order mark (Notepad "Unicode", PowerShell 5.1), either byte order, reads as written', () => {
    expect(YamlSource.read(file(utf16(RUBRIC, false)), 'rubric').toJS()).toEqual(VALUE);
    expect(YamlSource.read(file(utf16(RUBRIC, true)), 'rubric').toJS()).toEqual(VALUE);
  });

  it('line and column count characters of the decoded text', () => {
    const text = "id: x\nversion: '1'\nlexicons:\n  hedges: [“as needed”, 'up to]\n";
    for (const bytes of [Buffer.from(text), Buffer.from(text.replace(/[“”]/g, (c) => (c === '“' ? '\x93' : '\x94')), 'latin1'), utf16(text, false)]) {
      const e = refused(file(bytes));
      expect(e.problems[0]!.split('\n')).toEqual([expect.stringMatching(/:4:25: the quoted text opened here has no closing '/), "      hedges: [“as needed”, 'up to]", `    ${' '.repeat(24)}^`]);
    }
  });

  it('UTF-16 without a byte order mark, or NUL bytes, are refused: save it as UTF-8', () => {
    expect(refused(file(Buffer.from(RUBRIC, 'utf16le'))).message).toMatch(/f\d+\.yaml: looks like UTF-16 text without a byte order mark: save it as UTF-8$/);
    expect(refused(file(Buffer.from('id: x\n\0\0\0\0version: 1\n'))).message).toMatch(/f\d+\.yaml: is not a text file \(it holds NUL bytes\): save it as UTF-8$/);
  });

  it('a UTF-8 byte order mark before bytes that are not UTF-8 is an error at their line', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("id: x\nversion: '1'\ntitle: caf\xe9\n", 'latin1')]);
    expect(refused(file(bytes)).message).toMatch(/f\d+\.yaml:3: invalid UTF-8, though the file starts with a UTF-8 byte order mark: save it as UTF-8$/);
  });

  it('UTF-8 characters beside a byte that is not UTF-8 (two encodings mixed) is an error at that byte, not read as Windows-1252', () => {
    // Read as Windows-1252, the UTF-8 ’ became mojibake and its phrase quietly never matched.
    const bytes = Buffer.concat([Buffer.from("id: x\nversion: '1'\ndescription: Cost ", 'utf8'), Buffer.from([0xa3]), Buffer.from('100\nlexicons:\n  hedges: [school’s discretion]\n', 'utf8')]);
    expect(refused(file(bytes)).message).toMatch(/f\d+\.yaml:3: not UTF-8 here, though the file has UTF-8 characters elsewhere \(two encodings mixed\): save it as UTF-8$/);
  });
});

describe('a plan export given as a configuration file', () => {
  const record = { ref: 'EHCP-1', child: { name: 'Jack Brown', dob: '2019-01-23' }, f: [{ text: 'Speech therapy weekly' }] };
  const flat = { 'Plan Ref': 'EHCP-1', 'Child Name': 'Jack Brown', Provision: 'Speech therapy weekly' };
  const cases: [string, string, string, string][] = [
    ['a .csv file', `Plan Ref,Child Name\nEHCP-1,Jack Brown\n`, '.csv', 'a .csv file'],
    ['a .jsonl file', `${JSON.stringify(record)}\n`, '.jsonl', 'a .jsonl file'],
    ['JSON Lines under another name', `${JSON.stringify(record)}\n${JSON.stringify(record)}\n`, '.yaml', 'JSON Lines: a JSON object a line'],
    ['flat JSON Lines', `${JSON.stringify(flat)}\n${JSON.stringify(flat)}\n`, '.json', 'JSON Lines: a JSON object a line'],
    ['CSV under another name', 'Plan Ref,Child Name,Provision\nEHCP-1,Jack Brown,"Speech therapy, weekly"\n', '.yaml', 'CSV: its first line is a header'],
    ['CSV of plain cells', 'Plan Ref;Child Name;Need\nEHCP-1;Jack Brown;ASD\n', '.yaml', 'CSV: its first line is a header'],
    ['a YAML list of records', `# export\n- ref: EHCP-1\n  child: { name: Jack Brown }\n- ref: EHCP-2\n  child: { name: Amy Smith }\n`, '.yaml', 'a list of 2 records'],
    ['a JSON array of flat records', JSON.stringify([flat, flat, flat]), '.json', 'a list of 3 records'],
    ['one plan record', 'ref: EHCP-1\nchild:\n  name: Jack Brown\nf: [{ text: Speech therapy weekly }]\n', '.yaml', 'a plan record: ref, child, ...'],
    ['YAML documents of plan records', '---\nref: EHCP-1\nchild: { name: Jack Brown }\n---\nref: EHCP-2\nchild: { name: Amy Smith }\n', '.yaml', '2 YAML documents of plan records'],
    // Python's yaml.safe_dump_all(rows, default_flow_style=True, explicit_start=True): the
    // second document's line, a child's name and date of birth, was quoted as a syntax error.
    ['YAML documents of flat records, one a line', '--- {Child Name: Amy Smith, DOB: 01/02/2018, Plan Ref: A}\n--- {Child Name: Jack Brown, DOB: 23/01/2019, Plan Ref: B}\n', '.yaml', '2 YAML documents of flat records'],
    ['YAML documents of flat records, block style', '---\nPlan Ref: EHCP-1\nDistrict: North\n---\nPlan Ref: EHCP-2\nProvision: Speech therapy weekly\n', '.yaml', '2 YAML documents of flat records'],
    ['YAML documents of flat records with lower-case columns naming a child', '---\nplan_ref: A\nchild_name: Amy Smith\n---\nplan_ref: B\nchild_name: Jack Brown\n', '.yaml', '2 YAML documents of flat records'],
    ['a YAML list with an anchor (the yaml path)', '- &p { ref: EHCP-1, child: { name: Jack Brown } }\n- *p\n', '.yaml', 'a list of 2 records'],
  ];

  it.each(cases)('%s is refused as an export, in one line quoting none of it', (_name, text, ext, evidence) => {
    const f = file(text, ext);
    const e = refused(f);
    expect(e.message).toBe(`${f} looks like a plan export (${evidence}), not a rubric: the export is the first argument; give the rubric with --rubric (or rubric: in a check config)`);
    expect(e.problems).toEqual([]);
    expect(e.message).not.toMatch(/Jack|Brown|Speech/);
  });

  it('names the file it was given as, and how that kind is given', () => {
    const f = file('- { ref: EHCP-1 }\n');
    expect(refused(f, 'mapping').message).toBe(`${f} looks like a plan export (a list of 1 record), not a mapping: the export is the first argument; give the mapping with --map (or map: in a check config)`);
    expect(refused(f, 'check config').message).toMatch(/not a check config: the export is the first argument; give the check config with --config$/);
  });

  it('a configuration file with errors is not taken for an export', () => {
    // A list of words (left to the schema), a mapping written twice, a syntax error: the usual located errors.
    expect(YamlSource.read(file('- a\n- b\n'), 'rubric').toJS()).toEqual(['a', 'b']);
    expect(refused(file('id: x\ncriteria: [a, b\n')).problems[0]).toMatch(/flow sequence \[ opened here/);
  });

  it('a second YAML document is an error at its line in one line, quoting none of it, before any syntax error', () => {
    // A configuration file is one document: a second is a mapping written twice, or an export's
    // record whose columns do not say so (plan_ref, outcome), whose line was quoted.
    const cases: [string, string, ConfigKind, string][] = [
      ['id: a\n---\nid: b\n', ':2:1', 'rubric', 'a rubric'],
      ['fields: { ref: Plan Ref }\n---\nplan_ref: EHCP-1\noutcome: Jack Brown will read a book\n', ':2:1', 'mapping', 'a mapping'],
      ['--- { plan_ref: EHCP-1 }\n--- { plan_ref: EHCP-2, outcome: Jack Brown will read }\n', ':2:1', 'check config', 'a check config'],
      ['factors: [\n...\n---\noutcome: Jack Brown will read\n', ':3:1', 'priority weights file', 'a priority weights file'],
    ];
    for (const [text, at, kind, what] of cases) {
      const f = file(text);
      const e = refused(f, kind);
      expect(e.message).toBe(`${f}${at}: a second YAML document starts here, and ${what} is one document: remove this line and the lines after it, or, if the file is a plan export, give it as the first argument`);
      expect(e.problems).toEqual([]);
    }
  });
});

describe('a configuration file that cannot be read', () => {
  it('a folder says so, as an export that is a folder does', () => {
    const d = join(dir, 'folder.yaml');
    mkdirSync(d);
    expect(refused(d).message).toBe(`${d}: is a folder, not a rubric file`);
    expect(refused(d, 'mapping').message).toBe(`${d}: is a folder, not a mapping file`);
    expect(refused(join(dir, 'none.yaml')).message).toBe(`${join(dir, 'none.yaml')}: no such file; check the path`);
  });

  it('a file larger than 16 MiB is refused unread past the cap, a regular file and a device alike; 16 MiB itself is read', () => {
    const big = file(Buffer.alloc(CONFIG_MAX_BYTES + 1, 0x20));
    expect(refused(big).message).toBe(`${big}: a rubric file of more than 16 MiB is not a rubric: check the path`);
    expect(refused(big, 'priority weights file').message).toBe(`${big}: a priority weights file of more than 16 MiB is not a priority weights file: check the path`);
    // Spaces and a comment: a file of exactly the cap reads (as an empty document).
    const most = file(Buffer.concat([Buffer.from('# x\n'), Buffer.alloc(CONFIG_MAX_BYTES - 4, 0x20)]));
    expect(YamlSource.read(most, 'rubric').text).toHaveLength(CONFIG_MAX_BYTES);
    if (process.platform !== 'win32') {
      const started = Date.now();
      expect(refused('/dev/zero', 'mapping').message).toBe('/dev/zero: a mapping file of more than 16 MiB is not a mapping: check the path');
      expect(Date.now() - started).toBeLessThan(10_000);
    }
  });

  it.skipIf(process.getuid?.() === 0)("a file without read permission: permission denied; check the file's permissions", () => {
    const f = file(RUBRIC);
    chmodSync(f, 0o000);
    expect(refused(f).message).toBe(`${f}: permission denied; check the file's permissions`);
  });
});

describe('quoted lines', () => {
  it('a line longer than 120 characters is cut around the caret, the caret still under the fault', () => {
    const long = `criteria: [${Array.from({ length: 40 }, (_, i) => `word${i}`).join(', ')}, {re: '(' ]`;
    const f = file(`id: x\n${long}\n`);
    const p = refused(f).problems[0]!.split('\n');
    const col = Number(/:2:(\d+):/.exec(p[0]!)![1]);
    expect(long.length).toBeGreaterThan(200);
    expect(p[1]!.length).toBeLessThanOrEqual(4 + 3 + 120 + 3);
    expect(p[1]).toMatch(/^ {4}\.\.\..*\.\.\.$|^ {4}\.\.\..*\]$/);
    // The caret points at the same character as the column in the full line.
    const caret = p[2]!.indexOf('^') - 4;
    expect(p[1]!.slice(4)[caret]).toBe(long[col - 1]);
  });

  it('a line of 120 characters or fewer is quoted whole', () => {
    const f = file(`id: x\nversion: '1'\nbad: [${'a, '.repeat(35)}b\n`);
    const p = refused(f).problems[0]!.split('\n');
    expect(p[1]).toBe(`    bad: [${'a, '.repeat(35)}b`);
  });
});
