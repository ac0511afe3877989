/**
 * The record source: an export file in, plan records out, every record accounted for. A record
 * that cannot be read is rejected with its file, line and reasons; records read = loaded +
 * rejected, always. Streaming: nothing here holds more than one record, except the set of plan
 * references seen (to report duplicates).
 */
import { statSync } from 'node:fs';
import { openCsv, type CsvDataRow, type CsvEncoding, type CsvOptions } from './csv/index.js';
import { dayNumber, type DateFormat } from './dates.js';
import { formatFor, openBytes, peek, sniffFormat, type InputFormat } from './input.js';
import type { RawItem, YamlScalars } from './loaders/structured.js';
import { compileMapping, findColumn, normaliseColumn, type MissingColumn, type RowMapper } from './mapping/compile.js';
import { discoverMapping, missingColumnsError, readMapping, REF_SAMPLE, refuseContactReference, type LoadedMapping } from './mapping/load.js';
import { FIELD_PATHS, mappingSchema, type FieldPath, type Mapping } from './mapping/schema.js';
import { planRecordSchema, type LoadedRecord, type LoadIssue, type PlanRecord } from './model.js';
import { keyUses, mappedCells, type KeyUse } from './mappedCells.js';
import { nativeReason } from './nativeReasons.js';
import { quickRecord } from './quickRecord.js';
import { ConfigError, InputError, UsageError } from '../util/errors.js';
import { detach } from '../util/strings.js';
import { displayPath } from '../util/paths.js';
import { RefIndex } from './refIndex.js';
import { RejectionLog } from './rejections.js';

export interface SourceOptions {
  file: string;
  inputFormat?: string;
  encoding?: string;
  delimiter?: string;
  /** A mapping path or shipped name; undefined: look for EXPORT.map.yaml; null: none (native records). */
  map?: string | null;
  /** ISO as-of date: dates after it are flagged. */
  asOf: string;
  /**
   * Plan-text fields this run never looks at (rubric/fields.ts unreadPlanText): a mapped export's
   * cells for them are not split into items. Set by leaveUnread; sent to worker threads.
   */
  unread?: string[];
  /**
   * Read again for these records only (a sample's second pass: audit/run.ts readAgain): a CSV's
   * other rows are tokenized but neither mapped nor checked. The counts then cover those records only.
   */
  onlyLines?: ReadonlySet<number>;
}

export type { Rejection } from './rejections.js';

/** Cap on warnings kept in memory; the count goes on. */
const MAX_KEPT_WARNINGS = 10_000;
/**
 * A character in a plan reference that shows as nothing or as a plain space: controls, format
 * characters (zero-width space, joiners, byte-order mark, soft hyphen, bidirectional marks), line
 * and paragraph separators, and spaces other than U+0020 (no-break space). Two references that
 * differ only by one look the same in every report and spreadsheet, yet are different plans to
 * the duplicate check and to compare; so the record is kept and warned of.
 */
const INVISIBLE_IN_REF = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]|(?! )\p{Zs}/u;

/** The mapping (path or shipped name) a source with these options reads, if any. */
export function mappingPathFor(file: string, inputFormat: string | undefined, map: string | null | undefined): string | undefined {
  if (map === null) return undefined;
  return map ?? (formatFor(file, inputFormat) === 'csv' ? discoverMapping(file) : undefined);
}

export class PlanSource {
  readonly stats = { read: 0, loaded: 0, rejected: 0, warnings: 0, blankRows: 0 };
  /** Every rejected record (the first few thousand in memory, the rest spooled: rejections.ts). */
  readonly rejections = new RejectionLog();
  /** File-level and non-fatal record issues (capped at MAX_KEPT_WARNINGS; stats.warnings counts all). */
  readonly warnings: LoadIssue[] = [];
  /**
   * File-level warnings every command shows on stderr, once the records are read (they are in
   * `warnings` too): places in the mapping that found nothing in the export (warnUnusedMapping).
   */
  readonly notices: string[] = [];
  format: InputFormat | undefined;
  encoding: string | undefined;
  delimiter: string | undefined;
  mappingFile: string | undefined;
  header: string[] | undefined;
  private readonly seen = new RefIndex();
  private mapping: LoadedMapping | undefined;
  /** `extra.<column>` names a command filters on, checked against a CSV header (requireExtraColumns). */
  private readonly extraChecks: { column: string; what: string }[] = [];
  private bytesRead = 0;
  private size: number | undefined;
  /**
   * A flat YAML/JSON export read with a mapping: the mapped keys (keyId of their place in the
   * mapping) found in at least one record, and ANY_RECORD once a record has been mapped at all.
   * `newKeys` are those found since takeMappedKeys() last gave them (a worker's block result).
   */
  private readonly keysSeen = new Set<string>();
  private newKeys: string[] = [];
  private mappedKeyList: MissingColumn[] | undefined;
  /**
   * The first plan references of a mapped export, until REF_SAMPLE are held or the records end:
   * then checked once (refuseContactReference) and dropped. Undefined without a mapping.
   */
  private refSample: string[] | undefined;

