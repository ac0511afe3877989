/**
 * A long list of worksheet problems cut down for people to read: of the problems with one cause,
 * the first few, then "... and N more like it". One systematic mistake (every row's auditor set to
 * 'ehcp-audit', the report of another sample) printed a line for each of hundreds of rows. Callers
 * give the exact number of problems beside the list; the JSON report keeps every one.
 */

/** Problems shown of one cause before the rest are counted. */
export const SHOWN_PER_CAUSE = 3;

/**
 * The cause of a `file:line: problem` text: its file and its message without the line numbers and
 * the quoted cells ('...'), so "plan 'P1' is not in the sample" and "plan 'P2' ..." are one cause.
 * A cell holding an apostrophe may make a cause of its own; it is then only shown, not merged.
 */
function causeOf(text: string): string {
  const m = /^(.*?):\d+: ([\s\S]*)$/.exec(text);
  const [file, message] = m ? [m[1]!, m[2]!] : ['', text];
  return `${file}\u0000${message.replace(/'[^']*'/g, "''").replace(/\d+/g, '#')}`;
}

/** The problems grouped by cause (in order of each cause's first problem), each group cut to `shown`. */
export function capByCause(texts: readonly string[], shown = SHOWN_PER_CAUSE): string[] {
  const groups = new Map<string, string[]>();
  for (const t of texts) {
    const k = causeOf(t);
    const g = groups.get(k);
    if (g) g.push(t);
    else groups.set(k, [t]);
  }
  const out: string[] = [];
  for (const g of groups.values()) {
    // "... and 1 more" would take the line the one more needs.
    if (g.length <= shown + 1) out.push(...g);
    else out.push(...g.slice(0, shown), `... and ${g.length - shown} more like it`);
  }
  return out;
}
