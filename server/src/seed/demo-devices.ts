import type { Services } from '../app.ts';
import type { RuleBody } from '../modules/devices/schema.ts';
import { DEVICE_TYPES } from '../modules/devices/tables.ts';
import { seedContext } from './context.ts';
import type { z } from 'zod';

/** The secret of every demo device (demo data only; rotate it on anything real). */
export const DEMO_DEVICE_SECRET = 'gongzhi-demo-device';

const FIRE = 'community.fire_safety.alarm';
const ELECTRIC = 'community.fire_safety.electric_alarm';

/** Default rules per device type (ThingsBoard-style alarm rules). */
export const DEFAULT_RULES: Array<z.infer<typeof RuleBody>> = [
  {
    deviceType: 'smoke',
    name: '烟雾浓度超限（火警）',
    kind: 'threshold',
    metric: 'smoke',
    op: '>=',
    value: 0.1,
    clearValue: 0.05,
    alarmType: 'fire',
    severity: 'critical',
    matterCategory: FIRE,
  },
  {
    deviceType: 'smoke',
    name: '温度过高',
    kind: 'threshold',
    metric: 'temp',
    op: '>=',
    value: 60,
    clearValue: 50,
    alarmType: 'high_temp',
    severity: 'major',
    matterCategory: FIRE,
  },
  {
    deviceType: 'smoke',
    name: '温度骤升（差温）',
    kind: 'rate',
    metric: 'temp',
    op: '>=',
    value: 8,
    consecutive: 2,
    alarmType: 'temp_rise',
    severity: 'major',
    matterCategory: FIRE,
  },
  {
    deviceType: 'thermal_camera',
    name: '热成像发现吸烟',
    kind: 'event',
    event: 'smoking',
    clearEvent: 'smoking_end',
    alarmType: 'smoking',
    severity: 'major',
    matterCategory: FIRE,
  },
  {
    deviceType: 'thermal_camera',
    name: '热成像高温点',
    kind: 'threshold',
    metric: 'temp',
    op: '>=',
    value: 80,
    clearValue: 60,
    alarmType: 'high_temp',
    severity: 'critical',
    matterCategory: FIRE,
  },
  {
    deviceType: 'electric_meter',
    name: '剩余电流（漏电）超限',
    kind: 'threshold',
    metric: 'leakage_ma',
    op: '>=',
    value: 30,
    clearValue: 20,
    alarmType: 'leakage',
    severity: 'major',
    matterCategory: ELECTRIC,
  },
  {
    deviceType: 'electric_meter',
    name: '电表箱温度过高',
    kind: 'threshold',
    metric: 'box_temp',
    op: '>=',
    value: 70,
    clearValue: 60,
    alarmType: 'box_overheat',
    severity: 'major',
    matterCategory: ELECTRIC,
  },
  {
    deviceType: 'electric_meter',
    name: '持续过流',
    kind: 'threshold',
    metric: 'current_a',
    op: '>=',
    value: 63,
    durationSeconds: 60,
    alarmType: 'overcurrent',
    severity: 'minor',
    matterCategory: ELECTRIC,
  },
  {
    deviceType: 'ev_charger',
    name: '充电桩温度过高',
    kind: 'threshold',
    metric: 'temp',
    op: '>=',
    value: 70,
    clearValue: 60,
    alarmType: 'high_temp',
    severity: 'major',
    matterCategory: ELECTRIC,
  },
  ...DEVICE_TYPES.map((t) => ({
    deviceType: t,
    name: '心跳中断 10 分钟（离线）',
    kind: 'absence' as const,
    absenceMinutes: 10,
    alarmType: 'device_offline',
    severity: 'warning' as const,
  })),
];

/**
 * Demo devices through the devices service: the smoke detector smoke-demo-001 in the
 * first building of 打铁关社区's first grid (grid worker 李婷, grid_datieguan_01), a few
 * more of each type around it, and the default rules.
 */
export async function seedDemoDevices(services: Services): Promise<{ devices: number }> {
  const d = services.devices;
  await d.insertDefaultRules(DEFAULT_RULES);
  const admin = await seedContext(services, 'community_datieguan');
  const worker1 = await seedContext(services, 'grid_datieguan_01');
  const worker2 = await seedContext(services, 'grid_datieguan_02');
  const grid1 = worker1.actor!.grants[0]!.gridId!;
  const grid2 = worker2.actor!.grants[0]!.gridId!;
  const buildings1 = (await services.org.listBuildings(admin, { gridId: grid1, limit: 10, withTotal: false })).items;
  const buildings2 = (await services.org.listBuildings(admin, { gridId: grid2, limit: 10, withTotal: false })).items;
  const [b1, b2, b3] = buildings1;
  const home = (await services.org.listHouseholds(admin, b1!.id)).items[0]!;
  const devices: Array<Parameters<typeof d.createDevice>[1]> = [
    { code: 'smoke-demo-001', type: 'smoke', name: `${b1!.name} 1单元楼道烟感`, buildingId: b1!.id },
    { code: 'smoke-demo-002', type: 'smoke', name: `${b2!.name} 2单元楼道烟感`, buildingId: b2!.id },
    {
      code: 'smoke-demo-003',
      type: 'smoke',
      name: `${buildings2[0]!.name} 独居老人家中烟感`,
      buildingId: buildings2[0]!.id,
    },
    { code: 'thermal-demo-001', type: 'thermal_camera', name: `${b3!.name} 地下车库热成像`, buildingId: b3!.id },
    { code: 'meter-demo-001', type: 'electric_meter', name: `${b1!.name} 老旧电表箱`, buildingId: b1!.id },
    {
      code: 'meter-demo-002',
      type: 'electric_meter',
      name: `${buildings2[1]!.name} 老旧电表箱`,
      buildingId: buildings2[1]!.id,
    },
    { code: 'door-demo-001', type: 'door_sensor', name: '独居老人家门磁', householdId: home.id },
    {
      code: 'curtain-demo-001',
      type: 'curtain_sensor',
      name: '独居老人家窗帘传感器（窗帘之约）',
      householdId: home.id,
    },
    { code: 'water-demo-001', type: 'water_meter', name: '独居老人家智能水表', householdId: home.id },
    { code: 'charger-demo-001', type: 'ev_charger', name: `${b3!.name} 电动自行车充电桩 1号`, buildingId: b3!.id },
    { code: 'charger-demo-002', type: 'ev_charger', name: `${b3!.name} 电动自行车充电桩 2号`, buildingId: b3!.id },
    { code: 'gate-demo-001', type: 'access_gate', name: '打铁关小区东门人脸门禁', buildingId: b2!.id },
  ];
  for (const body of devices) await d.createDevice(admin, body, DEMO_DEVICE_SECRET);
  return { devices: devices.length };
}
