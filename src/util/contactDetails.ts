/**
 * Contact details told by their shape, whatever column they are in: the mapping's checks of `ref`
 * (records/mapping/personalData.ts) and the reasons that quote a coded cell (strings.ts codeLike,
 * dateLike: a phone number or postcode in a yes/no or date column is not shown).
 */

// Contact details by their values, whatever the column is called: a UK phone number (07700 900123,
// +44 (0)1632 960123, 0800 123456), a postcode (AB1 2CD) or an email address.
const PHONE_CHARS = /^[\d\s()+.-]+$/;
const UK_PHONE = /^(?:(?:\+44|0044)0?|0)[1-9]\d{8,9}$/;
const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/;

/**
 * What contact detail a value is, by its shape ('a phone number', 'a postcode', 'an email address'),
 * or undefined. `written`: only as contact details are written, a phone number with a space,
 * bracket, hyphen or +44 and a postcode with its space; a bare 0123456789 or SW12AA may as well
 * be a plan or case reference (regression QA: zero-padded case numbers and LA codes were refused).
 */
export function contactKind(value: string, written = false): string | undefined {
  const v = value.trim();
  if (v.length < 5 || v.length > 60) return undefined;
  if (PHONE_CHARS.test(v) && UK_PHONE.test(v.replace(/[\s().-]/g, '')) && (!written || /[\s()+.-]/.test(v))) return 'a phone number';
  if (POSTCODE.test(v) && (!written || /\s/.test(v))) return 'a postcode';
  if (EMAIL.test(v)) return 'an email address';
  return undefined;
}

