/** Read a mapping file (a path, or the name of a shipped mapping such as `sen2`). */
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { ConfigError } from '../../util/errors.js';
import { shipped } from '../../util/paths.js';
import { displayText } from '../../util/safeText.js';
import { probeRegexes, slowRegexMessage } from '../../util/regexProbe.js';
import { clip } from '../../util/strings.js';
import { validateYaml, YamlSource } from '../../util/yamlConfig.js';
import { looksLikeData } from '../csv/headerData.js';
import { badConstants, normaliseColumn, numberedColumns, type MissingColumn } from './compile.js';
import { contactReferences, notReference, REF_PLACEHOLDER } from './personalData.js';
import { FIELD_KINDS, mappingSchema, type FieldKind, type FieldPath, type FieldSource, type Mapping } from './schema.js';
import { TOOL_PATTERNS } from './toolPatterns.js';

export interface LoadedMapping {
  mapping: Mapping;
  source: YamlSource;
  file: string;
  /** A mapping shipped with ehcp-audit (--map sen2): written for many exports, so its ignore: names columns an export may lack. */
  shipped?: true;
}

export function resolveMappingPath(nameOrPath: string): string {
  if (existsSync(nameOrPath)) return nameOrPath;
  const ship = shipped('mappings', `${nameOrPath.replace(/\.map\.ya?ml$/, '')}.map.yaml`);
  if (!/[/\\]/.test(nameOrPath) && existsSync(ship)) return ship;
  throw new ConfigError(`${nameOrPath}: mapping file not found (give a path, or a shipped mapping: sen2)`);
}

/** `placeholder`: take init's placeholder ref as a column (init reading back what it wrote); refused otherwise. */
export function readMapping(nameOrPath: string, opts: { placeholder?: boolean } = {}): LoadedMapping {
  const file = resolveMappingPath(nameOrPath);
  const source = YamlSource.read(file, 'mapping');
  const value = source.toJS();
  if (value === null || value === undefined) throw new ConfigError(`${file}: the mapping is empty: run 'ehcp-audit init' on the export to write one (docs/mapping.md)`);
  const mapping = validateYaml(source, mappingSchema, value, 'mapping');
  for (const [i, p] of mapping.none_patterns.entries()) checkRegex(source, ['none_patterns', i], p);
  // Expressions written in the file (not the schema's default none_patterns) are timed, as a
  // rubric's are (util/regexProbe.ts): a field's pattern runs on every list item of every record.
  const timed: TimedRegex[] = [];
  if ((value as { none_patterns?: unknown }).none_patterns !== undefined) {
    mapping.none_patterns.forEach((p, i) => timed.push({ path: ['none_patterns', i], pattern: p, flags: 'i', label: 'none_patterns' }));
  }
  for (const [field, src] of Object.entries(mapping.fields)) {
    if (typeof src === 'object' && src.pattern !== undefined) {
      checkRegex(source, ['fields', field, 'pattern'], src.pattern);
      checkPatternGroups(source, field as FieldPath, src.pattern);
      // The flags compile.ts gives a field's pattern.
      if (!TOOL_PATTERNS.has(src.pattern)) timed.push({ path: ['fields', field, 'pattern'], pattern: src.pattern, flags: 'is', label: `${field}: pattern` });
    }
  }
  checkRegexTimes(source, timed);
  // A constant its field cannot take ('Year 99', '31/02/2024', 'maybe') would leave the field unset
  // on every record, and a translation to one (values: { Autism: SPEECH }) reject every record
  // holding its source value: refused here, at the value's place, with the converter's message.
  const bad = badConstants(mapping);
  if (bad.length > 0) {
    throw new ConfigError(
      `${source.file}: invalid mapping: ${bad.length > 1 ? `${bad.length} values (value: or values:) their fields cannot take` : 'a value (value: or values:) its field cannot take'}; fix it, or map a column instead`,
      bad.map((b) => source.format(source.locate(b.path), b.message)),
    );
  }
  checkReference(source, mapping, opts.placeholder === true);
  checkIgnored(source, mapping);
  const isShipped = resolve(file) === resolve(shipped('mappings', basename(file)));
  return { mapping, source, file, ...(isShipped ? { shipped: true as const } : {}) };
}

/** The fields of the child's identity, which reports show only with --show-text (rubric/fields.ts showTextOnly). */
const IDENTITY_FIELDS = ['child.name', 'child.dob', 'child.id'] as const satisfies readonly FieldPath[];
/** Fields of plan text (and a person's name, QA sign-off), shown only with --show-text: never the reference either. */
const TEXT_FIELDS = [
  'a.childViews', 'a.parentViews', 'a.aspirations', 'a.howGathered', 'b', 'c', 'd', 'e', 'f', 'g', 'h1', 'h2', 'i', 'j', 'qa.signedOffBy',
] as const satisfies readonly FieldPath[];

/** The column a field reads, when it reads one column. */
function columnOf(src: FieldSource | undefined): string | undefined {
  return typeof src === 'string' ? src : src?.column;
}

