/** The actions of `ehcp-audit rubric validate|show FILE` (registered in rubric.ts): check a rubric and list its criteria. */
import Table from 'cli-table3';
import { loadRubric } from '../rubric/load.js';
import { limitCondition } from '../rubric/limitText.js';
import { refuseOverwrite } from '../report/overwrite.js';
import { displayPath } from '../util/paths.js';
import { displayText, logLine, textDocument } from '../util/safeText.js';
import { printRubricWarnings } from './terminal.js';

export function runRubricValidate(file: string): void {
  const r = loadRubric(file);
  // Standard output opened on the rubric (`>> rubric.yaml`) would add to it.
  refuseOverwrite([{ path: '-', what: 'listing' }], { rubric: r.files });
  printRubricWarnings(r);
  const warned = r.warnings.length === 0 ? '' : `, ${r.warnings.length} warning${r.warnings.length > 1 ? 's' : ''}`;
  // Through logLine as every other terminal output: a title, version or path may hold escape
  // sequences (version: "\e[2J" cleared the screen), or a CI command.
  process.stdout.write(`${logLine(`${displayPath(r.files[0]!)}: OK: rubric '${r.id}' version ${r.version}, ${r.criteria.length} ${r.criteria.length === 1 ? 'criterion' : 'criteria'}${r.files.length > 1 ? ` (extends ${r.files.slice(1).map(displayPath).join(' -> ')})` : ''}${warned}`)}\n`);
}

export function runRubricShow(file: string, flags: { json?: boolean }): void {
  const r = loadRubric(file);
  // Standard output opened on the rubric (`>> rubric.yaml`) would add to it.
  refuseOverwrite([{ path: '-', what: 'listing' }], { rubric: r.files });
  printRubricWarnings(r);
  const rows = r.criteria.map((c) => ({
    id: c.def.id,
    section: c.def.section,
    severity: c.def.severity,
    weight: c.def.weight,
    check: String((c.def.check as { type: string }).type),
    title: c.def.title,
    source: c.def.source,
    appliesWhen: c.def.applies_when ?? null,
  }));
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ id: r.id, version: r.version, title: r.title, grades: r.grades, partlyCredit: r.partlyCredit, criteria: rows }, null, 2)}\n`);
    return;
  }
  // Each value through displayText before the table measures it (as report/table.ts does), and
  // the whole through the CI guard: the rubric's text may hold escape sequences or a CI command.
  const t = new Table({ head: ['id', 'section', 'severity', 'weight', 'check', 'title', 'source'], colWidths: [26, 9, 10, 8, 12, 40, 44], wordWrap: true, style: { head: [], border: [] } });
  for (const x of rows) t.push([x.id, x.section, x.severity, String(x.weight), x.check, x.title, x.source].map((v) => displayText(v)));
  const bands = r.grades.bands.map((b) => `${b.name} >= ${b.min}`).join('; ');
  const limits = r.grades.limits.map((l) => `${limitCondition(l)} -> at best ${l.cap}`).join('; ');
  const head = [`${r.title} (${r.id} ${r.version}): ${r.criteria.length} ${r.criteria.length === 1 ? 'criterion' : 'criteria'}`, `Grades: ${bands}`, `Limiting judgements: ${limits || 'none'}`, `Partly met earns: ${r.partlyCredit}`];
  process.stdout.write(textDocument([...head.map((l) => displayText(l)), t.toString()]));
}
