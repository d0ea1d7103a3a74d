import type { z } from 'zod';
import { e7ToYuan, priceE4ToYuan, whToKwh } from './billing.ts';
import type * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { BandKind, BillLine } from './tables.ts';

/** Rows of the charging module turned into the shapes of its API; nothing here reads the database. */

type View<T extends z.ZodTypeAny> = z.infer<T>;
type Locale = 'zh-CN' | 'en';

export const BAND_NAMES: Record<BandKind, { zh: string; en: string }> = {
  sharp: { zh: '尖', en: 'Sharp peak' },
  peak: { zh: '峰', en: 'Peak' },
  flat: { zh: '平', en: 'Flat' },
  valley: { zh: '谷', en: 'Valley' },
};

export const ROUNDING_RULE = {
  zh: '电量按时段时长比例分摊（整瓦时，最大余数法），各时段电费与服务费按 0.0001 元/千瓦时单价精确计算，电费合计与服务费合计各四舍五入到分一次（0.005 元进为 0.01 元），合计为两者之和。',
  en: 'Energy is shared among the bands in proportion to time (whole Wh, largest remainder); each band is priced exactly at its 0.0001 yuan/kWh price; the electricity total and the service total are each rounded once to the fen, half up (0.005 yuan → 0.01); the total is their sum.',
};

export function stationHead(s: repo.StationRow, communityName: string | null) {
  return {
    id: s.id,
    name: s.name,
    communityId: s.community_id,
    communityName,
    gridId: s.grid_id,
    address: s.address,
    operator: s.operator,
    active: s.active,
  };
}

export function tariffView(t: repo.TariffRow, locale: Locale, inForce: boolean): View<typeof S.TariffView> {
  return {
    id: t.id,
    effectiveFrom: t.effective_from.toISOString(),
    bands: t.bands.map((b) => ({
      kind: b.kind,
      name: BAND_NAMES[b.kind][locale === 'en' ? 'en' : 'zh'],
      start: b.start,
      end: b.end,
      price: priceE4ToYuan(b.priceE4),
      priceE4: b.priceE4,
    })),
    servicePrice: priceE4ToYuan(t.service_price_e4),
    servicePriceE4: t.service_price_e4,
    note: t.note,
    inForce,
  };
}

export function billLineView(l: BillLine, locale: Locale): View<typeof S.BillLineView> {
  return {
    band: l.band,
    bandName: BAND_NAMES[l.band][locale === 'en' ? 'en' : 'zh'],
    period: `${l.start}–${l.end}`,
    tariffId: l.tariffId,
    minutes: Math.round(l.seconds / 60),
    energyKwh: whToKwh(l.energyWh),
    price: priceE4ToYuan(l.priceE4),
    electricity: e7ToYuan(l.electricityE7),
    servicePrice: priceE4ToYuan(l.servicePriceE4),
    service: e7ToYuan(l.serviceE7),
  };
}

export function sessionView(
  s: repo.SessionRow,
  stationName: string,
  portLabel: string,
  locale: Locale,
): View<typeof S.SessionView> {
  return {
    id: s.id,
    stationId: s.station_id,
    stationName,
    portId: s.port_id,
    portLabel,
    status: s.status,
    source: s.source,
    sessionRef: s.session_ref,
    startedAt: s.started_at.toISOString(),
    stoppedAt: s.stopped_at?.toISOString() ?? null,
    meterStartKwh: whToKwh(s.meter_start_wh),
    meterEndKwh: s.meter_end_wh === null ? null : whToKwh(s.meter_end_wh),
    energyKwh: s.energy_wh === null ? null : whToKwh(s.energy_wh),
    electricityFen: s.electricity_fen,
    serviceFen: s.service_fen,
    totalFen: s.total_fen,
    flagReason: s.flag_reason,
    lines: (s.lines ?? []).map((l) => billLineView(l, locale)),
  };
}

export function walletEntryView(e: repo.WalletEntryRow): View<typeof S.WalletEntryView> {
  return {
    id: e.id,
    kind: e.kind,
    amountFen: e.amount_fen,
    balanceAfterFen: e.balance_after_fen,
    sessionId: e.session_id,
    provider: e.provider,
    providerRef: e.provider_ref,
    at: e.created_at.toISOString(),
  };
}
