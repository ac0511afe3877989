/**
 * Helpers for the CI gate tests: a tiny XML well-formedness and structure check (no XML library
 * is installed), GitHub workflow-command syntax, an RFC 4180 CSV writer, and a degraded copy of
 * the example export for baseline tests.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { AuditReport } from '../../src/audit/report.js';
import { runAudit } from '../../src/audit/run.js';
import { PlanSource } from '../../src/records/source.js';
import { loadRubric } from '../../src/rubric/load.js';
import { fixture } from '../helpers/cli.js';

export const AS_OF = '2026-11-26';

let cached: AuditReport | undefined;

/** The audit of the example export (default rubric, as of 26/11/2026): a fresh copy each call. */
export async function exampleReport(file = fixture('example-export.csv'), map?: string): Promise<AuditReport> {
  if (file === fixture('example-export.csv') && map === undefined && cached) return structuredClone(cached);
  const report = await runAudit({ source: new PlanSource({ file, asOf: AS_OF, ...(map ? { map } : {}) }), rubric: loadRubric('default'), asOf: AS_OF, showText: false, where: [] });
  if (file === fixture('example-export.csv') && map === undefined) cached = structuredClone(report);
  return report;
}

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = '[A-Za-z_][\\w.-]*';
const ATTR = new RegExp(`\\s+(${NAME})\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`, 'y');
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/y;

function checkText(s: string, where: number): string {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '<') throw new Error(`XML: '<' in text at ${where + i}`);
    if (s[i] === '&') {
      ENTITY.lastIndex = i;
      const m = ENTITY.exec(s);
      if (!m) throw new Error(`XML: bare '&' at ${where + i}`);
      i += m[0].length - 1;
    }
  }
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-fA-F]+);/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&');
}

/**
 * Parse a small XML document strictly enough for tests: one optional XML declaration, one root
 * element, tags nested and closed in order, attributes quoted and unique, entities known, no
 * stray '<' or '&'. Throws on any problem; returns the root element.
 */
export function parseXml(xml: string): XmlElement {
  let i = 0;
  const decl = /^<\?xml\s+version="1\.0"(?:\s+encoding="UTF-8")?\s*\?>/.exec(xml);
  if (decl) i = decl[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (stack.length === 0) {
      if (text.trim() !== '') throw new Error(`XML: text outside the root element at ${i}`);
    } else stack[stack.length - 1]!.text += checkText(text, i);
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith('</', i)) {
      const m = new RegExp(`</(${NAME})\\s*>`, 'y');
      m.lastIndex = i;
      const close = m.exec(xml);
      if (!close) throw new Error(`XML: bad closing tag at ${i}`);
      const open = stack.pop();
      if (!open || open.name !== close[1]) throw new Error(`XML: </${close[1]}> at ${i} closes <${open?.name ?? '(nothing)'}>`);
      i = m.lastIndex;
      continue;
    }
    const m = new RegExp(`<(${NAME})`, 'y');
    m.lastIndex = i;
    const open = m.exec(xml);
    if (!open) throw new Error(`XML: bad tag at ${i}`);
    if (root && stack.length === 0) throw new Error(`XML: a second root element at ${i}`);
    i = m.lastIndex;
    const el: XmlElement = { name: open[1]!, attrs: {}, children: [], text: '' };
    for (;;) {
      ATTR.lastIndex = i;
      const a = ATTR.exec(xml);
      if (!a) break;
      if (a[1]! in el.attrs) throw new Error(`XML: duplicate attribute ${a[1]} on <${el.name}>`);
      el.attrs[a[1]!] = checkText(a[2] ?? a[3] ?? '', i);
      i = ATTR.lastIndex;
    }
    const end = /\s*(\/?)>/y;
    end.lastIndex = i;
    const e = end.exec(xml);
    if (!e) throw new Error(`XML: <${el.name}> at ${lt}: attribute not quoted, or tag not closed`);
    i = end.lastIndex;
    if (stack.length > 0) stack[stack.length - 1]!.children.push(el);
    else root = el;
    if (e[1] !== '/') stack.push(el);
  }
  if (stack.length > 0) throw new Error(`XML: <${stack[stack.length - 1]!.name}> is never closed`);
  if (!root) throw new Error('XML: no root element');
  return root;
}

/**
 * Check a JUnit document's structure: <testsuites> of <testsuite> of <testcase> (each with at most
 * one <failure message=...>), and that every tests/failures attribute matches what is inside.
 */