  constructor(public opts: SourceOptions) {
    this.format = formatFor(opts.file, opts.inputFormat);
    // A mapping beside the export is picked up for CSV only: YAML and JSON exports are usually in
    // the native record shape, and a flat one needs --map given explicitly.
    const mapPath = mappingPathFor(opts.file, opts.inputFormat, opts.map);
    if (mapPath !== undefined) {
      this.mapping = readMapping(mapPath);
      this.mappingFile = this.mapping.file;
      this.refSample = [];
    }
  }

  /** The record fields the mapping file sets (from a column or a value), or undefined without one (records/fieldNeeds.ts). */
  mappedFields(): ReadonlySet<FieldPath> | undefined {
    return this.mapping ? new Set(Object.keys(this.mapping.mapping.fields) as FieldPath[]) : undefined;
  }

  /** How a YAML export's scalars are read: as text through a mapping, as a CSV's cells are; else typed. */
  get yamlScalars(): YamlScalars {
    return this.mapping ? 'text' : 'typed';
  }

  /** The export's date format: its mapping's `dates`, or dd/mm/yyyy (the UK default) without one. */
  get dateFormat(): DateFormat {
    return this.mapping?.mapping.dates ?? 'dd/mm/yyyy';
  }

  get file(): string {
    return this.opts.file === '-' ? '<stdin>' : this.opts.file;
  }

  /** How the file was read, as every report records it (call after the records are read). */
  info(): { path: string; format: string; encoding: string | null; delimiter: string | null; mapping: string | null } {
    return {
      path: this.file,
      format: this.format ?? 'csv',
      encoding: this.encoding ?? null,
      delimiter: this.delimiter ?? null,
      // A shipped mapping (--map sen2) as '(ehcp-audit) mappings/sen2.map.yaml', as shipped rubrics
      // are recorded: the same inputs give the same report wherever ehcp-audit is installed.
      mapping: this.mappingFile === undefined ? null : displayPath(this.mappingFile),
    };
  }

  private warn(issue: LoadIssue): void {
    this.stats.warnings++;
    if (this.warnings.length < MAX_KEPT_WARNINGS) this.warnings.push(issue);
  }

  // The bookkeeping below is public for the parallel CSV reader (audit/parallel/), which reads
  // rows in worker threads and accounts for them here, in file order, exactly as fromCsv does.

  /** One more record read (before it is accepted or rejected). */
  countRead(): void {
    this.stats.read++;
  }

  /** A record that cannot be used, with its line and reasons. */
  reject(line: number, reasons: string[], ref?: string): void {
    this.stats.rejected++;
    this.rejections.push({ file: this.file, line, ...(ref ? { ref } : {}), reasons });
  }

  /** A record a worker thread rejected, as its rejection's line in UTF-8 (rejections.ts rejectionLine). */
  rejectLine(bytes: Uint8Array): void {
    this.stats.rejected++;
    this.rejections.pushLine(bytes);
  }

