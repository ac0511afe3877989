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
 *   yearGroup           derived: child.ncYear, or where it is blank the year for the child's
 *                       age at the as-of date (from child.dob); see records/schoolYear.ts
 * Paths are compiled once per rubric into getter functions. A getter takes the scoring context
 * (the as-of date), which only `yearGroup` reads.
 */
import { phaseOf, type PlanRecord } from '../records/model.js';
import { yearGroupOf } from '../records/schoolYear.js';
import type { EvalContext } from './types.js';

export type Getter = (rec: PlanRecord, ctx: EvalContext) => unknown;

/** Every root and the keys below it (mirrors model.ts), so a typo is caught when the rubric loads. */
const OUTCOME_KEYS = ['text', 'area', 'target'];
const PROVISION_KEYS = ['text', 'frequency', 'duration', 'deliverer', 'need'];
const NEEDS_KEYS = ['items', 'none'];
const TREE: Record<string, string[] | null> = {
  ref: null,
  phase: null,
  yearGroup: null,
  i: null,
  j: null,
  child: ['id', 'name', 'dob', 'ncYear', 'district', 'lookedAfter', 'youthCustody', 'electiveHomeEducation'],
  needs: ['primary', 'other'],
  setting: ['type', 'senSetting', 'name', 'urn'],
  dates: ['request', 'draftIssued', 'finalIssued', 'lastReview', 'ceased'],
  a: ['childViews', 'parentViews', 'aspirations', 'howGathered'],
  b: NEEDS_KEYS,
  c: NEEDS_KEYS,
  d: NEEDS_KEYS,
  e: OUTCOME_KEYS,
  f: PROVISION_KEYS,
  g: PROVISION_KEYS,
  h1: PROVISION_KEYS,
  h2: PROVISION_KEYS,
  k: ['source', 'author', 'date'],
  qa: ['signedOffBy', 'signedOffDate'],
};
const LISTS = new Set(['e', 'f', 'g', 'h1', 'h2', 'k', 'b[].items', 'c[].items', 'd[].items']);

/** A path error message, or undefined when the path names a real field. */
export function checkPath(path: string): string | undefined {
  if (path.startsWith('extra.')) return path.length > 6 ? undefined : `'${path}': write extra.<column name>`;
  if (!/^[A-Za-z0-9]+(\[\])?(\.[A-Za-z0-9]+)?$/.test(path)) return `'${path}' is not a field path (e.g. a.childViews, e[].area, extra.Caseworker)`;
  const m = /^([A-Za-z0-9]+)(\[\])?(?:\.([A-Za-z0-9]+))?$/.exec(path)!;
  const [, root, many, key] = m as unknown as [string, string, string | undefined, string | undefined];
  if (!Object.hasOwn(TREE, root)) return `unknown field '${path}': paths start with one of ${Object.keys(TREE).join(', ')}, or extra.<column>`;
  const keys = TREE[root];
  if (many && !LISTS.has(root)) return `'${path}': ${root} is not a list, so '[]' does not apply`;
  if (key === undefined) return undefined;
  if (!keys || !keys.includes(key)) return `unknown field '${path}'${keys ? `: ${root}${LISTS.has(root) ? '[]' : ''} has ${keys.join(', ')}` : `: ${root} has no sub-fields`}`;
  if (LISTS.has(root) && !many) return `'${path}': ${root} is a list; write ${root}[].${key}`;
  return undefined;
}

/** What a field path gives a check: a needs section (B-D), a list, a text, or a single value (a date, a flag, a number, a code). */
export type FieldKind = 'needs section' | 'list' | 'text' | 'value';
const TEXT_FIELDS = new Set(['ref', 'i', 'j', 'child.id', 'child.name', 'child.district', 'setting.type', 'setting.name', 'setting.urn', 'qa.signedOffBy', 'a.childViews', 'a.parentViews', 'a.aspirations', 'a.howGathered']);

/** The kind of a path checkPath accepts; an `extra.<column>` is text (a cell of the export). */
export function fieldKind(path: string): FieldKind {
  if (path === 'b' || path === 'c' || path === 'd') return 'needs section';
  if (path.includes('[]') || LISTS.has(path) || path === 'needs.other' || /^[bcd]\.items$/.test(path)) return 'list';
  if (path.startsWith('extra.') || TEXT_FIELDS.has(path)) return 'text';
  return 'value';
}

/** The keys of a list's items (outcomes, provision, advice), or undefined when its items are plain text. */
export function itemKeysOf(path: string): readonly string[] | undefined {
  return LISTS.has(path) && !path.includes('[]') ? (TREE[path] ?? undefined) : undefined;
}

/**
 * The fields reports show only with --show-text (README, "Data protection"): the child's identity
 * (name, id, date of birth) and the plan's own words, Sections A to J. The rest of the record is
 * the plan's reference, codes, flags, dates and the LA's own labels (district, setting, QA
 * officer, advice source and author). Within A-J only the "no needs in this area" flags of B-D and
 * the outcome areas of E are not plan text. A path holding any of these (`child`, `e`) counts as one of them.
 * `extra.<column>` is the LA's own choice of column, so it is never listed here (a column it
 * must not see belongs in the mapping's `ignore`).
 */
