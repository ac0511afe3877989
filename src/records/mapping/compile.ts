/**
 * Turn a mapping plus an export's header into a fast row -> record function. Column look-ups are
 * resolved once, so the per-row work is index reads and conversions only.
 */
import { dayNumber, parseDate, type DateFormat } from '../dates.js';
import {
  emptyRecord,
  MAX_TEXT_CHARS,
  parseNcYear,
  SEN_SETTINGS,
  tooLongText,
  type AdviceItem,
  type IssueCode,
  type Outcome,
  type PlanRecord,
  type ProvisionItem,
} from '../model.js';
import { normaliseSenType } from '../senCodes.js';
import { ConfigError } from '../../util/errors.js';
import { codedValue, codeLike, escapeRegExp } from '../../util/strings.js';
import { FIELD_KINDS, type FieldKind, type FieldPath, type FieldSource, type Mapping } from './schema.js';

export interface FieldProblem {
  field: string;
  column?: number;
  code: IssueCode;
  message: string;
  fatal: boolean;
}

export interface MappedRow {
  record: PlanRecord;
  problems: FieldProblem[];
}

export type RowMapper = (fields: readonly string[]) => MappedRow;

/** A mapping column name that the header does not have. */
export interface MissingColumn {
  /** Path inside the mapping file, for locating the error. */
  path: (string | number)[];
  column: string;
}

/** A constant (`value:`) in the mapping that its field cannot take, e.g. `child.ncYear: { value: Year 99 }`. */
export interface BadConstant {
  /** Path of the value inside the mapping file, for locating the error. */
  path: (string | number)[];
  /** The converter's message, as a CSV cell holding the same text would be rejected with. */
  message: string;
}

const SEPARATORS: Record<string, RegExp | string> = {
  newline: /\r\n|\r|\n/,
  semicolon: ';',
  pipe: '|',
  comma: ',',
};

/** What joins a list's items so that a field's separator (`split:`, `list_separator`) splits them again. */
export function joinerFor(separator: string): string {
  const by = Object.hasOwn(SEPARATORS, separator) ? SEPARATORS[separator]! : separator;
  return typeof by === 'string' ? by : '\n';
}

// Characters outside ASCII are escaped in regular expressions: esbuild leaves regex literals as
// they are, and one such character makes V8 hold the whole bundle two bytes per character.
const BULLET = /^\s*(?:[-*\u2022\u00b7]|\d{1,2}[.)])\s+/;

/** Can a bullet start with this character (-, *, •, · or an ASCII digit)? */
function bulletStart(c: number): boolean {
  return c === 45 || c === 42 || c === 0x2022 || c === 0xb7 || (c >= 48 && c <= 57);
}

/**
 * One list item without its bullet, trimmed. The bullet pattern can only match when the first
 * non-space character (the first of the trimmed text: trim and \s strip the same set) can start a
 * bullet, so the regex runs only then, and on the untrimmed item as before.
 */
function stripItem(x: string): string {
  const t = x.trim();
  return bulletStart(t.charCodeAt(0)) ? x.replace(BULLET, '').trim() : t;
}

function splitter(sep: string): (s: string) => string[] {
  const by = Object.hasOwn(SEPARATORS, sep) ? SEPARATORS[sep]! : sep;
  const newline = by === SEPARATORS.newline;
  return (s) => {
    // Newline lists: most cells have no line break, and most that do have no CR, which a plain
    // string split handles several times faster than the regular expression.
    const parts = !newline ? s.split(by) : s.indexOf('\r') >= 0 ? s.split(by) : s.indexOf('\n') >= 0 ? s.split('\n') : [s];
    const out: string[] = [];
    for (const x of parts) {
      const v = stripItem(x);
      if (v.length > 0) out.push(v);
    }
    return out;
  };
}

/** The header's columns named by a `columns:` template (`Outcome {n}`), in number order. */
export function numberedColumns(header: readonly string[], template: string): number[] {
  const [pre = '', post = ''] = normaliseColumn(template.replace('{n}', '\u0000')).split('\u0000');
  const re = new RegExp(`^${escapeRegExp(pre)}(\\d{1,4})${escapeRegExp(post)}$`);
  const byNumber = new Map<number, { i: number; exact: boolean }>();
  header.forEach((name, i) => {
    const m = re.exec(normaliseColumn(name));
    if (!m) return;
    const n = Number(m[1]);
    const exact = name === template.replace('{n}', m[1]!);
    const had = byNumber.get(n);
    if (!had || (exact && !had.exact)) byNumber.set(n, { i, exact });
  });
  return [...byNumber].sort((a, b) => a[0] - b[0]).map(([, c]) => c.i);
}

