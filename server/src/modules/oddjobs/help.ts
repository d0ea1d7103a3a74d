import type { z } from 'zod';
import { requireActor, scopeFor, type Actor } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { addMonths, localInstant, localParts } from '../../platform/local-time.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import { mayHelp, mayReadMarket, placeOf } from './access.ts';
import { ageIn, disputesPer100, helpReasons, monthsBetween, olderBornBy } from './help-rules.ts';
import { presentHelpAction, presentQueueItem } from './presenters-help.ts';
import * as repo from './repository.ts';
import * as help from './repository-help.ts';
import type * as S from './schema.ts';
import type { OddjobsDeps, OddjobsService } from './service.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

const DAY_MS = 86_400_000;
/** The longest month range the figures answer for at once. */
export const MAX_FIGURE_MONTHS = 36;

/**
 * Help for the hard to place (就业困难人员 / 重点帮扶, 人社部发〔2022〕38号): the queue of the
 * seekers of the staff's communities who need a hand, and why; the help staff give (a call, a
 * referral to a posting, training suggested, a note) with a follow-up date; the marks staff set;
 * and the market's monthly figures. Reads need oddjobs.read, changes oddjobs.review; every change
 * and every reading of a whole phone number is audited.
 */
export class HelpQueue {
  constructor(
    private readonly d: OddjobsDeps,
    private readonly market: OddjobsService,
  ) {}

  async queue(ctx: RequestContext, q: z.infer<typeof S.HelpQueueQuery>): Promise<View<typeof S.HelpQueue>> {
    const actor = requireActor(ctx.actor);
    const communityIds = this.area(actor, q.communityId);
    const now = this.d.clock.now();
    const today = this.market.today();
    const year = Number(today.slice(0, 4));
    const waitingSince = new Date(now.getTime() - this.d.options.helpWaitingDays * DAY_MS);
    const after = decodeCursor(q.cursor);
    const rows = await help.queue(this.d.db, {
      communityIds,
      reason: q.reason,
      overdueBefore: q.overdue === 'true' ? today : undefined,
      waitingSince,
      olderBornBy: olderBornBy(year),
      ...(after ? { afterId: after.id } : {}),
      limit: q.limit,
    });
    const page = rows.slice(0, q.limit);
    const [names, contacts] = await Promise.all([
      this.market.communityNames(page.map((r) => r.community_id)),
      Promise.all(page.map((r) => this.d.auth.contactOf(r.user_id))),
    ]);
    const contactOf = new Map(page.map((r, i) => [r.id, contacts[i]]));
    const result = toPage(
      rows,
      q.limit,
      (r) => {
        const registered = localParts(r.created_at, this.d.options.timeZone).date;
        return presentQueueItem(r, {
          contact: contactOf.get(r.id) ?? null,
          communityName: names.get(r.community_id) ?? '',
          reasons: helpReasons(
            {
              createdAt: r.created_at,
              hired: r.hired,
              birthYear: r.birth_year,
              declaredDisabled: r.declared_disabled,
              flagOlder: r.flag_older,
              flagDisabled: r.flag_disabled,
              flagLowIncome: r.flag_low_income,
            },
            { waitingSince, localYear: year },
          ),
          age: ageIn(r.birth_year, year),
          waitingDays: Math.round((Date.parse(today) - Date.parse(registered)) / DAY_MS),
          overdue: r.follow_up_on !== null && r.follow_up_on < today,
        });
      },
      (r) => ({ sort: null, id: r.id }),
    );
    return { ...result, waitAfterDays: this.d.options.helpWaitingDays };
  }

