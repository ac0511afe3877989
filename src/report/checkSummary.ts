/**
 * `check -f summary` (the default): quiet on success, one line; on failure, each failed threshold
 * with its figure and limit, the plans that count against the verdict (by reference and
 * file:line), the baseline's regressions and improvements, and any rejected records' positions.
 * A pure function of the CheckOutcome. Never names or plan text: only references and positions.
 * It is written for CI logs, so every line goes through logLine (util/safeText.ts): control and
 * bidirectional characters from the export as \xHH and \uXXXX (so a reference cannot start a line
 * of its own), and nothing a CI runner runs as a command (a plan's line begins with its
 * reference): "::" at a line's start, "##[" or "##vso[" anywhere, have that colon or bracket
 * written as \x3a or \x5b.
 */
import { ukDate } from '../records/dates.js';
import { rateChangeText } from '../check/baseline.js';
import { absoluteResults, limitPointsText, type CheckOutcome, type FailingPlan } from '../check/thresholds.js';
import { logLine } from '../util/safeText.js';

/**
 * Plans (and rejected records) listed in full before "... and N more (write -f json:FILE for the
 * full list)": a CI log of 34,000 lines helps no one; the JSON lists every one.
 */
export const MAX_LISTED = 100;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function context(o: CheckOutcome): string {
  return `over ${plural(o.plans, 'plan')} (rubric ${o.rubric.id} ${o.rubric.version}, as of ${ukDate(o.asOf)})`;
}

/** The one-line verdict. */
export function verdictLine(o: CheckOutcome): string {
  const abs = absoluteResults(o);
  const failed = o.thresholds.filter((r) => !r.pass);
  if (o.pass) {
    const parts: string[] = [];
    if (abs.length > 0) parts.push(`${plural(abs.length, 'threshold')} ${abs.length === 1 ? 'holds' : 'hold'}`);
    if (o.baseline) parts.push(`no regression from baseline ${o.baseline.file}`);
    let line = `ehcp-audit check: PASS: ${parts.join(' and ')} ${context(o)}`;
    if (o.baseline) {
      const up = o.baseline.rates.filter((r) => r.status === 'improved').length;
      const fixed = o.baseline.noLongerFailing.length;
      if (up > 0 || fixed > 0) line += `; improved since the baseline: ${[up > 0 ? `${plural(up, 'rate')} up` : '', fixed > 0 ? `${plural(fixed, 'plan')} no longer failing` : ''].filter(Boolean).join(', ')}`;
    }
    return line;
  }
  const failedAbs = failed.filter((r) => !r.kind.startsWith('baseline_')).length;
  const parts: string[] = [];
  if (failedAbs > 0 || !o.baseline) parts.push(`${failedAbs} of ${plural(abs.length, 'threshold')} failed`);
  const b = o.baseline;
  if (b) {
    const dropped = b.rates.filter((r) => r.status === 'regressed').length;
    const fresh = b.newlyFailing.length;
    const regressions = [dropped > 0 ? `${plural(dropped, 'rate')} dropped more than ${limitPointsText(b.tolerance)} points` : '', fresh > 0 ? `${plural(fresh, 'plan')} newly failing a critical criterion` : ''].filter(Boolean);
    if (regressions.length > 0) parts.push(`${regressions.join(' and ')} since baseline ${b.file}`);
  }
  const held = failedAbs === 0 && abs.length > 0 ? ` (${abs.length === 1 ? 'the threshold holds' : `the ${abs.length} thresholds hold`})` : '';
  return `ehcp-audit check: FAIL: ${parts.join('; ')}${held} ${context(o)}`;
}

function planLines(plans: FailingPlan[], indent: string): string[] {
  // Escaped as logLine will escape the whole line, before the widths are taken, so that the
  // columns line up as printed.
  const listed = plans.slice(0, MAX_LISTED).map((p) => ({ ref: logLine(p.ref), pos: logLine(`${p.file}:${p.line}`), criteria: p.criteria }));
  const width = Math.max(...listed.map((p) => p.ref.length), 0);
  const posWidth = Math.max(...listed.map((p) => p.pos.length), 0);
  const lines = listed.map((p) => `${indent}${p.ref.padEnd(width)}  ${p.pos.padEnd(posWidth)}  ${p.criteria.join(', ')}`);
  if (plans.length > MAX_LISTED) lines.push(`${indent}... and ${plans.length - MAX_LISTED} more (write -f json:FILE for the full list)`);
  return lines;
}

