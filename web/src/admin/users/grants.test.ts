import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OrgTree } from '../../shared/types.ts';
import { indexOrgTree } from '../org/orgIndex.ts';
import { countUnits, fieldOfPath, grantInput, unitTree, type UnitNode } from './grants.ts';

const division = (id: number, parentId: number | null, level: string, name: string, inScope = true) =>
  ({
    id,
    parentId,
    level,
    name,
    code: String(id).padStart(12, '0'),
    inScope,
  }) as unknown as OrgTree['divisions'][number];
const grid = (id: number, communityId: number, kind: 'resident' | 'special' | 'mobile', name: string) => ({
  id,
  communityId,
  code: `G${id}`,
  name,
  kind,
});

// A community administrator's tree: the district and street above only to place the community.
const tree: OrgTree = {
  divisions: [
    division(1, null, 'district', '拱墅区', false),
    division(2, 1, 'street', '文晖街道', false),
    division(3, 2, 'community', '打铁关社区'),
  ],
  grids: [grid(10, 3, 'resident', '打铁关社区第一网格'), grid(11, 3, 'mobile', '打铁关社区流动网格')],
};
const index = indexOrgTree(tree);

const selectable = (nodes: readonly UnitNode[]): string[] =>
  nodes.flatMap((n) => [...(n.disabled ? [] : [`${n.value} ${n.title}`]), ...selectable(n.children ?? [])]);

test("a grid worker's units are the grids of their kinds, placed under their divisions", () => {
  const nodes = unitTree(index, { levels: [], gridKinds: ['resident', 'special', 'mobile'] });
  assert.deepEqual(selectable(nodes), ['g-10 打铁关社区第一网格', 'g-11 打铁关社区流动网格']);
  assert.equal(nodes[0]?.title, '拱墅区');
  assert.equal(nodes[0]?.disabled, true);
  assert.equal(countUnits(nodes), 2);
});

test('a courier is held over a community or a mobile grid; ancestors out of scope are never units', () => {
  const nodes = unitTree(index, { levels: ['street', 'community'], gridKinds: ['mobile'] });
  assert.deepEqual(selectable(nodes), ['d-3 打铁关社区', 'g-11 打铁关社区流动网格']);
});

test('a role with no unit in the area leaves nothing to pick', () => {
  assert.deepEqual(unitTree(index, { levels: ['district'], gridKinds: [] }), []);
});

test('a form row becomes the body the API takes', () => {
  assert.deepEqual(grantInput({ role: 'grid_worker', unit: 'g-10' }), { role: 'grid_worker', gridId: 10 });
  assert.deepEqual(grantInput({ role: 'dept_staff', unit: 'd-2', department: 'fire' }), {
    role: 'dept_staff',
    divisionId: 2,
    department: 'fire',
  });
  assert.equal(grantInput({ role: 'grid_worker' }), undefined);
});

test("the server's field errors land on the fields that show them", () => {
  assert.deepEqual(fieldOfPath('body.grants.0.divisionId', 'grants'), ['grants', 0, 'unit']);
  assert.deepEqual(fieldOfPath('body.grants.1.gridId', 'grants'), ['grants', 1, 'unit']);
  assert.deepEqual(fieldOfPath('body.grants.2.department', 'grants'), ['grants', 2, 'department']);
  assert.deepEqual(fieldOfPath('body.username', 'grants'), ['username']);
  assert.equal(fieldOfPath('body.grants', 'grants'), undefined);
  assert.equal(fieldOfPath(undefined, 'grants'), undefined);
  assert.deepEqual(fieldOfPath('body.divisionId', 'root'), ['unit']);
  assert.deepEqual(fieldOfPath('body.department', 'root'), ['department']);
  assert.equal(fieldOfPath('body.username', 'root'), undefined);
});
