/**
 * Delimiter detection: count each candidate per line (outside quotes) over the first lines and
 * pick the one that splits the lines consistently into more than one field.
 */

export const DELIMITER_CANDIDATES: readonly string[] = [',', ';', '\t', '|'];

export interface DetectOptions {
  /** Candidates in order of preference (ties go to the earlier one). */
  candidates?: readonly string[];
  /** Lines to look at (default 20). */
  maxLines?: number;
  /** True when `sample` is the whole input; otherwise its last (possibly cut) line is ignored. */
  complete?: boolean;
}

/** Per-line counts of each candidate, outside quotes, for the first `maxLines` lines. */
function countLines(sample: string, cands: readonly string[], maxLines: number, complete: boolean): number[][] {
  const codes = cands.map((c) => c.charCodeAt(0));
  const lines: number[][] = [];
  let counts = codes.map(() => 0);
  let inQuotes = false;
  let nonEmpty = false;
  const n = sample.length;
  for (let i = 0; i < n && lines.length < maxLines; i++) {
    const c = sample.charCodeAt(i);
    if (c === 34) {
      inQuotes = !inQuotes;
      nonEmpty = true;
      continue;
    }
    if (inQuotes) continue;
    if (c === 10 || c === 13) {
      if (c === 13 && sample.charCodeAt(i + 1) === 10) i++;
      if (nonEmpty) lines.push(counts);
      counts = codes.map(() => 0);
      nonEmpty = false;
      continue;
    }
    if (c !== 32) nonEmpty = true;
    for (let k = 0; k < codes.length; k++) if (c === codes[k]) counts[k]!++;
  }
  if (complete && nonEmpty && !inQuotes && lines.length < maxLines) lines.push(counts);
  return lines;
}

/**
 * The delimiter for `sample` (the start of the decoded file): among the candidates, the one whose
 * modal per-line count is > 0 and matches the most lines; then the one giving more fields; then
 * the earlier candidate. `,` when nothing splits the lines.
 */
export function detectDelimiter(sample: string, opts: DetectOptions = {}): string {
  const cands = opts.candidates ?? DELIMITER_CANDIDATES;
  const fallback = cands[0] ?? ',';
  let lines = countLines(sample, cands, opts.maxLines ?? 20, opts.complete ?? false);
  // A single long first line cut off by the sample boundary: use what there is.
  if (lines.length === 0 && !opts.complete) lines = countLines(sample, cands, opts.maxLines ?? 20, true);
  if (lines.length === 0) return fallback;
  let best = fallback;
  let bestAgree = 0;
  let bestMode = 0;
  for (let k = 0; k < cands.length; k++) {
    const freq = new Map<number, number>();
    for (const l of lines) {
      const v = l[k]!;
      freq.set(v, (freq.get(v) ?? 0) + 1);
    }
    let mode = 0;
    let agree = 0;
    for (const [v, f] of freq) {
      if (v > 0 && (f > agree || (f === agree && v > mode))) {
        mode = v;
        agree = f;
      }
    }
    if (mode === 0) continue;
    if (agree > bestAgree || (agree === bestAgree && mode > bestMode)) {
      best = cands[k]!;
      bestAgree = agree;
      bestMode = mode;
    }
  }
  return best;
}
