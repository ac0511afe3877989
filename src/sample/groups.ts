/**
 * Groups an audit sample must include (`--include`), as inspectors do: the seed letter's most
 * vulnerable children (looked after, youth custody) and the 2023 framework's "usually one in
 * alternative provision". A group name not listed here is read as a --where expression.
 */
import type { FieldPath } from '../records/mapping/schema.js';
import type { PlanRecord } from '../records/model.js';
import { compileWhere, type RecordFilter } from '../audit/where.js';
import type { EvalContext } from '../rubric/types.js';
import { UsageError } from '../util/errors.js';

export const GROUPS: Record<string, (r: PlanRecord) => boolean> = {
  'looked after': (r) => r.child.lookedAfter === true,
  'youth custody': (r) => r.child.youthCustody === true,
  'elective home education': (r) => r.child.electiveHomeEducation === true || r.setting.senSetting === 'EHE',
  // SEN2's codes for a young person not in education (NEET; NIEC/NIEO: not in education, other),
  // or a setting type that says so. Not alternative provision: a child in a PRU is in education.
  'not in education': (r) =>
    r.setting.senSetting === 'NEET' ||
    r.setting.senSetting === 'NIEC' ||
    r.setting.senSetting === 'NIEO' ||
    /\b(?:NEET|not in education)\b/i.test(r.setting.type ?? ''),
  // The 2023 framework's "usually one in alternative provision". SEN2 has no code of its own for
  // it (OLA covers every other arrangement the LA makes), so the setting type must say so.
  'alternative provision': (r) => /\b(?:alternative provision|AP|pupil referral unit|PRU)\b/i.test(r.setting.type ?? ''),
};

/**
 * The fields each group is told by, any one of which is enough: a mapping that maps none of them
 * leaves the group empty whatever the export holds, which the sample says (records/fieldNeeds.ts).
 */
export const GROUP_FIELDS: Record<string, readonly FieldPath[]> = {
  'looked after': ['child.lookedAfter'],
  'youth custody': ['child.youthCustody'],
  'elective home education': ['child.electiveHomeEducation', 'setting.senSetting'],
  'not in education': ['setting.senSetting', 'setting.type'],
  'alternative provision': ['setting.type'],
};

export { DEFAULT_INCLUDE } from './defaults.js';

const ALIASES: Record<string, string> = {
  cla: 'looked after', lac: 'looked after',
  custody: 'youth custody', ehe: 'elective home education', neet: 'not in education', ap: 'alternative provision', pru: 'alternative provision',
};

/**
 * A group by name, or a --where expression (`ctx`: the scoring context, for `extra.<column>`
 * dates and `yearGroup`; `where` is the expression's filter, for its warnings).
 */
export function resolveGroup(name: string, ctx: EvalContext): { name: string; test: (r: PlanRecord) => boolean; where?: RecordFilter; fields?: readonly FieldPath[] } {
  // Own entries only: a group called 'constructor' must not find Object.prototype's.
  // 'looked-after', 'not-in-education' and 'alternative_provision' name the groups too.
  const lower = name.trim().toLowerCase().replace(/[-_\s]+/g, ' ');
  const key = Object.hasOwn(ALIASES, lower) ? ALIASES[lower]! : lower;
  const g = Object.hasOwn(GROUPS, key) ? GROUPS[key] : undefined;
  if (g) return { name: key, test: g, fields: GROUP_FIELDS[key]! };
  // Not a group: a --where expression, or a usage error that says both.
  if (!/[=<>~]/.test(name)) {
    throw new UsageError(`--include '${name.trim()}': not a group (${Object.keys(GROUPS).join(', ')}) nor a FIELD OP VALUE expression (e.g. child.district=Northmoor)`);
  }
  const where = compileWhere([name], ctx, '--include')!;
  return { name: name.trim(), test: where, where };
}
