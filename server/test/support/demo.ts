import type { Client } from './harness.ts';

/** Looks up demo records by name through the API, as an admin sees them. */
export async function demoIndex(admin: Client) {
  const tree = (await admin.get('/api/org/tree')).json() as {
    divisions: Array<{ id: number; name: string; code: string; level: string; parentId: number | null }>;
    grids: Array<{ id: number; name: string; code: string; communityId: number }>;
  };
  const division = (name: string) => {
    const d = tree.divisions.find((x) => x.name === name);
    if (!d) throw new Error(`no division ${name}`);
    return d;
  };
  const grid = (name: string) => {
    const g = tree.grids.find((x) => x.name === name);
    if (!g) throw new Error(`no grid ${name}`);
    return g;
  };
  const firstPerson = async (query: string) => {
    const res = await admin.get(`/api/org/persons?limit=1&${query}`);
    const item = res.json().items[0];
    if (!item) throw new Error(`no person for ${query}`);
    return item as { id: number; name: string; communityId: number; gridId: number; buildingId: number };
  };
  return { tree, division, grid, firstPerson };
}
