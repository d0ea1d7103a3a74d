import type { TFunction } from 'i18next';
import dayjs from 'dayjs';
import { ApiError, errorMessage } from './api.ts';
import { i18n } from './i18n/index.ts';
import './time.ts'; // dayjs with its time-zone plugins
import type { GoodDeedStatus, PostingKind, ProjectStatus, SignupStatus, VoucherStatus, WishStatus } from './types.ts';

/** Colours of the statuses, the same hue in both apps. */
export const VOUCHER_STATUS_COLORS: Record<VoucherStatus, string> = {
  held: '#389e0d',
  redeemed: '#1f5fbf',
  released: '#8c8c8c',
  expired: '#8c8c8c',
};

export const SIGNUP_STATUS_COLORS: Record<SignupStatus, string> = {
  signed_up: '#1f5fbf',
  cancelled: '#8c8c8c',
  checked_in: '#d46b08',
  checked_out: '#722ed1',
  approved: '#389e0d',
  rejected: '#cf1322',
};

export const WISH_STATUS_COLORS: Record<WishStatus, string> = {
  open: '#c41d7f',
  claimed: '#d46b08',
  fulfilled: '#389e0d',
  thanked: '#1f5fbf',
  cancelled: '#8c8c8c',
};

export const GOOD_DEED_STATUS_COLORS: Record<GoodDeedStatus, string> = {
  reported: '#d46b08',
  verified: '#389e0d',
  rejected: '#cf1322',
};

export const PROJECT_STATUS_COLORS: Record<ProjectStatus, string> = {
  open: '#c41d7f',
  claimed: '#d46b08',
  in_progress: '#1f5fbf',
  done: '#389e0d',
};

export const POSTING_KIND_COLORS: Record<PostingKind, string> = {
  earn: '#389e0d',
  hold: '#d46b08',
  redeem: '#1f5fbf',
  release: '#08979c',
  expire: '#8c8c8c',
  correction: '#722ed1',
  transfer: '#2f54eb',
};

/** Money is kept in fen; shown as yuan with two decimals (¥10.00). */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}¥${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

/** Yuan typed in a form, as fen (integer); undefined when it is not an amount. */
export function yuanToFen(yuan: number | string | null | undefined): number | undefined {
  if (yuan === null || yuan === undefined || yuan === '') return undefined;
  const value = Number(yuan);
  if (!Number.isFinite(value) || value < 0) return undefined;
  return Math.round(value * 100);
}

/** +20 / -100: the sign always shown, as on a bank statement. */
export function formatPoints(amount: number): string {
  return amount > 0 ? `+${amount}` : String(amount);
}

/** Minutes as hours and minutes: 90 → 1 小时 30 分 / 1 h 30 min. */
export function formatMinutes(t: TFunction, minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  const hours = Math.floor(m / 60);
  const rest = m % 60;
  if (hours === 0) return t('volunteer.minutes', { count: rest });
  if (rest === 0) return t('volunteer.hours', { count: hours });
  return t('volunteer.hoursMinutes', { hours, minutes: rest });
}

/** Minutes between two times, whole, never negative. */
export function minutesBetween(from: string | null, to: string | null): number | null {
  if (!from || !to) return null;
  return Math.max(0, Math.round((new Date(to).getTime() - new Date(from).getTime()) / 60_000));
}

/**
 * A key for one exchange (or correction): made once when the user confirms, and sent
 * again on a retry, so the server returns the first result instead of spending twice.
 * getRandomValues works on plain http too, where randomUUID does not.
 */
export function newIdempotencyKey(prefix = 'web'): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Periods of the leaderboard: all time, a year (2026) or a month (2026-11). */
export type PeriodKind = 'all' | 'year' | 'month';

export function periodOf(kind: PeriodKind, at: Date | string | number = Date.now()): string {
  const d = dayjs(at).tz('Asia/Shanghai');
  if (kind === 'year') return d.format('YYYY');
  if (kind === 'month') return d.format('YYYY-MM');
  return 'all';
}

export function periodLabel(t: TFunction, period: string): string {
  if (period === 'all') return t('points.period.all');
  if (/^\d{4}$/.test(period)) return t('points.period.year', { year: period });
  const [year, month] = period.split('-');
  return t('points.period.month', { year, month: Number(month) });
}

/** What a voucher code looks like typed: 8 characters without 0/O, 1/I/L; a QR token is longer. */
export function normaliseVoucherCode(input: string): string {
  const trimmed = input.trim().replace(/\s+/g, '');
  return trimmed.length === 8 ? trimmed.toUpperCase() : trimmed;
}

/** A voucher code in two groups of four, easier to read aloud: ABCD EFGH. */
export function groupCode(code: string): string {
  return code.length === 8 ? `${code.slice(0, 4)} ${code.slice(4)}` : code;
}

export function voucherStatusLabel(t: TFunction, status: VoucherStatus): string {
  return t(`points.voucherStatus.${status}`);
}

export function signupStatusLabel(t: TFunction, status: SignupStatus): string {
  return t(`volunteer.signupStatus.${status}`);
}

export function postingKindLabel(t: TFunction, kind: PostingKind): string {
  return t(`points.postingKinds.${kind}`);
}

/**
 * Why the server refused, in the words of its details when it gives them: a 409's own
 * message only names the conflict ("操作冲突：redeemed"), and a check-in's bad code is a
 * detail on body.code, which a screen without that field would otherwise never show.
 */
export function reasonOf(error: unknown): string {
  if (error instanceof ApiError && error.details.length > 0)
    return [...new Set(error.details.map((d) => d.message))].join(i18n.t('common.listSeparator'));
  return errorMessage(error);
}