  /**
   * The cross-record checks (duplicate references): true when the record is accepted (its
   * warnings are kept), false when it is rejected as a duplicate of an earlier one.
   */
  acceptRef(ref: string, line: number, warnings: readonly LoadIssue[]): boolean {
    if (this.refSample !== undefined && this.refSample.push(detach(ref)) >= REF_SAMPLE) this.checkRefSample();
    const first = this.seen.firstLineOrAdd(ref, line);
    if (first !== undefined) {
      this.reject(line, [`duplicate plan reference '${ref}': also on line ${first} (that one was kept)`], ref);
      this.warn({ file: this.file, line: first, field: 'ref', code: 'duplicate_ref', message: `plan reference '${ref}' appears again on line ${line} (that one was rejected)`, fatal: false });
      return false;
    }
    for (const w of warnings) this.warn(w);
    const hidden = INVISIBLE_IN_REF.exec(ref);
    if (hidden) {
      const code = `U+${hidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      this.warn({ file: this.file, line, field: 'ref', code: 'invisible_character', message: `plan reference '${ref}' holds an invisible or look-alike character (${code}): it is kept as written, so it is not the same reference as one without it`, fatal: false });
    }
    this.stats.loaded++;
    return true;
  }

  /** File-level issues (title row, column names, blank rows), once the rows are read. */
  addFileIssues(issues: readonly LoadIssue[]): void {
    for (const issue of issues) {
      if (issue.code === 'blank_row') this.stats.blankRows++;
      this.warn(issue);
    }
  }

  /** Accept a record after the cross-record checks (duplicate references). */
  private accept(record: PlanRecord, line: number, warnings: LoadIssue[]): LoadedRecord | undefined {
    if (!this.acceptRef(record.ref, line, warnings)) return undefined;
    return { record, pos: { file: this.file, line }, warnings };
  }

  /**
   * The head of a CSV export, without reading its rows: encoding, delimiter, header (after any
   * title row), the line the data starts on and the file-level issues found so far. Records them
   * on this source as records() would. For the parallel reader.
   */
  async csvHead(): Promise<{ encoding: string; delimiter: string; header: string[]; dataLine: number; issues: LoadIssue[] }> {
    const table = await openCsv(openBytes(this.opts.file), this.csvOptions());
    this.format = 'csv';
    this.encoding = table.encoding;
    this.delimiter = table.delimiter;
    this.header = table.header;
    this.checkExtraColumns(table.header);
    const issues = [...table.issues];
    await table.rows[Symbol.asyncIterator]().return?.();
    return { encoding: table.encoding, delimiter: table.delimiter, header: table.header, dataLine: table.dataLine, issues };
  }

  /** How far through the file reading has got, from 0 to 1; undefined for stdin (no size). */
  get fraction(): number | undefined {
    return this.size ? Math.min(1, this.bytesRead / this.size) : undefined;
  }

  /** For a reader that reads the file itself (audit/parallel/): bytes of the file dealt with so far. */
  setBytesRead(bytes: number, size: number): void {
    this.bytesRead = bytes;
    this.size = size;
  }

  async *records(): AsyncGenerator<LoadedRecord> {
    let bytes: AsyncIterable<Uint8Array> = this.counted(openBytes(this.opts.file));
    if (this.format === undefined) {
      const p = await peek(bytes);
      this.format = sniffFormat(p.head);
      bytes = p.stream;
    }
    if (this.format === 'csv') yield* this.fromCsv(bytes);
    else {
      // Loaded here, not at the top: a CSV run does not need the YAML parsers.
      const { readJsonArray, readJsonLines, readYaml } = await import('./loaders/structured.js');
      const items = this.format === 'yaml' ? readYaml(this.file, bytes, undefined, this.yamlScalars) : this.format === 'json' ? readJsonArray(this.file, bytes) : readJsonLines(this.file, bytes);
      yield* this.fromStructured(items);
    }
  }

  /** The CSV reader's options from this source's: file name, encoding and delimiter when given. */
  private csvOptions(): CsvOptions {
    return {
      file: this.file,
      ...(this.opts.file !== '-' ? { path: this.opts.file } : {}),
      ...(this.opts.encoding ? { encoding: this.opts.encoding as CsvEncoding } : {}),
      ...(this.opts.delimiter ? { delimiter: this.opts.delimiter } : {}),
    };
  }

  /** The byte stream, counted for `fraction` (progress lines). */
  private async *counted(src: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    if (this.opts.file !== '-') this.size = statSync(this.opts.file).size;
    for await (const chunk of src) {
      this.bytesRead += chunk.length;
      yield chunk;
    }
  }

  private async *fromCsv(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<LoadedRecord> {
    const table = await openCsv(bytes, this.csvOptions());
    this.encoding = table.encoding;
    this.delimiter = table.delimiter;
    this.header = table.header;
    this.checkExtraColumns(table.header);
    const read = this.csvReader(table.header);
    const only = this.opts.onlyLines;
    for await (const row of table.rows) {
      if (only && !only.has(row.line)) continue;
      this.stats.read++;
      const o = read(row);
      if (o.rejected) {
        this.reject(o.line, o.rejected, o.ref);
        continue;
      }
      const ok = this.accept(o.record!, o.line, o.warnings!);
      if (ok) yield ok;
    }
    // File-level issues (title row, column names, blank rows) are complete once the rows are read.
    this.addFileIssues(table.issues);
    this.endOfRecords();
  }

  /**
   * Once every record is read (by this reader or the parallel one): the checks on the export as a
   * whole (checkRefSample, when it had fewer than REF_SAMPLE plans; warnUnusedMapping).
   */
  endOfRecords(): void {
    this.checkRefSample();
    this.warnUnusedMapping();
  }

  /** The first plan references of a mapped export, checked once (refuseContactReference): an error when they are contact details. */
  private checkRefSample(): void {
    const refs = this.refSample;
    this.refSample = undefined;
    if (refs && refs.length > 0 && this.mapping) refuseContactReference(this.mapping, refs);
  }

  /**
   * Once every record is read (by this reader or the parallel one): the places in the mapping
   * that found nothing in the export, most likely typos. For a CSV, an `ignore:` column the header
   * does not have (the column it meant is then kept as an extra.<column>: a name could reach a
   * sample stratum or a --where); for a flat YAML/JSON export, a mapped key no record has (a
   * record may lack a key others have, but a CSV without a mapped column is refused). One warning
   * each, at its place in the mapping; none when no record was read.
   */
  private warnUnusedMapping(): void {
    const m = this.mapping;
    if (!m) return;
    const header = this.header;
    // A shipped mapping lists columns to ignore when an export has them (sen2: names, ethnicity).
    if (this.format === 'csv' && header && !m.shipped) {
      m.mapping.ignore.forEach((name, i) => {
        if (findColumn(header, name) < 0) this.warnOfMapping(['ignore', i], 'ignore', `the mapping's ignore: names the column '${name}', which ${this.file} does not have: a typo in the mapping?`);
      });
    }
    if (!this.keysSeen.has(ANY_RECORD)) return;
    for (const x of this.mappedKeys()) {
      if (this.keysSeen.has(keyId(x.path))) continue;
      const field = mappingFieldName(x.path);
      this.warnOfMapping(x.path, field, `mapping field ${field} names the key '${x.column}', which no record in ${this.file} has: a typo in the mapping?`);
    }
  }

  /** A file-level warning at a place in the mapping, also shown on stderr by every command (notices). */
  private warnOfMapping(path: (string | number)[], field: string, message: string): void {
    const m = this.mapping!;
    const at = m.source.locate(path);
    this.warn({ file: m.file, line: at.line, column: at.col, field, code: 'unused_mapping_key', message, fatal: false });
    this.notices.push(`${m.file}:${at.line}:${at.col}: ${message}`);
  }

  /**
   * From now on, leave these plan-text fields out of the records read (SourceOptions.unread): for
   * a run that never looks at them, before it reads a record.
   */
  leaveUnread(fields: string[]): void {
    this.opts = { ...this.opts, unread: fields };
  }

  /**
   * Data rows of a CSV export -> records (or rejections), before the duplicate check: a row with
   * a quoting fault or the wrong number of fields, or a value the mapping cannot read, is
   * rejected. Shared with the worker threads that read blocks of the export (audit/parallel/).
   */
  csvReader(header: string[]): (row: CsvDataRow) => RecordOutcome {
    const { mapper, refColumn } = this.csvMapper(header);
    const headerAgain = headerRowCheck(this.file, header);
    return (row) => {
      const again = headerAgain(row);
      if (again) return { line: row.line, rejected: [again] };
      const fatal = row.issues.filter((i) => i.fatal);
      if (fatal.length > 0) return { line: row.line, rejected: fatal.map((i) => i.message), ...faultyRowRef(row.fields, fatal, mapper, refColumn) };
      const totalsAt = totalsColumn(row.fields, refColumn);
      if (totalsAt >= 0) return { line: row.line, rejected: [totalsReason(row.fields[totalsAt]!.trim(), header[totalsAt]!, totalsAt === refColumn)] };
      const { record, problems } = mapper(row.fields);
      const bad = problems.filter((p) => p.fatal);
      if (bad.length > 0) return { line: row.line, rejected: bad.map((p) => locatedReason(p, header)), ...(record.ref ? { ref: record.ref } : {}) };
      const warnings: LoadIssue[] = [
        ...row.issues,
        ...problems.map((p) => ({ file: this.file, line: row.line, column: p.column, field: p.field, code: p.code, message: p.message, fatal: false })),
      ];
      return { line: row.line, record, warnings };
    };
  }

  /**
   * Columns a filter reads as `extra.<column>` (a --where or --include expression: `what`), which
   * a CSV export must have, unmapped: checked as soon as its header is read, before any row. A
   * name the header lacks (`CaseWorker` for `Caseworker`: extras are named exactly) or a column the
   * mapping reads would match no plan's value, so the filter would quietly keep the wrong plans.
   * YAML and JSON records each have their own keys, so they are not checked.
   */
  requireExtraColumns(checks: readonly { column: string; what: string }[]): void {
    this.extraChecks.push(...checks);
    if (this.header) this.checkExtraColumns(this.header);
  }

  private checkExtraColumns(header: string[]): void {
    if (this.extraChecks.length === 0 || this.format !== 'csv') return;
    const { extras } = compileMapping(this.csvMapping(header), header, this.opts.asOf);
    for (const { column, what } of this.extraChecks) {
      if (extras.includes(column)) continue;
      const near = extras.find((x) => normaliseColumn(x) === normaliseColumn(column));
      if (near !== undefined) throw new UsageError(`${what}: ${this.file} has no column '${column}'; it has '${near}' (write extra.${near}: extra.<column> names a column exactly)`);
      const at = findColumn(header, column);
      if (at >= 0 && this.mapping?.mapping.ignore.some((x) => findColumn(header, x) === at)) {
        throw new UsageError(`${what}: the mapping ignores the column '${header[at]}' (ignore:), so it is never read: take it out of ignore: in ${this.mapping.file} if the filter needs it`);
      }
      if (at >= 0) {
        throw new UsageError(`${what}: the mapping reads the column '${column}' into a field, so it is not kept as extra.${column}: filter on that field (see the mapping)`);
      }
      throw new UsageError(`${what}: ${this.file} has no column '${column}'`);
    }
  }

  /** The mapping for a CSV header: the given/discovered one, or an identity mapping when the header uses record field names. */
  private csvMapper(header: string[]): { mapper: RowMapper; refColumn: number } {
    const mapping = this.csvMapping(header);
    const { mapper, missing, refColumn } = compileMapping(mapping, header, this.opts.asOf, this.opts.unread);
    if (this.mapping && missing.length > 0) throw missingColumnsError(this.mapping, missing, this.file, header);
    return { mapper, refColumn };
  }

  private csvMapping(header: string[]): Mapping {
    if (this.mapping) return this.mapping.mapping;
    const identity = header.filter((h) => (FIELD_PATHS as string[]).includes(h));
    if (!identity.includes('ref')) {
      // A CSV on stdin has no file beside it to hold a mapping: --map is the one way to give one.
      if (this.opts.file === '-') throw new ConfigError(`${this.file}: no column mapping for the CSV on stdin: give --map FILE`);
      throw new ConfigError(
        `${this.file}: no column mapping: give --map FILE, put one beside the export as ${this.file.replace(/\.[^./\\]+$/, '')}.map.yaml, or run 'ehcp-audit init ${this.file}' to write a starter mapping`,
      );
    }
    return mappingSchema().parse({ fields: Object.fromEntries(identity.map((h) => [h as FieldPath, h])) });
  }

  private async *fromStructured(items: AsyncIterable<RawItem>): AsyncGenerator<LoadedRecord> {
    const read = this.structuredReader();
    for await (const item of items) {
      this.stats.read++;
      const o = read(item);
      if (o.rejected) {
        this.reject(o.line, o.rejected, o.ref);
        continue;
      }
      const ok = this.accept(o.record!, o.line, o.warnings!);
      if (ok) yield ok;
    }
    this.endOfRecords();
  }

  /** The places in the mapping that name a key (a column), each with its key: every one a record can lack. */
  private mappedKeys(): MissingColumn[] {
    // With no keys at all, every key the mapping names is missing.
    this.mappedKeyList ??= this.mapping ? compileMapping(this.mapping.mapping, [], this.opts.asOf).missing : [];
    return this.mappedKeyList;
  }

  /** A new set of keys in a flat record: the mapped keys it has (all but `missing`) are seen. */
  private noteMappedKeys(missing: readonly MissingColumn[]): void {
    const absent = new Set(missing.map((x) => keyId(x.path)));
    for (const id of [ANY_RECORD, ...this.mappedKeys().map((x) => keyId(x.path))]) {
      if (absent.has(id) || this.keysSeen.has(id)) continue;
      this.keysSeen.add(id);
      this.newKeys.push(id);
    }
  }

  /** For a worker thread: the mapped keys first seen since the last call (sawMappedKeys on the main thread). */
  takeMappedKeys(): string[] {
    const out = this.newKeys;
    this.newKeys = [];
    return out;
  }

  /**
   * The plan reference of a YAML or JSON plan rejected for giving `duplicate` twice, when that is
   * not the reference's own key (whose value cannot then be told): its `ref`, or for a mapped
   * export the key the mapping reads the reference from, as text.
   */
  private referenceBeside(value: unknown, duplicate: string): string | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const src = this.mapping?.mapping.fields.ref;
    const key = src === undefined ? 'ref' : typeof src === 'string' ? src : src.column;
    if (key === undefined || key === duplicate) return undefined;
    const v = (value as Record<string, unknown>)[key];
    const ref = typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '';
    return ref === '' ? undefined : ref;
  }

  /** Mapped keys a worker thread saw (takeMappedKeys there). */
  sawMappedKeys(ids: readonly string[]): void {
    for (const id of ids) this.keysSeen.add(id);
  }

  /**
   * Items of a YAML or JSON export -> records (or rejections), before the duplicate check. A
   * function with its own cache of mappers, so a worker thread reading a block of the export
   * (audit/parallel/) judges items exactly as this thread does.
   */
  structuredReader(): (item: RawItem) => RecordOutcome {
    // Per set of keys (in order): its mapper and how it reads each key, or the reference key it lacks.
    const mappers = new Map<string, { mapper: RowMapper; uses: (KeyUse | undefined)[]; noRef?: undefined } | { noRef: string }>();
    return (item) => {
      if (item.error !== undefined) {
        const ref = item.duplicateKey !== undefined ? this.referenceBeside(item.value, item.duplicateKey) : undefined;
        return { line: item.line, rejected: [item.error], ...(ref ? { ref } : {}) };
      }
      const v = item.value;
      if (typeof v !== 'object' || v === null || Array.isArray(v)) {
        return { line: item.line, rejected: [`expected a plan (a mapping of fields), found ${Array.isArray(v) ? 'a list' : v === null ? 'nothing' : typeof v}`] };
      }
      if (this.mapping) {
        // Flat objects keyed by the LA's own column names: map them like a CSV row.
        const obj = v as Record<string, unknown>;
        const keys = Object.keys(obj);
        const sig = keys.join('\u0000');
        let entry = mappers.get(sig);
        if (!entry) {
          const { mapper: m, missing } = compileMapping(this.mapping.mapping, keys, this.opts.asOf, this.opts.unread);
          this.noteMappedKeys(missing);
          const required = missing.filter((x) => x.path[0] === 'fields' && x.path[1] === 'ref');
          entry = required.length > 0 ? { noRef: required[0]!.column } : { mapper: m, uses: keyUses(this.mapping.mapping, keys) };
          mappers.set(sig, entry);
        }
        if (entry.noRef !== undefined) return { line: item.line, rejected: [`no '${entry.noRef}' key (the plan reference)`] };
        const unreadable: { field: string; message: string }[] = [];
        const { record, problems } = entry.mapper(mappedCells(obj, keys, entry.uses, unreadable));
        // A value that is no text is its own reason (its blank cell may be one too: 'the plan reference is blank').
        const bad = problems.filter((p) => p.fatal && !unreadable.some((u) => u.field === p.field));
        if (bad.length > 0 || unreadable.length > 0) return { line: item.line, rejected: [...unreadable, ...bad].map((p) => p.message), ...(record.ref ? { ref: record.ref } : {}) };
        return { line: item.line, record, warnings: problems.map((p) => ({ file: this.file, line: item.line, field: p.field, code: p.code, message: p.message, fatal: false })) };
      }
      const quick = quickRecord(v);
      const parsed = quick ? { success: true as const, data: quick } : planRecordSchema().safeParse(v);
      if (!parsed.success) {
        const ref = typeof (v as { ref?: unknown }).ref === 'string' ? (v as { ref: string }).ref : undefined;
        // Each reason quotes the value (nativeReasons.ts); in YAML the rejection is placed at the
        // first fault's line, and a reason on another line says its own.
        const faults = parsed.error.issues.slice(0, 10).map((i) => ({ reason: nativeReason(i, v), line: item.locate?.(i.path) }));
        const line = faults.find((f) => f.line !== undefined)?.line ?? item.line;
        return {
          line,
          rejected: faults.map((f) => (f.line !== undefined && f.line !== line ? `${f.reason} (line ${f.line})` : f.reason)),
          ...(ref ? { ref } : {}),
        };
      }
      const warnings = futureDates(parsed.data, this.opts.asOf).map((field) => ({
        file: this.file,
        line: item.line,
        field,
        code: 'future_date' as const,
        message: `${field} is after the as-of date`,
        fatal: false,
      }));
      return { line: item.line, record: parsed.data, warnings };
    };
  }
}

