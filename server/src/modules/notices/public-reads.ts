import type { NoticesDeps } from './deps.ts';
import * as repo from './repository.ts';

const PUBLIC_LIMIT = 20;

/**
 * The notices a community's public page shows (公告). Notices have no "public" flag, so the rule is
 * the safe one: a current notice (not superseded, cancelled or expired, already effective) of status
 * actual, addressed to the community or an area it lies in, to everyone there — no audience tags
 * (a notice to elders living alone stays with them) and no roles, or residents among the roles (a
 * notice to staff only stays with staff). Exercises and tests are never shown.
 */
export async function publicNotices(d: NoticesDeps, communityId: number) {
  const now = d.clock.now();
  const { street, district } = await d.org.ancestorsOf(communityId);
  const area = [communityId, street, district].filter((id): id is number => id !== null);
  const rows = await repo.listNotices(d.db, { divisionIds: area, current: true, now, limit: PUBLIC_LIMIT * 2 });
  return rows
    .filter(
      (n) =>
        n.status === 'actual' &&
        n.effective <= now &&
        n.area_division_ids.some((a) => area.includes(a)) &&
        n.audience_tags.length === 0 &&
        (n.audience_roles.length === 0 || n.audience_roles.includes('resident')),
    )
    .slice(0, PUBLIC_LIMIT)
    .map((n) => ({
      id: n.id,
      headline: n.headline,
      description: n.description,
      instruction: n.instruction,
      topic: n.topic,
      severity: n.severity,
      urgency: n.urgency,
      sent: n.sent.toISOString(),
      expires: n.expires.toISOString(),
    }));
}
