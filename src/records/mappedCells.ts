/**
 * The values of a flat YAML or JSON record as the cells a mapping reads, as a CSV row's are. A
 * mapping reads a cell as text, or, for a list field held in one cell, as text it splits into
 * items; a structured export may hold an object or a list instead. An object, or a list where the
 * mapping reads text, has no text the mapping could read (made into JSON or joined, `{"name":"X"}`
 * was a district and `A\nB` a setting's name): it is a problem, naming its key. A list of text
 * where the mapping reads a list is its items, joined with the field's separator to be split again.
 */
import { findColumn, joinerFor, numberedColumns } from './mapping/compile.js';
import { FIELD_KINDS, type FieldPath, type Mapping } from './mapping/schema.js';

/** How the mapping reads one key: the field it goes to, and for a list held in one cell, what joins a list's items. */
export interface KeyUse {
  field: string;
  join?: string;
}

/** Field kinds a mapping reads as a list held in one cell (split by the field's separator). */
const LIST_KINDS: ReadonlySet<string> = new Set(['senTypeList', 'needs', 'outcomes', 'provision']);

/**
 * How the mapping reads each of a record's keys (undefined: not at all, an `extra` or ignored key).
 * A key read both as a list and as text is read as text: a list would not do for the text.
 */
export function keyUses(mapping: Mapping, keys: readonly string[]): (KeyUse | undefined)[] {
  const uses: (KeyUse | undefined)[] = keys.map(() => undefined);
  const use = (i: number, u: KeyUse): void => {
    if (i < 0) return;
    const prev = uses[i];
    if (prev === undefined || (prev.join !== undefined && u.join === undefined)) uses[i] = u;
  };
  for (const [path, src] of Object.entries(mapping.fields)) {
    if (src === undefined) continue;
    const opts = typeof src === 'string' ? { column: src } : src;
    // Numbered columns hold one item each: text.
    if (opts.columns !== undefined) for (const i of numberedColumns(keys, opts.columns)) use(i, { field: path });
    if (opts.column === undefined) continue;
    const list = LIST_KINDS.has(FIELD_KINDS[path as FieldPath]);
    const sep = 'split' in opts && opts.split !== undefined ? opts.split : mapping.list_separator;
    use(findColumn(keys, opts.column), list ? { field: path, join: joinerFor(sep) } : { field: path });
  }
  for (const a of mapping.k) {
    for (const part of ['date', 'present', 'author'] as const) {
      const column = a[part];
      if (column !== undefined) use(findColumn(keys, column), { field: `k.${a.source}.${part}` });
    }
  }
  return uses;
}

/**
 * The cells of `obj`'s `keys` (one each, in order) for the mapper. A value the mapping cannot read
 * as `uses` says is a blank cell, and its problem is added to `problems` with the field it is for.
 */
export function mappedCells(obj: Record<string, unknown>, keys: readonly string[], uses: readonly (KeyUse | undefined)[], problems: { field: string; message: string }[]): string[] {
  const cells: string[] = new Array<string>(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const v = obj[keys[i]!];
    if (v === null || v === undefined) cells[i] = '';
    else if (typeof v !== 'object') cells[i] = String(v);
    else {
      const u = uses[i];
      if (u === undefined) cells[i] = unreadCell(v);
      else if (u.join !== undefined && Array.isArray(v) && v.every(isScalar)) cells[i] = v.map(scalarText).join(u.join);
      else {
        const want = u.join !== undefined ? 'text or a list of text' : 'text';
        problems.push({ field: u.field, message: `key '${keys[i]}' (${u.field}): expected ${want}, found ${shapeOf(v)}; the mapping cannot read it` });
        cells[i] = '';
      }
    }
  }
  return cells;
}

function isScalar(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

function scalarText(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

function shapeOf(v: object): string {
  if (!Array.isArray(v)) return 'an object';
  return v.every(isScalar) ? 'a list' : 'a list holding an object or a list';
}

/** A key the mapping does not read (an `extra` column): an object as its JSON, a list's items a line each, as before. */
function unreadCell(v: object): string {
  if (Array.isArray(v)) return v.map((x) => (x !== null && typeof x === 'object' ? unreadCell(x as object) : scalarText(x))).join('\n');
  return JSON.stringify(v);
}
