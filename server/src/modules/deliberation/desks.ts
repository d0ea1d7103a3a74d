import type { z } from 'zod';
import { requireActor, type Actor } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { mayCancelBooking, placeOf, runsDesk } from './access.ts';
import type { Communities, DeliberationDeps } from './communities.ts';
import { presentBooking, presentDesk, presentSlot } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';

const DAY_MS = 86_400_000;

/** 协商铃: consultation desks and mediators' desks, their slots, and residents' bookings with reminders. */
export class Desks {
  constructor(
    private readonly d: DeliberationDeps,
    private readonly communities: Communities,
  ) {}

  async create(ctx: RequestContext, body: z.infer<typeof S.DeskBody>) {
    const actor = requireActor(ctx.actor);
    this.communities.requireManages(actor, body.communityId);
    const id = await this.d.db.transaction().execute(async (trx) => {
      if (body.hostUserId !== undefined)
        await this.communities.requireUsersOf(body.communityId, [body.hostUserId], 'body.hostUserId', trx);
      const deskId = await repo.insertDesk(trx, {
        community_id: body.communityId,
        name: body.name,
        kind: body.kind,
        host_user_id: body.hostUserId ?? null,
        place: body.place,
        created_at: this.d.clock.now(),
      });
      await this.d.audit.record(trx, ctx, {
        action: 'deliberation.desk.create',
        entityType: 'desk',
        entityId: deskId,
        place: placeOf(body.communityId),
        details: { name: body.name },
      });
      return deskId;
    });
    return (await this.list(ctx, body.communityId)).items.find((d) => d.id === id)!;
  }

  async list(ctx: RequestContext, communityId: number | undefined) {
    const actor = requireActor(ctx.actor);
    const mine = await this.communities.of(actor);
    const rows = await repo.desksOf(this.d.db, communityId ? mine.filter((c) => c === communityId) : mine);
    const names = await this.communities.names(rows.map((d) => d.host_user_id).filter((u): u is number => u !== null));
    return { items: rows.map((d) => presentDesk(d, d.host_user_id ? (names.get(d.host_user_id) ?? null) : null)) };
  }

  /** The desk, if one takes part in its community (else 404); for a change, one must run it (else 403). */
  private async deskFor(actor: Actor, deskId: number, write: boolean) {
    const d = await repo.deskById(this.d.db, deskId);
    if (!d || !(await this.communities.of(actor)).includes(d.community_id)) throw new AppError('not_found');
    if (write && !runsDesk(actor, d)) throw new AppError('forbidden');
    return d;
  }

  async addSlots(ctx: RequestContext, deskId: number, body: z.infer<typeof S.SlotsBody>) {
    const actor = requireActor(ctx.actor);
    const d = await this.deskFor(actor, deskId, true);
    if (body.slots.some((s) => s.endsAt <= s.startsAt))
      throw new AppError('validation_failed', {}, [{ path: 'body.slots', key: 'deliberation.bad_times' }]);
    await this.d.db.transaction().execute(async (trx) => {
      const made = await repo.insertSlots(
        trx,
        body.slots.map((s) => ({ desk_id: deskId, starts_at: s.startsAt, ends_at: s.endsAt, capacity: s.capacity })),
      );
      await this.d.audit.record(trx, ctx, {
        action: 'deliberation.slots.add',
        entityType: 'desk',
        entityId: deskId,
        place: placeOf(d.community_id),
        details: { slots: made.length },
      });
    });
    return this.slots(ctx, deskId, {});
  }

  async slots(ctx: RequestContext, deskId: number, q: z.infer<typeof S.SlotQuery>) {
    const actor = requireActor(ctx.actor);
    await this.deskFor(actor, deskId, false);
    const from = q.from ?? this.d.clock.now();
    const to = q.to ?? new Date(from.getTime() + 30 * DAY_MS);
    const rows = await repo.slotsOf(this.d.db, deskId, from, to);
    const mine = new Set(
      (await repo.bookingsWhere(this.d.db, { userId: actor.userId, deskId }))
        .filter((b) => b.status === 'booked')
        .map((b) => b.slot_id),
    );
    return { items: rows.map((s) => presentSlot(s, mine.has(s.id))) };
  }

