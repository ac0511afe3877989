/**
 * `ehcp-audit compare`: two audit reports (a baseline and a current audit, each a sample or a
 * whole-population audit) -> a ComparisonReport saying, criterion by criterion, whether sufficient
 * progress has been made, in the register of an Ofsted/CQC revisit letter ("The area has made
 * sufficient progress in addressing seven of the 12 significant weaknesses").
 *
 * Pure: no I/O, no clock. Criteria are matched by id; a criterion in one report only is listed
 * ("only in baseline" / "only in current"), never dropped. The rule itself is in verdict.ts.
 * Every sentence is built here so that every output format says the same thing.
 */
import type { AuditReport, CriterionSummary } from '../audit/report.js';
import { rateTexts } from '../audit/stats.js';
import { normaliseWhere } from '../audit/where.js';
import { judge, PLAIN_PRECISION, reachesTarget, points, pointsText, pointsUnit, precisionFor, targetText, type Precision, type Verdict, type VerdictThresholds } from './verdict.js';
import { planRefs } from './readReport.js';

export const COMPARISON_SCHEMA_VERSION = 1;

export interface ReportSide {
  file: string;
  kind: 'audit' | 'sample';
  asOf: string;
  rubric: { id: string; version: string; title: string };
  /** Plans scored in the report. */
  plans: number;
  /** For a sample: the population it was drawn from, and its seed. */
  population: number | null;
  seed: number | string | null;
  where: string[];
  /** "a sample of 20 of 70 plans, seed 1, as of 26 November 2026". */
  description: string;
}

export interface SideFigures {
  met: number;
  partly: number;
  notMet: number;
  notApplicable: number;
  applicable: number;
  /** met / applicable; null when none applicable. */
  rate: number | null;
  /** Wilson 95% interval for rate, from the report. */
  ci95: [number, number] | null;
}

export interface CriterionComparison {
  id: string;
  title: string;
  section: string;
  severity: string;
  baseline: SideFigures | null;
  current: SideFigures | null;
  /** Current minus baseline, as proportions, with Newcombe's 95% interval; null unless both sides have applicable plans. */
  change: { diff: number; ci95: [number, number] } | null;
  verdict: Verdict;
  /** Why, in one clause. */
  reason: string;
  /**
   * A weakness found at the baseline: in both reports, and below the target there (or applicable
   * to no plan in the baseline: false). The headline judges these, as a revisit judges the
   * weaknesses the first inspection found.
   */
  weakness: boolean;
  /** The criterion's paragraph in the letter. */
  paragraph: string;
}

