import type { z } from 'zod';
import { word, type Words } from '../exports/cell-words.ts';
import { exportSource } from '../exports/source.ts';
import * as S from './schema.ts';
import type { FieldService } from './service.ts';

type Visit = z.infer<typeof S.VisitView>;

const METHOD: Words = {
  home: { 'zh-CN': '入户走访', en: 'Home visit' },
  phone: { 'zh-CN': '电话', en: 'Phone' },
  video: { 'zh-CN': '视频', en: 'Video' },
  street: { 'zh-CN': '路遇', en: 'Met outside' },
};

/** Field visits (GET /api/field/visits, 走访记录) as an export, with its filters and area. */
export function fieldVisitExportSource(field: FieldService) {
  return exportSource<z.infer<typeof S.VisitListQuery>, Visit>({
    kind: 'field-visits',
    title: { 'zh-CN': '走访记录', en: 'Field visits' },
    filters: S.VisitListQuery,
    page: (ctx, filters, page) => field.listVisits(ctx, { ...filters, ...page }),
    columns: [
      { key: 'visitedAt', header: { 'zh-CN': '走访时间', en: 'Visited' }, value: (v, f) => f.time(v.visitedAt) },
      { key: 'subject', header: { 'zh-CN': '走访对象', en: 'Visited' }, width: 24, value: (v) => v.subjectName },
      {
        key: 'method',
        header: { 'zh-CN': '方式', en: 'Method' },
        width: 10,
        value: (v, f) => word(METHOD, v.method, f.locale),
      },
      { key: 'visitor', header: { 'zh-CN': '走访人', en: 'Visitor' }, width: 12, value: (v) => v.visitorName },
      { key: 'notes', header: { 'zh-CN': '走访情况', en: 'Notes' }, width: 40, value: (v) => v.notes },
      { key: 'photos', header: { 'zh-CN': '照片数', en: 'Photos' }, width: 6, value: (v) => v.photos.length },
      {
        key: 'matters',
        header: { 'zh-CN': '转办事项数', en: 'Matters opened' },
        width: 10,
        value: (v) => v.matterIds.length,
      },
    ],
  });
}
