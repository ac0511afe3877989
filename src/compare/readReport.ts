/**
 * Read a JSON report written by `ehcp-audit audit|sample -f json:FILE` for `compare` and
 * `moderate`. Anything else (not JSON, another program's JSON, another schemaVersion, figures that
 * do not add up) is refused with a one-line InputError naming the file.
 *
 * Only the parts compare and moderate use are checked; other keys may come and go within a
 * schemaVersion without breaking this reader.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import * as z from 'zod';
import { SCHEMA_VERSION, type AuditReport } from '../audit/report.js';
import { RATINGS } from '../rubric/types.js';
import { InputError } from '../util/errors.js';

const HOW = "expected the JSON written by 'ehcp-audit audit -f json:FILE' or 'ehcp-audit sample -f json:FILE'";

const count = z.number().int().min(0);
const rate = z.number().min(0).max(1);

const criterionShape = z
  .object({
    id: z.string().min(1),
    title: z.string(),
    section: z.string(),
    severity: z.string(),
    met: count,
    partly: count,
    notMet: count,
    notApplicable: count,
    applicable: count,
    rate: rate.nullable(),
    ci95: z.tuple([rate, rate]).nullable(),
  })
  .loose();

const planShape = z
  .object({
    ref: z.string(),
    file: z.string(),
    line: z.number().int(),
    results: z.array(z.object({ criterion: z.string(), rating: z.enum(RATINGS as [string, ...string[]]), reasons: z.array(z.string()) }).loose()),
  })
  .loose();

const reportShape = z
  .object({
    kind: z.enum(['audit', 'sample']),
    rubric: z.object({ id: z.string(), version: z.string(), title: z.string() }).loose(),
    asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a yyyy-mm-dd date'),
    options: z.object({ where: z.array(z.string()) }).loose(),
    sample: z.object({ seed: z.union([z.number(), z.string()]), size: count, population: count }).loose().nullable(),
    summary: z.object({ plans: count }).loose(),
    criteria: z.array(criterionShape),
    plans: z.array(planShape),
  })
  .loose();

/** Validate parsed JSON as an AuditReport; `file` names it in every message. */
export function checkReport(file: string, data: unknown): AuditReport {
  const obj = data as { schemaVersion?: unknown; tool?: { name?: unknown } } | null;
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj) || obj.tool?.name !== 'ehcp-audit' || !('schemaVersion' in obj)) {
    throw new InputError(`${file}: not an ehcp-audit report (${HOW})`);
  }
  // The tool's other JSON files, given where a report is read: say which file it is and what to
  // give instead, not what the report's shape lacks ("kind: Invalid option").
  const other = otherJson(obj as Record<string, unknown>);
  if (other) throw new InputError(`${file}: ${other}; ${HOW}`);
  if (obj.schemaVersion !== SCHEMA_VERSION) {
    throw new InputError(
      `${file}: report schemaVersion ${JSON.stringify(obj.schemaVersion)} is not supported: this ehcp-audit reads schemaVersion ${SCHEMA_VERSION} (write the report again with this version)`,
    );
  }
  const parsed = reportShape.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(file, issue.path, issue.message);
  }
  const report = data as AuditReport;
  report.criteria.forEach((c, i) => {
    if (c.applicable !== c.met + c.partly + c.notMet) {
      throw new InputError(
        `${file}: not a valid ehcp-audit report: criteria.${i} (${c.id}): applicable is ${c.applicable}, but met + partly + not met is ${c.met + c.partly + c.notMet}`,
      );
    }
  });
  const ids = new Set<string>();
  for (const c of report.criteria) {
    if (ids.has(c.id)) throw new InputError(`${file}: not a valid ehcp-audit report: criterion '${c.id}' appears twice`);
    ids.add(c.id);
  }
  return report;
}

/**
 * What a reader needs of a report's plans: every plan; only their references (compare); or only
 * the plans with these references (moderate: the plans its worksheets rate).
 */
export type PlansNeeded = 'all' | 'refs' | ReadonlySet<string>;

const REFS = new WeakMap<object, readonly string[]>();

/**
 * The references of a report's plans, in report order: read without the rest of each plan when
 * the report was read for its references only (readReport 'refs').
 */
export function planRefs(report: Pick<AuditReport, 'plans'>): readonly string[] {
  return REFS.get(report) ?? report.plans.map((p) => p.ref);
}

