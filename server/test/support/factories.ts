/**
 * Test data made for the test, through the API as the district administrator would, instead of
 * looking demo records up by their Chinese names: each call makes a new, uniquely named record,
 * so a test states what it needs and does not depend on what the demo happens to contain.
 * Places are laid out far from the demo's streets (around 100°E, 30°N), one square per grid.
 */
import type { OrgApi, OrgInput } from '../../src/api.ts';
import type { Client, TestApp } from './harness.ts';
import { addUser } from './users.ts';
import type { Grant } from '../../src/platform/access.ts';

let serial = 0;
const next = () => ++serial;

async function ok<T>(
  response: Promise<{ statusCode: number; body: string; json(): unknown }>,
  expected = 201,
): Promise<T> {
  const res = await response;
  if (res.statusCode !== expected) throw new Error(`factory call answered ${res.statusCode}: ${res.body}`);
  return res.json() as T;
}

export interface Factories {
  admin: Client;
  /** A community under the first street the administrator reaches. */
  community(overrides?: Partial<OrgInput['CreateDivisionBody']>): Promise<OrgApi['DivisionView']>;
  /** A resident grid: a square of about 1 km whose south-west corner is returned with it. */
  grid(
    communityId: number,
    overrides?: Partial<OrgInput['CreateGridBody']>,
  ): Promise<OrgApi['GridView'] & { corner: { lat: number; lng: number } }>;
  building(communityId: number, overrides?: Partial<OrgInput['CreateBuildingBody']>): Promise<OrgApi['BuildingView']>;
  person(communityId: number, overrides?: Partial<OrgInput['CreatePersonBody']>): Promise<OrgApi['PersonView']>;
  /** A signed-in user with the given grants (e.g. grid_worker of a grid made here). */
  user(grants: Grant[], name?: string): Promise<Client>;
}

export async function factories(t: TestApp): Promise<Factories> {
  const admin = await t.login('admin');
  const tree = await ok<OrgApi['OrgTree']>(admin.get('/api/org/tree'), 200);
  const street = tree.divisions.find((d) => d.level === 'street' && d.inScope);
  if (!street) throw new Error('the administrator reaches no street');

  return {
    admin,
    community: async (overrides = {}) => {
      const n = next();
      const community = await ok<OrgApi['DivisionView']>(
        admin.post('/api/org/divisions', {
          parentId: street.id,
          level: 'community',
          name: `测试社区${n}`,
          code: `9${String(n).padStart(11, '0')}`,
          ...overrides,
        }),
      );
      // A session's reach is resolved at sign-in: sign in again to reach the new community.
      Object.assign(admin, await t.login('admin'));
      return community;
    },
    grid: async (communityId, overrides = {}) => {
      const n = next();
      const corner = { lat: 30 + Math.floor(n / 50) * 0.02, lng: 100 + (n % 50) * 0.02 };
      const d = 0.01;
      const ring = [
        [corner.lng, corner.lat],
        [corner.lng + d, corner.lat],
        [corner.lng + d, corner.lat + d],
        [corner.lng, corner.lat + d],
        [corner.lng, corner.lat],
      ];
      const grid = await ok<OrgApi['GridView']>(
        admin.post('/api/org/grids', {
          communityId,
          code: `T${n}`,
          name: `测试网格${n}`,
          kind: 'resident',
          polygon: { type: 'Polygon', coordinates: [ring] },
          ...overrides,
        }),
      );
      return { ...grid, corner };
    },
    building: (communityId, overrides = {}) => {
      const n = next();
      return ok(admin.post('/api/org/buildings', { communityId, name: `测试楼${n}幢`, ...overrides }));
    },
    person: (communityId, overrides = {}) => {
      const n = next();
      return ok(admin.post('/api/org/persons', { communityId, name: `测试居民${n}`, ...overrides }));
    },
    user: (grants, name) => addUser(t, name ?? `factory_user_${next()}_${process.pid}`, grants),
  };
}
