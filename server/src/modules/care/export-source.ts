import type { z } from 'zod';
import { word, yesNo, type Words } from '../exports/cell-words.ts';
import { exportSource, joined } from '../exports/source.ts';
import * as S from './schema.ts';
import type { CareService } from './service.ts';

type Target = z.infer<typeof S.TargetSummary>;

const KIND: Words = {
  elderly_alone: { 'zh-CN': '独居老人', en: 'Living alone' },
  disabled: { 'zh-CN': '残疾', en: 'Disabled' },
  seriously_ill: { 'zh-CN': '重病', en: 'Seriously ill' },
};

/**
 * Care targets (GET /api/care/targets, 关爱对象) as an export, with the list's filters and area.
 * The list holds no phone or ID number, so neither does the file.
 */
export function careTargetExportSource(care: CareService) {
  return exportSource<z.infer<typeof S.TargetListQuery>, Target>({
    kind: 'care-targets',
    title: { 'zh-CN': '关爱对象', en: 'Care targets' },
    filters: S.TargetListQuery,
    page: (ctx, filters, page) => care.list(ctx, { ...filters, ...page }),
    columns: [
      { key: 'name', header: { 'zh-CN': '姓名', en: 'Name' }, width: 12, value: (c) => c.name },
      {
        key: 'kinds',
        header: { 'zh-CN': '关爱类型', en: 'Kinds' },
        width: 20,
        value: (c, f) => joined(c.kinds.map((k) => word(KIND, k, f.locale))),
      },
      { key: 'community', header: { 'zh-CN': '社区', en: 'Community' }, value: (c) => c.communityName },
      { key: 'grid', header: { 'zh-CN': '网格', en: 'Grid' }, value: (c) => c.gridName },
      { key: 'address', header: { 'zh-CN': '地址', en: 'Address' }, width: 30, value: (c) => c.address },
      {
        key: 'active',
        header: { 'zh-CN': '在册', en: 'Active' },
        width: 6,
        value: (c, f) => yesNo(c.active, f.locale),
      },
    ],
  });
}
