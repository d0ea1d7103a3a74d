import type { Client, TestApp } from './harness.ts';
import { addUser } from './users.ts';

export async function buildingPoint(client: Client, name: string, offsetMeters = 0) {
  const b = (await client.get(`/api/org/buildings?q=${encodeURIComponent(name)}`))
    .json()
    .items.find((x: { name: string }) => x.name === name);
  if (!b) throw new Error(`no building ${name}`);
  // ~1e-5 degrees of latitude is 1.1 m.
  return { lat: b.lat + (offsetMeters / 1.11) * 1e-5, lng: b.lng, address: b.address as string };
}

export async function categoryId(client: Client, code: string): Promise<number> {
  const c = (await client.get('/api/matters/categories')).json().items.find((x: { code: string }) => x.code === code);
  if (!c) throw new Error(`no category ${code}`);
  return c.id;
}

export async function report(
  client: Client,
  code: string,
  where: { lat: number; lng: number; address?: string },
  extra: Record<string, unknown> = {},
) {
  return client.post('/api/matters', {
    categoryId: await categoryId(client, code),
    description: '测试事项：楼下消防通道被堵',
    ...where,
    ...extra,
  });
}

/** A second grid worker on a grid, for tests where two people could take the same matter. */
export function addGridWorker(t: TestApp, username: string, gridId: number) {
  return addUser(t, username, [{ role: 'grid_worker', divisionId: null, gridId }]);
}

export async function countMatters(t: TestApp) {
  return Number(
    (
      await t.services.database.db
        .selectFrom('matters.matters')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}
