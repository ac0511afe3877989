/**
 * Rejected records: every one is reported, but past the first REJECTIONS_IN_MEMORY they are
 * spooled to disk (records/rejections.ts), and the long reports that list them (JSON, validate)
 * are written in chunks. Held here: the log gives back every rejection in order, spooled or not;
 * and an export with more rejected rows than are held lists every one in the JSON reports of
 * audit, sample, priority, check and validate, while the text reports list the first and say so.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REJECTIONS_IN_MEMORY, RejectionLog, type Rejection } from '../../src/records/rejections.js';
import { spoolFolder } from '../../src/util/spool.js';
import { fixture, runCli } from '../helpers/cli.js';


describe('RejectionLog', () => {
  const sample = (i: number): Rejection => ({
    file: 'export.csv',
    line: i + 2,
    ...(i % 3 === 0 ? {} : { ref: `EHCP-${i} “Zoë” 数学 🙂` }),
    reasons: i % 5 === 0 ? [] : [`column 4 'DOB': '31/02/20${i}' is not a date`, 'a "quoted"\\ reason\twith a tab', '\u2028 and \ud800'],
  });

  it('holds the first rejections, spools the rest, and gives back every one in order, as often as asked', () => {
    const log = new RejectionLog(3);
    const all = Array.from({ length: 50_000 }, (_, i) => sample(i));
    for (const r of all) log.push(r);
    expect(log.length).toBe(50_000);
    expect(log.held).toHaveLength(3);
    expect(log.spooled).toBe(true);
    const folder = spoolFolder()!;
    expect(readdirSync(folder)).toEqual([expect.stringMatching(/^rejected-/)]);
    expect([...log]).toEqual(all);
    expect([...log]).toEqual(all); // read back again from the start
    expect(log.find((r) => r.line === 40_001)).toEqual(all[39_999]);
    expect(log.find((r) => r.line === -1)).toBeUndefined();
    log.push(sample(50_000)); // more after a read
    expect([...log].at(-1)).toEqual(sample(50_000));
    log.close();
    expect(existsSync(folder)).toBe(false);
  });

  it('under the limit: nothing is spooled, and held is everything', () => {
    const log = new RejectionLog(10);
    for (let i = 0; i < 10; i++) log.push(sample(i));
    expect(log.spooled).toBe(false);
    expect([...log]).toEqual(log.held);
    expect(log.length).toBe(10);
  });

  it('a reason longer than the spool buffer is kept whole', () => {
    const log = new RejectionLog(0);
    const long = { file: 'f', line: 2, reasons: ['é'.repeat(700_000)] };
    log.push(sample(1));
    log.push(long);
    log.push(sample(2));
    expect([...log]).toEqual([sample(1), long, sample(2)]);
    log.close();
  });
});

describe(`an export with more than ${REJECTIONS_IN_MEMORY} rejected rows`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-rejected-'));
  const file = join(dir, 'export.csv');
  let expected: number;
  beforeAll(() => {
    // The example export's 70 plans, then its rows 80 times more: every repeat is rejected as a
    // duplicate reference (plus the rows the example itself rejects).
    const text = readFileSync(fixture('example-export.csv'), 'utf8');
    const header = text.slice(0, text.indexOf('\n') + 1);
    const body = text.slice(header.length);
    writeFileSync(file, header + body.repeat(81));
    writeFileSync(join(dir, 'export.map.yaml'), readFileSync(fixture('example-export.map.yaml')));
    const v = runCli(['validate', file, '-f', 'json', '--as-of', '26/11/2026']);
    expected = (JSON.parse(v.stdout) as { records: { rejected: number } }).records.rejected;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const json = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as { input: { records: { read: number; scored: number; rejected: number }; rejected: { line: number; reasons: string[] }[] } };

  it('validate lists every rejection, in the table and the JSON alike', () => {
    expect(expected).toBeGreaterThan(REJECTIONS_IN_MEMORY + 100);
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    const v = runCli(['validate', file, '-f', `json:${join(dir, 'v.json')}`, '-f', `table:${join(dir, 'v.txt')}`, '--as-of', '26/11/2026'], { env: { TMPDIR: tmp } });
    expect(v.code).toBe(1);
    const j = JSON.parse(readFileSync(join(dir, 'v.json'), 'utf8')) as { rejected: { line: number; reasons: string[] }[] };
    expect(j.rejected).toHaveLength(expected);
    const lines = j.rejected.map((r) => r.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(new Set(lines).size).toBe(expected);
    const reasons = j.rejected.reduce((n, r) => n + r.reasons.length, 0);
    const table = readFileSync(join(dir, 'v.txt'), 'utf8');
    const listed = table.slice(table.indexOf('Rejected records:\n'), table.indexOf('\n\n', table.indexOf('Rejected records:\n')));
    expect(listed.split('\n').filter((l) => /^ {2}\S*export\.csv:\d+: /.test(l))).toHaveLength(reasons);
    expect(table).toContain(`rejected: ${expected}`);
    expect(readdirSync(tmp)).toEqual([]); // the spool and its folder are gone when the process ends
  });

  it('audit and sample list every rejection in the JSON; the text reports list the first and say where the rest are', () => {
    const a = runCli(['audit', file, '--as-of', '26/11/2026', '-f', `json:${join(dir, 'a.json')}`, '-f', `table:${join(dir, 'a.txt')}`, '-f', `markdown:${join(dir, 'a.md')}`, '-f', `html:${join(dir, 'a.html')}`]);
    expect(a.code, a.stderr).toBe(0);
    const r = json('a.json');
    expect(r.input.records.rejected).toBe(expected);
    expect(r.input.rejected).toHaveLength(expected);
    expect(r.input.records.scored + r.input.records.rejected).toBe(r.input.records.read);
    const v = JSON.parse(readFileSync(join(dir, 'v.json'), 'utf8')) as { rejected: unknown[] };
    expect(r.input.rejected).toEqual(v.rejected);
    const note = `The first ${REJECTIONS_IN_MEMORY} are listed here; the JSON report (-f json:FILE) and 'ehcp-audit validate' list all ${expected}.`;
    for (const f of ['a.txt', 'a.md', 'a.html']) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text, f).toContain(`Rejected records (${expected})`);
      expect(text, f).toContain(note.slice(0, note.indexOf(';')));
      expect(text, f).toContain(`list all ${expected}.`);
    }
    // Threaded (workers read the blocks; the main thread accounts for them in file order): the same report.
    const t = runCli(['audit', file, '--as-of', '26/11/2026', '--jobs', '2', '-f', `json:${join(dir, 't.json')}`], { env: { EHCP_AUDIT_PARALLEL_MIN_BYTES: '0', EHCP_AUDIT_BLOCK_BYTES: '65536' } });
    expect(t.code, t.stderr).toBe(0);
    expect(readFileSync(join(dir, 't.json'), 'utf8')).toBe(readFileSync(join(dir, 'a.json'), 'utf8'));
    const s = runCli(['sample', file, '--as-of', '26/11/2026', '--seed', '1', '-f', `json:${join(dir, 's.json')}`]);
    expect(s.code, s.stderr).toBe(0);
    expect(json('s.json').input.rejected).toEqual(r.input.rejected);
  });

  it('priority and check list every rejection in their JSON', () => {
    const p = runCli(['priority', file, '--as-of', '26/11/2026', '-f', `json:${join(dir, 'p.json')}`]);
    expect(p.code, p.stderr).toBe(0);
    expect(json('p.json').input.rejected).toEqual(json('a.json').input.rejected);
    const c = runCli(['check', file, '--as-of', '26/11/2026', '--no-critical', '--max-rejected', '100000', '-f', `json:${join(dir, 'c.json')}`]);
    expect([0, 1]).toContain(c.code);
    const cj = JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8')) as { input: { rejected: { line: number }[] } };
    expect(cj.input.rejected.map((x) => x.line)).toEqual(json('a.json').input.rejected.map((x) => x.line));
  });
});

describe(`more than ${REJECTIONS_IN_MEMORY} rows rejected by the worker threads themselves`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-rejected-threads-'));
  const file = join(dir, 'export.csv');
  beforeAll(() => {
    // The example export's rows 81 times, each copy with references of its own and every date's
    // month 13: every row is rejected where it is read (in a worker, when threaded), for its dates.
    const text = readFileSync(fixture('example-export.csv'), 'utf8');
    const header = text.slice(0, text.indexOf('\n') + 1);
    const body = text.slice(header.length).replace(/\b(\d\d)\/\d\d\/(\d{4})\b/g, '$1/13/$2');
    const copies = Array.from({ length: 81 }, (_, k) => body.replace(/^EHCP-(\d{4})-(\d{5})/gm, `EHCP-$1-$2-${k}`));
    writeFileSync(file, header + copies.join(''));
    writeFileSync(join(dir, 'export.map.yaml'), readFileSync(fixture('example-export.map.yaml')));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('audit and priority: threaded, the same JSON as one thread, every rejection listed', () => {
    const THREADED = { EHCP_AUDIT_PARALLEL_MIN_BYTES: '0', EHCP_AUDIT_BLOCK_BYTES: '65536' };
    for (const command of ['audit', 'priority']) {
      const one = runCli([command, file, '--as-of', '26/11/2026', '--jobs', '1', '-f', `json:${join(dir, `${command}-1.json`)}`]);
      // Every record rejected: the report is written, and the run is an input error (exit 2).
      expect(one.code, one.stderr).toBe(2);
      expect(one.stderr).toMatch(/every record was rejected \(\d+ read\): not a plan export, or the mapping does not fit it/);
      const two = runCli([command, file, '--as-of', '26/11/2026', '--jobs', '2', '-f', `json:${join(dir, `${command}-2.json`)}`], { env: THREADED });
      expect(two.code, two.stderr).toBe(2);
      const a = readFileSync(join(dir, `${command}-1.json`), 'utf8');
      expect(readFileSync(join(dir, `${command}-2.json`), 'utf8'), command).toBe(a);
      const r = JSON.parse(a) as { input: { records: { read: number; rejected: number }; rejected: { ref: string | null; reasons: string[] }[] } };
      expect(r.input.records.rejected).toBe(r.input.records.read);
      expect(r.input.records.rejected).toBeGreaterThan(REJECTIONS_IN_MEMORY + 100);
      expect(r.input.rejected).toHaveLength(r.input.records.rejected);
      expect(r.input.rejected.at(-1)!.ref).toMatch(/^EHCP-\d{4}-\d{5}-80$/);
      expect(r.input.rejected.every((x) => x.reasons.some((y) => /is not a real date|month/.test(y)))).toBe(true);
    }
  });
});