/** A column name ignoring case and spacing (runs of white space and underscores are one space). */
export function normaliseColumn(s: string): string {
  return s.toLowerCase().replace(/[\s_]+/g, ' ').trim();
}

/** Find a header column by exact name, then ignoring case and spacing. */
export function findColumn(header: readonly string[], name: string): number {
  const exact = header.indexOf(name);
  if (exact >= 0) return exact;
  const want = normaliseColumn(name);
  return header.findIndex((h) => normaliseColumn(h) === want);
}

type Setter = (rec: PlanRecord, value: unknown) => void;
type Getter = (rec: PlanRecord) => unknown;

/** Compile a record path ('ref', 'dates.issued') into a setter, once per path. */
function pathSetter(path: FieldPath): Setter {
  const dot = path.indexOf('.');
  if (dot < 0) {
    return (rec, value) => {
      (rec as unknown as Record<string, unknown>)[path] = value;
    };
  }
  const head = path.slice(0, dot);
  const tail = path.slice(dot + 1);
  return (rec, value) => {
    ((rec as unknown as Record<string, Record<string, unknown>>)[head] as Record<string, unknown>)[tail] = value;
  };
}

interface Ctx {
  mapping: Mapping;
  truthy: Set<string>;
  falsy: Set<string>;
  none: RegExp[];
  asOfDay: number;
}

type Converter = (raw: string, out: FieldProblem[], rec: PlanRecord) => void;

function dateConverter(path: string, column: number, format: DateFormat, ctx: Ctx, set: Setter): Converter {
  return (raw, out, rec) => {
    if (raw.trim() === '') return;
    const p = parseDate(raw, format);
    if (!p.ok) {
      // A date of birth is neither quoted nor described, even one that cannot be read: '23/13/2019'
      // (day and month swapped) is the child's date of birth still, and 'not a real date (day 30
      // of month 2 in 2019)' spells one out. The reason's file:line:column finds the cell.
      const reason = path === 'child.dob' ? `the date of birth cannot be read as a date in the format ${format} (ISO yyyy-mm-dd is read too)` : p.reason;
      out.push({ field: path, column, code: 'invalid_date', message: `${path}: ${reason}`, fatal: true });
      return;
    }
    if (path !== 'dates.ceased' && dayNumber(p.iso) > ctx.asOfDay) {
      // A valid date of birth is personal data, and this warning is printed without --show-text:
      // not quoted (data-protection QA: validate listed 750 children's dates of birth).
      const value = path === 'child.dob' ? 'the date of birth' : raw.trim();
      out.push({ field: path, column, code: 'future_date', message: `${path}: ${value} is after the as-of date`, fatal: false });
    }
    set(rec, p.iso);
  };
}

function boolConverter(path: string, column: number, ctx: Ctx, set: Setter): Converter {
  return (raw, out, rec) => {
    const s = raw.trim().toLowerCase();
    if (s === '') return;
    if (ctx.truthy.has(s)) set(rec, true);
    else if (ctx.falsy.has(s)) set(rec, false);
    else out.push({ field: path, column, code: 'invalid_value', message: `${path}: ${notYesNo(raw.trim())}`, fatal: true });
  };
}

/**
 * Why a yes/no cell was not read. A word is quoted, with the fix; free text is not ('Yes - with
 * foster carers Mr and Mrs Patel, 12 High St' names people and places, and the reason is printed
 * without --show-text), nor is adding it to booleans the fix: init leaves such cells out for that.
 */
function notYesNo(value: string): string {
  if (codeLike(value)) return `${codedValue(value)} is not a yes/no value (add it to booleans in the mapping)`;
  return `${codedValue(value)} where yes or no is expected: write yes or no in the export, or record the detail elsewhere`;
}

function itemsFrom(raw: string, split: (s: string) => string[]): string[] {
  return raw.trim() === '' ? [] : split(raw);
}

