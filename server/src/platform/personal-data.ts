/**
 * Personal data (个人信息保护法): numbers are stored whole and shown masked;
 * only an explicit, audited read returns them whole.
 */
import { DEFAULT_TIME_ZONE } from '../config.ts';
import { localParts } from './local-time.ts';

/** 13812345678 → 138****5678 */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  if (phone.length < 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

/**
 * 330105199001011234 → 330**************4. Birth dates are shown elsewhere, so the
 * mask hides the place code and the sequence digits too: no view plus another
 * rebuilds the number.
 */
export function maskIdNumber(idNumber: string | null): string | null {
  if (!idNumber) return idNumber;
  if (idNumber.length < 8) return '*'.repeat(idNumber.length);
  return `${idNumber.slice(0, 3)}${'*'.repeat(idNumber.length - 4)}${idNumber.slice(-1)}`;
}

/** 林晓梅 → 林*梅, 王芳 → 王*: enough for the person to know it is them, not enough to name them. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

/** A mainland mobile number, or a landline with area code; spaces and dashes are dropped. */
export function normalizePhone(raw: string): string | null {
  const compact = raw.replace(/[\s-]/g, '').replace(/^\+?86/, '');
  if (MOBILE.test(compact)) return compact;
  if (LANDLINE.test(raw.replace(/\s/g, ''))) return raw.replace(/\s/g, '');
  return null;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/**
 * A resident identity card number (GB 11643-1999): 18 characters, a valid birth
 * date, and the ISO 7064 MOD 11-2 check character. Returns it upper-cased, or null.
 */
export function normalizeIdNumber(raw: string, today?: string): string | null {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return null;
  const birth = birthDateFromIdNumber(id);
  if (!birth || (today !== undefined && birth > today)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === id[17] ? id : null;
}

export function birthDateFromIdNumber(id: string): string | null {
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

/** The 17th digit of an ID number is odd for men and even for women. */
export function genderFromIdNumber(id: string): 'male' | 'female' {
  return Number(id[16]) % 2 === 1 ? 'male' : 'female';
}

/** Completes 17 digits with their check character; used to make valid demo numbers. */
export function withIdCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return first17 + ID_CHECK[sum % 11];
}

/** A moment as local 'YYYY-MM-DD HH:MM' in a time zone (the TIME_ZONE setting). */
export function chinaDateTime(at: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const local = localParts(at, timeZone);
  return `${local.date} ${local.time}`;
}

/** The local date of a moment in a time zone (the TIME_ZONE setting), as 'YYYY-MM-DD'. */
export function chinaDate(at: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  return localParts(at, timeZone).date;
}
