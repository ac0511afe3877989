/**
 * A string that owns its characters. Values sliced from a large decoded chunk of an export keep the
 * whole chunk alive for as long as they live; anything kept past one record (map keys, the plans
 * a report lists) is detached first, so memory does not grow with the export.
 */
export function detach(s: string): string;
export function detach(s: string | undefined): string | undefined;
export function detach(s: string | null): string | null;
export function detach(s: string | null | undefined): string | null | undefined {
  // V8 copies a slice or a concatenation shorter than 13 characters (SlicedString::kMinLength,
  // ConsString::kMinLength), so a short string holds nothing else alive. A longer one is copied
  // by flattening a concatenation: four times as fast as a round trip through a Buffer.
  return typeof s === 'string' && s.length >= 13 ? (s + ' ').slice(0, -1) : s;
}

/** Edit distance (Levenshtein), for "did you mean". */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length]!;
}

/** The candidate `word` is most likely a misspelling of (case aside), if one is close enough. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const best = candidates.map((x) => ({ x, d: editDistance(word.toLowerCase(), x.toLowerCase()) })).sort((a, b) => a.d - b.d)[0];
  return best && best.d <= Math.max(2, Math.floor(word.length / 4)) ? best.x : undefined;
}

/** Text as a regular expression that matches exactly it. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Text from the input shortened for a message: `max` characters at most, the last of them an
 * ellipsis when it was cut (never between the two halves of a surrogate pair). A message quotes a
 * cell or a column name to say which one; it must not carry a whole cell of plan text (a
 * misaligned export can put one in any column).
 */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max - 1;
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return `${s.slice(0, end)}\u2026`;
}

/**
 * A value from the input quoted in a message (a rejection's reason): whole when short, else its
 * first `max` characters and its length: `'1xxxxxxxx…' (10,000,001 characters)`. A cell that is
 * not what its column should hold (a misaligned export's free text, say) is not copied whole into
 * every report and line of validate's output.
 */
export function quoted(s: string, max = 40): string {
  return s.length <= max ? `'${s}'` : `'${clip(s, max)}' (${s.length.toLocaleString('en-GB')} characters)`;
}

const YES_NO_WORD = /^(?:y|n|yes|no|true|false|t|f|x|n\/a|na|none|unknown|not known|tbc)$/i;

/**
 * A value of a coded field (yes/no, SEN2 code, NC year, advice source) in a rejection's reason,
 * which is printed without --show-text: quoted (shortened) when it looks like a code or a word
 * (`'maybe'`, `'Autism'`, `'ASDX'`, `'Year 15'`, `'Yes (S20)'`), else described by its length. A
 * misaligned or free-text cell there may name someone ('Y Mary Evans', 'Home with grandmother Mary
 * Evans': regression QA); the reason's file:line:column finds the cell. A lone word is shown: it
 * is what a typo or an unmapped name of a need looks like, and says little of anyone alone.
 */
export function codedValue(s: string): string {
  return codeLike(s) ? quoted(s) : `a value of ${s.trim().length.toLocaleString('en-GB')} characters (not shown: it may name someone)`;
}

/** Does a coded field's value look like a code, a word or a value with digits (codedValue quotes it), not words in a row ('Mary Evans', 'Nan (Mary)')? */
export function codeLike(s: string): boolean {
  const t = s.trim();
  return t.length <= 40 && (/\d/.test(t) || YES_NO_WORD.test(t) || /^[A-Z0-9][A-Z0-9 ./()&_-]{0,11}$/.test(t) || /^[A-Za-z][A-Za-z./-]{0,13}$/.test(t));
}