/**
 * The plan reference is printed in every report, sample list and CI annotation, --show-text or
 * not: a `ref` reading the column of the child's name, date of birth or identifier, or a column
 * named as a name, a date of birth or other personal data (personalData.ts notReference), would
 * print it there. Refused at the column's place in the mapping.
 */
function checkReference(src: YamlSource, mapping: Mapping, placeholder: boolean): void {
  const ref = mapping.fields.ref;
  const column = columnOf(ref);
  if (column === undefined) return;
  const at = src.locate(typeof ref === 'string' ? ['fields', 'ref'] : ['fields', 'ref', 'column']);
  // Refused here, not as a column the export lacks: a YAML or JSON record may lack a mapped key,
  // so every record of such an export would be rejected and the audit come out empty, exit 0.
  if (column === REF_PLACEHOLDER && !placeholder) {
    throw new ConfigError(`${src.file}: invalid mapping`, [
      src.format(at, `ref: '${column}' is the placeholder init writes when no column can be the plan reference: write the name of the column (or key) that identifies each plan here`),
    ]);
  }
  // A column of plan text too (data-protection QA: ref mapped to Child Views printed Section A in every report).
  const same = [...IDENTITY_FIELDS, ...TEXT_FIELDS].find((f) => {
    const c = columnOf(mapping.fields[f]);
    return c !== undefined && normaliseColumn(c) === normaliseColumn(column);
  });
  const named = notReference(column);
  const why = same !== undefined ? `is the column ${same} reads` : named && `is named as holding ${named}`;
  if (!why) return;
  throw new ConfigError(`${src.file}: invalid mapping`, [
    src.format(at, `ref: '${column}' ${why}; the plan reference is printed in every report, --show-text or not: map ref to the column that identifies each plan (its plan or case reference)`),
  ]);
}

/** Plan references sampled from the start of a mapped export for refuseContactReference. */
export const REF_SAMPLE = 20;

/**
 * The column `ref` reads, when its name says nothing but its values are contact details: all or
 * nearly all of the first plans' references (REF_SAMPLE, or every one of a smaller export) look
 * like phone numbers, postcodes or email addresses (personalData.ts contactReferences), which every
 * report would print (QA: a 'Contact Number' column guessed as the reference by init). Refused at
 * the ref's place in the mapping, as checkReference refuses a name; the values are not quoted.
 */
export function refuseContactReference(m: LoadedMapping, refs: readonly string[]): void {
  const ref = m.mapping.fields.ref;
  const column = columnOf(ref);
  if (column === undefined) return;
  // Only as contact details are written: the export cannot be audited at all once refused, and a
  // bare number or code may be the LA's own reference format.
  const found = contactReferences(refs, true);
  if (found === undefined) return;
  const src = m.source;
  const at = src.locate(typeof ref === 'string' ? ['fields', 'ref'] : ['fields', 'ref', 'column']);
  const kinds = found.kind === 'an email address' ? 'email addresses' : `${found.kind.replace(/^an? /, '')}s`;
  const of = found.filled === 1 ? 'the first plan' : `${found.count} of the first ${found.filled} plans`;
  throw new ConfigError(`${src.file}: invalid mapping`, [
    src.format(at, `ref: the column '${column}' holds ${kinds} (${of}; not shown here), and the plan reference is printed in every report, --show-text or not: map ref to the column that identifies each plan (its plan or case reference)`),
  ]);
}

/**
 * A column under `ignore:` is never read (README, docs/mapping.md): one that `fields:` or `k:`
 * also reads would be read all the same, the opposite of what the ignore says. Refused at the
 * ignore entry, naming where it is mapped. Compared as columns are found in a header
 * (compile.ts findColumn: case and spacing aside); `columns: "Outcome {n}"` takes any number.
 */
function checkIgnored(src: YamlSource, mapping: Mapping): void {
  const reads: { match: (column: string) => boolean; path: (string | number)[]; label: string }[] = [];
  const exact = (column: string) => (c: string) => normaliseColumn(c) === normaliseColumn(column);
  for (const [field, fs] of Object.entries(mapping.fields) as [FieldPath, FieldSource][]) {
    if (typeof fs === 'string' || fs.column !== undefined) {
      reads.push({ match: exact(columnOf(fs)!), path: typeof fs === 'string' ? ['fields', field] : ['fields', field, 'column'], label: `fields.${field}` });
    } else if (fs.columns !== undefined) {
      const template = fs.columns;
      reads.push({ match: (c) => numberedColumns([c], template).length > 0, path: ['fields', field, 'columns'], label: `fields.${field}` });
    }
  }
  mapping.k.forEach((a, i) => {
    for (const key of ['date', 'present', 'author'] as const) {
      const column = a[key];
      if (column !== undefined) reads.push({ match: exact(column), path: ['k', i, key], label: `k.${i}.${key}` });
    }
  });
  const problems: string[] = [];
  mapping.ignore.forEach((column, i) => {
    const read = reads.find((r) => r.match(column));
    if (!read) return;
    const line = src.locate(read.path).line;
    problems.push(src.format(src.locate(['ignore', i]), `'${column}' is both mapped (${read.label}, line ${line}) and ignored: remove it from one (an ignored column is never read)`));
  });
  if (problems.length > 0) throw new ConfigError(`${src.file}: invalid mapping (${problems.length} problem${problems.length > 1 ? 's' : ''})`, problems);
}