export interface ComparisonReport {
  schemaVersion: number;
  kind: 'comparison';
  tool: { name: string; version: string };
  baseline: ReportSide;
  current: ReportSide;
  thresholds: VerdictThresholds & { confidence: number; interval: string; rule: string };
  warnings: string[];
  summary: {
    /** Criteria in both reports. */
    compared: number;
    /** Of those, the weaknesses found at the baseline (below the target there): the headline judges those with enough evidence. */
    weaknesses: number;
    /** Weaknesses with sufficient progress. */
    weaknessesSufficient: number;
    sufficient: number;
    notSufficient: number;
    notEnoughEvidence: number;
    onlyInBaseline: number;
    onlyInCurrent: number;
    /** "Sufficient progress has been made in addressing seven of the 12 weaknesses found at the baseline (...)." */
    headline: string;
    /** Further summary sentences. */
    sentences: string[];
  };
  criteria: CriterionComparison[];
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** 2026-11-26 -> "26 November 2026" (the letters' style). */
export function longDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${Number(d)} ${MONTHS[Number(m) - 1] ?? m} ${y}`;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** Numbers in words up to twelve, as the letters write them ("seven of the 12"); figures above. */
const WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

function describeSide(file: string, r: AuditReport): ReportSide {
  const s = r.sample;
  const what = s ? `a sample of ${s.size} of ${plural(s.population, 'plan')}, seed ${String(s.seed)}` : `an audit of ${plural(r.summary.plans, 'plan')}`;
  const filter = r.options.where.length ? ` where ${r.options.where.join(' and ')}` : '';
  return {
    file,
    kind: r.kind,
    asOf: r.asOf,
    rubric: { id: r.rubric.id, version: r.rubric.version, title: r.rubric.title },
    plans: r.summary.plans,
    population: s ? s.population : null,
    seed: s ? s.seed : null,
    where: [...r.options.where],
    description: `${what}${filter}, as of ${longDate(r.asOf)}`,
  };
}

function figures(c: CriterionSummary): SideFigures {
  return { met: c.met, partly: c.partly, notMet: c.notMet, notApplicable: c.notApplicable, applicable: c.applicable, rate: c.rate, ci95: c.ci95 };
}

/** "met in 12 of the 20 plans it applies to (60%; 95% CI 39% to 78%)"; the rate to `digits` decimals. */
export function foundText(f: SideFigures, digits = 0): string {
  const t = rateTexts(f.met, f.applicable, digits);
  // After "found it" / "finds it": "found it applicable to none of the plans".
  if (!t) return 'applicable to none of the plans';
  const ci = f.ci95 ? `; 95% CI ${t.ci}` : '';
  const partly = f.partly > 0 ? `, partly met in ${f.partly}` : '';
  return `met in ${f.met} of the ${plural(f.applicable, 'plan')} it applies to (${t.rate}${ci})${partly}`;
}

/** "+30 points (95% CI +4 to +50)"; "+1 point (...)". */
export function changeText(change: { diff: number; ci95: [number, number] }, p: Precision = PLAIN_PRECISION): string {
  return `${pointsText(points(change.diff, p.change))} (95% CI ${points(change.ci95[0], p.ci)} to ${points(change.ci95[1], p.ci)})`;
}

/**
 * The decimals a criterion's figures are printed with in every format: more than usual only where
 * rounding would contradict its verdict (verdict.ts precisionFor).
 */
export function precisionOf(c: Pick<CriterionComparison, 'baseline' | 'current'>, t: VerdictThresholds): Precision {
  return precisionFor(c.baseline, c.current, t);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function paragraph(c: Omit<CriterionComparison, 'paragraph'>, base: ReportSide, curr: ReportSide, t: VerdictThresholds): string {
  const head = `${c.title} (${c.id}).`;
  const p = precisionOf(c, t);
  if (c.baseline && !c.current) {
    return `${head} The baseline audit (as of ${longDate(base.asOf)}) found it ${foundText(c.baseline)}. It is not in the current audit, so progress cannot be judged.`;
  }
  if (!c.baseline && c.current) {
    return `${head} This criterion is new in the current audit (as of ${longDate(curr.asOf)}), which finds it ${foundText(c.current)}. There is no baseline to compare with.`;
  }
  const b = c.baseline!;
  const n = c.current!;
  const parts = [
    head,
    `The baseline audit (as of ${longDate(base.asOf)}) found it ${foundText(b, p.rate)}.`,
    `The current audit (as of ${longDate(curr.asOf)}) finds it ${foundText(n, p.rate)}${c.change ? `: a change of ${changeText(c.change, p)}` : ''}.`,
  ];
  if (c.verdict === 'sufficient progress') parts.push(`Sufficient progress has been made: ${c.reason}.`);
  else if (c.verdict === 'not sufficient progress') parts.push(`Sufficient progress has not been made: ${c.reason}.`);
  else parts.push(`There is not enough evidence to judge progress: ${c.reason}.`);
  return parts.join(' ');
}

export function describeRule(t: VerdictThresholds): string {
  return (
    `Sufficient progress: the current rate reaches ${targetText(t.target)}, unless it fell and the 95% confidence interval for the change (Newcombe) lies below zero; ` +
    `or it rose by at least ${t.minGain} percentage ${pointsUnit(t.minGain)} and that interval lies above zero. ` +
    `Not enough evidence: fewer than ${plural(t.minN, 'applicable plan')} in either audit.`
  );
}

/**
 * A --where filter as it selects plans: each expression as compileOne reads it (spacing, the case
 * of text and the form of a date do not matter), in any order (they are ANDed), once each.
 */
function filterKey(where: readonly string[]): string {
  return [...new Set(where.map(normaliseWhere))].sort().join('\n');
}

/**
 * How the rubric files of two reports of one rubric id and version differ, or undefined: by their
 * contents' fingerprints where both reports record one (a copy under another name is the same
 * rubric; a file edited in place is not), else by the files recorded.
 */
function rubricFilesDiffer(baseline: AuditReport['rubric'], current: AuditReport['rubric']): string | undefined {
  // (readReport checks neither key: a hand-made report may lack them.)
  const list = (r: AuditReport['rubric']): unknown[] => (Array.isArray(r.files) ? r.files : []);
  const files = (r: AuditReport['rubric']) => (list(r).length > 0 ? list(r).map(String).join(', ') : 'none recorded');
  if (typeof baseline.fingerprint === 'string' && typeof current.fingerprint === 'string') {
    if (baseline.fingerprint === current.fingerprint) return undefined;
    return `the contents of its files differ (baseline ${files(baseline)}, fingerprint ${baseline.fingerprint}; current ${files(current)}, fingerprint ${current.fingerprint})`;
  }
  if (JSON.stringify(list(baseline)) === JSON.stringify(list(current))) return undefined;
  return `the reports record different rubric files (baseline ${files(baseline)}; current ${files(current)})`;
}

function warningsFor(baseline: AuditReport, current: AuditReport, files: { baseline: string; current: string }): string[] {
  const w: string[] = [];
  if (baseline.rubric.id !== current.rubric.id) {
    w.push(
      `the reports use different rubrics (baseline '${baseline.rubric.id}' version ${baseline.rubric.version}, current '${current.rubric.id}' version ${current.rubric.version}): criteria are matched by id, so check that each one means the same in both`,
    );
  } else if (baseline.rubric.version !== current.rubric.version) {
    w.push(
      `the rubric version differs (baseline ${baseline.rubric.version}, current ${current.rubric.version}): a criterion with the same id may have changed meaning between versions`,
    );
  } else {
    const differ = rubricFilesDiffer(baseline.rubric, current.rubric);
    if (differ) {
      w.push(
        `both reports name rubric '${current.rubric.id}' version ${current.rubric.version}, but ${differ}: a criterion with the same id may have changed meaning (was the rubric edited without a new version?)`,
      );
    }
  }
  if (current.asOf === baseline.asOf) {
    w.push(
      `both reports are as of ${longDate(current.asOf)} (${files.baseline} and ${files.current}): they describe the same moment, not progress over time; is CURRENT the later audit's report?`,
    );
  } else if (current.asOf < baseline.asOf) {
    w.push(
      `the current report (${files.current}, as of ${longDate(current.asOf)}) is earlier than the baseline (${files.baseline}, as of ${longDate(baseline.asOf)}): are BASELINE and CURRENT the right way round?`,
    );
  }
  const bw = baseline.options.where.join(' and ');
  const cw = current.options.where.join(' and ');
  if (filterKey(baseline.options.where) !== filterKey(current.options.where)) {
    w.push(`the reports were filtered differently (baseline: ${bw || 'no filter'}; current: ${cw || 'no filter'}), so their rates may describe different groups of plans`);
  }
  // A sample drawn with unequal chances (guaranteed groups, strata given no pick) describes the
  // plans sampled, not its population (sample/estimates.ts); the intervals here treat it as a
  // simple random sample of the population. (A hand-made report may lack `estimates`.)
  const notEstimates = ([['baseline', baseline, files.baseline], ['current', current, files.current]] as const).filter(
    ([, r]) => r.sample?.estimates?.population === false,
  );
  if (notEstimates.length > 0) {
    const both = notEstimates.length === 2;
    const [side, , file] = notEstimates[0]!;
    const which = both ? `both samples (${files.baseline} and ${files.current}) were` : `the ${side} sample (${file}) was`;
    w.push(
      `${which} drawn to cover groups and strata, not with the same chance for every plan, so ${both ? 'their' : 'its'} rates describe the plans sampled, not the ${both ? 'populations they were' : 'population it was'} drawn from: ` +
        `the verdicts and intervals treat ${both ? 'each as a simple random sample' : 'it as a simple random sample'}, so they do not judge the whole population (compare audits of every plan for that)`,
    );
  }
  const baseRefs = new Set(planRefs(baseline));
  let shared = 0;
  for (const ref of planRefs(current)) if (baseRefs.has(ref)) shared++;
  if (shared > 0) {
    w.push(
      `${plural(shared, 'plan')} ${shared === 1 ? 'is' : 'are'} in both reports; the intervals treat the two audits as independent samples, which for plans audited twice is cautious (a paired analysis would give narrower intervals)`,
    );
  }
  return w;
}