function makeCtx(mapping: Mapping, asOfDay: number): Ctx {
  return {
    mapping,
    truthy: new Set(mapping.booleans.true.map((w) => w.trim().toLowerCase())),
    falsy: new Set(mapping.booleans.false.map((w) => w.trim().toLowerCase())),
    none: mapping.none_patterns.map((p) => new RegExp(p, 'i')),
    asOfDay,
  };
}

/** A field's options as an object (a plain column name is `{ column }`). */
function optionsOf(src: FieldSource): Exclude<FieldSource, string> {
  return typeof src === 'string' ? { column: src } : src;
}

/** The `values:` translation of a field's options (source value -> record value, case-insensitive). */
function valueMapper(opts: Exclude<FieldSource, string>): (raw: string) => string {
  const values = opts.values ? new Map(Object.entries(opts.values).map(([k, v]) => [k.trim().toLowerCase(), v])) : undefined;
  return values ? (raw: string) => values.get(raw.trim().toLowerCase()) ?? raw : (raw: string) => raw;
}

/**
 * A constant (`value:`) converted as a cell holding its text would be, through the same
 * converter: the value every record gets, or the converter's fatal problems. A YAML true/false
 * for a yes/no field is taken as it is, whatever words `booleans` lists.
 */
function convertConstant(path: FieldPath, opts: Exclude<FieldSource, string>, ctx: Ctx, v: string | number | boolean = opts.value!, mapValues = true): { value: unknown; problems: FieldProblem[] } {
  const kind: FieldKind = FIELD_KINDS[path];
  if (kind === 'boolean' && typeof v === 'boolean') return { value: v, problems: [] };
  const problems: FieldProblem[] = [];
  const rec = emptyRecord('x');
  const split = splitter(opts.split ?? ctx.mapping.list_separator);
  const pattern = opts.pattern ? new RegExp(opts.pattern, 'is') : undefined;
  const conv = makeConverter(path, kind, -1, opts.format ?? ctx.mapping.dates, ctx, split, pattern, mapValues ? valueMapper(opts) : (raw) => raw);
  conv(String(v), problems, rec);
  return { value: pathGetter(path)(rec), problems: problems.filter((p) => p.fatal) };
}

/**
 * The mapping's constants (`value:`) and translations (`values:`) that their fields cannot take:
 * each with its place in the mapping file and the converter's message. readMapping reports them as
 * configuration errors, so a constant is never dropped silently, and a translation to a value the
 * field cannot hold (`Autism: SPEECH` for a need) is not reported as a fault of every record that
 * holds `Autism`. Dates are not compared with an as-of date here.
 */
export function badConstants(mapping: Mapping): BadConstant[] {
  const ctx = makeCtx(mapping, Infinity);
  const out: BadConstant[] = [];
  for (const [pathStr, src] of Object.entries(mapping.fields)) {
    if (src === undefined || typeof src === 'string') continue;
    const path = pathStr as FieldPath;
    if (src.value !== undefined) {
      for (const p of convertConstant(path, src, ctx).problems) out.push({ path: ['fields', pathStr, 'value'], message: p.message });
    }
    for (const [from, to] of Object.entries(src.values ?? {})) {
      // The translation's result, read as the record would read it (not translated again).
      for (const p of convertConstant(path, src, ctx, to, false).problems) out.push({ path: ['fields', pathStr, 'values', from], message: `values: '${from}' becomes '${to}': ${p.message.replace(/ \(map it with values: in the mapping\)$/, '')}` });
    }
  }
  return out;
}

/**
 * Build the per-row converter list and report mapping columns missing from the header.
 * `unread`: plan-text fields whose cells are not read into the record (rubric/fields.ts
 * unreadPlanText: nothing in the run looks at them). Their columns still count as mapped (not
 * extras), and a missing one is still missing; only the splitting into items is skipped. Only
 * fields whose converters can never report a problem may be left unread.
 */
