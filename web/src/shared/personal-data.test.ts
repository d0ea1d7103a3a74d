import assert from 'node:assert/strict';
import { test } from 'node:test';
import { birthDateFromIdNumber, genderFromIdNumber, isValidIdNumber, isValidPhone } from './personal-data.ts';

test('phone numbers: mobiles and landlines with area code', () => {
  for (const ok of ['13812345678', '138 1234 5678', '+8613812345678', '0571-87654321', '057187654321']) {
    assert.ok(isValidPhone(ok), ok);
  }
  for (const bad of ['12812345678', '1381234567', '138123456789', 'abc', '87654321']) {
    assert.ok(!isValidPhone(bad), bad);
  }
});

test('ID numbers: length, birth date and check character', () => {
  assert.ok(isValidIdNumber('11010519491231002X'));
  assert.ok(isValidIdNumber('11010519491231002x'));
  assert.ok(!isValidIdNumber('110105194912310021'), 'wrong check character');
  assert.ok(!isValidIdNumber('110105194913310020'), 'no 13th month');
  assert.ok(!isValidIdNumber('11010519491231002'), '17 characters');
  assert.equal(birthDateFromIdNumber('11010519491231002X'), '1949-12-31');
  assert.equal(genderFromIdNumber('11010519491231002X'), 'female');
});
