import { sql, type Insertable } from 'kysely';
import type { Database } from '../db/connection.ts';
import type { Role } from '../platform/access.ts';
import { withIdCheckDigit } from '../platform/personal-data.ts';
import * as authRepo from '../modules/auth/repository.ts';
import { hashPassword } from '../modules/auth/service.ts';
import { boxLiteral, centroid } from '../modules/org/geo.ts';
import * as orgRepo from '../modules/org/repository.ts';
import * as mattersRepo from '../modules/matters/repository.ts';
import type { AssignmentTable, GridGeometry, PersonTable } from '../modules/org/tables.ts';
import { DISTRICTS } from './places.ts';

export const DEMO_PASSWORD = 'gongzhi-demo';

/** A small, seeded random source, so every demo database is the same. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split(
    '',
  );
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红建国建华志强海燕春梅晓东文彬慧敏雪梅国平淑珍美玲德明永福金凤秋菊振华丽娟佳怡子轩浩然欣怡梓涵宇航雨桐思远诗涵一诺'.split(
    '',
  );
const MIGRANT_REGIONS = ['412727', '342101', '510722', '362424', '430521', '411627', '522427', '342401'];

const PLEDGES = [
  '有事您说话，小事不出楼，大事不出网格',
  '每日巡查，有求必应，件件有回音',
  '亮身份、亮职责、亮承诺，做表率',
  '守护邻里平安，服务随叫随到',
];

/** A rectangle around a centre, with a bent side so it reads as a drawn boundary. */
function rectangle(west: number, south: number, east: number, north: number, bend = 0): GridGeometry {
  const midLat = (south + north) / 2;
  return {
    type: 'Polygon',
    coordinates: [
      [
        [west, south],
        [east, south],
        [east + bend, midLat],
        [east, north],
        [west, north],
        [west - bend / 2, midLat],
        [west, south],
      ].map(([x, y]) => [Math.round(x! * 1e6) / 1e6, Math.round(y! * 1e6) / 1e6]),
    ],
  };
}

interface DemoAccount {
  username: string;
  displayName: string;
  phone: string;
  grants: Array<{ role: Role; division?: string; grid?: string }>;
  person?: 'resident' | 'courier';
}

/** The demo accounts; all share the password gongzhi-demo. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    username: 'admin',
    displayName: '区级管理员',
    phone: '13800000001',
    grants: [
      { role: 'district_admin', division: '拱墅区' },
      { role: 'district_admin', division: '余杭区' },
      { role: 'district_admin', division: '瑶海区' },
    ],
  },
  {
    username: 'street_wenhui',
    displayName: '文晖街道管理员',
    phone: '13800000002',
    grants: [{ role: 'street_admin', division: '文晖街道' }],
  },
  {
    username: 'community_datieguan',
    displayName: '打铁关社区书记',
    phone: '13800000003',
    grants: [{ role: 'community_admin', division: '打铁关社区' }],
  },
  {
    username: 'grid_datieguan_01',
    displayName: '网格员 李婷',
    phone: '13800000004',
    grants: [{ role: 'grid_worker', grid: '打铁关社区第一网格' }],
  },
  {
    username: 'grid_datieguan_02',
    displayName: '网格员 周强',
    phone: '13800000005',
    grants: [{ role: 'grid_worker', grid: '打铁关社区第二网格' }],
  },
  {
    username: 'mediator_demo',
    displayName: '和事佬 斯师傅',
    phone: '13800000006',
    grants: [{ role: 'mediator', division: '打铁关社区' }],
  },
  {
    username: 'merchant_demo',
    displayName: '晨光文具（爱心商户）',
    phone: '13800000007',
    grants: [{ role: 'merchant', division: '打铁关社区' }],
  },
  {
    username: 'resident_demo',
    displayName: '居民 陈建华',
    phone: '13800000008',
    grants: [{ role: 'resident', division: '打铁关社区' }],
    person: 'resident',
  },
  {
    username: 'courier_demo',
    displayName: '骑手 郝朋朋',
    phone: '13800000009',
    grants: [
      { role: 'courier', division: '文晖街道' },
      { role: 'courier', grid: '文晖骑手流动网格' },
    ],
    person: 'courier',
  },
];

export interface SeedSummary {
  stations: number;
  divisions: number;
  grids: number;
  buildings: number;
  households: number;
  persons: number;
  users: number;
}

/** Fills an empty database with the demo; refuses a database that has divisions already. */
/** `now` stamps every row made (created_at, updated_at): the caller's clock, never the database's. */
const GRID_STAFF = new Set(['grid_leader', 'grid_worker', 'legal_grid_worker']);

