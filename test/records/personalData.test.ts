/**
 * isPersonalData (src/records/mapping/personalData.ts): the column names `init` lists under
 * `ignore:` and --strata refuses as extra.<column> without --show-text. It once missed the child's
 * own name and date of birth in a second column, free-text notes and relatives, so `--strata
 * extra.Notes` printed case notes and `init` kept them as extra columns.
 */
import { describe, expect, it } from 'vitest';
import { contactReferences, isPersonalData } from '../../src/records/mapping/personalData.js';
import { contactKind } from '../../src/util/contactDetails.js';

const PERSONAL: [string, string][] = [
  // The child's name, in the forms exports use.
  ...(['Child Name', 'Name', 'Pupil Name', 'Young Person', "Child's Name", 'Name of Child', 'CYP Name', 'Student Name', 'Known As', 'Child Full Name', 'Forename', 'Surname'].map((c) => [c, 'name'] as [string, string])),
  // A date of birth.
  ...(['Date of Birth', 'DOB', 'D.O.B.', 'D.O.B', 'Birth Date', 'Birthdate', 'PersonBirthDate', 'Child DOB'].map((c) => [c, 'date of birth'] as [string, string])),
  // Free text about the child and family.
  ...(['Notes', 'Case Notes', 'Comments', 'Safeguarding Notes', 'Caseworker Comments', 'Note'].map((c) => [c, 'free text'] as [string, string])),
  // Relatives.
  ...(['Sibling', 'Siblings', 'Sibling Name', 'Brother', 'Grandparent Contact', 'Parent Name', 'Parent/Carer Name', 'Parent Email'].map((c) => [c, 'relative'] as [string, string])),
  // Identifiers, contact details, special category data.
  ...(['UPN', 'NHS Number', 'Ethnicity', 'Postcode', 'Home Address', 'Mobile No'].map((c) => [c, 'identifier or contact'] as [string, string])),
  // The child's name split in two, and an address in parts (QA: init guessed 'First' as the plan reference).
  ...(['First', 'Last', 'first ', 'LAST', 'Middle', 'Forename(s)', 'Forenames', 'Surname', 'Given Name', 'Family Name', 'First Name', 'Last Name', 'Middle Name', 'FirstName', 'last_name'].map((c) => [c, 'name'] as [string, string])),
  // Special category and other sensitive data (QA D6: kept as extra. columns, and --strata extra.Diagnosis printed every value).
  ...(['Medical Conditions', 'Medical Condition', 'Health Conditions', 'Diagnosis', 'Diagnoses', 'Date Diagnosed', 'Medication', 'Medicines', 'Allergies', 'Allergy', 'Disability', 'Disabilities', 'Gender', 'Sex', 'Sexual Orientation', 'Immigration Status', 'Asylum Seeker', 'Nationality', 'Child Protection', 'Child Protection Plan', 'Safeguarding', 'Free Text', 'FreeText', 'Addr 1', 'House No', 'House Number', 'House #'].map((c) => [c, 'sensitive'] as [string, string])),
  // A contact number under a name that does not say whose (QA W1: init guessed 'Contact Number' as the plan reference).
  ...(['Contact Number', 'Contact No', 'Contact No.', 'Contact Tel', 'Contact Details', 'Home Contact Number', 'Phone Number', 'Mobile No.', 'Mob No', 'Mob', 'Landline'].map((c) => [c, 'contact number'] as [string, string])),
  ...(['Zip', 'ZIP', 'Zip Code', 'ZipCode', 'Postcode', 'Post Code', 'POSTCODE', 'Town', 'Town/City', 'Address Line 1', 'Address 2', 'Street', 'Phone', 'Telephone', 'Mobile', 'Email', 'E-mail', 'Email Address'].map((c) => [c, 'address or contact'] as [string, string])),
];

