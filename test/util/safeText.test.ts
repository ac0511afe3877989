/** util/safeText.ts: text from the input made safe to display, and no line a CI runner runs. */
import { describe, expect, it } from 'vitest';
import { ciSafeMarkup, ciSafeText, displayText, logLine, textDocument, xmlCharRefs } from '../../src/util/safeText.js';
import { BIDI_CONTROL } from '../report/helpers.js';

describe('displayText', () => {
  it('writes C0 controls, DEL and C1 controls as \\xHH', () => {
    expect(displayText('EHCP-\x1b]0;pwned\x07\x1b[31mRED')).toBe('EHCP-\\x1b]0;pwned\\x07\\x1b[31mRED');
    expect(displayText('a\nb\rc\r\nd\te')).toBe('a\\x0ab\\x0dc\\x0d\\x0ad\\x09e');
    expect(displayText('\x00\x1f\x7f\x80\x9b\x9f')).toBe('\\x00\\x1f\\x7f\\x80\\x9b\\x9f');
  });

  it('writes bidirectional formatting characters as \\uXXXX, so a reference cannot display reversed', () => {
    expect(displayText('EHCP\u202E1234')).toBe('EHCP\\u202E1234');
    expect(displayText('\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069')).toBe(
      '\\u061C\\u200E\\u200F\\u202A\\u202B\\u202C\\u202D\\u202E\\u2066\\u2067\\u2068\\u2069',
    );
  });

  it('leaves everything else as it is: letters of any script, NBSP, dashes, the backslash itself', () => {
    const ordinary = "EHC-2024-0012 Jack O'Neill, Kellbrook — 95% ± 5 • \u00a0\u00a0é \\x1b عربي עברית";
    expect(displayText(ordinary)).toBe(ordinary);
    expect(displayText('\u00a0\u00ff\u200c\u200d')).toBe('\u00a0\u00ff\u200c\u200d');
  });

  it('writes the invisible characters a reference must not hide as \\uXXXX (zero-width space, word joiner, BOM, line and paragraph separators)', () => {
    expect(displayText('EHCP-1\u200b')).toBe('EHCP-1\\u200B');
    expect(displayText('a\u2028b\u2029c\u2060d\ufeffe')).toBe('a\\u2028b\\u2029c\\u2060d\\uFEFFe');
  });

  it('leaves no control or bidirectional character at all, whatever the input', () => {
    let all = '';
    for (let i = 0; i < 0x2100; i++) all += String.fromCharCode(i);
    const shown = displayText(all);
    // eslint-disable-next-line no-control-regex
    expect(shown).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(shown).not.toMatch(BIDI_CONTROL);
  });

  it('keepLineBreaks leaves CR and LF (for a format that encodes them) and nothing else', () => {
    expect(displayText('a\r\nb\x1b\u202E', { keepLineBreaks: true })).toBe('a\r\nb\\x1b\\u202E');
  });

  it('xmlCharRefs writes the same characters as XML character references', () => {
    expect(xmlCharRefs('EHCP\u202E1\x9b2\x7f')).toBe('EHCP&#x202E;1&#x9B;2&#x7F;');
  });
});

describe('the CI guard', () => {
  it('GitHub Actions: "::" at the start of a line, after white space or format characters', () => {
    expect(ciSafeText('::error::x')).toBe('\\x3a:error::x');
    expect(ciSafeText('  ::add-mask::z\n\t::warning::w')).toBe('  \\x3a:add-mask::z\n\t\\x3a:warning::w');
    expect(ciSafeText('\u00a0\u200b::error::x')).toBe('\u00a0\u200b\\x3a:error::x');
    expect(ciSafeText(':\u200b:error::x')).toBe('\\x3a\u200b:error::x');
    // Not at a line's start: not a command, left alone.
    expect(ciSafeText('ref ::error::x')).toBe('ref ::error::x');
  });

  it('Azure Pipelines, GitHub\'s older syntax, TeamCity: "##vso[", "##[", "##teamcity[" anywhere in a line', () => {
    expect(ciSafeText('│ ##vso[task.setvariable variable=x]y │')).toBe('│ ##vso\\x5btask.setvariable variable=x]y │');
    expect(ciSafeText('a ##[error]b ##[group]c')).toBe('a ##\\x5berror]b ##\\x5bgroup]c');
    expect(ciSafeText('###teamcity[x] #\u200b#vso[y]')).toBe('###teamcity\\x5bx] #\u200b#vso\\x5by]');
  });

  it('as character references in markup, which a renderer shows as the original text', () => {
    expect(ciSafeMarkup('::error::x ##vso[task.complete]')).toBe('&#58;:error::x ##vso&#91;task.complete]');
  });

  it('changes nothing in ordinary lines', () => {
    for (const line of ['ehcp-audit check: PASS: 1 threshold holds', '  EHCP-2017-00002  exports/a.csv:12  G-health-provision', 'a::b', '  #1 [x]', '## Heading', '# [link](x)', 'C# [a]']) {
      expect(ciSafeText(line)).toBe(line);
      expect(logLine(line)).toBe(line);
    }
  });

  it('textDocument guards every line of a finished output and ends it with a newline', () => {
    expect(textDocument(['title', '    ::error::x', 'EHCP ##vso[a]b'])).toBe('title\n    \\x3a:error::x\nEHCP ##vso\\x5ba]b\n');
  });
});
