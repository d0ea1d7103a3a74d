import { z } from 'zod';
import { areaId, id } from '../../platform/input.ts';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { OFFER_AUDIENCES, OFFER_KINDS } from './tables.ts';

const text = (max: number) => z.string().trim().max(max);
const lat = z.coerce.number().min(3).max(54).describe('WGS-84 latitude');
const lng = z.coerce.number().min(73).max(136).describe('WGS-84 longitude');
const localDate = z.iso.date().describe('A local day, YYYY-MM-DD');

export const IdParams = z.object({ id });
export const OfferKind = z.enum(OFFER_KINDS).describe('canteen 食堂, shop 商户, service 服务 (维修, 理发 …)');
export const OfferAudience = z
  .enum(OFFER_AUDIENCES)
  .describe('courier: couriers only (the courier role); everyone: any signed-in resident or 新市民');

const OfferFields = {
  communityId: id.describe('The community whose staff keep the offer'),
  partnerName: text(80).min(1).describe('The partner shop or canteen'),
  kind: OfferKind,
  title: text(60).min(1).describe('What is offered, e.g. 午餐套餐'),
  details: text(1000),
  pricePercent: z
    .number()
    .int()
    .min(1)
    .max(99)
    .nullable()
    .describe('What the holder pays, in percent of the list price (30 = 3折); null when not a discount'),
  address: text(200),
  lat: z.number().min(3).max(54),
  lng: z.number().min(73).max(136),
  hoursNote: text(100).describe('When the offer holds, as the partner says it (e.g. 每天 11:00–14:00)'),
  audience: OfferAudience,
  startsOn: localDate,
  endsOn: localDate.nullable().describe('The last day, or null for no end'),
  dailyLimit: z.number().int().min(1).max(10).describe('Uses per person per day'),
  active: z.boolean(),
};
const datesInOrder = (o: { startsOn?: string; endsOn?: string | null }) =>
  !o.startsOn || !o.endsOn || o.endsOn >= o.startsOn;

export const OfferBody = z
  .object({
    ...OfferFields,
    details: OfferFields.details.default(''),
    address: OfferFields.address.default(''),
    hoursNote: OfferFields.hoursNote.default(''),
    audience: OfferFields.audience.default('courier'),
    endsOn: OfferFields.endsOn.default(null),
    dailyLimit: OfferFields.dailyLimit.default(1),
    active: OfferFields.active.default(true),
  })
  .refine(datesInOrder, { path: ['endsOn'], message: 'endsOn is before startsOn' });
export const OfferPatch = z
  .object(OfferFields)
  .omit({ communityId: true })
  .partial()
  .refine(datesInOrder, { path: ['endsOn'], message: 'endsOn is before startsOn' });

export const OfferView = z.object({
  id: z.number(),
  community: z.object({ id: z.number(), name: z.string() }),
  partnerName: z.string(),
  kind: OfferKind,
  title: z.string(),
  details: z.string(),
  pricePercent: z.number().nullable(),
  address: z.string(),
  lat: z.number(),
  lng: z.number(),
  hoursNote: z.string(),
  audience: OfferAudience,
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  dailyLimit: z.number(),
  active: z.boolean(),
  distanceMeters: z.number().nullable().describe('From the point asked about, when one was given'),
  usedToday: z.number().describe('My uses of it today (local day)'),
});
export const OfferList = pageOf(OfferView);
export const OfferListQuery = PageQuery.extend({
  lat: lat.optional(),
  lng: lng.optional(),
  kind: OfferKind.optional(),
  q: text(40).optional().describe("Search the partner's name and the offer's title"),
}).refine((q) => (q.lat === undefined) === (q.lng === undefined), {
  path: ['lng'],
  message: 'lat and lng go together',
});

export const OfferStatus = z
  .enum(['current', 'upcoming', 'ended', 'inactive'])
  .describe(
    'current: active and within its dates today; upcoming: starts later; ended: past its last day; inactive: switched off',
  );
export const ManagedOfferView = OfferView.omit({ usedToday: true, distanceMeters: true }).extend({
  status: OfferStatus,
  usesThisMonth: z.number(),
  createdAt: z.string(),
});
export const ManagedOfferList = pageOf(ManagedOfferView);
export const ManagedOfferQuery = PageQuery.extend({
  areaId,
  status: OfferStatus.optional(),
  kind: OfferKind.optional(),
  q: text(40).optional(),
});

export const PassView = z.object({
  useId: z.number(),
  passNo: z.string().describe('Shown at the counter; the shop may note it'),
  offer: OfferView,
  holder: z.string().describe("The holder's name, masked"),
  usedAt: z.string(),
  day: z.string(),
});
export const MyUse = z.object({
  id: z.number(),
  passNo: z.string(),
  offerId: z.number(),
  partnerName: z.string(),
  title: z.string(),
  pricePercent: z.number().nullable(),
  usedAt: z.string(),
});
export const MyUseList = pageOf(MyUse);

export const FiguresQuery = z.object({
  areaId,
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional()
    .describe('YYYY-MM, local; the current month when absent'),
});
export const Figures = z.object({
  month: z.string(),
  offers: z.number().describe('Offers current on some day of the month'),
  uses: z.number(),
  people: z.number().describe('Different people who used an offer'),
  byOffer: z.array(
    z.object({ id: z.number(), partnerName: z.string(), title: z.string(), uses: z.number(), people: z.number() }),
  ),
  byDay: z.array(z.object({ day: z.string(), uses: z.number() })),
});