/** A count as the letters write it: words up to twelve ("seven"), figures above. */
const inWords = (n: number): string => (n <= 12 ? WORDS[n]! : String(n));

/** Why `n` criteria cannot be judged: "too few plans to which it applies". */
const tooFew = (n: number): string => `too few plans to which ${n === 1 ? 'it applies' : 'they apply'}`;

/**
 * The headline judges the weaknesses the baseline found (criteria below the target there), as the
 * revisit letter does ("sufficient progress in addressing seven of the 12 significant
 * weaknesses"): a criterion at the target both times has not "made progress" (QA: 25 of 29, most
 * never weak, hid the one weakness that got worse). A sentence then says how the criteria already
 * at the target fared; a baseline with no weakness is judged over every criterion.
 */
function summarise(criteria: CriterionComparison[], t: VerdictThresholds): ComparisonReport['summary'] {
  const countOf = (v: Verdict, list = criteria) => list.filter((c) => c.verdict === v).length;
  const sufficient = countOf('sufficient progress');
  const notSufficient = countOf('not sufficient progress');
  const notEnoughEvidence = countOf('not enough evidence');
  const onlyInBaseline = countOf('only in baseline');
  const onlyInCurrent = countOf('only in current');
  const compared = sufficient + notSufficient + notEnoughEvidence;
  const weak = criteria.filter((c) => c.weakness);
  const weaknesses = weak.length;
  const weaknessesSufficient = countOf('sufficient progress', weak);
  // A weakness with too few plans on either side is judged neither way: the headline counts the
  // weaknesses judged, and a sentence the others.
  const weakJudged = weak.filter((c) => c.verdict !== 'not enough evidence').length;
  const weakUnjudged = weaknesses - weakJudged;
  const target = targetText(t.target);
  const sentences: string[] = [];
  /** Criteria at the target at the baseline that cannot be judged (set when there are weaknesses). */
  let strongUnjudged = 0;
  let headline: string;
  if (compared === 0) headline = 'No criterion is in both reports, so progress cannot be judged.';
  else if (weaknesses === 0) {
    headline = `The baseline found no weakness: every criterion in both reports was at or above the target of ${target} there, or applied to no plan.`;
    // Of the criteria that can be judged; those that cannot are a sentence of their own, below
    // (they were counted in "N of the M criteria", as though judged).
    const judged = sufficient + notSufficient;
    if (judged > 0) {
      sentences.push(`Sufficient progress has been made in ${sufficient} of the ${plural(judged, 'criterion', 'criteria')}${notEnoughEvidence > 0 ? ' that can be judged' : ''}.`);
      if (notSufficient > 0) sentences.push(`Sufficient progress has not been made in ${inWords(notSufficient)}.`);
    }
  } else {
    const some = weakUnjudged > 0 ? ' that can be judged' : '';
    const found = (n: number) => `found at the baseline${n === weaknesses ? '' : some} (${n === 1 ? 'a criterion' : 'criteria'} below the target of ${target})`;
    const weakNot = countOf('not sufficient progress', weak);
    if (weakJudged === 0) {
      headline = `There is not enough evidence to judge progress on the ${weaknesses === 1 ? 'one weakness' : `${weaknesses} weaknesses`} ${found(weaknesses)}: ${tooFew(weaknesses)}.`;
    } else if (weakJudged === 1) {
      headline = `Sufficient progress has ${weaknessesSufficient === 1 ? '' : 'not '}been made in addressing the one weakness ${found(1)}.`;
    } else {
      headline = `Sufficient progress has been made in addressing ${weaknessesSufficient === 0 ? 'none' : inWords(weaknessesSufficient)} of the ${weakJudged} weaknesses ${found(weakJudged)}.`;
      if (weakNot > 0 && weaknessesSufficient > 0) sentences.push(`Sufficient progress has not been made in ${inWords(weakNot)}.`);
    }
    if (weakUnjudged > 0 && weakJudged > 0) {
      sentences.push(`There is not enough evidence to judge ${weakUnjudged === 1 ? 'one further weakness' : `${inWords(weakUnjudged)} further weaknesses`} (${tooFew(weakUnjudged)}).`);
    }
    // At the target at the baseline: applicable to at least one plan there, not a weakness. Only
    // those judged can be said not to have fallen back (QA: "none has fallen back" of 23 criteria
    // none of which could be judged, one of them down from 90% to 50%).
    const strong = criteria.filter((c) => !c.weakness && c.baseline !== null && c.current !== null && c.baseline.applicable > 0);
    const strongJudged = strong.filter((c) => c.verdict !== 'not enough evidence');
    const strongNot = strong.filter((c) => c.verdict === 'not sufficient progress');
    strongUnjudged = strong.length - strongJudged.length;
    const ofStrong = `of the ${plural(strong.length, 'criterion', 'criteria')} at or above the target at the baseline`;
    const fallen = strongNot.length === 0 ? 'none has fallen back' : `${inWords(strongNot.length)} ${strongNot.length === 1 ? 'has' : 'have'} fallen back: ${strongNot.map((c) => c.id).join(', ')}`;
    if (strong.length === 0) {
      // (none at the target there)
    } else if (strongUnjudged === 0) {
      sentences.push(`${capitalise(ofStrong)}, ${fallen}.`);
    } else if (strongJudged.length === 0) {
      sentences.push(`There is not enough evidence to judge whether any ${ofStrong} has fallen back (${tooFew(strong.length)}).`);
    } else {
      const judged =
        strongJudged.length === 1
          ? `one can be judged, and it ${strongNot.length === 0 ? 'has not fallen back' : `has fallen back: ${strongNot[0]!.id}`}`
          : `${inWords(strongJudged.length)} can be judged, and of those ${fallen}`;
      const rest = `there is not enough evidence to judge the other ${strongUnjudged === 1 ? 'one' : inWords(strongUnjudged)} (${tooFew(strongUnjudged)})`;
      sentences.push(`${capitalise(ofStrong)}, ${judged}; ${rest}.`);
    }
  }
  // The criteria that could not be judged and are neither weaknesses nor at the target at the
  // baseline (counted above when they are).
  const otherUnjudged = notEnoughEvidence - weakUnjudged - strongUnjudged;
  if (compared > 0 && otherUnjudged > 0) {
    const other = weaknesses > 0 ? `${inWords(otherUnjudged)} other ${otherUnjudged === 1 ? 'criterion' : 'criteria'}` : inWords(otherUnjudged);
    sentences.push(`There is not enough evidence to judge ${other} (${tooFew(otherUnjudged)}).`);
  }
  // Too few plans for a verdict is not the same as no change: a fall whose interval lies wholly
  // below zero (90% to 50%, 95% CI -69.3 to -10.2 points) is named, without a verdict.
  const unjudgedFalls = criteria.filter((c) => c.verdict === 'not enough evidence' && c.change !== null && c.change.ci95[1] < 0);
  if (unjudgedFalls.length > 0) {
    const n = unjudgedFalls.length;
    sentences.push(
      `Though there are too few plans to judge ${n === 1 ? 'it' : 'them'}, ${n === 1 ? 'one criterion' : `${inWords(n)} criteria`} fell, with the 95% interval for the change wholly below zero: ${unjudgedFalls.map((c) => c.id).join(', ')}.`,
    );
  }
  if (onlyInBaseline > 0) sentences.push(`${capitalise(plural(onlyInBaseline, 'criterion', 'criteria'))} of the baseline ${onlyInBaseline === 1 ? 'is' : 'are'} not in the current audit.`);
  if (onlyInCurrent > 0) sentences.push(`${capitalise(plural(onlyInCurrent, 'criterion', 'criteria'))} ${onlyInCurrent === 1 ? 'is' : 'are'} new in the current audit.`);
  return { compared, weaknesses, weaknessesSufficient, sufficient, notSufficient, notEnoughEvidence, onlyInBaseline, onlyInCurrent, headline, sentences };
}

