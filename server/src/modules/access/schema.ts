import { z } from 'zod';
import { areaId, id } from '../../platform/input.ts';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { ENTRY_METHODS, PERSON_KINDS } from './tables.ts';

const text = (max: number) => z.string().trim().max(max);
const instant = z.iso.datetime({ offset: true }).describe('ISO 8601 with offset');
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const IdParams = z.object({ id });
export const CompoundParams = z.object({ compoundId: id });
export const PersonKind = z
  .enum(PERSON_KINDS)
  .describe('resident 住户, tenant 租户, worker 工作人员, property_staff 物业, other');
export const EntryMethod = z
  .enum(ENTRY_METHODS)
  .describe(
    'card 门禁卡, qr 访客二维码, plate 车牌识别, face 人脸 (matched inside the gate; only its match id comes here)',
  );
const cardNumber = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z]{4,32}$/)
  .describe('The card number (kept only as a keyed hash and its last 4 characters)');
const plate = text(12).min(7).describe('A Chinese plate, e.g. 皖A12345 or, new-energy, 皖AD12345');

export const PersonBody = z.object({
  personId: id.describe('The org person'),
  kind: PersonKind,
  cardNumber: cardNumber.optional(),
});
export const PersonPatch = z.object({
  kind: PersonKind.optional(),
  cardNumber: cardNumber.nullable().optional().describe('A new card, or null to withdraw it'),
  active: z.boolean().optional(),
});
export const PersonView = z.object({
  id: z.number(),
  compoundId: z.number(),
  personId: z.number(),
  name: z.string().describe('Masked'),
  kind: PersonKind,
  card: z.string().nullable().describe('The last 4 characters only, e.g. ****1234'),
  active: z.boolean(),
  createdAt: z.string(),
});
export const PersonList = pageOf(PersonView);

export const VehicleBody = z.object({ plate, personId: id.nullable().default(null) });
export const VehiclePatch = z.object({ active: z.boolean() });
export const VehicleView = z.object({
  id: z.number(),
  compoundId: z.number(),
  plate: z.string(),
  newEnergy: z.boolean(),
  personId: z.number().nullable(),
  owner: z.string().nullable().describe('Masked'),
  active: z.boolean(),
  createdAt: z.string(),
});
export const VehicleList = pageOf(VehicleView);

export const PassBody = z
  .object({
    compoundId: id,
    visitorName: text(40).min(1),
    visitorPhone: z
      .string()
      .trim()
      .regex(/^1\d{10}$/)
      .nullable()
      .default(null),
    validFrom: instant,
    validUntil: instant,
  })
  .refine((b) => Date.parse(b.validUntil) > Date.parse(b.validFrom), {
    path: ['validUntil'],
    message: 'validUntil must be after validFrom',
  });
export const PassView = z.object({
  id: z.number(),
  compoundId: z.number(),
  compoundName: z.string(),
  visitorName: z.string().describe('Masked'),
  visitorPhone: z.string().nullable().describe('Masked'),
  validFrom: z.string(),
  validUntil: z.string(),
  status: z.enum(['upcoming', 'valid', 'expired', 'revoked']),
  createdAt: z.string(),
  mine: z.boolean(),
});
export const IssuedPass = PassView.extend({
  token: z.string().describe('The signed pass (EdDSA JWT) to show as a QR code; gates check it offline'),
});
export const PassList = pageOf(PassView);
export const MyCompounds = z.object({ items: z.array(z.object({ id: z.number(), name: z.string() })) });
export const PassListQuery = PageQuery.extend({
  compoundId: id.optional().describe('Staff: the passes of a compound; without it, the passes I issued'),
});
export const PublicKey = z.object({
  kty: z.string(),
  crv: z.string(),
  x: z.string(),
  kid: z.string(),
  alg: z.string(),
  use: z.string(),
});

export const EntryQuery = PageQuery.extend({
  areaId,
  compoundId: id.optional(),
  deviceId: id.optional().describe('A gate (device id)'),
  method: EntryMethod.optional(),
  allowed: bool.optional(),
  plate: text(12).optional(),
  personId: id.optional().describe('An org person'),
  from: instant,
  to: instant,
});
export const EntryView = z.object({
  id: z.number(),
  at: z.string(),
  device: z.object({ id: z.number(), code: z.string() }),
  compoundId: z.number().nullable(),
  method: EntryMethod,
  direction: z.enum(['in', 'out']),
  credential: z.string().describe('What may be shown: a card as ****1234, a plate, a pass number, a match id'),
  allowed: z.boolean(),
  reason: z
    .string()
    .describe(
      'ok, unknown_card, unknown_plate, unknown_person, bad_signature, not_yet_valid, expired, revoked, wrong_compound, inactive',
    ),
  personId: z.number().nullable(),
  person: z.string().nullable().describe('Masked'),
  passId: z.number().nullable(),
});
export const EntryList = pageOf(EntryView);
export const HourlyQuery = z.object({
  areaId,
  compoundId: id.optional(),
  from: instant,
  to: instant,
});
export const Hourly = z.object({
  gates: z.array(
    z.object({
      deviceId: z.number(),
      deviceCode: z.string(),
      hours: z.array(
        z.object({ hour: z.string().describe('Start of the hour, UTC'), entries: z.number(), refused: z.number() }),
      ),
    }),
  ),
});

export const WatchBody = z.object({
  communityId: id,
  personId: id.optional(),
  plate: plate.optional(),
  cardNumber: cardNumber.optional(),
  reason: text(200).min(2).describe('Why: 走失老人, 盗抢车辆 …'),
});
export const WatchView = z.object({
  id: z.number(),
  communityId: z.number(),
  kind: z.enum(['person', 'plate', 'card']),
  personId: z.number().nullable(),
  person: z.string().nullable().describe('Masked'),
  plate: z.string().nullable(),
  card: z.string().nullable(),
  reason: z.string(),
  addedBy: z.string(),
  status: z.enum(['active', 'closed']),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
});
export const WatchList = pageOf(WatchView);
export const WatchQuery = PageQuery.extend({ areaId, status: z.enum(['active', 'closed']).optional() });
export const AlarmView = z.object({
  id: z.number(),
  watchId: z.number(),
  reason: z.string(),
  entryAt: z.string(),
  communityId: z.number(),
  compoundId: z.number().nullable(),
  deviceCode: z.string(),
  method: EntryMethod,
  plate: z.string().nullable(),
  person: z.string().nullable().describe('Masked'),
  matterId: z.number().nullable(),
  createdAt: z.string(),
});
export const AlarmList = pageOf(AlarmView);
export const AlarmQuery = PageQuery.extend({ areaId });
