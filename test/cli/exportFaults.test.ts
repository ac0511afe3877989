/**
 * Faults in how an export is laid out or encoded that were read wrongly, or told with the
 * children's data in the message (QA findings): a Windows-1252 export whose first non-ASCII byte
 * comes late, a header row swallowed by an unclosed quote, totals rows, title lines, ragged rows.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'ehcp-export-faults-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const write = (name: string, content: string | Buffer): string => {
  const file = join(tmp, name);
  writeFileSync(file, content);
  return file;
};
const AS_OF = ['--as-of', '26/11/2026'];
const THREADED = { EHCP_AUDIT_PARALLEL_MIN_BYTES: '1', EHCP_AUDIT_BLOCK_BYTES: '4096' };

describe('a Windows-1252 export whose first non-ASCII byte comes after the sniffed head (64 KiB)', () => {
  // 1,000 rows of ASCII (some 88 KB), then a row with a pound sign in Windows-1252 (0xA3).
  const rows = ['Plan Ref,Primary Need,Notes', ...Array.from({ length: 1000 }, (_, i) => `P${i},ASD,${'x'.repeat(80)}`)];
  const late = Buffer.concat([Buffer.from(`${rows.join('\r\n')}\r\nP1000,ASD,cost `), Buffer.from([0xa3]), Buffer.from('5\r\n')]);
  const map = 'mapping: 1\nfields:\n  ref: Plan Ref\n  needs.primary: Primary Need\n';

  it('is read as windows-1252 by validate and audit, in one thread and in blocks, warned of at the byte', () => {
    const file = write('late.csv', late);
    write('late.map.yaml', map);
    const v = runCli(['validate', file, ...AS_OF]);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toContain('(csv, windows-1252,');
    expect(v.stdout).toContain('records read: 1001   valid: 1001   rejected: 0   warnings: 1');
    expect(v.stdout).toContain('late.csv:1002: invalid_encoding: the file is not valid UTF-8, so it was read as windows-1252');
    for (const env of [{}, THREADED]) {
      const a = runCli(['audit', file, ...AS_OF, '--show-text', '-q', '-f', 'json'], { env });
      const j = JSON.parse(a.stdout) as { input: { files: { encoding: string }[]; records: { read: number; rejected: number } } };
      expect(j.input.files[0]!.encoding).toBe('windows-1252');
      expect(j.input.records).toMatchObject({ read: 1001, rejected: 0 });
    }
  });

  it('init reads it the same way (it wrote a mapping for a file validate then refused)', () => {
    const file = write('late-init.csv', late);
    const r = runCli(['init', file, '-o', '-', '--rows', '2000']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('ref: Plan Ref');
  });

  it('a file with UTF-8 before the bad byte, or read from stdin, is still refused at the bad byte', () => {
    const mixed = Buffer.concat([Buffer.from(`${rows.join('\r\n')}\r\nP1000,ASD,caf\u00e9\r\nP1001,ASD,cost `), Buffer.from([0xa3]), Buffer.from('5\r\n')]);
    const file = write('mixed.csv', mixed);
    write('mixed.map.yaml', map);
    const m = runCli(['validate', file, ...AS_OF]);
    expect(m.code).toBe(2);
    expect(m.stderr).toContain('mixed.csv: invalid UTF-8 at line 1003 (invalid_encoding); re-run with --encoding windows-1252');
    const s = runCli(['validate', '-', '--input-format', 'csv', '--map', join(tmp, 'late.map.yaml'), ...AS_OF], { input: late });
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('<stdin>: invalid UTF-8 at line 1002');
  });
});
