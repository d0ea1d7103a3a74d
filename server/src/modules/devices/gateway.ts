import net from 'node:net';
import type { Aedes, AuthenticateError, Client as AedesClient, PublishPacket } from 'aedes';
import type { MqttClient } from 'mqtt';
import { GuardedSocket } from './mqtt-guard.ts';
import { alarmFilterOf, alarmTopicOf, MAX_PAYLOAD_BYTES, topicOf, topicParts } from './telemetry.ts';

/**
 * The MQTT side of the device gateway.
 *
 * Without MQTT_URL it runs an embedded broker (aedes) that authenticates each device
 * (username = device code, password = its secret) and lets it publish only to its own
 * topic, gongzhi/devices/{code}/telemetry. The message is stored before aedes sends
 * the PUBACK: authorizePublish waits for the batch holding it to commit.
 *
 * With MQTT_URL it subscribes to an external broker (Mosquitto, EMQX) with a persistent
 * session (clean: false, QoS 1), so messages wait at the broker while the server is
 * down; authenticating devices is then the broker's job. mqtt.js hands us messages one
 * at a time and sends the PUBACK when its handler returns; waiting there for each batch
 * would allow one message per batch. So the handler returns at once and the PUBACK
 * itself is held back (by wrapping the client's packet sender) until the batch with
 * the message has committed. A message whose PUBACK never went out (the server died)
 * is sent again by the broker, and the readings' key turns the repeat into a no-op.
 *
 * Overload (issue 21): the gateway takes from a connection only what can be stored soon.
 * When the ingest backlog is over its high-water mark (GatewayIngest.room), the message in
 * hand is submitted but the next is not read until the backlog is down: mqtt.js handles a
 * connection's packets one at a time, aedes a client's packets a read at a time, so the
 * socket stops being read and the rest waits at the broker (its persistent session loses
 * nothing) or in the device. A device's alarm topic (gongzhi/devices/{code}/alarm) is
 * taken apart: on the embedded broker it is not held back; on an external broker it has
 * a subscription and session of its own (client id MQTT_CLIENT_ID-alarm), so alarms never
 * queue at the broker behind a backlog of readings.
 */

export interface GatewayIngest {
  /** Checks credentials; returns the device code to bind the connection to, or a refusal. */
  authenticate(
    code: string,
    secret: string,
  ): Promise<{ ok: true } | { ok: false; reason: 'unknown_device' | 'bad_secret' | 'inactive' }>;
  /** Handles a payload for a device (urgent: off its alarm topic); settles when it is stored or has been refused (and counted). */
  handle(code: string, payload: Buffer, via: 'mqtt', urgent: boolean): Promise<void>;
  /** Null while the backlog leaves room for another message; else settles when it does (urgent: a higher bound). */
  room(urgent: boolean): Promise<void> | null;
  /** Counts a refusal that happened at the protocol level. */
  refuse(code: string | null, reason: 'wrong_topic', detail: string): void;
  onError(error: unknown, context: string): void;
}

export interface GatewayOptions {
  url: string | undefined;
  port: number;
  host: string;
  clientId: string;
  topic: string;
  /**
   * MQTT 5 receive maximum asked of an external broker: messages it sends unacknowledged at
   * most (our PUBACK waits for the batch, so this bounds what is taken and not yet stored).
   */
  receiveMaximum?: number;
}

interface DeviceClient extends AedesClient {
  deviceCode?: string;
}

/**
 * Limits on what the embedded broker accepts before a device has proved itself: a CONNECT
 * (code, secret, client id) fits in 2 KB; a later packet may carry an oversize payload, which
 * is refused and counted, but nothing near 64 KB is a device's. Connections not yet
 * authenticated are bounded in all and per source address, and have 5 s to authenticate.
 */
const CONNECT_MAX_BYTES = 2048;
const PACKET_MAX_BYTES = 4 * MAX_PAYLOAD_BYTES;
const UNAUTHENTICATED_MAX = 256;
const UNAUTHENTICATED_PER_SOURCE_MAX = 32;
const CONNECT_TIMEOUT_MS = 5000;

/**
 * The broker (aedes) and the client (mqtt.js) load when the gateway starts, not with the server:
 * most test files and the CLI never start it, and the two take a few tenths of a second to load.
 */
let aedesLoaded: Promise<typeof import('aedes')> | undefined;
const loadAedes = () => (aedesLoaded ??= import('aedes'));
let mqttLoaded: Promise<typeof import('mqtt')> | undefined;
const loadMqtt = () => (mqttLoaded ??= import('mqtt'));

export class MqttGateway {
  private broker: Aedes | null = null;
  private server: net.Server | null = null;
  /** The subscriptions to an external broker: telemetry, and the alarm topic's. */
  private clients: MqttClient[] = [];
  private listeningPort: number | null = null;
  readonly counters = { connections: 0, refusedConnections: 0, received: 0 };
  /** Connections that have not authenticated yet, by source address. */
  private readonly unauthenticated = new Map<string, Set<GuardedSocket>>();
  private unauthenticatedCount = 0;
  private connected = false;

