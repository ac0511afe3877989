/** terminalText: text from the export made safe for a terminal or CI log line. */
import { describe, expect, it } from 'vitest';
import { terminalText } from '../../src/util/strings.js';

describe('terminalText', () => {
  it('writes C0 controls, DEL and C1 controls as \\xHH', () => {
    expect(terminalText('EHCP-\x1b]0;pwned\x07\x1b[31mRED')).toBe('EHCP-\\x1b]0;pwned\\x07\\x1b[31mRED');
    expect(terminalText('a\nb\rc\r\nd\te')).toBe('a\\x0ab\\x0dc\\x0d\\x0ad\\x09e');
    expect(terminalText('\x00\x1f\x7f\x80\x9b\x9f')).toBe('\\x00\\x1f\\x7f\\x80\\x9b\\x9f');
  });

  it('leaves everything else as it is', () => {
    const ordinary = "EHC-2024-0012 Jack O'Neill, Kellbrook — 95% ± 5 • \u00a0\u00a0é \\x1b";
    expect(terminalText(ordinary)).toBe(ordinary);
    expect(terminalText('\u00a0\u00ff')).toBe('\u00a0\u00ff');
  });

  it('leaves no control character at all, whatever the input', () => {
    let all = '';
    for (let i = 0; i < 0x200; i++) all += String.fromCharCode(i);
    // eslint-disable-next-line no-control-regex
    expect(terminalText(all)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });
});
