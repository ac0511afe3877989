/**
 * Regular expressions users write (a rubric's `re:` entries and `matches`, a mapping's
 * `none_patterns`, `--where` `~` patterns), timed on ordinary text before a run uses them.
 *
 * Why: a plain-looking expression such as `(.|\s)*as required` backtracks exponentially on a text
 * it almost matches, and JavaScript cannot interrupt a regular expression running on its own thread:
 * the audit never ended, so a CI gate got neither 0, 1 nor 2. (V8's linear fallback engine does not
 * take the `i` flag, which every one of these uses.) So each expression runs first on probe texts
 * in a worker thread, which the main thread waits for synchronously (Atomics.wait on shared memory,
 * so rubric and mapping loading stay synchronous) and stops (Worker.terminate interrupts a running
 * expression) when one takes longer than the budget. Ordinary expressions take well under a
 * millisecond on all the texts; an exponential or high-polynomial one runs far past the budget.
 *
 * Each expression also runs on texts made from it (regexPump.ts), which repeat what a repeated
 * group matches until it backtracks, as the fixed texts do not make every such expression do.
 *
 * Each distinct expression (with its flags) is probed once per process. The parallel audit's
 * worker threads compile what the main thread has already probed: they call skipRegexProbes().
 */
import { Worker } from 'node:worker_threads';
import { pumpTexts } from './regexPump.js';

/** The time one expression may take over all the probe texts (and all its flags). */
export const PROBE_BUDGET_MS = 250;
/**
 * The budget is counted in CPU time (the process's, while the main thread waits), so a busy
 * machine that leaves the probe thread waiting for a processor does not make an ordinary
 * expression look slow; wall time is capped all the same.
 */
const WALL_CAP_MS = 20 * PROBE_BUDGET_MS;
/** How long the probe thread may take to start before the probe is given up as an internal error. */
const START_MS = 30_000;

/**
 * The probe texts: plan-like English and the runs that make backtracking explode, each at three
 * lengths, shortest first. One starts with a bracketed area, as outcomes do ("[Communication]
 * ..."): an expression anchored on it (a mapping's `pattern`, `^\[(?<area>[^\]]+)\]\s*(?<text>...)`)
 * reaches its slow part only on such a text (regression QA: one hung the audit untimed).
 */
const KINDS: { unit: string; prefix?: string; suffix?: string; what: (n: number) => string }[] = [
  { unit: 'support from the teaching assistant ', what: (n) => `ordinary text (${n} characters of words and spaces)` },
  { unit: 'a', what: (n) => `a run of ${n} letters` },
  { unit: ' ', what: (n) => `a run of ${n} spaces` },
  { unit: '7', what: (n) => `a run of ${n} digits` },
  { unit: 'Speech and language therapy: 30 minutes, weekly (small group).\n1:1 support - reviewed termly;\r\n', what: (n) => `${n} characters of text with punctuation and line breaks` },
  // Ended by a full stop, as a sentence is: an expression anchored at the end ('(\w+\s?)+$') fails only there, after every way of splitting the words before it.
  { prefix: '[Communication and interaction] ', unit: 'support from the teaching assistant ', suffix: '.', what: (n) => `${n} characters of words after a bracketed area` },
];
const LENGTHS = [40, 400, 4000];
const TEXTS = LENGTHS.flatMap((n) =>
  KINDS.map((k) => {
    const suffix = k.suffix ?? '';
    return { text: ((k.prefix ?? '') + k.unit.repeat(Math.ceil(n / k.unit.length))).slice(0, n - suffix.length) + suffix, what: k.what(n) };
  }),
);

/**
 * The probe thread (run with `eval`, so it needs no file of its own in dist/). Each expression runs
 * as a list's does (rubric/patterns.ts compileMatcher `hits`): every match in the text, global,
 * stepping past empty matches, so a text with no match is tried at every position. state[0]: the
 * expressions done (-1 until the thread is ready); state[1]: the text the current one is on.
 */
const PROBE_THREAD = `
const { workerData } = require('node:worker_threads');
const state = new Int32Array(workerData.state);
const { regexes, texts } = workerData;
Atomics.store(state, 0, 0);
Atomics.notify(state, 0);
for (let i = 0; i < regexes.length; i++) {
  const all = texts.concat(regexes[i].texts);
  for (const flags of regexes[i].flags) {
    let re;
    try { re = new RegExp(regexes[i].source, flags + 'g'); } catch { continue; }
    for (let k = 0; k < all.length; k++) {
      Atomics.store(state, 1, k);
      const text = all[k];
      re.lastIndex = 0;
      try {
        for (let m = re.exec(text); m !== null; m = re.exec(text)) if (m[0] === '') re.lastIndex++;
      } catch {}
    }
  }
  Atomics.store(state, 0, i + 1);
  Atomics.notify(state, 0);
}
`;