/** One CSV row or YAML/JSON item read: a record with its warnings, or the reasons it is rejected. */
/**
 * A data row that is the header again: files joined one after another (`cat la1.csv la2.csv`), each
 * with its header. In the same column order the rows after it are read right, and the row itself is
 * rejected saying what it is (it would otherwise be rejected for a dozen values that are column
 * names). In another order, every row after it would be read into the wrong fields and scored
 * wrongly, without a word (national-scale QA: a second LA's plans all scored 0 on Section F):
 * an input error, at its line. Cheap for the rows that are not: a Set lookup of the first cell.
 */
function headerRowCheck(file: string, header: readonly string[]): (row: CsvDataRow) => string | undefined {
  const names = header.map((h) => h.trim());
  const first = new Set(names.filter((n) => n !== ''));
  const sorted = [...names].sort().join('\u0000');
  return (row) => {
    const f = row.fields;
    if (f.length !== names.length || !first.has((f[0] ?? '').trim())) return undefined;
    const cells = f.map((x) => x.trim());
    if (cells.every((c, i) => c === names[i])) {
      return 'this row is the header again: the export looks like files joined one after another; the rows after it are read in the same columns';
    }
    if ([...cells].sort().join('\u0000') !== sorted) return undefined;
    throw new InputError(
      `${file}:${row.line}: this row is the header again, with its columns in another order: the export looks like files joined one after another, and the rows after it would be read into the wrong fields. Audit each file on its own, or join them with one header row and the same columns in the same order`,
    );
  };
}

