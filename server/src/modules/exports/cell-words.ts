import type { Locale } from '../../platform/i18n.ts';

/** Words for a list's codes, in both languages (the console has the same in its own strings). */
export type Words = Record<string, Record<Locale, string>>;

/** A code as a word in the caller's language; an unknown code as itself. */
export const word = (words: Words, code: string | null | undefined, locale: Locale): string | null =>
  code === null || code === undefined ? null : (words[code]?.[locale] ?? code);

/** 是 / 否 (Yes / No). */
export const yesNo = (value: boolean, locale: Locale) =>
  value ? (locale === 'en' ? 'Yes' : '是') : locale === 'en' ? 'No' : '否';

/** An amount in fen (分) as yuan (元), a number to two places. */
export const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? null : fen / 100);
