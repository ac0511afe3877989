/**
 * The CI gate's configuration (docs/ci.md): `.ehcp-audit.yaml` in the working directory, or
 * `--config FILE`. Validated strictly with zod; every problem comes back at once as
 * `file:line:col: message` with the offending line. Paths in it are relative to the file.
 *
 *   map: exports/nightly.map.yaml          # mapping (a path, or a shipped name such as sen2)
 *   rubric: default                        # rubric path, or a shipped name
 *   as_of: 26/11/2026                      # optional; default today
 *   thresholds:
 *     min_rate: { A-child-views: 0.8, F-not-vague: 0.85 }
 *     max_share: { Inadequate: 0.05, "Requires improvement": 0.3 }
 *     no_critical_not_met: true
 *     min_mean_score: 70
 *     max_rejected: 0
 *   baseline: .ehcp-audit-baseline.json    # optional
 *   tolerance: 2                           # percentage points; default 2
 *
 * Flags override the file: --map, --rubric, --as-of, --min-rate ID=0.8, --max-share GRADE=0.05,
 * --no-critical, --min-mean-score N, --max-rejected N, --baseline FILE, --tolerance POINTS.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import * as z from 'zod';
import type { InputFlags } from '../commands/options.js';
import { parseAsOf, todayIso } from '../records/dates.js';
import { loadRubric, resolveRubricPath, type Rubric } from '../rubric/load.js';
import { NOT_GRADED } from '../rubric/score.js';
import { ConfigError, UsageError } from '../util/errors.js';
import { shipped } from '../util/paths.js';
import { validateYaml, YamlSource } from '../util/yamlConfig.js';
import { CONFIG_FILES, DEFAULT_TOLERANCE } from './defaults.js';
import type { Thresholds } from './thresholds.js';
import { closest } from '../util/strings.js';

export { CONFIG_FILES };

const proportion = z
  .number()
  .min(0, 'a rate or share is a proportion from 0 to 1 (0.8 for 80%)')
  .max(1, 'a rate or share is a proportion from 0 to 1 (0.8 for 80%)');

const date = z.string().transform((s, ctx) => {
  const p = parseAsOf(s);
  if (!p.ok) {
    ctx.addIssue({ code: 'custom', message: `${p.reason}; write the date as dd/mm/yyyy or yyyy-mm-dd` });
    return z.NEVER;
  }
  return p.iso;
});

export const checkConfigSchema = z
  .object({
    description: z.string().optional(),
    map: z.string().min(1).optional(),
    rubric: z.string().min(1).optional(),
    as_of: date.optional(),
    thresholds: z
      .object({
        min_rate: z.record(z.string(), proportion).nullish(),
        max_share: z.record(z.string(), proportion).nullish(),
        no_critical_not_met: z.boolean().optional(),
        min_mean_score: z.number().min(0).max(100).optional(),
        max_rejected: z.number().int().min(0).optional(),
      })
      .strict()
      .nullish(),
    baseline: z.string().min(1).optional(),
    tolerance: z.number().min(0).max(100).optional(),
  })
  .strict();
export type CheckConfigFile = z.output<typeof checkConfigSchema>;

export interface CheckConfig {
  file: string;
  src: YamlSource;
  data: CheckConfigFile;
}

/** The config file to use: --config FILE, else one in the working directory, else none. */
export function findConfig(flag: string | false | undefined, dir?: string): string | undefined {
  if (flag === false) return undefined;
  if (flag !== undefined) return flag;
  for (const name of CONFIG_FILES) {
    const p = dir === undefined ? name : join(dir, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

export function readCheckConfig(file: string): CheckConfig {
  const src = YamlSource.read(file, 'check config');
  const raw = src.toJS() ?? {};
  return { file, src, data: validateYaml(src, checkConfigSchema, raw, 'check config') };
}

/** A path written in the config, made relative to where the config is. */
export function fromConfig(configFile: string, p: string): string {
  return isAbsolute(p) ? p : join(dirname(configFile), p);
}

/** Problems at paths in the config; `key`: point at the key (an unknown id) rather than its value. */
function located(cfg: CheckConfig, problems: { path: PropertyKey[]; message: string; key?: boolean }[]): ConfigError {
  const list = problems.map((p) => cfg.src.format(cfg.src.locate(p.path, p.key === true), p.message));
  return new ConfigError(`${cfg.file}: invalid check config (${list.length} problem${list.length > 1 ? 's' : ''})`, list);
}

/** Check the config's criterion ids and grade names against the rubric; every problem located. */
export function checkConfigAgainstRubric(cfg: CheckConfig, rubric: Rubric): void {
  const ids = rubric.criteria.map((c) => c.def.id);
  const grades = gradeNames(rubric);
  const problems: { path: PropertyKey[]; message: string; key: boolean }[] = [];
  for (const id of Object.keys(cfg.data.thresholds?.min_rate ?? {})) {
    if (!ids.includes(id)) problems.push({ path: ['thresholds', 'min_rate', id], message: unknownCriterion(id, rubric), key: true });
  }
  for (const g of Object.keys(cfg.data.thresholds?.max_share ?? {})) {
    if (!grades.includes(g)) problems.push({ path: ['thresholds', 'max_share', g], message: `'${g}' is not a grade of rubric ${rubric.id} (${grades.join(', ')})`, key: true });
  }
  if (problems.length > 0) throw located(cfg, problems);
}

export function unknownCriterion(id: string, rubric: Rubric): string {
  const ids = rubric.criteria.map((c) => c.def.id);
  const best = closest(id, ids);
  if (best) return `unknown criterion id '${id}' in rubric ${rubric.id}: did you mean '${best}'?`;
  return `unknown criterion id '${id}': rubric ${rubric.id} ${rubric.version} has ${ids.join(', ')}`;
}

function gradeNames(rubric: Rubric): string[] {
  return [...rubric.grades.bands.map((b) => b.name), NOT_GRADED];
}

/** The flags `check` and `baseline write` share, beyond the input options. */
export interface GateFlags extends InputFlags {
  config?: string | false;
  rubric?: string;
  minRate?: string[];
  maxShare?: string[];
  /** false when --no-critical was given (commander's negatable option). */
  critical?: boolean;
  minMeanScore?: string;
  maxRejected?: string;
  baseline?: string | false;
  tolerance?: string;
}

export interface GateSettings {
  configFile: string | null;
  rubric: Rubric;
  /** ISO date. */
  asOf: string;
  /** The input flags with the config's map applied. */
  input: InputFlags;
  thresholds: Thresholds;
  /** Baseline to compare with (check), or the config's baseline path (baseline write). */
  baseline: string | null;
  tolerance: number;
}

/** `ID=VALUE` (split at the last '='), for --min-rate and --max-share. */
function keyValue(flag: string, raw: string): [string, string] {
  const i = raw.lastIndexOf('=');
  const key = i < 0 ? '' : raw.slice(0, i).trim();
  const value = i < 0 ? '' : raw.slice(i + 1).trim();
  if (!key || !value) throw new UsageError(`${flag} '${raw}': write ${flag === '--min-rate' ? 'CRITERION=RATE, e.g. --min-rate A-child-views=0.8' : 'GRADE=SHARE, e.g. --max-share Inadequate=0.05'}`);
  return [key, value];
}

/** A proportion from a flag: 0.8, or 80%. */
function proportionFlag(flag: string, raw: string): number {
  const m = /^(\d+(?:\.\d+)?|\.\d+)(%?)$/.exec(raw);
  // 85.715% is the double nearest 0.85715 (read as 85.715e-2), not 85.715 / 100 = 0.8571500000000001.
  const n = m ? Number(m[2] ? `${m[1]}e-2` : m[1]) : NaN;
  if (!(n >= 0 && n <= 1)) throw new UsageError(`${flag}: '${raw}' is not a proportion from 0 to 1 (write 0.8 or 80%)`);
  return n;
}

function numberFlag(flag: string, raw: string, min: number, max: number, integer = false): number {
  const n = /^\d+(?:\.\d+)?$/.test(raw.trim()) ? Number(raw) : NaN;
  // No upper bound to speak of (--max-rejected): "0 or more", not "from 0 to 9007199254740991".
  const span = max === Number.MAX_SAFE_INTEGER ? `, ${min} or more` : ` from ${min} to ${max}`;
  if (!(n >= min && n <= max) || (integer && !Number.isInteger(n))) throw new UsageError(`${flag} must be ${integer ? 'a whole number' : 'a number'}${span} (got '${raw}')`);
  return n;
}

/** Put `value` under `key`, keeping the first position of the key (a flag overrides the config in place). */
function upsert(list: [string, number][], key: string, value: number): void {
  const at = list.findIndex(([k]) => k === key);
  if (at >= 0) list[at] = [key, value];
  else list.push([key, value]);
}

/**
 * Merge the config file (if any) and the flags into the settings for one run. Loads the rubric,
 * since criterion ids and grade names are checked against it.
 */
export function resolveGateSettings(flags: GateFlags): GateSettings {
  const configFile = findConfig(flags.config);
  const cfg = configFile !== undefined ? readCheckConfig(configFile) : undefined;
  const d = cfg?.data;

  let rubricPath: string;
  if (flags.rubric !== undefined) rubricPath = resolveRubricPath(flags.rubric);
  else if (cfg && d?.rubric !== undefined) {
    try {
      rubricPath = resolveRubricPath(d.rubric, cfg.file);
    } catch (e) {
      throw located(cfg, [{ path: ['rubric'], message: (e as Error).message }]);
    }
  } else rubricPath = resolveRubricPath('default');
  const rubric = loadRubric(rubricPath);
  if (cfg) checkConfigAgainstRubric(cfg, rubric);

  let map: string | false | undefined = flags.map;
  if (map === undefined && cfg && d?.map !== undefined) {
    const p = fromConfig(cfg.file, d.map);
    const isShippedName = !/[/\\]/.test(d.map) && existsSync(shipped('mappings', `${d.map.replace(/\.map\.ya?ml$/, '')}.map.yaml`));
    if (!existsSync(p) && !isShippedName) throw located(cfg, [{ path: ['map'], message: `mapping file ${p} not found (paths in the config are relative to it)` }]);
    map = existsSync(p) ? p : d.map;
  }

  let asOf: string;
  if (flags.asOf !== undefined) {
    const p = parseAsOf(flags.asOf);
    if (!p.ok) throw new UsageError(`--as-of: ${p.reason}; write the date as dd/mm/yyyy or yyyy-mm-dd`);
    asOf = p.iso;
  } else asOf = d?.as_of ?? todayIso();

  const t = d?.thresholds;
  const thresholds: Thresholds = {
    minRate: Object.entries(t?.min_rate ?? {}),
    maxShare: Object.entries(t?.max_share ?? {}),
    noCriticalNotMet: t?.no_critical_not_met === true,
    minMeanScore: t?.min_mean_score ?? null,
    maxRejected: t?.max_rejected ?? null,
  };
  const ids = rubric.criteria.map((c) => c.def.id);
  for (const raw of flags.minRate ?? []) {
    const [id, value] = keyValue('--min-rate', raw);
    if (!ids.includes(id)) throw new UsageError(`--min-rate: ${unknownCriterion(id, rubric)}`);
    upsert(thresholds.minRate, id, proportionFlag('--min-rate', value));
  }
  const grades = gradeNames(rubric);
  for (const raw of flags.maxShare ?? []) {
    const [grade, value] = keyValue('--max-share', raw);
    const match = grades.find((g) => g.toLowerCase() === grade.toLowerCase());
    if (!match) throw new UsageError(`--max-share: '${grade}' is not a grade of rubric ${rubric.id} (${grades.join(', ')})`);
    upsert(thresholds.maxShare, match, proportionFlag('--max-share', value));
  }
  if (flags.critical === false) thresholds.noCriticalNotMet = true;
  if (flags.minMeanScore !== undefined) thresholds.minMeanScore = numberFlag('--min-mean-score', flags.minMeanScore, 0, 100);
  if (flags.maxRejected !== undefined) thresholds.maxRejected = numberFlag('--max-rejected', flags.maxRejected, 0, Number.MAX_SAFE_INTEGER, true);

  let baseline: string | null = null;
  if (typeof flags.baseline === 'string') baseline = flags.baseline;
  else if (flags.baseline !== false && cfg && d?.baseline !== undefined) baseline = fromConfig(cfg.file, d.baseline);

  const tolerance = flags.tolerance !== undefined ? numberFlag('--tolerance', flags.tolerance, 0, 100) : (d?.tolerance ?? DEFAULT_TOLERANCE);

  return {
    configFile: configFile ?? null,
    rubric,
    asOf,
    input: { ...flags, map },
    thresholds,
    baseline,
    tolerance,
  };
}
