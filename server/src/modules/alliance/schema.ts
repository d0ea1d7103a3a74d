import { z } from 'zod';
import { id } from '../../platform/input.ts';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { ProjectSummary, WishView } from '../volunteer/schema.ts';
import { UNIT_KINDS } from './tables.ts';

export const UnitKind = z.enum(UNIT_KINDS);
export const IdParams = z.object({ id });
export const MemberParams = z.object({ id, memberId: id });

export const UnitBody = z.object({
  divisionId: id.describe('The community or street the unit serves'),
  name: z.string().trim().min(2).max(100),
  kind: UnitKind.describe(
    'party_partner 党建联建, company, public_institution, social_organisation, merchant, gig_alliance 零工市场联盟',
  ),
  creditCode: z.string().trim().max(30).optional().describe('统一社会信用代码: 18 characters with its check character'),
  address: z.string().trim().max(200).default(''),
  tags: z.array(z.string().trim().min(1).max(20)).max(20).default([]).describe('e.g. 红色蜂巢'),
});
export const UnitPatch = UnitBody.partial().extend({ active: z.boolean().optional() });
export const UnitListQuery = PageQuery.extend({
  q: z.string().trim().max(60).optional().describe('Name, address or credit code'),
  kind: UnitKind.optional(),
  tag: z.string().trim().max(20).optional(),
  divisionId: id.optional(),
  active: z.enum(['true', 'false']).optional(),
});
export const UnitSummary = z.object({
  id: z.number(),
  divisionId: z.number(),
  divisionName: z.string(),
  name: z.string(),
  kind: UnitKind,
  creditCode: z.string().nullable(),
  address: z.string(),
  tags: z.array(z.string()),
  active: z.boolean(),
  members: z.number(),
  createdAt: z.string(),
});
export const UnitList = pageOf(UnitSummary);
export const MemberView = z.object({
  id: z.number(),
  personId: z.number().nullable(),
  name: z.string(),
  role: z.string(),
  phone: z.string().nullable().describe('Masked (138****5678); the whole number through .../phone, audited'),
  isContact: z.boolean(),
});
export const UnitView = UnitSummary.extend({
  memberList: z.array(MemberView),
  claims: z.object({ wishes: z.array(WishView), projects: z.array(ProjectSummary) }),
  canManage: z.boolean(),
  canReveal: z.boolean(),
});
export const MemberBody = z.object({
  personId: id.optional().describe('A person in the registry, when the member is one'),
  name: z.string().trim().min(1).max(40),
  role: z.string().trim().max(40).default('').describe('e.g. 书记, 联络员, 负责人'),
  phone: z.string().trim().max(20).optional(),
  isContact: z.boolean().default(false),
});
export const PhoneView = z.object({ phone: z.string().nullable() });
export const ClaimBody = z.object({
  kind: z.enum(['wish', 'project']),
  id: id.describe('The wish or project'),
});
