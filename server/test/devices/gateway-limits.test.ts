import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import mqtt from 'mqtt';
import { PacketLengthGuard } from '../../src/modules/devices/mqtt-guard.ts';
import { DEMO_DEVICE_SECRET } from '../../src/seed/demo-devices.ts';
import { startTestApp, type TestApp } from '../support/harness.ts';

/**
 * The embedded broker before a device has proved itself: a CONNECT of any declared size is
 * not read whole, unauthenticated connections are bounded, and a device cannot take over
 * another's client id (which would end the other's connection).
 */

/** The remaining-length field of an MQTT fixed header. */
function remainingLength(n: number) {
  const bytes: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    bytes.push(byte);
  } while (n > 0);
  return Buffer.from(bytes);
}

/** Resolves with whether the server closed the socket within the time given. */
function closedWithin(socket: net.Socket, ms: number) {
  return new Promise<boolean>((resolve) => {
    if (socket.destroyed) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

describe('the embedded broker before authentication', () => {
  let t: TestApp;
  let port: number;

  before(async () => {
    t = await startTestApp();
    await t.services.devices.startGateway({ port: 0 });
    port = t.services.devices.gateway.port!;
  });
  after(() => t.close());

  const open = () =>
    new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => resolve(s));
      s.on('error', () => {});
      s.once('error', reject);
    });

  test('a CONNECT declaring 20 MB is refused on its header, not read whole', async () => {
    const socket = await open();
    // Fixed header: CONNECT (0x10) and a remaining length of 20 MB; then the first kilobytes.
    socket.write(Buffer.concat([Buffer.from([0x10]), remainingLength(20 * 1024 * 1024)]));
    let written = 0;
    const closed = closedWithin(socket, 3000);
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    for (let i = 0; i < 16 && !socket.destroyed; i++) {
      socket.write(chunk);
      written += chunk.length;
    }
    assert.equal(await closed, true, 'the server closed the connection');
    assert.ok(written <= 1024 * 1024, `at most a megabyte was written before the close (${written})`);
  });

  test('the guard follows packets across chunk boundaries and refuses the first one over its limit', () => {
    const guard = new PacketLengthGuard({ connectBytes: 100, packetBytes: 1000 });
    const connect = Buffer.concat([Buffer.from([0x10]), remainingLength(50), Buffer.alloc(50)]);
    assert.equal(guard.accept(connect.subarray(0, 1)), true);
    assert.equal(guard.accept(connect.subarray(1)), true);
    const publish = Buffer.concat([Buffer.from([0x32]), remainingLength(900), Buffer.alloc(900)]);
    assert.equal(guard.accept(publish.subarray(0, 2)), true);
    assert.equal(guard.accept(publish.subarray(2)), true);
    assert.equal(guard.accept(Buffer.concat([Buffer.from([0x32]), remainingLength(1001)])), false);
    const first = new PacketLengthGuard({ connectBytes: 100, packetBytes: 1000 });
    assert.equal(first.accept(Buffer.concat([Buffer.from([0x10]), remainingLength(101)])), false);
  });

  test('connections that never authenticate are bounded per source; authenticated devices still connect', async () => {
    const idle: net.Socket[] = [];
    for (let i = 0; i < 32; i++) idle.push(await open());
    const extra = await open();
    assert.equal(await closedWithin(extra, 2000), true, 'the 33rd silent connection from one source is closed at once');
    for (const s of idle) s.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const device = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
      clientId: 'smoke-demo-001',
      username: 'smoke-demo-001',
      password: DEMO_DEVICE_SECRET,
      reconnectPeriod: 0,
      connectTimeout: 3000,
    });
    assert.equal(device.connected, true);
    await device.endAsync();
  });

  test("a device cannot connect with another device's client id, and the other stays connected", async () => {
    const real = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
      clientId: 'smoke-demo-002',
      username: 'smoke-demo-002',
      password: DEMO_DEVICE_SECRET,
      reconnectPeriod: 0,
      connectTimeout: 3000,
    });
    let realClosed = false;
    real.on('close', () => {
      realClosed = true;
    });
    await assert.rejects(
      mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
        clientId: 'smoke-demo-002',
        username: 'smoke-demo-003',
        password: DEMO_DEVICE_SECRET,
        reconnectPeriod: 0,
        connectTimeout: 3000,
      }),
      (error: Error & { code?: number }) => error.code === 2,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(realClosed, false, 'smoke-demo-002 was not disconnected');
    assert.equal(real.connected, true);
    await real.endAsync();
  });
});
