/**
 * School years in England, from ISO dates: a school year starts on 1 September, and a child in
 * the normal cohort starts Reception in the September after their 4th birthday (so a child aged
 * 13 on 31 August starts Year 9 the next day).
 */
import type { PlanRecord } from './model.js';

/** The calendar year in which the school year containing `iso` began (school years start 1 September). */
export function schoolYearStart(iso: string): number {
  const y = Number(iso.slice(0, 4));
  return Number(iso.slice(5, 7)) >= 9 ? y : y - 1;
}

/** NC year in the school year containing `asOf` for a child born on `dob` (normal cohort: Reception in the September after the 4th birthday). */
export function ncYearFromDob(dob: string, asOf: string): number {
  return schoolYearStart(asOf) - schoolYearStart(dob) - 5;
}

/** Whole years of age on `asOf`. */
export function ageOn(dob: string, asOf: string): number {
  const years = Number(asOf.slice(0, 4)) - Number(dob.slice(0, 4));
  return asOf.slice(5) >= dob.slice(5) ? years : years - 1;
}

/**
 * The rubric field `yearGroup`: the NC year the export records; where it records none, the year
 * of a child of that age at the as-of date (from the date of birth), not limited to Reception to
 * Year 14, so a young person of 20 with no NC year counts as past Year 9. Undefined with neither.
 * Exports often leave the NC year blank for young people past school age, who are the ones the
 * preparing-for-adulthood duties are for (CoP 8.5, 9.63).
 */
export function yearGroupOf(rec: PlanRecord, asOf: string): number | undefined {
  if (rec.child.ncYear !== undefined) return rec.child.ncYear;
  return rec.child.dob !== undefined ? ncYearFromDob(rec.child.dob, asOf) : undefined;
}