  /** A help action on a seeker of my area; its follow-up date becomes the seeker's next one. */
  async act(
    ctx: RequestContext,
    seekerId: number,
    body: z.infer<typeof S.HelpActionBody>,
  ): Promise<View<typeof S.HelpActionView>> {
    const actor = requireActor(ctx.actor);
    const seeker = await this.helpable(actor, seekerId);
    if (body.kind === 'referral' && body.postingId === undefined) throw invalid('body.postingId', 'field.required');
    if (body.kind !== 'referral' && body.postingId !== undefined) throw invalid('body.postingId', 'field.invalid');
    if (body.followUpOn !== null && body.followUpOn < this.market.today())
      throw invalid('body.followUpOn', 'field.invalid');
    let posting: repo.PostingRow | null = null;
    if (body.postingId !== undefined) {
      posting = (await repo.postingById(this.d.db, body.postingId)) ?? null;
      // A posting outside my area reads as one that does not exist.
      if (!posting || !mayReadMarket(actor, posting)) throw invalid('body.postingId', 'field.invalid');
      if (posting.status !== 'open' || posting.ends_at <= this.d.clock.now())
        throw invalid('body.postingId', 'oddjobs.not_open');
    }
    const now = this.d.clock.now();
    const row = await this.d.db.transaction().execute(async (trx) => {
      await help.seekerForUpdate(trx, seeker.id);
      const action = await help.insertHelpAction(trx, {
        seeker_id: seeker.id,
        community_id: seeker.community_id,
        kind: body.kind,
        posting_id: posting?.id ?? null,
        note: body.note,
        follow_up_on: body.followUpOn,
        staff_user_id: actor.userId,
        created_at: now,
      });
      await help.updateSeeker(trx, seeker.id, { follow_up_on: body.followUpOn });
      await this.d.audit.record(trx, ctx, {
        action: `oddjobs.help.${body.kind}`,
        entityType: 'oddjobs_seeker',
        entityId: seeker.id,
        place: placeOf(seeker),
        details: { actionId: action.id, postingId: posting?.id ?? null, followUpOn: body.followUpOn, note: body.note },
      });
      // A referral reaches the seeker as a job that suits them.
      if (posting)
        await this.d.notifications.notify(trx, [seeker.user_id], {
          kind: 'oddjobs.match',
          title: {
            key: 'notify.oddjobs.match',
            params: { title: posting.title, wage: (posting.hourly_fen / 100).toFixed(2).replace(/\.00$/, '') },
          },
          body: posting.place_name,
          link: '/oddjobs',
          entityType: 'oddjobs_posting',
          entityId: posting.id,
        });
      return action;
    });
    return presentHelpAction(row, posting ? { id: posting.id, title: posting.title } : null);
  }

  /** The help given to a seeker of my area, newest first. */
  async actions(ctx: RequestContext, seekerId: number): Promise<View<typeof S.HelpActionList>> {
    const actor = requireActor(ctx.actor);
    const seeker = await help.seekerById(this.d.db, seekerId);
    if (!seeker || !mayReadMarket(actor, seeker)) throw new AppError('not_found');
    const rows = await help.helpActionsOf(this.d.db, seeker.id);
    const postings = new Map(
      (
        await repo.postingsByIds(this.d.db, [...new Set(rows.flatMap((r) => (r.posting_id ? [r.posting_id] : [])))])
      ).map((p) => [p.id, { id: p.id, title: p.title }]),
    );
    return {
      items: rows.map((r) => presentHelpAction(r, r.posting_id ? (postings.get(r.posting_id) ?? null) : null)),
    };
  }

  /** Staff mark a seeker older, disabled or low income (or take the mark back); audited with before and after. */
  async flag(
    ctx: RequestContext,
    seekerId: number,
    body: z.infer<typeof S.HelpFlagsBody>,
  ): Promise<View<typeof S.HelpFlagsView>> {
    const actor = requireActor(ctx.actor);
    const seeker = await this.helpable(actor, seekerId);
    const flags = await this.d.db.transaction().execute(async (trx) => {
      const s = (await help.seekerForUpdate(trx, seeker.id))!;
      const before = { older: s.flag_older, disabled: s.flag_disabled, lowIncome: s.flag_low_income };
      const after = { ...before, ...body };
      await help.updateSeeker(trx, s.id, {
        flag_older: after.older,
        flag_disabled: after.disabled,
        flag_low_income: after.lowIncome,
      });
      await this.d.audit.record(trx, ctx, {
        action: 'oddjobs.help.flags',
        entityType: 'oddjobs_seeker',
        entityId: s.id,
        place: placeOf(s),
        details: { before, after },
      });
      return after;
    });
    return { seekerId: seeker.id, flags };
  }

