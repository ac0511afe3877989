/** A small compile environment for check-type tests: dispatches through CHECK_TYPES, fails by throwing. */
import { CHECK_TYPES } from '../../src/rubric/checks/index.js';
import type { CheckResult, CompileEnv, CompiledCheck } from '../../src/rubric/types.js';
import type { PatternEntry } from '../../src/rubric/patterns.js';
import { emptyRecord, type PlanRecord } from '../../src/records/model.js';
import { dayNumber } from '../../src/records/dates.js';

export const LEXICONS: Record<string, readonly PatternEntry[]> = {
  vague: ['as required', 'as needed', 'regular', 'access to', { re: 'up\\s+to\\s+\\d+', label: 'up to N' }],
  hedges: ['should', 'may', '@vague'],
};

export function makeEnv(lexicons: Record<string, readonly PatternEntry[]> = LEXICONS, base: (string | number)[] = []): CompileEnv {
  return {
    lexicons,
    fail(path, message) {
      throw new Error(`${[...base, ...path].join('.')}: ${message}`);
    },
    compileCheck(spec, path) {
      return compileSpec(spec, lexicons, [...base, ...path]);
    },
  };
}

/** Compile `{ type, ...options }` as the rubric loader would: strip `type`, parse, compile. */
export function compileSpec(spec: unknown, lexicons: Record<string, readonly PatternEntry[]> = LEXICONS, base: (string | number)[] = []): CompiledCheck {
  const { type, ...options } = spec as { type: string };
  const ct = CHECK_TYPES[type];
  if (!ct) throw new Error(`${[...base, 'type'].join('.')}: unknown check type '${type}'`);
  const parsed = ct.options().safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${[...base, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))].join('.')}: ${issue.message}`);
  }
  return ct.compile(parsed.data, makeEnv(lexicons, base));
}

export const AS_OF = '2026-11-26';

export function run(spec: unknown, rec: PlanRecord, asOf = AS_OF): CheckResult {
  return compileSpec(spec)(rec, { asOf, asOfDay: dayNumber(asOf), dateFormat: 'dd/mm/yyyy' });
}

/** A record built from emptyRecord('P1') with some parts replaced. */
export function plan(parts: Partial<PlanRecord> = {}): PlanRecord {
  return { ...emptyRecord('P1'), ...parts };
}

/** The text of a compile error, or undefined when it compiles. */
export function compileError(spec: unknown, lexicons: Record<string, readonly PatternEntry[]> = LEXICONS): string | undefined {
  try {
    compileSpec(spec, lexicons);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Combine fixed nested results with all / any (nested checks stubbed through compileCheck). */
export function fixed(type: 'all' | 'any', results: CheckResult[]): CheckResult {
  const env = { ...makeEnv(), compileCheck: (spec: unknown) => () => spec as CheckResult };
  const ct = CHECK_TYPES[type]!;
  return ct.compile(ct.options().parse({ checks: results }), env)(plan(), { asOf: '2026-01-01', asOfDay: 0, dateFormat: 'dd/mm/yyyy' });
}

