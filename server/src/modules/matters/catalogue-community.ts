import type { CatalogueEntry } from './catalogue.ts';
import type { CategoryField, DurationUnit } from './tables.ts';

/**
 * The community classes of the starting catalogue (社区事项): what residents report and ask
 * for in the seeds' communities — fire safety, neighbours, property, help, suggestions,
 * security, care. The city-management classes are in catalogue.ts.
 */

type Deadline = [number, DurationUnit];

const trapped: CategoryField = {
  code: 'trapped',
  labelZh: '是否有人被困',
  labelEn: 'Is anyone trapped',
  type: 'boolean',
  required: true,
};
export const noiseTime: CategoryField = {
  code: 'time_of_day',
  labelZh: '发生时段',
  labelEn: 'Time of day',
  type: 'select',
  required: false,
  options: [
    { value: 'day', labelZh: '白天', labelEn: 'Day' },
    { value: 'night', labelZh: '夜间（22:00–6:00）', labelEn: 'Night (22:00–6:00)' },
  ],
};
const people: CategoryField = {
  code: 'people',
  labelZh: '涉及人数',
  labelEn: 'People involved',
  type: 'number',
  required: false,
};
/** What most reports have in common: a report, accepted within 2 working hours, handled within 3 working days. */
export const REPORT: Pick<CatalogueEntry, 'kind' | 'accept' | 'resolve'> = {
  kind: 'report',
  accept: [2, 'working_hours'],
  resolve: [3, 'working_days'],
};

