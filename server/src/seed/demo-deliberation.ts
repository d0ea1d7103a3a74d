import type { Services } from '../app.ts';
import { addDays, localInstant, localParts } from '../platform/local-time.ts';
import { seedContext } from './context.ts';

/**
 * Demo deliberation in 打铁关社区, after the seeds: a threshold of five supporters;
 * the carport topic that took several rounds and was decided (its follow-through under
 * way), the lift for building 1 on the agenda with an owners' vote open (an art. 278
 * item 6–8 matter), a few topics gathering support, a 半月谈 series, a 协商铃 desk and
 * the 和事佬's desk with slots for the coming days.
 */
export async function seedDemoDeliberation(services: Services, now: Date): Promise<void> {
  const d = services.deliberation;
  const staff = await seedContext(services, 'community_datieguan');
  const resident = await seedContext(services, 'resident_demo');
  const admin = await seedContext(services, 'admin');
  const tree = await services.org.tree(admin);
  const datieguan = tree.divisions.find((x) => x.name === '打铁关社区' && x.level === 'community')!.id;
  const building1 = (
    await services.org.listBuildings(admin, { communityId: datieguan, q: '打铁关小区1幢', limit: 5, withTotal: false })
  ).items.find((b) => b.name === '打铁关小区1幢')!;
  // A local hour some days from today, in the configured time zone.
  const tz = services.config.TIME_ZONE;
  const today = localParts(now, tz).date;
  const day = (days: number, hour: number, minute = 0) =>
    localInstant(addDays(today, days), hour * 3600 + minute * 60, tz);

  await d.setSettings(staff, { communityId: datieguan, supportThreshold: 5 });

  const carport = await d.raiseTopic(staff, {
    communityId: datieguan,
    scopeKind: 'community',
    buildingIds: [],
    title: '小区电动车车棚改造',
    body: '老车棚充电桩不够、线路老化，居民飞线充电屡禁不止。提议改造车棚、增加智能充电桩，费用由业主、物业和社区共同承担。',
    party: 'residents_committee',
  });
  await d.topicAction(staff, carport.id, 'agenda', { reason: '三方协商' });
  const lift = await d.raiseTopic(resident, {
    communityId: datieguan,
    scopeKind: 'buildings',
    buildingIds: [building1.id],
    title: '1 幢加装电梯',
    body: '1 幢多是老年住户，上下楼困难。希望加装电梯，请低层住户一起商量补偿办法。',
    party: 'resident',
  });
  await d.topicAction(staff, lift.id, 'agenda', { reason: '已达支持人数' });
  await d.raiseTopic(resident, {
    communityId: datieguan,
    scopeKind: 'community',
    buildingIds: [],
    title: '楼道堆物集中清理日',
    body: '建议每月固定一天，由志愿者和物业一起清理楼道堆物，消除消防隐患。',
    party: 'resident',
  });
  await d.raiseTopic(staff, {
    communityId: datieguan,
    scopeKind: 'community',
    buildingIds: [],
    title: '广场舞音量与时间',
    body: '晚间广场舞音量较大，影响临近楼栋休息。请大家商量合适的时间段和音量。',
    party: 'property',
  });

  // The carport's last round, held last week, and its decision under way.
  const held = await d.createMeeting(staff, {
    communityId: datieguan,
    kind: 'tripartite',
    title: '车棚改造三方联席会议',
    place: '社区议事厅',
    startsAt: day(-7, 19),
    endsAt: day(-7, 21),
    recurrence: 'none',
    occurrences: 1,
    topicIds: [carport.id],
    participantUserIds: [resident.actor!.userId],
  });
  await d.attendance(staff, held.id, { userIds: [resident.actor!.userId, staff.actor!.userId] });
  await d.recordMinutes(staff, held.id, {
    minutes:
      '居委会、业委会、物业三方到会。经第四轮协商，确定车棚改造方案：新增 40 个智能充电桩，费用由维修资金、物业和社区共同承担。',
    outcomes: [{ topicId: carport.id, outcome: '方案通过，进入实施' }],
    decisions: [
      {
        topicId: carport.id,
        title: '车棚改造：新增 40 个智能充电桩',
        text: '由物业负责施工，社区监督，两个月内完成。',
      },
    ],
  });
  const decision = (await d.decisions(staff, { communityId: datieguan, limit: 5 })).items[0]!;
  await d.updateDecision(staff, decision.id, {
    status: 'in_progress',
    progress: 40,
    note: '旧车棚已拆除，充电桩基础施工中',
    photos: [],
  });

  // 半月谈, every half month from next week, with the lift on its first agenda.
  await d.createMeeting(staff, {
    communityId: datieguan,
    kind: 'half_month',
    title: '半月谈',
    place: '社区议事厅',
    startsAt: day(7, 19, 30),
    endsAt: day(7, 21),
    recurrence: 'semimonthly',
    occurrences: 6,
    topicIds: [lift.id],
    participantUserIds: [resident.actor!.userId],
  });

  // The owners of building 1 decide on the lift: open now, for a week.
  await d.createVote(staff, {
    communityId: datieguan,
    topicId: lift.id,
    title: '1 幢加装电梯业主表决',
    question: '是否同意在 1 幢加装电梯（改建、重建建筑物及其附属设施，适用民法典第二百七十八条第一款第八项）？',
    electorate: 'owners',
    scopeKind: 'buildings',
    buildingIds: [building1.id],
    ballotUnit: 'household',
    special: true,
    allowChange: false,
    secondBallot: 'first_stands',
    noticeAt: day(-3, 9),
    opensAt: services.clock.now(),
    closesAt: day(7, 20),
  });

  const desk = await d.createDesk(staff, {
    communityId: datieguan,
    name: '协商铃 · 社区议事厅',
    kind: 'consultation',
    place: '打铁关社区党群服务中心 2 楼',
  });
  const mediator = await seedContext(services, 'mediator_demo');
  const mediatorDesk = await d.createDesk(staff, {
    communityId: datieguan,
    name: '和事佬 · 斯师傅',
    kind: 'mediator',
    hostUserId: mediator.actor!.userId,
    place: '和事佬工作室',
  });
  for (const [deskId, hours] of [
    [desk.id, [9, 10, 14, 15]],
    [mediatorDesk.id, [9, 14]],
  ] as const) {
    const slots = [];
    for (let days = 1; days <= 10; days++)
      for (const hour of hours)
        slots.push({ startsAt: day(days, hour), endsAt: day(days, hour + 1), capacity: deskId === desk.id ? 3 : 1 });
    await d.addSlots(staff, deskId, { slots });
  }
}