export async function seedDemo(database: Database, now: Date): Promise<SeedSummary> {
  const { db } = database;
  const existing = await db.selectFrom('org.divisions').select('id').limit(1).execute();
  if (existing.length > 0) throw new Error('The database already has data; the demo is seeded only into an empty one.');
  const rnd = mulberry32(20261121);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');

  return db.transaction().execute(async (trx) => {
    const summary: SeedSummary = {
      stations: 0,
      divisions: 0,
      grids: 0,
      buildings: 0,
      households: 0,
      persons: 0,
      users: 0,
    };
    const divisionByName = new Map<string, number>();
    const gridByName = new Map<string, number>();
    const pathOf = new Map<string, string>();
    const ensureDivision = async (
      level: 'province' | 'city' | 'district' | 'street' | 'community',
      name: string,
      code: string,
      parent: string | null,
      official: boolean,
      lat?: number,
      lng?: number,
    ) => {
      if (divisionByName.has(code)) return divisionByName.get(code)!;
      const parentId = parent ? divisionByName.get(parent)! : null;
      const { id, path } = await orgRepo.insertDivision(
        trx,
        {
          parent_id: parentId,
          level,
          name,
          code,
          code_official: official,
          lat: lat ?? null,
          lng: lng ?? null,
          sort: summary.divisions,
          created_at: now,
          updated_at: now,
        },
        parent ? pathOf.get(parent)! : '/',
      );
      divisionByName.set(code, id);
      divisionByName.set(name, id);
      pathOf.set(code, path);
      summary.divisions++;
      return id;
    };

    const persons: Array<Omit<Insertable<PersonTable>, 'created_at' | 'updated_at'> & { key?: string }> = [];
    const assignments: Omit<Insertable<AssignmentTable>, 'created_at'>[] = [];
    let homeForDemo: { communityId: number; gridId: number; buildingId: number; householdId: number } | null = null;

    for (const district of DISTRICTS) {
      await ensureDivision('province', district.province.name, district.province.code, null, true);
      await ensureDivision('city', district.city.name, district.city.code, district.province.code, true);
      await ensureDivision(
        'district',
        district.name,
        district.code,
        district.city.code,
        true,
        district.lat,
        district.lng,
      );
      for (const street of district.streets) {
        await ensureDivision('street', street.name, street.code, district.code, false, street.lat, street.lng);
        for (const [ci, c] of street.communities.entries()) {
          const communityCode = `${street.code}${String(ci + 1).padStart(3, '0')}`;
          const communityId = await ensureDivision(
            'community',
            c.name,
            communityCode,
            street.code,
            false,
            c.lat,
            c.lng,
          );
          const dLat = 0.002;
          const dLng = 0.0025;
          const gridCount = c.name === '打铁关社区' ? 3 : 2;
          const width = (2 * dLng) / gridCount;
          const ordinal = ['第一', '第二', '第三'];
          for (let g = 0; g < gridCount; g++) {
            const west = c.lng - dLng + g * width;
            const polygon = rectangle(west, c.lat - dLat, west + width, c.lat + dLat, g === gridCount - 1 ? 0.0003 : 0);
            const center = centroid(polygon);
            const gridName = `${c.name}${ordinal[g]}网格`;
            const gridId = await orgRepo.insertGrid(trx, {
              created_at: now,
              updated_at: now,
              community_id: communityId,
              code: `${communityCode}-${String(g + 1).padStart(2, '0')}`,
              name: gridName,
              kind: 'resident',
              polygon: JSON.stringify(polygon),
              bbox: boxLiteral(polygon),
              center_lat: center.lat,
              center_lng: center.lng,
              description: `${c.estates[g % c.estates.length]}一带`,
            });
            gridByName.set(gridName, gridId);
            summary.grids++;

            const gridWorkerName =
              c.name === '打铁关社区' && g < 2 ? ['李婷', '周强'][g]! : `${pick(SURNAMES)}${pick(GIVEN)}`;
            assignments.push(
              {
                kind: 'grid_leader',
                community_id: communityId,
                grid_id: gridId,
                name: `${pick(SURNAMES)}${pick(GIVEN)}${pick(GIVEN)}`,
                contact_phone: `139${digits(8)}`,
                duty: '网格长：统筹网格巡查、走访与事项处置',
                pledge: pick(PLEDGES),
              },
              {
                kind: 'grid_worker',
                community_id: communityId,
                grid_id: gridId,
                name: gridWorkerName,
                contact_phone: c.name === '打铁关社区' && g < 2 ? `1380000000${4 + g}` : `137${digits(8)}`,
                duty: '网格员：每日巡、经常访、随手做、实时报、及时记',
                pledge: pick(PLEDGES),
              },
            );
            if (g === 0) {
              assignments.push({
                kind: 'legal_grid_worker',
                community_id: communityId,
                grid_id: gridId,
                name: `${pick(SURNAMES)}警官`,
                contact_phone: `136${digits(8)}`,
                duty: '政法网格员：矛盾纠纷排查、法律咨询',
                pledge: '矛盾不上交，平安不出事',
              });
            }

            // Buildings in rows across the grid, each with units and households.
            const buildingCount = 5;
            for (let b = 0; b < buildingCount; b++) {
              const estate = c.estates[(g + b) % c.estates.length]!;
              const number = g * buildingCount + b + 1;
              const lat = c.lat - dLat * 0.7 + (b % 3) * dLat * 0.7;
              const lng = west + width * (0.25 + 0.5 * Math.floor(b / 3));
              const floors = 5 + Math.floor(rnd() * 14);
              const [building] = await orgRepo.insertBuildings(trx, [
                {
                  created_at: now,
                  updated_at: now,
                  community_id: communityId,
                  grid_id: gridId,
                  code: `${communityCode}-B${String(number).padStart(3, '0')}`,
                  name: `${estate}${number}幢`,
                  address: `${district.city.name}${district.name}${street.name}${estate}${number}幢`,
                  kind: 'residential',
                  floors,
                  lat: Math.round(lat * 1e6) / 1e6,
                  lng: Math.round(lng * 1e6) / 1e6,
                },
              ]);
              summary.buildings++;
              assignments.push(
                {
                  kind: 'building_leader',
                  community_id: communityId,
                  building_id: building!.id,
                  name: `${pick(SURNAMES)}${pick(GIVEN)}${pick(GIVEN)}`,
                  contact_phone: `135${digits(8)}`,
                  duty: '楼栋长：楼道事务、邻里协调',
                  pledge: pick(PLEDGES),
                },
                {
                  kind: 'party_member',
                  community_id: communityId,
                  building_id: building!.id,
                  name: `${pick(SURNAMES)}${pick(GIVEN)}`,
                  contact_phone: `133${digits(8)}`,
                  duty: '一名党员一幢楼：包楼联户、政策宣传',
                  pledge: '党员在身边，服务零距离',
                },
              );
              const unitCount = 1 + Math.floor(rnd() * 3);
              const keys: Array<{ buildingId: number; unitName: string | null; room: string }> = [];
              for (let u = 1; u <= unitCount; u++) {
                for (let f = 1; f <= Math.min(floors, 6); f++) {
                  for (const door of ['01', '02'])
                    keys.push({ buildingId: building!.id, unitName: `${u}单元`, room: `${f}${door}` });
                }
              }
              const households = await orgRepo.bulkEnsureHouseholds(trx, keys, now);
              summary.households += households.size;
              const householdIds = [...households.values()];

              // People: a few households of each building are filled.
              const peopleHere = c.name === '打铁关社区' ? 12 : 4;
              for (let p = 0; p < peopleHere; p++) {
                const householdId = householdIds[Math.floor(rnd() * householdIds.length)]!;
                const migrant = rnd() < (street.name === '康桥街道' ? 0.45 : 0.12);
                const age = Math.floor(rnd() * 88) + 4;
                const birthYear = 2026 - age;
                const birth = `${birthYear}${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
                const region = migrant ? pick(MIGRANT_REGIONS) : district.code;
                const idNumber = withIdCheckDigit(`${region}${birth}${digits(3)}`);
                const tags: string[] = [];
                if (age >= 80) tags.push('elderly');
                if (age >= 65 && rnd() < 0.25) tags.push('elderly_alone');
                if (age >= 18 && rnd() < 0.12) tags.push('party_member');
                if (migrant) tags.push('migrant');
                if (age < 18) tags.push('minor');
                if (rnd() < 0.03) tags.push('disabled');
                if (age >= 20 && age <= 45 && migrant && rnd() < 0.4) tags.push('courier');
                if (age >= 55 && rnd() < 0.1) tags.push('volunteer');
                persons.push({
                  community_id: communityId,
                  grid_id: gridId,
                  building_id: building!.id,
                  household_id: householdId,
                  name: `${pick(SURNAMES)}${pick(GIVEN)}${rnd() < 0.5 ? pick(GIVEN) : ''}`,
                  gender: Number(idNumber[16]) % 2 === 1 ? 'male' : 'female',
                  birth_date: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
                  id_number: idNumber,
                  phone: age >= 14 ? `1${pick(['3', '5', '7', '8', '9'])}${digits(9)}` : null,
                  tags,
                  is_owner: !migrant && age >= 25 && rnd() < 0.6,
                  address: '',
                });
              }
              if (c.name === '打铁关社区' && g === 0 && b === 0) {
                homeForDemo = { communityId, gridId, buildingId: building!.id, householdId: householdIds[0]! };
              }
            }
          }

          for (const [si, special] of (c.special ?? []).entries()) {
            // A small area inside the first resident grid: a mall, a garage, a service point.
            const polygon = rectangle(c.lng - dLng * 0.8, c.lat + dLat * 0.35, c.lng - dLng * 0.45, c.lat + dLat * 0.8);
            const center = centroid(polygon);
            const gridId = await orgRepo.insertGrid(trx, {
              created_at: now,
              updated_at: now,
              community_id: communityId,
              code: `${communityCode}-S${String(si + 1).padStart(2, '0')}`,
              name: special.name,
              kind: 'special',
              polygon: JSON.stringify(polygon),
              bbox: boxLiteral(polygon),
              center_lat: center.lat,
              center_lng: center.lng,
              description: special.description,
            });
            gridByName.set(special.name, gridId);
            summary.grids++;
            assignments.push({
              kind: 'grid_leader',
              community_id: communityId,
              grid_id: gridId,
              name: `${pick(SURNAMES)}${pick(GIVEN)}`,
              contact_phone: `138${digits(8)}`,
              duty: '专属网格长',
              pledge: pick(PLEDGES),
            });
          }
        }
        if (street.mobileGrid) {
          // Mobile grids (流动网格) of couriers have no boundary; they belong to the street's first community.
          const firstCommunity = divisionByName.get(street.communities[0]!.name)!;
          const gridId = await orgRepo.insertGrid(trx, {
            created_at: now,
            updated_at: now,
            community_id: firstCommunity,
            code: `${street.code}-M01`,
            name: street.mobileGrid,
            kind: 'mobile',
            polygon: null,
            bbox: null,
            center_lat: null,
            center_lng: null,
            description: '外卖、快递小哥编入流动网格，作为“移动探头”随手拍、随手报',
          });
          gridByName.set(street.mobileGrid, gridId);
          summary.grids++;
          assignments.push({
            kind: 'grid_leader',
            community_id: firstCommunity,
            grid_id: gridId,
            name: `${pick(SURNAMES)}${pick(GIVEN)}（先锋党员骑手）`,
            contact_phone: `186${digits(8)}`,
            duty: '流动网格长',
            pledge: '小哥变哨兵，平安我守护',
          });
        }
      }
    }
    if (assignments.some((a) => a.community_id === divisionByName.get('元一社区'))) {
      assignments.push({
        kind: 'red_steward',
        community_id: divisionByName.get('元一社区')!,
        grid_id: gridByName.get('元一社区第一网格')!,
        name: '红色管家 张师傅',
        contact_phone: '13955100018',
        duty: '红色管家：巡查车辆停放、垃圾投放，上接社区、下联居民',
        pledge: '老党员就该发挥先锋模范作用',
      });
    }

    // Exclusive floor areas, 55–145 m², the same on every run.
    await sql`update org.households set floor_area_m2 = 55 + (abs(hashtext(building_id::text || '-' || room)) % 9000) / 100.0`.execute(
      trx,
    );
    await orgRepo.insertPersons(
      trx,
      persons.map((p) => ({ ...p, created_at: now, updated_at: now })),
    );
    summary.persons = persons.length;
    for (let i = 0; i < assignments.length; i += 500) {
      await trx
        .insertInto('org.assignments')
        .values(
          assignments.slice(i, i + 500).map((a) => ({
            ...a,
            // Grid staff publish their work phones on the board (consent taken when they were
            // appointed); residents who lead a building or are party members keep theirs private.
            ...(GRID_STAFF.has(a.kind) ? { phone_published: true, phone_consent_at: now } : {}),
            created_at: now,
          })),
        )
        .execute();
    }

    // Service stations (服务站点) of every community: the map of 党群服务一张图.
    const officeHours = {
      weekly: Object.fromEntries(
        ['1', '2', '3', '4', '5'].map((d) => [
          d,
          [
            ['08:30', '12:00'],
            ['13:30', '17:30'],
          ],
        ]),
      ),
    };
    const stations: Parameters<typeof mattersRepo.insertStations>[1] = [];
    for (const district of DISTRICTS) {
      for (const street of district.streets) {
        for (const c of street.communities) {
          const divisionId = divisionByName.get(c.name)!;
          const at = (dLat: number, dLng: number) => ({
            lat: Math.round((c.lat + dLat) * 1e6) / 1e6,
            lng: Math.round((c.lng + dLng) * 1e6) / 1e6,
          });
          const add = (
            kind: (typeof stations)[number]['kind'],
            name: string,
            p: { lat: number; lng: number },
            facilities: string[],
            hours: object,
          ) =>
            stations.push({
              kind,
              name,
              division_id: divisionId,
              ...p,
              address: `${street.name}${c.name}`,
              phone: `0571${digits(8)}`,
              facilities,
              opening_hours: JSON.stringify(hours),
            });
          add(
            'party_service_center',
            `${c.name}党群服务中心`,
            at(0.0005, 0.0004),
            ['water', 'toilet', 'first_aid', 'wifi'],
            officeHours,
          );
          add(
            'warm_station',
            `${c.name}暖心驿站`,
            at(-0.0011, -0.0012),
            ['water', 'microwave', 'charger', 'rest_area', 'umbrella'],
            { always: true },
          );
        }
        if (street.mobileGrid) {
          const c = street.communities[0]!;
          const p = { lat: Math.round((c.lat + 0.0013) * 1e6) / 1e6, lng: Math.round((c.lng - 0.0003) * 1e6) / 1e6 };
          stations.push({
            kind: 'courier_station',
            name: `${street.name}小哥暖心站`,
            division_id: divisionByName.get(c.name)!,
            ...p,
            address: `${street.name}${c.name}`,
            phone: `0571${digits(8)}`,
            facilities: ['water', 'microwave', 'charger', 'toilet', 'repair_kit', 'first_aid'],
            opening_hours: JSON.stringify({ always: true }),
          });
        }
      }
    }
    const special = [
      {
        kind: 'mediation_room' as const,
        name: '打铁关“和事佬”调解室',
        community: '打铁关社区',
        dLat: -0.0004,
        dLng: 0.0011,
        facilities: ['water'],
      },
      {
        kind: 'mediation_room' as const,
        name: '潘大姐工作室',
        community: '浙大御跸社区',
        dLat: 0.0003,
        dLng: -0.0008,
        facilities: ['water'],
      },
      {
        kind: 'legal_station' as const,
        name: '“左邻右舍”百姓说事点·法治e站',
        community: '凤阳一村社区',
        dLat: 0.0006,
        dLng: 0.0009,
        facilities: ['water', 'wifi'],
      },
      {
        kind: 'fire_station' as const,
        name: '流水苑区域性微型消防救援站',
        community: '流水东苑社区',
        dLat: 0.0009,
        dLng: -0.0015,
        facilities: ['first_aid'],
      },
    ];
    for (const sp of special) {
      const c = DISTRICTS.flatMap((d) => d.streets.flatMap((st) => st.communities)).find(
        (x) => x.name === sp.community,
      )!;
      const p = { lat: Math.round((c.lat + sp.dLat) * 1e6) / 1e6, lng: Math.round((c.lng + sp.dLng) * 1e6) / 1e6 };
      stations.push({
        kind: sp.kind,
        name: sp.name,
        division_id: divisionByName.get(sp.community)!,
        ...p,
        address: sp.community,
        phone: `0571${digits(8)}`,
        facilities: sp.facilities,
        opening_hours: JSON.stringify(sp.kind === 'fire_station' ? { always: true } : officeHours),
      });
    }
    await mattersRepo.insertStations(trx, stations, now);
    summary.stations = stations.length;

    // The demo resident and courier are people too, so their board shows their own home.
    const home = homeForDemo!;
    const demoPersons = new Map<string, number>();
    demoPersons.set(
      'resident',
      await orgRepo.insertPerson(trx, {
        created_at: now,
        updated_at: now,
        community_id: home.communityId,
        grid_id: home.gridId,
        building_id: home.buildingId,
        household_id: home.householdId,
        name: '陈建华',
        gender: 'male',
        birth_date: '1962-05-18',
        id_number: withIdCheckDigit('33010519620518261'),
        phone: '13800000008',
        tags: ['party_member', 'volunteer'],
        is_owner: true,
      }),
    );
    demoPersons.set(
      'courier',
      await orgRepo.insertPerson(trx, {
        created_at: now,
        updated_at: now,
        community_id: divisionByName.get('吴家墩社区')!,
        grid_id: gridByName.get('吴家墩社区第一网格')!,
        name: '郝朋朋',
        gender: 'male',
        birth_date: '1993-08-02',
        id_number: withIdCheckDigit('41272719930802351'),
        phone: '13800000009',
        tags: ['migrant', 'courier', 'party_member'],
      }),
    );
    summary.persons += 2;

    for (const account of DEMO_ACCOUNTS) {
      const userId = await authRepo.insertUser(
        trx,
        {
          username: account.username,
          phone: account.phone,
          displayName: account.displayName,
          passwordHash: await hashPassword(DEMO_PASSWORD),
          personId: account.person ? demoPersons.get(account.person)! : null,
        },
        now,
      );
      await authRepo.insertGrants(
        trx,
        userId,
        account.grants.map((g) => ({
          role: g.role,
          divisionId: g.division ? divisionByName.get(g.division)! : null,
          gridId: g.grid ? gridByName.get(g.grid)! : null,
        })),
        now,
      );
      summary.users++;
    }
    // The board of the demo grids names their grid workers' accounts.
    await trx
      .updateTable('org.assignments')
      .set({ user_id: (eb) => eb.selectFrom('auth.users').select('id').where('username', '=', 'grid_datieguan_01') })
      .where('grid_id', '=', gridByName.get('打铁关社区第一网格')!)
      .where('kind', '=', 'grid_worker')
      .execute();
    await trx
      .updateTable('org.assignments')
      .set({ user_id: (eb) => eb.selectFrom('auth.users').select('id').where('username', '=', 'grid_datieguan_02') })
      .where('grid_id', '=', gridByName.get('打铁关社区第二网格')!)
      .where('kind', '=', 'grid_worker')
      .execute();
    return summary;
  });
}
