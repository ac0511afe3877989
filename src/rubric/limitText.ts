/** A grade limit's condition in words, for reports and `rubric show` ("2+ critical not met", "1+ critical not fully met", "E-pfa or review-in-date not met"). */
export function limitCondition(l: { critical_not_met?: number; critical_not_fully_met?: number; not_met?: readonly string[] }): string {
  if (l.not_met) return `${l.not_met.join(' or ')} not met`;
  return l.critical_not_fully_met !== undefined ? `${l.critical_not_fully_met}+ critical not fully met` : `${l.critical_not_met}+ critical not met`;
}
