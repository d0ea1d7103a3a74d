import { z } from 'zod';
import { id } from '../../platform/input.ts';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { MeetingKind, MeetingStatus, VotePhase } from '../deliberation/schema.ts';
import { AlarmStatus, Severity } from '../devices/schema.ts';
import { MatterStatus } from '../matters/schema.ts';
import { CaseStatus } from '../mediation/schema.ts';
import { COMPOUND_KINDS, DOCUMENT_KINDS, MEMBER_ROLES } from './tables.ts';

const text = (max: number) => z.string().trim().max(max);
const localDate = z.iso.date().describe('A local day, YYYY-MM-DD');

export const IdParams = z.object({ id });
export const MemberParams = z.object({ id, memberId: id });
export const HistoryParams = z.object({ id, entryId: id });
export const DocumentParams = z.object({ id, documentId: id });
export const DocumentKind = z
  .enum(DOCUMENT_KINDS)
  .describe(
    'owners_rules 管理规约, meeting_rules 议事规则, property_contract 物业合同, minutes 会议纪要, notice 公告, other',
  );
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
      kind: MeetingKind,
      title: z.string(),
      startsAt: z.string(),
      status: MeetingStatus,
    }),
  ),
  matters: z.object({
    near: z
      .boolean()
      .describe(
        "true: the matters filed in the ~170-m map cells (H3 r9) of the compound's buildings; false: no building has a location, so the community's",
      ),
    total: z.number(),
    open: z.number(),
    latest: z.array(z.object({ id: z.number(), code: z.string(), status: MatterStatus, description: z.string() })),
  }),
  votes: z
    .array(
      z.object({
        id: z.number(),
        title: z.string(),
        phase: VotePhase,
        closesAt: z.string(),
        ballots: z.number(),
        voters: z.number(),
      }),
    )
    .describe("The latest votes of the community held for all of it or for some of the compound's buildings"),
  disputes: z
    .object({
      open: z.number().describe("Cases under mediation in the compound's community (as the cockpit counts them)"),
      latest: z
        .array(
          z.object({
            id: z.number(),
            code: z.string(),
            status: CaseStatus,
            statusName: z.string(),
            summary: z.string(),
          }),
        )
        .describe('The latest cases of the community, whatever their state'),
    })
    .nullable()
    .describe('null when the actor may not read mediation cases'),
  alarms: z
    .array(
      z.object({
        id: z.number(),
        type: z.string(),
        severity: Severity,
        status: AlarmStatus,
        deviceName: z.string(),
        address: z.string(),
        startedAt: z.string(),
      }),
    )
    .nullable()
    .describe("The latest alarms of devices in the compound's buildings; null when the actor may not read devices"),
  history: z.array(
    z.object({ id: z.number(), happenedOn: z.string(), title: z.string(), note: z.string() }).describe('Oldest first'),
  ),
  documents: z.array(
    z.object({
      id: z.number(),
      kind: DocumentKind,
      title: z.string(),
      signedOn: z.string().nullable(),
      pages: z.array(z.object({ url: z.string(), thumbnailUrl: z.string() })),
    }),
  ),
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

export const HistoryBody = z.object({
  happenedOn: localDate,
  title: text(80).min(1),
  note: text(500).default(''),
});
export const DocumentBody = z.object({
  kind: DocumentKind,
  title: text(80).min(1),
  signedOn: localDate.nullable().default(null),
  pages: z.array(z.string().min(1).max(64)).min(1).max(30).describe('Photos of the pages (POST /api/media), in order'),
});
