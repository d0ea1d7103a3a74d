import type { z } from 'zod';
import { exportSource, joined } from '../exports/source.ts';
import * as S from './schema.ts';
import type { OrgService } from './service.ts';

type Person = z.infer<typeof S.PersonView>;

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