  /** A seeker's whole name and phone, for the staff who help them; each reading audited. */
  async contact(ctx: RequestContext, seekerId: number): Promise<View<typeof S.SeekerContact>> {
    const actor = requireActor(ctx.actor);
    const seeker = await this.helpable(actor, seekerId);
    const contact = await this.d.auth.contactOf(seeker.user_id);
    await this.d.audit.record(this.d.db, ctx, {
      action: 'oddjobs.help.reveal',
      entityType: 'oddjobs_seeker',
      entityId: seeker.id,
      place: placeOf(seeker),
      details: {},
    });
    return { seekerId: seeker.id, name: contact?.name ?? '', phone: contact?.phone ?? '' };
  }

  /** The market's figures per community of my area and local month, with the area's totals. */
  async figures(ctx: RequestContext, q: z.infer<typeof S.FiguresQuery>): Promise<View<typeof S.FiguresView>> {
    const actor = requireActor(ctx.actor);
    const communityIds = this.area(actor, q.communityId);
    if (q.to < q.from) throw invalid('query.to', 'field.invalid');
    const months = monthsBetween(q.from, q.to);
    if (months.length > MAX_FIGURE_MONTHS) throw invalid('query.to', 'field.invalid');
    const tz = this.d.options.timeZone;
    const range = {
      communityIds,
      from: localInstant(`${q.from}-01`, 0, tz),
      to: localInstant(addMonths(`${q.to}-01`, 1), 0, tz),
      timeZone: tz,
    };
    const [rows, whole] = await Promise.all([
      help.monthFigures(this.d.db, range),
      help.monthFigures(this.d.db, { ...range, whole: true }),
    ]);
    const names = await this.market.communityNames(rows.map((r) => r.community_id));
    const figures = (r: help.MonthFigureRow) => ({
      month: r.month,
      postings: r.postings,
      positions: r.positions,
      seekers: r.seekers,
      hires: r.hires,
      medianFillHours: r.median_fill_hours === null ? null : Math.round(r.median_fill_hours * 10) / 10,
      disputes: r.disputes,
      disputesPer100: disputesPer100(r.disputes, r.hires),
    });
    const byMonth = new Map(whole.map((r) => [r.month, r]));
    return {
      from: q.from,
      to: q.to,
      rows: rows.map((r) => ({
        ...figures(r),
        community: { id: r.community_id, name: names.get(r.community_id) ?? '' },
      })),
      totals: months.map((m) =>
        figures(
          byMonth.get(m) ?? {
            community_id: 0,
            month: m,
            postings: 0,
            positions: 0,
            seekers: 0,
            hires: 0,
            disputes: 0,
            median_fill_hours: null,
          },
        ),
      ),
    };
  }

  // ----- helpers -----

  /** The communities a staff read covers: all of my area, or the one named if it lies in it. */
  private area(actor: Actor, communityId: number | undefined): number[] {
    const scope = scopeFor(actor, 'oddjobs.read');
    if (!scope.divisionIds.length) throw new AppError('forbidden');
    if (communityId === undefined) return [...scope.divisionIds];
    if (!scope.divisionIds.includes(communityId)) throw new AppError('not_found');
    return [communityId];
  }

  /** A seeker I may help: out of my area reads as missing, in it without oddjobs.review is refused. */
  private async helpable(actor: Actor, seekerId: number): Promise<repo.SeekerRow> {
    const seeker = await help.seekerById(this.d.db, seekerId);
    if (!seeker || !(mayReadMarket(actor, seeker) || mayHelp(actor, seeker))) throw new AppError('not_found');
    if (!mayHelp(actor, seeker)) throw new AppError('forbidden');
    return seeker;
  }
}
