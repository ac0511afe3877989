/**
 * `check -f github`: GitHub Actions workflow commands, one per line, which the runner turns into
 * annotations on the run (and on the export file, at the plan's line):
 *
 *   ::error title=threshold <name>::<figure and limit>                 each failed threshold
 *   ::error file=<export>,line=<line>,title=<criterion id>::<message>  each plan x critical criterion
 *                                                                      counting against the verdict
 *   ::warning file=...,line=...,title=<criterion id>::<message>        on failure only: plans failing a
 *                                                                      critical criterion that nothing gates
 *   ::warning title=ehcp-audit check::<warning>                        e.g. a baseline rubric version
 *
 * Quiet on success: nothing but warnings (such as a baseline from another rubric version).
 * Escaping follows GitHub's rules (actions/toolkit, command.ts): in the message `%` -> %25,
 * CR -> %0D, LF -> %0A; in property values additionally `:` -> %3A and `,` -> %2C. Before that,
 * as in the summary (util/safeText.ts), other control characters and bidirectional characters are
 * shown as \xHH and \uXXXX (the protocol cannot carry them: raw, they would colour the log or show
 * a reference reversed in the annotation), and "##[" or "##vso[" has its bracket as \x5b.
 * A pure function of the CheckOutcome: plans by reference and position only.
 */
import type { CheckOutcome } from '../check/thresholds.js';
import { ciSafeText, displayText } from '../util/safeText.js';

/** Text shown in an annotation: line breaks are left for the protocol's %0D and %0A. */
const shown = (s: string): string => ciSafeText(displayText(s, { keepLineBreaks: true }));

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export type AnnotationLevel = 'error' | 'warning' | 'notice';

/** One workflow command line (no trailing newline). */
export function annotation(level: AnnotationLevel, props: Record<string, string | number | undefined>, message: string): string {
  const p = Object.entries(props)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => `${k}=${escapeProperty(shown(String(v)))}`)
    .join(',');
  return `::${level}${p ? ` ${p}` : ''}::${escapeData(shown(message))}`;
}

export function formatGithubAnnotations(o: CheckOutcome): string {
  const lines: string[] = [];
  for (const w of o.warnings) lines.push(annotation('warning', { title: 'ehcp-audit check' }, w));
  for (const r of o.thresholds) if (!r.pass) lines.push(annotation('error', { title: `threshold ${r.name}` }, r.message));
  const titles = new Map(o.criticalCriteria.map((c) => [c.id, c.title]));
  const planAnnotations = (level: AnnotationLevel, verb: string, suffix: string) => {
    for (const p of level === 'error' ? o.gatingPlans : o.failingPlans) {
      for (const id of p.criteria) {
        const title = titles.get(id);
        lines.push(annotation(level, { file: p.file, line: p.line, title: id }, `${p.ref} ${verb} critical criterion ${id}${title ? ` (${title})` : ''}${suffix}`));
      }
    }
  };
  if (o.gatedBy === 'no_critical_not_met') planAnnotations('error', 'does not meet', '');
  else if (o.gatedBy === 'baseline') planAnnotations('error', 'newly fails', `: not failing it in the baseline ${o.baseline?.file ?? ''}`.trimEnd());
  else if (!o.pass) planAnnotations('warning', 'does not meet', '');
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