/** A word a spreadsheet's totals row starts with: Total, Totals, Grand total, Subtotal, Count, Sum (a colon after it too). */
const TOTALS_WORD = /^(?:grand[\s-]*)?(?:sub[\s-]*)?totals?\s*:?$|^(?:count|sum)\s*:?$/i;
/** A cell a totals row may hold beside the word: a number (1,234.50, £300, 12%, -4), or nothing. */
const TOTALS_VALUE = /^[-+]?[\u00a3$\u20ac]?\s*(?:\d[\d,]*(?:\.\d+)?|\.\d+)\s*%?$/;

/**
 * A totals or footer row (`Total,,,300`) that a spreadsheet or reporting tool puts under the plans:
 * its plan reference cell (or its first cell) is a totals word and every other cell is blank or a
 * number; the column that holds the word, or -1. Read as a
 * plan it would be scored (Inadequate: it has no plan text), so it is rejected, saying what it is.
 * Cheap for a plan's row: the reference cell's length is looked at first.
 */
function totalsColumn(fields: readonly string[], refColumn: number): number {
  // The reference's cell, or the first cell (a totals row's word sits in the first column, where
  // the reference column is not the first: regression QA), holds the word.
  if (totalsAt(fields, refColumn)) return refColumn;
  return refColumn > 0 && totalsAt(fields, 0) ? 0 : -1;
}

