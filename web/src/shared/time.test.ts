import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeZone, zonedLocalToIso } from './time.ts';

test("a time typed in a form is read in the place's zone, not in China time", () => {
  setTimeZone('Asia/Shanghai');
  assert.equal(zonedLocalToIso('2026-03-10T09:30'), '2026-03-10T01:30:00.000Z');
  setTimeZone('Asia/Urumqi'); // UTC+6
  assert.equal(zonedLocalToIso('2026-03-10T09:30'), '2026-03-10T03:30:00.000Z');
  setTimeZone('Asia/Shanghai');
});
