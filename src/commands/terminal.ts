/** Terminal concerns: colour, warnings and the progress line on stderr. */
import type { FormatContext } from '../report/index.js';
import { logLine } from '../util/safeText.js';

/** Colour only on a TTY, never under NO_COLOR or --no-color. */
export function useColor(flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
}

/**
 * The terminal's width, for a report written to `spec` (FormatContext.width): only when it goes to
 * stdout and stdout is a terminal. A file or a pipe gets undefined, so its output does not depend
 * on the window it was run in.
 */
export function terminalWidth(spec: { path?: string }): number | undefined {
  if (spec.path !== undefined || process.stdout.isTTY !== true) return undefined;
  const cols = process.stdout.columns;
  return typeof cols === 'number' && cols > 0 ? cols : undefined;
}

/**
 * The context for one output: colour and the terminal's width only for a report written to stdout
 * (a table written to a file in a terminal was full of colour codes).
 */
export function forOutput<C extends { useColor: boolean }>(ctx: C, spec: { path?: string }): C & { width: number | undefined } {
  return { ...ctx, useColor: ctx.useColor && spec.path === undefined, width: terminalWidth(spec) };
}

/**
 * A progress line (records, plans/s, elapsed) on stderr, only when stderr is a terminal and the
 * run has lasted more than a second.
 */
function formatSeconds(s: number): string {
  if (s < 60) return `${Math.ceil(s)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

/**
 * The progress line cut to one screen row: \r\x1b[K clears only the row the cursor is on, so a line
 * the terminal wrapped would leave its first rows behind at every update. One column short of the
 * width, as a line that fills the row puts some terminals' cursor on the next.
 */
export function fitLine(line: string, columns: number | undefined): string {
  return typeof columns === 'number' && columns > 1 && line.length > columns - 1 ? line.slice(0, columns - 1) : line;
}

export function progressReporter(): { update: (read: number, fraction?: number) => void; done: () => void } | undefined {
  if (!process.stderr.isTTY) return undefined;
  const start = Date.now();
  let shown = false;
  let last = 0;
  return {
    update(read: number, fraction?: number) {
      const now = Date.now();
      if (now - start < 1000 || now - last < 200) return;
      last = now;
      shown = true;
      const secs = (now - start) / 1000;
      // The time left, from the share of the file read so far (once there is enough to go on).
      const eta = fraction !== undefined && fraction >= 0.02 && fraction < 1 ? `, about ${formatSeconds((secs * (1 - fraction)) / fraction)} left` : '';
      const pct = fraction !== undefined ? ` (${Math.floor(fraction * 100)}%)` : '';
      const line = `ehcp-audit: ${read.toLocaleString('en-GB')} records${pct}, ${Math.round(read / secs).toLocaleString('en-GB')} plans/s, ${secs.toFixed(1)} s${eta}`;
      process.stderr.write(`\r\x1b[K${fitLine(line, process.stderr.columns)}`);
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}

/**
 * Warnings the user must see whatever the report says: a mapped key no record has
 * (PlanSource.notices), --where values that are not dates, a comparison's warnings. One line each on stderr, after any
 * progress line is cleared, and with --quiet too (it silences progress and summary lines only).
 */
/** A rubric's located warnings (rubric/load.ts), each already `file:line:col: warning: ...` with its line, on stderr. */
export function printRubricWarnings(rubric: { warnings: readonly string[] }): void {
  // Line by line, as main.ts prints a ConfigError's problems: a warning quotes the rubric's text.
  for (const w of rubric.warnings) process.stderr.write(`${w.split('\n').map((l) => logLine(l)).join('\n')}\n`);
}

export function printWarnings(lines: readonly string[]): void {
  for (const w of lines) process.stderr.write(`${logLine(`ehcp-audit: warning: ${w}`)}\n`);
}

/**
 * The context a command's formatters write with, and how it prints what they warned of (what
 * Excel would change in a CSV output): each warning once, however many outputs gave it
 * (-f csv -f csv:FILE), after they are all written.
 */
export function outputContext(color: boolean | undefined): { ctx: FormatContext & { warn: (message: string) => void }; printOutputWarnings: () => void } {
  const seen = new Set<string>();
  return {
    ctx: { useColor: useColor(color), warn: (w) => seen.add(w) },
    printOutputWarnings: () => printWarnings([...seen]),
  };
}
