import { describe, expect, it } from 'vitest';
import { formatSampleJson, formatSampleList } from '../../src/report/sampleList.js';
import { auditReport, hostileReport, sampleReport, showTextReport } from './sampleReport.js';
import { ANSI, RAW_CONTROL, columnTexts, squash, workflowCommands } from './helpers.js';

describe('sample-list formatter', () => {
  const r = sampleReport();
  const out = formatSampleList(r);

  it('has the header auditors need to reproduce the draw', () => {
    const s = squash(out);
    expect(s).toContain('Audit sample: 3 plans from 48 (seed 1), as of 26/11/2026');
    expect(s).toContain('Seed: 1');
    expect(s).toContain('Sample size: 3');
    expect(s).toContain('Population: 48 plans');
    expect(s).toContain('Strata: needs.primary / phase');
    expect(s).toMatch(/ASD \/ KS2 │ 20 │ 1 │/);
    expect(s).toContain('Guaranteed groups: looked after (1 picked of 4)');
    expect(s).toContain('exports/plans-2026-11.csv');
  });

  it('lists every pick with its ref, file:line, stratum and reason', () => {
    const s = squash(out);
    for (const p of r.sample!.picks) {
      expect(s).toContain(p.ref);
      expect(s).toContain(`${p.file}:${p.line}`);
      expect(s).toContain(p.stratum);
    }
    expect(columnTexts(out).join('\n')).toContain('guaranteed group: looked after (stratum SEMH / KS4)');
  });

  it('is plain, narrow, and carries no scores or names', () => {
    expect(out).not.toMatch(ANSI);
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    expect(out).not.toContain('Outstanding');
    expect(formatSampleList(showTextReport())).not.toContain('Amelia');
  });

  it('says it holds personal data only when --show-text let a stratum, filter or group print a name or plan text', () => {
    // --show-text with coded strata: the list holds references only, so no notice.
    const coded = showTextReport();
    expect(formatSampleList(coded)).not.toContain('Names and plan text');
    const byName = showTextReport();
    byName.sample!.strataKeys = ['child.name'];
    expect(squash(formatSampleList(byName))).toContain('Names and plan text: shown (--show-text)');
    const byText = showTextReport();
    byText.sample!.where = ['a.childViews~football'];
    expect(squash(formatSampleList(byText))).toContain('Names and plan text: shown (--show-text)');
    const byGroup = showTextReport();
    byGroup.sample!.includeGroups = [{ name: 'child.name=Amelia Hart', population: 1, picked: 1, guaranteed: true }];
    expect(squash(formatSampleList(byGroup))).toContain('Names and plan text: shown (--show-text)');
  });

  it('wraps long notes within the width', () => {
    const x = sampleReport();
    x.sample!.notes = ['Guaranteed group "looked after": no proportional pick belonged to it, so a random member replaced a pick in the same stratum (MLD / KS2).'];
    const text = formatSampleList(x);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    expect(squash(text)).toContain(`* ${x.sample!.notes[0]}`);
  });

  it('writes control characters from the export (refs, files, strata, reasons, notes) as \\xHH', () => {
    const text = formatSampleList(hostileReport());
    expect(text).not.toMatch(RAW_CONTROL);
    expect(workflowCommands(text)).toEqual([]);
    const flat = (columnTexts(text).join('') + text).replace(/\s/g, '');
    for (const where of ['EHC-2024-0012', 'exports/plans-2026-11.csv', 'SEMH/KS4', 'lookedafter".', '(proportional:1of12)']) {
      expect(flat).toContain(`${where}EHCP-\\x1b]0;pwned\\x07\\x1b[31mRED\\x0a::errortitle=forged::x\\x0d\\x9b2J\\x7f`);
    }
  });

  it('says so when the report is not a sample', () => {
    expect(formatSampleList(auditReport())).toMatch(/not a sample/);
  });
});

describe('sample-json formatter', () => {
  it('writes only schemaVersion, tool, kind, input, rubric, asOf and sample', () => {
    const r = showTextReport();
    const j = JSON.parse(formatSampleJson(r)) as Record<string, unknown>;
    expect(Object.keys(j)).toEqual(['schemaVersion', 'tool', 'kind', 'input', 'rubric', 'asOf', 'sample']);
    expect(j.kind).toBe('sample-list');
    expect(j.sample).toEqual(r.sample);
    expect(j.input).toEqual(r.input);
    expect(JSON.stringify(j)).not.toContain('Amelia');
  });
});
