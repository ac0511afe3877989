/**
 * Two gaps between an export and its mapping, end to end through the built CLI, with the fixtures
 * in fixtures/mapped/ (fixtures/README.md says what each holds):
 * - `--where` on an `extra.<column>` date reads the record's text in the export's date format
 *   (the mapping's `dates`), as a rubric's date checks do; a value that is not a date matches
 *   nothing and is counted in one warning on stderr. It once compared the text with the ISO date.
 * - A flat JSON / JSON Lines / YAML export read with --map: a key the mapping names that no record
 *   has is warned of once (stderr, and the report's warnings), at its place in the mapping. It was
 *   silently unused.
 * Each with --jobs 1 and threaded with tiny blocks: the same report and messages, byte for byte.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/audit/report.js';
import { runCli } from '../helpers/cli.js';

const AS_OF = ['--as-of', '26/11/2026'];
const UK = 'fixtures/mapped/extra-dates.csv';
const US = 'fixtures/mapped/extra-dates-us.csv';
const FLAT_MAP = 'fixtures/mapped/flat-export.map.yaml';
/** Threads for a file of a few hundred bytes, cut at every record. */
const THREADED = { EHCP_AUDIT_PARALLEL_MIN_BYTES: '0', EHCP_AUDIT_BLOCK_BYTES: '1' };

