import type { z } from 'zod';
import { word, yuan, type Words } from '../exports/cell-words.ts';
import { exportSource } from '../exports/source.ts';
import * as S from './schema.ts';
import type { ChargingService } from './service.ts';

type Session = z.infer<typeof S.SessionView>;

const STATUS: Words = {
  charging: { 'zh-CN': '充电中', en: 'Charging' },
  completed: { 'zh-CN': '已完成', en: 'Completed' },
  flagged: { 'zh-CN': '异常', en: 'Flagged' },
};
const SOURCE: Words = {
  device: { 'zh-CN': '设备上报', en: 'Device' },
  api: { 'zh-CN': '手动', en: 'By hand' },
};
const FLAG_REASON: Words = {
  no_stop: { 'zh-CN': '未收到结束', en: 'No stop received' },
  no_tariff: { 'zh-CN': '无适用电价', en: 'No tariff' },
  meter_backwards: { 'zh-CN': '电表读数倒退', en: 'Meter went backwards' },
  stop_before_start: { 'zh-CN': '结束早于开始', en: 'Stop before start' },
};
const kwh = (value: string | null) => (value === null ? null : Number(value));

/** Charging sessions (GET /api/charging/sessions, 充电记录) as an export, with its filters and area. */
export function chargingSessionExportSource(charging: ChargingService) {
  return exportSource<z.infer<typeof S.SessionListQuery>, Session>({
    kind: 'charging-sessions',
    title: { 'zh-CN': '充电记录', en: 'Charging sessions' },
    filters: S.SessionListQuery,
    page: (ctx, filters, page) => charging.listSessions(ctx, { ...filters, ...page }),
    columns: [
      { key: 'id', header: { 'zh-CN': '编号', en: 'Number' }, width: 8, value: (s) => s.id },
      { key: 'station', header: { 'zh-CN': '充电站', en: 'Station' }, width: 20, value: (s) => s.stationName },
      { key: 'port', header: { 'zh-CN': '充电口', en: 'Port' }, width: 10, value: (s) => s.portLabel },
      {
        key: 'status',
        header: { 'zh-CN': '状态', en: 'Status' },
        width: 8,
        value: (s, f) => word(STATUS, s.status, f.locale),
      },
      {
        key: 'source',
        header: { 'zh-CN': '来源', en: 'Source' },
        width: 10,
        value: (s, f) => word(SOURCE, s.source, f.locale),
      },
      { key: 'startedAt', header: { 'zh-CN': '开始时间', en: 'Started' }, value: (s, f) => f.time(s.startedAt) },
      { key: 'stoppedAt', header: { 'zh-CN': '结束时间', en: 'Stopped' }, value: (s, f) => f.time(s.stoppedAt) },
      {
        key: 'energyKwh',
        header: { 'zh-CN': '电量（度）', en: 'Energy (kWh)' },
        width: 10,
        value: (s) => kwh(s.energyKwh),
      },
      {
        key: 'electricity',
        header: { 'zh-CN': '电费（元）', en: 'Electricity (yuan)' },
        width: 10,
        value: (s) => yuan(s.electricityFen),
      },
      {
        key: 'service',
        header: { 'zh-CN': '服务费（元）', en: 'Service (yuan)' },
        width: 10,
        value: (s) => yuan(s.serviceFen),
      },
      {
        key: 'total',
        header: { 'zh-CN': '合计（元）', en: 'Total (yuan)' },
        width: 10,
        value: (s) => yuan(s.totalFen),
      },
      {
        key: 'flagReason',
        header: { 'zh-CN': '异常原因', en: 'Flag reason' },
        width: 14,
        value: (s, f) => word(FLAG_REASON, s.flagReason, f.locale),
      },
    ],
  });
}
