/**
 * Field paths into a plan record, as rubric authors write them:
 *   a.childViews        a value
 *   e                   a list (outcomes)
 *   e[].area            the `area` of every item of a list (a list of values)
 *   k[].source          the source of every advice item
 *   c                   a needs section (present when it has items)
 *   c.none              true when the section says "no needs in this area"
 *   extra.Caseworker    an unmapped source column
 *   phase               derived: early years, KS1 ... post-16 (from child.ncYear)
 * Paths are compiled once per rubric into getter functions.
 */
import { phaseOf, type PlanRecord } from '../records/model.js';

export type Getter = (rec: PlanRecord) => unknown;

const ROOTS = new Set([
  'ref', 'child', 'needs', 'setting', 'dates', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h1', 'h2', 'i', 'j', 'k', 'qa', 'extra', 'phase',
]);

/** A path error message, or undefined when the path is well formed. */
export function checkPath(path: string): string | undefined {
  const root = path.split(/[.[]/)[0] ?? '';
  if (!ROOTS.has(root)) return `unknown field '${path}': paths start with one of ${[...ROOTS].join(', ')}`;
  if (root === 'extra') return path.startsWith('extra.') && path.length > 6 ? undefined : `'${path}': write extra.<column name>`;
  if (!/^[A-Za-z0-9]+(\[\])?(\.[A-Za-z0-9]+(\[\])?)*$/.test(path)) return `'${path}' is not a field path (e.g. a.childViews, e[].area)`;
  return undefined;
}

export function compilePath(path: string): Getter {
  if (path === 'phase') return (r) => phaseOf(r.child.ncYear);
  if (path.startsWith('extra.')) {
    const col = path.slice(6);
    return (r) => r.extra[col];
  }
  const segs = path.split('.');
  return (rec) => {
    let cur: unknown = rec;
    let mapped = false;
    for (const raw of segs) {
      const many = raw.endsWith('[]');
      const key = many ? raw.slice(0, -2) : raw;
      if (mapped) {
        cur = (cur as unknown[]).flatMap((x) => {
          const v = x !== null && typeof x === 'object' ? (x as Record<string, unknown>)[key] : undefined;
          return v === undefined ? [] : many && Array.isArray(v) ? v : [v];
        });
      } else {
        cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[key] : undefined;
        if (many) {
          if (!Array.isArray(cur)) return [];
          mapped = true;
        }
      }
    }
    return cur;
  };
}

/** A needs section value ({items, none}). */
export function isNeedsSection(v: unknown): v is { items: string[]; none: boolean } {
  return v !== null && typeof v === 'object' && Array.isArray((v as { items?: unknown }).items) && typeof (v as { none?: unknown }).none === 'boolean';
}

/**
 * Is a value "filled in"? Strings: non-blank. Lists: at least one item. Needs sections: at least one
 * item (or, when `noneCounts`, an explicit "no needs in this area").
 */
export function isPresent(v: unknown, noneCounts = false): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return v.trim().length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (isNeedsSection(v)) return v.items.length > 0 || (noneCounts && v.none);
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

/** The text of a value for text checks: strings as-is, outcome/provision items by their text. */
export function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v !== null && typeof v === 'object' && typeof (v as { text?: unknown }).text === 'string') {
    const o = v as Record<string, unknown>;
    return [o.text, o.frequency, o.duration, o.deliverer, o.target].filter((x) => typeof x === 'string').join(' ');
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

/** The items of a value for item-wise checks: lists as they are, needs sections by items, a string as one item. */
export function itemsOf(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isNeedsSection(v)) return v.items;
  if (typeof v === 'string') return v.trim() ? [v] : [];
  return [];
}

/** Section label for reasons: `f` -> "Section F", `a.childViews` -> "a.childViews". */
export function labelOf(path: string): string {
  const m = /^(b|c|d|e|f|g|h1|h2|i|j|k)(\[\])?$/.exec(path);
  return m ? `Section ${m[1]!.toUpperCase()}` : path;
}
