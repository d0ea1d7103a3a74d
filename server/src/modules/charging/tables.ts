import type { ColumnType, Generated, JSONColumnType } from 'kysely';

export const BAND_KINDS = ['peak', 'flat', 'valley', 'sharp'] as const;
export type BandKind = (typeof BAND_KINDS)[number];

/** One time-of-use band of a tariff: local start and end ('HH:MM', end may pass midnight), price in 0.0001 yuan per kWh. */
export interface Band {
  kind: BandKind;
  start: string;
  end: string;
  priceE4: number;
}

/** One line of a bill: the energy priced at one band of one tariff version. */
export interface BillLine {
  tariffId: number;
  band: BandKind;
  start: string;
  end: string;
  seconds: number;
  energyWh: number;
  priceE4: number;
  servicePriceE4: number;
  /** Exact amounts in 10⁻⁷ yuan (price in 0.0001 yuan/kWh × Wh); rounded only in the totals. */
  electricityE7: number;
  serviceE7: number;
}

export interface StationTable {
  id: Generated<number>;
  name: string;
  community_id: number;
  grid_id: number | null;
  address: Generated<string>;
  operator: Generated<string>;
  active: Generated<boolean>;
  created_by: number;
  created_at: Date;
}

export interface PortTable {
  id: Generated<number>;
  station_id: number;
  label: string;
  device_code: string;
  device_port: Generated<number>;
  device_id: number | null;
  active: Generated<boolean>;
  /** Unguessable; the port's QR sticker opens /h5/charge/<code>. */
  code: string;
  /** The meter as the charger last reported it, and when. */
  meter_wh: ColumnType<number | null, number | null | undefined, number | null>;
  meter_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface TariffTable {
  id: Generated<number>;
  station_id: number;
  effective_from: Date;
  bands: JSONColumnType<Band[], string, string>;
  service_price_e4: number;
  note: Generated<string>;
  created_by: number;
  created_at: Date;
}

export type SessionStatus = 'charging' | 'completed' | 'flagged';

export interface SessionTable {
  id: Generated<number>;
  station_id: number;
  port_id: number;
  community_id: number;
  grid_id: number | null;
  status: Generated<SessionStatus>;
  source: 'device' | 'api';
  session_ref: string | null;
  started_at: Date;
  stopped_at: Date | null;
  meter_start_wh: number;
  meter_end_wh: number | null;
  energy_wh: number | null;
  electricity_fen: number | null;
  service_fen: number | null;
  total_fen: number | null;
  lines: ColumnType<BillLine[] | null, string | null, string | null>;
  flag_reason: string | null;
  started_by: number | null;
  stopped_by: number | null;
  created_at: Date;
  /** The user who started it by scanning the port and pays for it; null for a charger's or staff's session. */
  payer_id: ColumnType<number | null, number | null | undefined, number | null>;
  paid_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface WalletTable {
  user_id: number;
  balance_fen: ColumnType<number, number | undefined, number>;
  updated_at: Date;
}

export type WalletEntryKind = 'top_up' | 'payment' | 'refund';

export interface WalletEntryTable {
  id: Generated<number>;
  user_id: number;
  kind: WalletEntryKind;
  /** Signed: a top-up adds, a payment and a refund take away. */
  amount_fen: number;
  balance_after_fen: number;
  session_id: number | null;
  provider: string | null;
  provider_ref: string | null;
  created_at: Date;
}

export interface ChargingTables {
  'charging.stations': StationTable;
  'charging.ports': PortTable;
  'charging.tariffs': TariffTable;
  'charging.sessions': SessionTable;
  'charging.wallets': WalletTable;
  'charging.wallet_entries': WalletEntryTable;
}
