import { describe, expect, it } from 'vitest';
import { fillMessage } from '../../src/report/scorecard.js';
import { FINDING_PLACEHOLDERS, MESSAGE_PLACEHOLDERS, fillTemplate, templateError } from '../../src/rubric/templates.js';

describe('message and finding templates', () => {
  it('fills each placeholder, in one pass: a value is not read for placeholders', () => {
    expect(fillTemplate('{title}: {reasons}.', { reasons: "'as required' in Section F item 2", title: 'Section F is specific' })).toBe(
      "Section F is specific: 'as required' in Section F item 2.",
    );
    expect(fillTemplate('{reasons} ({title})', { reasons: 'a reason quoting {title}', title: 'T' })).toBe('a reason quoting {title} (T)');
    // explain's message: plan text quoted in a reason (--show-text) is left as it is.
    expect(fillMessage('{reasons}', 'T', '\'as required\' in Section F item 2: "see {title}"')).toBe('\'as required\' in Section F item 2: "see {title}"');
  });

  it('keeps braces around anything but one word as written', () => {
    expect(fillTemplate('{see QA 4.2} {} { x: 1 } {reasons}', { reasons: 'r', title: 't' })).toBe('{see QA 4.2} {} { x: 1 } r');
    expect(templateError('{see QA 4.2} {} { x: 1 } {reasons}', MESSAGE_PLACEHOLDERS)).toBeUndefined();
  });

  it('refuses a placeholder the template does not take, naming those it does', () => {
    expect(templateError('Bad {reason} {title}', MESSAGE_PLACEHOLDERS)).toBe('unknown placeholder {reason}: the placeholders here are {reasons} and {title}');
    expect(templateError('{met} of {n} {bogus} {scope}{reasons}', FINDING_PLACEHOLDERS)).toBe(
      'unknown placeholders {bogus} and {reasons}: the placeholders here are {met}, {n}, {scope}, {rate}, {low} and {high}',
    );
    // Spaces inside the braces: it looks meant as a placeholder, and would be printed as written.
    expect(templateError('Missing: { reasons }', MESSAGE_PLACEHOLDERS)).toBe('unknown placeholder { reasons }: the placeholders here are {reasons} and {title}');
    expect(templateError('{met} of {n} {scope} ({rate}; 95% CI {low} to {high}).', FINDING_PLACEHOLDERS)).toBeUndefined();
  });
});
