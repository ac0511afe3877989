/**
 * A report file is whole or not there (report/output.ts writeChunks): written under a temporary
 * name beside it and renamed once complete, so a run that fails part-way leaves neither a truncated
 * report where a later job would read it nor the previous report destroyed (national-scale QA: a
 * full disk left 52 MB of invalid JSON at the report's path).
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeChunks } from '../../src/report/output.js';

const dir = mkdtempSync(join(tmpdir(), 'ehcp-output-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function* failing(): Generator<string> {
  yield '{"part": ';
  yield 'one';
  throw new Error('the spool could not be read');
}

describe('writing a report file', () => {
  it('a report that fails part-way leaves the previous report as it was, and no partial file', () => {
    const sub = join(dir, 'a');
    mkdirSync(sub);
    const path = join(sub, 'audit.json');
    writeFileSync(path, '{"previous": true}\n');
    expect(() => writeChunks({ format: 'json', path }, failing())).toThrow('the spool could not be read');
    expect(readFileSync(path, 'utf8')).toBe('{"previous": true}\n');
    expect(readdirSync(sub)).toEqual(['audit.json']);
  });

  it('a report that fails part-way where there was none leaves nothing', () => {
    const sub = join(dir, 'b');
    expect(() => writeChunks({ format: 'json', path: join(sub, 'audit.json') }, failing())).toThrow();
    expect(readdirSync(sub)).toEqual([]);
  });

  it('a whole report replaces the previous one; through a symbolic link, the file it points to', () => {
    const sub = join(dir, 'c');
    mkdirSync(sub);
    const path = join(sub, 'audit.json');
    writeFileSync(path, 'old');
    writeChunks({ format: 'json', path }, ['{"a": ', '1}\n']);
    expect(readFileSync(path, 'utf8')).toBe('{"a": 1}\n');
    expect(readdirSync(sub)).toEqual(['audit.json']);
    symlinkSync(path, join(sub, 'latest.json'));
    writeChunks({ format: 'json', path: join(sub, 'latest.json') }, ['{"b": 2}\n']);
    expect(readFileSync(path, 'utf8')).toBe('{"b": 2}\n');
    expect(readdirSync(sub).sort()).toEqual(['audit.json', 'latest.json']);
  });

  it.skipIf(process.platform === 'win32')('a report written again keeps its file\'s permissions (an owner-only report stays owner-only)', () => {
    const sub = join(dir, 'd');
    mkdirSync(sub);
    const path = join(sub, 'audit.json');
    writeChunks({ format: 'json', path }, ['{"a": 1}\n']);
    for (const mode of [0o600, 0o640, 0o444]) {
      chmodSync(path, mode);
      writeChunks({ format: 'json', path }, ['{"b": 2}\n']);
      expect(statSync(path).mode & 0o777).toBe(mode);
      expect(readFileSync(path, 'utf8')).toBe('{"b": 2}\n');
    }
  });
});
