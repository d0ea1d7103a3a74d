import type { Services } from '../app.ts';
import { addDays, localParts } from '../platform/local-time.ts';
import { withIdCheckDigit } from '../platform/personal-data.ts';
import { yuan } from '../modules/mediation/presenters.ts';
import { seedContext } from './context.ts';

/**
 * Demo mediation, after the seeds, through the mediation service: the 和事佬工作室 of
 * 打铁关社区 with 和事佬 斯师傅 (mediator_demo) as its mediator and manager, 潘大姐工作室
 * in 浙大御跸 and the “左邻右舍”百姓说事点 in 凤阳一村; and in 打铁关, cases at every stage —
 * a leak between flats taken up from the demo resident's report and under mediation, a
 * group rent dispute (a serviced-apartment operator gone, owing a dozen tenants their
 * prepaid rent and deposits) with its task force, claims register from household visits
 * and an agreement paid in instalments, a family dispute agreed, performed and closed
 * after the follow-up visit, a labour dispute that failed and went to arbitration, and a
 * parking quarrel waiting for a mediator to take it.
 */
export async function seedDemoMediation(services: Services, now: Date): Promise<void> {
  const m = services.mediation;
  const staff = await seedContext(services, 'community_datieguan');
  const admin = await seedContext(services, 'admin');
  const mediator = await seedContext(services, 'mediator_demo');
  const resident = await seedContext(services, 'resident_demo');
  const tree = await services.org.tree(admin);
  const community = (name: string) => tree.divisions.find((d) => d.name === name && d.level === 'community')!.id;
  const datieguan = community('打铁关社区');
  const today = localParts(now, services.config.TIME_ZONE).date;
  const inDays = (days: number) => addDays(today, days);
  let serial = 0;
  const idNumber = (area: string, birth: string) =>
    withIdCheckDigit(`${area}${birth}${String(100 + ++serial).slice(-3)}`);

  // Studios.
  const heshilao = await m.createStudio(staff, {
    divisionId: datieguan,
    name: '和事佬工作室',
    kind: 'studio',
    address: '打铁关社区党群服务中心一楼“和茶馆”',
    phone: '0571-85000000',
    description:
      '2008 年由 5 位热心老人发起的“和事佬”队伍，如今 90 多名和事佬活跃在一线，“和茶馆”累计调解纠纷 1020 余起。',
    managerUserId: mediator.actor!.userId,
  });
  await m.setMediator(staff, heshilao.id, mediator.actor!.userId, {
    title: '和事佬',
    specialities: ['neighbour', 'marriage_family', 'housing_land', 'property_management', 'contract'],
    active: true,
  });
  await m.createStudio(admin, {
    divisionId: community('浙大御跸社区'),
    name: '潘大姐工作室',
    kind: 'studio',
    address: '浙大御跸社区居委会',
    phone: '',
    description: '长庆街道的品牌调解工作室，负责人潘美华，擅长邻里漏水、房屋纠纷。',
  });
  await m.createStudio(admin, {
    divisionId: community('凤阳一村社区'),
    name: '“左邻右舍”百姓说事点',
    kind: 'talk_point',
    address: '凤阳一村社区',
    phone: '',
    description:
      '合肥市首个百姓评理说事点：网格法官、网格律师、司法所专职人民调解员轮流“上岗”，日常调解成功率 90% 以上。',
  });

  // 1. A leak between flats, from the demo resident's own report (intake from a matter), now under mediation.
  const { list } = await services.matters.categoryMap();
  const building = (
    await services.org.listBuildings(admin, { communityId: datieguan, q: '打铁关小区1幢', limit: 5, withTotal: false })
  ).items.find((b) => b.name === '打铁关小区1幢')!;
  const leakMatter = await services.matters.report(resident, {
    categoryId: list.find((c) => c.code === 'community.neighbour.leak')!.id,
    description: '楼上卫生间漏水，把我家天花板泡坏了，找楼上几次都没人理',
    lat: building.lat! + 0.00003,
    lng: building.lng!,
    address: building.address,
    photos: [],
    urgency: 'normal',
    anonymous: false,
    attributes: {},
    resolvedOnSpot: false,
    note: '',
  });
  const leak = await m.open(mediator, {
    matterId: leakMatter.id,
    category: 'neighbour',
    summary: '1幢楼上卫生间漏水致楼下天花板受损',
    facts:
      '申请人陈建华家卫生间天花板自今年 9 月起反复渗水，墙面起皮发霉。申请人认为系楼上住户卫生间防水层老化所致，多次协商未果。',
    issues: '漏水原因的认定；维修责任及损失赔偿。',
    amountFen: 380_000,
    groupDispute: false,
    risk: 'low',
    parties: [
      {
        role: 'applicant',
        kind: 'person',
        name: '陈建华',
        phone: '13800000008',
        address: '打铁关小区1幢',
        representative: '',
        userId: resident.actor!.userId,
        ...(resident.actor!.personId !== null ? { personId: resident.actor!.personId } : {}),
      },
      {
        role: 'respondent',
        kind: 'person',
        name: '林国平',
        phone: '13957100421',
        idNumber: idNumber('330105', '19680215'),
        address: '打铁关小区1幢',
        representative: '',
      },
    ],
  });
  await m.advance(mediator, leak.id, 'investigate', { note: '和物业一起上门查看，初步判断为楼上卫生间地漏处防水失效' });
  await m.advance(mediator, leak.id, 'mediate', { note: '约双方到“和茶馆”面对面' });
  await m.addSession(mediator, leak.id, {
    heldAt: new Date(now.getTime() - 2 * 3_600_000),
    place: '打铁关“和茶馆”',
    attendees: [
      { name: '陈建华', side: 'applicant' },
      { name: '林国平', side: 'respondent' },
      { name: '斯师傅', side: 'mediator' },
      { name: '物业维修主管', side: 'other' },
    ],
    notes: '双方同意先由物业请第三方检测漏水点，检测费暂由楼上垫付；赔偿金额待检测结果出来后再议。',
  });

  // 2. The group rent dispute: an operator gone, a dozen tenants, a task force, a claims register, an agreement in instalments.
  const claimants: Array<[string, string, number]> = [
    ['周晓梅', '3幢1201', 860_000],
    ['吴俊杰', '3幢1202', 720_000],
    ['郑丽', '3幢1203', 650_000],
    ['王海涛', '3幢1205', 910_000],
    ['冯雪', '3幢1206', 540_000],
    ['陈立新', '3幢1207', 780_000],
    ['褚文博', '3幢1208', 600_000],
    ['卫佳琪', '3幢1301', 830_000],
    ['蒋一鸣', '3幢1302', 690_000],
    ['沈晨', '3幢1303', 570_000],
    ['韩梦瑶', '3幢1305', 880_000],
    ['杨子轩', '3幢1306', 640_000],
  ];
  const total = claimants.reduce((t, [, , fen]) => t + fen, 0);
  const rent = await m.open(staff, {
    communityId: datieguan,
    studioId: heshilao.id,
    source: 'patrol',
    category: 'contract',
    summary: '酒店式公寓经营者失联，拖欠房东租金、租客预付租金和押金',
    facts:
      '某酒店式公寓经营者承租打铁关小区3幢整层后分租给租客，收取预付租金和押金后失联，拖欠房东租金和物业费，物业一度停水停电，租客、房东、物业三方矛盾激化。',
    issues: '租客预付租金和押金的退还；租客能否继续居住；拖欠的物业费如何承担。',
    amountFen: total,
    peopleCount: claimants.length + 2,
    groupDispute: true,
    risk: 'high',
    parties: [
      {
        role: 'applicant',
        kind: 'person',
        name: '周晓梅（租客代表）',
        phone: '13867112201',
        idNumber: idNumber('330106', '19920517'),
        address: '打铁关小区3幢1201',
        representative: '',
      },
      {
        role: 'respondent',
        kind: 'organisation',
        name: '杭州某某酒店管理有限公司',
        idNumber: '91330105MA2H7Q3K5N',
        address: '杭州市拱墅区',
        representative: '刘某（失联）',
      },
      {
        role: 'respondent',
        kind: 'person',
        name: '王德福（房东）',
        phone: '13705710388',
        idNumber: idNumber('330104', '19600923'),
        address: '杭州市拱墅区',
        representative: '',
      },
      {
        role: 'third_party',
        kind: 'organisation',
        name: '打铁关小区物业服务中心',
        address: '打铁关小区',
        representative: '',
      },
    ],
  });
  await m.assign(staff, rent.id, {
    mediatorUserId: mediator.actor!.userId,
    taskForce: [
      { name: '李警官', role: 'police', organisation: '文晖派出所打铁关警务室' },
      { userId: mediator.actor!.userId, role: 'mediator', organisation: '和事佬工作室' },
      { name: '赵经理', role: 'property', organisation: '打铁关小区物业服务中心' },
      { name: '孙律师', role: 'lawyer', organisation: '浙江某律师事务所' },
    ],
    note: '“三人专班”逐户走访登记诉求，律师厘清法律关系',
  });
  await m.advance(mediator, rent.id, 'investigate', { note: '专班逐户走访登记' });
  for (const [i, [name, room, fen]] of claimants.entries()) {
    await m.addClaim(mediator, rent.id, {
      claimantName: name,
      phone: `1396711${String(2200 + i).padStart(4, '0')}`,
      address: room,
      amountFen: fen,
      description: '预付半年租金及押金，有转账记录和租赁合同',
      documents: [],
      visitedAt: new Date(now.getTime() - (claimants.length - i) * 3_600_000),
    });
  }
  await m.advance(mediator, rent.id, 'mediate', { note: '街道平安办搭建协商平台' });
  await m.addSession(mediator, rent.id, {
    heldAt: new Date(now.getTime() - 3_600_000),
    place: '打铁关社区党群服务中心',
    attendees: [
      { name: '周晓梅等租客代表', side: 'applicant' },
      { name: '王德福', side: 'respondent' },
      { name: '赵经理', side: 'third_party' },
      { name: '李警官', side: 'task_force' },
      { name: '孙律师', side: 'task_force' },
      { name: '斯师傅', side: 'mediator' },
    ],
    notes:
      '律师说明租客与经营者、经营者与房东的合同关系；房东同意与租客直接重签合同，并分期退还租客已预付、经营者未转交的租金和押金；物业同意减免两个月物业费，恢复供水供电。',
  });
  const first = Math.floor(total / 3);
  await m.agree(mediator, rent.id, {
    terms: [
      `房东王德福分三期向 ${claimants.length} 名租客退还已预付的租金和押金，共计人民币 ${yuan(total)} 元，按诉求清单登记的金额分配。`,
      '租客自愿与房东直接重新签订租赁合同，租期、租金不变，原经营者的押金责任由房东承担后向原经营者追偿。',
      '物业服务中心减免 3 幢相关楼层两个月物业费，并于本协议签订当日恢复供水供电。',
      '各方就本纠纷再无其他争议。',
    ],
    totalFen: total,
    instalments: [
      { dueOn: today, amountFen: first },
      { dueOn: inDays(30), amountFen: first },
      { dueOn: inDays(60), amountFen: total - 2 * first },
    ],
    performanceMethod: '由房东通过银行转账支付至各租客本人账户，社区和事佬工作室见证并登记。',
    performanceDeadline: inDays(60),
    copies: 4,
  });
  await m.pay(mediator, rent.id, 1, { amountFen: first, paidOn: today, note: '第一期已全部转账，租客逐一确认' });

  // 3. A family dispute: agreed, performed, followed up and closed.
  const family = await m.open(mediator, {
    communityId: datieguan,
    source: 'walk_in',
    category: 'marriage_family',
    summary: '兄妹三人为母亲赡养和看护安排起争执',
    facts: '82 岁的沈老太独居，三名子女对轮流看护和医药费分担意见不一，多次争吵。',
    issues: '看护轮值安排；医药费分担。',
    amountFen: 0,
    groupDispute: false,
    risk: 'medium',
    parties: [
      {
        role: 'applicant',
        kind: 'person',
        name: '沈玉兰',
        phone: '13516880192',
        address: '打铁关小区5幢',
        representative: '',
      },
      {
        role: 'respondent',
        kind: 'person',
        name: '沈建国',
        phone: '13606718825',
        address: '杭州市西湖区',
        representative: '',
      },
      {
        role: 'respondent',
        kind: 'person',
        name: '沈建明',
        phone: '13757129310',
        address: '杭州市上城区',
        representative: '',
      },
    ],
  });
  await m.advance(mediator, family.id, 'mediate', { note: '' });
  await m.addSession(mediator, family.id, {
    heldAt: new Date(now.getTime() - 5 * 3_600_000),
    place: '打铁关“和茶馆”',
    attendees: [
      { name: '沈玉兰', side: 'applicant' },
      { name: '沈建国', side: 'respondent' },
      { name: '沈建明', side: 'respondent' },
      { name: '斯师傅', side: 'mediator' },
    ],
    notes: '动之以情、晓之以理，三人同意按周轮值看护，医药费三人平摊。',
  });
  await m.agree(mediator, family.id, {
    terms: ['三名子女按周轮流到母亲家中看护，节假日共同陪伴。', '母亲的医药费由三人平均分担，凭票据每月结算一次。'],
    totalFen: 0,
    instalments: [],
    performanceMethod: '自协议签订之日起按轮值表履行。',
    performanceDeadline: inDays(30),
    copies: 4,
  });
  await m.perform(mediator, family.id, { note: '轮值表已执行，首月医药费已结清' });
  await m.followUp(mediator, family.id, {
    findings: '上门回访：三人按轮值看护，老人精神状态好，各方满意。',
    satisfied: true,
    close: true,
  });

  // 4. A labour dispute that could not be settled here: referred to arbitration.
  const labour = await m.open(mediator, {
    communityId: datieguan,
    source: 'walk_in',
    category: 'labour',
    summary: '装修工人被拖欠工资',
    facts: '申请人为某装修队做工两个月，工头以业主未结款为由拖欠工资。',
    issues: '拖欠工资的数额和支付主体。',
    amountFen: 1_560_000,
    groupDispute: false,
    risk: 'medium',
    parties: [
      {
        role: 'applicant',
        kind: 'person',
        name: '何志强',
        phone: '15067118854',
        address: '打铁关小区7幢（暂住）',
        representative: '',
      },
      { role: 'respondent', kind: 'person', name: '包工头徐某', address: '', representative: '' },
    ],
  });
  await m.advance(mediator, labour.id, 'mediate', { note: '' });
  await m.fail(mediator, labour.id, {
    reason: '被申请人拒不到场，对工资数额有争议，调解不成。',
    referral: 'arbitration',
    referralTo: '拱墅区劳动人事争议仲裁委员会',
  });

  // 5. A parking quarrel accepted by the community, waiting for a mediator of the studio to take it.
  await m.open(staff, {
    communityId: datieguan,
    studioId: heshilao.id,
    source: 'phone',
    category: 'neighbour',
    summary: '固定车位多次被邻居占用引发争吵',
    facts: '',
    issues: '',
    amountFen: 0,
    groupDispute: false,
    risk: 'low',
    parties: [
      {
        role: 'applicant',
        kind: 'person',
        name: '钱芳',
        phone: '13588020417',
        address: '打铁关小区2幢',
        representative: '',
      },
      { role: 'respondent', kind: 'person', name: '孙国强', address: '打铁关小区2幢', representative: '' },
    ],
  });
}
