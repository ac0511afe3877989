/**
 * The action of `ehcp-audit init EXPORT` (registered in init.ts): read an export's header and its
 * first rows, propose a column mapping (src/records/mapping/infer.ts) and write it beside the
 * export as EXPORT.map.yaml, where `validate` and `audit` find it.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { normaliseEncoding, openCsv } from '../records/csv/index.js';
import { formatFor, openBytes, peek, sniffFormat } from '../records/input.js';
import { readJsonArray, readJsonLines, readYaml, type RawItem } from '../records/loaders/structured.js';
import { inferMapping, REF_PLACEHOLDER, type Inference } from '../records/mapping/infer.js';
import { readMapping } from '../records/mapping/load.js';
import { mappingSchema } from '../records/mapping/schema.js';
import { makeFolders } from '../report/output.js';
import { refuseOverwrite } from '../report/overwrite.js';
import { InputError, UsageError } from '../util/errors.js';
import { validateYaml, YamlSource } from '../util/yamlConfig.js';
import { intOption } from './options.js';

export interface InitFlags {
  output?: string;
  force?: boolean;
  encoding?: string;
  delimiter?: string;
  inputFormat?: string;
  rows: string;
}

export interface Sample {
  header: string[];
  rows: string[][];
}

/** Header and the first `limit` rows of a CSV, YAML, JSON or JSON Lines export. */
export async function readSample(file: string, flags: { encoding?: string; delimiter?: string; inputFormat?: string }, limit: number): Promise<Sample> {
  let bytes = openBytes(file);
  let format = formatFor(file, flags.inputFormat);
  if (format === undefined) {
    const p = await peek(bytes);
    format = sniffFormat(p.head);
    bytes = p.stream;
  }
  const shown = file === '-' ? '<stdin>' : file;
  if (format === 'csv') {
    const table = await openCsv(bytes, {
      file: shown,
      ...(file !== '-' ? { path: file } : {}),
      ...(flags.encoding ? { encoding: normaliseEncoding(flags.encoding)! } : {}),
      ...(flags.delimiter ? { delimiter: flags.delimiter } : {}),
    });
    const rows: string[][] = [];
    if (limit > 0) {
      for await (const row of table.rows) {
        rows.push(row.fields);
        if (rows.length >= limit) break;
      }
    }
    return { header: table.header, rows };
  }
  // YAML scalars as written (`00123`, not 123): the mapping written here reads them as text.
  const items: AsyncGenerator<RawItem> = format === 'yaml' ? readYaml(shown, bytes, undefined, 'text') : format === 'json' ? readJsonArray(shown, bytes) : readJsonLines(shown, bytes);
  // Flat objects keyed by the LA's column names: the keys (in order of first appearance) are the header.
  const header: string[] = [];
  const objects: Record<string, unknown>[] = [];
  for await (const item of items) {
    if (objects.length >= Math.max(limit, 1)) break;
    const v = item.value;
    if (item.error !== undefined || typeof v !== 'object' || v === null || Array.isArray(v)) continue;
    const obj = v as Record<string, unknown>;
    for (const key of Object.keys(obj)) if (!header.includes(key)) header.push(key);
    objects.push(obj);
  }
  await items.return(undefined);
  if (header.length === 0) throw new InputError(`${shown}: no plans found (expected flat objects, one per plan, keyed by column name)`);
  const nested = objects.some((o) => Object.values(o).some((x) => typeof x === 'object' && x !== null && !Array.isArray(x)));
  if (header.includes('ref') && nested) {
    throw new UsageError(`${shown} already holds plans in ehcp-audit's own record shape; no mapping is needed (run validate with --no-map)`);
  }
  const rows = limit > 0 ? objects.map((o) => header.map((h) => cellText(o[h]))) : [];
  return { header, rows };
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(cellText).join('\n');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** `exports/plans.csv` -> `exports/plans.map.yaml`. */
export function defaultMappingPath(exportPath: string): string {
  return join(dirname(exportPath), `${basename(exportPath, extname(exportPath))}.map.yaml`);
}

/** The mapping text must validate; if it does not, that is a bug in the inference, not the user's error. */
function checkText(text: string, name: string): void {
  try {
    const src = YamlSource.parse(name, text);
    validateYaml(src, mappingSchema, src.toJS() ?? {}, 'mapping');
  } catch (e) {
    const problems = (e as { problems?: string[] }).problems ?? [];
    throw new Error(`init wrote an invalid mapping: ${(e as Error).message}${problems.length ? `\n${problems.join('\n')}` : ''}`);
  }
}

export async function runInit(file: string, flags: InitFlags): Promise<void> {
  const limit = intOption('--rows', flags.rows, 1)!;
  if (flags.encoding !== undefined && normaliseEncoding(flags.encoding) === undefined) {
    throw new UsageError(`--encoding '${flags.encoding}' is not supported: use auto, utf-8, windows-1252, latin1, cp850, macintosh, utf-16le or utf-16be`);
  }
  if (file === '-' && flags.output === undefined) throw new UsageError('reading the export from stdin: give -o FILE (or -o - for stdout)');
  const out = flags.output ?? defaultMappingPath(file);
  refuseOverwrite([{ flag: flags.output !== undefined ? '-o' : undefined, path: out, what: 'mapping' }], { export: file });
  if (out !== '-' && existsSync(out) && !flags.force) {
    throw new UsageError(`${out} already exists; use --force to overwrite it, or -o to write elsewhere`);
  }

  const sample = await readSample(file, flags, limit);
  const shownFile = file === '-' ? '<stdin>' : basename(file);
  const inf: Inference = inferMapping(sample.header, sample.rows, {
    file: shownFile,
    exportPath: file,
    out,
    sampled: sample.rows.length,
  });
  checkText(inf.text, out === '-' ? '<stdout>' : out);

  if (out === '-') process.stdout.write(inf.text);
  else {
    try {
      makeFolders(dirname(out));
      writeFileSync(out, inf.text, 'utf8');
    } catch (e) {
      throw new InputError(`${out}: cannot write (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    // Read back through the same loader validate/audit use: a failure here is a bug. (The
    // placeholder ref, which they refuse until it is replaced, is what init means to write.)
    try {
      readMapping(out, { placeholder: true });
    } catch (e) {
      throw new Error(`init wrote an invalid mapping to ${out}: ${(e as Error).message}`);
    }
  }
  const s = inf.summary;
  process.stderr.write(
    `init: ${s.matched} column${s.matched === 1 ? '' : 's'} matched, ${s.unsure} unsure, ${s.unmatched} unmatched` +
      `; ${out === '-' ? 'mapping written to stdout' : `wrote ${out}`}\n` +
      (s.matched === s.unsure ? `no column was recognised with confidence: is ${file} an export of EHC plans, one row per plan? (a table of statistics, say, is not)\n` : '') +
      (inf.fields.ref?.column === REF_PLACEHOLDER ? `no column can be the plan reference (unique, filled in, not a name or contact detail): write its name at ref: in ${out === '-' ? 'the mapping' : out}\n` : '') +
      `review every line marked unsure, then run: ehcp-audit validate ${file} --map ${out === '-' ? 'MAPPING' : out}\n`,
  );
  process.exitCode = 0;
}
