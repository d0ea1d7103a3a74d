import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { multipart } from '../support/csv.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';

/** A PNG whose header claims a huge image: the shape of a decompression bomb. */
function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  // A few kilobytes of zeros deflate to a few bytes; a real bomb repeats this for gigabytes.
  const idat = zlib.deflateSync(Buffer.alloc(64 * 1024));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('photo uploads', () => {
  let t: TestApp;
  let resident: Client;
  const upload = (bytes: Uint8Array, name = 'photo.jpg') => {
    const { payload, headers } = multipart('photo', name, bytes);
    return resident.raw({ method: 'POST', url: '/api/media', payload, headers });
  };
  const stored = async () =>
    Number(
      (
        await t.services.database.db
          .selectFrom('media.files')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  before(async () => {
    t = await startTestApp({ MEDIA_MAX_BYTES: String(2 * 1024 * 1024), MEDIA_MAX_PIXELS: String(25_000_000) });
    resident = await t.login('resident_demo');
  });
  after(() => t.close());

  test('a photo is re-encoded as JPEG, without its EXIF (no GPS trail), and can be read back', async () => {
    const original = await sharp({ create: { width: 3000, height: 1000, channels: 3, background: '#c00' } })
      .withExif({ IFD0: { Make: 'PhoneMaker', Copyright: 'secret' } })
      .jpeg()
      .toBuffer();
    assert.ok((await sharp(original).metadata()).exif, 'the original carries EXIF');
    const res = await upload(original);
    assert.equal(res.statusCode, 201, res.body);
    const photo = res.json();
    assert.equal(photo.width, 2048, 'at most 2048 px on a side');
    const back = await resident.get(photo.url);
    assert.equal(back.statusCode, 200);
    assert.equal(back.headers['content-type'], 'image/jpeg');
    const meta = await sharp(back.rawPayload).metadata();
    assert.equal(meta.format, 'jpeg');
    assert.equal(meta.exif, undefined, 'EXIF is gone');
    const thumb = await resident.get(photo.thumbnailUrl);
    assert.equal((await sharp(thumb.rawPayload).metadata()).width, 320);
    assert.equal((await t.anonymous().get(photo.url)).statusCode, 401);
  });

  test('not an image, too large, or a decompression bomb: refused, nothing stored', async () => {
    const before = await stored();
    const text = await upload(Buffer.from('这不是图片，只是一段文字'.repeat(20)), 'notes.jpg');
    assert.equal(text.statusCode, 415);
    const fake = await upload(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(1000)]), 'broken.jpg');
    assert.equal(fake.statusCode, 415, 'a JPEG header with nothing behind it');
    const big = await upload(Buffer.alloc(3 * 1024 * 1024, 1));
    assert.equal(big.statusCode, 413);
    const bomb = await upload(pngClaiming(50_000, 50_000), 'bomb.png');
    assert.equal(bomb.statusCode, 413, bomb.body);
    assert.equal(bomb.json().error.code, 'payload_too_large');
    assert.equal(await stored(), before);
  });

  test('a matter takes only photos its reporter uploaded', async () => {
    const mine = (
      await upload(
        await sharp({ create: { width: 400, height: 300, channels: 3, background: '#0a0' } })
          .png()
          .toBuffer(),
        'a.png',
      )
    ).json();
    const courier = await t.login('courier_demo');
    const building = (await (await t.login('admin')).get('/api/org/buildings?q=打铁关小区1幢')).json().items[0];
    const categories = (await courier.get('/api/matters/categories')).json().items;
    const fire = categories.find((c: { code: string }) => c.code === 'community.fire_safety.blocked_lane').id;
    const stolen = await courier.post('/api/matters', {
      categoryId: fire,
      description: '消防通道被堵住了',
      lat: building.lat,
      lng: building.lng,
      photos: [mine.token],
    });
    assert.equal(stolen.statusCode, 400);
    const own = await resident.post('/api/matters', {
      categoryId: fire,
      description: '消防通道被堵住了',
      lat: building.lat,
      lng: building.lng,
      photos: [mine.token],
    });
    assert.equal(own.statusCode, 201);
    assert.equal(own.json().photos[0].url, mine.url);
  });
});
