import assert from 'node:assert/strict';
import { test } from 'node:test';
import { documentTitle, isWeChat } from './shell.ts';

test('WeChat is told by its user agent, on iPhone and Android', () => {
  assert.equal(
    isWeChat(
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN',
    ),
    true,
  );
  assert.equal(
    isWeChat(
      'Mozilla/5.0 (Linux; Android 13; V2183A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2306 MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64',
    ),
    true,
  );
  assert.equal(
    isWeChat(
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile Safari/604.1',
    ),
    false,
  );
  // 企业微信 (WeCom) also draws its own title bar.
  assert.equal(isWeChat('Mozilla/5.0 (Linux; Android 13) wxwork/4.1.16 MicroMessenger/7.0.1 Language/zh'), true);
});

test("a screen's title puts its own name before the app's, and falls back to the app's alone", () => {
  assert.equal(documentTitle('积分商城', '共治'), '积分商城 · 共治');
  assert.equal(documentTitle('  我的 ', '共治'), '我的 · 共治');
  assert.equal(documentTitle('', '共治'), '共治');
  assert.equal(documentTitle('共治', '共治'), '共治');
});
