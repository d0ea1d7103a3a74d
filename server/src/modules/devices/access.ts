import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Actor, assertCanWrite, type OrgPlace, requirePermission } from '../../platform/access.ts';
import { AppError } from '../../platform/errors.ts';

/**
 * Who may do what with devices: staff read devices and alarms of their area
 * (devices.read), handle alarms there (devices.handle) and manage devices and their
 * rules (devices.manage). A device proves itself with its code and secret.
 */

/** Where a device or alarm sits, for the scope checks. */
export const placeOf = (row: { community_id: number; grid_id: number | null }): OrgPlace => ({
  divisionId: row.community_id,
  gridId: row.grid_id,
});

export const hashSecret = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');
export const newSecret = () => randomBytes(24).toString('base64url');

/** Compares in constant time, so a secret cannot be guessed byte by byte from timings. */
export function secretMatches(secret: string, hash: string) {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Write access to a rule's target: a device's rule, whoever manages the device's place
 * (`devicePlace` undefined: no such device, 403); a rule for a whole device type applies
 * everywhere, so district admins only.
 */
export function assertRuleTarget(
  actor: Actor | null,
  target: { deviceType: true } | { devicePlace: OrgPlace | undefined },
) {
  if ('devicePlace' in target) {
    assertCanWrite(actor, 'devices.manage', target.devicePlace);
    return;
  }
  const scope = requirePermission(actor, 'devices.manage');
  const isDistrict = actor!.grants.some((g) => g.role === 'district_admin');
  if (!isDistrict || scope.divisionIds.length === 0) throw new AppError('forbidden');
}