function totalsAt(fields: readonly string[], at: number): boolean {
  const word = at >= 0 ? fields[at] : undefined;
  if (word === undefined || word.length > 24 || !TOTALS_WORD.test(word.trim())) return false;
  return fields.every((f, i) => i === at || f.trim() === '' || TOTALS_VALUE.test(f.trim()));
}

/** A totals row's reason starts so (audit's every-record-rejected check tells them from plans by it). */
export const TOTALS_REASON = 'this row looks like a totals row, not a plan';

function totalsReason(word: string, column: string, isRef: boolean): string {
  return `${TOTALS_REASON} ('${word}' in the ${isRef ? 'plan reference column' : 'first column'} '${column}', every other cell blank or a number): it was not scored; take it out of the export`;
}

export interface RecordOutcome {
  line: number;
  record?: PlanRecord;
  warnings?: LoadIssue[];
  rejected?: string[];
  ref?: string;
}

/**
 * The reference of a row rejected for a quoting fault (a stray or unclosed quote), when the
 * reference column comes before the faulty one: the cells before a quote fault are where they
 * belong, so the rejection names its plan and `explain --plan` finds it. A row with the wrong
 * number of fields names none: an unquoted comma anywhere in it shifts the cells after it, so the
 * reference column may hold the child's first name ("Brown, Jack"). The row is mapped as any other
 * (its reference read as the mapping reads it); only rejected rows pay for this.
 */
