import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The rotating code fair staff show at the door (the approach of oddjobs/attendance-code.ts): a
 * payload (fair, expiry) and its HMAC-SHA256 under the server's key, base64url. A forged or
 * altered code fails the MAC, an old one its expiry. Pure but for the key passed in.
 */
export interface DoorClaim {
  fairId: number;
  expiresAt: Date;
}

const b64 = (b: Buffer) => b.toString('base64url');
const mac = (key: Buffer, payload: string) => createHmac('sha256', key).update(`jobfairs.door.v1.${payload}`).digest();

export function signDoor(key: Buffer, claim: DoorClaim): string {
  const payload = b64(Buffer.from(JSON.stringify({ f: claim.fairId, e: claim.expiresAt.getTime() })));
  return `${payload}.${b64(mac(key, payload))}`;
}

export type DoorCheck = { ok: true; claim: DoorClaim } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

export function verifyDoor(key: Buffer, token: string, now: Date): DoorCheck {
  const [payload, signature, extra] = token.trim().split('.');
  if (!payload || !signature || extra !== undefined) return { ok: false, reason: 'malformed' };
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(key, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  let parsed: { f?: unknown; e?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const { f, e } = parsed;
  if (typeof f !== 'number' || typeof e !== 'number') return { ok: false, reason: 'malformed' };
  if (e <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claim: { fairId: f, expiresAt: new Date(e) } };
}
