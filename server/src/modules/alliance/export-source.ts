import type { z } from 'zod';
import { type Words, word } from '../exports/cell-words.ts';
import { exportSource, joined } from '../exports/source.ts';
import * as S from './schema.ts';
import type { AllianceService } from './service.ts';

type Unit = z.infer<typeof S.UnitSummary>;

const UNIT_KIND: Words = {
  party_partner: { 'zh-CN': '党建联建', en: 'Party-building partner' },
  company: { 'zh-CN': '企业', en: 'Company' },
  public_institution: { 'zh-CN': '事业单位', en: 'Public institution' },
  social_organisation: { 'zh-CN': '社会组织', en: 'Social organisation' },
  merchant: { 'zh-CN': '商户', en: 'Merchant' },
  gig_alliance: { 'zh-CN': '零工市场联盟', en: 'Gig-market alliance' },
};

/**
 * The alliance units (GET /api/alliance/units) as an export, with the list's filters and reach
 * (alliance.read). Units are organisations; their members and contacts are not written.
 */
export function allianceUnitExportSource(alliance: AllianceService) {
  return exportSource<z.infer<typeof S.UnitListQuery>, Unit>({
    kind: 'alliance-units',
    title: { 'zh-CN': '联建单位', en: 'Alliance units' },
    filters: S.UnitListQuery,
    page: (ctx, filters, page) => alliance.listUnits(ctx, { ...filters, ...page }),
    columns: [
      { key: 'name', header: { 'zh-CN': '单位名称', en: 'Name' }, width: 30, value: (u) => u.name },
      {
        key: 'kind',
        header: { 'zh-CN': '类型', en: 'Kind' },
        width: 14,
        value: (u, f) => word(UNIT_KIND, u.kind, f.locale),
      },
      { key: 'division', header: { 'zh-CN': '所属区域', en: 'Area' }, width: 14, value: (u) => u.divisionName },
      {
        key: 'creditCode',
        header: { 'zh-CN': '统一社会信用代码', en: 'Credit code' },
        width: 22,
        value: (u) => u.creditCode,
      },
      { key: 'address', header: { 'zh-CN': '地址', en: 'Address' }, width: 30, value: (u) => u.address },
      { key: 'tags', header: { 'zh-CN': '标签', en: 'Tags' }, width: 16, value: (u) => joined(u.tags) },
      { key: 'members', header: { 'zh-CN': '成员数', en: 'Members' }, width: 8, value: (u) => u.members },
      {
        key: 'active',
        header: { 'zh-CN': '状态', en: 'Status' },
        width: 8,
        value: (u, f) => (u.active ? (f.locale === 'en' ? 'Active' : '在册') : f.locale === 'en' ? 'Inactive' : '停用'),
      },
      { key: 'createdAt', header: { 'zh-CN': '登记时间', en: 'Registered' }, value: (u, f) => f.time(u.createdAt) },
    ],
  });
}