const dir = mkdtempSync(join(tmpdir(), 'ehcp-mapped-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const audit = (args: string[], env: Record<string, string> = {}) => runCli(['audit', ...args, ...AS_OF, '-f', 'json'], { env });
const planRefs = (stdout: string): string[] => (JSON.parse(stdout) as AuditReport).plans.map((p) => p.ref);
const warningLines = (stderr: string): string[] => stderr.split('\n').filter((l) => l.startsWith('ehcp-audit: warning: '));

/** --jobs 1 and --jobs 3 with 1-byte blocks give the same exit code, report and messages. */
function expectSameThreaded(args: string[]): ReturnType<typeof runCli> {
  const one = audit([...args, '--jobs', '1']);
  const par = audit([...args, '--jobs', '3'], THREADED);
  expect(par.code, par.stderr).toBe(one.code);
  expect(par.stderr).toBe(one.stderr);
  expect(par.stdout).toBe(one.stdout);
  return one;
}

describe('--where on an extra.<column> date', () => {
  it('reads dd/mm/yyyy (the mapping says so) as dates: 20/07/2026 is not before 01/06/2026', () => {
    const r = audit([UK, '--where', 'extra.Review Due<01/06/2026']);
    expect(r.code, r.stderr).toBe(0);
    // 90001 15/03/2026, 90002 2026-03-15 (ISO is always read), 90008 1/5/2026 00:00; not 90003
    // (20/07/2026, which as text sorted before 2026-06-01) nor 90007 (01/06/2026 itself).
    expect(planRefs(r.stdout)).toEqual(['EHCP-2023-90001', 'EHCP-2023-90002', 'EHCP-2023-90008']);
    expect(JSON.parse(r.stdout).input.records).toMatchObject({ read: 9, scored: 3, rejected: 1, filteredOut: 5 });
  });

  it('every operator compares dates; a blank value is no date (only != holds)', () => {
    const refs = (where: string) => planRefs(audit([UK, '--where', where]).stdout).map((x) => x.slice(-2));
    expect(refs('extra.Review Due>=01/06/2026')).toEqual(['03', '07']);
    expect(refs('extra.Review Due=1.6.2026')).toEqual(['07']);
    expect(refs('extra.Review Due!=01-06-2026')).toEqual(['01', '02', '03', '04', '08']);
  });

  it('a value that is not a date matches nothing and is told once on stderr, naming the column and the first plan', () => {
    const r = audit([UK, '--where', 'extra.Review Due!=01/06/2026']);
    expect(r.code, r.stderr).toBe(0);
    // 31/02/2026 and "next spring"; the third ("later") is a duplicate reference, rejected first.
    expect(warningLines(r.stderr)).toEqual([
      "ehcp-audit: warning: --where 'extra.Review Due!=01/06/2026': 2 plans have a 'Review Due' that is not a date (read as dd/mm/yyyy, the export's date format), so they do not match (the first: plan EHCP-2023-90005)",
    ]);
    // With --quiet too: it is a warning, not a progress or summary line.
    expect(warningLines(audit([UK, '--where', 'extra.Review Due!=01/06/2026', '-q']).stderr)).toHaveLength(1);
    // One line per expression that met such values, none for the others.
    expect(warningLines(audit([US, '--where', 'extra.Review Due<01/06/2026', '--where', 'child.district=Northmoor']).stderr)).toEqual([expect.stringMatching(/^ehcp-audit: warning: --where 'extra\.Review Due<01\/06\/2026': 1 plan has/)]);
    expect(warningLines(audit([UK, '--where', 'child.district=Northmoor']).stderr)).toEqual([]);
  });

  it('reads mm/dd/yyyy when the mapping says dates: mm/dd/yyyy (the --where value stays dd/mm/yyyy)', () => {
    const r = audit([US, '--where', 'extra.Review Due<01/06/2026']);
    expect(planRefs(r.stdout)).toEqual(['EHCP-2023-90101', 'EHCP-2023-90102', 'EHCP-2023-90107']);
    expect(warningLines(r.stderr)).toEqual([
      "ehcp-audit: warning: --where 'extra.Review Due<01/06/2026': 1 plan has a 'Review Due' that is not a date (read as mm/dd/yyyy, the export's date format), so it does not match (the first: plan EHCP-2023-90105)",
    ]);
    expect(planRefs(audit([US, '--where', 'extra.Review Due>=01/06/2026']).stdout)).toEqual(['EHCP-2023-90103', 'EHCP-2023-90106']);
  });

  it('priority and sample --include read them the same way', () => {
    const p = runCli(['priority', UK, '--where', 'extra.Review Due<01/06/2026', ...AS_OF, '-f', 'json']);
    expect(p.code, p.stderr).toBe(0);
    expect((JSON.parse(p.stdout) as { rows: { ref: string }[] }).rows.map((x) => x.ref).sort()).toEqual(['EHCP-2023-90001', 'EHCP-2023-90002', 'EHCP-2023-90008']);
    // One for the filter (the others say which factors this small mapping leaves without their fields).
    expect(warningLines(p.stderr).filter((l) => !l.includes('cannot be applied'))).toHaveLength(1);
    const s = runCli(['sample', UK, '--size', '1', '--seed', '3', '--strata', 'none', '--no-include-default', '--include', 'extra.Review Due>=01/06/2026', ...AS_OF, '-f', 'json']);
    expect(s.code, s.stderr).toBe(0);
    expect(['EHCP-2023-90003', 'EHCP-2023-90007']).toContain((JSON.parse(s.stdout) as AuditReport).plans[0]!.ref);
    expect(warningLines(s.stderr)).toEqual([expect.stringMatching(/^ehcp-audit: warning: --include 'extra\.Review Due>=01\/06\/2026': 2 plans have a 'Review Due' that is not a date/)]);
  });

  it('threaded with tiny blocks: the same report and warning as --jobs 1 (a duplicate with an unreadable date counted in neither)', () => {
    for (const args of [
      [UK, '--where', 'extra.Review Due<01/06/2026'],
      [UK, '--where', 'extra.Review Due!=01/06/2026', '--where', 'child.district!=Fenwold'],
      [US, '--where', 'extra.Review Due>=01/06/2026'],
    ]) {
      const one = expectSameThreaded(args);
      expect(warningLines(one.stderr), args.join(' ')).toHaveLength(1);
    }
  });
});

describe('a flat YAML / JSON export with --map: a mapped key no record has', () => {
  const warnings = (file: string) => [
    `ehcp-audit: warning: ${FLAT_MAP}:9:19: mapping field fields.child.district names the key 'Distrct', which no record in ${file} has: a typo in the mapping?`,
    `ehcp-audit: warning: ${FLAT_MAP}:16:29: mapping field k[1].date names the key 'Health Advise Date', which no record in ${file} has: a typo in the mapping?`,
  ];

  for (const ext of ['jsonl', 'yaml', 'json']) {
    it(`${ext}: warned of once each on stderr and counted in the report's warnings; keys some records lack are not`, () => {
      const file = `fixtures/mapped/flat-export.${ext}`;
      const r = audit([file, '--map', FLAT_MAP]);
      expect(r.code, r.stderr).toBe(0);
      expect(warningLines(r.stderr)).toEqual(warnings(file));
      expect(r.stderr).toMatch(/6 records read, 6 scored, 0 rejected, 2 warnings/);
      expect((JSON.parse(r.stdout) as AuditReport).input.records).toMatchObject({ read: 6, scored: 6, warnings: 2 });
    });
  }

  it('validate lists them at their place in the mapping, with the code unused_mapping_key', () => {
    const file = 'fixtures/mapped/flat-export.jsonl';
    const r = runCli(['validate', file, '--map', FLAT_MAP, ...AS_OF, '-f', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const v = JSON.parse(r.stdout) as { warnings: { count: number; items: { file: string; line: number; column: number; field: string; code: string }[] } };
    expect(v.warnings.count).toBe(2);
    expect(v.warnings.items.map(({ file: f, line, column, field, code }) => [f, line, column, field, code])).toEqual([
      [FLAT_MAP, 9, 19, 'fields.child.district', 'unused_mapping_key'],
      [FLAT_MAP, 16, 29, 'k[1].date', 'unused_mapping_key'],
    ]);
    expect(warningLines(r.stderr)).toEqual(warnings(file));
  });

  it('threaded with tiny blocks (JSON Lines, multi-document YAML): the same report and warnings as --jobs 1', () => {
    for (const ext of ['jsonl', 'yaml']) {
      const file = `fixtures/mapped/flat-export.${ext}`;
      const one = expectSameThreaded([file, '--map', FLAT_MAP]);
      expect(warningLines(one.stderr)).toEqual(warnings(file));
    }
  });

  it('no warning when each mapped key is in some record, or when there are no records', () => {
    const fixed = join(dir, 'fixed.map.yaml');
    writeFileSync(fixed, 'fields:\n  ref: Plan Ref\n  child.district: District\n  dates.lastReview: Last Review\n  e: { columns: "Outcome {n}" }\nk:\n  - { source: health, date: Health Advice Date }\n');
    const ok = audit(['fixtures/mapped/flat-export.jsonl', '--map', fixed]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(warningLines(ok.stderr)).toEqual([]);
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '[]\n');
    const none = audit([empty, '--map', FLAT_MAP]);
    expect(none.code, none.stderr).toBe(0);
    expect(warningLines(none.stderr)).toEqual([]);
  });

  it('a CSV without a mapped column is still a configuration error (exit 2)', () => {
    const csv = join(dir, 'flat.csv');
    writeFileSync(csv, 'Plan Ref,District\nEHCP-2024-80001,Northmoor\n');
    const r = runCli(['validate', csv, '--map', FLAT_MAP, ...AS_OF]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/mapped columns are missing/);
  });

  it("a CSV mapping's ignore: column that the header lacks is warned of (a typo would keep the column it meant)", () => {
    const map = join(dir, 'ignore.map.yaml');
    writeFileSync(map, 'mapping: 1\ndates: dd/mm/yyyy\nfields:\n  ref: Plan Ref\n  child.district: District\nignore: [caseworker, Casewroker]\n');
    const one = expectSameThreaded([UK, '--map', map]);
    expect(one.code, one.stderr).toBe(0);
    // 'caseworker' finds Caseworker (column names match as the mapping's do); 'Casewroker' is the typo.
    expect(warningLines(one.stderr)).toEqual([
      `ehcp-audit: warning: ${map}:6:22: the mapping's ignore: names the column 'Casewroker', which ${UK} does not have: a typo in the mapping?`,
    ]);
    const report = JSON.parse(one.stdout) as AuditReport;
    expect(report.input.records.warnings).toBeGreaterThanOrEqual(1);
    const v = runCli(['validate', UK, '--map', map, ...AS_OF]);
    expect(v.stdout).toMatch(/ignore\.map\.yaml:6:22: unused_mapping_key: the mapping's ignore: names the column 'Casewroker'/);
  });

  it('dates: excel-serial reads an export whose date columns were numbers in the spreadsheet; without it each record is rejected with a hint', () => {
    const csv = join(dir, 'serial.csv');
    writeFileSync(csv, 'Plan Ref,DOB,Request Date,Final Issued\r\nP1,41000,45000,45139.5\r\nP2,40000,2024-01-10,45500\r\n');
    const fields = 'fields:\n  ref: Plan Ref\n  child.dob: DOB\n  dates.request: Request Date\n  dates.finalIssued: Final Issued\n';
    const serialMap = join(dir, 'serial.map.yaml');
    writeFileSync(serialMap, `mapping: 1\ndates: excel-serial\n${fields}`);
    const one = expectSameThreaded([csv, '--map', serialMap]);
    expect(one.code, one.stderr).toBe(0);
    const plans = (JSON.parse(one.stdout) as AuditReport).plans;
    expect(plans.map((p) => p.ref)).toEqual(['P1', 'P2']);
    // 45000 is 15/03/2023 and 45139.5 midday on 01/08/2023: 19 weeks 6 days, within 20. P2: an ISO request, then 45500 (27/07/2024): 28 weeks.
    const timely = (ref: string) => plans.find((p) => p.ref === ref)!.results.find((r) => r.criterion === 'timely-20-weeks')!;
    expect(timely('P1').rating).toBe('met');
    expect(timely('P2').rating).toBe('not_met');
    const ukMap = join(dir, 'serial-uk.map.yaml');
    writeFileSync(ukMap, `mapping: 1\ndates: dd/mm/yyyy\n${fields}`);
    const v = runCli(['validate', csv, '--map', ukMap, ...AS_OF]);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain("dates.request (column 3 'Request Date'): '45000' is not a date in the format dd/mm/yyyy (it looks like a spreadsheet's date serial number: give the column format: excel-serial in the mapping, or format it as dates before exporting)");
  });
});
