/**
 * Column names that say a column holds personal data an audit does not need (data minimisation,
 * UK GDPR Art. 5(1)(c)), and the word splitting they are read with; and values that are contact
 * details whatever their column is called (contactKind), which may not be the plan reference. Small and separate from
 * `init`'s inference (infer.ts), which uses them too, so that a command can ask without loading it.
 */
import { contactKind } from '../../util/contactDetails.js';

/**
 * What `init` writes as `ref:` when no column can be the plan reference. No export has such a
 * column; readMapping refuses it (load.ts checkReference), whatever the export's format.
 */
export const REF_PLACEHOLDER = '<the plan reference column>';

/** Upper-case runs kept whole when lower case follows ("SENtype" -> SEN type, "UPNunknown"). */
const ACRONYMS = new Set(['SEN', 'UPN', 'ULN', 'URN', 'EHCP', 'EHC', 'DOB', 'CLA', 'LAC', 'EHE', 'NC', 'EP', 'AR', 'QA', 'LA', 'CYP', 'YP', 'ID', 'PB']);

/** Column name -> words: "PersonBirthDate" -> "person birth date", "D.O.B" -> "dob". */
export function splitWords(name: string): string {
  return name
    .replace(/\b(?:[A-Za-z]\.){2,}[A-Za-z]?\.?/g, (m) => `${m.replace(/\./g, '')} `)
    .replace(/\(\s*(?:y\s*\/\s*n|yes\s*\/\s*no)\s*\)|\b(?:y\/n|yes\/no)\b/gi, ' ')
    .replace(/[A-Z]{2,}(?=[a-z])/g, (run) => (ACRONYMS.has(run) ? `${run} ` : `${run.slice(0, -1)} ${run.slice(-1)}`))
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([0-9])([A-Z][a-z])/g, '$1 $2')
    .replace(/#/g, ' number ')
    .replace(/&/g, ' and ')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * Column names of personal data that an unmapped column may hold and a QA audit does not need:
 * the child's name and date of birth (when a second column holds them: the mapped ones are
 * child.name and child.dob), free-text notes and comments (case notes name and describe the
 * family), the names and contact details of parents and other relatives, addresses, the child's
 * national identifiers (UPN, ULN, NHS number), the special category data of UK GDPR Art. 9
 * (ethnicity, religion, health: a diagnosis, medical conditions, medication, allergies,
 * disability; sex life), sex and gender, immigration status, and child protection and
 * safeguarding records. An unmapped column otherwise stays on the record as extra.<column>,
 * which a rubric, --where or --strata can print; `init` lists these under `ignore:` instead, so
 * they are never read (data minimisation, UK GDPR Art. 5(1)(c)). Staff names (caseworker, social
 * worker) and the names of settings (School Name, Setting Name) are not matched: LAs break audits
 * down by caseworker and setting.
 */
