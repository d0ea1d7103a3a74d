import type { z } from 'zod';
import { word, yesNo, type Words } from '../exports/cell-words.ts';
import { exportSource, joined } from '../exports/source.ts';
import * as S from './schema.ts';
import type { DevicesService } from './service.ts';

type Device = z.infer<typeof S.DeviceView>;
type Alarm = z.infer<typeof S.AlarmView>;

const DEVICE_TYPE: Words = {
  smoke: { 'zh-CN': '烟感', en: 'Smoke detector' },
  thermal_camera: { 'zh-CN': '热成像', en: 'Thermal camera' },
  electric_meter: { 'zh-CN': '智慧电表箱', en: 'Electric box meter' },
  door_sensor: { 'zh-CN': '门磁', en: 'Door sensor' },
  curtain_sensor: { 'zh-CN': '窗帘传感器', en: 'Curtain sensor' },
  water_meter: { 'zh-CN': '智能水表', en: 'Water meter' },
  ev_charger: { 'zh-CN': '充电桩', en: 'EV charger' },
  access_gate: { 'zh-CN': '门禁', en: 'Access gate' },
};
const DEVICE_STATUS: Words = {
  unknown: { 'zh-CN': '未上线', en: 'Never seen' },
  online: { 'zh-CN': '在线', en: 'Online' },
  offline: { 'zh-CN': '离线', en: 'Offline' },
};
const METRIC: Words = {
  smoke: { 'zh-CN': '烟雾浓度', en: 'Smoke' },
  temp: { 'zh-CN': '温度', en: 'Temperature' },
  humidity: { 'zh-CN': '湿度', en: 'Humidity' },
  leakage_ma: { 'zh-CN': '剩余电流', en: 'Leakage current' },
  box_temp: { 'zh-CN': '箱体温度', en: 'Box temperature' },
  current_a: { 'zh-CN': '电流', en: 'Current' },
  voltage_v: { 'zh-CN': '电压', en: 'Voltage' },
  power_w: { 'zh-CN': '功率', en: 'Power' },
  energy_kwh: { 'zh-CN': '用电量', en: 'Electricity used' },
  water_l: { 'zh-CN': '用水量', en: 'Water used' },
  battery: { 'zh-CN': '电池电量', en: 'Battery' },
  rssi: { 'zh-CN': '信号强度', en: 'Signal strength' },
  people: { 'zh-CN': '人数', en: 'People' },
  open: { 'zh-CN': '开合', en: 'Open' },
  flow_l: { 'zh-CN': '用水量', en: 'Water used' },
  kwh: { 'zh-CN': '用电量', en: 'Electricity used' },
};
const SEVERITY: Words = {
  critical: { 'zh-CN': '紧急', en: 'Critical' },
  major: { 'zh-CN': '重要', en: 'Major' },
  minor: { 'zh-CN': '次要', en: 'Minor' },
  warning: { 'zh-CN': '提示', en: 'Warning' },
};
const ALARM_STATUS: Words = {
  active_unack: { 'zh-CN': '未确认', en: 'Unacknowledged' },
  active_ack: { 'zh-CN': '已确认', en: 'Acknowledged' },
  cleared_unack: { 'zh-CN': '已解除 · 未确认', en: 'Cleared · unacknowledged' },
  cleared_ack: { 'zh-CN': '已解除', en: 'Cleared' },
};
const ALARM_TYPE: Words = {
  fire: { 'zh-CN': '烟雾火警', en: 'Smoke (fire)' },
  high_temp: { 'zh-CN': '温度过高', en: 'High temperature' },
  temp_rise: { 'zh-CN': '温度骤升', en: 'Fast temperature rise' },
  leakage: { 'zh-CN': '漏电', en: 'Leakage current' },
  box_overheat: { 'zh-CN': '电表箱过热', en: 'Box overheating' },
  overcurrent: { 'zh-CN': '过流', en: 'Overcurrent' },
  smoking: { 'zh-CN': '吸烟行为', en: 'Smoking' },
  device_offline: { 'zh-CN': '设备离线', en: 'Device offline' },
};

