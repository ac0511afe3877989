/**
 * `check -f junit`: JUnit XML for CI test reports (GitLab, Jenkins, Azure DevOps, GitHub test
 * reporters). One `<testsuites>` holding:
 *   - `<testsuite name="thresholds">`: a `<testcase>` per threshold (baseline ones included), with
 *     a `<failure>` when it does not hold;
 *   - `<testsuite name="plans">`: a `<testcase>` per plan that counts against the verdict (every
 *     plan not meeting a critical criterion with no_critical_not_met; with a baseline, each plan
 *     newly failing one), each with a `<failure>`.
 * `tests` and `failures` are counted per suite and in total. A pure function of the CheckOutcome;
 * no timestamps, so the same inputs give the same bytes. Plans by reference and file:line only.
 *
 * Values are kept exactly (CI servers match test cases by name from run to run), but the XML may
 * be printed in a CI log, so its bytes hold no control or bidirectional character raw (character
 * references instead), a line break inside a value is written &#10; (only the tool's own lines
 * break the failure text), and no CI command's colon or bracket appears raw (util/safeText.ts).
 */
import { ukDate } from '../records/dates.js';
import type { CheckOutcome } from '../check/thresholds.js';
import { ciSafeMarkup, xmlCharRefs } from '../util/safeText.js';

/** Characters XML 1.0 does not allow at all (C0 controls other than tab, LF, CR; U+FFFE/U+FFFF; lone surrogates). */
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Escape a value for an XML attribute or element content, on one line; characters XML cannot carry
 * become U+FFFD.
 */
export function xmlEscape(s: string): string {
  return ciSafeMarkup(
    xmlCharRefs(
      s
        .replace(INVALID_XML, '\uFFFD')
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&apos;')
        .replace(/\r/g, '&#13;')
        .replace(/\n/g, '&#10;')
        .replace(/\t/g, '&#9;'),
    ),
  );
}

/** Element content: the tool's lines, each escaped as a value, one per line. */
function textEscape(lines: string[]): string {
  return lines.map(xmlEscape).join('\n');
}

const attrs = (a: Record<string, string | number>): string =>
  Object.entries(a)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');

interface Case {
  name: string;
  classname: string;
  extra?: Record<string, string | number>;
  failure?: { message: string; type: string; body: string[] };
}

function suite(name: string, cases: Case[], properties: [string, string][] = []): string[] {
  const failures = cases.filter((c) => c.failure).length;
  const out = [`  <testsuite${attrs({ name, tests: cases.length, failures, errors: 0, skipped: 0 })}>`];
  if (properties.length > 0) {
    out.push('    <properties>');
    for (const [k, v] of properties) out.push(`      <property${attrs({ name: k, value: v })}/>`);
    out.push('    </properties>');
  }
  for (const c of cases) {
    const open = `    <testcase${attrs({ name: c.name, classname: c.classname, ...(c.extra ?? {}) })}`;
    if (!c.failure) {
      out.push(`${open}/>`);
      continue;
    }
    out.push(`${open}>`);
    out.push(`      <failure${attrs({ message: c.failure.message, type: c.failure.type })}>${textEscape(c.failure.body)}</failure>`);
    out.push('    </testcase>');
  }
  out.push('  </testsuite>');
  return out;
}

export function formatJunit(o: CheckOutcome): string {
  const thresholdCases: Case[] = o.thresholds.map((r) => ({
    name: r.name,
    classname: 'ehcp-audit.thresholds',
    ...(r.pass ? {} : { failure: { message: r.message, type: r.kind, body: [`${r.name}: ${r.message}`] } }),
  }));
  const titles = new Map(o.criticalCriteria.map((c) => [c.id, c.title]));
  const isBaseline = o.gatedBy === 'baseline';
  const planCases: Case[] = o.gatingPlans.map((p) => {
    const what = isBaseline ? 'newly fails' : 'does not meet';
    const message = `${p.ref} ${what} critical criteri${p.criteria.length === 1 ? 'on' : 'a'} ${p.criteria.join(', ')}`;
    return {
      name: p.ref,
      classname: 'ehcp-audit.plans',
      extra: { file: p.file, line: p.line },
      failure: { message, type: isBaseline ? 'baseline_plans' : 'no_critical_not_met', body: [`${p.file}:${p.line}: ${message}`, ...p.criteria.map((id) => `  ${id}: ${titles.get(id) ?? ''}`.trimEnd())] },
    };
  });
  const properties: [string, string][] = [
    ['input', o.input.file],
    ['rubric', `${o.rubric.id} ${o.rubric.version}`],
    ['as_of', ukDate(o.asOf)],
    ['plans', String(o.plans)],
    ...(o.config ? ([['config', o.config]] as [string, string][]) : []),
    ...(o.baseline ? ([['baseline', o.baseline.file]] as [string, string][]) : []),
  ];
  const tests = thresholdCases.length + planCases.length;
  const failures = thresholdCases.filter((c) => c.failure).length + planCases.length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'ehcp-audit check', tests, failures, errors: 0 })}>`,
    ...suite('thresholds', thresholdCases, properties),
    ...suite('plans', planCases),
    '</testsuites>',
    '',
  ].join('\n');
}
