import { z } from 'zod';
import { id } from '../../platform/input.ts';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { ENTRY_STATUSES, SPECIAL_FIELDS } from './tables.ts';

const text = (max: number) => z.string().trim().max(max);
const localDate = z.iso.date().describe('A local day, YYYY-MM-DD');

export const IdParams = z.object({ id });
export const SpecialField = z.enum(SPECIAL_FIELDS);
export const Fields = z
  .partialRecord(SpecialField, text(200))
  .describe("Only the fields the entry's category needs; any other is refused");

export const Category = z.object({
  id: z.number(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  fields: z.array(SpecialField),
  visitDays: z.number(),
  active: z.boolean(),
});
export const CategoryList = z.object({ items: z.array(Category) });
export const CategoryQuery = z.object({
  all: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('With the switched-off categories too (to configure them)'),
});
const categoryName = z.string().trim().min(1).max(40);
const visitDays = z.number().int().min(1).max(366).describe('Days between visits');
const fieldList = z
  .array(SpecialField)
  .max(SPECIAL_FIELDS.length)
  .refine((a) => new Set(a).size === a.length, 'each field once')
  .describe('The fields this category needs, from the fixed minimal list');
export const CategoryBody = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,39}$/)
    .describe('A stable code: lower-case letters, digits and _'),
  nameZh: categoryName,
  nameEn: categoryName,
  fields: fieldList.default([]),
  visitDays,
});
export const CategoryPatch = z
  .object({ nameZh: categoryName, nameEn: categoryName, fields: fieldList, visitDays, active: z.boolean() })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'nothing to change');

export const EntryBody = z.object({
  personId: id.describe('A person of the people registry'),
  categoryId: id,
  startsOn: localDate,
  endsOn: localDate.nullable().default(null),
  workerId: id.describe('The responsible worker (a user), who is warned of overdue visits'),
  fields: Fields.default({}),
});

export const EntryQuery = PageQuery.extend({
  categoryId: z.coerce.number().int().positive().optional(),
  communityId: z.coerce.number().int().positive().optional().describe('Only this community (of my area)'),
  q: text(40).optional().describe("A part of the person's name"),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

export const Entry = z.object({
  id: z.number(),
  person: z.object({ id: z.number(), name: z.string() }),
  communityId: z.number(),
  category: z.object({ id: z.number(), code: z.string(), nameZh: z.string(), nameEn: z.string() }),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  workerId: z.number(),
  fields: z.record(z.string(), z.string()),
  status: z.enum(ENTRY_STATUSES),
  lastVisitOn: z.string().nullable(),
  nextVisitDue: z.string(),
  overdue: z.boolean(),
});
export const EntryList = pageOf(Entry);

export const Visit = z.object({ id: z.number(), visitedOn: z.string(), note: z.string(), recordedBy: z.number() });
export const EntryDetail = Entry.extend({ visits: z.array(Visit) });

export const VisitBody = z.object({ visitedOn: localDate, note: text(1000).default('') });
export const CloseBody = z.object({
  endsOn: localDate.describe('The last day the person is followed (矫正期满, 解除, 迁出 …); not after today'),
  reason: z
    .enum(['term_ended', 'moved_away', 'deceased', 'other'])
    .describe('term_ended 期满解除, moved_away 迁出, deceased 死亡, other'),
  note: text(500).default(''),
});
