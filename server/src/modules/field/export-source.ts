import type { z } from 'zod';
import { word, type Words } from '../exports/cell-words.ts';
import { exportSource } from '../exports/source.ts';
import type { OrgService } from '../org/service.ts';
import * as S from './schema.ts';
import type { FieldService } from './service.ts';

type Visit = z.infer<typeof S.VisitView>;
type StaffLog = z.infer<typeof S.StaffLogItem> & {
  month: string;
  communityName: string | null;
  gridName: string | null;
};

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

/**
 * The month's work logs of the area's staff (GET /api/field/work-log/staff, 工作日志) as an
 * export, with its filters and area: a worker a row, with the month's totals. The list gives
 * community and grid ids only, so their names are looked up as the console does.
 */
export function workLogExportSource(field: FieldService, org: OrgService) {
  return exportSource<z.infer<typeof S.StaffLogQuery>, StaffLog>({
    kind: 'work-logs',
    title: { 'zh-CN': '工作日志', en: 'Work logs' },
    filters: S.StaffLogQuery,
    page: async (ctx, filters, page) => {
      const logs = await field.staffWorkLog(ctx, { ...filters, ...page });
      const names = await org.names({
        divisionIds: logs.items.flatMap((w) => (w.communityId === null ? [] : [w.communityId])),
        gridIds: logs.items.flatMap((w) => (w.gridId === null ? [] : [w.gridId])),
      });
      return {
        ...logs,
        items: logs.items.map((w) => ({
          ...w,
          month: logs.month,
          communityName: w.communityId === null ? null : (names.divisions.get(w.communityId) ?? null),
          gridName: w.gridId === null ? null : (names.grids.get(w.gridId)?.name ?? null),
        })),
      };
    },
    columns: [
      { key: 'month', header: { 'zh-CN': '月份', en: 'Month' }, width: 9, value: (w) => w.month },
      { key: 'worker', header: { 'zh-CN': '人员', en: 'Worker' }, width: 12, value: (w) => w.userName },
      { key: 'community', header: { 'zh-CN': '社区', en: 'Community' }, value: (w) => w.communityName },
      { key: 'grid', header: { 'zh-CN': '网格', en: 'Grid' }, value: (w) => w.gridName },
      { key: 'patrols', header: { 'zh-CN': '巡查次数', en: 'Patrols' }, width: 8, value: (w) => w.totals.patrols },
      {
        key: 'patrolMinutes',
        header: { 'zh-CN': '巡查时长（分钟）', en: 'Patrol time (min)' },
        width: 10,
        value: (w) => Math.round(w.totals.patrolSeconds / 60),
      },
      {
        key: 'patrolKm',
        header: { 'zh-CN': '巡查里程（公里）', en: 'Patrol distance (km)' },
        width: 10,
        value: (w) => Math.round(w.totals.patrolMeters / 10) / 100,
      },
      {
        key: 'buildings',
        header: { 'zh-CN': '打卡楼栋', en: 'Buildings checked in' },
        width: 8,
        value: (w) => w.totals.buildingsCheckedIn,
      },
      { key: 'visits', header: { 'zh-CN': '走访', en: 'Visits' }, width: 8, value: (w) => w.totals.visits },
      {
        key: 'reported',
        header: { 'zh-CN': '上报事项', en: 'Matters reported' },
        width: 8,
        value: (w) => w.totals.mattersReported,
      },
      {
        key: 'taken',
        header: { 'zh-CN': '接办事项', en: 'Matters taken' },
        width: 8,
        value: (w) => w.totals.mattersTaken,
      },
      {
        key: 'closed',
        header: { 'zh-CN': '办结事项', en: 'Matters closed' },
        width: 8,
        value: (w) => w.totals.mattersClosed,
      },
    ],
  });
}