/**
 * Read and validate a report file.
 *
 * A report as ehcp-audit writes it (report/json.ts: indented two spaces, each plan one compact
 * line) is read a line at a time, and only the plans are parsed one by one: an audit of 100,000
 * plans is a 210 MB file, which JSON.parse took 20 s and 2 GB to read whole (twice over, for
 * `compare`), and past about 250,000 plans the text is longer than a JavaScript string can be.
 * Any other layout (the same JSON re-indented by another tool) is read whole, as before.
 */
export function readReport(file: string, needed: PlansNeeded = 'all'): AuditReport {
  let fd: number;
  try {
    fd = openSync(file, 'r'); // a folder opens, and its first read fails with EISDIR (eachLine)
  } catch (e) {
    throw unreadable(file, e);
  }
  try {
    const streamed = streamedReport(file, fd, needed);
    if (streamed) return streamed;
  } finally {
    closeSync(fd);
  }
  const report = wholeReport(file);
  if (typeof needed === 'object') report.plans = report.plans.filter((p) => needed.has(p.ref));
  return report;
}

function unreadable(file: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new InputError(`${file}: no such file; check the path`);
  if (code === 'EISDIR') return new InputError(`${file}: is a folder, not a report file`);
  if (code === 'ERR_STRING_TOO_LONG') return new InputError(`${file}: too large to read whole, and not laid out as ehcp-audit writes its JSON reports (one line per plan); ${HOW}`);
  return new InputError(`${file}: cannot read file (${code ?? 'error'})`);
}

/**
 * Calls `line` with each line of the file (LF or CRLF) as bytes, buf[start, end), good only during
 * the call; a UTF-8 byte order mark is dropped. Returns false as soon as `line` does.
 */
function eachLine(fd: number, file: string, line: (buf: Buffer, start: number, end: number) => boolean): boolean {
  let buf = Buffer.allocUnsafe(1 << 20);
  let fill = 0;
  let eof = false;
  let first = true;
  for (;;) {
    if (!eof) {
      if (fill === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2); // a line longer than the buffer
        buf.copy(bigger, 0, 0, fill);
        buf = bigger;
      }
      let n: number;
      try {
        n = readSync(fd, buf, fill, buf.length - fill, null);
      } catch (e) {
        throw unreadable(file, e);
      }
      if (n === 0) eof = true;
      fill += n;
    }
    let start = 0;
    if (first && fill >= 3) {
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3;
      first = false;
    }
    for (let lf = buf.indexOf(10, start); lf !== -1 && lf < fill; lf = buf.indexOf(10, start)) {
      if (!line(buf, start, lf > start && buf[lf - 1] === 13 ? lf - 1 : lf)) return false;
      start = lf + 1;
    }
    if (eof) return start < fill ? line(buf, start, fill) : true;
    buf.copy(buf, 0, start, fill);
    fill -= start;
  }
}

const PLANS_OPEN = '  "plans": [';
/** More text than this around the plans: not a report as ehcp-audit writes it (read whole). */
const MAX_AROUND = 64 << 20;
const PLANS_EMPTY = /^ {2}"plans": \[\](,?)$/;
const PLANS_CLOSE = /^ {2}\](,?)$/;
/** A plan line as ehcp-audit writes it starts so (4 spaces: an entry of the top-level `plans`). */
const PLAN_START = Buffer.from('    {"ref":"');

/**
 * The report read a line at a time, if it is laid out as ehcp-audit writes it; undefined when it
 * is not (no `plans` line at the top level, or a plan that is not one line), to be read whole.
 * The lines around the plans are decoded; a plan line is decoded whole only when every plan is
 * needed, and otherwise only its reference.
 */
