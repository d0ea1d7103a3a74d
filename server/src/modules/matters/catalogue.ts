import type { CategoryField, DEPARTMENT_CODES, DurationUnit, MatterKind } from './tables.ts';

/**
 * The starting catalogue: the event (事件) and component (部件) classes of digital
 * city management (数字城管, after GB/T 30428), and the community classes of the
 * reports in ../shared/seeds. Admins may change names, deadlines and keywords later;
 * the catalogue only adds what is missing, by code.
 */

type Deadline = [number, DurationUnit];

export interface CatalogueEntry {
  code: string;
  zh: string;
  en: string;
  kind?: MatterKind;
  dispute?: boolean;
  department?: string;
  accept?: Deadline;
  resolve?: Deadline;
  fields?: CategoryField[];
  keywords?: string[];
  examples?: string[];
  children?: CatalogueEntry[];
}

export const DEPARTMENTS: Record<string, { zh: string; en: string }> &
  Record<(typeof DEPARTMENT_CODES)[number], { zh: string; en: string }> = {
  urban_management: { zh: '综合行政执法（城管）', en: 'Urban management' },
  fire: { zh: '消防救援', en: 'Fire and rescue' },
  police: { zh: '公安派出所', en: 'Police station' },
  justice: { zh: '司法所', en: 'Justice office' },
  housing: { zh: '住建（物业监管）', en: 'Housing and property' },
  civil_affairs: { zh: '民政', en: 'Civil affairs' },
  market: { zh: '市场监管', en: 'Market regulation' },
  water: { zh: '水务', en: 'Water' },
  greening: { zh: '园林绿化', en: 'Parks and greening' },
  traffic: { zh: '交警', en: 'Traffic police' },
  emergency: { zh: '应急管理', en: 'Emergency management' },
  street_office: { zh: '街道综治中心', en: 'Street governance centre' },
};

