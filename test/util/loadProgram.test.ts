/**
 * util/loadProgram.ts: the built bundle is run with the compiled-code cache the build trained,
 * and a cache that does not belong to the bundle as it is now is ignored, never trusted.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProgram, loadProgram } from '../../src/util/loadProgram.js';
import { repoRoot } from '../helpers/cli.js';

const bundle = join(repoRoot, 'dist', 'main.cjs');
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ehcp-codecache-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the built bundle and its cache, with the bundle's modification time kept. */
function copyBuilt(name: string): string {
  const file = join(dir, `${name}.cjs`);
  copyFileSync(bundle, file);
  copyFileSync(`${bundle}.cache`, `${file}.cache`);
  return file;
}

describe('loadProgram', () => {
  it('uses the cache the build wrote for dist/main.cjs, and the program runs', () => {
    const { program, usedCache } = loadProgram(bundle);
    expect(usedCache).toBe(true);
    expect(typeof program.main).toBe('function');
  });

  it('has a cache the build trained for the worker threads\' bundle (dist/worker.cjs), which V8 accepts', () => {
    // Compiled, not run: the worker's bundle starts taking blocks when it runs.
    const worker = compileProgram(join(repoRoot, 'dist', 'worker.cjs'));
    expect(worker.usedCache).toBe(true);
    // Trained by a threaded audit, so it holds more than the bundle's top level: a copy of the
    // bundle (a new modification time, so not the build's cache), compiled and never run, caches
    // a fraction of it.
    const copy = join(dir, 'worker-copy.cjs');
    copyFileSync(join(repoRoot, 'dist', 'worker.cjs'), copy);
    const fresh = compileProgram(copy);
    expect(fresh.usedCache).toBe(false);
    expect(readFileSync(worker.cacheFile).length).toBeGreaterThan(2 * fresh.script.createCachedData().length);
  });

  it('ignores the cache once the bundle has changed (a new modification time), and still runs it', () => {
    const file = copyBuilt('touched'); // a copy: new modification time, the header names the original's
    const { program, usedCache } = loadProgram(file);
    expect(usedCache).toBe(false);
    expect(typeof program.main).toBe('function');
  });

  it('ignores a cache whose header is for another Node version', () => {
    const file = copyBuilt('other-node');
    const st = { mtime: new Date(Date.now() - 60_000) };
    utimesSync(file, st.mtime, st.mtime);
    // Make the header right for this copy, then claim another Node version.
    const { saveCache } = loadProgram(file);
    saveCache();
    expect(loadProgram(file).usedCache).toBe(true);
    const cache = readFileSync(`${file}.cache`);
    const end = cache.indexOf(0x0a);
    const head = cache.toString('latin1', 0, end).replace(process.version, 'v0.0.0');
    writeFileSync(`${file}.cache`, Buffer.concat([Buffer.from(head, 'latin1'), cache.subarray(end)]));
    expect(loadProgram(file).usedCache).toBe(false);
  });

  it('runs the CLI as usual with a damaged cache or none (a fresh process: V8 keeps compiled scripts per process)', () => {
    // A copy of the built package: package.json and dist/ (what --help needs).
    const pkg = join(dir, 'pkg');
    mkdirSync(join(pkg, 'dist'), { recursive: true });
    copyFileSync(join(repoRoot, 'package.json'), join(pkg, 'package.json'));
    for (const f of readdirSync(join(repoRoot, 'dist'))) copyFileSync(join(repoRoot, 'dist', f), join(pkg, 'dist', f));
    const help = () => spawnSync(process.execPath, [join(pkg, 'dist', 'cli.js'), '--help'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const expected = help();
    expect(expected.status).toBe(0);
    expect(expected.stdout).toMatch(/^Usage: ehcp-audit/);
    // Damage the cached code behind a header that still matches the copied bundle.
    loadProgram(join(pkg, 'dist', 'main.cjs')).saveCache();
    const cacheFile = join(pkg, 'dist', 'main.cjs.cache');
    const cache = readFileSync(cacheFile);
    const body = Buffer.from(cache.subarray(cache.indexOf(0x0a) + 1));
    body.fill(0x55, 0, Math.min(body.length, 4096));
    writeFileSync(cacheFile, Buffer.concat([cache.subarray(0, cache.indexOf(0x0a) + 1), body]));
    const damaged = help();
    expect(damaged.status, damaged.stderr).toBe(0);
    expect(damaged.stdout).toBe(expected.stdout);
    rmSync(cacheFile);
    const none = help();
    expect(none.status, none.stderr).toBe(0);
    expect(none.stdout).toBe(expected.stdout);
  });
});
