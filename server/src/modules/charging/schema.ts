import { z } from 'zod';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { BAND_KINDS } from './tables.ts';
import { areaId, id } from '../../platform/input.ts';

const text = (max: number) => z.string().trim().max(max);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM (00:00–24:00)');
/** A price in yuan per kWh with at most four decimals, as a string so that no float creeps in. */
const price = z
  .string()
  .regex(/^\d{1,2}(\.\d{1,4})?$/, 'yuan per kWh, at most 4 decimals, e.g. "0.5680"')
  .describe('Yuan per kWh, up to 4 decimals, as a string ("0.5680")');
const instant = z.iso.datetime({ offset: true }).transform((v) => new Date(v));
/** Meter reading in kWh with at most 3 decimals (Wh resolution). */
const meterKwh = z
  .number()
  .min(0)
  .max(100_000_000)
  .refine((v) => Math.abs(v * 1000 - Math.round(v * 1000)) < 1e-6, 'at most 3 decimals (Wh)')
  .describe('Meter reading in kWh (3 decimals: Wh)');

export const IdParams = z.object({ id });
export const BandKind = z.enum(BAND_KINDS).describe('peak 峰, flat 平, valley 谷, sharp 尖');

// ---------- stations and ports ----------

export const StationBody = z.object({
  name: z.string().trim().min(2).max(60).describe('e.g. 流水北苑地下室充电点'),
  communityId: id,
  gridId: id.optional(),
  address: text(200).default(''),
  operator: text(100).default('').describe('Who runs it, e.g. 拱墅区城运集团'),
});
export const StationPatch = z
  .object({ name: StationBody.shape.name, address: text(200), operator: text(100), active: z.boolean() })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
