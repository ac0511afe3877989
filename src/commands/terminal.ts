/** Terminal concerns: colour and the progress line on stderr. */

/** Colour only on a TTY, never under NO_COLOR or --no-color. */
export function useColor(flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
}

/**
 * A progress line (records, plans/s, elapsed) on stderr, only when stderr is a terminal and the
 * run has lasted more than a second.
 */
export function progressReporter(): { update: (read: number) => void; done: () => void } | undefined {
  if (!process.stderr.isTTY) return undefined;
  const start = Date.now();
  let shown = false;
  let last = 0;
  return {
    update(read: number) {
      const now = Date.now();
      if (now - start < 1000 || now - last < 200) return;
      last = now;
      shown = true;
      const secs = (now - start) / 1000;
      process.stderr.write(`\r\x1b[Kehcp-audit: ${read.toLocaleString('en-GB')} records, ${Math.round(read / secs).toLocaleString('en-GB')} plans/s, ${secs.toFixed(1)} s`);
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}
