import assert from 'node:assert/strict';
import { test } from 'node:test';
import { i18n } from './i18n/index.ts';
import { alarmActions, alarmTypeLabel, elapsed, fullChargeSeries, severityRank, yuan, type StatsView } from './iot.ts';

const t = i18n.t.bind(i18n);

test('fen read as yuan in integer arithmetic', () => {
  assert.equal(yuan(72), '0.72');
  assert.equal(yuan(5), '0.05');
  assert.equal(yuan(100), '1.00');
  assert.equal(yuan(123456), '1234.56');
  assert.equal(yuan(-5), '-0.05');
  assert.equal(yuan(null), '—');
});

test('alarm actions follow the status as the server allows them', () => {
  assert.deepEqual(alarmActions({ status: 'active_unack' }), { ack: true, clear: true });
  assert.deepEqual(alarmActions({ status: 'active_ack' }), { ack: false, clear: true });
  assert.deepEqual(alarmActions({ status: 'cleared_unack' }), { ack: true, clear: false });
  assert.deepEqual(alarmActions({ status: 'cleared_ack' }), { ack: false, clear: false });
  assert.ok(severityRank('critical') < severityRank('major') && severityRank('minor') < severityRank('warning'));
});

test('alarm names and time since raised, in both languages; unknown types as they are', async () => {
  const now = Date.parse('2026-11-20T10:00:00Z');
  await i18n.changeLanguage('zh-CN');
  assert.equal(alarmTypeLabel(t, 'fire'), '烟雾火警');
  assert.equal(alarmTypeLabel(t, 'custom_gas'), 'custom_gas');
  assert.equal(elapsed(t, '2026-11-20T09:59:40Z', now), '刚刚');
  assert.equal(elapsed(t, '2026-11-20T09:53:00Z', now), '7 分钟');
  assert.equal(elapsed(t, '2026-11-20T07:55:00Z', now), '2 小时 5 分');
  assert.equal(elapsed(t, '2026-11-18T07:00:00Z', now), '2 天 3 小时');
  await i18n.changeLanguage('en');
  assert.equal(alarmTypeLabel(t, 'fire'), 'Smoke (fire)');
  assert.equal(elapsed(t, '2026-11-20T09:53:00Z', now), '7 min');
  await i18n.changeLanguage('zh-CN');
});

test('the chart has one series per station with the months in order, gaps where a month had no full charge', () => {
  const stats: StatsView = {
    fullChargeKwh: '1.000',
    months: ['2026-09', '2026-10', '2026-11'],
    rows: [
      {
        stationId: 1,
        stationName: 'A',
        month: '2026-11',
        sessions: 3,
        energyKwh: '3.100',
        electricityFen: 120,
        serviceFen: 47,
        totalFen: 167,
        averagePerKwhFen: 54,
        fullCharges: 2,
        averagePerFullChargeFen: 61,
        flagged: 0,
      },
      {
        stationId: 1,
        stationName: 'A',
        month: '2026-09',
        sessions: 1,
        energyKwh: '1.200',
        electricityFen: 60,
        serviceFen: 18,
        totalFen: 78,
        averagePerKwhFen: 65,
        fullCharges: 1,
        averagePerFullChargeFen: 78,
        flagged: 0,
      },
      {
        stationId: 2,
        stationName: 'B',
        month: '2026-10',
        sessions: 1,
        energyKwh: '0.400',
        electricityFen: 20,
        serviceFen: 6,
        totalFen: 26,
        averagePerKwhFen: 65,
        fullCharges: 0,
        averagePerFullChargeFen: null,
        flagged: 0,
      },
    ],
  };
  assert.deepEqual(fullChargeSeries(stats), [
    { station: 'A', values: [0.78, null, 0.61] },
    { station: 'B', values: [null, null, null] },
  ]);
});

test('a check may be confirmed once its window has opened and until it is done', async () => {
  const { canConfirm } = await import('./iot.ts');
  const now = Date.parse('2026-11-20T03:00:00Z');
  assert.equal(canConfirm({ status: 'pending', opensAt: '2026-11-19T16:00:00Z' }, now), true);
  assert.equal(canConfirm({ status: 'missed', opensAt: '2026-11-19T16:00:00Z' }, now), true);
  assert.equal(
    canConfirm({ status: 'pending', opensAt: '2026-11-20T07:00:00Z' }, now),
    false,
    'the evening check before 15:00',
  );
  assert.equal(canConfirm({ status: 'done', opensAt: '2026-11-19T16:00:00Z' }, now), false);
});
