import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import { requireActor } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid, isUniqueViolation } from '../../platform/errors.ts';
import { mayManageRota } from './access.ts';
import { DUTY_ROLE_LABELS, say } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { RightsDeps } from './service.ts';
import type { RouteRef } from './tables.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

export interface CheckedSlot {
  shift: repo.ShiftRow;
  startsAt: Date;
}

/**
 * Who is on duty when (值班表): lawyers and counsellors at a community's desk, each shift cut
 * into bookable slots. A slot is booked once: the unique (shift, start) settles two at once.
 */
export class DutyRota {
  constructor(private readonly d: RightsDeps) {}

  async createShift(ctx: RequestContext, body: z.infer<typeof S.ShiftBody>): Promise<z.infer<typeof S.ShiftView>> {
    const actor = requireActor(ctx.actor);
    const place = { divisionId: body.communityId, gridId: null };
    if (!mayManageRota(actor, place)) throw new AppError('forbidden');
    const startsAt = new Date(body.startsAt);
    const endsAt = new Date(body.endsAt);
    const slotMinutes = body.slotMinutes ?? this.d.options.slotMinutes;
    if (endsAt <= startsAt) throw invalid('body.endsAt', 'rights.shift_ends_before_start');
    if (endsAt.getTime() - startsAt.getTime() > DAY) throw invalid('body.endsAt', 'rights.shift_too_long');
    if ((endsAt.getTime() - startsAt.getTime()) % (slotMinutes * MINUTE) !== 0)
      throw invalid('body.slotMinutes', 'rights.shift_not_whole_slots');
    const now = this.d.clock.now();
    const row = await this.d.db.transaction().execute(async (trx) => {
      const shift = await repo.insertShift(trx, {
        community_id: body.communityId,
        role: body.role,
        name: body.name,
        place: body.place,
        starts_at: startsAt,
        ends_at: endsAt,
        slot_minutes: slotMinutes,
        created_by: actor.userId,
        created_at: now,
      });
      await this.d.audit.record(trx, ctx, {
        action: 'rights.shift.create',
        entityType: 'rights_shift',
        entityId: shift.id,
        place,
        details: { role: body.role, name: body.name },
      });
      return shift;
    });
    return {
      id: row.id,
      communityId: row.community_id,
      role: row.role,
      name: row.name,
      place: row.place,
      startsAt: row.starts_at.toISOString(),
      endsAt: row.ends_at.toISOString(),
      slotMinutes: row.slot_minutes,
    };
  }

  /** The free slots of a community's duty rota from now on. */
  async slots(
    ctx: RequestContext,
    communityId: number,
    q: z.infer<typeof S.SlotsQuery>,
  ): Promise<z.infer<typeof S.SlotsView>> {
    const now = this.d.clock.now();
    const shifts = await repo.shiftsBetween(
      this.d.db,
      communityId,
      now,
      new Date(now.getTime() + q.days * DAY),
      q.role,
    );
    const booked = await repo.bookedStarts(
      this.d.db,
      shifts.map((s) => s.id),
    );
    const items: z.infer<typeof S.SlotsView>['items'] = [];
    for (const s of shifts) {
      const step = s.slot_minutes * MINUTE;
      for (let t = s.starts_at.getTime(); t + step <= s.ends_at.getTime(); t += step) {
        if (t < now.getTime() || booked.has(`${s.id}@${t}`)) continue;
        items.push({
          shiftId: s.id,
          role: { code: s.role, label: say(DUTY_ROLE_LABELS[s.role], ctx.locale) },
          name: s.name,
          place: s.place,
          startsAt: new Date(t).toISOString(),
          endsAt: new Date(t + step).toISOString(),
        });
      }
    }
    return { items };
  }

  /** A slot asked for: a shift of the case's community, a whole slot of it, not yet begun. */
  async checkSlot(
    body: { shiftId?: number | undefined; slotStartsAt?: string | undefined },
    communityId: number,
  ): Promise<CheckedSlot> {
    if (body.shiftId === undefined) throw invalid('body.shiftId', 'rights.slot_required');
    if (body.slotStartsAt === undefined) throw invalid('body.slotStartsAt', 'rights.slot_required');
    const shift = await repo.shiftById(this.d.db, body.shiftId);
    if (!shift || shift.community_id !== communityId) throw invalid('body.shiftId', 'rights.unknown_shift');
    const startsAt = new Date(body.slotStartsAt);
    const offset = startsAt.getTime() - shift.starts_at.getTime();
    const step = shift.slot_minutes * MINUTE;
    if (
      offset < 0 ||
      offset % step !== 0 ||
      startsAt.getTime() + step > shift.ends_at.getTime() ||
      startsAt < this.d.clock.now()
    )
      throw invalid('body.slotStartsAt', 'rights.not_a_slot');
    return { shift, startsAt };
  }

  /** Books a checked slot for a case, in the caller's transaction; a slot taken meanwhile is a 409. */
  async book(trx: Executor, slot: CheckedSlot, caseId: number, now: Date): Promise<RouteRef> {
    try {
      const { id } = await repo.insertBooking(trx, {
        shift_id: slot.shift.id,
        case_id: caseId,
        starts_at: slot.startsAt,
        created_at: now,
      });
      return {
        bookingId: id,
        startsAt: slot.startsAt.toISOString(),
        dutyName: slot.shift.name,
        dutyRole: slot.shift.role,
      };
    } catch (error) {
      if (isUniqueViolation(error, 'rights_bookings_slot'))
        throw new AppError('conflict', { reason: 'slot' }, [{ path: 'body.slotStartsAt', key: 'rights.slot_taken' }]);
      throw error;
    }
  }
}
