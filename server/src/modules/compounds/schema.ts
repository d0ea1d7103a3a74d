import { z } from 'zod';
import { id } from '../../platform/input.ts';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { COMPOUND_KINDS, MEMBER_ROLES } from './tables.ts';

const text = (max: number) => z.string().trim().max(max);
const localDate = z.iso.date().describe('A local day, YYYY-MM-DD');

export const IdParams = z.object({ id });
export const MemberParams = z.object({ id, memberId: id });
export const CompoundKind = z
  .enum(COMPOUND_KINDS)
  .describe('commodity 商品房, resettlement 回迁房, old 老旧小区, unmanaged 三无小区, other');
export const MemberRole = z.enum(MEMBER_ROLES).describe('director 主任, deputy 副主任, member 委员');

const CommitteeFields = {
  committeeTermStart: localDate.nullable(),
  committeeTermEnd: localDate.nullable(),
  committeeElectedOn: localDate.nullable().describe("The owners' committee's (业委会) election day"),
};
const termInOrder = (o: { committeeTermStart?: string | null; committeeTermEnd?: string | null }) =>
  !o.committeeTermStart || !o.committeeTermEnd || o.committeeTermEnd >= o.committeeTermStart;
const termIssue = { message: 'The term must not end before it starts', path: ['committeeTermEnd'] };

export const CompoundBody = z
  .object({
    communityId: id,
    name: text(60).min(1),
    kind: CompoundKind,
    address: text(200).default(''),
    buildingIds: z.array(id).max(200).default([]).describe('Buildings (org) of the community; each in one compound'),
    committeeTermStart: CommitteeFields.committeeTermStart.default(null),
    committeeTermEnd: CommitteeFields.committeeTermEnd.default(null),
    committeeElectedOn: CommitteeFields.committeeElectedOn.default(null),
  })
  .refine(termInOrder, termIssue);
export const CompoundPatch = z
  .object({
    name: text(60).min(1),
    kind: CompoundKind,
    address: text(200),
    buildingIds: z.array(id).max(200),
    ...CommitteeFields,
  })
  .partial()
  .refine(termInOrder, termIssue);

export const CompoundListQuery = PageQuery.extend({
  communityId: id.optional(),
  kind: CompoundKind.optional(),
  q: text(60).optional().describe('Words of the name or address'),
});

const Named = z.object({ id: z.number(), name: z.string() });
export const CompoundSummary = z.object({
  id: z.number(),
  community: Named,
  name: z.string(),
  kind: CompoundKind,
  address: z.string(),
  buildings: z.number(),
  propertyCompany: z.string().nullable(),
  committeeTermEnd: z.string().nullable(),
});
export const CompoundList = pageOf(CompoundSummary);

export const TermWarning = z
  .enum(['none', 'unknown', 'ending', 'ended'])
  .describe('ending: the term ends within 90 days; ended: it has ended; unknown: no term recorded');
export const MemberView = z.object({
  id: z.number(),
  name: z.string(),
  role: MemberRole,
  phone: z.string().nullable().describe('Masked'),
});
export const ContractView = z.object({
  id: z.number(),
  companyName: z.string(),
  creditCode: z.string().nullable(),
  contact: z.string(),
  phone: z.string().nullable().describe('Masked'),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  feeFen: z.number().nullable().describe('Fen per m² per month'),
  current: z.boolean(),
});
export const CompoundView = CompoundSummary.extend({
  buildingList: z.array(z.object({ id: z.number(), name: z.string(), address: z.string() })),
  committee: z.object({
    termStart: z.string().nullable(),
    termEnd: z.string().nullable(),
    electedOn: z.string().nullable(),
    warning: TermWarning,
    members: z.array(MemberView),
  }),
  contracts: z.array(ContractView).describe('Latest first; the current one is marked'),
  meetings: z.array(
    z.object({
      id: z.number(),
      kind: z.string(),
      title: z.string(),
      startsAt: z.string(),
      status: z.string(),
    }),
  ),
  matters: z.object({
    total: z.number().describe("Matters of the compound's community"),
    open: z.number(),
    latest: z.array(z.object({ id: z.number(), code: z.string(), status: z.string(), description: z.string() })),
  }),
  canManage: z.boolean(),
});

export const MemberBody = z.object({
  name: text(40).min(1),
  role: MemberRole,
  phone: z
    .string()
    .trim()
    .regex(/^1\d{10}$/)
    .nullable()
    .default(null),
});
export const ContractBody = z
  .object({
    companyName: text(80).min(1),
    creditCode: z
      .string()
      .trim()
      .regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/)
      .nullable()
      .default(null)
      .describe('统一社会信用代码'),
    contact: text(40).default(''),
    phone: z
      .string()
      .trim()
      .regex(/^1\d{10}$/)
      .nullable()
      .default(null),
    startsOn: localDate,
    endsOn: localDate.nullable().default(null),
    feeFen: z.number().int().min(0).max(100000).nullable().default(null).describe('Fen per m² per month'),
  })
  .refine((o) => !o.endsOn || o.endsOn >= o.startsOn, { message: 'Ends before it starts', path: ['endsOn'] });
export const MeetingLinkBody = z.object({ meetingId: id });
