import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deviceName } from './user-agent.ts';

describe('a device named from its User-Agent', () => {
  test('phone and desktop browsers', () => {
    assert.equal(
      deviceName(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
      ),
      'iPhone · Safari',
    );
    assert.equal(
      deviceName(
        'Mozilla/5.0 (Linux; Android 13; V2227A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0 Mobile Safari/537.36 MicroMessenger/8.0.42',
      ),
      'Android · 微信',
    );
    assert.equal(
      deviceName(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0',
      ),
      'Windows · Edge',
    );
  });

  test('nothing to go on names nothing', () => {
    assert.equal(deviceName(null), null);
    assert.equal(deviceName('curl/8.5.0'), null);
  });
});
