/**
 * When an audit uses threads (audit/parallel/): exports below this size are read in one thread,
 * as starting a worker (loading the modules, compiling the rubric, warming up the JIT: about a
 * second of CPU) costs more than it saves; measured in docs/benchmarks.md. Light, so that the
 * --jobs help text can quote it.
 */
export const PARALLEL_MIN_BYTES = 64 << 20;