export interface CompareInput {
  baseline: AuditReport;
  current: AuditReport;
  files: { baseline: string; current: string };
  thresholds: VerdictThresholds;
  tool: { name: string; version: string };
}

export function compareReports(input: CompareInput): ComparisonReport {
  const { baseline, current, files, thresholds } = input;
  const base = describeSide(files.baseline, baseline);
  const curr = describeSide(files.current, current);
  const currentById = new Map(current.criteria.map((c) => [c.id, c] as const));
  const baselineIds = new Set(baseline.criteria.map((c) => c.id));

  const rows: Omit<CriterionComparison, 'paragraph'>[] = [];
  for (const b of baseline.criteria) {
    const c = currentById.get(b.id);
    if (!c) {
      rows.push({
        id: b.id,
        title: b.title,
        section: b.section,
        severity: b.severity,
        baseline: figures(b),
        current: null,
        change: null,
        verdict: 'only in baseline',
        reason: 'the criterion is not in the current audit',
        weakness: false,
      });
      continue;
    }
    const v = judge(b, c, thresholds);
    rows.push({
      id: c.id,
      title: c.title,
      section: c.section,
      severity: c.severity,
      baseline: figures(b),
      current: figures(c),
      change: v.change ? { diff: v.change.diff, ci95: [v.change.low, v.change.high] } : null,
      verdict: v.verdict,
      reason: v.reason,
      weakness: b.applicable > 0 && !reachesTarget(b, thresholds.target),
    });
  }
  for (const c of current.criteria) {
    if (baselineIds.has(c.id)) continue;
    rows.push({
      id: c.id,
      title: c.title,
      section: c.section,
      severity: c.severity,
      baseline: null,
      current: figures(c),
      change: null,
      verdict: 'only in current',
      reason: 'the criterion is not in the baseline audit',
      weakness: false,
    });
  }
  const criteria = rows.map((r) => ({ ...r, paragraph: paragraph(r, base, curr, thresholds) }));
  return {
    schemaVersion: COMPARISON_SCHEMA_VERSION,
    kind: 'comparison',
    tool: input.tool,
    baseline: base,
    current: curr,
    thresholds: {
      ...thresholds,
      confidence: 0.95,
      interval: "Newcombe's hybrid score interval for a difference of independent proportions (Newcombe 1998, method 10)",
      rule: describeRule(thresholds),
    },
    warnings: warningsFor(baseline, current, files),
    summary: summarise(criteria, thresholds),
    criteria,
  };
}
