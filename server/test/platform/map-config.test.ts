import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TIANDITU_REVIEW_NUMBER } from '../../src/modules/system/map-tiles.ts';
import { startTestApp } from '../support/harness.ts';

/** The map settings the web reads from /api/config, and the tile hosts the page may load. */
describe('map settings', () => {
  const mapOf = async (env: Record<string, string>) => {
    const t = await startTestApp(env);
    try {
      const res = await t.anonymous().get('/api/config');
      assert.equal(res.statusCode, 200, res.body);
      return { map: res.json().map, csp: String(res.headers['content-security-policy']) };
    } finally {
      await t.close();
    }
  };

  test('without tiles the map is a blank canvas', async () => {
    const { map } = await mapOf({});
    assert.deepEqual(map, { tiles: [], tileCoord: 'wgs84', attribution: '' });
  });

  test('a 天地图 key gives its vector tiles and annotations, unshifted, with its review number', async () => {
    const { map, csp } = await mapOf({
      MAP_TIANDITU_KEY: 'k123',
      MAP_TILE_URL: 'https://tiles.example/{z}/{x}/{y}.png',
      MAP_TILE_COORD: 'gcj02',
    });
    assert.equal(map.tiles.length, 2);
    assert.match(map.tiles[0].url, /^https:\/\/t\{s\}\.tianditu\.gov\.cn\/vec_w\/wmts\?.*LAYER=vec.*tk=k123/);
    assert.match(map.tiles[1].url, /^https:\/\/t\{s\}\.tianditu\.gov\.cn\/cva_w\/wmts\?.*LAYER=cva/);
    assert.match(map.tiles[0].url, /TILEMATRIX=\{z\}&TILEROW=\{y\}&TILECOL=\{x\}/);
    assert.equal(map.tiles[0].subdomains, '01234567');
    assert.equal(map.tileCoord, 'wgs84', '天地图 is CGCS2000: no GCJ-02 shift whatever MAP_TILE_COORD says');
    assert.ok(map.attribution.includes(TIANDITU_REVIEW_NUMBER));
    assert.ok(map.attribution.includes('天地图'));
    assert.match(csp, /img-src[^;]*https:\/\/\*\.tianditu\.gov\.cn/);
  });

  test('MAP_ATTRIBUTION overrides the attribution', async () => {
    const { map } = await mapOf({ MAP_TIANDITU_KEY: 'k123', MAP_ATTRIBUTION: '© 天地图 审图号：GS(2099)1号' });
    assert.equal(map.attribution, '© 天地图 审图号：GS(2099)1号');
  });

  test('a tile server of its own keeps its coordinate system', async () => {
    const { map, csp } = await mapOf({
      MAP_TILE_URL: 'https://tiles.example/{z}/{x}/{y}.png',
      MAP_TILE_COORD: 'gcj02',
    });
    assert.deepEqual(map.tiles, [{ url: 'https://tiles.example/{z}/{x}/{y}.png', subdomains: 'abc' }]);
    assert.equal(map.tileCoord, 'gcj02');
    assert.match(csp, /img-src[^;]*https:\/\/tiles\.example/);
  });
});
