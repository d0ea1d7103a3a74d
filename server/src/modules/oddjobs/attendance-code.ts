import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The QR code shown at the work site for check-in and check-out: a payload (posting, purpose,
 * expiry) and its HMAC-SHA256 under the server's key, base64url. The server signs and checks,
 * so a shared-key MAC is enough; a forged or altered code fails the MAC, an old one its expiry.
 * Pure but for the key passed in.
 */
export type AttendancePurpose = 'in' | 'out';

export interface AttendanceClaim {
  postingId: number;
  purpose: AttendancePurpose;
  expiresAt: Date;
}

const b64 = (b: Buffer) => b.toString('base64url');

function mac(key: Buffer, payload: string) {
  return createHmac('sha256', key).update(`oddjobs.attendance.v1.${payload}`).digest();
}

export function signAttendance(key: Buffer, claim: AttendanceClaim): string {
  const payload = b64(
    Buffer.from(JSON.stringify({ p: claim.postingId, k: claim.purpose, e: claim.expiresAt.getTime() })),
  );
  return `${payload}.${b64(mac(key, payload))}`;
}

export type AttendanceCheck =
  | { ok: true; claim: AttendanceClaim }
  | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

export function verifyAttendance(key: Buffer, token: string, now: Date): AttendanceCheck {
  const [payload, signature, extra] = token.trim().split('.');
  if (!payload || !signature || extra !== undefined) return { ok: false, reason: 'malformed' };
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(key, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  let parsed: { p?: unknown; k?: unknown; e?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const { p, k, e } = parsed;
  if (typeof p !== 'number' || (k !== 'in' && k !== 'out') || typeof e !== 'number')
    return { ok: false, reason: 'malformed' };
  if (e <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claim: { postingId: p, purpose: k, expiresAt: new Date(e) } };
}
