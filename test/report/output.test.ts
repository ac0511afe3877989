/**
 * A report file is whole or not there (report/output.ts writeChunks): written under a temporary
 * name beside it and renamed once complete, so a run that fails part-way leaves neither a truncated
 * report where a later job would read it nor the previous report destroyed (national-scale QA: a
 * full disk left 52 MB of invalid JSON at the report's path).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { replacementAccess, writeChunks } from '../../src/report/output.js';
import { fixture, repoRoot } from '../helpers/cli.js';

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

/**
 * A report written again keeps its group as well as its mode (QA: a --show-text report an admin
 * had made `chgrp adm; chmod 640` became 640 owner:users, readable by everyone in `users`). The
 * decision, with the file system's answers given (changing an owner needs root):
 */
describe('the access a report written over another is given', () => {
  const me = { uid: 1000, gid: 100 };
  /** replacementAccess with a new file owned by `me`, and fchown allowed into `groups` only (all for root). */
  const decide = (old: { mode: number; uid: number; gid: number }, groups: number[] | 'root') => {
    const chowns: [number, number][] = [];
    const r = replacementAccess(3, old, {
      fstat: () => me,
      fchown: (_fd, uid, gid) => {
        if (groups !== 'root' && (uid !== me.uid || !groups.includes(gid))) throw Object.assign(new Error('EPERM'), { code: 'EPERM' });
        chowns.push([uid, gid]);
      },
    });
    return { ...r, chowns };
  };

  it('the same owner and group: the mode, nothing changed', () => {
    expect(decide({ mode: 0o640, uid: 1000, gid: 100 }, [])).toEqual({ mode: 0o640, groupLost: false, chowns: [] });
  });

  it('another group the writer is in: the file is given it, and the mode', () => {
    expect(decide({ mode: 0o640, uid: 1000, gid: 4 }, [4])).toEqual({ mode: 0o640, groupLost: false, chowns: [[1000, 4]] });
  });

  it('root keeps owner and group', () => {
    expect(decide({ mode: 0o640, uid: 2000, gid: 4 }, 'root')).toEqual({ mode: 0o640, groupLost: false, chowns: [[2000, 4]] });
  });

  it('another owner that cannot be kept: the group is kept where it can be, and the mode', () => {
    expect(decide({ mode: 0o640, uid: 2000, gid: 4 }, [4])).toEqual({ mode: 0o640, groupLost: false, chowns: [[1000, 4]] });
    expect(decide({ mode: 0o600, uid: 2000, gid: 100 }, [])).toEqual({ mode: 0o600, groupLost: false, chowns: [] });
  });

  it('a group that cannot be kept: owner-only, where the group had other access than everyone else', () => {
    expect(decide({ mode: 0o640, uid: 1000, gid: 4 }, [])).toEqual({ mode: 0o600, groupLost: true, chowns: [] });
    expect(decide({ mode: 0o660, uid: 2000, gid: 4 }, [])).toEqual({ mode: 0o600, groupLost: true, chowns: [] });
    // Others could read, the old group could not: the group mattered.
    expect(decide({ mode: 0o604, uid: 1000, gid: 4 }, [])).toEqual({ mode: 0o600, groupLost: true, chowns: [] });
  });

  it('a group that cannot be kept but gave no other access than everyone has: the mode, no warning', () => {
    expect(decide({ mode: 0o644, uid: 1000, gid: 4 }, [])).toEqual({ mode: 0o644, groupLost: false, chowns: [] });
    expect(decide({ mode: 0o600, uid: 1000, gid: 4 }, [])).toEqual({ mode: 0o600, groupLost: false, chowns: [] });
  });
});

/** The same, for real: run as another user with setpriv, which needs root. */
const asRoot = process.platform === 'linux' && process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;
describe.skipIf(!asRoot)('a report written again by a user who is not root (setpriv)', () => {
  const USER = 4321;
  const GROUP = 5432; // the group the report was given (chgrp)
  const run = (path: string, groups: string) =>
    spawnSync('setpriv', [`--reuid=${USER}`, `--regid=${USER}`, groups, process.execPath, join(repoRoot, 'dist', 'cli.js'), 'audit', fixture('example-export.csv'), '--as-of', '26/11/2026', '-q', '--show-text', '-f', `json:${path}`], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
  // Not under the tests' TMPDIR (globalSetup.ts), which that user may not enter.
  const base = asRoot ? mkdtempSync('/tmp/ehcp-output-group-') : '';
  afterAll(() => {
    if (base !== '') rmSync(base, { recursive: true, force: true });
  });
  const report = (mode: number) => {
    chmodSync(base, 0o711);
    const sub = mkdtempSync(join(base, 'r-'));
    chownSync(sub, USER, USER);
    const path = join(sub, 'r.json');
    writeFileSync(path, '{}\n');
    chownSync(path, USER, GROUP);
    chmodSync(path, mode);
    return path;
  };

  it('in the group: the report keeps its group and mode', () => {
    const path = report(0o640);
    const r = run(path, `--groups=${GROUP}`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const st = statSync(path);
    expect([st.uid, st.gid, st.mode & 0o777]).toEqual([USER, GROUP, 0o640]);
    expect(readFileSync(path, 'utf8')).toContain('"showText": true');
  });

  it('not in the group: the report is readable by its owner only, with a warning', () => {
    const path = report(0o640);
    const r = run(path, '--clear-groups');
    expect(r.stderr).toBe(`warning: ${path}: the report's group (gid ${GROUP}) could not be kept (you are not in it), so the report is now readable by its owner only; chgrp and chmod it again to share it\n`);
    expect(r.status).toBe(0);
    const st = statSync(path);
    expect([st.uid, st.gid, st.mode & 0o777]).toEqual([USER, USER, 0o600]);
  });

  it('not in the group of a report everyone may read: the mode, no warning', () => {
    const path = report(0o644);
    const r = run(path, '--clear-groups');
    expect(r.stderr).toBe('');
    const st = statSync(path);
    expect([st.gid, st.mode & 0o777]).toEqual([USER, 0o644]);
  });

  it('root writing over a user\'s report keeps its owner and group', () => {
    const path = report(0o640);
    const r = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'audit', fixture('example-export.csv'), '--as-of', '26/11/2026', '-q', '-f', `json:${path}`], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const st = statSync(path);
    expect([st.uid, st.gid, st.mode & 0o777]).toEqual([USER, GROUP, 0o640]);
  });
});