/** The device register (GET /api/devices, 物联设备) as an export, with its filters and area. */
export function deviceExportSource(devices: DevicesService) {
  return exportSource<z.infer<typeof S.DeviceListQuery>, Device>({
    kind: 'devices',
    title: { 'zh-CN': '物联设备', en: 'Devices' },
    filters: S.DeviceListQuery,
    page: (ctx, filters, page) => devices.listDevices(ctx, { ...filters, ...page }),
    columns: [
      { key: 'code', header: { 'zh-CN': '设备编号', en: 'Code' }, width: 20, value: (d) => d.code },
      { key: 'name', header: { 'zh-CN': '名称', en: 'Name' }, width: 20, value: (d) => d.name },
      {
        key: 'type',
        header: { 'zh-CN': '类型', en: 'Type' },
        width: 12,
        value: (d, f) => word(DEVICE_TYPE, d.type, f.locale),
      },
      {
        key: 'status',
        header: { 'zh-CN': '状态', en: 'Status' },
        width: 8,
        value: (d, f) => word(DEVICE_STATUS, d.status, f.locale),
      },
      {
        key: 'active',
        header: { 'zh-CN': '在用', en: 'In service' },
        width: 6,
        value: (d, f) => yesNo(d.active, f.locale),
      },
      { key: 'community', header: { 'zh-CN': '社区', en: 'Community' }, value: (d) => d.communityName },
      { key: 'grid', header: { 'zh-CN': '网格', en: 'Grid' }, value: (d) => d.gridName },
      { key: 'address', header: { 'zh-CN': '地址', en: 'Address' }, width: 30, value: (d) => d.address },
      {
        key: 'latest',
        header: { 'zh-CN': '最新读数', en: 'Latest values' },
        width: 30,
        value: (d, f) => joined(d.latest.map((l) => `${word(METRIC, l.metric, f.locale)} ${l.value}`)),
      },
      { key: 'lastSeenAt', header: { 'zh-CN': '最近上报', en: 'Last seen' }, value: (d, f) => f.time(d.lastSeenAt) },
      { key: 'note', header: { 'zh-CN': '备注', en: 'Note' }, width: 20, value: (d) => d.note },
      { key: 'createdAt', header: { 'zh-CN': '登记时间', en: 'Registered' }, value: (d, f) => f.time(d.createdAt) },
    ],
  });
}

/** Alarms (GET /api/alarms, 告警) as an export: its statuses, severities, type, area and time. */
export function alarmExportSource(devices: DevicesService) {
  return exportSource<z.infer<typeof S.AlarmListQuery>, Alarm>({
    kind: 'alarms',
    title: { 'zh-CN': '告警记录', en: 'Alarms' },
    filters: S.AlarmListQuery,
    page: (ctx, filters, page) => devices.listAlarms(ctx, { ...filters, ...page }),
    columns: [
      { key: 'startedAt', header: { 'zh-CN': '告警时间', en: 'Started' }, value: (a, f) => f.time(a.startedAt) },
      {
        key: 'type',
        header: { 'zh-CN': '告警类型', en: 'Type' },
        width: 14,
        value: (a, f) => word(ALARM_TYPE, a.type, f.locale),
      },
      {
        key: 'severity',
        header: { 'zh-CN': '级别', en: 'Severity' },
        width: 8,
        value: (a, f) => word(SEVERITY, a.severity, f.locale),
      },
      {
        key: 'status',
        header: { 'zh-CN': '状态', en: 'Status' },
        width: 14,
        value: (a, f) => word(ALARM_STATUS, a.status, f.locale),
      },
      { key: 'deviceCode', header: { 'zh-CN': '设备编号', en: 'Device code' }, width: 20, value: (a) => a.device.code },
      { key: 'deviceName', header: { 'zh-CN': '设备名称', en: 'Device' }, width: 20, value: (a) => a.device.name },
      {
        key: 'deviceType',
        header: { 'zh-CN': '设备类型', en: 'Device type' },
        width: 12,
        value: (a, f) => word(DEVICE_TYPE, a.device.type, f.locale),
      },
      { key: 'community', header: { 'zh-CN': '社区', en: 'Community' }, value: (a) => a.communityName },
      { key: 'grid', header: { 'zh-CN': '网格', en: 'Grid' }, value: (a) => a.gridName },
      { key: 'address', header: { 'zh-CN': '地址', en: 'Address' }, width: 30, value: (a) => a.address },
      { key: 'count', header: { 'zh-CN': '次数', en: 'Times raised' }, width: 6, value: (a) => a.count },
      { key: 'firstValue', header: { 'zh-CN': '首次读数', en: 'First value' }, width: 10, value: (a) => a.firstValue },
      { key: 'lastValue', header: { 'zh-CN': '最近读数', en: 'Last value' }, width: 10, value: (a) => a.lastValue },
      { key: 'lastAt', header: { 'zh-CN': '最近时间', en: 'Last raised' }, value: (a, f) => f.time(a.lastAt) },
      { key: 'ackedAt', header: { 'zh-CN': '确认时间', en: 'Acknowledged' }, value: (a, f) => f.time(a.ackedAt) },
      { key: 'clearedAt', header: { 'zh-CN': '解除时间', en: 'Cleared' }, value: (a, f) => f.time(a.clearedAt) },
      { key: 'clearReason', header: { 'zh-CN': '解除原因', en: 'Clear reason' }, value: (a) => a.clearReason },
    ],
  });
}
