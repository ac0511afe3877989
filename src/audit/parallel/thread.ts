/**
 * The entry point of each worker thread of a parallel audit (built as dist/thread.js): it loads
 * the worker's bundle (dist/worker.cjs, src/audit/parallel/worker.ts) with V8's compiled-code
 * cache, as dist/cli.js loads dist/main.cjs (util/loadProgram.ts).
 *
 * Why: a worker is a new V8 isolate, which compiles every function it runs afresh. Timed in a
 * 100,000-plan audit (--jobs 2), a worker started without the cache began its first block some
 * 0.35 s after the pool asked for it, and took 0.2 s over that block against 9 ms for a block
 * once warm: time in which the main thread reads and scores alone.
 *
 * The build (scripts/build.mjs) trains the cache with a threaded audit of the example export,
 * EHCP_AUDIT_SAVE_WORKER_CACHE=1: the worker then saves the code compiled so far after each
 * block (a training run only; a worker is stopped, not ended, so it cannot save on exit).
 */
import { fileURLToPath } from 'node:url';
import { parentPort } from 'node:worker_threads';
import { loadProgram } from '../../util/loadProgram.js';

const loaded = loadProgram<object>(fileURLToPath(new URL('./worker.cjs', import.meta.url)));
if (process.env.EHCP_AUDIT_SAVE_WORKER_CACHE === '1') {
  // Called after the worker's own listener (added as the bundle loaded), which scores a CSV block
  // before it returns; its result is posted after this, so the main thread, which stops the
  // worker once the last result is in, cannot stop it halfway through a save.
  parentPort!.on('message', () => loaded.saveCache());
}
