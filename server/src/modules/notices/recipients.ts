import type { Executor } from '../../db/connection.ts';
import type { Insertable } from 'kysely';
import { type NoticesDeps, RECIPIENT_ENTITY } from './deps.ts';
import * as repo from './repository.ts';
import type { RecipientTable } from './tables.ts';

/**
 * Who a notice reaches, resolved when it is published: the people of the area carrying one of the
 * audience's tags (by their account in the app, else by SMS to the phone on file, else no channel:
 * a grid worker has to tell them), and the users holding one of the audience's roles in the area.
 */
export async function resolveRecipients(
  d: NoticesDeps,
  trx: Executor,
  n: repo.NoticeRow,
): Promise<Omit<Insertable<RecipientTable>, 'notice_id'>[]> {
  const divisionIds = [
    ...new Set((await Promise.all(n.area_division_ids.map((a) => d.org.divisionsUnder(a, trx)))).flat()),
  ];
  const out: Omit<Insertable<RecipientTable>, 'notice_id'>[] = [];
  const persons = await d.org.personsTagged({ divisionIds, gridIds: [] }, n.audience_tags, {}, 20_000, trx);
  const users = await d.auth.usersOfPersons(
    persons.map((p) => p.id),
    trx,
  );
  const phones = await d.org.personPhones(
    persons.filter((p) => !users.has(p.id)).map((p) => p.id),
    trx,
  );
  const reached = new Set<number>();
  for (const p of persons) {
    const userId = users.get(p.id) ?? null;
    if (userId !== null) reached.add(userId);
    out.push({
      person_id: p.id,
      user_id: userId,
      name: p.name,
      community_id: p.communityId,
      grid_id: p.gridId,
      tags: p.tags,
      channel: userId !== null ? 'app' : phones.get(p.id) ? 'sms' : 'none',
    });
  }
  if (n.audience_roles.length > 0) {
    const gridIds = await d.org.gridIdsIn(divisionIds, trx);
    const holders = await d.auth.usersWithRole(n.audience_roles as never, { divisionIds, gridIds }, trx);
    for (const u of holders) {
      if (reached.has(u.userId)) continue;
      reached.add(u.userId);
      out.push({
        person_id: null,
        user_id: u.userId,
        name: u.displayName,
        community_id: u.divisionId,
        grid_id: u.gridId,
        tags: [],
        channel: 'app',
      });
    }
  }
  return out;
}

/**
 * Sends the notice to recipients: in the app (an in-app notification, in their inbox at once, so
 * delivered), or by SMS through the messages module (delivered once the provider took it).
 * Recipients with no channel are counted, not sent to. No code path uses any push service.
 */
export async function sendTo(
  d: NoticesDeps,
  trx: Executor,
  n: repo.NoticeRow,
  recipients: repo.RecipientRow[],
  senderName: string,
) {
  const now = d.clock.now();
  const app = recipients.filter((r) => r.channel === 'app' && r.user_id !== null);
  await d.notifications.notify(
    trx,
    app.map((r) => r.user_id!),
    {
      kind: 'notice',
      title: { key: 'notify.notices.new', params: { headline: n.headline } },
      body: n.instruction || n.description.slice(0, 200),
      link: `/notices/${n.id}`,
      entityType: 'notice',
      entityId: n.id,
    },
  );
  for (const r of app)
    await repo.updateRecipient(trx, r.id, { sent_at: now, delivered_at: now, sends: r.sends + 1, last_sent_at: now });
  const sms = recipients.filter((r) => r.channel === 'sms' && r.person_id !== null);
  const phones = await d.org.personPhones(
    sms.map((r) => r.person_id!),
    trx,
  );
  for (const r of sms) {
    const phone = phones.get(r.person_id!);
    if (!phone) continue;
    const sent = await d.messages.send(trx, {
      to: { phone },
      channel: 'sms',
      kind: 'notice',
      params: { sender: senderName, headline: n.headline },
      entity: { type: RECIPIENT_ENTITY, id: r.id },
      divisionId: r.community_id,
    });
    await repo.updateRecipient(trx, r.id, {
      delivery_id: sent.id,
      delivered_at: null,
      sends: r.sends + 1,
      last_sent_at: now,
      ...(sent.status === 'queued' ? { sent_at: now } : {}),
    });
  }
  return app.length + sms.length;
}

/** SMS recipients whose message the provider has taken since: delivered at the time it was sent. */
export async function refreshDelivered(d: NoticesDeps, noticeId: number) {
  const waiting = await repo.smsAwaitingDelivery(d.db, noticeId);
  if (waiting.length === 0) return;
  const byDelivery = new Map(waiting.map((w) => [w.delivery_id!, w.id]));
  const statuses = await d.messages.statusesByEntity(
    RECIPIENT_ENTITY,
    waiting.map((w) => w.id),
  );
  for (const s of statuses) {
    const recipientId = byDelivery.get(s.id);
    if (recipientId !== undefined && s.status === 'sent' && s.sentAt)
      await repo.updateRecipient(d.db, recipientId, { delivered_at: s.sentAt });
  }
}
