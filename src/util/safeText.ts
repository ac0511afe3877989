/**
 * Output safety for text from the input (the export's references, names, districts, reasons
 * quoting a cell; worksheet cells; values read back from a report file). One design for every
 * format, in two layers:
 *
 * 1. displayText, for each VALUE placed in a format a person reads (terminal text, Markdown,
 *    HTML): control characters are written as \xHH, and bidirectional formatting characters and
 *    the invisible U+200B, U+2060, U+FEFF, U+2028 and U+2029 as \uXXXX, so a value can neither
 *    act on the terminal (recolour, retitle, clear, overwrite a line with CR, start a line of its
 *    own with LF) nor hide a difference nor display reversed ("Trojan Source",
 *    CVE-2021-42574: "EHCP<U+202E>1234" shows as "EHCP4321"). Escape notation, not U+FFFD: it says
 *    which code the export holds, so the record can be found and fixed, and it is not the U+FFFD
 *    the decoder writes for bytes it cannot decode.
 *
 * 2. The CI guard, for every LINE of a whole output: nothing a CI runner executes as a command.
 *    GitHub Actions runs a line that begins with "::" after leading white space (workflow
 *    commands), and its older syntax "##[" anywhere in a line; Azure Pipelines runs "##vso[" and
 *    reads "##[section]"-style formatting commands anywhere in a line (its agent searches each line
 *    for the prefix, stdout and stderr alike); TeamCity reads "##teamcity[". So the first of the
 *    two colons, and the bracket after "##" and a word, are written escaped: \x3a and \x5b in plain
 *    text (ciSafeText); &#58; and &#91; in Markdown, HTML and XML (ciSafeMarkup), which a renderer
 *    or parser reads back as the same text. Format characters (U+200B, U+00AD, U+FEFF...) are
 *    looked through, since .NET's culture-aware StartsWith/IndexOf, which the runners use, may
 *    ignore them. Plain text needs the guard on the finished lines (wrapping can start a line with
 *    any word of a value); the markup formats apply it to each value (a value may begin a line).
 *
 * Data formats keep the text exactly: JSON (JSON.stringify escapes C0 controls) and CSV carry the
 * values as they are, and JUnit XML and GitHub annotations use their own escaping (junit.ts,
 * githubAnnotations.ts), which the CI guard complements.
 */

// C0 controls (U+0000-U+001F: ESC, BEL, CR, LF, tab...), DEL, and C1 controls (U+0080-U+009F,
// which some terminals take as CSI or OSC).
const CONTROL = '\\u0000-\\u001f\\u007f-\\u009f';
// Bidirectional formatting characters: ALM, LRM, RLM, the embeddings and overrides LRE RLE PDF
// LRO RLO, and the isolates LRI RLI FSI PDI (Unicode UAX #9).
const BIDI = '\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';
// Invisible characters with no place in a reference, a code or a district: zero-width space,
// word joiner, zero-width no-break space (a stray byte-order mark), and the line and paragraph
// separators. Shown, so that "EHCP-1" and "EHCP-1<U+200B>", two plans to the duplicate check,
// do not look the same. The zero-width joiners (U+200C, U+200D) are left: scripts and emoji need them.
const INVISIBLE = '\\u200b\\u2028\\u2029\\u2060\\ufeff';

const UNSAFE = new RegExp(`[${CONTROL}${BIDI}${INVISIBLE}]`, 'g');
const UNSAFE_KEEPING_LINE_BREAKS = new RegExp(`(?![\\r\\n])[${CONTROL}${BIDI}${INVISIBLE}]`, 'g');

function escapeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * A value from the input made safe to display: controls as \xHH (`\x1b`), bidirectional
 * formatting characters as \uXXXX (`\u202E`). `keepLineBreaks` leaves CR and LF for a format that
 * encodes them itself (GitHub annotations: %0D, %0A).
 */
export function displayText(s: string, opts: { keepLineBreaks?: boolean } = {}): string {
  return s.replace(opts.keepLineBreaks ? UNSAFE_KEEPING_LINE_BREAKS : UNSAFE, escapeChar);
}

/** The first character in `s` that displayText escapes, as it escapes it (`\x1b`), or undefined. */
export function firstUnsafe(s: string): string | undefined {
  const ch = new RegExp(UNSAFE.source).exec(s)?.[0];
  return ch === undefined ? undefined : escapeChar(ch);
}

/**
 * The same characters as XML character references (`&#x202E;`), for XML that must keep each value
 * exactly (JUnit: a parser reads the reference back as the character) while its bytes carry none
 * of them raw. C0 controls other than tab, LF and CR are not XML 1.0 at all: the caller replaces
 * them first.
 */
export function xmlCharRefs(s: string): string {
  return s.replace(UNSAFE, (ch) => `&#x${ch.charCodeAt(0).toString(16).toUpperCase()};`);
}

// "::" at the start of a line, after white space and format characters: the first colon.
const LINE_COMMAND = /^([\s\p{Cf}]*):(?=\p{Cf}*:)/u;
// "##", a word (vso, teamcity, or none), then "[": the bracket.
const HASH_COMMAND = /(#\p{Cf}*#[\w\p{Cf}]*)\[/gu;
// The same, to test for one (a global regex's test() would carry lastIndex from call to call).
const HAS_HASH_COMMAND = new RegExp(HASH_COMMAND.source, 'u');

function guardLines(text: string, colon: string, bracket: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(LINE_COMMAND, `$1${colon}`).replace(HASH_COMMAND, `$1${bracket}`))
    .join('\n');
}

/** Plain text with no line a CI runner executes: `::` at a line's start as `\x3a:`, `##vso[` as `##vso\x5b`. */
export function ciSafeText(text: string): string {
  return guardLines(text, '\\x3a', '\\x5b');
}

/** The same for Markdown, HTML and XML, as character references a renderer shows as the original text. */
export function ciSafeMarkup(text: string): string {
  return guardLines(text, '&#58;', '&#91;');
}

/**
 * `s` as a YAML double-quoted scalar that reads back as `s` and holds no CI command: the bracket
 * of `##vso[` written `\x5b`, a YAML escape. (A value in YAML never begins a line, so `::` cannot
 * start one.) For the mapping `init` writes, which a CI job may print.
 */
export function ciSafeYamlQuoted(s: string): string {
  return JSON.stringify(s).replace(HASH_COMMAND, '$1\\x5b');
}

/** Does `s` hold a `##vso[`-style CI command anywhere? */
export function holdsCiCommand(s: string): boolean {
  return HAS_HASH_COMMAND.test(s);
}

/** One line of a CI log (the check summary, stderr): displayText and the CI guard. */
export function logLine(line: string): string {
  return ciSafeText(displayText(line));
}

/** A finished plain-text output from its lines (values already through displayText): guarded, ending in a newline. */
export function textDocument(lines: string[]): string {
  return `${ciSafeText(lines.join('\n'))}\n`;
}