const plate: CategoryField = {
  code: 'plate',
  labelZh: '车牌号',
  labelEn: 'Licence plate',
  type: 'text',
  required: false,
};
const trapped: CategoryField = {
  code: 'trapped',
  labelZh: '是否有人被困',
  labelEn: 'Is anyone trapped',
  type: 'boolean',
  required: true,
};
const noiseTime: CategoryField = {
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

const REPORT: Pick<CatalogueEntry, 'kind' | 'accept' | 'resolve'> = {
  kind: 'report',
  accept: [2, 'working_hours'],
  resolve: [3, 'working_days'],
};

export const CATALOGUE: CatalogueEntry[] = [
  {
    code: 'event.environment',
    zh: '市容环境',
    en: 'City appearance',
    department: 'urban_management',
    ...REPORT,
    children: [
      {
        code: 'event.environment.exposed_garbage',
        zh: '暴露垃圾',
        en: 'Exposed rubbish',
        keywords: ['垃圾', '乱扔', '垃圾袋', '堆放垃圾', '发臭'],
        examples: ['路边有一堆垃圾没人清理，已经发臭了', '小区门口垃圾袋堆成山'],
      },
      {
        code: 'event.environment.construction_waste',
        zh: '积存垃圾渣土',
        en: 'Construction waste',
        keywords: ['渣土', '建筑垃圾', '装修垃圾'],
        examples: ['楼下堆了很多装修垃圾', '路口有渣土撒落'],
      },
      {
        code: 'event.environment.dirty_road',
        zh: '道路不洁',
        en: 'Dirty road',
        keywords: ['路面', '脏', '油污', '泥土'],
        examples: ['马路上全是油污很滑', '道路很脏没人扫'],
      },
      {
        code: 'event.environment.dirty_water',
        zh: '水域不洁',
        en: 'Polluted water',
        keywords: ['河道', '水面', '漂浮物', '河水'],
        examples: ['河道里有很多漂浮垃圾', '河水发黑发臭'],
      },
      {
        code: 'event.environment.graffiti',
        zh: '乱涂乱画',
        en: 'Graffiti',
        keywords: ['涂鸦', '乱涂', '乱画', '墙面'],
        examples: ['墙上被人乱涂乱画'],
      },
    ],
  },
  {
    code: 'event.advertising',
    zh: '宣传广告',
    en: 'Advertising',
    department: 'urban_management',
    ...REPORT,
    children: [
      {
        code: 'event.advertising.flyers',
        zh: '非法小广告',
        en: 'Illegal flyers',
        keywords: ['小广告', '牛皮癣', '贴广告', '办证'],
        examples: ['楼道里贴满了办证小广告', '电线杆上都是牛皮癣'],
      },
      {
        code: 'event.advertising.banner',
        zh: '违规张贴悬挂广告',
        en: 'Unauthorised banners',
        keywords: ['横幅', '条幅', '悬挂'],
        examples: ['店门口挂了很大的横幅'],
      },
      {
        code: 'event.advertising.board',
        zh: '占道广告牌',
        en: 'Billboards on the pavement',
        keywords: ['广告牌', '灯箱', '占道'],
        examples: ['人行道上摆着广告牌挡路'],
      },
    ],
  },
  {
    code: 'event.construction',
    zh: '施工管理',
    en: 'Construction',
    department: 'urban_management',
    ...REPORT,
    children: [
      {
        code: 'event.construction.noise',
        zh: '施工扰民',
        en: 'Construction noise',
        keywords: ['施工', '噪音', '夜间施工', '电钻'],
        examples: ['工地晚上还在施工，吵得睡不着'],
        fields: [noiseTime],
      },
      {
        code: 'event.construction.road_occupation',
        zh: '违规占道施工',
        en: 'Unauthorised road works',
        keywords: ['占道', '挖路', '围挡'],
        examples: ['有人在路上挖坑施工没有围挡'],
      },
      {
        code: 'event.construction.dust',
        zh: '工地扬尘',
        en: 'Construction dust',
        keywords: ['扬尘', '灰尘', '工地'],
        examples: ['工地扬尘很大没有洒水'],
      },
    ],
  },
  {
    code: 'event.street_order',
    zh: '街面秩序',
    en: 'Street order',
    department: 'urban_management',
    ...REPORT,
    children: [
      {
        code: 'event.street_order.hawkers',
        zh: '无照经营游商',
        en: 'Unlicensed hawkers',
        keywords: ['摆摊', '游商', '小贩', '地摊'],
        examples: ['路口有人摆地摊卖水果'],
      },
      {
        code: 'event.street_order.outside_shop',
        zh: '店外经营',
        en: 'Trading outside shops',
        keywords: ['店外', '出店经营', '占道经营'],
        examples: ['饭店把桌子摆到人行道上'],
      },
      {
        code: 'event.street_order.piling',
        zh: '占道堆物',
        en: 'Goods piled on the street',
        keywords: ['堆物', '杂物', '堆放', '占道'],
        examples: ['人行道上堆满了杂物'],
      },
      {
        code: 'event.street_order.car_parking',
        zh: '机动车乱停放',
        en: 'Illegal car parking',
        department: 'traffic',
        keywords: ['汽车', '乱停', '违停', '车辆', '停车'],
        examples: ['有辆车停在路口挡住了通行'],
        fields: [plate],
      },
      {
        code: 'event.street_order.bike_parking',
        zh: '非机动车乱停放',
        en: 'Bicycles parked badly',
        keywords: ['电动车', '自行车', '共享单车', '乱停'],
        examples: ['共享单车堆在地铁口'],
      },
    ],
  },
  {
    code: 'event.emergency',
    zh: '突发事件',
    en: 'Emergencies',
    department: 'emergency',
    kind: 'report',
    accept: [30, 'minutes'],
    resolve: [24, 'hours'],
    children: [
      {
        code: 'event.emergency.road_collapse',
        zh: '路面塌陷',
        en: 'Road collapse',
        keywords: ['塌陷', '大坑', '地面下沉'],
        examples: ['路面突然塌了一个大坑'],
      },
      {
        code: 'event.emergency.water_main',
        zh: '自来水管破裂',
        en: 'Burst water main',
        department: 'water',
        keywords: ['水管', '爆裂', '漏水', '冒水'],
        examples: ['路边水管爆了一直在冒水'],
      },
      {
        code: 'event.emergency.gas_leak',
        zh: '燃气泄漏',
        en: 'Gas leak',
        keywords: ['燃气', '煤气', '漏气', '气味'],
        examples: ['楼道里有很重的煤气味'],
        accept: [10, 'minutes'],
        resolve: [4, 'hours'],
      },
      {
        code: 'event.emergency.flooding',
        zh: '道路积水',
        en: 'Flooded road',
        department: 'water',
        keywords: ['积水', '淹水', '下水道'],
        examples: ['下大雨路口积水很深'],
      },
    ],
  },
  {
    code: 'part.public',
    zh: '公共设施',
    en: 'Public facilities',
    department: 'urban_management',
    ...REPORT,
    children: [
      {
        code: 'part.public.manhole',
        zh: '窨井盖损坏',
        en: 'Damaged manhole cover',
        keywords: ['井盖', '窨井', '缺失'],
        examples: ['路上井盖没了很危险', '窨井盖破了'],
      },
      {
        code: 'part.public.street_light',
        zh: '路灯损坏',
        en: 'Broken street light',
        keywords: ['路灯', '不亮', '灯坏'],
        examples: ['小区门口的路灯晚上不亮'],
      },
      {
        code: 'part.public.hydrant',
        zh: '消防栓损坏',
        en: 'Damaged fire hydrant',
        department: 'fire',
        keywords: ['消防栓', '消火栓'],
        examples: ['消防栓被撞坏了在漏水'],
      },
      {
        code: 'part.public.bench',
        zh: '公共座椅损坏',
        en: 'Broken public bench',
        keywords: ['座椅', '长椅', '凳子'],
        examples: ['公园的长椅坏了'],
      },
    ],
  },
  {
    code: 'part.traffic',
    zh: '交通设施',
    en: 'Traffic facilities',
    department: 'traffic',
    ...REPORT,
    children: [
      {
        code: 'part.traffic.signal',
        zh: '交通信号灯损坏',
        en: 'Broken traffic light',
        keywords: ['红绿灯', '信号灯'],
        examples: ['路口红绿灯不亮了'],
      },
      {
        code: 'part.traffic.guardrail',
        zh: '护栏损坏',
        en: 'Damaged guardrail',
        keywords: ['护栏', '隔离栏'],
        examples: ['道路护栏被撞倒了'],
      },
      {
        code: 'part.traffic.sign',
        zh: '交通标志牌损坏',
        en: 'Damaged traffic sign',
        keywords: ['标志牌', '指示牌', '路牌'],
        examples: ['路牌歪了快倒了'],
      },
    ],
  },
  {
    code: 'part.sanitation',
    zh: '市容环境设施',
    en: 'Sanitation facilities',
    department: 'urban_management',
    ...REPORT,
    children: [
      {
        code: 'part.sanitation.toilet',
        zh: '公共厕所',
        en: 'Public toilet',
        keywords: ['公厕', '厕所', '卫生间'],
        examples: ['公共厕所很脏没水'],
      },
      {
        code: 'part.sanitation.bin',
        zh: '垃圾箱损坏',
        en: 'Damaged bin',
        keywords: ['垃圾桶', '垃圾箱', '果皮箱'],
        examples: ['分类垃圾桶坏了盖子掉了'],
      },
    ],
  },
  {
    code: 'part.greening',
    zh: '园林绿化设施',
    en: 'Trees and green spaces',
    department: 'greening',
    ...REPORT,
    children: [
      {
        code: 'part.greening.tree',
        zh: '行道树损坏',
        en: 'Damaged street tree',
        keywords: ['树', '树枝', '倒伏', '断枝'],
        examples: ['大树被风吹倒压在路上', '树枝快断了挂在电线上'],
      },
      {
        code: 'part.greening.lawn',
        zh: '绿地破坏',
        en: 'Damaged green space',
        keywords: ['绿地', '草坪', '毁绿', '种菜'],
        examples: ['有人在绿化带里种菜'],
      },
    ],
  },
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
