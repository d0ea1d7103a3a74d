import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.ts';

test('JSON-object settings: read when every value fits, refused by name with what is expected when not', () => {
  const read = loadConfig({
    RIGHTS_MINIMUM_WAGES: '{"杭州市":249000}',
    MESSAGES_TEMPLATES: '{"verify_code":"SMS_1"}',
  });
  assert.deepEqual(read.RIGHTS_MINIMUM_WAGES, { 杭州市: 249000 });
  assert.deepEqual(read.MESSAGES_TEMPLATES, { verify_code: 'SMS_1' });
  assert.deepEqual(loadConfig({}).MESSAGES_TEMPLATES, {}, 'none by default');

  for (const [name, value, expected] of [
    ['RIGHTS_MINIMUM_WAGES', '{"杭州市":2490.5}', /RIGHTS_MINIMUM_WAGES: a JSON object of city name to monthly/],
    ['RIGHTS_MINIMUM_WAGES', '[249000]', /RIGHTS_MINIMUM_WAGES: a JSON object/],
    ['RIGHTS_MINIMUM_WAGES', '{杭州市:249000}', /RIGHTS_MINIMUM_WAGES: a JSON object/],
    ['MESSAGES_TEMPLATES', '{"verify_code":42}', /MESSAGES_TEMPLATES: a JSON object of message kind to template id/],
    ['MESSAGES_TEMPLATES', 'null', /MESSAGES_TEMPLATES: a JSON object/],
  ] as const)
    assert.throws(() => loadConfig({ [name]: value }), expected, `${name}=${value}`);
});
