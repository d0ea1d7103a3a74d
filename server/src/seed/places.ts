/**
 * The places of the demo, from the five reports in ../shared/seeds: real streets
 * and communities of Hangzhou (拱墅区, 余杭区) and Hefei (瑶海区), with centres
 * placed near the real ones (WGS-84, approximate).
 *
 * Province, city and district codes are the official GB/T 2260 codes. The street
 * and community codes below them are local stand-ins (900-series street numbers,
 * which no official street uses) and are marked code_official = false.
 */

export interface SeedCommunity {
  name: string;
  lat: number;
  lng: number;
  /** Special grids (专属网格) inside the community: a mall, a garage, a park. */
  special?: Array<{ name: string; description: string }>;
  /** Named housing estates, used for building names. */
  estates: string[];
}

export interface SeedStreet {
  name: string;
  code: string;
  lat: number;
  lng: number;
  communities: SeedCommunity[];
  /** A mobile grid (流动网格) of couriers kept by the street. */
  mobileGrid?: string;
}

export interface SeedDistrict {
  province: { name: string; code: string };
  city: { name: string; code: string };
  name: string;
  code: string;
  lat: number;
  lng: number;
  streets: SeedStreet[];
}

export const DISTRICTS: SeedDistrict[] = [
  {
    province: { name: '浙江省', code: '330000' },
    city: { name: '杭州市', code: '330100' },
    name: '拱墅区',
    code: '330105',
    lat: 30.3194,
    lng: 120.1412,
    streets: [
      {
        name: '文晖街道',
        code: '330105901',
        lat: 30.2925,
        lng: 120.1765,
        mobileGrid: '文晖骑手流动网格',
        communities: [
          {
            name: '打铁关社区',
            lat: 30.2878,
            lng: 120.1738,
            estates: ['打铁关小区', '金都华庭'],
            special: [{ name: '和茶馆议事专属网格', description: '打铁关社区“和茶馆”与和事佬工作点' }],
          },
          {
            name: '流水东苑社区',
            lat: 30.2948,
            lng: 120.1812,
            estates: ['流水东苑', '流水北苑'],
            special: [{ name: '流水北苑智能车库专属网格', description: '地下车库：热成像摄像头、智能烟感、充电点' }],
          },
          { name: '京都苑社区', lat: 30.2972, lng: 120.1736, estates: ['京都苑'] },
        ],
      },
      {
        name: '长庆街道',
        code: '330105902',
        lat: 30.2776,
        lng: 120.1628,
        communities: [
          {
            name: '王马社区',
            lat: 30.2795,
            lng: 120.1655,
            estates: ['凤起都市花园', '横燕子弄小区'],
          },
          {
            name: '浙大御跸社区',
            lat: 30.2752,
            lng: 120.1598,
            estates: ['浙大御跸小区', '东清大厦'],
            special: [{ name: '东清大厦专属网格', description: '商住综合楼：商铺、消防通道整治' }],
          },
        ],
      },
      {
        name: '康桥街道',
        code: '330105903',
        lat: 30.3585,
        lng: 120.1532,
        mobileGrid: '康桥快递小哥流动网格',
        communities: [
          {
            name: '吴家墩社区',
            lat: 30.3561,
            lng: 120.1566,
            estates: ['吴家墩新人公寓', '吴家墩安置房'],
            special: [{ name: '大城北流动人口党群服务中心专属网格', description: '一楼一街六点，零工市场' }],
          },
          { name: '康运社区', lat: 30.3618, lng: 120.1497, estates: ['康运家园', '运河人家'] },
        ],
      },
    ],
  },
  {
    province: { name: '浙江省', code: '330000' },
    city: { name: '杭州市', code: '330100' },
    name: '余杭区',
    code: '330110',
    lat: 30.4189,
    lng: 120.3017,
    streets: [
      {
        name: '仓前街道',
        code: '330110901',
        lat: 30.2918,
        lng: 120.0061,
        mobileGrid: '仓前骑手流动网格',
        communities: [
          { name: '葛巷社区', lat: 30.2957, lng: 120.0049, estates: ['葛巷花园', '葛巷新苑'] },
          { name: '万和社区', lat: 30.2893, lng: 119.9951, estates: ['万和城', '万和家园'] },
          {
            name: '创景社区',
            lat: 30.2838,
            lng: 120.0168,
            estates: ['创景公寓', '梦想小镇人才公寓'],
            special: [{ name: '欧美金融城专属网格', description: '商务综合体，日均人流超5万；“余安”共治单元' }],
          },
        ],
      },
    ],
  },
  {
    province: { name: '安徽省', code: '340000' },
    city: { name: '合肥市', code: '340100' },
    name: '瑶海区',
    code: '340102',
    lat: 31.858,
    lng: 117.3093,
    streets: [
      {
        name: '七里站街道',
        code: '340102901',
        lat: 31.8792,
        lng: 117.3341,
        mobileGrid: '瑶海小哥流动网格',
        communities: [
          {
            name: '恒通社区',
            lat: 31.8776,
            lng: 117.3302,
            estates: ['恒通小区', '恒通生活小区'],
            special: [{ name: '“暖宝”幸福驿站专属网格', description: '暖宝志愿者驿站与窗帘之约' }],
          },
        ],
      },
      {
        name: '明光路街道',
        code: '340102902',
        lat: 31.8664,
        lng: 117.3115,
        // Which street 元一社区 belongs to is not stated in the reports; placed here for the demo.
        communities: [{ name: '元一社区', lat: 31.8651, lng: 117.3147, estates: ['长春都市花园', '元一名城'] }],
      },
      {
        name: '三里街街道',
        code: '340102903',
        lat: 31.8749,
        lng: 117.3038,
        communities: [
          {
            name: '凤阳一村社区',
            lat: 31.8738,
            lng: 117.3062,
            estates: ['凤阳一村', '淮北新村'],
            special: [{ name: '“左邻右舍”百姓说事点专属网格', description: '合肥市首个百姓评理说事点' }],
          },
        ],
      },
    ],
  },
];
