/**
 * A field's text longer than any plan section (security review): one 60 MB Section F cell took
 * `audit` 2 GB of memory and 10 to 20 s. A mapped cell, a kept unmapped column or a native
 * record's text of more than 1,000,000 characters rejects its record, naming the field and its
 * length, never quoting it; the rubric never reads it.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { scratch } from '../helpers/scratch.js';

const { write } = scratch('ehcp-long-text-');
const AS_OF = ['--as-of', '26/11/2026'];
const THREADED = { EHCP_AUDIT_PARALLEL_MIN_BYTES: '1', EHCP_AUDIT_BLOCK_BYTES: '4096' };
const F = 'Speech and language therapy for 30 minutes weekly by a speech and language therapist.';
/** 1,000,008 characters: just past the limit. */
const LONG = 'as required '.repeat(83_334);
/** 1,000,000 characters: at the limit, read. */
const AT_LIMIT = 'x'.repeat(1_000_000);
const FIX = 'more than the 1,000,000 a field may hold (no plan section is that long), so the record is not read; check what the export writes there';

interface Report {
  input: { records: { read: number; rejected: number }; rejected: { line: number; ref: string | null; reasons: string[] }[] };
  plans: { ref: string }[];
}

describe('a text longer than 1,000,000 characters', () => {
  it('in a mapped cell or a kept column rejects the record, in one thread and in blocks alike; an ignored column does not', () => {
    const file = write(
      'long.csv',
      ['Plan Ref,Primary Need,Sec F,Notes,Junk', `P1,ASD,"${LONG}",,`, `P2,ASD,${F},${LONG},`, `P3,ASD,${F},,${LONG}`, `P4,ASD,${AT_LIMIT},,`, `P5,ASD,${F},,`, ''].join('\r\n'),
    );
    write('long.map.yaml', 'mapping: 1\nfields:\n  ref: Plan Ref\n  needs.primary: Primary Need\n  f: Sec F\nignore: [Junk]\n');
    const outs = [{}, THREADED].map((env) => runCli(['audit', file, ...AS_OF, '-q', '-f', 'json'], { env }));
    for (const o of outs) expect(o.code, o.stderr).toBe(0);
    expect(outs[1]!.stdout).toBe(outs[0]!.stdout);
    const j = JSON.parse(outs[0]!.stdout) as Report;
    expect(j.input.records).toMatchObject({ read: 5, rejected: 2 });
    expect(j.plans.map((p) => p.ref)).toEqual(['P3', 'P4', 'P5']);
    expect(j.input.rejected.map((r) => [r.line, r.ref, r.reasons])).toEqual([
      [2, 'P1', [`f (column 3 'Sec F'): the cell holds 1,000,008 characters, ${FIX}`]],
      [3, 'P2', [`extra.Notes (column 4 'Notes'): the cell holds 1,000,008 characters, ${FIX}, or list the column under ignore: in the mapping if nothing reads it`]],
    ]);
    expect(outs[0]!.stdout).not.toContain('as required as');
  });

  it('in a native record (JSON Lines) rejects the record, naming the field', () => {
    const file = write('long.jsonl', [{ ref: 'P1', f: [{ text: LONG }] }, { ref: 'P2', extra: { Notes: LONG } }, { ref: 'P3', f: [{ text: F }] }].map((r) => JSON.stringify(r)).join('\n'));
    const v = runCli(['validate', file, ...AS_OF]);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('records read: 3   valid: 1   rejected: 2');
    expect(v.stdout).toContain(`long.jsonl:1: [P1] f.0.text: the text holds 1,000,008 characters, ${FIX}`);
    expect(v.stdout).toContain(`long.jsonl:2: [P2] extra.Notes: the text holds 1,000,008 characters, ${FIX}`);
    expect(v.stdout).not.toContain('as required as');
  });
});