  constructor(
    private readonly ingest: GatewayIngest,
    private readonly options: GatewayOptions,
  ) {}

  get port() {
    return this.listeningPort;
  }

  get mode(): 'embedded' | 'external' | 'off' {
    return this.broker ? 'embedded' : this.clients.length > 0 ? 'external' : 'off';
  }

  get isConnected() {
    return this.mode === 'embedded' ? true : this.connected;
  }

  async start(overrides: Partial<GatewayOptions> = {}) {
    const o = { ...this.options, ...overrides };
    if (o.url) await this.subscribe(o);
    else await this.embed(o);
  }

  async stop() {
    if (this.clients.length > 0) {
      const cs = this.clients;
      this.clients = [];
      await Promise.all(cs.map((c) => c.endAsync(false).catch(() => {})));
    }
    if (this.broker) {
      const b = this.broker;
      this.broker = null;
      await new Promise<void>((resolve) => b.close(() => resolve()));
    }
    if (this.server) {
      const s = this.server;
      this.server = null;
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
    this.listeningPort = null;
  }

  private async embed(o: GatewayOptions) {
    const { Aedes } = await loadAedes();
    const broker = await Aedes.createBroker({
      concurrency: 1000,
      connectTimeout: CONNECT_TIMEOUT_MS,
      drainTimeout: 30_000,
      maxClientsIdLength: 128,
    });
    broker.authenticate = (client, username, password, done) => {
      const code = username ?? '';
      const secret = password ? password.toString('utf8') : '';
      // A device connects as itself only: with another's client id it would end that
      // device's connection (MQTT keeps one per id), so one leaked secret could silence any.
      if (client.id !== code) {
        this.counters.refusedConnections++;
        const error = new Error('client id must be the device code') as AuthenticateError;
        error.returnCode = 2; // identifier rejected
        return done(error, false);
      }
      this.ingest.authenticate(code, secret).then(
        (result) => {
          if (result.ok) {
            (client as DeviceClient).deviceCode = code;
            this.counters.connections++;
            this.authenticated(client.conn as unknown as GuardedSocket);
            return done(null, true);
          }
          this.counters.refusedConnections++;
          const error = new Error(result.reason) as AuthenticateError;
          error.returnCode = 4; // bad user name or password
          done(error, false);
        },
        (error) => {
          this.ingest.onError(error, 'devices.mqtt.authenticate');
          const e = new Error('unavailable') as AuthenticateError;
          e.returnCode = 3; // server unavailable
          done(e, false);
        },
      );
    };
    broker.authorizePublish = (client, packet: PublishPacket, done) => {
      const code = (client as DeviceClient | null)?.deviceCode;
      if (!client || !code) return done(new Error('not a device'));
      // A device publishes to its own topics only; anything else ends the connection.
      const urgent = packet.topic === alarmTopicOf(code);
      if (!urgent && packet.topic !== topicOf(code)) {
        this.ingest.refuse(code, 'wrong_topic', packet.topic.slice(0, 120));
        return done(new Error('wrong topic'));
      }
      this.counters.received++;
      const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
      // The PUBACK goes out after done(): so only once the message is stored (or refused and counted;
      // a refused message is acknowledged all the same, or the device would send it for ever).
      // Over the backlog bound, a telemetry message waits before it is taken, and aedes reads
      // nothing more from this device meanwhile.
      const take = () =>
        this.ingest.handle(code, payload, 'mqtt', urgent).then(
          () => done(null),
          (error) => {
            this.ingest.onError(error, 'devices.mqtt.publish');
            done(new Error('not stored'));
          },
        );
      const wait = this.ingest.room(urgent);
      if (wait) void wait.then(take);
      else void take();
    };
    // Devices have nothing to subscribe to; and nothing is routed on to other clients.
    broker.authorizeSubscribe = (_client, _subscription, done) =>
      done(new Error('subscriptions are not allowed'), null);
    broker.authorizeForward = () => null;
    broker.on('clientError', () => {});
    broker.on('connectionError', () => {});
    const server = net.createServer((socket) => this.admit(socket, broker));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.port, o.host, () => resolve());
    });
    // Errors after it listens are logged; one while starting (the port taken) is the caller's to report.
    server.on('error', (error) => this.ingest.onError(error, 'devices.mqtt.server'));
    this.broker = broker;
    this.server = server;
    this.listeningPort = (server.address() as net.AddressInfo).port;
  }

  /** A new connection, if the unauthenticated ones leave room for it, handed to aedes behind the packet guard. */
  private admit(socket: net.Socket, broker: Aedes) {
    const source = socket.remoteAddress ?? '';
    const fromSource = this.unauthenticated.get(source) ?? new Set<GuardedSocket>();
    if (this.unauthenticatedCount >= UNAUTHENTICATED_MAX || fromSource.size >= UNAUTHENTICATED_PER_SOURCE_MAX) {
      this.counters.refusedConnections++;
      socket.destroy();
      return;
    }
    const conn = new GuardedSocket(socket, { connectBytes: CONNECT_MAX_BYTES, packetBytes: PACKET_MAX_BYTES }, () => {
      this.counters.refusedConnections++;
    });
    fromSource.add(conn);
    this.unauthenticated.set(source, fromSource);
    this.unauthenticatedCount++;
    conn.on('close', () => this.authenticated(conn));
    broker.handle(conn as unknown as net.Socket);
  }

  /** The connection no longer counts as unauthenticated (it authenticated, or it closed). */
  private authenticated(conn: GuardedSocket) {
    const source = conn.remoteAddress ?? '';
    const fromSource = this.unauthenticated.get(source);
    if (!fromSource?.delete(conn)) return;
    this.unauthenticatedCount--;
    if (fromSource.size === 0) this.unauthenticated.delete(source);
  }

  private async subscribe(o: GatewayOptions) {
    const { connect } = await loadMqtt();
    const max = Math.max(1, Math.min(65_535, o.receiveMaximum ?? 65_535));
    const first = this.subscription(connect, o.url!, o.clientId, o.topic, false, true, max);
    const alarmFilter = alarmFilterOf(o.topic);
    const both = alarmFilter
      ? [first, this.subscription(connect, o.url!, `${o.clientId}-alarm`, alarmFilter, true, false, 65_535)]
      : [first];
    // Wait for the first connections, but not for ever: the clients keep trying in the background.
    await Promise.all(both);
  }

  /** One subscription with a persistent session; settles when it first connects (or after 5 s). */
  private subscription(
    connect: typeof import('mqtt')['connect'],
    url: string,
    clientId: string,
    filter: string,
    urgent: boolean,
    main: boolean,
    receiveMaximum: number,
  ): Promise<void> {
    // MQTT 5 where the broker speaks it: the receive maximum bounds what the broker sends
    // before our PUBACKs, and the session is kept while we are away (expiry: never). A broker
    // that refuses version 5 is spoken to in 3.1.1 (clean: false keeps the session there).
    const client = connect(url, {
      clientId,
      clean: false,
      protocolVersion: 5,
      properties: { receiveMaximum, sessionExpiryInterval: 0xffff_ffff },
      reconnectPeriod: 1000,
      // A refused CONNECT is tried again too (after a step down to 3.1.1, or while a broker's ACL is being fixed).
      reconnectOnConnackError: true,
      connectTimeout: 10_000,
      keepalive: 30,
      resubscribe: true,
    });
    client.on('error', (error) => {
      const code = (error as { code?: number }).code;
      if (client.options.protocolVersion === 5 && (code === 1 || code === 132)) {
        client.options.protocolVersion = 4;
        delete client.options.properties;
      }
    });
    this.clients.push(client);
    const pending = new Map<number, { done: Promise<boolean>; stream: unknown }>();
    const c = client as unknown as {
      _sendPacket(packet: { cmd: string; messageId?: number }, cb?: (err?: Error) => void, ...rest: unknown[]): void;
      stream: unknown;
    };
    const send = c._sendPacket.bind(client);
    c._sendPacket = (packet, cb, ...rest) => {
      const held =
        packet.cmd === 'puback' && packet.messageId !== undefined ? pending.get(packet.messageId) : undefined;
      if (!held) return send(packet, cb, ...rest);
      pending.delete(packet.messageId!);
      // Let the client read on; acknowledge when stored, on the connection the message came on.
      cb?.();
      void held.done.then((stored) => {
        if (!this.clients.includes(client) || !client.connected || c.stream !== held.stream) return;
        if (stored) return send(packet, undefined, ...rest);
        // Not stored: no PUBACK. The broker sends an unacknowledged message again only when
        // the session resumes, so the connection is dropped and made again (persistent session).
        (c.stream as { destroy?: () => void }).destroy?.();
      });
    };
    client.handleMessage = (packet, callback) => {
      const parts = topicParts(packet.topic);
      this.counters.received++;
      const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
      if (parts === null) this.ingest.refuse(null, 'wrong_topic', packet.topic.slice(0, 120));
      const lane = urgent || parts?.urgent === true;
      const done = parts === null ? Promise.resolve() : this.ingest.handle(parts.code, payload, 'mqtt', lane);
      if (packet.qos > 0 && packet.messageId !== undefined)
        pending.set(packet.messageId, {
          done: done.then(
            () => true,
            (e) => {
              this.ingest.onError(e, 'devices.mqtt.message');
              return false;
            },
          ),
          stream: c.stream,
        });
      // mqtt.js takes the next packet off the connection when this returns: over the backlog
      // bound, not before the backlog is down (the broker keeps the rest).
      const wait = this.ingest.room(lane);
      if (wait) void wait.then(() => callback());
      else callback();
    };
    client.on('connect', () => {
      if (main) this.connected = true;
      client.subscribe(filter, { qos: 1 }, (error) => {
        if (error) this.ingest.onError(error, 'devices.mqtt.subscribe');
      });
    });
    client.on('close', () => {
      if (main) this.connected = false;
    });
    client.on('error', (error) => this.ingest.onError(error, 'devices.mqtt.client'));
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5000);
      client.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