const CHILD_IDENTITY: Record<string, string> = {
  name: "a child's name",
  id: "a child's identifier",
  dob: "a child's date of birth",
};
const PLAN_TEXT_SECTIONS = new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h1', 'h2', 'i', 'j']);
const NOT_PLAN_TEXT = new Set(['b.none', 'c.none', 'd.none', 'e[].area']);
/** The mapping's fields (records/mapping/schema.ts FIELD_KINDS) in Sections A to J. */
export const PLAN_TEXT_FIELDS: readonly string[] = ['a.childViews', 'a.parentViews', 'a.aspirations', 'a.howGathered', 'b', 'c', 'd', 'e', 'f', 'g', 'h1', 'h2', 'i', 'j'];

/**
 * What a field path would reveal that only --show-text may show ("a child's name", "plan text
 * (Section A)"), or undefined when its values may appear in any report. For a path checkPath
 * accepts; options that print a field's values (sample --strata) ask this first.
 */
export function showTextOnly(path: string): string | undefined {
  if (path.startsWith('extra.') || NOT_PLAN_TEXT.has(path)) return undefined;
  const m = /^([A-Za-z0-9]+)(?:\[\])?(?:\.([A-Za-z0-9]+))?$/.exec(path);
  if (!m) return undefined;
  const [, root, key] = m as unknown as [string, string, string | undefined];
  if (root === 'child') {
    if (key === undefined) return "a child's name";
    return Object.hasOwn(CHILD_IDENTITY, key) ? CHILD_IDENTITY[key] : undefined;
  }
  if (PLAN_TEXT_SECTIONS.has(root)) return `plan text (Section ${root.toUpperCase()})`;
  return undefined;
}

/** The paths compilePath is compiling while pathsCompiledBy runs (undefined otherwise). */
let compiling: Set<string> | undefined;

/**
 * Runs `compile` and returns what it returned with the record paths compilePath compiled
 * meanwhile: what a rubric, a --where filter or a stratum key reads of a record, since every
 * check type, condition and filter reads records only through the getters compilePath makes, and
 * makes them when it is compiled (test/rubric/unreadText.test.ts holds the check types to that).
 */
export function pathsCompiledBy<T>(compile: () => T): { value: T; paths: Set<string> } {
  const outer = compiling;
  const paths = new Set<string>();
  compiling = paths;
  try {
    const value = compile();
    return { value, paths };
  } finally {
    compiling = outer;
    if (outer) for (const p of paths) outer.add(p);
  }
}

/** A path's first part, the record's top-level field: 'e' for 'e[].area', 'a' for 'a.childViews'. */
function rootOf(path: string): string {
  const m = /^[^.[]*/.exec(path)!;
  return m[0];
}

/**
 * The mapped plan-text fields (Sections A to J) that a run reading only `paths` never looks at.
 * Their cells need not be split into items or parsed for outcome areas: those fields never make
 * a record rejected or warned of, so leaving them unread changes nothing but the time taken
 * (records/mapping/compile.ts). A section counts as read if any path into it is.
 */
export function unreadPlanText(paths: Iterable<string>): string[] {
  const roots = new Set<string>();
  for (const p of paths) roots.add(rootOf(p));
  return PLAN_TEXT_FIELDS.filter((f) => !roots.has(rootOf(f)));
}

export function compilePath(path: string): Getter {
  compiling?.add(path);
  if (path === 'phase') return (r) => phaseOf(r.child.ncYear);
  if (path === 'yearGroup') return (r, ctx) => yearGroupOf(r, ctx.asOf);
  if (path.startsWith('extra.')) {
    const col = path.slice(6);
    // Own columns only: 'extra.constructor' must not find Object.prototype's.
    return (r) => (Object.hasOwn(r.extra, col) ? r.extra[col] : undefined);
  }
  // Segments are worked out once here; the getter runs for every plan and criterion.
  const segs = path.split('.').map((raw) => ({ key: raw.endsWith('[]') ? raw.slice(0, -2) : raw, many: raw.endsWith('[]') }));
  if (segs.length === 1 && !segs[0]!.many) {
    const key = segs[0]!.key;
    return (rec) => (rec as unknown as Record<string, unknown>)[key];
  }
  if (segs.length === 2 && !segs[0]!.many && !segs[1]!.many) {
    const [a, b] = [segs[0]!.key, segs[1]!.key];
    return (rec) => {
      const cur = (rec as unknown as Record<string, unknown>)[a];
      return cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[b] : undefined;
    };
  }
  if (segs.length === 2 && segs[0]!.many && !segs[1]!.many) {
    // `list[].key` (e[].area): the general walk below, without a closure and two arrays per item
    // (it took some 0.17 s of a one-thread 100,000-plan audit with the default rubric).
    const [a, b] = [segs[0]!.key, segs[1]!.key];
    return (rec) => {
      const list = (rec as unknown as Record<string, unknown>)[a];
      if (!Array.isArray(list)) return [];
      const out: unknown[] = [];
      for (const x of list as unknown[]) {
        if (x === null || typeof x !== 'object') continue;
        const v = (x as Record<string, unknown>)[b];
        if (v !== undefined) out.push(v);
      }
      return out;
    };
  }
  return (rec) => {
    let cur: unknown = rec;
    let mapped = false;
    for (const { key, many } of segs) {
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
    // Most items have only their text (a CSV cell with no pattern): no list to build.
    if (o.frequency === undefined && o.duration === undefined && o.deliverer === undefined && o.target === undefined) return o.text as string;
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
