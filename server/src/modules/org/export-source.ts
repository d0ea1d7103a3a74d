import type { z } from 'zod';
import { type Words, word } from '../exports/cell-words.ts';
import { exportSource, joined } from '../exports/source.ts';
import * as S from './schema.ts';
import type { OrgService } from './service.ts';

type Person = z.infer<typeof S.PersonView>;
type Building = z.infer<typeof S.BuildingView>;

const BUILDING_KIND: Words = {
  residential: { 'zh-CN': '住宅', en: 'Residential' },
  commercial: { 'zh-CN': '商业', en: 'Commercial' },
  mixed: { 'zh-CN': '商住混合', en: 'Mixed use' },
  public: { 'zh-CN': '公共建筑', en: 'Public' },
  industrial: { 'zh-CN': '工业', en: 'Industrial' },
};

/**
 * The resident register (GET /api/org/persons) as an export. ID and phone numbers are written
 * as the list shows them, masked; a whole number is read one person at a time (…/reveal),
 * each read audited, never in bulk.
 */
export function personExportSource(org: OrgService) {
  return exportSource<z.infer<typeof S.PersonListQuery>, Person>({
    kind: 'persons',
    title: { 'zh-CN': '人员名册', en: 'Residents' },
    filters: S.PersonListQuery,
    page: (ctx, filters, page) => org.listPersons(ctx, { ...filters, ...page }),
    columns: [
      { key: 'name', header: { 'zh-CN': '姓名', en: 'Name' }, width: 12, value: (p) => p.name },
      {
        key: 'gender',
        header: { 'zh-CN': '性别', en: 'Gender' },
        width: 6,
        value: (p, f) =>
          f.locale === 'en' ? p.gender : p.gender === 'male' ? '男' : p.gender === 'female' ? '女' : p.gender,
      },
      { key: 'birthDate', header: { 'zh-CN': '出生日期', en: 'Born' }, width: 12, value: (p) => p.birthDate },
      { key: 'age', header: { 'zh-CN': '年龄', en: 'Age' }, width: 6, value: (p) => p.age },
      { key: 'idNumber', header: { 'zh-CN': '身份证号码', en: 'ID number' }, width: 22, value: (p) => p.idNumber },
      { key: 'phone', header: { 'zh-CN': '手机号码', en: 'Phone' }, width: 14, value: (p) => p.phone },
      { key: 'community', header: { 'zh-CN': '社区', en: 'Community' }, value: (p) => p.communityName },
      { key: 'grid', header: { 'zh-CN': '网格', en: 'Grid' }, value: (p) => p.gridName },
      { key: 'building', header: { 'zh-CN': '楼栋', en: 'Building' }, value: (p) => p.buildingName },
      { key: 'unit', header: { 'zh-CN': '单元', en: 'Unit' }, width: 8, value: (p) => p.unitName },
      { key: 'room', header: { 'zh-CN': '房号', en: 'Room' }, width: 8, value: (p) => p.room },
      { key: 'address', header: { 'zh-CN': '地址', en: 'Address' }, width: 30, value: (p) => p.address },
      {
        key: 'isOwner',
        header: { 'zh-CN': '业主', en: 'Owner' },
        width: 6,
        value: (p, f) => (p.isOwner ? (f.locale === 'en' ? 'Yes' : '是') : f.locale === 'en' ? 'No' : '否'),
      },
      { key: 'tags', header: { 'zh-CN': '标签', en: 'Tags' }, width: 20, value: (p) => joined(p.tags) },
      { key: 'note', header: { 'zh-CN': '备注', en: 'Note' }, width: 20, value: (p) => p.note },
      { key: 'updatedAt', header: { 'zh-CN': '更新时间', en: 'Updated' }, value: (p, f) => f.time(p.updatedAt) },
    ],
  });
}

/** Buildings (GET /api/org/buildings, 楼栋) as an export, with its filters and area. */
export function buildingExportSource(org: OrgService) {
  return exportSource<z.infer<typeof S.BuildingListQuery>, Building>({
    kind: 'buildings',
    title: { 'zh-CN': '楼栋', en: 'Buildings' },
    filters: S.BuildingListQuery,
    page: (ctx, filters, page) => org.listBuildings(ctx, { ...filters, ...page }),
    columns: [
      { key: 'name', header: { 'zh-CN': '楼栋名称', en: 'Building' }, width: 18, value: (b) => b.name },
      { key: 'code', header: { 'zh-CN': '楼栋编码', en: 'Code' }, width: 22, value: (b) => b.code },
      {
        key: 'kind',
        header: { 'zh-CN': '类型', en: 'Kind' },
        width: 10,
        value: (b, f) => word(BUILDING_KIND, b.kind, f.locale),
      },
      { key: 'floors', header: { 'zh-CN': '层数', en: 'Floors' }, width: 6, value: (b) => b.floors },
      { key: 'community', header: { 'zh-CN': '社区', en: 'Community' }, value: (b) => b.communityName },
      { key: 'grid', header: { 'zh-CN': '网格', en: 'Grid' }, value: (b) => b.gridName },
      {
        key: 'households',
        header: { 'zh-CN': '户数', en: 'Households' },
        width: 8,
        value: (b) => b.householdCount ?? null,
      },
      { key: 'persons', header: { 'zh-CN': '人数', en: 'Residents' }, width: 8, value: (b) => b.personCount ?? null },
      { key: 'address', header: { 'zh-CN': '地址', en: 'Address' }, width: 30, value: (b) => b.address },
    ],
  });
}
