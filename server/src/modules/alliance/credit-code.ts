/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from 31
 * (digits and upper-case letters without I, O, S, V, Z); the last is a check character, weighted
 * sum of the first 17 modulo 31.
 */
const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeCheck(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CHARS.indexOf(first17[i] ?? '');
    if (v < 0) return null;
    sum += v * WEIGHTS[i]!;
  }
  return CHARS[(31 - (sum % 31)) % 31]!;
}

/** The code upper-cased with spaces dropped, or null when it is not a valid one. */
export function normalizeCreditCode(raw: string): string | null {
  const code = raw.replace(/\s/g, '').toUpperCase();
  if (!/^[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}$/.test(code)) return null;
  return creditCodeCheck(code.slice(0, 17)) === code[17] ? code : null;
}
