import type { z } from 'zod';
import { word, yesNo, type Words } from '../exports/cell-words.ts';
import { exportSource } from '../exports/source.ts';
import * as S from './schema.ts';
import type { SupervisionService } from './service.ts';

type Order = z.infer<typeof S.OrderView>;

const CARD: Words = {
  green: { 'zh-CN': '绿牌', en: 'Green' },
  yellow: { 'zh-CN': '黄牌', en: 'Yellow' },
  red: { 'zh-CN': '红牌', en: 'Red' },
};
const STATUS: Words = {
  open: { 'zh-CN': '督办中', en: 'Open' },
  done: { 'zh-CN': '已办结', en: 'Done' },
  closed: { 'zh-CN': '已结束', en: 'Closed' },
};
const TARGET: Words = {
  matter: { 'zh-CN': '事项', en: 'Matter' },
  unit: { 'zh-CN': '单位', en: 'Unit' },
};

/** Supervision orders (GET /api/supervision/orders, 督办) as an export, with its filters and area. */
export function supervisionOrderExportSource(supervision: SupervisionService) {
  return exportSource<z.infer<typeof S.OrderListQuery>, Order>({
    kind: 'supervision-orders',
    title: { 'zh-CN': '督办单', en: 'Supervision orders' },
    filters: S.OrderListQuery,
    page: (ctx, filters, page) => supervision.list(ctx, { ...filters, ...page }),
    columns: [
      {
        key: 'targetKind',
        header: { 'zh-CN': '对象', en: 'Target' },
        width: 8,
        value: (o, f) => word(TARGET, o.targetKind, f.locale),
      },
      { key: 'matterCode', header: { 'zh-CN': '事项编号', en: 'Matter' }, width: 18, value: (o) => o.matterCode },
      { key: 'unit', header: { 'zh-CN': '责任单位', en: 'Unit' }, width: 18, value: (o) => o.unitName },
      { key: 'note', header: { 'zh-CN': '督办事项', en: 'Note' }, width: 40, value: (o) => o.note },
      {
        key: 'listed',
        header: { 'zh-CN': '挂牌督办', en: 'Listed' },
        width: 8,
        value: (o, f) => yesNo(o.listed, f.locale),
      },
      { key: 'card', header: { 'zh-CN': '亮牌', en: 'Card' }, width: 6, value: (o, f) => word(CARD, o.card, f.locale) },
      {
        key: 'worstCard',
        header: { 'zh-CN': '最重亮牌', en: 'Worst card' },
        width: 8,
        value: (o, f) => word(CARD, o.worstCard, f.locale),
      },
      {
        key: 'status',
        header: { 'zh-CN': '状态', en: 'Status' },
        width: 8,
        value: (o, f) => word(STATUS, o.status, f.locale),
      },
      { key: 'deadline', header: { 'zh-CN': '办理时限', en: 'Deadline' }, value: (o, f) => f.time(o.deadline) },
      { key: 'late', header: { 'zh-CN': '逾期', en: 'Late' }, width: 6, value: (o, f) => yesNo(o.late, f.locale) },
      { key: 'reminders', header: { 'zh-CN': '催办次数', en: 'Reminders' }, width: 8, value: (o) => o.reminders },
      { key: 'createdBy', header: { 'zh-CN': '发起人', en: 'Issued by' }, value: (o) => o.createdByName },
      { key: 'createdAt', header: { 'zh-CN': '发起时间', en: 'Issued' }, value: (o, f) => f.time(o.createdAt) },
      { key: 'gapClosedAt', header: { 'zh-CN': '办结时间', en: 'Gap closed' }, value: (o, f) => f.time(o.gapClosedAt) },
      { key: 'closedAt', header: { 'zh-CN': '结束时间', en: 'Closed' }, value: (o, f) => f.time(o.closedAt) },
      { key: 'closeNote', header: { 'zh-CN': '结束说明', en: 'Close note' }, width: 20, value: (o) => o.closeNote },
    ],
  });
}
