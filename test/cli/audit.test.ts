/**
 * `audit` and `sample` end to end on the bundled example export: golden reports in every format
 * (reviewed by hand; regenerate with UPDATE_GOLDEN=1 and read the diff before committing),
 * reproducibility, the JSON schema, privacy, several formats in one run, and sampling guarantees.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/audit/report.js';
import { fixture, repoRoot, runCli } from '../helpers/cli.js';
import { validate } from '../report/jsonSchemaLite.js';

const EXPORT = 'fixtures/example-export.csv';
const AS_OF = ['--as-of', '26/11/2026'];
const SAMPLE = ['sample', EXPORT, '--size', '20', '--seed', '2026', ...AS_OF, '-q'];
const goldenDir = join(repoRoot, 'test', 'golden');
const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas', 'audit-report.schema.json'), 'utf8')) as Record<string, unknown>;
const names = (parse(readFileSync(fixture('example-export.csv')), { columns: true, bom: true }) as Record<string, string>[]).map((r) => r['Child Name']!);

function golden(name: string, actual: string): void {
  const p = join(goldenDir, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(p)) {
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(p, actual);
  }
  expect(actual).toBe(readFileSync(p, 'utf8'));
}

function json(args: string[]): AuditReport {
  const r = runCli([...args, '-f', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as AuditReport;
}

describe('sample report of the example export', () => {
  for (const format of ['json', 'markdown', 'csv', 'html', 'table']) {
    it(`matches the golden ${format} report`, () => {
      const r = runCli([...SAMPLE, '-f', format]);
      expect(r.code, r.stderr).toBe(0);
      golden(`sample-seed2026.${format === 'table' ? 'txt' : format === 'markdown' ? 'md' : format}`, r.stdout);
    });
  }

  it('the same inputs give byte-identical JSON, and the JSON passes its own schema', () => {
    const a = runCli([...SAMPLE, '-f', 'json']).stdout;
    const b = runCli([...SAMPLE, '-f', 'json']).stdout;
    expect(a).toBe(b);
    expect(validate(schema, JSON.parse(a))).toEqual([]);
  });

  it('records what is needed to reproduce it', () => {
    const r = json(SAMPLE);
    expect(r.asOf).toBe('2026-11-26');
    expect(r.rubric).toMatchObject({ id: 'default', version: '1.4.0' });
    expect(r.input.files[0]).toMatchObject({ path: EXPORT, mapping: 'fixtures/example-export.map.yaml', format: 'csv' });
    expect(r.sample).toMatchObject({ seed: 2026, size: 20, population: 70, strataKeys: ['needs.primary', 'phase'] });
    expect(r.input.records).toMatchObject({ read: 70, scored: 20, rejected: 0 });
  });

  it('accounts for every record read, as the report schema says: read = population + filtered out + rejected', () => {
    const r = json(['sample', EXPORT, '--size', '15', '--seed', 'x1', ...AS_OF, '-q', '--where', 'yearGroup>=9']);
    const { read, scored, rejected, filteredOut } = r.input.records;
    expect(r.sample!.size).toBe(15);
    expect(scored).toBe(15);
    expect(filteredOut).toBeGreaterThan(0);
    expect(read).toBe(r.sample!.population + filteredOut + rejected);
  });

  it('is stratified: allocations add up to the size and never exceed a stratum', () => {
    const s = json(SAMPLE).sample!;
    expect(s.strata.reduce((n, x) => n + x.allocated, 0)).toBe(20);
    for (const x of s.strata) expect(x.allocated).toBeLessThanOrEqual(x.population);
    expect(s.picks).toHaveLength(20);
    // Largest strata get the most plans: ASD / KS2 (7 of 70) gets 2, a stratum of 1 gets at most 1.
    expect(s.strata.find((x) => x.key === 'ASD / KS2')!.allocated).toBe(2);
  });

  it('guarantees the vulnerable groups that exist', () => {
    const s = json(SAMPLE).sample!;
    for (const g of s.includeGroups) expect(g.picked, g.name).toBeGreaterThanOrEqual(1);
    expect(s.includeGroups.map((g) => g.name)).toEqual(['looked after', 'youth custody', 'elective home education', 'not in education', 'alternative provision']);
  });

  it('another seed draws another sample; the same seed on the YAML copy draws the same plans', () => {
    const a = json(SAMPLE).sample!.picks.map((p) => p.ref);
    const b = json(['sample', EXPORT, '--size', '20', '--seed', '7', ...AS_OF, '-q']).sample!.picks.map((p) => p.ref);
    const y = json(['sample', 'fixtures/example-export.yaml', '--size', '20', '--seed', '2026', ...AS_OF, '-q']).sample!.picks.map((p) => p.ref);
    expect(b).not.toEqual(a);
    expect(y).toEqual(a);
  });

  it('without --seed, chooses one and says so on stderr', () => {
    const r = runCli(['sample', EXPORT, '--size', '5', ...AS_OF, '-f', 'json']);
    expect(r.code).toBe(0);
    const seed = /using seed (\d+)/.exec(r.stderr)?.[1];
    expect(seed).toBeDefined();
    expect((JSON.parse(r.stdout) as AuditReport).sample!.seed).toBe(Number(seed));
  });

  it('an empty or blank --seed (--seed "$SEED" with SEED unset) is a usage error, not a fixed seed', () => {
    for (const seed of ['', '   ']) {
      const r = runCli(['sample', EXPORT, '--size', '5', '--seed', seed, ...AS_OF, '--list-only']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`error: --seed '${seed}': give a number or a word (e.g. --seed 2026), or leave the option out to have one chosen and printed\n`);
    }
  });

  it('--size auto works out the size for the margin with the finite-population correction', () => {
    const s = json(['sample', EXPORT, '--size', 'auto', '--margin', '10', '--seed', '1', ...AS_OF, '-q']).sample!;
    // n0 = 1.96^2 x 0.25 / 0.1^2 = 96.04; n = 96.04 / (1 + 95.04 / 70) = 40.7 -> 41.
    expect(s.margin).toEqual({ margin: 0.1, confidence: 0.95, computedSize: 41 });
    expect(s.picks).toHaveLength(41);
  });

  it('--list-only writes the sample alone', () => {
    const r = runCli([...SAMPLE, '--list-only']);
    expect(r.code).toBe(0);
    const refs = json(SAMPLE).sample!.picks.map((p) => p.ref);
    for (const ref of refs) expect(r.stdout).toContain(ref);
    expect(r.stdout).not.toContain('Key findings');
  });

  it('an export whose every record is rejected: the report is written, then exit 2 (was 0), for audit, sample and priority', () => {
    const out = mkdtempSync(join(tmpdir(), 'ehcp-rejected-'));
    const file = join(repoRoot, '..', 'shared', 'external', 'csv-spectrum', 'json', 'simple.json');
    for (const command of ['audit', 'sample', 'priority']) {
      const report = join(out, `${command}.json`);
      const r = runCli([command, file, ...AS_OF, '-q', '-f', `json:${report}`]);
      expect(r.code, command).toBe(2);
      expect(r.stderr).toBe(`error: ${file}: every record was rejected (1 read): not a plan export, or the mapping does not fit it; run 'ehcp-audit validate ${file}' to see why\n`);
      expect((JSON.parse(readFileSync(report, 'utf8')) as AuditReport).input.records).toMatchObject({ read: 1, rejected: 1 });
    }
    // Filtered out is not rejected: a --where that matches no plan is still a pass.
    expect(runCli(['audit', EXPORT, ...AS_OF, '-q', '-f', 'json', '--where', 'child.district=Nowhere']).code).toBe(0);
  });

  it('--list-only -f csv writes the picks as CSV rows with the draw on each; markdown fences the list; html is refused before any work', () => {
    const picks = json(SAMPLE).sample!.picks;
    const csv = runCli([...SAMPLE, '--list-only', '-f', 'csv']);
    expect(csv.code).toBe(0);
    const rows = parse(csv.stdout, { bom: true }) as string[][];
    expect(rows[0]).toEqual(['pick', 'ref', 'file', 'line', 'stratum', 'why_picked', 'seed', 'as_of', 'rubric', 'rubric_version']);
    expect(rows.slice(1).map((r) => [r[1], r[2], Number(r[3]), r[4], r[5]])).toEqual(picks.map((p) => [p.ref, p.file, p.line, p.stratum, p.reason]));
    expect(new Set(rows.slice(1).map((r) => r.slice(6).join()))).toEqual(new Set([`${SAMPLE[SAMPLE.indexOf('--seed') + 1]},2026-11-26,default,${json(SAMPLE).rubric.version}`]));
    const md = runCli([...SAMPLE, '--list-only', '-f', 'markdown']);
    expect(md.stdout).toMatch(/^# Audit sample\n\n```text\nAudit sample: /);
    expect(md.stdout.trimEnd().endsWith('```')).toBe(true);
    for (const p of picks) expect(md.stdout).toContain(p.ref);
    const html = runCli([...SAMPLE, '--list-only', '-f', 'html']);
    expect(html.code).toBe(2);
    expect(html.stderr).toBe('error: --list-only supports table, csv, markdown, json, not html\n');
  });

  // Stratum keys are printed (strata table, each pick's stratum and reason, JSON): stratifying by a
  // name or plan text once printed every child's name under "Names and plan text: not shown".
  describe('--strata by a name or plan text', () => {
    const STRATA = ['sample', EXPORT, '--size', '3', '--seed', '1', ...AS_OF];
    const leaked = (s: string) => names.filter((n) => s.includes(n));

    it('is a usage error without --show-text, in every format and with --list-only, and prints no name', () => {
      for (const extra of [[], ['-f', 'json'], ['--list-only'], ['--list-only', '-f', 'json']]) {
        const r = runCli([...STRATA, '--strata', 'child.name', ...extra]);
        expect(r.code, extra.join(' ')).toBe(2);
        expect(r.stderr).toMatch(/^error: --strata child\.name: .*a child's name.*--show-text.*coded field \(e\.g\. phase, needs\.primary, child\.district\)/);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stdout).toBe('');
        expect(leaked(r.stderr)).toEqual([]);
      }
      const text = runCli([...STRATA, '--strata', 'phase,a.childViews']);
      expect(text.code).toBe(2);
      expect(text.stderr).toMatch(/^error: --strata a\.childViews: .*plan text \(Section A\).*--show-text/);
      expect(text.stdout).toBe('');
    });

    it('an unmapped column whose name says it holds personal data (ethnicity, a contact detail) is refused as a stratum too', () => {
      const dir = mkdtempSync(join(tmpdir(), 'ehcp-strata-'));
      const file = join(dir, 'eth.csv');
      // Diagnosis and Gender: QA D6 (sample --strata extra.Diagnosis printed every child's diagnosis).
      writeFileSync(file, 'ref,needs.primary,Ethnicity,Parent Email,Diagnosis,Gender,Caseworker\nA1,ASD,WBRI,a@b.uk,Epilepsy,F,CW1\nA2,MLD,ABAN,c@d.uk,Asthma,M,CW2\n');
      for (const col of ['Ethnicity', 'Parent Email', 'Diagnosis', 'Gender']) {
        const r = runCli(['sample', file, '--size', '2', '--seed', '1', ...AS_OF, '--list-only', '--strata', `extra.${col}`]);
        expect(r.code, col).toBe(2);
        expect(r.stderr).toBe(`error: --strata extra.${col}: strata are printed in the report and this one would show the personal data in the column '${col}', which only --show-text may show; stratify by a coded field (e.g. phase, needs.primary, child.district) or, if the report may hold children's personal data, add --show-text\n`);
        expect(r.stdout).not.toMatch(/WBRI|ABAN|@|Epilepsy|Asthma/);
      }
      // A staff column is not personal data of the child's: it stratifies as before.
      expect(runCli(['sample', file, '--size', '2', '--seed', '1', ...AS_OF, '--list-only', '-q', '--strata', 'extra.Caseworker']).code).toBe(0);
    });

    it('works with --show-text, and the list says names are shown', () => {
      const r = runCli([...STRATA, '--strata', 'child.name', '--show-text', '-q', '-f', 'json']);
      expect(r.code, r.stderr).toBe(0);
      const s = (JSON.parse(r.stdout) as AuditReport).sample!;
      expect(s.strataKeys).toEqual(['child.name']);
      expect(s.strata).toHaveLength(new Set(names).size); // one stratum per distinct name
      const list = runCli([...STRATA, '--strata', 'child.name', '--show-text', '-q', '--list-only']);
      expect(list.code, list.stderr).toBe(0);
      expect(list.stdout).toMatch(/Names and plan text: +shown \(--show-text\)/);
      expect(leaked(list.stdout).length).toBe(names.length);
    });

    it('a coded field, a flag and an extra column still work without --show-text', () => {
      for (const strata of ['child.district', 'needs.primary,b.none', 'extra.Caseworker']) {
        const r = runCli([...STRATA, '--strata', strata, '-q', '-f', 'json']);
        expect(r.code, r.stderr).toBe(0);
        expect((JSON.parse(r.stdout) as AuditReport).sample!.strataKeys).toEqual(strata.split(','));
        expect(leaked(r.stdout), strata).toEqual([]);
      }
      const list = runCli([...STRATA, '--strata', 'child.district', '-q', '--list-only']);
      expect(list.stdout).not.toContain('Names and plan text');
    });
  });

  // A filter is printed with its value (the header's "Filter: child.name=...", the sample's
  // "guaranteed group: child.name=..."): a name there was printed beside plan references.
  describe('--where and --include on a name or plan text', () => {
    const first = names[0]!;
    const refused: [string[], string, string][] = [
      [['audit', EXPORT, '--where', `child.name=${first}`], '--where child.name', "a child's name"],
      [['sample', EXPORT, '--size', '3', '--seed', '1', '--where', `child.dob<01/01/2015`], '--where child.dob', "a child's date of birth"],
      [['sample', EXPORT, '--size', '3', '--seed', '1', '--include', `child.name=${first}`], '--include child.name', "a child's name"],
      [['sample', EXPORT, '--size', '3', '--seed', '1', '--list-only', '--include', 'child.id~^C'], '--include child.id', "a child's identifier"],
      [['priority', EXPORT, '--where', 'a.childViews~dog'], '--where a.childViews', 'plan text (Section A)'],
      [['audit', EXPORT, '--where', 'extra.Parent Email~@'], "--where extra.Parent Email", "the personal data in the column 'Parent Email'"],
    ];
    for (const [args, what, shows] of refused) {
      it(`${args[0]} ${what} is the usage error --strata gives, without --show-text, and prints no value`, () => {
        const r = runCli([...args, ...AS_OF, '-q']);
        expect(r.code).toBe(2);
        const printed = what.startsWith('--include') ? 'guaranteed groups are printed' : 'filters are printed';
        expect(r.stderr).toBe(
          `error: ${what}: ${printed} in the report and this one would show ${shows}, which only --show-text may show; filter on a coded field (e.g. child.district, needs.primary, phase) or, if the report may hold children's personal data, add --show-text\n`,
        );
        expect(r.stdout).toBe('');
      });
    }

    it('works with --show-text, and the report says names are shown', () => {
      const r = runCli(['audit', EXPORT, ...AS_OF, '-q', '--show-text', '--where', `child.name=${first}`]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`child.name=${first}`);
      expect(r.stdout).toMatch(/Names and plan text: +shown \(--show-text\)/);
      const s = runCli(['sample', EXPORT, '--size', '3', '--seed', '1', ...AS_OF, '-q', '--show-text', '--include', `child.name=${first}`, '-f', 'json']);
      expect(s.code, s.stderr).toBe(0);
    });

    it('a coded field still filters without --show-text', () => {
      expect(runCli(['audit', EXPORT, ...AS_OF, '-q', '--where', 'child.district=Kellbrook', '--where', 'b.none=no']).code).toBe(0);
      expect(runCli(['sample', EXPORT, '--size', '3', '--seed', '1', ...AS_OF, '-q', '--include', 'needs.primary=ASD']).code).toBe(0);
    });
  });
});

describe('a guaranteed group told by a field the mapping does not map (QA W3)', () => {
  it("says so on stderr and in the report's notes, rather than that no plan belongs to it", () => {
    const dir = mkdtempSync(join(tmpdir(), 'ehcp-unmapped-'));
    const map = join(dir, 'no-cla.map.yaml');
    writeFileSync(map, readFileSync(fixture('example-export.map.yaml'), 'utf8').replace(/^ {2}child\.lookedAfter: CLA\n/m, ''));
    const r = runCli(['sample', EXPORT, '--map', map, '--size', '20', '--seed', '2026', ...AS_OF, '-q', '-f', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const warning = `ehcp-audit: warning: the guaranteed group "looked after" cannot be applied: the mapping ${map} maps no child.lookedAfter, so no plan can be found in it; map the export's column for it (docs/mapping.md), if it has one`;
    expect(r.stderr.split('\n')).toContain(warning);
    expect(r.stderr).not.toContain('"youth custody" cannot');
    const notes = (JSON.parse(r.stdout) as AuditReport).sample!.notes;
    expect(notes).toContain(`Guaranteed group "looked after": cannot be applied: the mapping ${map} maps no child.lookedAfter, so no plan can be found in it; map the export's column for it (docs/mapping.md), if it has one.`);
    expect(notes.filter((n) => n.includes('"looked after": no item'))).toEqual([]);
    // Every group's fields mapped: no such warning (the golden sample is unchanged).
    expect(runCli(SAMPLE).stderr).not.toContain('cannot be applied');
  });

  it('--include and --where on such a field say so too (regression QA: they matched nothing without a word)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ehcp-unmapped-'));
    const map = join(dir, 'no-cla.map.yaml');
    writeFileSync(map, readFileSync(fixture('example-export.map.yaml'), 'utf8').replace(/^ {2}child\.lookedAfter: CLA\n/m, ''));
    const s = runCli(['sample', EXPORT, '--map', map, '--size', '20', '--seed', '2026', '--no-include-default', '--include', 'child.lookedAfter=yes', ...AS_OF, '-q', '-f', 'json']);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stderr).toContain(`warning: --include 'child.lookedAfter=yes' cannot be applied: the mapping ${map} maps no child.lookedAfter, so no plan can be found in it`);
    expect((JSON.parse(s.stdout) as AuditReport).sample!.notes).toContain(`Guaranteed group "child.lookedAfter=yes": cannot be applied: the mapping ${map} maps no child.lookedAfter, so no plan can be found in it; map the export's column for it (docs/mapping.md), if it has one.`);
    const a = runCli(['audit', EXPORT, '--map', map, '--where', 'child.lookedAfter=yes', ...AS_OF, '-q', '-f', 'json']);
    expect(a.stderr).toContain(`warning: --where 'child.lookedAfter=yes' cannot be applied: the mapping ${map} maps no child.lookedAfter, so every plan is tested as having none`);
    // Mapped: no such warning.
    expect(runCli(['audit', EXPORT, '--where', 'child.lookedAfter=yes', ...AS_OF, '-q', '-f', 'json']).stderr).not.toContain('cannot be applied');
  });
});

describe('audit of the whole export', () => {
  it('key findings give a rate over the plans it applies to, and hold areas for improvement to 5 of them (regression QA)', () => {
    const r = json(['audit', EXPORT, ...AS_OF, '-q', '--where', 'child.district=Kellbrook']);
    expect(r.summary.plans).toBe(8);
    const improve = r.findings.filter((f) => f.kind === 'improvement').map((f) => f.text);
    expect(improve).toEqual([
      "The child's or young person's own views are recorded in 4 of the 8 plans it applies to (50%; 95% CI 22% to 78%). A further 4 were partly met.",
      'Too few plans to judge as areas for improvement (at least 5 are needed): E-pfa was met in 0 of the 1 plan it applies to; G-health-provision was met in 1 of the 2 plans it applies to.',
    ]);
    expect(r.findings.map((f) => f.text).join(' ')).not.toMatch(/plans audited \(/);
  });

  it('scores every record and keeps scored + rejected = read', () => {
    const r = json(['audit', EXPORT, ...AS_OF, '-q']);
    expect(r.kind).toBe('audit');
    expect(r.sample).toBeNull();
    expect(r.input.records.scored + r.input.records.rejected + r.input.records.filteredOut).toBe(r.input.records.read);
    expect(r.plans).toHaveLength(70);
    expect(r.summary.grades.reduce((n, g) => n + g.count, 0)).toBe(70);
    for (const c of r.criteria) expect(c.met + c.partly + c.notMet + c.notApplicable).toBe(70);
    expect(validate(schema, r)).toEqual([]);
  });

  it('rejected records are listed with file, line and reason, and the rest are scored', () => {
    const r = runCli(['audit', 'fixtures/bad/invalid-dates.csv', '--map', 'fixtures/example-export.map.yaml', ...AS_OF, '-q', '-f', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as AuditReport;
    expect(j.input.records).toMatchObject({ read: 4, scored: 1, rejected: 3 });
    expect(j.input.rejected.map((x) => [x.file, x.line])).toEqual([
      ['fixtures/bad/invalid-dates.csv', 2],
      ['fixtures/bad/invalid-dates.csv', 11],
      ['fixtures/bad/invalid-dates.csv', 19],
    ]);
    // Each reason names the field, then the column's number and header name: the cell to fix.
    expect(j.input.rejected.map((x) => x.reasons)).toEqual([
      ["dates.request (column 16 'Request Date'): '31/02/2024' is not a real date (day 31 of month 2 in 2024)"],
      ["dates.finalIssued (column 18 'Final Issued'): '2024-13-01' has month 13, which does not exist under yyyy-mm-dd"],
      ["dates.draftIssued (column 17 'Draft Issued'): '02/28/2024' has month 28, which does not exist under dd/mm/yyyy (it looks month-first: set the date format in the mapping)"],
    ]);
    expect(j.findings.some((f) => f.kind === 'data' && /3 of the 4 records/.test(f.text))).toBe(true);
  });

  it('the summary line on stderr counts warnings and says where to see them; none, no clause', () => {
    const r = runCli(['audit', 'fixtures/bad/windows-1252.csv', '--map', 'fixtures/example-export.map.yaml', ...AS_OF, '-f', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as AuditReport).input.records.warnings).toBe(1);
    expect(r.stderr).toContain("ehcp-audit: 3 records read, 3 scored, 0 rejected, 1 warning ('ehcp-audit validate' lists them)\n");
    const clean = runCli(['audit', EXPORT, ...AS_OF, '-f', 'json']);
    expect(clean.stderr).toContain('ehcp-audit: 70 records read, 70 scored, 0 rejected\n');
    const p = runCli(['priority', 'fixtures/bad/future-dates.csv', '--map', 'fixtures/example-export.map.yaml', ...AS_OF]);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stderr).toMatch(/ehcp-audit: \d+ records read, \d+ ranked, 0 rejected, \d+ warnings? \('ehcp-audit validate' lists them\); listed \d+\n/);
  });

  it('--where filters, and the filtered-out plans are counted', () => {
    const r = json(['audit', EXPORT, ...AS_OF, '-q', '--where', 'child.district=Fenwold']);
    expect(r.plans.length).toBeGreaterThan(0);
    expect(r.plans.every((p) => p.district === 'Fenwold')).toBe(true);
    expect(r.input.records.filteredOut).toBe(70 - r.plans.length);
  });

  it('--where reads a year, a phase and a need as the export writes them, not as text ("10" < "Year 7")', () => {
    const all = json(['audit', EXPORT, ...AS_OF, '-q']).plans;
    const byPhase = (...phases: string[]) => all.filter((p) => phases.includes(p.phase)).map((p) => p.ref).sort();
    const refs = (w: string) => json(['audit', EXPORT, ...AS_OF, '-q', '--where', w]).plans.map((p) => p.ref).sort();
    const primary = byPhase('early years', 'KS1', 'KS2');
    expect(primary.length).toBeGreaterThan(0);
    expect(primary.length).toBeLessThan(all.length);
    for (const w of ['child.ncYear<Year 7', 'child.ncYear<Y7', 'child.ncYear<=6', 'yearGroup<7', 'phase<KS3', 'phase<=ks2']) expect(refs(w), w).toEqual(primary);
    expect(refs('phase>=KS3')).toEqual(byPhase('KS3', 'KS4', 'post-16'));
    expect(refs('child.ncYear=N2')).toEqual(refs('child.ncYear=-1'));
    expect(refs('needs.primary=Autistic spectrum disorder')).toEqual(all.filter((p) => p.primaryNeed === 'ASD').map((p) => p.ref).sort());
    for (const [w, why] of [
      ['child.ncYear>=banana', "child.ncYear is a National Curriculum year: write N1, N2, R or 1 to 14"],
      ['phase<unknown', "'unknown' has no place in the order"],
      ['phase=KS5', "'KS5' is not a phase"],
      ['needs.primary>ASD', 'needs.primary is a code: compare it with = or !='],
      ['needs.other=XYZ', "'XYZ' is not an SEN2 need"],
      ['setting.senSetting=ZZZ', "'ZZZ' is not an SEN2 setting code"],
    ] as const) {
      const r = runCli(['audit', EXPORT, ...AS_OF, '-q', '--where', w]);
      expect(r.code, w).toBe(2);
      expect(r.stderr, w).toBe(`error: --where '${w}': ${r.stderr.slice(`error: --where '${w}': `.length)}`);
      expect(r.stderr, w).toContain(why);
    }
  });

  it('--where and --include on an extra.<column> the CSV lacks, or that the mapping reads, are usage errors, threaded or not', () => {
    for (const env of [{}, { EHCP_AUDIT_PARALLEL_MIN_BYTES: '1' }] as Record<string, string>[]) {
      const cases: [string[], string][] = [
        [['audit', EXPORT, '--where', 'extra.CaseWorker=CW04'], "error: --where 'extra.CaseWorker=CW04': fixtures/example-export.csv has no column 'CaseWorker'; it has 'Caseworker' (write extra.Caseworker: extra.<column> names a column exactly)\n"],
        [['priority', EXPORT, '--where', 'extra.Nope~x'], "error: --where 'extra.Nope~x': fixtures/example-export.csv has no column 'Nope'\n"],
        [['audit', EXPORT, '--where', 'extra.District=Fenwold'], "error: --where 'extra.District=Fenwold': the mapping reads the column 'District' into a field, so it is not kept as extra.District: filter on that field (see the mapping)\n"],
        [['sample', EXPORT, '--include', 'extra.Nope=1'], "error: --include 'extra.Nope=1': fixtures/example-export.csv has no column 'Nope'\n"],
      ];
      for (const [args, err] of cases) {
        const r = runCli([...args, ...AS_OF, '-q'], { env });
        expect(r.code, args.join(' ')).toBe(2);
        expect(r.stderr).toBe(err);
      }
      // The column as the header spells it is read, with or without spaces around the operator.
      const spaced = runCli(['audit', EXPORT, ...AS_OF, '-q', '-f', 'json', '--where', 'extra.Caseworker = CW04'], { env });
      expect(spaced.code, spaced.stderr).toBe(0);
      const ok = runCli(['audit', EXPORT, ...AS_OF, '-q', '-f', 'json', '--where', 'extra.Caseworker=CW04'], { env });
      expect((JSON.parse(spaced.stdout) as AuditReport).plans).toEqual((JSON.parse(ok.stdout) as AuditReport).plans);
      expect(ok.code).toBe(0);
      expect((JSON.parse(ok.stdout) as AuditReport).plans.length).toBeGreaterThan(0);
    }
  });

  it("a rubric's extra.<column> the CSV lacks is a usage error before any row is scored, in every command that scores", () => {
    const dir = mkdtempSync(join(tmpdir(), 'ehcp-rubric-extra-'));
    const rubric = join(dir, 'la.yaml');
    // A misspelt column (Interpretr): read as empty, a present check failed every plan in silence.
    writeFileSync(rubric, 'id: la\nversion: "1"\ntitle: la\nextends: default\ncriteria:\n  - { id: LA-interp, title: t, section: A, source: s, weight: 1, check: { type: present, field: extra.Interpretr } }\n');
    const err = `error: ${rubric}:6:7: criterion 'LA-interp' reads extra.Interpretr: fixtures/example-export.csv has no column 'Interpretr'\n`;
    for (const args of [['audit', EXPORT], ['priority', EXPORT], ['sample', EXPORT, '--size', '5', '--seed', '1'], ['check', EXPORT, '--no-critical'], ['baseline', 'write', EXPORT, '-o', join(dir, 'b.json')], ['explain', EXPORT, '--plan', 'EHCP-2023-00001']]) {
      for (const env of [{}, { EHCP_AUDIT_PARALLEL_MIN_BYTES: '1' }] as Record<string, string>[]) {
        const r = runCli([...args, ...AS_OF, '-q', '--rubric', rubric], { env });
        expect(r.stderr, args.join(' ')).toBe(err);
        expect(r.code, args.join(' ')).toBe(2);
      }
    }
    // A condition's column too, named where its criterion is written.
    const cond = join(dir, 'cond.yaml');
    writeFileSync(cond, 'id: la\nversion: "1"\ntitle: la\nextends: default\ncriteria:\n  - { id: LA-c, title: t, section: A, source: s, weight: 1, applies_when: { field: extra.Caseworkr, eq: CW1 }, check: { type: present, field: a.childViews } }\n');
    expect(runCli(['audit', EXPORT, ...AS_OF, '-q', '--rubric', cond]).stderr).toBe(`error: ${cond}:6:7: criterion 'LA-c' reads extra.Caseworkr: fixtures/example-export.csv has no column 'Caseworkr'\n`);
    // Spelt as the header spells it, the rubric runs.
    writeFileSync(rubric, readFileSync(rubric, 'utf8').replace('Interpretr', 'Interpreter Required'));
    const ok = runCli(['audit', EXPORT, ...AS_OF, '-q', '--rubric', rubric, '-f', 'json']);
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('an option that would be ignored or read as nothing is a usage error, not a silent default', () => {
    for (const [args, err] of [
      [[...SAMPLE, '--margin', '5'], 'error: --margin 5 applies only with --size auto (the sample size is 20)\n'],
      [[...SAMPLE, '--strata', ''], "error: --strata '': give field paths separated by commas (e.g. phase,needs.primary), or none for a simple random sample\n"],
      [['audit', EXPORT, ...AS_OF, '-q', '--delimiter', ''], "error: --delimiter '': give one character (, ; | or tab), or leave the option out to detect it\n"],
    ] as const) {
      const r = runCli([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toBe(err);
    }
    // The default margin, given or not, with --size auto: the same sample.
    const auto = (...more: string[]) => runCli([...SAMPLE, '--size', 'auto', ...more, '-f', 'json']).stdout;
    expect(auto('--margin', '10')).toBe(auto());
  });

  it('--where on a column the mapping ignores says so (it is never read), not that a field reads it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ehcp-ignored-'));
    writeFileSync(join(dir, 'm.csv'), 'Plan Ref,Need,Parent Email\nA1,ASD,a@b.uk\n');
    writeFileSync(join(dir, 'm.map.yaml'), 'fields:\n  ref: Plan Ref\n  needs.primary: Need\nignore: [Parent Email]\n');
    // With --show-text: without it, a column named as personal data is refused as a filter first.
    const r = runCli(['audit', 'm.csv', ...AS_OF, '-q', '--show-text', '--where', 'extra.Parent Email=a@b.uk'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: --where 'extra.Parent Email=a@b.uk': the mapping ignores the column 'Parent Email' (ignore:), so it is never read: take it out of ignore: in m.map.yaml if the filter needs it\n");
  });

  it('the shipped sen2 mapping never reads ethnicity or the learner number, and does not warn of the optional columns an export lacks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ehcp-sen2-'));
    const file = join(dir, 'sen2.csv');
    writeFileSync(file, 'UPN,Surname,Forename,PersonBirthDate,Ethnicity,UniqueLearnerNumber,SENtype,SENSetting,URN,ReceivedDate,StartDate,LastReview,CeaseDate\nA123456789012,Smith,Amy,2012-04-01,WBRI,9876543210,ASD,,123456,2024-01-05,2024-05-01,2025-04-20,\n');
    const v = runCli(['validate', file, '--map', 'sen2', ...AS_OF]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toContain('warnings: 0');
    const a = runCli(['audit', file, '--map', 'sen2', ...AS_OF, '-q', '-f', 'json', '--show-text']);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).not.toMatch(/WBRI|9876543210|Amy|Smith/);
    const w = runCli(['audit', file, '--map', 'sen2', ...AS_OF, '-q', '--show-text', '--where', 'extra.Ethnicity=WBRI']);
    expect(w.stderr).toMatch(/the mapping ignores the column 'Ethnicity' \(ignore:\), so it is never read/);
  });

  it('records the shipped sen2 mapping by its place in the package, not where it is installed (as shipped rubrics are)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ehcp-sen2-'));
    const file = join(dir, 'sen2.csv');
    writeFileSync(file, 'UPN,PersonBirthDate,SENtype,SENSetting,URN,ReceivedDate,StartDate,LastReview,CeaseDate\nA123456789012,2015-03-04,ASD,,100001,2023-01-01,2023-05-01,2024-05-01,\n');
    const shipped = '(ehcp-audit) mappings/sen2.map.yaml';
    const run = (args: string[]) => {
      const r = runCli([...args, file, '--map', 'sen2', ...AS_OF]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toContain(repoRoot);
      return r.stdout;
    };
    expect(json(['audit', file, '--map', 'sen2', ...AS_OF, '-q']).input.files[0]!.mapping).toBe(shipped);
    expect(JSON.parse(run(['priority', '-q', '-f', 'json'])).input.mapping).toBe(shipped);
    expect(JSON.parse(run(['baseline', 'write', '-q', '-o', '-'])).input.mapping).toBe(shipped);
    expect(JSON.parse(run(['validate', '-q', '-f', 'json'])).input.mapping).toBe(shipped);
    expect(run(['audit', '-q'])).toContain(`mapping ${shipped}`);
  });

  it('records the export, mapping and rubric paths tidied as given (never absolute), in every report that records them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ehcp-paths-'));
    mkdirSync(join(dir, 'rp'));
    for (const f of ['example-export.csv', 'example-export.map.yaml']) writeFileSync(join(dir, 'rp', f), readFileSync(fixture(f)));
    // A file `extends` names by a path is recorded joined to the extending file's path and tidied
    // (it was made absolute: reports carried the analyst's folder, and differed between checkouts).
    mkdirSync(join(dir, 'lib'));
    writeFileSync(join(dir, 'rp', 'la.yaml'), 'id: la\nversion: "1"\ntitle: la\nextends: ./../lib/mid.yaml\n');
    writeFileSync(join(dir, 'lib', 'mid.yaml'), 'id: mid\nversion: "1"\nextends: default\n');
    const files = ['rp/la.yaml', 'lib/mid.yaml', '(ehcp-audit) rubrics/default.yaml'];
    const file = './rp/../rp/example-export.csv';
    const run = (args: string[]) => {
      const r = runCli([...args, ...AS_OF, '-q'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toContain(dir);
      return JSON.parse(r.stdout) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    const rubric = ['--rubric', 'rp/./la.yaml'];
    for (const threads of [{}, { EHCP_AUDIT_PARALLEL_MIN_BYTES: '1' }] as Record<string, string>[]) {
      const r = runCli(['audit', file, ...rubric, ...AS_OF, '-q', '-f', 'json'], { cwd: dir, env: threads });
      expect(r.code, r.stderr).toBe(0);
      const audit = JSON.parse(r.stdout) as AuditReport;
      expect(audit.input.files[0]).toMatchObject({ path: 'rp/example-export.csv', mapping: 'rp/example-export.map.yaml' });
      expect(audit.rubric.files).toEqual(files);
      expect(new Set(audit.plans.map((p) => p.file))).toEqual(new Set(['rp/example-export.csv']));
    }
    const check = run(['check', file, ...rubric, '--min-rate', 'B-needs=0.1', '-f', 'json']);
    expect(check.input).toMatchObject({ file: 'rp/example-export.csv', mapping: 'rp/example-export.map.yaml' });
    expect(check.rubric.files).toEqual(files);
    expect(run(['baseline', 'write', file, '-o', '-']).input).toMatchObject({ file: 'rp/example-export.csv', mapping: 'rp/example-export.map.yaml' });
    expect(run(['priority', file, ...rubric, '-f', 'json'])).toMatchObject({ input: { file: 'rp/example-export.csv' }, rubric: { files } });
    const shown = runCli(['rubric', 'validate', 'rp/./la.yaml'], { cwd: dir });
    expect(shown.stdout).toBe("rp/la.yaml: OK: rubric 'la' version 1, 29 criteria (extends lib/mid.yaml -> (ehcp-audit) rubrics/default.yaml)\n");
  });

  it('an --include expression names --include in its errors', () => {
    const r = runCli([...SAMPLE, '--include', 'child.lookedAfter=maybe']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: --include 'child.lookedAfter=maybe': child.lookedAfter is yes or no: write child.lookedAfter=yes or child.lookedAfter=no\n");
  });

  it('writes several formats in one run: files for each, only the report on stdout, logs on stderr', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ehcp-audit-'));
    const r = runCli(['audit', EXPORT, ...AS_OF, '-f', 'markdown', '-f', `json:${dir}/a.json`, '-f', `html:${dir}/sub/a.html`, '-f', `csv:${dir}/a.csv`]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('#')).toBe(true);
    expect(r.stderr).toContain(`wrote json report to ${dir}/a.json`);
    expect(JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8')).kind).toBe('audit');
    expect(readFileSync(join(dir, 'sub', 'a.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/i);
    expect(readFileSync(join(dir, 'a.csv'), 'utf8').charCodeAt(0)).toBe(0xfeff);
  });

  it('two formats on stdout is a usage error', () => {
    const r = runCli(['audit', EXPORT, '-f', 'json', '-f', 'table']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/only one --format may write to stdout/);
  });

  // Linux's special files give real write errors: each is one line naming where (exit 2), never
  // an internal error; a folder that cannot be made under one that exists does not hang.
  it.skipIf(process.platform !== 'linux')('a report that cannot be written: exit 2 and one line naming where and why', () => {
    const cases: [string[], string][] = [
      [['-f', 'json:/proc/version'], 'error: cannot write the json report to /proc/version (EIO); check the path\n'],
      [['-f', 'markdown:/proc/ehcp-audit/r.md'], 'error: cannot write the markdown report to /proc/ehcp-audit/r.md (ENOENT); check the path\n'],
      [['-f', 'json:/dev/full'], 'error: cannot write the json report to /dev/full (ENOSPC); free some space\n'],
    ];
    for (const [args, stderr] of cases) {
      const r = runCli(['audit', EXPORT, ...AS_OF, '-q', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toBe(stderr);
    }
  });

  it('a report path in folders that do not exist yet: they are made', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ehcp-out-'));
    const r = runCli(['audit', EXPORT, ...AS_OF, '-q', '-f', `json:${join(dir, 'a', 'b', 'r.json')}`, '-f', `csv:${join(dir, 'a', 'r.csv')}`]);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(readFileSync(join(dir, 'a', 'b', 'r.json'), 'utf8')) as AuditReport).plans).toHaveLength(70);
    expect(readFileSync(join(dir, 'a', 'r.csv'), 'utf8').split('\n').length).toBeGreaterThan(70);
  });

  it("no child's name appears in any format unless --show-text", () => {
    for (const format of ['json', 'markdown', 'csv', 'html', 'table']) {
      const out = runCli(['audit', EXPORT, ...AS_OF, '-q', '-f', format]).stdout;
      for (const name of names) expect(out, `${format} leaks ${name}`).not.toContain(name);
    }
    const shown = runCli(['audit', EXPORT, ...AS_OF, '-q', '-f', 'json', '--show-text']).stdout;
    expect(names.filter((n) => shown.includes(n)).length).toBe(names.length);
  });

  it("reads a rubric's extra.<column> dates in the mapping's date format", () => {
    const dir = mkdtempSync(join(tmpdir(), 'ehcp-extra-date-'));
    writeFileSync(join(dir, 'm.yaml'), 'mapping: 1\ndates: mm/dd/yyyy\nfields:\n  ref: Ref\n  dates.request: Request Date\n');
    // Month-first: the decision on A came 5 weeks 4 days after the request (10 Feb), on B 11 weeks after (20 Mar).
    writeFileSync(join(dir, 'x.csv'), 'Ref,Request Date,Decision Date\r\nA,01/02/2023,02/10/2023\r\nB,01/02/2023,03/20/2023\r\n');
    writeFileSync(
      join(dir, 'r.yaml'),
      'id: r\nversion: 1.0.0\ntitle: decision\nextends: default\ncriteria:\n  - id: LA-decision\n    title: Decision to assess within 6 weeks\n    section: process\n    source: CoP 9.14\n    weight: 1\n' +
        '    check: { type: date_within, from: dates.request, to: extra.Decision Date, max_weeks: 6, missing: na }\n',
    );
    const r = runCli(['audit', join(dir, 'x.csv'), '--map', join(dir, 'm.yaml'), '--rubric', join(dir, 'r.yaml'), ...AS_OF, '-q', '-f', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const plans = (JSON.parse(r.stdout) as { plans: { ref: string; results: { criterion: string; rating: string; reasons: string[] }[] }[] }).plans;
    const decision = (ref: string) => plans.find((p) => p.ref === ref)!.results.find((x) => x.criterion === 'LA-decision')!;
    expect(decision('A')).toMatchObject({ rating: 'met' });
    expect(decision('B')).toMatchObject({ rating: 'not_met', reasons: ['extra.Decision Date 11 weeks after the request; limit 6 weeks'] });
  });

  it('threads: a CSV without a mapping is the same one-line error as in one thread, never an internal error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ehcp-nomap-'));
    // Big enough (2,000 plans, 5 MB) for the workers to be running before the main thread reads a row.
    execFileSync(process.execPath, [join(repoRoot, 'scripts', 'generate-export.mjs'), '--plans', '2000', '--seed', '3', '--format', 'csv', '--out', join(dir, 'x.csv')], { stdio: 'ignore' });
    const one = runCli(['audit', join(dir, 'x.csv'), ...AS_OF, '-q', '--jobs', '1']);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/^error: .*x\.csv: no column mapping: give --map FILE/);
    for (const jobs of ['2', '4', '4']) {
      const r = runCli(['audit', join(dir, 'x.csv'), ...AS_OF, '-q', '--jobs', jobs], { env: { EHCP_AUDIT_PARALLEL_MIN_BYTES: '0' } });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toBe(one.stderr);
    }
  });

  it('--no-color, before or after the command, turns colour off even where it is forced', () => {
    const env = { FORCE_COLOR: '1', NO_COLOR: '' };
    expect(runCli(['audit', EXPORT, ...AS_OF, '-q'], { env }).stdout).toContain('\x1b[');
    expect(runCli(['--no-color', 'audit', EXPORT, ...AS_OF, '-q'], { env }).stdout).not.toContain('\x1b[');
    expect(runCli(['explain', EXPORT, '--plan', 'EHCP-2017-00002', ...AS_OF, '--no-color'], { env }).stdout).not.toContain('\x1b[');
  });

  it('an unknown rubric and a broken rubric are exit 2 with located messages', () => {
    expect(runCli(['audit', EXPORT, '--rubric', 'nope']).stderr).toMatch(/^error: nope: rubric not found/);
    const dir = mkdtempSync(join(tmpdir(), 'ehcp-rubric-'));
    writeFileSync(join(dir, 'r.yaml'), 'id: r\nextends: default\ncriteria:\n  - id: X\n    title: X\n    section: Q\n    source: s\n    check: { type: present, field: a.childViews }\nversion: "1"\n');
    const r = runCli(['audit', EXPORT, '--rubric', join(dir, 'r.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/r\.yaml:6:14: criteria\.0\.section: must be one of/);
  });
});

describe('a CSV report Excel would change without saying so: one warning on stderr', () => {
  it('a reasons cell over 32,767 characters (2,000 vague Section F items) is named by column and plan, once for two CSV reports', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ehcp-long-cell-'));
    const items = Array.from({ length: 2000 }, (_, i) => `Support as required ${i + 1}`).join('\n');
    writeFileSync(join(dir, 'long.csv'), `Plan Ref,Primary Need,Sec F Provision\r\nP1,ASD,"${items}"\r\nP2,ASD,Weekly speech therapy\r\n`);
    writeFileSync(join(dir, 'long.map.yaml'), 'mapping: 1\nlist_separator: newline\nfields:\n  ref: Plan Ref\n  needs.primary: Primary Need\n  f: Sec F Provision\n');
    const r = runCli(['audit', join(dir, 'long.csv'), ...AS_OF, '-q', '-f', 'csv', '-f', `csv:${join(dir, 'r.csv')}`]);
    expect(r.code, r.stderr).toBe(0);
    const warned = r.stderr.split('\n').filter((l) => l.includes('more than Excel holds'));
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatch(/^ehcp-audit: warning: the CSV report has a cell of [\d,]+ characters \(column reasons, plan 'P1'\), more than Excel holds in a cell \(32,767\), and Excel would cut it short without saying so: read the whole text in the JSON report \(-f json\) or with 'ehcp-audit explain'$/);
    // None for a report of short cells, nor for other formats.
    expect(runCli(['audit', EXPORT, ...AS_OF, '-q', '-f', 'csv']).stderr).toBe('');
    expect(runCli(['audit', join(dir, 'long.csv'), ...AS_OF, '-q', '-f', 'json']).stderr).toBe('');
  });
});
