/**
 * The steady load: matters reported, ballots cast, points exchanged for vouchers over HTTP
 * through HAProxy, and device readings over MQTT (QoS 1). Every HTTP write carries an
 * Idempotency-Key and is sent again with the same key after a network error or a 5xx until it
 * is answered; what got a 2xx is "acknowledged" and must be in the database at the end.
 */
import { randomUUID } from 'node:crypto';
import mqtt from 'mqtt';
import type { Fixture, Resident } from './setup.ts';

export interface Outcome {
  key: string;
  /** ack: a 2xx; refused: a 4xx other than "in progress"; doubt: no answer by the give-up time. */
  result: 'ack' | 'refused' | 'doubt';
  status: number;
  body: string;
  attempts: number;
  /** When the first attempt left and when the answer came (ms since epoch). */
  sentAt: number;
  answeredAt: number;
  userId: number;
}

export interface HttpLoadResult {
  matters: Outcome[];
  ballots: Outcome[];
  vouchers: Outcome[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class HttpLoad {
  readonly result: HttpLoadResult = { matters: [], ballots: [], vouchers: [] };
  private stopping = false;
  private readonly loops: Promise<void>[] = [];
  /** Answers of 2xx by time, for the API's failover time. */
  readonly acks: number[] = [];
  errors = 0;

  constructor(
    private readonly base: string,
    private readonly fixture: Fixture,
    /** A request unanswered this long after it was first sent is given up (counted as in doubt). */
    private readonly giveUpMs: number,
  ) {}

  /** Sends until answered: network errors, 5xx and "in progress" (409) are retried with the same key. */
  async send(r: Resident, method: string, path: string, body: unknown, key: string): Promise<Outcome> {
    const sentAt = Date.now();
    let attempts = 0;
    let last = 'no answer';
    for (;;) {
      attempts++;
      try {
        const res = await fetch(`${this.base}${path}`, {
          method,
          headers: {
            'content-type': 'application/json',
            cookie: r.cookie,
            'x-csrf-token': r.csrf,
            'idempotency-key': key,
          },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(10_000),
        });
        const text = await res.text();
        const inProgress = res.status === 409 && text.includes('idempotency_in_progress');
        if (res.status < 300) {
          this.acks.push(Date.now());
          return {
            key,
            result: 'ack',
            status: res.status,
            body: text,
            attempts,
            sentAt,
            answeredAt: Date.now(),
            userId: r.userId,
          };
        }
        if (res.status < 500 && !inProgress)
          return {
            key,
            result: 'refused',
            status: res.status,
            body: text,
            attempts,
            sentAt,
            answeredAt: Date.now(),
            userId: r.userId,
          };
        this.errors++;
        last = `${res.status} ${text.slice(0, 100)}`;
      } catch (error) {
        this.errors++;
        last = String((error as Error).cause ?? error).slice(0, 100);
      }
      if (Date.now() - sentAt > this.giveUpMs)
        return {
          key,
          result: 'doubt',
          status: 0,
          body: last,
          attempts,
          sentAt,
          answeredAt: Date.now(),
          userId: r.userId,
        };
      await sleep(Math.min(2000, 200 * attempts));
    }
  }

  /** Runs `each` over and over, `perSecond` times a second at most, until stopped. */
  private loop(perSecond: number, each: (n: number) => Promise<boolean>) {
    const gap = 1000 / perSecond;
    this.loops.push(
      (async () => {
        for (let n = 0; !this.stopping; n++) {
          const started = Date.now();
          if (!(await each(n))) return;
          const wait = gap - (Date.now() - started);
          if (wait > 0) await sleep(wait);
        }
      })(),
    );
  }

  start(rate: { matters: number; ballots: number; vouchers: number }) {
    const f = this.fixture;
    const people = f.residents;
    // Two loops per kind, so that one request waiting out a failover does not stop the kind.
    for (const half of [0, 1]) {
      this.loop(rate.matters / 2, async (n) => {
        const r = people[(2 * n + half) % people.length]!;
        const key = randomUUID();
        this.result.matters.push(
          await this.send(
            r,
            'POST',
            '/api/matters',
            { categoryId: f.categoryId, description: `集群测试 ${key}`, lat: f.lat, lng: f.lng, address: '集群测试楼' },
            key,
          ),
        );
        return true;
      });
      // Each owner votes once: the first half of the roll in one loop, the second in the other.
      const voters = half === 0 ? people.slice(0, people.length / 2) : people.slice(people.length / 2);
      this.loop(rate.ballots / 2, async (n) => {
        const r = voters[n];
        if (!r) return false;
        this.result.ballots.push(
          await this.send(
            r,
            'POST',
            `/api/deliberation/votes/${f.voteId}/ballot`,
            { choice: n % 4 === 0 ? 'oppose' : 'agree' },
            randomUUID(),
          ),
        );
        return true;
      });
      this.loop(rate.vouchers / 2, async (n) => {
        const r = people[(2 * n + half + 7) % people.length]!;
        const key = randomUUID();
        this.result.vouchers.push(
          await this.send(r, 'POST', '/api/points/vouchers', { itemId: f.itemId, idempotencyKey: key }, key),
        );
        return true;
      });
    }
  }

  async stop() {
    this.stopping = true;
    await Promise.all(this.loops);
  }
}

export interface Published {
  code: string;
  ts: number;
  smoke: number;
}

/**
 * Devices publishing QoS 1 readings to the broker, one connection for all; a reading is
 * acknowledged when the broker's PUBACK comes. The last few devices each send one smoke
 * reading over the threshold, at times spread over the run: one alarm each must follow.
 */
export class DeviceLoad {
  readonly acked: Published[] = [];
  readonly triggers: Array<{ code: string; ts: number }> = [];
  failed = 0;
  private client: mqtt.MqttClient | null = null;
  private timer: NodeJS.Timeout | null = null;
  private inflight = 0;
  private lastTs = new Map<string, number>();

  constructor(
    private readonly url: string,
    private readonly devices: string[],
    private readonly triggerDevices: number,
  ) {}

  async start(perSecond: number, seconds: number) {
    this.client = await mqtt.connectAsync(this.url, {
      clientId: `cluster-devices-${process.pid}`,
      clean: true,
      reconnectPeriod: 500,
      protocolVersion: 4,
    });
    const plain = this.devices.slice(0, this.devices.length - this.triggerDevices);
    const triggers = this.devices.slice(this.devices.length - this.triggerDevices);
    const triggerAt = triggers.map((code, i) => ({
      code,
      at: Date.now() + ((i + 1) * seconds * 1000) / (triggers.length + 1),
    }));
    let n = 0;
    this.timer = setInterval(() => {
      const code = plain[n++ % plain.length]!;
      this.publish(code, 0.01 + (n % 30) / 1000);
      const due = triggerAt.findIndex((t) => t.at <= Date.now());
      if (due >= 0) {
        const [t] = triggerAt.splice(due, 1);
        const ts = this.publish(t!.code, 0.5);
        this.triggers.push({ code: t!.code, ts });
      }
    }, 1000 / perSecond);
  }

  private publish(code: string, smoke: number): number {
    const ts = Math.max(Date.now(), (this.lastTs.get(code) ?? 0) + 1);
    this.lastTs.set(code, ts);
    this.inflight++;
    this.client!.publish(
      `gongzhi/devices/${code}/telemetry`,
      JSON.stringify({ ts, metrics: { smoke, temp: 25, battery: 80 } }),
      { qos: 1 },
      (error) => {
        this.inflight--;
        if (error) this.failed++;
        else this.acked.push({ code, ts, smoke });
      },
    );
    return ts;
  }

  async stop() {
    if (this.timer) clearInterval(this.timer);
    const deadline = Date.now() + 30_000;
    while (this.inflight > 0 && Date.now() < deadline) await sleep(100);
    const unacked = this.inflight;
    await this.client?.endAsync(true).catch(() => {});
    return unacked;
  }
}