export function compileMapping(
  mapping: Mapping,
  header: readonly string[],
  asOf: string,
  unread: readonly string[] = [],
): { mapper: RowMapper; missing: MissingColumn[]; used: Set<number>; extras: string[]; refColumn: number } {
  const ctx = makeCtx(mapping, dayNumber(asOf));
  const missing: MissingColumn[] = [];
  const used = new Set<number>();
  const steps: { col: number; conv: Converter }[] = [];
  const listSteps: { cols: number[]; conv: (cells: string[], out: FieldProblem[], rec: PlanRecord) => void }[] = [];
  /** By column, every mapped one's field, read or not: what its Excel error value is reported for (the mapper's first loop). */
  const fieldAt: (string | undefined)[] = Array.from({ length: header.length }, () => undefined);
  const constants: { set: Setter; value: unknown }[] = [];
  const ignored = new Set(mapping.ignore.map((c) => findColumn(header, c)).filter((i) => i >= 0));

  const col = (name: string, path: (string | number)[], field: string): number => {
    const i = findColumn(header, name);
    if (i < 0) missing.push({ path, column: name });
    else {
      used.add(i);
      fieldAt[i] ??= field;
    }
    return i;
  };

  const skip = (path: FieldPath): boolean => {
    if (!unread.includes(path)) return false;
    const kind = FIELD_KINDS[path];
    // A converter that may reject or warn must run whatever reads the field; so must the reference's.
    if (path === 'ref' || (kind !== 'string' && kind !== 'needs' && kind !== 'outcomes' && kind !== 'provision')) throw new Error(`compileMapping: ${path} cannot be left unread`);
    return true;
  };

  for (const [pathStr, src] of Object.entries(mapping.fields)) {
    if (src === undefined) continue;
    const path = pathStr as FieldPath;
    const kind: FieldKind = FIELD_KINDS[path];
    const opts = optionsOf(src);
    const mpath = ['fields', path];
    const mapValue = valueMapper(opts);
    const split = splitter(opts.split ?? mapping.list_separator);
    const pattern = opts.pattern ? new RegExp(opts.pattern, 'is') : undefined;

    if (opts.value !== undefined) {
      const { value, problems } = convertConstant(path, opts, ctx);
      // readMapping has refused such a mapping with the value's position (badConstants); a mapping
      // built in code gets the same message without one, never a field silently left unset.
      if (problems.length > 0) throw new ConfigError(`invalid mapping: fields.${path}.value: ${problems.map((p) => p.message).join('; ')}`);
      constants.push({ set: pathSetter(path), value });
      continue;
    }
    if (opts.columns !== undefined) {
      // Numbered columns: every Outcome <n> the header has, in number order. Gaps are kept (an export
      // that drops an empty Outcome 2 still has Outcome 3), and a column is matched as findColumn
      // matches one: by exact name, else ignoring case and spacing.
      const cols = numberedColumns(header, opts.columns);
      for (const i of cols) {
        used.add(i);
        fieldAt[i] ??= path;
      }
      if (cols.length === 0) missing.push({ path: [...mpath, 'columns'], column: opts.columns.replace('{n}', '1') });
      if (skip(path)) continue;
      const one = makeConverter(path, kind, -1, opts.format ?? mapping.dates, ctx, (s) => (s.trim() ? [s.trim()] : []), pattern, mapValue);
      listSteps.push({
        cols,
        conv: (cells, out, rec) => {
          for (const cell of cells) if (cell.trim() !== '') one(cell, out, rec);
        },
      });
      continue;
    }
    const i = col(opts.column!, typeof src === 'string' ? mpath : [...mpath, 'column'], path);
    if (i < 0) continue;
    if (skip(path)) continue;
    steps.push({ col: i, conv: makeConverter(path, kind, i + 1, opts.format ?? mapping.dates, ctx, split, pattern, mapValue) });
  }

  // Section K: one advice item per configured source whose date/presence column is filled.
  const adviceSteps = mapping.k.map((a, idx) => {
    const dateCol = a.date !== undefined ? col(a.date, ['k', idx, 'date'], `k.${a.source}.date`) : -1;
    const presentCol = a.present !== undefined ? col(a.present, ['k', idx, 'present'], `k.${a.source}.present`) : -1;
    const authorCol = a.author !== undefined ? col(a.author, ['k', idx, 'author'], `k.${a.source}.author`) : -1;
    return { a, dateCol, presentCol, authorCol };
  });

  const extraCols: { i: number; name: string }[] = [];
  header.forEach((name, i) => {
    if (!used.has(i) && !ignored.has(i)) extraCols.push({ i, name });
  });

  const refSource = mapping.fields.ref;
  const refName = typeof refSource === 'string' ? refSource : refSource?.column;
  const refCol = refName !== undefined ? findColumn(header, refName) : -1;

  // What a cell too long to read is called: its field, or extra.<column> for a column kept as is.
  const textAt: (string | undefined)[] = [...fieldAt];
  for (const x of extraCols) textAt[x.i] = `extra.${x.name}`;

  const mapper: RowMapper = (fields) => {
    const rec = emptyRecord('');
    const problems: FieldProblem[] = [];
    // Excel's error values stand where a cell's value was lost: each rejects the row, with Excel's
    // reason (the converters would read '#NAME?' as Section F's text, or hide '########' as a value
    // that may name someone), and the cell is then read as blank, so that no other reason is given
    // for it. So does a cell longer than any field may hold (MAX_TEXT_CHARS), which the rubric
    // would take gigabytes to read. One character test and one length test a cell, as most cells
    // do not start with '#'.
    let lost: Set<number> | undefined;
    for (let i = 0; i < fields.length; i++) {
      const cell = fields[i]!;
      if (cell.charCodeAt(0) !== 35 && cell.length <= MAX_TEXT_CHARS) continue;
      if (cell.length > MAX_TEXT_CHARS) {
        const field = textAt[i];
        if (field === undefined) continue; // an ignored column: nothing keeps it
        const hint = fieldAt[i] === undefined ? `, or list the column under ignore: in the mapping if nothing reads it` : '';
        problems.push({ field, column: i + 1, code: 'too_long', message: `${field}: ${tooLongText('the cell', cell.length)}${hint}`, fatal: true });
        (lost ??= new Set()).add(i);
        continue;
      }
      const field = fieldAt[i];
      const why = field === undefined ? undefined : excelError(cell);
      if (!why) continue;
      problems.push({ field: field!, column: i + 1, code: 'excel_error', message: `${field!}: ${why}`, fatal: true });
      (lost ??= new Set()).add(i);
    }
    const cells = lost === undefined ? fields : fields.map((c, i) => (lost.has(i) ? '' : c));
    for (const c of constants) c.set(rec, structuredCloneIfObject(c.value));
    for (const s of steps) s.conv(cells[s.col] ?? '', problems, rec);
    for (const s of listSteps) s.conv(s.cols.map((c) => cells[c] ?? ''), problems, rec);
    for (const { a, dateCol, presentCol, authorCol } of adviceSteps) {
      const dateRaw = dateCol >= 0 ? (cells[dateCol] ?? '').trim() : '';
      const presentRaw = presentCol >= 0 ? (cells[presentCol] ?? '').trim() : '';
      let present = dateRaw !== '';
      if (presentCol >= 0 && presentRaw !== '') {
        const w = presentRaw.toLowerCase();
        present = present || !ctx.falsy.has(w);
      }
      if (!present) continue;
      const item: AdviceItem = { source: a.source };
      if (dateRaw !== '') {
        const p = parseDate(dateRaw, a.format ?? mapping.dates);
        if (!p.ok) {
          problems.push({ field: `k.${a.source}.date`, column: dateCol + 1, code: 'invalid_date', message: `advice (${a.source}) date: ${p.reason}`, fatal: true });
        } else {
          if (dayNumber(p.iso) > ctx.asOfDay) {
            problems.push({ field: `k.${a.source}.date`, column: dateCol + 1, code: 'future_date', message: `advice (${a.source}) date ${dateRaw} is after the as-of date`, fatal: false });
          }
          item.date = p.iso;
        }
      }
      const author = authorCol >= 0 ? (cells[authorCol] ?? '').trim() : '';
      if (author) item.author = author;
      rec.k.push(item);
    }
    for (const x of extraCols) {
      const v = cells[x.i];
      if (v === undefined || v === '') continue;
      // A column named __proto__ is kept as data (an assignment would try to set the prototype).
      if (x.name === '__proto__') Object.defineProperty(rec.extra, x.name, { value: v, enumerable: true, writable: true, configurable: true });
      else rec.extra[x.name] = v;
    }
    if (rec.ref === '' && !lost?.has(refCol)) {
      problems.push({ field: 'ref', column: refCol >= 0 ? refCol + 1 : undefined, code: 'missing_value', message: 'the plan reference is blank', fatal: true });
    } else if (rec.ref.length <= 12) {
      const excel = excelRef(rec.ref);
      // A rejection's reason is located by its `ref: ` (source.ts locatedReason); a warning's has its column.
      if (excel) problems.push({ field: 'ref', column: refCol >= 0 ? refCol + 1 : undefined, code: 'excel_error', message: excel.fatal ? `ref: ${excel.message}` : excel.message, fatal: excel.fatal });
    }
    return { record: rec, problems };
  };
  return { mapper, missing, used, extras: extraCols.map((x) => x.name), refColumn: refCol };
}

