import { z } from 'zod';
import { id } from '../../platform/input.ts';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { MEMBER_KINDS, ORG_KINDS, REPORT_STATUSES } from './tables.ts';

const localDate = z.iso.date().describe('A local day, YYYY-MM-DD');

export const IdParams = z.object({ id });
export const OrgKind = z
  .enum(ORG_KINDS)
  .describe(
    'committee 社区党委, general_branch 党总支, branch 网格党支部, group 楼栋党小组, center_household 党员中心户',
  );
export const MemberKind = z.enum(MEMBER_KINDS).describe('regular; floating 流动党员; in_service 在职党员');
export const ReportStatus = z.enum(REPORT_STATUSES);

export const OrgBody = z
  .object({
    kind: OrgKind,
    name: z.string().trim().min(1).max(60),
    parentId: id.nullable().default(null),
    communityId: id.describe('The community it is bound to'),
    gridId: id.nullable().default(null),
    buildingId: id.nullable().default(null),
    householdId: id.nullable().default(null).describe('For a 党员中心户: the household it is'),
    secretary: z.string().trim().max(30).default('').describe('书记: their name; may be empty'),
  })
  .strict();

export const OrgPatch = z
  .object({
    name: z.string().trim().min(1).max(60).optional(),
    secretary: z.string().trim().max(30).optional(),
    parentId: id.nullable().optional().describe('Another organisation of the same community, or null for none'),
  })
  .strict();

export const OrgView = z.object({
  id: z.number().int(),
  kind: OrgKind,
  name: z.string(),
  parentId: z.number().int().nullable(),
  community: z.object({ id: z.number().int(), name: z.string() }),
  gridId: z.number().int().nullable(),
  buildingId: z.number().int().nullable(),
  householdId: z.number().int().nullable(),
  secretary: z.string(),
  members: z.number().int().describe('Members listed in it (a 流动党员 in both of theirs)'),
});
export const OrgList = z.object({ items: z.array(OrgView) });

export const MemberBody = z
  .object({
    personId: id.describe('A person of the people registry'),
    kind: MemberKind,
    primaryOrgId: id.describe('组织关系所在: the branch holding the membership'),
    residenceOrgId: id.nullable().default(null).describe('For a 流动党员: the branch where they live'),
    joinedOn: localDate,
  })
  .strict();
export const ResidenceBody = z.object({ orgId: id }).strict();
export const MemberPatch = z
  .object({
    kind: MemberKind.optional(),
    primaryOrgId: id.optional(),
    residenceOrgId: id.nullable().optional().describe('Only a 流动党员 has one; null takes it away'),
    joinedOn: localDate.optional(),
  })
  .strict();

export const MemberView = z.object({
  id: z.number().int(),
  personId: z.number().int(),
  name: z.string(),
  address: z.string(),
  kind: MemberKind,
  primaryOrg: z.object({ id: z.number().int(), name: z.string() }),
  residenceOrg: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  joinedOn: z.string(),
  report: z.object({ status: ReportStatus, communityId: z.number().int() }).nullable(),
});
export const MemberList = pageOf(MemberView);
export const MemberListQuery = PageQuery.extend({
  q: z.string().trim().max(30).optional().describe('Name contains'),
});

export const ReportView = z.object({
  id: z.number().int(),
  memberId: z.number().int(),
  name: z.string(),
  community: z.object({ id: z.number().int(), name: z.string() }),
  status: ReportStatus,
  requestedAt: z.string(),
  confirmedAt: z.string().nullable(),
});
export const ReportList = z.object({ items: z.array(ReportView) });
export const ReportListQuery = z.object({ status: ReportStatus.optional() });

export const MyParty = z.object({
  member: MemberView.nullable().describe('Null when I am not a registered party member'),
  homeCommunity: z.object({ id: z.number().int(), name: z.string() }).nullable(),
});

const Tally = z.object({ claimed: z.number().int(), done: z.number().int() });
export const BranchStats = z.object({
  items: z.array(
    z.object({
      orgId: z.number().int(),
      name: z.string(),
      members: z.number().int(),
      reported: z.number().int().describe('在职党员 whose 报到 is confirmed'),
      tasksClaimed: z
        .number()
        .int()
        .describe('Micro-wishes claimed and activities signed up for by its reported members, and projects it took on'),
      tasksDone: z.number().int().describe('Of them, wishes come true, activities attended and projects done'),
      wishes: Tally.describe('Micro-wishes claimed by its reported members; done: fulfilled or thanked'),
      activities: Tally.describe('Volunteer activities its reported members signed up for; done: attended'),
      projects: Tally.describe('Key small matters (先锋领办) it took on as a unit, by its name; done: finished'),
    }),
  ),
});

export const BuildingQuery = z.object({ buildingId: id });
export const CenterHouseholds = z.object({
  items: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      householdId: z.number().int().nullable(),
      household: z.string().describe('The household’s building, unit and room'),
      secretary: z.string(),
    }),
  ),
});
