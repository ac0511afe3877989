/** A grade limit's condition in words, for reports and `rubric show` ("2+ critical not met", "E-pfa or review-in-date not met"). */
export function limitCondition(l: { critical_not_met?: number; not_met?: readonly string[] }): string {
  return l.not_met ? `${l.not_met.join(' or ')} not met` : `${l.critical_not_met}+ critical not met`;
}
