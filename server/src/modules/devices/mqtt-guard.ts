import { Duplex } from 'node:stream';
import type net from 'node:net';

/**
 * What the embedded broker reads before anything else looks at it. aedes (through
 * mqtt-packet) buffers a packet whole, whatever length its header declares, before it
 * parses it — so an unauthenticated client could make the server hold a 60 MB CONNECT. The
 * guard reads each packet's fixed header as the bytes pass and drops the connection as soon
 * as a packet declares more than it may be: the first packet (CONNECT, before any
 * authentication) `connectBytes`, every later one `packetBytes`.
 */
export interface PacketLimits {
  connectBytes: number;
  packetBytes: number;
}

/** Follows MQTT packet boundaries over a byte stream: fixed header, remaining length, body. */
export class PacketLengthGuard {
  private packets = 0;
  /** Bytes of the current packet's body still to come; -1 while reading a header. */
  private remaining = -1;
  private lengthValue = 0;
  private lengthMultiplier = 1;
  private lengthBytes = 0;
  private inHeader = false;

  constructor(private readonly limits: PacketLimits) {}

  /** Whether the bytes keep within the limits (false: drop the connection). */
  accept(chunk: Buffer): boolean {
    let i = 0;
    while (i < chunk.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - i);
        this.remaining -= take;
        i += take;
        if (this.remaining === 0) this.remaining = -1;
        continue;
      }
      if (!this.inHeader) {
        // The first byte: packet type and flags.
        this.inHeader = true;
        this.lengthValue = 0;
        this.lengthMultiplier = 1;
        this.lengthBytes = 0;
        i++;
        continue;
      }
      // Remaining length: up to four bytes, seven bits each, least significant first.
      const byte = chunk[i++]!;
      this.lengthValue += (byte & 0x7f) * this.lengthMultiplier;
      this.lengthMultiplier *= 128;
      this.lengthBytes++;
      const limit = this.packets === 0 ? this.limits.connectBytes : this.limits.packetBytes;
      if (this.lengthValue > limit) return false;
      if (byte & 0x80) {
        if (this.lengthBytes >= 4) return false;
        continue;
      }
      this.inHeader = false;
      this.packets++;
      this.remaining = this.lengthValue === 0 ? -1 : this.lengthValue;
    }
    return true;
  }
}

/**
 * A socket as aedes sees it, with the guard in front of what it reads. Writes go straight
 * to the socket; a packet over its limit destroys both.
 */
export class GuardedSocket extends Duplex {
  private readonly guard: PacketLengthGuard;
  /** Kept: a destroyed socket forgets its address. */
  readonly remoteAddress: string | undefined;

  constructor(
    private readonly socket: net.Socket,
    limits: PacketLimits,
    onRefused: () => void,
  ) {
    super();
    this.remoteAddress = socket.remoteAddress;
    this.guard = new PacketLengthGuard(limits);
    socket.on('data', (chunk: Buffer) => {
      if (!this.guard.accept(chunk)) {
        onRefused();
        socket.destroy();
        this.destroy();
        return;
      }
      if (!this.push(chunk)) socket.pause();
    });
    socket.on('end', () => this.push(null));
    socket.on('error', (error) => this.destroy(error));
    socket.on('close', () => this.destroy());
  }

  override _read() {
    this.socket.resume();
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void) {
    this.socket.write(chunk, encoding, callback);
  }

  override _final(callback: (error?: Error | null) => void) {
    this.socket.end(callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void) {
    this.socket.destroy();
    callback(error);
  }
}
