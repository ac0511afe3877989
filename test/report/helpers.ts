/** Small helpers shared by the formatter tests. */

/** ANSI escape sequences (colour, cursor). */
export const ANSI = new RegExp(`${String.fromCharCode(27)}\\[`);

/** Collapse runs of whitespace (and table borders' wrapping) so wrapped text can be searched. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/** Number of `|` that are table separators (not escaped by a backslash) on a Markdown line. */
export function unescapedPipes(line: string): number {
  let n = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '|') n++;
  }
  return n;
}

/** Markdown tables: runs of consecutive lines starting with `|`. */
export function markdownTables(md: string): string[][] {
  const tables: string[][] = [];
  let current: string[] | null = null;
  for (const line of md.split('\n')) {
    if (line.startsWith('|')) {
      if (!current) tables.push((current = []));
      current.push(line);
    } else current = null;
  }
  return tables;
}

/**
 * The text of each column of the box-drawn tables in `out`, fragments of wrapped cells joined
 * with spaces (a row's continuation lines follow it, so a wrapped cell reads back whole).
 */
export function columnTexts(out: string): string[] {
  const cols: string[][] = [];
  for (const line of out.split('\n')) {
    if (!line.startsWith('│')) continue;
    line
      .split('│')
      .slice(1, -1)
      .forEach((cell, i) => (cols[i] ??= []).push(cell.trim()));
  }
  return cols.map((c) => squash(c.filter(Boolean).join(' ')));
}

/** Control characters other than the LF that ends each line: none may reach a terminal from the input. */
// eslint-disable-next-line no-control-regex
export const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

/** The colour codes the tool itself writes (chalk's SGR sequences), removed. */
// eslint-disable-next-line no-control-regex
export const withoutColour = (text: string): string => text.replace(/\u001b\[\d+(?:;\d+)*m/g, '');

/** Lines GitHub Actions would run as a workflow command (it trims leading white space first). */
export const workflowCommands = (text: string): string[] => text.split('\n').filter((l) => l.trimStart().startsWith('::'));

/** Bidirectional formatting characters (the "Trojan Source" set): none may reach a text output raw. */
export const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * Lines a CI runner would run as a command: GitHub Actions trims leading white space, then looks
 * for "::"; Azure Pipelines looks for "##vso[" (and "##[" formatting commands) anywhere in a line.
 */
export const ciCommands = (text: string): string[] => text.split(/\r\n|\r|\n/).filter((l) => /^[\s\p{Cf}]*:\p{Cf}*:/u.test(l) || /#\p{Cf}*#[\w\p{Cf}]*\[/u.test(l));