export function formatCheckSummary(o: CheckOutcome): string {
  const lines = [verdictLine(o)];
  for (const w of o.warnings) lines.push(`warning: ${w}`);
  if (o.pass) return `${lines.map(logLine).join('\n')}\n`;

  const abs = absoluteResults(o);
  const failedAbs = abs.filter((r) => !r.pass);
  if (failedAbs.length > 0) {
    lines.push('', 'Failed thresholds:');
    for (const r of failedAbs) lines.push(`  FAIL ${r.name}: ${r.message}`);
    const held = abs.length - failedAbs.length;
    if (held > 0) lines.push(`  (${plural(held, 'other threshold')} ${held === 1 ? 'holds' : 'hold'}: ${abs.filter((r) => r.pass).map((r) => r.name).join(', ')})`);
  }

  const b = o.baseline;
  if (b) {
    const regressed = b.rates.filter((r) => r.status === 'regressed');
    lines.push('', `Baseline ${b.file} (rubric ${b.rubric.id} ${b.rubric.version}, as of ${ukDate(b.asOf)}; tolerance ${limitPointsText(b.tolerance)} points):`);
    if (regressed.length > 0) {
      lines.push('  Rates that dropped by more than the tolerance:');
      for (const r of regressed) lines.push(`    FAIL ${r.criterion}: ${rateChangeText(r)}`);
    }
    if (b.newlyFailing.length > 0) {
      lines.push(`  Plans newly failing a critical criterion (${b.newlyFailing.length}):`);
      lines.push(...planLines(b.newlyFailing, '    '));
    }
    if (regressed.length === 0 && b.newlyFailing.length === 0) lines.push('  No regression from the baseline.');
    const up = b.rates.filter((r) => r.status === 'improved');
    if (up.length > 0 || b.noLongerFailing.length > 0) {
      lines.push('  Improved:');
      for (const r of up) lines.push(`    ${r.criterion}: ${rateChangeText(r)}`);
      if (b.noLongerFailing.length > 0) {
        lines.push(`    Plans no longer failing a critical criterion they failed in the baseline (${b.noLongerFailing.length}):`);
        lines.push(...planLines(b.noLongerFailing, '      '));
      }
    }
    lines.push(`  Accepted as in the baseline: ${plural(b.accepted, 'plan')} still failing the same critical criteria.`);
    if (b.notInExport > 0) lines.push(`  ${plural(b.notInExport, 'plan')} failing in the baseline ${b.notInExport === 1 ? 'is' : 'are'} not in this export.`);
  }

  const noCritical = abs.find((r) => r.kind === 'no_critical_not_met');
  if (noCritical && !noCritical.pass) {
    lines.push('', `Plans not meeting a critical criterion (${o.failingPlans.length}):`);
    lines.push(...planLines(o.failingPlans, '  '));
  } else if (!b && o.failingPlans.length > 0) {
    lines.push('', `Plans not meeting a critical criterion (${o.failingPlans.length}; not gated: set no_critical_not_met to fail on them):`);
    lines.push(...planLines(o.failingPlans, '  '));
  }

  if (o.input.rejected.length > 0) {
    lines.push('', `Rejected records (${o.input.records.rejected}; run 'ehcp-audit validate ${o.input.file}' for the reasons):`);
    for (const r of o.input.rejected.slice(0, MAX_LISTED)) lines.push(`  ${r.file}:${r.line}${r.ref ? `  ${r.ref}` : ''}`);
    if (o.input.rejected.length > MAX_LISTED) lines.push(`  ... and ${o.input.rejected.length - MAX_LISTED} more (write -f json:FILE for the full list)`);
  }
  return `${lines.map(logLine).join('\n')}\n`;
}
