import { COMMUNITY_CATALOGUE, noiseTime, REPORT } from './catalogue-community.ts';
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
  /** Resolved only by someone on site with a photo, never by a clearing reading. */
  confirmOnSite?: boolean;
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
  ...COMMUNITY_CATALOGUE,
];
