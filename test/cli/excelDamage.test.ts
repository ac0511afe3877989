/**
 * An export that went through Excel before it reached the tool (QA, an officer whose exports are
 * tidied in Excel): Excel's error values in place of cells it could not show (#NAME? for text that
 * began with '- ', '=' or '+'; ######## for a date too wide for its column; #N/A), references it
 * turned into numbers in scientific notation or into dates, and references whose leading zeros
 * it dropped. '#NAME?' in Section F was scored as Section F's text and met its critical criteria.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { scratch } from '../helpers/scratch.js';

const { dir: tmp, write } = scratch('ehcp-excel-damage-');
const AS_OF = ['--as-of', '26/11/2026'];
const THREADED = { EHCP_AUDIT_PARALLEL_MIN_BYTES: '1', EHCP_AUDIT_BLOCK_BYTES: '64' };
const MAP = 'mapping: 1\nfields:\n  ref: Plan Ref\n  needs.primary: Primary Need\n  dates.finalIssued: Final Issued\n  b: Sec B\n  f: Sec F\n';
const HEADER = 'Plan Ref,Primary Need,Final Issued,Sec B,Sec F';
const F = '"Speech and language therapy, 30 minutes weekly, by a speech and language therapist."';
const FIX = 're-export the file from the case-management system; if it must go through Excel, open it with Data > From Text/CSV, setting the columns to Text';

interface Report {
  input: { records: { read: number; rejected: number; warnings: number }; rejected: { line: number; ref: string | null; reasons: string[] }[]; warnings: { line: number; code: string; message: string }[] };
  plans: { ref: string }[];
}

describe("Excel's error values in place of a cell", () => {
  const rows = [
    HEADER,
    `P1,ASD,01/02/2024,Reads slowly.,#NAME?`,
    `P2,ASD,01/02/2024,#VALUE!,${F}`,
    `P3,ASD,########,Reads slowly.,${F}`,
    `P4,#N/A,01/02/2024,Reads slowly.,${F}`,
    `P5,ASD,01/02/2024,Reads slowly.,${F}`,
    // Not error values: a hash in text, one '#', a value that only starts like one.
    `P6,ASD,01/02/2024,# of words read: 40,${F}`,
    `P7,ASD,01/02/2024,#,${F}`,
    `#NAME?,ASD,01/02/2024,Reads slowly.,${F}`,
  ].join('\r\n');

  it('reject the record, naming the column and what Excel did, in one thread and in blocks alike', () => {
    const file = write('errors.csv', `${rows}\r\n`);
    write('errors.map.yaml', MAP);
    const outs = [{}, THREADED].map((env) => runCli(['audit', file, ...AS_OF, '-q', '-f', 'json'], { env }));
    for (const o of outs) expect(o.code, o.stderr).toBe(0);
    expect(outs[1]!.stdout).toBe(outs[0]!.stdout);
    const j = JSON.parse(outs[0]!.stdout) as Report;
    expect(j.input.records).toMatchObject({ read: 8, rejected: 5 });
    expect(j.plans.map((p) => p.ref)).toEqual(['P5', 'P6', 'P7']);
    const reasons = Object.fromEntries(j.input.rejected.map((r) => [r.line, [r.ref, r.reasons]]));
    expect(reasons[2]).toEqual([
      'P1',
      [`f (column 5 'Sec F'): Excel's error value #NAME? stands in the cell: Excel read its text as a formula (text starting with =, + or -, as a '- ' bullet does) and saved the error, not the text; ${FIX}`],
    ]);
    expect(reasons[3]).toEqual(['P2', [`b (column 4 'Sec B'): Excel's error value #VALUE! stands in the cell (a formula that failed): the value is not in the file; ${FIX}`]]);
    // A date or code is not also rejected as unreadable, nor hidden as a value that may name someone.
    expect(reasons[4]).toEqual([
      'P3',
      [`dates.finalIssued (column 3 'Final Issued'): '########' stands in the cell: Excel shows a date or number too wide for its column as #s, and saved that, not the value; widen the column before saving, or ${FIX}`],
    ]);
    expect(reasons[5]).toEqual(['P4', [`needs.primary (column 2 'Primary Need'): Excel's error value #N/A stands in the cell (a formula or look-up found nothing): the value is not in the file; ${FIX}`]]);
    // The reference itself lost: no reference is named, and it is not also called blank.
    expect(reasons[9]).toEqual([null, [expect.stringMatching(/^ref \(column 1 'Plan Ref'\): Excel's error value #NAME\? stands in the cell/)]]);
  });

  it('reject the record from a column the rubric does not read (scored or not, a record is read the same)', () => {
    const file = write('unread.csv', `${rows}\r\n`);
    write('unread.map.yaml', MAP);
    // The benchmark's reference rubric reads Sections A and F only: Section B is left unread.
    const o = runCli(['audit', file, ...AS_OF, '-q', '-f', 'json', '--rubric', 'scripts/bench-reference-rubric.yaml']);
    expect(o.code, o.stderr).toBe(0);
    const j = JSON.parse(o.stdout) as Report;
    expect(j.input.rejected.map((r) => r.line)).toEqual([2, 3, 4, 5, 9]);
  });
});

describe('references Excel changed', () => {
  it('a number in scientific notation is rejected as such; a date Excel made of one is kept and warned of', () => {
    const file = write(
      'refs.csv',
      [HEADER, `1.23457E+11,ASD,01/02/2024,Reads slowly.,${F}`, `1.23457E+11,ASD,01/02/2024,Reads slowly.,${F}`, `01-Feb,ASD,01/02/2024,Reads slowly.,${F}`, `Jan-13,ASD,01/02/2024,Reads slowly.,${F}`, `EHCP-1-2,ASD,01/02/2024,Reads slowly.,${F}`, ''].join('\r\n'),
    );
    write('refs.map.yaml', MAP);
    const v = runCli(['validate', file, ...AS_OF]);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('records read: 5   valid: 3   rejected: 2   warnings: 2');
    // Both rows: not "duplicate plan reference", which would say the second is the same plan.
    for (const line of [2, 3]) {
      expect(v.stdout).toContain(`refs.csv:${line}: [1.23457E+11] ref (column 1 'Plan Ref'): '1.23457E+11' is a number as Excel shows one of 12 digits or more (scientific notation), not a reference: its digits are lost, so which plan it is cannot be told; ${FIX}`);
    }
    expect(v.stdout).not.toContain('duplicate');
    expect(v.stdout).toContain(`refs.csv:4:1: excel_error: plan reference '01-Feb' looks like a date Excel made of a reference (it reads 1-2 as 1 February)`);
    expect(v.stdout).toContain(`refs.csv:5:1: excel_error: plan reference 'Jan-13' looks like a date`);
    expect(v.stdout).not.toContain("'EHCP-1-2'");
  });
});

describe('check --baseline on an export whose references lost their leading zeros', () => {
  it('fails as before (the references differ), and says Excel may be why', () => {
    const rows = (refs: string[]) => [HEADER, ...refs.map((r) => `${r},ASD,01/02/2024,Reads slowly.,Support as required.`), ''].join('\r\n');
    const before = write('before.csv', rows(['00041', '00042', 'EHCP-9']));
    write('before.map.yaml', MAP);
    const after = write('after.csv', rows(['41', '42', 'EHCP-9']));
    write('after.map.yaml', MAP);
    const baseline = join(tmp, 'baseline.json');
    const w = runCli(['baseline', 'write', before, ...AS_OF, '--no-config', '-o', baseline]);
    expect(w.code, w.stderr).toBe(0);
    const c = runCli(['check', after, ...AS_OF, '--no-config', '--baseline', baseline]);
    expect(c.code).toBe(1);
    expect(c.stdout).toContain(
      "warning: 2 plans newly failing have the references of plans failing in the baseline without the leading zeros ('41', '00041' in the baseline, and others): Excel drops them when it opens a CSV (00123 read as the number 123), so these may be the same plans;",
    );
    // The same export checked against itself: no such warning.
    const same = runCli(['check', before, ...AS_OF, '--no-config', '--baseline', baseline]);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout + same.stderr).not.toContain('leading zeros');
  });
});