  /** Books a slot, within its capacity also when many book at once (the slot row is locked). */
  async book(ctx: RequestContext, body: z.infer<typeof S.BookingBody>) {
    const actor = requireActor(ctx.actor);
    const communities = await this.communities.of(actor);
    const id = await this.d.db.transaction().execute(async (trx) => {
      const now = this.d.clock.now();
      const slot = await repo.lockSlot(trx, body.slotId);
      const desk = slot ? await repo.deskById(trx, slot.desk_id) : undefined;
      if (!slot || !desk || !communities.includes(desk.community_id)) throw new AppError('not_found');
      if (slot.cancelled || !desk.active || slot.starts_at <= now)
        throw new AppError('conflict', { reason: 'closed' }, [{ key: 'deliberation.slot_closed' }]);
      if (await repo.activeBooking(trx, slot.id, actor.userId))
        throw new AppError('conflict', { reason: 'booked' }, [{ key: 'deliberation.already_booked' }]);
      if ((await repo.countBooked(trx, slot.id)) >= slot.capacity)
        throw new AppError('conflict', { reason: 'full' }, [{ key: 'deliberation.slot_full' }]);
      const bookingId = await repo.insertBooking(trx, {
        slot_id: slot.id,
        user_id: actor.userId,
        subject: body.subject,
        created_at: now,
      });
      if (desk.host_user_id !== null) {
        await this.d.notifications.notify(trx, [desk.host_user_id], {
          kind: 'deliberation.booking',
          title: {
            key: 'notify.deliberation.booking',
            params: { name: actor.displayName, time: this.communities.localDateTime(slot.starts_at) },
          },
          body: body.subject.slice(0, 80),
          link: `/deliberation/desks/${desk.id}`,
          entityType: 'booking',
          entityId: bookingId,
        });
      }
      await this.d.audit.record(trx, ctx, {
        action: 'deliberation.booking.create',
        entityType: 'booking',
        entityId: bookingId,
        place: placeOf(desk.community_id),
        details: { slotId: slot.id },
      });
      return bookingId;
    });
    return presentBooking((await repo.bookingById(this.d.db, id))!, actor.displayName);
  }

  async myBookings(ctx: RequestContext) {
    const actor = requireActor(ctx.actor);
    const rows = await repo.bookingsWhere(this.d.db, { userId: actor.userId });
    return { items: rows.map((b) => presentBooking(b, actor.displayName)) };
  }

  async deskBookings(ctx: RequestContext, deskId: number) {
    const actor = requireActor(ctx.actor);
    await this.deskFor(actor, deskId, true);
    const rows = await repo.bookingsWhere(this.d.db, {
      deskId,
      from: new Date(this.d.clock.now().getTime() - 7 * DAY_MS),
    });
    const names = await this.communities.names(rows.map((b) => b.user_id));
    return { items: rows.map((b) => presentBooking(b, names.get(b.user_id) ?? '')) };
  }

  async cancelBooking(ctx: RequestContext, id: number) {
    const actor = requireActor(ctx.actor);
    const b = await repo.bookingById(this.d.db, id);
    if (!b || !mayCancelBooking(actor, b)) throw new AppError('not_found');
    if (b.starts_at <= this.d.clock.now())
      throw new AppError('conflict', { reason: 'started' }, [{ key: 'deliberation.slot_closed' }]);
    await this.d.db.transaction().execute(async (trx) => {
      if (!(await repo.setBookingStatus(trx, id, 'cancelled', ['booked'])))
        throw new AppError('conflict', { reason: b.status }, [{ key: 'deliberation.booking_state' }]);
      const tell = b.user_id === actor.userId ? (b.host_user_id !== null ? [b.host_user_id] : []) : [b.user_id];
      await this.d.notifications.notify(trx, tell, {
        kind: 'deliberation.booking_cancelled',
        title: {
          key: 'notify.deliberation.booking_cancelled',
          params: { time: this.communities.localDateTime(b.starts_at) },
        },
        body: b.subject.slice(0, 80),
        link: '/deliberation/bookings',
        entityType: 'booking',
        entityId: id,
      });
      await this.d.audit.record(trx, ctx, {
        action: 'deliberation.booking.cancel',
        entityType: 'booking',
        entityId: id,
        place: placeOf(b.community_id),
      });
    });
    return this.presentBookingOf(id, b.user_id);
  }

  async markBooking(ctx: RequestContext, id: number, status: 'attended' | 'no_show') {
    const actor = requireActor(ctx.actor);
    const b = await repo.bookingById(this.d.db, id);
    if (!b || !runsDesk(actor, b)) throw new AppError('not_found');
    await this.d.db.transaction().execute(async (trx) => {
      if (!(await repo.setBookingStatus(trx, id, status, ['booked', 'attended', 'no_show'])))
        throw new AppError('conflict', { reason: b.status }, [{ key: 'deliberation.booking_state' }]);
      await this.d.audit.record(trx, ctx, {
        action: `deliberation.booking.${status}`,
        entityType: 'booking',
        entityId: id,
        place: placeOf(b.community_id),
      });
    });
    return this.presentBookingOf(id, b.user_id);
  }

  private async presentBookingOf(id: number, userId: number) {
    return presentBooking(
      (await repo.bookingById(this.d.db, id))!,
      (await this.communities.names([userId])).get(userId) ?? '',
    );
  }

  /** Scheduled: an hour before a booked slot, the resident and the host are reminded. */
  async remind(now: Date): Promise<number> {
    return this.d.db.transaction().execute(async (trx) => {
      const due = await repo.takeDueReminders(trx, new Date(now.getTime() + 3_600_000), now);
      for (const b of due) {
        const desk = await repo.deskById(trx, b.desk_id);
        await this.d.notifications.notify(trx, [b.user_id, ...(desk?.host_user_id ? [desk.host_user_id] : [])], {
          kind: 'deliberation.booking_reminder',
          title: {
            key: 'notify.deliberation.booking_reminder',
            params: { time: this.communities.localDateTime(b.starts_at), desk: desk?.name ?? '' },
          },
          body: b.subject.slice(0, 80),
          link: '/deliberation/bookings',
          entityType: 'booking',
          entityId: b.id,
        });
      }
      return due.length;
    });
  }
}
