/**
 * Checks of personal numbers, the same as the server's, so a form can say what is
 * wrong before sending it.
 */

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

/** A mainland mobile number (spaces, dashes and +86 allowed) or a landline with area code. */
export function isValidPhone(raw: string): boolean {
  const compact = raw.replace(/[\s-]/g, '').replace(/^\+?86/, '');
  return MOBILE.test(compact) || LANDLINE.test(raw.replace(/\s/g, ''));
}

/** An account's mobile number: 11 digits from 1, written without spaces (the accounts API's rule). */
export function isValidMobile(raw: string): boolean {
  return /^1\d{10}$/.test(raw);
}

/** A username to sign in with: 3–32 letters, digits, _ . -, starting with a letter (the accounts API's rule). */
export const USERNAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{2,31}$/;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The birth date inside an ID number, as YYYY-MM-DD, or null when it is not a real date. */
export function birthDateFromIdNumber(id: string): string | null {
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

/** A resident identity card number (GB 11643-1999): 18 characters, a real birth date, a right check character. */
export function isValidIdNumber(raw: string): boolean {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id) || !birthDateFromIdNumber(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === id[17];
}

/** The 17th digit of an ID number is odd for men and even for women. */
export function genderFromIdNumber(id: string): 'male' | 'female' {
  return Number(id[16]) % 2 === 1 ? 'male' : 'female';
}