export interface RegexToProbe {
  source: string;
  /** Each set of flags the expression may run with (those it does not compile with are skipped). */
  flags: readonly string[];
}

/** By flags and source: undefined when it passed, else the probe text it ran too long on. */
const probed = new Map<string, string | undefined>();
let skip = false;

/** For a worker thread of the parallel audit: the main thread has probed the expressions it compiles. */
export function skipRegexProbes(): void {
  skip = true;
}

/**
 * Time each expression on the probe texts: for each, undefined (fast enough) or the text it ran
 * too long on ("ordinary text (400 characters of words and spaces)"). All the expressions not
 * yet probed go to one thread; after a slow one, a new thread takes the rest.
 */
export function probeRegexes(list: readonly RegexToProbe[]): (string | undefined)[] {
  if (skip) return list.map(() => undefined);
  const key = (r: RegexToProbe) => `${r.flags.join(',')}\0${r.source}`;
  const todo: RegexToProbe[] = [];
  const seen = new Set<string>();
  for (const r of list) {
    const k = key(r);
    if (probed.has(k) || seen.has(k)) continue;
    seen.add(k);
    todo.push(r);
  }
  for (let from = 0; from < todo.length; ) {
    const slow = probeFrom(todo, from);
    for (let i = from; i < (slow?.index ?? todo.length); i++) probed.set(key(todo[i]!), undefined);
    if (!slow) break;
    probed.set(key(todo[slow.index]!), slow.text);
    from = slow.index + 1;
  }
  return list.map((r) => probed.get(key(r)));
}

/** Probe todo[from...] in one thread: the first that runs too long (its index in todo, and the text), or undefined. */
function probeFrom(todo: readonly RegexToProbe[], from: number): { index: number; text: string } | undefined {
  // Each also on texts made from it (regexPump.ts): the fixed ones are plan-like English.
  const pumped = todo.slice(from).map((r) => pumpTexts(r.source, r.flags[0] ?? ''));
  const regexes = todo.slice(from).map((r, i) => ({ source: r.source, flags: [...r.flags], texts: pumped[i]!.map((t) => t.text) }));
  const state = new Int32Array(new SharedArrayBuffer(8));
  state[0] = -1;
  const worker = new Worker(PROBE_THREAD, { eval: true, workerData: { state: state.buffer, regexes, texts: TEXTS.map((t) => t.text) } });
  // The process does not wait for the thread: it ends by itself when every expression is done.
  worker.unref();
  if (Atomics.wait(state, 0, -1, START_MS) === 'timed-out' && Atomics.load(state, 0) === -1) {
    void worker.terminate();
    throw new Error(`the thread that times regular expressions did not start within ${START_MS / 1000} s`);
  }
  let done = 0;
  let wallFrom = performance.now();
  let cpuFrom = process.cpuUsage();
  for (;;) {
    const now = Atomics.load(state, 0);
    if (now >= regexes.length) return undefined;
    if (now > done) {
      // The next expression started at or before this moment: its budget counts from here.
      done = now;
      wallFrom = performance.now();
      cpuFrom = process.cpuUsage();
      continue;
    }
    const wall = performance.now() - wallFrom;
    const used = process.cpuUsage(cpuFrom);
    const cpu = (used.user + used.system) / 1000;
    if ((cpu >= PROBE_BUDGET_MS && wall >= PROBE_BUDGET_MS) || wall >= WALL_CAP_MS) {
      const k = Atomics.load(state, 1);
      const text = (k < TEXTS.length ? TEXTS[k]?.what : pumped[done]?.[k - TEXTS.length]?.what) ?? 'ordinary text';
      void worker.terminate();
      return { index: from + done, text };
    }
    Atomics.wait(state, 0, done, Math.max(1, PROBE_BUDGET_MS - Math.min(cpu, wall)));
  }
}

/** The error for an expression that ran too long on `text`. `instead`: another way out (a rubric's list can take plain phrases). */
export function slowRegexMessage(source: string, text: string, instead = ''): string {
  return (
    `regular expression '${source}' ran for more than ${PROBE_BUDGET_MS} ms on ${text} and was stopped: it can take exponential time on ordinary text, ` +
    `and the run would seem to hang. Avoid a repeated group whose parts can match the same text, such as (.|\\s)* or (\\w+\\s?)+: write [\\s\\S]* (any text) or [\\w\\s]+ (words and spaces) instead${instead}`
  );
}
