import type { Services } from '../app.ts';
import { addDays, localInstant, localParts } from '../platform/local-time.ts';
import * as pointsRepo from '../modules/points/repository.ts';
import { EARNING_EVENTS, type EarningEvent } from '../modules/points/service.ts';
import { seedContext } from './context.ts';

/**
 * Demo points and volunteering, after the seeds: every community issues points by the
 * same starting rules (an hour of service 10 points, as 康桥's 道德银行 counts it); the
 * demo accounts have earned some over the past months; merchants in 打铁关, 仓前 and
 * 瑶海 take them (100 points → a 10-yuan voucher, as CALL Me米 does); teams (暖宝,
 * 春燕服务队, 骑手志愿队, 小巷管家, 急救侠) announce activities; good deeds, micro-wishes
 * and a key small matter are under way. Made through the services, except the starting
 * rules, which date from the start of the year (staff may only set rules from today on).
 */
export async function seedDemoPoints(services: Services, today: Date): Promise<void> {
  const { points, volunteer } = services;
  const staff = await seedContext(services, 'community_datieguan');
  const admin = await seedContext(services, 'admin');
  const userId = async (username: string) => (await seedContext(services, username)).actor!.userId;
  const tree = await services.org.tree(admin);
  const community = (name: string) => tree.divisions.find((d) => d.name === name && d.level === 'community')!.id;
  const communities = tree.divisions.filter((d) => d.level === 'community').map((d) => d.id);

  const rules: Record<EarningEvent, { points: number; daily: number | null; monthly: number | null }> = {
    'volunteer.hours_approved': { points: 10, daily: 80, monthly: 600 },
    'good_deed.verified': { points: 20, daily: null, monthly: 100 },
    'meeting.attended': { points: 5, daily: 10, monthly: null },
    'vote.cast': { points: 2, daily: 10, monthly: null },
    'topic.supported': { points: 1, daily: 5, monthly: 30 },
    'course.completed': { points: 10, daily: 20, monthly: null },
    'report.accepted': { points: 5, daily: 10, monthly: 50 },
  };
  const tz = services.config.TIME_ZONE;
  const localToday = localParts(today, tz).date;
  const yearStart = `${localToday.slice(0, 4)}-01-01`;
  for (const communityId of communities) {
    for (const [eventType, r] of Object.entries(rules) as Array<[EarningEvent, (typeof rules)[EarningEvent]]>) {
      await pointsRepo.insertRule(services.database.db, {
        community_id: communityId,
        event_type: eventType,
        points_per_unit: r.points,
        unit: EARNING_EVENTS[eventType],
        daily_cap: r.daily,
        monthly_cap: r.monthly,
        effective_from: yearStart,
        created_by: admin.actor!.userId,
        created_at: services.clock.now(),
      });
    }
  }

  // Points earned over the past weeks, as if by approved hours and verified deeds.
  const datieguan = community('打铁关社区');
  const history: Array<[string, EarningEvent, number, number, string]> = [
    ['resident_demo', 'volunteer.hours_approved', 3, 40, '志愿服务：楼道清理'],
    ['resident_demo', 'volunteer.hours_approved', 4, 33, '志愿服务：垃圾分类桶边督导'],
    ['resident_demo', 'good_deed.verified', 1, 20, '好人好事：帮邻居找回走失老人'],
    ['resident_demo', 'volunteer.hours_approved', 2, 12, '志愿服务：关爱独居老人上门探访'],
    ['courier_demo', 'volunteer.hours_approved', 2, 25, '志愿服务：骑手巡查消防通道'],
    ['courier_demo', 'good_deed.verified', 1, 9, '好人好事：送餐途中发现火情及时报告'],
    ['grid_datieguan_01', 'volunteer.hours_approved', 5, 18, '志愿服务：社区义诊'],
    ['grid_datieguan_02', 'volunteer.hours_approved', 1, 7, '志愿服务：文明劝导'],
    ['mediator_demo', 'meeting.attended', 1, 5, '参加红茶议事会'],
  ];
  let n = 0;
  for (const [username, eventType, units, daysAgo, memo] of history) {
    await points.award({
      userId: await userId(username),
      communityId: datieguan,
      eventType,
      units,
      eventId: `seed-${++n}`,
      at: new Date(today.getTime() - daysAgo * 86_400_000),
      memo,
    });
  }

  // Merchants and what they take points for.
  const merchant = async (
    communityName: string,
    name: string,
    address: string,
    phone: string,
    owner: string | null,
    items: Array<[string, string, number, number, number | null]>,
  ) => {
    const m = await points.createMerchant(admin, {
      communityId: community(communityName),
      userId: owner ? await userId(owner) : null,
      name,
      address,
      phone,
    });
    for (const [itemName, description, pricePoints, cashValueFen, stock] of items) {
      await points.createItem(admin, m.id, { name: itemName, description, pricePoints, cashValueFen, stock });
    }
  };
  await merchant('打铁关社区', '晨光文具（打铁关店）', '拱墅区打铁关路 18 号', '0571-88000018', 'merchant_demo', [
    ['10 元代金券', '店内任意商品抵 10 元', 100, 1000, null],
    ['中性笔一盒', '晨光中性笔 12 支装', 50, 500, 40],
    ['打印复印 20 页', '黑白 A4', 20, 200, null],
  ]);
  await merchant('葛巷社区', '联华超市（仓前店）', '余杭区仓前街道文一西路 1500 号', '0571-88000150', null, [
    ['CALL Me米 10 元代金券', '100 米抵 10 元，全场通用', 100, 1000, null],
    ['大米 5 kg', '东北大米', 300, 3000, 20],
  ]);
  await merchant('吴家墩社区', '康桥理发店', '拱墅区康桥路 66 号', '0571-88000066', null, [
    ['道德银行 理发一次', '男女均可', 150, 1500, null],
  ]);
  await merchant('恒通社区', '瑶海文明超市', '合肥市瑶海区长江东路 200 号', '0551-62000200', null, [
    ['文明行为银行 10 元代金券', '满 20 元可用', 100, 1000, null],
  ]);

  // Teams and what they are doing.
  const team = async (
    communityName: string,
    name: string,
    description: string,
    leaders: string[],
    members: string[],
  ) => {
    const t = await volunteer.createTeam(admin, {
      communityId: community(communityName),
      name,
      description,
      leaderUserIds: await Promise.all(leaders.map(userId)),
    });
    for (const member of members)
      await volunteer.setMember(admin, t.id, { userId: await userId(member), role: 'member' });
    return t.id;
  };
  const nuanbao = await team(
    '打铁关社区',
    '暖宝',
    '每天早晚看一看独居老人的窗帘开了没有（窗帘之约）',
    ['grid_datieguan_01'],
    ['resident_demo'],
  );
  const chunyan = await team(
    '打铁关社区',
    '春燕服务队',
    '党员志愿者：楼道清理、垃圾分类督导、文明劝导',
    ['community_datieguan'],
    ['resident_demo', 'grid_datieguan_02'],
  );
  await team('打铁关社区', '骑手志愿队', '外卖小哥兼职网格员：巡查消防通道、发现隐患随手拍', ['courier_demo'], []);
  await team('打铁关社区', '急救侠', '持证急救志愿者，AED 就近响应', ['grid_datieguan_02'], []);
  await team('王马社区', '小巷管家', '小巷的事小巷管：巡查、劝导、协调', [], []);

  // An hour of a local day some days from today.
  const at = (days: number, hour: number) => localInstant(addDays(localToday, days), hour * 3600, tz);
  const activity = async (
    teamId: number,
    title: string,
    place: string,
    days: number,
    from: number,
    to: number,
    capacity: number,
  ) =>
    volunteer.createActivity(staff, {
      teamId,
      title,
      description: '',
      place,
      startsAt: at(days, from),
      endsAt: at(days, to),
      capacity,
    });
  await activity(nuanbao, '关爱独居老人上门探访', '打铁关小区', 1, 9, 11, 6);
  await activity(chunyan, '垃圾分类桶边督导', '打铁关小区 3 幢垃圾房', 2, 7, 9, 10);
  await activity(chunyan, '楼道杂物清理', '金都华庭', 5, 14, 17, 15);

  await volunteer.reportGoodDeed(staff, {
    communityId: datieguan,
    doerName: '陈建华',
    doerUserId: await userId('resident_demo'),
    title: '帮邻居找回走失老人',
    description: '傍晚在运河边发现迷路的王奶奶，陪她等到家人赶来。',
    photos: [],
    occurredOn: addDays(localToday, -2),
  });
  await volunteer.postWish(staff, {
    communityId: datieguan,
    beneficiaryLabel: '独居老人王奶奶',
    title: '想要一台收音机听越剧',
    description: '',
  });
  await volunteer.postWish(staff, {
    communityId: datieguan,
    beneficiaryLabel: '困难家庭小朋友',
    title: '想要一套课外读物',
    description: '三年级',
  });
  const project = await volunteer.createProject(staff, {
    communityId: datieguan,
    title: '老旧小区加装电梯协调',
    description: '打铁关小区 1 幢、3 幢居民希望加装电梯，需要协调低层住户意见。',
  });
  await volunteer.updateProject(staff, project.id, {
    progress: 30,
    note: '红色蜂巢党建联盟单位认领，已上门走访 1 幢全部住户',
    claimedByUnit: '红色蜂巢 · 区住建局党支部',
    photos: [],
  });
}
