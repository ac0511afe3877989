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
  // One entry per open object or array: an object's keys so far (null for an array), and its name
  // in the path: its key in its parent object, '[]' in an array, '' at the top.
  const keys: (Set<string> | null)[] = [];
  const names: string[] = [];
  let lastKey: string | undefined;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // The closing quote: the next quote not escaped by an odd run of backslashes.
      let j = text.indexOf('"', i + 1);
      for (;;) {
        let b = j - 1;
        while (text.charCodeAt(b) === 0x5c) b--;
        if ((j - 1 - b) % 2 === 0) break;
        j = text.indexOf('"', j + 1);
      }
      const top = keys.length > 0 ? keys[keys.length - 1] : null;
      if (top) {
        let k = j + 1;
        while (k < n && isSpace(text.charCodeAt(k))) k++;
        if (text.charCodeAt(k) === 0x3a) {
          const raw = text.slice(i + 1, j);
          const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
          if (top.has(key)) return [...names, key].filter((x) => x !== '').join('.').replace(/\.\[\]/g, '[]');
          top.add(key);
          lastKey = key;
        }
      }
      i = j + 1;
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      names.push(keys.length === 0 ? '' : keys[keys.length - 1] === null ? '[]' : (lastKey ?? ''));
      keys.push(c === 0x7b ? new Set() : null);
    } else if (c === 0x7d || c === 0x5d) {
      keys.pop();
      names.pop();
    }
    i++;
  }
  return undefined;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
