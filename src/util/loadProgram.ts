/**
 * Load a program bundle with V8's code cache: dist/main.cjs for `dist/cli.js`, and dist/worker.cjs
 * for each worker thread of a parallel audit (dist/thread.js).
 *
 * Why: a 20-plan `sample` spent about a fifth of its time compiling JavaScript before doing any
 * work, on every run (issue 7: start-up under 0.3 s). Node 22 can keep compiled code on disk
 * (module.enableCompileCache) but Node 20, which this tool supports, cannot for its module
 * loaders. vm.Script can, with `cachedData`: the build (scripts/build.mjs) runs the CLI once on
 * the example export and saves the compiled code, the functions that run included, to
 * dist/main.cjs.cache. Measured in docs/benchmarks.md and the README (Design, Build).
 *
 * The cache is only a shortcut. It is used when its header names this bundle as it is now (its
 * size and modification time, as Python checks its .pyc files against their source), this Node
 * version and this architecture, and V8 checks it again (its own version and flags, and the
 * source's length); otherwise the bundle is compiled as usual. (Not a hash of the bundle: the
 * crypto module alone takes longer to load than a start-up can spare.)
 */
import { closeSync, fstatSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import vm from 'node:vm';

export interface Program {
  main(argv: string[]): Promise<number>;
}

const MAGIC = 'ehcp-audit code cache v1';

function header(stamp: string): string {
  return `${MAGIC} ${stamp} ${process.version} ${process.arch}\n`;
}

/** The cached code for the bundle as stamped (size, modification time), if the cache file is for it. */
function readCache(cacheFile: string, stamp: string): Buffer | undefined {
  let buf: Buffer;
  try {
    buf = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const expected = header(stamp);
  return buf.length > expected.length && buf.toString('latin1', 0, expected.length) === expected ? buf.subarray(expected.length) : undefined;
}

/** A bundle compiled (not yet run), with V8's cache for it when the cache fits. */
export function compileProgram(file: string): { script: vm.Script; usedCache: boolean; cacheFile: string; stamp: string } {
  const fd = openSync(file, 'r');
  let bytes: Buffer;
  let stamp: string;
  try {
    const st = fstatSync(fd);
    stamp = `${st.size} ${st.mtimeMs}`;
    bytes = readFileSync(fd);
  } finally {
    closeSync(fd);
  }
  const cacheFile = `${file}.cache`;
  const cachedData = readCache(cacheFile, stamp);
  // The same wrapper as Node's own CommonJS loader, on the first line so positions in stack
  // traces stay right.
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${bytes.toString('utf8')}\n})`;
  const script = new vm.Script(wrapped, { filename: file, ...(cachedData ? { cachedData } : {}) });
  return { script, usedCache: cachedData !== undefined && !script.cachedDataRejected, cacheFile, stamp };
}

/**
 * Compile and run the CommonJS bundle `file` (with its cache, `file`.cache, when that fits) and
 * return its exports. `saveCache` writes the cache for this bundle from what has been compiled so
 * far: the build calls it after a representative run.
 */
export function loadProgram<T extends object = Program>(file: string): { program: T; usedCache: boolean; saveCache: () => void } {
  const { script, usedCache, cacheFile, stamp } = compileProgram(file);
  const init = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void;
  const mod = { exports: {} };
  init(mod.exports, createRequire(file), mod, file, dirname(file));
  return {
    program: mod.exports as T,
    usedCache,
    saveCache: () => {
      // Unique to this save: worker threads share the process id.
      const tmp = `${cacheFile}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      writeFileSync(tmp, Buffer.concat([Buffer.from(header(stamp), 'latin1'), script.createCachedData()]));
      renameSync(tmp, cacheFile);
    },
  };
}
