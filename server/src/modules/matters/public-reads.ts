import type { Executor } from '../../db/connection.ts';
import { maskIdNumber, maskPhone } from '../../platform/personal-data.ts';
import { isPublicCategory } from './access.ts';
import type { MattersDependencies } from './dependencies.ts';
import { latestPublicNotes } from './repository-stations.ts';

/** How many resolved reports a community's public page shows, newest first. */
const PUBLIC_LIMIT = 50;

/**
 * Coordinates given out on a public page are rounded to 3 decimals (about 100 m): enough to
 * show where the work was done, not which door. (Open311 gives them as filed; the page goes further.)
 */
const coarse = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);

/** Phone and ID numbers that someone typed into a free text are masked before the text is shown to all. */
const ID_NUMBER = /(?<!\d)\d{17}[\dXx](?!\d)/g;
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
export function maskFreeText(text: string): string {
  return text.replace(ID_NUMBER, (m) => maskIdNumber(m) ?? '').replace(MOBILE, (m) => maskPhone(m) ?? '');
}

function resolvedInCommunity(db: Executor, communityId: number, categoryIds: readonly number[], limit: number) {
  return db
    .selectFrom('matters.matters as m')
    .innerJoin('matters.categories as c', 'c.id', 'm.category_id')
    .select([
      'm.id',
      'm.status',
      'm.description',
      'm.address',
      'm.lat',
      'm.lng',
      'm.reply',
      'm.created_at',
      'm.updated_at',
      'c.code as service_code',
      'c.name_zh as service_name',
      'c.name_en as service_name_en',
    ])
    .where('m.division_id', '=', communityId)
    .where('m.category_id', 'in', categoryIds.length ? [...categoryIds] : [-1])
    .where('m.status', 'in', ['resolved', 'closed'])
    .orderBy('m.id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * 办件公开: a community's resolved reports of the public categories — the same categories and
 * the same public fields as Open311 (open311-requests.ts): no reporter, no internal note.
 */
export async function resolvedPublicReports(deps: MattersDependencies, communityId: number) {
  const { list } = await deps.categories.get();
  const categoryIds = list.filter((c) => isPublicCategory(c)).map((c) => c.id);
  const rows = await resolvedInCommunity(deps.db, communityId, categoryIds, PUBLIC_LIMIT);
  const notes = await latestPublicNotes(
    deps.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    category: { code: r.service_code, zh: r.service_name, en: r.service_name_en },
    description: maskFreeText(r.description),
    statusNote: maskFreeText(r.reply ?? notes.get(r.id) ?? ''),
    address: maskFreeText(r.address ?? ''),
    lat: coarse(r.lat),
    lng: coarse(r.lng),
    reportedAt: r.created_at.toISOString(),
    resolvedAt: r.updated_at.toISOString(),
  }));
}
