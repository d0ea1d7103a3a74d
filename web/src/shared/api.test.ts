import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError, buildUrl } from './api.ts';

test('buildUrl leaves out empty values and repeats arrays', () => {
  assert.equal(buildUrl('/api/org/persons'), '/api/org/persons');
  assert.equal(
    buildUrl('/api/org/persons', {
      q: '',
      communityId: 5,
      gridId: undefined,
      buildingId: null,
      tag: ['elderly_alone', 'party_member'],
      limit: 20,
    }),
    '/api/org/persons?communityId=5&tag=elderly_alone&tag=party_member&limit=20',
  );
  assert.equal(buildUrl('/api/org/persons', { q: '陈 建华' }), '/api/org/persons?q=%E9%99%88+%E5%BB%BA%E5%8D%8E');
});

test('field errors are keyed by input name, whatever the part of the request', () => {
  const error = new ApiError(400, 'validation_failed', '提交的内容有误', [
    { path: 'body.phone', message: 'bad phone' },
    { path: 'body.phone', message: 'too long' },
    { path: 'body.tags.2', message: 'bad tag' },
    { path: 'query.lat', message: 'out of range' },
    { path: 'query', message: 'the point is outside China' },
  ]);
  assert.deepEqual(Object.fromEntries(error.fieldErrors()), {
    phone: ['bad phone', 'too long'],
    tags: ['bad tag'],
    lat: ['out of range'],
  });
  assert.equal(error.describe(), '提交的内容有误：the point is outside China');
});

test('a conflict is described by its details alone: its message only names a reason code', () => {
  const refused = new ApiError(409, 'conflict', '操作冲突：voted_paper', [
    { message: '您家已通过纸质票投票，不能再在线投票' },
  ]);
  assert.equal(refused.describe(), '您家已通过纸质票投票，不能再在线投票');
  assert.equal(new ApiError(409, 'conflict', '操作冲突：redeemed').describe(), '操作冲突：redeemed');
});
