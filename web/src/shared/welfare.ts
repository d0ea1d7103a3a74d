/** API shapes of /api/welfare (server/src/modules/welfare/schema.ts), its calls and helpers. */
import type { WelfareApi, WelfareInput } from '@gongzhi/server/api';
import { api } from './api.ts';
import type { Page } from './types.ts';

export type Offer = WelfareApi['OfferView'];
export type ManagedOffer = WelfareApi['ManagedOfferView'];
export type Pass = WelfareApi['PassView'];
export type MyUse = WelfareApi['MyUse'];
export type WelfareFigures = WelfareApi['Figures'];
export type OfferInput = WelfareInput['OfferBody'];
export type OfferPatch = WelfareInput['OfferPatch'];
export type OfferKind = Offer['kind'];
export type OfferStatus = ManagedOffer['status'];

export const OFFER_KINDS: readonly OfferKind[] = ['canteen', 'shop', 'service'];
export const OFFER_STATUSES: readonly OfferStatus[] = ['current', 'upcoming', 'ended', 'inactive'];

const base = '/api/welfare';

export const welfareKeys = { all: ['welfare'] as const };

export const welfareApi = {
  offers: (q: { lat?: number; lng?: number; kind?: OfferKind; q?: string; limit?: number }) =>
    api.get<Page<Offer>>(`${base}/offers`, q),
  use: (id: number) => api.post<Pass>(`${base}/offers/${id}/use`),
  myUses: () => api.get<Page<MyUse>>(`${base}/uses/mine`, { limit: 50 }),
  manage: (q: { status?: OfferStatus; kind?: OfferKind; q?: string; limit?: number; cursor?: string }) =>
    api.get<Page<ManagedOffer>>(`${base}/manage/offers`, q),
  create: (body: OfferInput) => api.post<ManagedOffer>(`${base}/manage/offers`, body),
  update: (id: number, body: OfferPatch) => api.patch<ManagedOffer>(`${base}/manage/offers/${id}`, body),
  figures: (month?: string) => api.get<WelfareFigures>(`${base}/manage/figures`, month ? { month } : {}),
};

/** 30 → "3折", 85 → "8.5折" (what the holder pays, in tenths of the list price). */
export function discountText(pricePercent: number | null, locale: string): string | null {
  if (pricePercent === null) return null;
  if (locale === 'en') return `${100 - pricePercent}% off`;
  return `${String(pricePercent / 10).replace(/\.0$/, '')}折`;
}