export function checkJunit(xml: string): { suites: Record<string, { tests: number; failures: number; cases: XmlElement[] }>; tests: number; failures: number } {
  const root = parseXml(xml);
  if (root.name !== 'testsuites') throw new Error(`JUnit: root is <${root.name}>, not <testsuites>`);
  const suites: Record<string, { tests: number; failures: number; cases: XmlElement[] }> = {};
  let tests = 0;
  let failures = 0;
  for (const s of root.children) {
    if (s.name !== 'testsuite') throw new Error(`JUnit: <${s.name}> inside <testsuites>`);
    const cases = s.children.filter((c) => c.name === 'testcase');
    const other = s.children.filter((c) => c.name !== 'testcase' && c.name !== 'properties');
    if (other.length > 0) throw new Error(`JUnit: <${other[0]!.name}> inside <testsuite>`);
    let f = 0;
    for (const c of cases) {
      if (!c.attrs.name || !c.attrs.classname) throw new Error('JUnit: a testcase without name or classname');
      const fails = c.children.filter((x) => x.name === 'failure');
      if (fails.length > 1) throw new Error(`JUnit: testcase ${c.attrs.name} has ${fails.length} failures`);
      if (fails.length === 1 && !fails[0]!.attrs.message) throw new Error(`JUnit: failure of ${c.attrs.name} has no message`);
      f += fails.length;
    }
    if (Number(s.attrs.tests) !== cases.length) throw new Error(`JUnit: suite ${s.attrs.name} says tests=${s.attrs.tests}, has ${cases.length}`);
    if (Number(s.attrs.failures) !== f) throw new Error(`JUnit: suite ${s.attrs.name} says failures=${s.attrs.failures}, has ${f}`);
    suites[s.attrs.name ?? ''] = { tests: cases.length, failures: f, cases };
    tests += cases.length;
    failures += f;
  }
  if (Number(root.attrs.tests) !== tests) throw new Error(`JUnit: testsuites says tests=${root.attrs.tests}, has ${tests}`);
  if (Number(root.attrs.failures) !== failures) throw new Error(`JUnit: testsuites says failures=${root.attrs.failures}, has ${failures}`);
  return { suites, tests, failures };
}

/**
 * One GitHub workflow command in its documented syntax: `::level key=value,key=value::message`;
 * property values have no raw ':' ',' CR LF or lone '%'; the message no raw CR, LF or lone '%'.
 */
const ESCAPED = '(?:[^%\\r\\n]|%25|%0D|%0A)';
const PROP_VALUE = '(?:[^%\\r\\n:,]|%25|%0D|%0A|%3A|%2C)';
export const ANNOTATION = new RegExp(`^::(error|warning|notice)(?: ((?:file|line|endLine|col|endColumn|title)=${PROP_VALUE}+(?:,(?:file|line|endLine|col|endColumn|title)=${PROP_VALUE}+)*))?::(${ESCAPED}*)$`);

export function parseAnnotation(line: string): { level: string; props: Record<string, string>; message: string } | null {
  const m = ANNOTATION.exec(line);
  if (!m) return null;
  const unescape = (s: string) => s.replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
  const props: Record<string, string> = {};
  for (const kv of (m[2] ?? '').split(',').filter(Boolean)) {
    const eq = kv.indexOf('=');
    props[kv.slice(0, eq)] = unescape(kv.slice(eq + 1));
  }
  return { level: m[1]!, props, message: unescape(m[3]!) };
}

/** One CSV field, quoted per RFC 4180 when it holds a comma, quote, CR or LF. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows to RFC 4180 CSV: CRLF between records. */
export function toCsv(rows: string[][]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The example export as header + rows. */
export function readExample(): { header: string[]; rows: string[][] } {
  const all = parse(readFileSync(fixture('example-export.csv')), { bom: true, relax_column_count: false }) as string[][];
  return { header: all[0]!, rows: all.slice(1) };
}

export interface Degradation {
  /** Refs whose "Child Views" is blanked. */
  blankViews?: string[];
  /** Refs whose "Sec F Provision" gains "as required". */
  vagueF?: string[];
  /** Refs whose "Child Views" gets the child's views written in (an improvement). */
  fillViews?: string[];
  /** [from, to]: plans whose "Plan Ref" is changed (to 'constructor', '__proto__', say). */
  renameRefs?: [string, string][];
}

/** Write a changed copy of the example export to `path` (RFC 4180, CRLF). */
export function writeDegraded(path: string, d: Degradation): void {
  const { header, rows } = readExample();
  const ref = header.indexOf('Plan Ref');
  const views = header.indexOf('Child Views');
  const f = header.indexOf('Sec F Provision');
  if (ref < 0 || views < 0 || f < 0) throw new Error('example export columns changed');
  for (const row of rows) {
    const r = row[ref]!;
    if (d.blankViews?.includes(r)) row[views] = '';
    if (d.vagueF?.includes(r)) row[f] = `${row[f]}\nSupport from a teaching assistant, as required.`;
    if (d.fillViews?.includes(r)) row[views] = 'I like drawing, playing football at break and seeing my friends at lunch. I find reading hard, and it helps when "someone" reads with me first. I want to be an artist when I grow up.';
    const renamed = d.renameRefs?.find(([from]) => from === r);
    if (renamed) row[ref] = renamed[1];
  }
  writeFileSync(path, toCsv([header, ...rows]));
}