function structuredCloneIfObject<T>(v: T): T {
  return typeof v === 'object' && v !== null ? structuredClone(v) : v;
}

/** Compile a record path into a getter, once per path. */
function pathGetter(path: FieldPath): Getter {
  const dot = path.indexOf('.');
  if (dot < 0) return (rec) => (rec as unknown as Record<string, unknown>)[path];
  const head = path.slice(0, dot);
  const tail = path.slice(dot + 1);
  return (rec) => ((rec as unknown as Record<string, Record<string, unknown>>)[head] ?? {})[tail];
}

function makeConverter(
  path: FieldPath,
  kind: FieldKind,
  column: number,
  format: DateFormat,
  ctx: Ctx,
  split: (s: string) => string[],
  pattern: RegExp | undefined,
  mapValue: (raw: string) => string,
): Converter {
  const col = column > 0 ? column : undefined;
  const setPath = pathSetter(path);
  const getPath = pathGetter(path);
  switch (kind) {
    case 'string':
      return (raw, _out, rec) => {
        const v = mapValue(raw).trim();
        if (v !== '') setPath(rec, v);
      };
    case 'date':
      return dateConverter(path, column, format, ctx, setPath);
    case 'boolean': {
      const bool = boolConverter(path, column, ctx, setPath);
      return (raw, out, rec) => bool(mapValue(raw), out, rec);
    }
    case 'ncYear':
      return (raw, out, rec) => {
        const s = mapValue(raw).trim();
        if (s === '') return;
        const y = parseNcYear(s);
        if (y === undefined) out.push({ field: path, column: col, code: 'invalid_value', message: `${path}: ${codedValue(s)} is not a National Curriculum year (N1, N2, R, 1-14)`, fatal: true });
        else setPath(rec, y);
      };
    case 'senType':
      return (raw, out, rec) => {
        const s = mapValue(raw).trim();
        if (s === '') return;
        const code = normaliseSenType(s);
        if (!code) out.push({ field: path, column: col, code: 'invalid_value', message: `${path}: ${codedValue(s)} is not an SEN2 SENtype code (map it with values: in the mapping)`, fatal: true });
        else setPath(rec, code);
      };
    case 'senTypeList':
      return (raw, out, rec) => {
        const list: string[] = [];
        for (const item of itemsFrom(raw, split)) {
          const code = normaliseSenType(mapValue(item));
          if (!code) out.push({ field: path, column: col, code: 'invalid_value', message: `${path}: ${codedValue(item)} is not an SEN2 SENtype code`, fatal: true });
          else if (!list.includes(code)) list.push(code);
        }
        if (list.length) setPath(rec, [...((getPath(rec) as string[] | undefined) ?? []), ...list]);
      };
    case 'senSetting':
      return (raw, out, rec) => {
        const s = mapValue(raw).trim().toUpperCase();
        if (s === '') return;
        if (!(SEN_SETTINGS as readonly string[]).includes(s)) out.push({ field: path, column: col, code: 'invalid_value', message: `${path}: ${codedValue(s)} is not an SEN2 SENSetting code`, fatal: true });
        else setPath(rec, s);
      };
    case 'needs':
      return (raw, _out, rec) => {
        const text = raw.trim();
        if (text === '') return;
        const section = getPath(rec) as { items: string[]; none: boolean };
        if (ctx.none.some((re) => re.test(text))) section.none = true;
        else section.items.push(...split(text));
      };
    case 'outcomes':
      return (raw, _out, rec) => {
        for (const item of itemsFrom(raw, split)) rec.e.push(parseItem(item, pattern, ['area', 'target']) as Outcome);
      };
    case 'provision':
      return (raw, _out, rec) => {
        const list = getPath(rec) as ProvisionItem[];
        for (const item of itemsFrom(raw, split)) list.push(parseItem(item, pattern, ['frequency', 'duration', 'deliverer', 'need']) as ProvisionItem);
      };
  }
}