function streamedReport(file: string, fd: number, needed: PlansNeeded): AuditReport | undefined {
  let head = '';
  let tail = '';
  let state: 'head' | 'plans' | 'tail' = 'head';
  let closing = '';
  const plans: unknown[] = [];
  const refs: string[] = [];
  /** Plan lines whose reference was read (all but 'all'). */
  let seen = 0;
  const whole = eachLine(fd, file, (buf, start, end) => {
    if (state === 'plans') {
      // The closing `  ]`, or else a plan: 4 spaces in, one line.
      if (buf[start + 2] === 0x5d && end - start <= 4) {
        const close = PLANS_CLOSE.exec(buf.toString('latin1', start, end));
        if (close) {
          state = 'tail';
          closing = close[1]!;
          return true;
        }
      }
      if (end - start <= PLAN_START.length || buf.compare(PLAN_START, 0, PLAN_START.length, start, start + PLAN_START.length) !== 0) return false;
      const last = buf[end - 1] === 0x2c ? end - 1 : end; // the comma between plans
      if (buf[last - 1] !== 0x7d) return false; // not one whole object on the line
      if (needed !== 'all') {
        const ref = leadingRef(buf, start + PLAN_START.length - 1, last);
        if (ref === undefined) return false;
        seen++;
        if (needed === 'refs') {
          refs.push(ref);
          return true;
        }
        if (!needed.has(ref)) return true;
      }
      try {
        plans.push(JSON.parse(buf.toString('utf8', start + 4, last)));
        return true;
      } catch {
        return false;
      }
    }
    const text = buf.toString('utf8', start, end);
    if (state === 'tail') {
      tail += `${text}\n`;
      return tail.length <= MAX_AROUND;
    }
    if (text === PLANS_OPEN) {
      state = 'plans';
      return true;
    }
    const empty = PLANS_EMPTY.exec(text);
    if (empty) {
      state = 'tail';
      closing = empty[1]!;
      return true;
    }
    head += `${text}\n`;
    return head.length <= MAX_AROUND;
  });
  // (state is set in the callback: TypeScript cannot see that.)
  if (!whole || (state as string) !== 'tail') return undefined;
  let data: unknown;
  try {
    data = JSON.parse(`${head}  "plans": []${closing}\n${tail}`);
  } catch {
    return undefined; // not JSON as written: read whole, for JSON.parse's own message
  }
  const report = checkReport(file, data);
  // Where a line's first reference was read, not the whole line, a line holding two plans (not
  // the layout ehcp-audit writes) shows as a count that is not the report's own.
  if (needed !== 'all' && seen !== report.summary.plans) return undefined;
  if (needed === 'refs') {
    REFS.set(report, refs);
    return report;
  }
  plans.forEach((p, i) => {
    const parsed = planShape.safeParse(p);
    if (!parsed.success) throw invalid(file, ['plans', i, ...parsed.error.issues[0]!.path], parsed.error.issues[0]!.message);
  });
  report.plans = plans as AuditReport['plans'];
  return report;
}

/**
 * The reference of a plan line, from the JSON string that starts at buf[at] (its opening quote)
 * up to `end`, without parsing the rest of the line: ehcp-audit writes `ref` first
 * (audit/digest.ts). Undefined when there is no whole string there.
 */
function leadingRef(buf: Buffer, at: number, end: number): string | undefined {
  for (let i = at + 1; i < end; i++) {
    const c = buf[i];
    if (c === 92) i++; // a backslash escapes the next character
    else if (c === 34) {
      try {
        return JSON.parse(buf.toString('utf8', at, i + 1)) as string;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** What a JSON file ehcp-audit wrote is, when it is not an audit or sample report; else undefined. */
function otherJson(obj: Record<string, unknown>): string | undefined {
  if (obj.kind === 'ehcp-audit-baseline') return "is a baseline ('ehcp-audit baseline write', read by 'check --baseline'), not a report";
  if (obj.kind === 'validate') return "is a validation ('validate -f json': the records read and rejected, no scores), not a report";
  if (obj.kind === 'priority') return "is a priority list ('priority -f json': the plans to review first), not a report";
  if (obj.kind === 'explain') return "is one plan's scorecard ('explain -f json'), not a report";
  // Lists written before they recorded their kind have none.
  if ((obj.kind === 'sample-list' || obj.kind === undefined) && 'sample' in obj && !('criteria' in obj)) return "is a sample list ('sample --list-only -f json': the picks, no scores), not a report";
  return undefined;
}

function invalid(file: string, path: readonly PropertyKey[], message: string): InputError {
  const where = path.length ? path.map(String).join('.') : '(top level)';
  return new InputError(`${file}: not a valid ehcp-audit report: ${where}: ${message}`);
}

/** A report in another layout: read and parsed whole. */
function wholeReport(file: string): AuditReport {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw unreadable(file, e);
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new InputError(`${file}: not JSON (${(e as Error).message.split('\n')[0]}); ${HOW}`);
  }
  return checkReport(file, data);
}
