/**
 * Read a JSON report written by `ehcp-audit audit|sample -f json:FILE` for `compare` and
 * `moderate`. Anything else (not JSON, another program's JSON, another schemaVersion, figures that
 * do not add up) is refused with a one-line InputError naming the file.
 *
 * Only the parts compare and moderate use are checked; other keys may come and go within a
 * schemaVersion without breaking this reader.
 */
import { readFileSync } from 'node:fs';
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
  if (obj.schemaVersion !== SCHEMA_VERSION) {
    throw new InputError(
      `${file}: report schemaVersion ${JSON.stringify(obj.schemaVersion)} is not supported: this ehcp-audit reads schemaVersion ${SCHEMA_VERSION} (write the report again with this version)`,
    );
  }
  const parsed = reportShape.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
    throw new InputError(`${file}: not a valid ehcp-audit report: ${where}: ${issue.message}`);
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

/** Read and validate a report file. */
export function readReport(file: string): AuditReport {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${file}: no such file; check the path`);
    if (code === 'EISDIR') throw new InputError(`${file}: is a folder, not a report file`);
    throw new InputError(`${file}: cannot read file (${code ?? 'error'})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new InputError(`${file}: not JSON (${(e as Error).message.split('\n')[0]}); ${HOW}`);
  }
  return checkReport(file, data);
}