function parseItem(item: string, pattern: RegExp | undefined, keys: string[]): Record<string, string> {
  const out: Record<string, string> = { text: item };
  if (!pattern) return out;
  const m = pattern.exec(item);
  if (!m?.groups) return out;
  if (m.groups.text !== undefined) out.text = m.groups.text.trim();
  for (const k of keys) {
    const v = m.groups[k];
    if (v !== undefined && v.trim() !== '') out[k] = v.trim();
  }
  return out;
}

/**
 * Excel's error values, as it writes them to a CSV in place of a value it could not show. The
 * cell's own value is lost, so the row is rejected (compileMapping's mapper), whatever the column.
 */
const EXCEL_FORMULA_ERRORS = new Set(['#VALUE!', '#REF!', '#DIV/0!', '#NUM!', '#NULL!', '#SPILL!', '#CALC!', '#FIELD!', '#BLOCKED!', '#CONNECT!', '#BUSY!', '#UNKNOWN!', '#PYTHON!', '#GETTING_DATA']);

const EXCEL_FIX = 're-export the file from the case-management system; if it must go through Excel, open it with Data > From Text/CSV, setting the columns to Text';

/** Why a cell is one of Excel's error values, or undefined (most cells). */
export function excelError(cell: string): string | undefined {
  const t = cell.trim();
  if (t.charCodeAt(0) !== 35) return undefined;
  if (t === '#NAME?') return `Excel's error value #NAME? stands in the cell: Excel read its text as a formula (text starting with =, + or -, as a '- ' bullet does) and saved the error, not the text; ${EXCEL_FIX}`;
  if (t === '#N/A') return `Excel's error value #N/A stands in the cell (a formula or look-up found nothing): the value is not in the file; ${EXCEL_FIX}`;
  if (EXCEL_FORMULA_ERRORS.has(t)) return `Excel's error value ${t} stands in the cell (a formula that failed): the value is not in the file; ${EXCEL_FIX}`;
  if (/^#{2,}$/.test(t)) return `'${t}' stands in the cell: Excel shows a date or number too wide for its column as #s, and saved that, not the value; widen the column before saving, or ${EXCEL_FIX}`;
  return undefined;
}

const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)';
/** A number as Excel shows one of 12 digits or more: 1.23457E+11, 1E+11 (1,23457E+11 where a comma is the decimal mark). */
export const EXCEL_SCIENTIFIC = /^\d(?:[.,]\d+)?E\+\d+$/i;
/** A date as Excel shows one it made of a reference: 1-2 as 01-Feb, 1-13 as Jan-13, 3/4/24 as 03-Apr-24. */
const EXCEL_DATE_REF = new RegExp(`^(?:\\d{1,2}-${MONTH}(?:-\\d{2}(?:\\d{2})?)?|${MONTH}-\\d{2})$`, 'i');

/**
 * A plan reference Excel changed when the export went through it: in scientific notation, its
 * digits are gone (two plans become one reference), so the row is rejected; made a date, it is
 * kept with a warning (the plan can still be told apart, by a reference that may not be its own).
 * Leading zeros Excel drops (00123 as 123) cannot be told from a reference without them.
 */
export function excelRef(ref: string): { message: string; fatal: boolean } | undefined {
  if (EXCEL_SCIENTIFIC.test(ref)) {
    return { message: `'${ref}' is a number as Excel shows one of 12 digits or more (scientific notation), not a reference: its digits are lost, so which plan it is cannot be told; ${EXCEL_FIX}`, fatal: true };
  }
  if (EXCEL_DATE_REF.test(ref)) {
    return { message: `plan reference '${ref}' looks like a date Excel made of a reference (it reads 1-2 as 1 February): it is kept as written, but it may not be the plan's reference in the case-management system; ${EXCEL_FIX}`, fatal: false };
  }
  return undefined;
}