export const PortPatch = z
  .object({
    label: z.string().trim().min(1).max(30),
    active: z.boolean().describe("An inactive port ignores its charger's events"),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
export const PortParams = z.object({ id, portId: id });
export const PortBody = z.object({
  label: z.string().trim().min(1).max(30).describe('The number on the plug, e.g. A-01'),
  deviceCode: z.string().trim().min(1).max(64).describe('Code of the ev_charger device (devices module)'),
  devicePort: z.number().int().min(1).max(64).default(1).describe('Which plug of the charger (the port in its events)'),
  deviceId: id.optional(),
});
export const PortView = z.object({
  id: z.number(),
  label: z.string(),
  deviceCode: z.string(),
  devicePort: z.number(),
  deviceId: z.number().nullable(),
  active: z.boolean(),
  charging: z.boolean(),
  code: z.string().describe("The port's code: its QR sticker opens /h5/charge/<code>"),
});

export const BandBody = z.object({ kind: BandKind, start: hhmm, end: hhmm, price });
export const TariffBody = z.object({
  effectiveFrom: instant.describe('From when it applies (ISO-8601 with offset)'),
  bands: z
    .array(BandBody)
    .min(1)
    .max(12)
    .describe('Time-of-use bands covering the day once (one may pass midnight: 22:00–08:00)'),
  servicePrice: price.describe('Service fee, yuan per kWh (4 decimals)'),
  note: text(200).default(''),
});
export const BandView = z.object({
  kind: BandKind,
  name: z.string(),
  start: z.string(),
  end: z.string(),
  price: z.string(),
  priceE4: z.number(),
});
export const TariffView = z.object({
  id: z.number(),
  effectiveFrom: z.string(),
  bands: z.array(BandView),
  servicePrice: z.string(),
  servicePriceE4: z.number(),
  note: z.string(),
  inForce: z.boolean(),
});

export const StationView = z.object({
  id: z.number(),
  name: z.string(),
  communityId: z.number(),
  communityName: z.string().nullable(),
  gridId: z.number().nullable(),
  address: z.string(),
  operator: z.string(),
  active: z.boolean(),
  ports: z.array(PortView),
  tariffs: z.array(TariffView).describe('Newest first; the one in force is marked'),
});
export const StationListQuery = PageQuery.extend({ communityId: id.optional(), q: text(60).optional() });
export const StationListItem = StationView.omit({ ports: true, tariffs: true }).extend({ portCount: z.number() });
export const StationList = pageOf(StationListItem);

// ---------- sessions ----------

export const StartBody = z.object({
  meterKwh,
  at: instant.optional().describe('When it started; now if left out (not in the future)'),
  sessionRef: text(64).optional(),
});
export const StopBody = z.object({ meterKwh, at: instant.optional().describe('When it stopped; now if left out') });

export const BillLineView = z.object({
  band: BandKind,
  bandName: z.string(),
  period: z.string().describe("The band's hours, e.g. 22:00–08:00"),
  tariffId: z.number(),
  minutes: z.number(),
  energyKwh: z.string(),
  price: z.string().describe('Yuan per kWh'),
  electricity: z.string().describe('Exact electricity amount of this line in yuan, before rounding'),
  servicePrice: z.string(),
  service: z.string().describe('Exact service amount of this line in yuan, before rounding'),
});
export const SessionView = z.object({
  id: z.number(),
  stationId: z.number(),
  stationName: z.string(),
  portId: z.number(),
  portLabel: z.string(),
  status: z.enum(['charging', 'completed', 'flagged']),
  source: z.enum(['device', 'api']),
  sessionRef: z.string().nullable(),
  startedAt: z.string(),
  stoppedAt: z.string().nullable(),
  meterStartKwh: z.string(),
  meterEndKwh: z.string().nullable(),
  energyKwh: z.string().nullable(),
  electricityFen: z.number().nullable(),
  serviceFen: z.number().nullable(),
  totalFen: z.number().nullable(),
  flagReason: z.string().nullable(),
  lines: z.array(BillLineView),
});
export const SessionListQuery = PageQuery.extend({
  stationId: id.optional(),
  status: z.enum(['charging', 'completed', 'flagged']).optional(),
  from: instant.optional(),
  to: instant.optional(),
});
export const SessionList = pageOf(SessionView);

export const ReceiptView = z.object({
  sessionId: z.number(),
  station: z.string(),
  operator: z.string(),
  address: z.string(),
  port: z.string(),
  startedAt: z.string().describe('Local time'),
  stoppedAt: z.string().describe('Local time'),
  meterStartKwh: z.string(),
  meterEndKwh: z.string(),
  energyKwh: z.string(),
  lines: z.array(BillLineView),
  electricityFee: z.string().describe('Yuan'),
  serviceFee: z.string().describe('Yuan'),
  total: z.string().describe('Yuan'),
  electricityFen: z.number(),
  serviceFen: z.number(),
  totalFen: z.number(),
  rounding: z.string().describe('The rounding rule, in words'),
});

export const StatsQuery = z.object({
  stationId: id.optional(),
  communityId: id.optional(),
  areaId,
  from: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional()
    .describe('First month, YYYY-MM (default: this month)'),
  to: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional()
    .describe('Last month, YYYY-MM (default: from)'),
});
export const StatsRow = z.object({
  stationId: z.number(),
  stationName: z.string(),
  month: z.string(),
  sessions: z.number(),
  energyKwh: z.string(),
  electricityFen: z.number(),
  serviceFen: z.number(),
  totalFen: z.number(),
  averagePerKwhFen: z.number().nullable().describe('Total ÷ energy, fen per kWh, half up'),
  fullCharges: z.number().describe('Sessions that delivered at least the full-charge energy'),
  averagePerFullChargeFen: z.number().nullable().describe('Mean total of the full charges, fen, half up'),
  flagged: z.number(),
});
export const StatsView = z.object({ fullChargeKwh: z.string(), months: z.array(z.string()), rows: z.array(StatsRow) });

// ---------- charging as a person: scan, charge, pay (我的充电) ----------

const portCode = z
  .string()
  .regex(/^[0-9a-f]{32}$/, 'a port code (32 hex digits)')
  .describe("The code on the port's QR sticker");
const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
  .describe('YYYY-MM, local');

export const PortCodeParams = z.object({ code: portCode });
export const ScanStartBody = z.object({ portCode });
export const LiveView = z
  .object({
    meterKwh: z.string().describe('The meter as the charger last reported it'),
    meterAt: z.string().nullable(),
    energyKwh: z.string(),
    minutes: z.number(),
    runningFen: z
      .number()
      .nullable()
      .describe('What the session would cost if stopped now, itemised billing; null with no tariff'),
  })
  .describe('While charging: how far it has got');
export const MySessionView = SessionView.extend({
  paidAt: z.string().nullable(),
  live: LiveView.nullable(),
});
export const MySessionList = pageOf(MySessionView);
export const MySessionListQuery = PageQuery;
export const ChargePortView = z.object({
  code: z.string(),
  portId: z.number(),
  portLabel: z.string(),
  stationId: z.number(),
  stationName: z.string(),
  address: z.string(),
  operator: z.string(),
  open: z.boolean().describe('The port and its station are in use'),
  busy: z.boolean().describe('Someone is charging on it now'),
  tariff: TariffView.nullable().describe('The tariff in force now'),
  mine: MySessionView.nullable().describe('My session charging on this port, or my session to pay'),
  balanceFen: z.number(),
  minStartBalanceFen: z.number().describe('The balance needed to start'),
});
export const TopUpBody = z.object({
  amountFen: z.number().int().min(1).max(1_000_000).describe('How much to put on the balance, in fen'),
});
export const WalletEntryView = z.object({
  id: z.number(),
  kind: z.enum(['top_up', 'payment', 'refund']),
  amountFen: z.number().describe('Signed: + top-up, − payment or refund'),
  balanceAfterFen: z.number(),
  sessionId: z.number().nullable(),
  provider: z.string().nullable(),
  providerRef: z.string().nullable(),
  at: z.string(),
});
export const WalletView = z.object({
  balanceFen: z.number(),
  maxBalanceFen: z.number(),
  minStartBalanceFen: z.number(),
  provider: z.string().describe('The payment provider top-ups and refunds go through'),
  entries: z.array(WalletEntryView).describe('The latest 50, newest first'),
});
export const StatementQuery = z.object({ month: month.optional().describe('YYYY-MM, local (default: this month)') });
export const StatementView = z.object({
  month: z.string(),
  sessions: z.number().describe('Sessions billed in the month (by when they stopped)'),
  energyKwh: z.string(),
  electricityFen: z.number(),
  serviceFen: z.number(),
  totalFen: z.number(),
  paidFen: z.number().describe('Of the total, paid'),
  topUpFen: z.number(),
  refundFen: z.number(),
  items: z.array(MySessionView),
  entries: z.array(WalletEntryView),
});