export const COMMUNITY_CATALOGUE: CatalogueEntry[] = [
  {
    code: 'community.fire_safety',
    zh: '消防安全',
    en: 'Fire safety',
    department: 'fire',
    kind: 'report',
    accept: [30, 'minutes'],
    resolve: [1, 'working_days'],
    children: [
      {
        code: 'community.fire_safety.blocked_lane',
        zh: '消防通道堵塞',
        en: 'Blocked fire lane',
        keywords: ['消防通道', '堵塞', '占用', '逃生通道', '消防车道'],
        examples: ['小区消防通道被私家车堵死了', '楼道逃生通道堆满了杂物'],
      },
      {
        code: 'community.fire_safety.ebike_indoor',
        zh: '电动车违规停放充电',
        en: 'E-bike charged indoors',
        keywords: ['电动车', '楼道充电', '进楼', '电梯'],
        examples: ['有人把电动车推进电梯带回家充电', '楼道里停着电动车在充电'],
      },
      {
        code: 'community.fire_safety.flying_wire',
        zh: '飞线充电',
        en: 'Dangling charging cables',
        keywords: ['飞线', '拉线', '插线板', '私拉电线'],
        examples: ['有人从楼上窗户拉电线下来给电动车充电'],
      },
      {
        code: 'community.fire_safety.hazard',
        zh: '其他消防隐患',
        en: 'Other fire hazard',
        keywords: ['隐患', '灭火器', '烟雾', '着火'],
        examples: ['楼道灭火器过期了'],
      },
      {
        code: 'community.fire_safety.alarm',
        zh: '智能烟感/热成像告警',
        en: 'Smoke or thermal alarm',
        kind: 'alarm',
        accept: [5, 'minutes'],
        resolve: [4, 'hours'],
        keywords: ['烟感', '告警', '热成像'],
        examples: [],
      },
      {
        code: 'community.fire_safety.electric_alarm',
        zh: '电气火灾告警',
        en: 'Electrical fire alarm',
        kind: 'alarm',
        accept: [5, 'minutes'],
        resolve: [4, 'hours'],
        keywords: ['电气', '漏电', '电表箱'],
        examples: [],
      },
    ],
  },
  {
    code: 'community.neighbour',
    zh: '邻里纠纷',
    en: 'Neighbour disputes',
    department: 'justice',
    kind: 'report',
    dispute: true,
    accept: [1, 'working_days'],
    resolve: [10, 'working_days'],
    children: [
      {
        code: 'community.neighbour.noise',
        zh: '噪音扰民',
        en: 'Noise from neighbours',
        keywords: ['噪音', '吵', '楼上', '跺脚', '装修'],
        examples: ['楼上邻居天天半夜跺脚吵得睡不着'],
        fields: [noiseTime],
      },
      {
        code: 'community.neighbour.leak',
        zh: '漏水纠纷',
        en: 'Leak between flats',
        keywords: ['漏水', '天花板', '渗水', '楼上'],
        examples: ['楼上卫生间漏水把我家天花板泡坏了'],
      },
      {
        code: 'community.neighbour.pets',
        zh: '宠物扰民',
        en: 'Pets',
        keywords: ['狗', '宠物', '狗叫', '狗屎'],
        examples: ['邻居家狗天天叫'],
      },
      {
        code: 'community.neighbour.parking',
        zh: '停车纠纷',
        en: 'Parking dispute',
        keywords: ['车位', '占车位', '地锁'],
        examples: ['我的车位总被别人占'],
      },
      {
        code: 'community.neighbour.hoarding',
        zh: '堆物占道纠纷',
        en: 'Hoarding in shared space',
        keywords: ['堆积', '废品', '异味', '楼道'],
        examples: ['楼下老人在家里和楼道堆满废品，异味很大'],
      },
      {
        code: 'community.neighbour.rent',
        zh: '租赁纠纷',
        en: 'Rent dispute',
        keywords: ['租客', '房东', '押金', '租金'],
        examples: ['房东不退押金', '酒店拖欠租金负责人失联'],
        fields: [people],
      },
    ],
  },
  {
    code: 'community.property',
    zh: '物业管理',
    en: 'Property management',
    department: 'housing',
    ...REPORT,
    children: [
      {
        code: 'community.property.elevator',
        zh: '电梯故障',
        en: 'Lift out of order',
        keywords: ['电梯', '困人', '停运'],
        examples: ['电梯又坏了，有老人被困在里面'],
        fields: [trapped],
        accept: [15, 'minutes'],
        resolve: [8, 'hours'],
      },
      {
        code: 'community.property.facilities',
        zh: '小区设施损坏',
        en: 'Estate facilities damaged',
        keywords: ['单元门', '门禁', '健身器材', '小区'],
        examples: ['单元门门禁坏了关不上'],
      },
      {
        code: 'community.property.service',
        zh: '物业服务',
        en: 'Property service',
        keywords: ['物业', '保洁', '保安', '物业费'],
        examples: ['物业保洁不打扫楼道'],
      },
      {
        code: 'community.property.water_power',
        zh: '停水停电',
        en: 'Water or power cut',
        keywords: ['停水', '停电', '没水', '没电'],
        examples: ['小区突然停水也没有通知'],
      },
    ],
  },
  {
    code: 'community.help',
    zh: '求助',
    en: 'Help',
    department: 'civil_affairs',
    kind: 'help',
    accept: [10, 'minutes'],
    resolve: [2, 'hours'],
    children: [
      {
        code: 'community.help.elderly',
        zh: '老人求助',
        en: 'Elder needs help',
        keywords: ['老人', '摔倒', '摔', '独居', '身体不舒服', '帮忙', '需要帮助'],
        examples: ['我奶奶在家摔倒了起不来'],
      },
      {
        code: 'community.help.courier',
        zh: '骑手求助（小哥铃）',
        en: 'Courier needs help (小哥铃)',
        keywords: ['骑手', '外卖', '快递', '电瓶没电', '进门难', '车坏了'],
        examples: ['电动车没电了附近哪里能充电', '小区不让骑手进门'],
      },
      {
        code: 'community.help.emergency',
        zh: '紧急求助',
        en: 'Emergency help',
        keywords: ['紧急', '救命', '受伤', '急救'],
        examples: ['路上有人受伤流血了'],
        accept: [5, 'minutes'],
        resolve: [1, 'hours'],
      },
      {
        code: 'community.help.daily',
        zh: '生活求助',
        en: 'Daily-life help',
        keywords: ['帮忙', '采购', '陪同', '就医'],
        examples: ['想请志愿者陪我去医院'],
      },
    ],
  },
  {
    code: 'community.suggestion',
    zh: '建议',
    en: 'Suggestions',
    department: 'street_office',
    kind: 'suggestion',
    accept: [2, 'working_days'],
    resolve: [10, 'working_days'],
    children: [
      {
        code: 'community.suggestion.courier',
        zh: '小哥有话讲',
        en: 'Couriers speak up (小哥有话讲)',
        keywords: ['建议', '骑手', '小哥', '希望'],
        examples: ['建议小区门口划骑手专用停车位'],
      },
      {
        code: 'community.suggestion.community',
        zh: '社区建议',
        en: 'Community suggestion',
        keywords: ['建议', '希望', '增加', '改善'],
        examples: ['建议在小区里多装几个充电桩'],
      },
    ],
  },
  {
    code: 'community.security',
    zh: '治安',
    en: 'Public security',
    department: 'police',
    kind: 'report',
    accept: [30, 'minutes'],
    resolve: [1, 'working_days'],
    children: [
      {
        code: 'community.security.suspicious',
        zh: '可疑人员',
        en: 'Suspicious person',
        keywords: ['可疑', '陌生人', '徘徊'],
        examples: ['有陌生人在楼道里挨家挨户敲门'],
      },
      {
        code: 'community.security.theft',
        zh: '盗窃',
        en: 'Theft',
        keywords: ['偷', '被盗', '丢了', '电瓶被偷'],
        examples: ['我的电瓶车电瓶被偷了'],
      },
      {
        code: 'community.security.fraud',
        zh: '诈骗',
        en: 'Fraud',
        keywords: ['诈骗', '骗子', '转账', '反诈'],
        examples: ['有人冒充客服让我转账'],
      },
    ],
  },
  {
    code: 'community.care',
    zh: '关爱',
    en: 'Care',
    department: 'civil_affairs',
    kind: 'care',
    accept: [30, 'minutes'],
    resolve: [4, 'hours'],
    children: [
      {
        code: 'community.care.missed_check',
        zh: '窗帘之约未按时',
        en: 'Missed daily check (窗帘之约)',
        keywords: ['窗帘', '没开', '独居老人'],
        examples: [],
      },
      {
        code: 'community.care.visit_finding',
        zh: '走访发现',
        en: 'Found on a visit',
        keywords: ['走访', '发现', '需要帮助'],
        examples: ['走访时发现老人家里没有暖气'],
      },
    ],
  },
];
