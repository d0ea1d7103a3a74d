import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createServices, type Services } from '../../src/app.ts';
import * as repo from '../../src/modules/devices/repository.ts';
import { infoOf } from '../../src/modules/devices/service.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';

/**
 * A crash between storing a batch of readings and committing the alarm they call for:
 * the readings are in, the alarm is not, and the rules' state in memory is gone. On
 * start the server runs the recent latest values no alarm reflects through the rules,
 * so the alarm (and its matter) come without waiting for the device's next reading;
 * values an alarm already reflects, or that someone cleared by hand, change nothing.
 *
 * The crash is made by storing readings through the ingest pipeline alone (the write
 * path without the rules), then starting fresh services on the same database.
 */

describe('alarm evaluation across a restart', () => {
  let t: TestApp;
  let admin: Client;
  const started: Services[] = [];

  before(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '500' });
    admin = await t.login('admin');
  });

  after(async () => {
    for (const s of started) {
      await s.devices.shutdown();
      await s.jobs.stop();
    }
    await t?.close();
  });

  /** A new server on the same database: nothing in memory; ready() is what a start does before taking messages. */
  async function restart() {
    const s = createServices(t.config, t.services.database, t.clock);
    started.push(s);
    await s.jobs.start({ workers: false });
    await s.devices.ready();
    await s.devices.settle();
    return s;
  }

  /** Readings stored as a batch that committed just before the server died (no rules ran on them). */
  async function storedWithoutRules(code: string, ts: Date, metrics: Array<[string, number]>) {
    const device = infoOf((await repo.deviceByCode(t.services.database.db, code))!);
    await t.services.devices.pipeline.submit(device, { ts: ts.getTime(), metrics, event: null, data: {} });
  }

  const alarmsOf = async (code: string) =>
    (await admin.get(`/api/alarms?deviceId=${code}`)).json().items as Array<Record<string, any>>;

  test('a stored reading over the threshold whose alarm was lost raises it on start, with its matter, once', async () => {
    await storedWithoutRules('smoke-demo-002', t.clock.now(), [
      ['smoke', 0.4],
      ['temp', 30],
    ]);
    assert.equal((await alarmsOf('smoke-demo-002')).length, 0, 'the crash lost the alarm');

    await restart();
    const [alarm, ...more] = await alarmsOf('smoke-demo-002');
    assert.equal(more.length, 0);
    assert.equal(alarm!.type, 'fire');
    assert.equal(alarm!.status, 'active_unack');
    assert.equal(alarm!.lastValue, 0.4);
    assert.equal(alarm!.startedAt, t.clock.now().toISOString(), "at the reading's time");
    assert.ok(alarm!.matterId, 'its matter is opened');
    assert.equal(
      (await admin.get(`/api/matters/${alarm!.matterId}`)).json().category.code,
      'community.fire_safety.alarm',
    );

    // Starting again changes nothing: the alarm reflects that reading.
    await restart();
    const again = await alarmsOf('smoke-demo-002');
    assert.equal(again.length, 1);
    assert.equal(again[0]!.count, 1);
  });

  test('a stored clear reading clears the active alarm on start; a value cleared by hand is not raised again', async () => {
    t.clock.advance(60_000);
    await storedWithoutRules('smoke-demo-002', t.clock.now(), [['smoke', 0.01]]);
    await restart();
    const [alarm] = await alarmsOf('smoke-demo-002');
    assert.equal(alarm!.status, 'cleared_unack');
    assert.match(alarm!.clearReason, /烟雾浓度回落到 0\.01 dB\/m/);
    await t.services.devices.settle();
    // A fire matter is not resolved by the reading: it waits for someone on site.
    const waiting = (await admin.get(`/api/matters/${alarm!.matterId}`)).json();
    assert.notEqual(waiting.status, 'resolved');
    assert.ok(
      waiting.timeline.some(
        (e: { details: { awaitingSiteConfirmation?: boolean } }) => e.details.awaitingSiteConfirmation,
      ),
    );

    // Over the threshold again, stored, alarm lost; then an operator clears the alarm the
    // restart raised. The next start leaves it cleared.
    t.clock.advance(60_000);
    await storedWithoutRules('smoke-demo-002', t.clock.now(), [['smoke', 0.6]]);
    await restart();
    const raised = (await alarmsOf('smoke-demo-002')).find((a) => a.status === 'active_unack')!;
    assert.ok(raised, 'raised again from the new reading');
    t.clock.advance(1000);
    const cleared = await admin.post(`/api/alarms/${raised.id}/clear`, { note: '误报，现场无烟' });
    assert.equal(cleared.statusCode, 200, cleared.body);
    await restart();
    assert.equal((await alarmsOf('smoke-demo-002')).filter((a) => a.status.startsWith('active')).length, 0);
  });

  test('values older than the catch-up window are left alone', async () => {
    await storedWithoutRules('smoke-demo-003', new Date(t.clock.now().getTime() - 11 * 60_000), [['smoke', 0.5]]);
    await restart();
    assert.equal((await alarmsOf('smoke-demo-003')).length, 0);
  });
});