/** The named groups a `pattern:` fills, by the kind of list it splits (compile.ts parseItem). */
const PATTERN_GROUPS: Partial<Record<FieldKind, readonly string[]>> = {
  outcomes: ['text', 'area', 'target'],
  provision: ['text', 'frequency', 'duration', 'deliverer', 'need'],
};

/**
 * A `pattern:` fills an item's parts from its named groups: a group named otherwise (`Area` for
 * `area`: names are case-sensitive) or a field whose items have no parts would quietly fill
 * nothing, on every record, so it is refused here.
 */
function checkPatternGroups(src: YamlSource, field: FieldPath, pattern: string): void {
  const at = src.locate(['fields', field, 'pattern']);
  const allowed = PATTERN_GROUPS[FIELD_KINDS[field]];
  if (!allowed) {
    const lists = Object.entries(FIELD_KINDS).filter(([, k]) => Object.hasOwn(PATTERN_GROUPS, k)).map(([p]) => p);
    throw new ConfigError(`${src.file}: invalid mapping`, [src.format(at, `pattern: ${field} has no item parts to fill; a pattern applies to ${lists.join(', ')}`)]);
  }
  // Named groups: (?<name>...), not the lookbehinds (?<= and (?<!.
  const names = [...pattern.matchAll(/\(\?<([A-Za-z_$][\w$]*)>/g)].map((m) => m[1]!);
  const unknown = names.filter((n) => !allowed.includes(n));
  if (names.length === 0 || unknown.length > 0) {
    const what = names.length === 0 ? 'has no named group' : `has ${unknown.map((n) => `(?<${n}>...)`).join(', ')}, which ${field} does not fill (names are case-sensitive)`;
    throw new ConfigError(`${src.file}: invalid mapping`, [src.format(at, `pattern: ${what}; name its groups from ${allowed.map((n) => `(?<${n}>...)`).join(', ')}`)]);
  }
}

function checkRegex(src: YamlSource, path: (string | number)[], pattern: string): void {
  try {
    new RegExp(pattern);
  } catch (e) {
    throw new ConfigError(`${src.file}: invalid mapping`, [src.format(src.locate(path), `not a valid regular expression: ${(e as Error).message}`)]);
  }
}

interface TimedRegex {
  path: (string | number)[];
  pattern: string;
  flags: string;
  /** What the message names it by: `none_patterns`, `e: pattern`. */
  label: string;
}

/** Each expression that runs too long on ordinary text is refused at its place; all are timed in one probe. */
function checkRegexTimes(src: YamlSource, timed: readonly TimedRegex[]): void {
  if (timed.length === 0) return;
  const slow = probeRegexes(timed.map((t) => ({ source: t.pattern, flags: [t.flags] })));
  const problems = timed.flatMap((t, i) => (slow[i] === undefined ? [] : [src.format(src.locate(t.path), `${t.label}: ${slowRegexMessage(t.pattern, slow[i])}`)]));
  if (problems.length > 0) throw new ConfigError(`${src.file}: invalid mapping (${problems.length} problem${problems.length > 1 ? 's' : ''})`, problems);
}

/** `exports/plans.csv` -> `exports/plans.map.yaml`, when that file exists. */
export function discoverMapping(exportPath: string): string | undefined {
  if (exportPath === '-') return undefined;
  const stem = basename(exportPath, extname(exportPath));
  const candidate = join(dirname(exportPath), `${stem}.map.yaml`);
  return existsSync(candidate) ? candidate : undefined;
}

/** The mapping names columns the export does not have: one located error per column. */
export function missingColumnsError(m: LoadedMapping, missing: MissingColumn[], exportFile: string, header: readonly string[]): ConfigError {
  // Each name short and escaped: a broken header's "name" can be rows of the export (csv/index.ts
  // checkHeaderRow). Cells that look like data (a date, a sentence) are counted, not shown.
  const names = header.filter((h) => !looksLikeData(h));
  const data = header.length - names.length;
  const listed = names.slice(0, 40).map((h) => `'${displayText(clip(h, 60))}'`);
  if (names.length > 40) listed.push('...');
  if (data > 0) listed.push(`${listed.length > 0 ? 'and ' : ''}${data} cell${data === 1 ? '' : 's'} that look${data === 1 ? 's' : ''} like data`);
  const shown = listed.join(', ');
  const problems = missing.map((x) => m.source.format(m.source.locate(x.path), `column '${x.column}' is not in the header of ${exportFile}`));
  return new ConfigError(
    `${m.file}: ${missing.length} mapped column${missing.length > 1 ? 's are' : ' is'} missing from ${exportFile} (its columns: ${shown}); fix the mapping or run 'ehcp-audit init' on this export`,
    problems,
  );
}
