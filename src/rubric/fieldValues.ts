/**
 * What a field path holds, and how a value written for it (in a rubric condition or a --where
 * filter) is read: a yes/no field takes yes or no, a year N2, R or Year 7, a need its SEN2 code
 * or name, a date a date. Compared as written, `{ field: child.lookedAfter, eq: yes }` would test
 * true against "yes" and never hold, and `needs.primary=Autistic spectrum disorder` would miss
 * every plan stored as ASD; so each value is read as the loader reads the export's, and a value
 * the field can never hold is refused where it is written.
 */
import { parseDate } from '../records/dates.js';
import { DEFAULT_BOOLEANS, FIELD_KINDS } from '../records/mapping/schema.js';
import { parseNcYear, PHASES, SEN_SETTINGS, SEN_TYPES } from '../records/model.js';
import { quoted } from '../util/strings.js';
import { normaliseSenType } from '../records/senCodes.js';

/** What a field holds, for reading a value written for it: the mapping's kinds, and the derived fields. */
export function kindOf(field: string): string | undefined {
  if (field === 'yearGroup') return 'ncYear';
  if (field === 'phase') return 'phase';
  // "No needs in this area" in Section B, C or D: a yes/no the mapping derives.
  if (/^[bcd]\.none$/.test(field)) return 'boolean';
  return Object.hasOwn(FIELD_KINDS, field) ? FIELD_KINDS[field as keyof typeof FIELD_KINDS] : undefined;
}

/**
 * Fields that hold one of a fixed set of values: how to read the value written (undefined: not
 * one of them), what to tell the user, and, where the values have an order, their order.
 */
export interface Coded {
  read(raw: string): string | undefined;
  expected: string;
  order?: readonly string[];
}
const PHASE_ORDER = PHASES.filter((p) => p !== 'unknown');
/** A need, on its own (needs.primary) or in a list (needs.other). */
const NEED: Coded = { read: (raw) => normaliseSenType(raw), expected: `an SEN2 need: ${SEN_TYPES.join(', ')} (or its name, e.g. Autistic spectrum disorder)` };
export const CODED = {
  phase: {
    read: (raw: string) => PHASES.find((p) => p.toLowerCase() === raw.trim().toLowerCase().replace(/\s+/g, ' ')),
    expected: `a phase: ${PHASES.join(', ')}`,
    order: PHASE_ORDER,
  },
  senType: NEED,
  senTypeList: NEED,
  senSetting: {
    read: (raw: string) => (SEN_SETTINGS as readonly string[]).find((c) => c === raw.trim().toUpperCase()),
    expected: `an SEN2 setting code: ${SEN_SETTINGS.join(', ')}`,
  },
} satisfies Record<string, Coded>;

/** A value for an `extra.<column>` (text until compared) written as a date: any form dd/mm/yyyy reads (01-06-2026, 1.6.2026), or ISO. */
export const EXTRA_DATE_LIKE = /^\d{1,2}([/.-])\d{1,2}\1\d{4}$|^\d{4}-\d{1,2}-\d{1,2}$/;

const YES = new Set<string>(DEFAULT_BOOLEANS.true);
const NO = new Set<string>(DEFAULT_BOOLEANS.false);

/** A yes/no value as written (yes, y, true, 1 / no, n, false, 0), or undefined. */
export function yesNoValue(raw: string): boolean | undefined {
  const w = raw.trim().toLowerCase();
  return YES.has(w) ? true : NO.has(w) ? false : undefined;
}

/** A year as the export writes it, or as the record holds it (-2 and -1 for N1 and N2, 0 for R). */
export function yearValue(raw: string): number | undefined {
  return /^-[12]$/.test(raw.trim()) ? Number(raw) : parseNcYear(raw);
}

/**
 * The shape of what a field path gives a condition: one value of a kind, or a list.
 * - yesno, date, year, code: one value read as the export's is;
 * - text: one text (an `extra.<column>` too: the export's own text, which may hold a number or a date);
 * - codes, values: a list of codes (needs.other) or of plain values (e[].area, b.items, k[].source);
 * - section, items: a needs section (b, c, d) or a list of outcomes, provision or advice
 *   (e, f, g, h1, h2, k): only `present` tests them as a whole.
 */
export type FieldShape =
  | { kind: 'yesno' | 'date' | 'year' | 'text' | 'values' | 'section' | 'items' }
  | { kind: 'code' | 'codes'; coded: Coded };

export function shapeOf(path: string): FieldShape {
  if (path.startsWith('extra.')) return { kind: 'text' };
  if (/^[bcd]\.items$/.test(path) || path.includes('[]')) return { kind: 'values' };
  if (path === 'k') return { kind: 'items' };
  const kind = kindOf(path);
  switch (kind) {
    case 'boolean':
      return { kind: 'yesno' };
    case 'date':
      return { kind: 'date' };
    case 'ncYear':
      return { kind: 'year' };
    case 'phase':
    case 'senType':
    case 'senSetting':
      return { kind: 'code', coded: CODED[kind] };
    case 'senTypeList':
      return { kind: 'codes', coded: CODED.senTypeList };
    case 'needs':
      return { kind: 'section' };
    case 'outcomes':
    case 'provision':
      return { kind: 'items' };
    default:
      return { kind: 'text' };
  }
}

/** A value as read for a field of this shape (eq, ne, in; contains for a list), or a problem. */
export type ReadValue = { ok: true; value: string | number | boolean } | { ok: false; problem: string };

/**
 * `raw`, written for one value of `field` (eq, ne, in), as the record holds such a value: yes/no
 * as true or false, a year as its number, a code as its code, a date as ISO; other text as written.
 */
export function readFieldValue(field: string, shape: FieldShape, raw: string | number | boolean): ReadValue {
  const text = String(raw);
  switch (shape.kind) {
    case 'yesno': {
      const v = typeof raw === 'boolean' ? raw : yesNoValue(text);
      return v === undefined ? { ok: false, problem: `${field} is yes or no: write true or false (yes and no read too), not '${text}'` } : { ok: true, value: v };
    }
    case 'year': {
      const v = typeof raw === 'number' && Number.isInteger(raw) && raw >= -2 && raw <= 14 ? raw : yearValue(text);
      return v === undefined ? { ok: false, problem: `${field} is a National Curriculum year: write N1, N2, R or 1 to 14 (Year 7 and Y7 read too), not '${text}'` } : { ok: true, value: v };
    }
    case 'date': {
      // A value the user wrote: quoted as written, whatever it is.
      const d = parseDate(text, 'dd/mm/yyyy', quoted);
      return d.ok ? { ok: true, value: d.iso } : { ok: false, problem: `${field} is a date: ${typeof raw === 'string' ? d.reason : `write it as dd/mm/yyyy, not ${text}`}` };
    }
    case 'code':
    case 'codes': {
      const v = shape.coded.read(text);
      return v === undefined ? { ok: false, problem: `'${text}' is not ${shape.coded.expected}` } : { ok: true, value: v };
    }
    default:
      return { ok: true, value: raw };
  }
}

/** A list field's items, as `contains` compares them: a need's code for needs.other, other values as written. */
export function readItemValue(field: string, shape: FieldShape, raw: string | number | boolean): ReadValue {
  if (shape.kind === 'codes') return readFieldValue(field, shape, raw);
  return { ok: true, value: raw };
}