const NOT_PERSONAL = [
  'Plan Ref', 'School Name', 'Setting Name', 'Named School', 'name and type of school', 'la_name', 'Caseworker', 'Caseworker Name',
  'Social Worker', 'District', 'NC Year', 'Primary Need', 'Request Date', 'Child Views', 'Young Person Views', "Parents' Views and Wishes",
  'Parent Advice Date', 'Child ID', 'Interpreter Required', 'UPNunknown',
  // The plan's health sections and SEN codes, and a team: not the child's health record.
  'Sec C Health Needs', 'Health Needs', 'Medical Needs', 'Sec G Health Provision', 'Medical Provision', 'Health Advice Date', 'Medical Advice', 'SEN Type', 'Primary SEN Need',
  'Children with Disabilities Team', 'Disabled Children Service', 'Text', 'Protection Plan Ref', 'Household Income Band', 'Setting Type', 'Final Issued', 'Secondary Needs',
  'Parent Carer Forum', 'Parent Partnership Service',
  // Whole-name words in longer, plan-ish names.
  'Last Review', 'Date of Last Review', 'First Issued', 'First Language', 'Last Updated', 'First Request Date', 'Town Hall Ref', 'Zip Archive Ref',
  // A contact, not a contact number: a member of staff.
  'Contact', 'Town Hall Contact', 'Contact Caseworker', 'Contact Date', 'Mobility Needs',
];

describe('isPersonalData', () => {
  for (const [column, what] of PERSONAL) {
    it(`'${column}' is personal data (${what})`, () => expect(isPersonalData(column)).toBe(true));
  }
  for (const column of NOT_PERSONAL) {
    it(`'${column}' is not`, () => expect(isPersonalData(column)).toBe(false));
  }
});

describe('contactKind and contactReferences: contact details by their values (QA W1)', () => {
  it('reads UK phone numbers, postcodes and email addresses, in the forms exports hold them', () => {
    for (const v of ['07700 900123', '07700900123', '+44 7700 900123', '+44 (0)1632 960123', '(01632) 960123', '0161-496-0000', '0800 123456', '020 7946 0000']) expect(contactKind(v), v).toBe('a phone number');
    for (const v of ['AB1 2CD', 'ab12cd', 'SW1A 1AA', 'M1 1AE', 'B33 8TH']) expect(contactKind(v), v).toBe('a postcode');
    for (const v of ['jo.bloggs@example.org.uk', 'a@b.co']) expect(contactKind(v), v).toBe('an email address');
  });

  it('not plan references, NC years, dates or codes', () => {
    for (const v of ['EHCP-2023-00001', 'P1', '00012345', '0000123456', '12345678901', 'C000521', '482886', '01/02/2024', '2024-02-01', 'Year 3', 'SEMH', 'A1 2B', '45234', 'EHC/2024/0001']) {
      expect(contactKind(v), v).toBeUndefined();
    }
  });

  it('a column of references is refused when all or nearly all (9 in 10) of them are contact details', () => {
    const phones = Array.from({ length: 20 }, (_, i) => `07700 9001${String(i).padStart(2, '0')}`);
    expect(contactReferences(phones)).toEqual({ kind: 'a phone number', count: 20, filled: 20 });
    expect(contactReferences([...phones.slice(0, 18), 'P1', 'P2'])).toEqual({ kind: 'a phone number', count: 18, filled: 20 });
    expect(contactReferences([...phones.slice(0, 17), 'P1', 'P2', 'P3'])).toBeUndefined();
    expect(contactReferences(['AB1 2CD'])).toEqual({ kind: 'a postcode', count: 1, filled: 1 });
    expect(contactReferences(['P1', 'P2'])).toBeUndefined();
    expect(contactReferences([])).toBeUndefined();
  });

  it('as written (the refusal of a mapping): a bare zero-padded number or compact code may be the LA\'s reference format (regression QA)', () => {
    // Zero-padded case numbers, 11 digits from 01, and LA codes the shape of a postcode without its space.
    for (const v of ['0123456789', '01234567890', 'EH100AB', 'SW12AA']) {
      expect(contactKind(v, true), v).toBeUndefined();
      expect(contactKind(v), v).toBeDefined();
    }
    for (const v of ['07700 900123', '+447700900123', '(01632) 960123', '0161-496-0000', 'AB1 2CD', 'jo@example.org']) expect(contactKind(v, true), v).toBeDefined();
    const padded = Array.from({ length: 20 }, (_, i) => `0${123456789 + i}`);
    expect(contactReferences(padded, true)).toBeUndefined();
    expect(contactReferences(padded)).toBeDefined();
  });
});
