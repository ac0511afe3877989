/**
 * A scored plan reduced to what the audit keeps of it: the figures the aggregate counts and the
 * plan's line of the JSON report, already serialised. Digests are made where the plan is scored
 * (in this thread, or in a worker thread for a large export) and are plain data, so they cross
 * threads cheaply and the report is the same byte for byte however the work was split.
 */
import { phaseOf, type PlanRecord } from '../records/model.js';
import type { Rubric } from '../rubric/load.js';
import type { Scorecard } from '../rubric/score.js';
import type { Rating } from '../rubric/types.js';

/** Rating codes, one character per criterion in `PlanDigest.ratings`. */
export const RATING_CODES: Record<Rating, string> = { met: '0', partly: '1', not_met: '2', na: '3' };

export interface PlanDigest {
  ref: string;
  line: number;
  score: number | null;
  grade: string;
  limited: boolean;
  /** Breakdown keys, in the order of aggregate.ts BREAKDOWNS: phase, primary need, setting type, district. */
  keys: [string, string, string, string];
  /** One RATING_CODES character per rubric criterion, in rubric order. */
  ratings: string;
  /**
   * The plan as one compact line of the JSON report's `plans` (a PlanEntry); from a worker
   * thread, the UTF-8 bytes of PLAN_SEP + that line (planStore.ts), ready for the spool.
   */
  json: string | Uint8Array;
}

const q = JSON.stringify;

/**
 * Serialises plans to exactly `JSON.stringify(entry)` of the PlanEntry the report documents
 * (keys in the same order), without building the entry: the per-criterion fragments that do not
 * depend on the plan are made once per rubric.
 */
export class PlanSerializer {
  private readonly ids: string[];
  /** `{"criterion":"ID","rating":"met","reasons":[]}` per criterion: the common case. */
  private readonly metJson: string[];

  /**
   * `lines` false: the digests carry no JSON line (an empty one), for a run that writes no plan
   * list (`check`, `baseline write`: the aggregate counts the plans and keeps none).
   */
  constructor(
    rubric: Rubric,
    private readonly showText: boolean,
    private readonly lines = true,
  ) {
    this.ids = rubric.criteria.map((c) => q(c.def.id));
    this.metJson = this.ids.map((id) => `{"criterion":${id},"rating":"met","reasons":[]}`);
  }

  digest(rec: PlanRecord, file: string, line: number, card: Scorecard): PlanDigest & { json: string } {
    const phase = phaseOf(rec.child.ncYear);
    const primaryNeed = rec.needs.primary ?? null;
    const district = rec.child.district ?? null;
    const settingType = rec.setting.type ?? rec.setting.senSetting ?? null;
    let ratings = '';
    let results = '';
    const res = card.results;
    for (let i = 0; i < res.length; i++) {
      const r = res[i]!;
      ratings += RATING_CODES[r.rating];
      if (!this.lines) continue;
      if (i > 0) results += ',';
      if (r.rating === 'met') {
        results += this.metJson[i];
        continue;
      }
      results += `{"criterion":${this.ids[i]},"rating":"${r.rating}","reasons":${r.reasons.length === 0 ? '[]' : q(r.reasons)}`;
      if (this.showText && r.textReasons) results += `,"textReasons":${q(r.textReasons)}`;
      results += '}';
    }
    let json = '';
    if (this.lines) {
      json =
        `{"ref":${q(rec.ref)},"file":${q(file)},"line":${line},"score":${card.score === null ? 'null' : card.score},` +
        `"grade":${q(card.grade)},"scoreGrade":${q(card.scoreGrade)},"limitedBy":${card.limitedBy.length === 0 ? '[]' : q(card.limitedBy)},` +
        `"phase":${q(phase)},"primaryNeed":${primaryNeed === null ? 'null' : q(primaryNeed)},"district":${district === null ? 'null' : q(district)},` +
        `"settingType":${settingType === null ? 'null' : q(settingType)},"results":[${results}]`;
      if (this.showText && rec.child.name) json += `,"name":${q(rec.child.name)}`;
      json += '}';
    }
    return {
      ref: rec.ref,
      line,
      score: card.score,
      grade: card.grade,
      limited: card.limitedBy.length > 0,
      keys: [phase, primaryNeed ?? 'not recorded', settingType ?? 'not recorded', district ?? 'not recorded'],
      ratings,
      json,
    };
  }
}
