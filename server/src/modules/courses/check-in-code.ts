import { createHmac } from 'node:crypto';

/**
 * The check-in code shown on the staff screen at a session: six digits derived by HMAC from
 * the session and the current time window, so it changes every window and cannot be guessed
 * from earlier ones. A learner's code is accepted in its window and the one before (a code read
 * just before it changed). Pure; "now" is the caller's clock.
 */
export function windowOf(at: Date, windowSeconds: number): number {
  return Math.floor(at.getTime() / (windowSeconds * 1000));
}

export function codeFor(secret: Buffer, sessionId: number, window: number): string {
  const mac = createHmac('sha256', secret).update(`course-session:${sessionId}:${window}`).digest();
  return String(mac.readUInt32BE(0) % 1_000_000).padStart(6, '0');
}

export function currentCode(secret: Buffer, sessionId: number, at: Date, windowSeconds: number) {
  const window = windowOf(at, windowSeconds);
  return { code: codeFor(secret, sessionId, window), expiresAt: new Date((window + 1) * windowSeconds * 1000) };
}

export function codeAccepted(
  secret: Buffer,
  sessionId: number,
  code: string,
  at: Date,
  windowSeconds: number,
): boolean {
  const window = windowOf(at, windowSeconds);
  return code === codeFor(secret, sessionId, window) || code === codeFor(secret, sessionId, window - 1);
}
