import type { Services } from '../app.ts';
import type { RequestContext } from '../platform/context.ts';
import { seedContext } from './context.ts';

/**
 * Demo matters, made through the matters service itself so that they carry real
 * timelines, deadlines, notifications and map counts: the demo resident's reports
 * in 打铁关 at every stage of the workflow, a courier's help call and suggestion, a
 * grid worker's 随手做, and a spread of reports over every community.
 */
export async function seedDemoMatters(services: Services): Promise<number> {
  const { db } = services.database;
  const ctxOf = (username: string) => seedContext(services, username);
  const resident = await ctxOf('resident_demo');
  const courier = await ctxOf('courier_demo');
  const worker1 = await ctxOf('grid_datieguan_01');
  const worker2 = await ctxOf('grid_datieguan_02');
  const admin = await ctxOf('admin');
  const { list } = await services.matters.categoryMap();
  const category = (code: string) => list.find((c) => c.code === code)!.id;
  const buildings = await db
    .selectFrom('org.buildings as b')
    .innerJoin('org.divisions as c', 'c.id', 'b.community_id')
    .select(['b.name', 'b.lat', 'b.lng', 'b.address', 'c.name as community'])
    .orderBy('b.id')
    .execute();
  const at = (name: string, offset = 0) => {
    const b = buildings.find((x) => x.name === name)!;
    return { lat: b.lat! + offset * 0.00007, lng: b.lng! + offset * 0.00005, address: b.address };
  };
  let made = 0;
  const report = async (
    ctx: RequestContext,
    code: string,
    description: string,
    where: { lat: number; lng: number; address: string },
    extra: Record<string, unknown> = {},
  ) => {
    made++;
    return services.matters.report(ctx, {
      categoryId: category(code),
      description,
      ...where,
      photos: [],
      urgency: 'normal',
      anonymous: false,
      attributes: {},
      resolvedOnSpot: false,
      note: '',
      ...extra,
    });
  };

  // The demo resident's reports, one at each stage.
  await report(
    resident,
    'community.fire_safety.blocked_lane',
    '小区消防通道被几辆私家车堵住了，消防车进不来',
    at('打铁关小区1幢'),
  );
  const garbage = await report(
    resident,
    'event.environment.exposed_garbage',
    '楼下垃圾桶旁堆了很多装修垃圾，好几天没人清运',
    at('打铁关小区1幢', 2),
  );
  await services.matters.act(worker1, garbage.id, 'accept', { note: '收到，马上去看' });
  await services.matters.act(worker1, garbage.id, 'start', { note: '已联系保洁' });
  await services.matters.act(worker1, garbage.id, 'resolve', { note: '保洁已清运完毕', photos: [] });
  await services.matters.act(resident, garbage.id, 'rate', { rating: 5, comment: '处理很及时，谢谢网格员' });
  const light = await report(
    resident,
    'part.public.street_light',
    '小区门口路灯晚上不亮，老人出门不方便',
    at('打铁关小区1幢', 4),
  );
  await services.matters.act(worker1, light.id, 'accept', { note: '' });
  await services.matters.act(worker1, light.id, 'start', { note: '已报修路灯所' });
  const ebike = await report(
    resident,
    'community.fire_safety.ebike_indoor',
    '有人把电动车推进楼道里充电，很危险',
    at('金都华庭6幢'),
  );
  await services.matters.act(worker2, ebike.id, 'accept', { note: '' });

  // A courier rings for help, and speaks up.
  const wenhuiPoint = at('流水东苑1幢');
  made++;
  await services.matters.help(courier, {
    lat: wenhuiPoint.lat,
    lng: wenhuiPoint.lng,
    urgency: 'urgent',
    description: '电动车没电了，附近哪里可以充电？',
    photos: [],
  });
  made++;
  await services.matters.suggest(courier, {
    description: '建议在小区门口划出骑手临时停车位，方便送餐',
    anonymous: false,
    photos: [],
  });

  // A grid worker's 随手做: fixed on the spot and logged.
  await report(worker1, 'event.street_order.piling', '巡查发现楼道口堆放杂物', at('打铁关小区3幢'), {
    resolvedOnSpot: true,
    note: '已协调住户当场清理',
  });

  // A spread over every community, some taken up by the district admin.
  const codes = [
    'event.environment.exposed_garbage',
    'event.street_order.bike_parking',
    'part.public.manhole',
    'community.property.facilities',
    'community.fire_safety.flying_wire',
    'event.advertising.flyers',
  ];
  const words = ['垃圾堆放', '共享单车乱停', '井盖松动', '单元门门禁损坏', '飞线充电', '楼道小广告'];
  let i = 0;
  for (const b of buildings.filter((_, n) => n % 4 === 0)) {
    const code = codes[i % codes.length]!;
    const description = `${b.community}${b.name}附近${words[i % words.length]}，请尽快处理`;
    const where = { lat: b.lat! + 0.0001, lng: b.lng!, address: b.address };
    // The demo resident and courier report only where they live and ride; elsewhere residents phoned the hotline.
    const m =
      b.community === '打铁关社区'
        ? await report(i % 3 === 0 ? courier : resident, code, description, where)
        : await report(admin, code, description, where, {
            onBehalf: { name: `${b.community}居民`, channel: i % 2 === 0 ? 'phone' : 'walk_in' },
          });
    if (i % 3 === 1 || i % 5 === 2) await services.matters.act(admin, m.id, 'accept', { note: '' });
    if (i % 5 === 2) {
      await services.matters.act(admin, m.id, 'start', { note: '' });
      await services.matters.act(admin, m.id, 'resolve', { note: '已处理', photos: [] });
    }
    i++;
  }
  return made;
}
