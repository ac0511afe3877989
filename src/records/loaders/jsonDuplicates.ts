/**
 * Duplicate keys in a JSON text. JSON.parse keeps the last of an object's repeated keys without a
 * word (`{"ref":"J3","ref":"J4"}` is plan J4), so a reference or a date could be replaced silently;
 * RFC 8259 s.4 leaves such an object's meaning unpredictable, and the YAML reader already refuses
 * one. Run on text JSON.parse has accepted, so the text is well formed: strings are skipped with
 * indexOf (they are most of a plan's text), and only the structure between them is read a
 * character at a time.
 */

/** The first key repeated within one object, as `key`, `outer.key` or `list[].key`; undefined when none is. */
export function firstDuplicateKey(text: string): string | undefined {
  return mayRepeatKey(text) ? keyPath(text) : undefined;
}

/** Key spans (start, length) of the open objects, end to end, shared by every call: no allocation per record. */
let spans = new Int32Array(1024);

/**
 * The common case, fast: does any object give the same key twice? Keys are compared where they
 * are in the text, so no key is sliced out and no set is made per object. A key holding an escape
 * (`\u0062` for `b`) answers yes, for keyPath to decide.
 */
function mayRepeatKey(text: string): boolean {
  // Per open container, where its keys start in `spans` (-1: an array).
  const bases: number[] = [];
  let top = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const j = closingQuote(text, i);
      const base = bases.length > 0 ? bases[bases.length - 1]! : -1;
      if (base >= 0 && isKey(text, j)) {
        const start = i + 1;
        const len = j - start;
        // Keys are short: character loops, never an unbounded search or a slice.
        for (let p = start; p < j; p++) if (text.charCodeAt(p) === 0x5c) return true;
        for (let q = base; q < top; q += 2) {
          if (spans[q + 1] !== len) continue;
          const other = spans[q]!;
          let p = 0;
          while (p < len && text.charCodeAt(start + p) === text.charCodeAt(other + p)) p++;
          if (p === len) return true;
        }
        if (top + 2 > spans.length) {
          const bigger = new Int32Array(spans.length * 2);
          bigger.set(spans);
          spans = bigger;
        }
        spans[top++] = start;
        spans[top++] = len;
      }
      i = j;
    } else if (c === 0x7b) bases.push(top);
    else if (c === 0x5b) bases.push(-1);
    else if (c === 0x7d || c === 0x5d) {
      const base = bases.pop()!;
      if (base >= 0) top = base;
    }
  }
  return false;
}

/** The repeated key's path, or undefined: the exact answer, with keys read as JSON.parse reads them. */
function keyPath(text: string): string | undefined {
  // Per open container: an object's keys (null for an array), and its name in the path: its key in
  // its parent object, '[]' in an array, '' at the top.
  const keys: (Set<string> | null)[] = [];
  const names: string[] = [];
  let lastKey = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const j = closingQuote(text, i);
      const own = keys.length > 0 ? keys[keys.length - 1] : null;
      if (own && isKey(text, j)) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (own.has(key)) return [...names, key].filter((x) => x !== '').join('.').replace(/\.\[\]/g, '[]');
        own.add(key);
        lastKey = key;
      }
      i = j;
    } else if (c === 0x7b || c === 0x5b) {
      names.push(keys.length === 0 ? '' : keys[keys.length - 1] === null ? '[]' : lastKey);
      keys.push(c === 0x7b ? new Set() : null);
    } else if (c === 0x7d || c === 0x5d) {
      keys.pop();
      names.pop();
    }
  }
  return undefined;
}

/** Where the string opened by the quote at `i` closes: the next quote not escaped by an odd run of backslashes. */
function closingQuote(text: string, i: number): number {
  let j = text.indexOf('"', i + 1);
  while (text.charCodeAt(j - 1) === 0x5c) {
    let b = j - 1;
    while (text.charCodeAt(b) === 0x5c) b--;
    if ((j - 1 - b) % 2 === 0) break;
    j = text.indexOf('"', j + 1);
  }
  return j;
}

/** Is the string that closes at `j` a key (followed by a colon)? */
function isKey(text: string, j: number): boolean {
  let k = j + 1;
  while (k < text.length && isSpace(text.charCodeAt(k))) k++;
  return text.charCodeAt(k) === 0x3a;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
