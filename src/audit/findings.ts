/**
 * Key findings in plain English, in the register of inspectors' letters, generated only from the
 * report's own figures: every sentence can be traced to a number in the criteria, grade or
 * breakdown tables. Thresholds are fixed and documented (docs/reports.md):
 * - strength: rate >= 80% with at least 5 applicable plans; by severity (critical, standard,
 *   advisory), then by rate, highest first;
 *   the first MAX_STRENGTHS are written out and the rest counted in one sentence;
 * - area for improvement: rate < 60%, or a critical criterion not met in at least one plan
 *   (critical criteria are legal or inspection essentials), with at least 5 applicable plans, as a
 *   strength needs: a rate over 1 or 2 plans says little (0 of 1 has a 95% CI of 0% to 79%), so
 *   such criteria are named in one sentence with their counts, not written up as findings;
 * - inequality: a breakdown group (n >= 5) whose mean score is 10+ points below the overall mean.
 */
import { fillTemplate } from '../rubric/templates.js';
import { formatPercent, wilson } from './stats.js';
import type { AuditReport, CriterionSummary, Finding } from './report.js';
import { own } from '../util/ownRecord.js';

const STRENGTH_RATE = 0.8;
const IMPROVE_RATE = 0.6;
const MIN_N = 5;
const GAP_POINTS = 10;
const MAX_STRENGTHS = 6;
const SEVERITY_ORDER: Record<string, number> = { critical: 0, standard: 1, advisory: 2 };

/** "14 were graded Outstanding, 1 Good and 5 Requires improvement". */
function listGrades(grades: AuditReport['summary']['grades']): string {
  const parts = grades
    .filter((g) => g.count > 0)
    .map((g, i) => (i === 0 ? `${g.count} ${g.count === 1 ? 'was' : 'were'} graded ${g.grade}` : `${g.count} ${g.grade}`));
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function fill(template: string, c: CriterionSummary, scope: string): string {
  // From the counts, not the report's rounded rate and ci95 (stats.ts rateTexts).
  const w = wilson(c.met, c.applicable);
  return fillTemplate(template, {
    met: String(c.met),
    n: String(c.applicable),
    scope,
    rate: formatPercent(w?.rate ?? 0),
    low: formatPercent(w?.low ?? 0),
    high: formatPercent(w?.high ?? 0),
  });
}

/** "the 37 sampled plans it applies to", "the 1 plan it applies to": a rate's denominator. */
function appliesTo(n: number, sampled: boolean): string {
  return `the ${n} ${sampled ? 'sampled ' : ''}${n === 1 ? 'plan' : 'plans'} it applies to`;
}

function sentenceFor(c: CriterionSummary, template: string | undefined, scope: string): string {
  // {n} is the plans the criterion applies to, not the plans audited (QA: "0 of the 1 plans
  // audited" of an audit of 8).
  const t = template ?? `${c.title.replace(/\.$/, '')} in {met} of ${appliesTo(c.applicable, scope === 'sampled')} ({rate}; 95% CI {low} to {high}).`;
  return fill(t, c, scope);
}

export function generateFindings(report: Omit<AuditReport, 'findings'>, templates: Record<string, string | undefined>): Finding[] {
  const out: Finding[] = [];
  const sampled = report.sample !== null;
  const scope = sampled ? 'sampled' : 'audited';
  const s = report.summary;
  const { read, rejected } = report.input.records;
  if (s.plans === 0) {
    out.push({ kind: 'summary', text: `No plans were ${scope}: ${read} records were read and ${rejected} rejected.` });
    return out;
  }
  out.push({
    kind: 'summary',
    text: `Of the ${s.plans} plans ${scope}, ${listGrades(s.grades)}${s.meanScore !== null ? `; the mean score was ${s.meanScore.toFixed(1)} out of 100` : ''}.`,
  });
  if (sampled) {
    const sample = report.sample!;
    out.push({
      kind: 'summary',
      text: sample.estimates.population
        ? `The sample was drawn from ${sample.population} plans; the rates below estimate the whole population, with 95% confidence intervals.`
        : `The sample was drawn from ${sample.population} plans to cover their groups and strata, not with the same chance for every plan, so the rates below describe the plans sampled and are not estimates for the whole population; an audit of every plan gives those.`,
    });
  }
  if (s.limited > 0) {
    out.push({ kind: 'summary', text: `${s.limited} of the ${s.plans} plans had their grade capped because a criterion that limits it was not met in full.` });
  }
  if (rejected > 0) {
    out.push({ kind: 'data', text: `${rejected} of the ${read} records in the export could not be read and were not ${scope}; they are listed with their line numbers.` });
  }
  const withRate = report.criteria.filter((c) => c.rate !== null);
  const strengths = withRate
    .filter((c) => c.rate! >= STRENGTH_RATE && c.applicable >= MIN_N)
    .sort((a, b) => (SEVERITY_ORDER[a.severity] ?? 1) - (SEVERITY_ORDER[b.severity] ?? 1) || b.rate! - a.rate! || (a.id < b.id ? -1 : 1));
  const short = withRate
    .filter((c) => c.rate! < IMPROVE_RATE || (c.severity === 'critical' && c.notMet > 0 && c.rate! < STRENGTH_RATE))
    .sort((a, b) => a.rate! - b.rate! || (a.id < b.id ? -1 : 1));
  const improve = short.filter((c) => c.applicable >= MIN_N);
  const tooFew = short.filter((c) => c.applicable < MIN_N);
  for (const c of strengths.slice(0, MAX_STRENGTHS)) out.push({ kind: 'strength', criterion: c.id, text: sentenceFor(c, own(templates, c.id), scope) });
  const more = strengths.slice(MAX_STRENGTHS);
  if (more.length > 0) {
    out.push({
      kind: 'strength',
      text: `${more.length} further criteria were met in at least ${formatPercent(STRENGTH_RATE)} of the ${sampled ? 'sampled ' : ''}plans they apply to (${more.map((c) => c.id).join(', ')}).`,
    });
  }
  for (const c of improve) {
    const base = sentenceFor(c, own(templates, c.id), scope);
    const partly = c.partly > 0 ? ` A further ${c.partly} ${c.partly === 1 ? 'was' : 'were'} partly met.` : '';
    out.push({ kind: 'improvement', criterion: c.id, text: `${base}${partly}` });
  }
  if (tooFew.length > 0) {
    const each = tooFew.map((c) => `${c.id} was met in ${c.met} of ${appliesTo(c.applicable, sampled)}`);
    out.push({
      kind: 'improvement',
      text: `Too few plans to judge as ${tooFew.length === 1 ? 'an area' : 'areas'} for improvement (at least ${MIN_N} are needed): ${each.join('; ')}.`,
    });
  }
  if (s.meanScore !== null) {
    for (const b of report.breakdowns) {
      for (const g of b.groups) {
        if (g.plans >= MIN_N && g.meanScore !== null && s.meanScore - g.meanScore >= GAP_POINTS && g.key !== 'not recorded') {
          out.push({
            kind: 'inequality',
            text: `Plans for ${b.label.toLowerCase()} ${g.key} scored a mean of ${g.meanScore.toFixed(1)} (${g.plans} plans), ${(s.meanScore - g.meanScore).toFixed(1)} points below the overall mean of ${s.meanScore.toFixed(1)}.`,
          });
        }
      }
    }
  }
  return out;
}