function faultyRowRef(fields: readonly string[], fatal: readonly LoadIssue[], mapper: RowMapper, refColumn: number): { ref?: string } {
  if (refColumn < 0 || refColumn >= fields.length) return {};
  for (const i of fatal) if (i.code === 'ragged_row' || i.column === undefined || i.column - 1 <= refColumn) return {};
  const ref = mapper(fields).record.ref;
  return ref ? { ref } : {};
}

/** The id of a place in the mapping (a MissingColumn's path). */
const keyId = (path: readonly (string | number)[]): string => path.join('\u0000');
/** In keysSeen once any flat record has been mapped (not a place in the mapping: those start with fields or k). */
const ANY_RECORD = '';

/** A mapped key's place as the mapping reads: fields.child.district, fields.e, k[2].date. */
function mappingFieldName(path: readonly (string | number)[]): string {
  if (path[0] === 'k') return `k[${String(path[1])}].${String(path[2])}`;
  return `fields.${String(path[1])}`;
}

function futureDates(r: PlanRecord, asOf: string): string[] {
  const limit = dayNumber(asOf);
  const out: string[] = [];
  const check = (field: string, iso: string | undefined) => {
    if (iso !== undefined && dayNumber(iso) > limit) out.push(field);
  };
  check('child.dob', r.child.dob);
  for (const [k, v] of Object.entries(r.dates)) if (k !== 'ceased') check(`dates.${k}`, v);
  check('qa.signedOffDate', r.qa.signedOffDate);
  r.k.forEach((a, i) => check(`k[${i}].date`, a.date));
  return out;
}

/** Drain a source, e.g. for `validate`: counts and issues without scoring. */
export async function drain(source: PlanSource, onRecord?: (r: LoadedRecord) => void): Promise<void> {
  for await (const r of source.records()) onRecord?.(r);
  if (source.stats.read !== source.stats.loaded + source.stats.rejected) {
    // An internal invariant: if this ever fails, a record was lost, which must never pass silently.
    throw new InputError(`internal error: ${source.stats.read} records read but ${source.stats.loaded} loaded + ${source.stats.rejected} rejected`);
  }
}

/**
 * A rejection reason that says which cell is at fault: the column's number and header name after
 * the field (`dates.request (column 16 'Request Date'): '31/02/2024' is not a real date`), since a
 * rejection, unlike a warning, may hold several reasons and so has no one column of its own.
 */
function locatedReason(p: { field?: string; column?: number; message: string }, header: readonly string[]): string {
  if (!p.column) return p.message;
  const name = header[p.column - 1];
  const where = `column ${p.column}${name ? ` '${name}'` : ''}`;
  if (p.field !== undefined && p.message.startsWith(`${p.field}: `)) return `${p.field} (${where}): ${p.message.slice(p.field.length + 2)}`;
  return `${where}: ${p.message}`;
}
