import { z } from 'zod';
import { id } from '../../platform/input.ts';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { CHECK_RESULTS, NOTICE_STATUSES, TARGET_KINDS } from './tables.ts';

const text = (max: number) => z.string().trim().max(max);
const localDate = z.iso.date().describe('A local day, YYYY-MM-DD');

export const IdParams = z.object({ id });
export const TargetParams = z.object({ id, targetId: id });

export const ItemBody = z.object({
  code: text(20).min(1).describe('The item code, e.g. A1'),
  text: text(200).min(1).describe('What is checked, e.g. 电动车不得在楼道内充电'),
  legalBasis: text(300).nullable().default(null).describe('The rule it rests on (法律依据), if any'),
});
export const TargetBody = z.object({
  kind: z.enum(TARGET_KINDS).describe('building 楼栋, shop 商铺, garage 车库, other'),
  buildingId: id.nullable().default(null).describe('For a building: the org building id'),
  name: text(100).min(1),
  address: text(200).default(''),
  responsibleParty: text(100).default('').describe('Who must rectify (责任人/单位)'),
  lat: z.number().min(3).max(54).nullable().default(null),
  lng: z.number().min(73).max(136).nullable().default(null),
});
export const CampaignBody = z
  .object({
    divisionId: id.describe('The street or community running the campaign'),
    title: text(100).min(1),
    startsOn: localDate,
    endsOn: localDate,
    items: z.array(ItemBody).min(1).max(50),
    targets: z.array(TargetBody).min(1).max(500),
    memberIds: z.array(id).max(50).default([]).describe('The task force: staff user ids who record findings'),
  })
  .refine((b) => b.endsOn >= b.startsOn, { message: 'endsOn before startsOn', path: ['endsOn'] })
  .refine((b) => new Set(b.items.map((i) => i.code)).size === b.items.length, {
    message: 'item codes repeat',
    path: ['items'],
  });

export const CampaignUpdateBody = z
  .object({
    title: text(100).min(1).optional(),
    startsOn: localDate.optional(),
    endsOn: localDate.optional(),
    status: z.enum(['active', 'closed']).optional().describe('closed ends the campaign: no more inspections'),
    memberIds: z.array(id).max(50).optional().describe('The whole task force, replacing the one before'),
    addItems: z.array(ItemBody).max(50).default([]).describe('Checklist items to add (items checked stay as they are)'),
    addTargets: z.array(TargetBody).max(500).default([]).describe('Targets to add'),
  })
  .refine((b) => new Set(b.addItems.map((i) => i.code)).size === b.addItems.length, {
    message: 'item codes repeat',
    path: ['addItems'],
  });

export const StaffQuery = z.object({
  divisionId: id.describe('The street or community the campaign runs in'),
  q: text(40).optional().describe('Name contains'),
});
export const StaffList = z.object({
  items: z.array(z.object({ id: z.number(), name: z.string(), roles: z.array(z.string()) })),
});

const flag = z
  .enum(['true', 'false'])
  .optional()
  .transform((v) => v === 'true');
export const NoticeListQuery = PageQuery.extend({
  campaignId: id.optional(),
  status: z.enum(NOTICE_STATUSES).optional(),
  open: flag.describe('Only notices not closed (open or escalated)'),
  overdue: flag.describe('Only notices not closed whose deadline has passed'),
  mine: flag.describe('Only notices I issued'),
  q: text(50).optional().describe('Number or target name contains'),
});

export const CampaignListQuery = PageQuery.extend({
  status: z.enum(['active', 'closed']).optional(),
  q: text(50).optional(),
  mine: z.coerce.boolean().optional().describe('Only campaigns whose task force I am in'),
});

const Item = z.object({ id: z.number(), code: z.string(), text: z.string(), legalBasis: z.string().nullable() });
const Target = z.object({
  id: z.number(),
  kind: z.enum(TARGET_KINDS),
  buildingId: z.number().nullable(),
  name: z.string(),
  address: z.string(),
  responsibleParty: z.string(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
});
export const CampaignSummary = z.object({
  id: z.number(),
  division: z.object({ id: z.number(), name: z.string() }),
  title: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  status: z.enum(['active', 'closed']),
  memberIds: z.array(z.number()),
});
export const CampaignList = pageOf(CampaignSummary);
export const CampaignView = CampaignSummary.extend({ items: z.array(Item), targets: z.array(Target) });

export const InspectionBody = z.object({
  results: z
    .array(
      z.object({
        itemId: id,
        result: z.enum(CHECK_RESULTS),
        description: text(1000).default(''),
        photoTokens: z.array(z.string().max(100)).max(9).default([]).describe('Tokens from POST /api/media'),
      }),
    )
    .min(1),
  deadlineDays: z.number().int().min(1).max(90).default(7).describe('Days to rectify, to local end of day'),
});
export const NoticeView = z.object({
  id: z.number(),
  campaignId: z.number(),
  number: z.string(),
  target: z.object({ id: z.number(), name: z.string(), responsibleParty: z.string() }),
  deadline: z.string(),
  status: z.enum(NOTICE_STATUSES),
  escalations: z.number(),
  matterId: z.number().nullable(),
  issuedAt: z.string(),
  closedAt: z.string().nullable(),
  campaignTitle: z.string(),
  overdue: z.boolean().describe('Not closed, and its deadline has passed'),
  rechecks: z.array(
    z.object({ passed: z.boolean(), note: z.string(), photoTokens: z.array(z.string()), checkedAt: z.string() }),
  ),
  findings: z.array(
    z.object({
      checkId: z.number(),
      code: z.string(),
      text: z.string(),
      legalBasis: z.string().nullable(),
      description: z.string(),
      photoTokens: z.array(z.string()),
    }),
  ),
});
export const InspectionResult = z.object({ recorded: z.number(), notice: NoticeView.nullable() });
export const NoticeList = z.object({ items: z.array(NoticeView) });
export const NoticePage = pageOf(NoticeView);
export const RecheckBody = z.object({
  passed: z.boolean(),
  note: text(500).default(''),
  photoTokens: z.array(z.string().max(100)).max(9).default([]).describe('Photos of the re-check, from POST /api/media'),
  newDeadlineDays: z.number().int().min(1).max(90).default(7),
  openMatter: z.boolean().default(false).describe('On failure: open a matter (转事项) with the findings'),
});
export const CheckParams = z.object({ id, checkId: id });
export const MatterOpened = z.object({ matterId: z.number() });
export const Progress = z.object({
  byTarget: z.array(
    z.object({
      targetId: z.number(),
      name: z.string(),
      checked: z.number(),
      findings: z.number(),
      openNotices: z.number(),
    }),
  ),
  byItem: z.array(
    z.object({
      itemId: z.number(),
      code: z.string(),
      text: z.string(),
      passed: z.number(),
      failed: z.number(),
      notApplicable: z.number(),
    }),
  ),
});