const PERSONAL_DATA = [
  /\b(?:fore|sur|first|last|middle|given|family|preferred|legal|full|maiden)\s*names?\b/,
  // The child's name: "Pupil Name", "Child's Name", "Name of Young Person", or a column called just
  // "Name", or just the person ("Young Person", "Child"), whose cells are the child's name.
  /\b(?:child|children|pupil|student|learner|young person|yp|cyp|person|client|service user)(?: s)? names?\b|\bnames? of (?:the )?(?:child|pupil|student|learner|young person|yp|cyp|person)\b|\bknown as\b/,
  /^ (?:names?|child|pupil|student|learner|young person|yp|cyp|client|service user) $/,
  /\bdob\b|\bdate of birth\b|\bbirth\s*(?:date|day)\b|\bborn\b/,
  // Free text kept about the child and family (case notes, comments): not plan text, and it names people.
  /\bnotes?\b|\bcomments?\b/,
  /\b(?:parent|parents|carer|carers|mother|father|guardian|next of kin|emergency contact|siblings?|brothers?|sisters?|grand(?:parent|mother|father)s?)\b(?!.*\b(?:views?|advice|contribution|wishes|forum|partnership)\b)/,
  /\baddress(?:es)?\b|\bpost\s*code\b|\bstreet\b|\bzip\s*code\b/,
  // Short words that are personal data only as a whole column name: "First" and "Last" (the
  // child's names, split in two), "Zip", "Town"; "First Issued", "Last Review" and "Town Hall
  // Contact" are not.
  /^ (?:first|last|middle|zip|town|town city|city town) $/,
  /\b(?:tel|telephone|phone|mobile|landline)\b|\be[\s-]?mail\b/,
  // A contact number or details as a whole column name ("Contact Number", "Contact No.", "Contact
  // Tel", "Mob No"): "Town Hall Contact" and "Contact Caseworker" are not.
  /^ (?:(?:home|main|primary|family|alternative|other|emergency) )?contact (?:no|number|num|nbr|tel|telephone|phone|details?|info|information)(?: \d)? $|^ mob(?: no| number| tel)? $/,
  /\bnhs\s*(?:no|number|num|id)\b|\bnational insurance\b|\bni\s*(?:no|number)\b/,
  /\b(?:uln|unique learner number)\b(?!.*\b(?:unknown|missing)\b)/,
  /\bethnicity\b|\bethnic\b|\breligio(?:n|us)\b/,
  // An address in short forms ("Addr 1", "House No", "House #").
  /\baddr\b|\bhouse (?:no|number|num|name)\b/,
  // Health data (UK GDPR Art. 9): a diagnosis, conditions, medicines, allergies, disability. Not
  // the plan's own health sections (Sec C Health Needs, Sec G Health Provision, Medical Needs) nor
  // an SEN2 need (the Primary Need column's PD is physical disability); "Disabilities Team" is a team.
  /\b(?:medical|health) conditions?\b|\bdiagnos(?:is|es|ed)\b|\bmedications?\b|\bmedicines?\b|\ballerg(?:y|ies|ic)\b|\bdisabilit(?:y|ies)\b(?!.*\b(?:team|service)\b)/,
  // Sex, gender and sexuality; immigration status.
  /\bsex\b|\bsexual(?:ity)?\b|\bgender\b|\bimmigration\b|\basylum\b|\bnationality\b/,
  // Child protection and safeguarding records, and free text under any name.
  /\bchild protection\b|\bsafeguarding\b|\bfree text\b|\bfreetext\b/,
];

/**
 * The values of a column that look like contact details (contactKind), and the commonest kind
 * among them: how many of the filled values, out of how many. Values are never returned.
 */
export function contactValues(values: readonly string[], written = false): { count: number; filled: number; kind: string | undefined } {
  const kinds = new Map<string, number>();
  let count = 0;
  let filled = 0;
  for (const v of values) {
    if (v.trim() === '') continue;
    filled++;
    const k = contactKind(v, written);
    if (k === undefined) continue;
    count++;
    kinds.set(k, (kinds.get(k) ?? 0) + 1);
  }
  const kind = [...kinds].sort((a, b) => b[1] - a[1])[0]?.[0];
  return { count, filled, kind };
}

/**
 * Do these plan references (a mapped export's first ones) look like contact details, all or
 * nearly all of them (9 in 10)? Then the mapping's ref reads a phone number, postcode or email
 * column, which every report would print: the commonest kind and how many, or undefined.
 */
export function contactReferences(refs: readonly string[], written = false): { kind: string; count: number; filled: number } | undefined {
  const c = contactValues(refs, written);
  return c.kind !== undefined && c.count >= Math.max(1, Math.ceil(c.filled * 0.9)) ? { kind: c.kind, count: c.count, filled: c.filled } : undefined;
}

/** The pupil number, personal data too (isPersonalData), but one a plan reference may be (canBeReference). */
const PUPIL_NUMBER = /\b(?:upn|unique pupil number)\b(?!.*\b(?:unknown|missing)\b)/;

/** Does this column name say it holds personal data an audit does not need (PERSONAL_DATA)? */
export function isPersonalData(column: string): boolean {
  const s = ` ${splitWords(column).toLowerCase()} `;
  return PUPIL_NUMBER.test(s) || PERSONAL_DATA.some((re) => re.test(s));
}

/**
 * Why a column named so may not be the plan reference ("a name", "a date of birth", "personal
 * data"), or undefined when it may. The reference is printed in every report, sample list and CI
 * annotation, --show-text or not, so it must not name or identify a person: `init` never guesses
 * such a column, and readMapping refuses one. Any column named as a name is refused, not only the
 * child's. The UPN is the one exception: an SEN2 return has no plan reference (one plan per
 * child), so the shipped sen2 mapping and `init` use it, saying that it is sensitive.
 */
export function notReference(column: string): string | undefined {
  const s = ` ${splitWords(column).toLowerCase()} `;
  if (/\bdob\b|\bbirth\b|\bborn\b/.test(s)) return 'a date of birth';
  if (/\bnames?\b|\bknown as\b/.test(s)) return 'a name';
  return PERSONAL_DATA.some((re) => re.test(s)) ? 'personal data' : undefined;
}
