import type { Services } from '../app.ts';
import { localInstant, localParts, addDays } from '../platform/local-time.ts';
import { seedContext } from './context.ts';
import { DEMO_DEVICE_SECRET } from './demo-devices.ts';

/**
 * Demo care and charging, through their services.
 *
 * Care: three people living alone in 打铁关社区第一网格 under the 窗帘之约 of the 暖宝
 * volunteers — 陈建华 (resident_demo, a 暖宝 member) looks first, 李婷 (grid_datieguan_01,
 * who leads 暖宝) next: curtains open by 09:00 and closed by 21:00, water by 12:00 for
 * one, the door by 18:00 for another; a weekly visit plan by 李婷 and a first visit.
 *
 * Charging: the e-bike charging point in the 流水北苑 garage (流水东苑社区), electricity
 * and service fee apart (价费分离): 峰 08:00–22:00 0.5680, 谷 22:00–08:00 0.2880 yuan/kWh,
 * service 0.1500 yuan/kWh — a 1 kWh overnight charge comes to 0.44 yuan, by day 0.72 —
 * with four plugs of charger ev-liushui-001 and a few sessions billed.
 */
export async function seedDemoCare(services: Services, now: Date): Promise<void> {
  const tz = services.config.TIME_ZONE;
  const staff = await seedContext(services, 'community_datieguan');
  const admin = await seedContext(services, 'admin');
  const helperA = await seedContext(services, 'resident_demo');
  const helperB = await seedContext(services, 'grid_datieguan_01');
  const tree = await services.org.tree(admin);
  const community = (name: string) => tree.divisions.find((d) => d.name === name && d.level === 'community')!.id;
  const datieguan = community('打铁关社区');

  const people = await services.org.listPersons(staff, {
    communityId: datieguan,
    tag: ['elderly_alone'],
    limit: 200,
    withTotal: false,
  } as never);
  const elders = people.items.filter((p) => p.gridName === '打铁关社区第一网格').slice(0, 3);
  const helpers = [
    { userId: helperA.actor!.userId, relation: 'volunteer' as const },
    { userId: helperB.actor!.userId, relation: 'grid_worker' as const },
  ];
  const checks = [
    [
      { kind: 'curtain_open', dueTime: '09:00' },
      { kind: 'curtain_close', dueTime: '21:00', windowFrom: '15:00' },
      { kind: 'water_used', dueTime: '12:00' },
    ],
    [
      { kind: 'curtain_open', dueTime: '09:00' },
      { kind: 'curtain_close', dueTime: '21:00', windowFrom: '15:00' },
      { kind: 'door_open', dueTime: '18:00' },
    ],
    [
      { kind: 'curtain_open', dueTime: '09:30' },
      { kind: 'curtain_close', dueTime: '20:30', windowFrom: '15:00' },
    ],
  ] as const;
  for (const [i, p] of elders.entries()) {
    const target = await services.care.create(staff, {
      personId: p.id,
      kinds: ['elderly_alone'],
      note: ['子女在外地，每周日来电', '腿脚不便，上下楼需搀扶', '有高血压，按时服药'][i] ?? '',
      deviceIds: [],
      helpers,
      rules: checks[i]!.map((c) => ({ ...c })),
    });
    await services.care.setVisitPlan(staff, target.id, { everyDays: 7, visitorUserId: helperB.actor!.userId });
    if (i === 0) {
      await services.care.recordVisit(helperB, target.id, {
        visitedAt: new Date(now.getTime() - 2 * 86_400_000),
        method: 'home',
        findings: '精神不错，家里暖气正常；提醒冬季注意防滑。',
        photos: [],
        concern: false,
      });
    }
  }

  // Charging.
  const liushui = community('流水东苑社区');
  const station = await services.charging.createStation(admin, {
    name: '流水北苑地下室电动自行车充电点',
    communityId: liushui,
    address: '流水北苑地下车库',
    operator: '拱墅区城运集团',
  });
  // The charger, registered in the devices module in the garage's grid (ports bind only a charger of the station's community).
  const garage = tree.grids.find((g) => g.name === '流水北苑智能车库专属网格')!.id;
  await services.devices.createDevice(
    admin,
    { code: 'ev-liushui-001', type: 'ev_charger', name: '流水北苑地下车库电动自行车充电桩', gridId: garage },
    DEMO_DEVICE_SECRET,
  );
  for (const n of [1, 2, 3, 4])
    await services.charging.addPort(admin, station.id, {
      label: `A-0${n}`,
      deviceCode: 'ev-liushui-001',
      devicePort: n,
    });
  const today = localParts(now, tz).date;
  await services.charging.addTariff(admin, station.id, {
    effectiveFrom: localInstant(addDays(today, -30), 0, tz),
    bands: [
      { kind: 'peak', start: '08:00', end: '22:00', price: '0.5680' },
      { kind: 'valley', start: '22:00', end: '08:00', price: '0.2880' },
    ],
    servicePrice: '0.1500',
    note: '价费分离：电费按浙江居民分时电价，服务费另计',
  });
  const ports = (await services.charging.getStation(admin, station.id)).ports;
  const session = async (port: number, day: number, startHour: number, hours: number, kwh: number, meter: number) => {
    const start = localInstant(addDays(today, day), startHour * 3600, tz);
    const stop = new Date(start.getTime() + hours * 3_600_000);
    if (stop > now) return;
    const s = await services.charging.start(admin, ports[port]!.id, { meterKwh: meter, at: start });
    await services.charging.stop(admin, s.id, { meterKwh: Math.round((meter + kwh) * 1000) / 1000, at: stop });
  };
  await session(0, -3, 20, 6, 1.12, 1520.4);
  await session(1, -3, 9, 3, 0.96, 830.25);
  await session(0, -2, 23, 5, 1.05, 1521.52);
  await session(2, -1, 13, 2, 0.48, 412.7);
  await session(3, -1, 21, 8, 1.2, 95.3);
}
