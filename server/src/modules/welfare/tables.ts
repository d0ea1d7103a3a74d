import type { ColumnType, Generated } from 'kysely';

export const OFFER_KINDS = ['canteen', 'shop', 'service'] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];
/** courier: those holding the courier role; everyone: any signed-in person (新市民 at large). */
export const OFFER_AUDIENCES = ['courier', 'everyone'] as const;
export type OfferAudience = (typeof OFFER_AUDIENCES)[number];

type LocalDate = ColumnType<string, string, string>;

export interface OfferTable {
  id: Generated<number>;
  community_id: number;
  partner_name: string;
  kind: OfferKind;
  title: string;
  details: Generated<string>;
  /** What the holder pays, in percent of the list price (70 = 7折); null when it is not a discount. */
  price_percent: number | null;
  address: Generated<string>;
  lat: number;
  lng: number;
  hours_note: Generated<string>;
  audience: OfferAudience;
  starts_on: LocalDate;
  ends_on: LocalDate | null;
  daily_limit: number;
  active: Generated<boolean>;
  created_by: number;
  created_at: Date;
  updated_at: Date;
}

export interface OfferUseTable {
  id: Generated<number>;
  offer_id: number;
  user_id: number;
  /** The local day of the use, for the daily limit and the monthly figures. */
  day: LocalDate;
  used_at: Date;
}

export interface WelfareTables {
  'welfare.offers': OfferTable;
  'welfare.offer_uses': OfferUseTable;
}
