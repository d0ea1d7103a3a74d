import type { z } from 'zod';
import { type AreaFilter, requireActor, requirePermission } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { areaScope, placeOf } from './access.ts';
import { agreementHtml } from './agreement.ts';
import type { CaseKeeping, MediationDeps } from './case-keeping.ts';
import {
  agreementPageOf,
  presentCaseDetail,
  presentClaim,
  presentListItem,
  presentMyCase,
  presentRevealed,
} from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/** Cases as the staff, the mediators and the parties read them; whole numbers only through reveal, audited. */
export class CaseReading {
  constructor(
    private readonly d: MediationDeps,
    private readonly cases: CaseKeeping,
  ) {}

  /** Cases under mediation the caller sees in an area (the cockpit), as the case list shows them. */
  async countUnderMediation(ctx: RequestContext, area: AreaFilter): Promise<number> {
    const actor = requireActor(ctx.actor);
    requirePermission(actor, 'mediation.read');
    const studioIds = await repo.studiosOfUser(this.d.db, actor.userId);
    return repo.countUnderMediation(this.d.db, { area: areaScope(actor), studioIds, userId: actor.userId }, area);
  }

  async list(ctx: RequestContext, q: z.infer<typeof S.CaseListQuery>): Promise<View<typeof S.CaseList>> {
    const actor = requireActor(ctx.actor);
    const studioIds = await repo.studiosOfUser(this.d.db, actor.userId);
    const after = decodeCursor(q.cursor);
    const now = this.d.clock.now();
    const rows = await repo.listCases(
      this.d.db,
      { area: areaScope(actor), studioIds, userId: actor.userId },
      {
        q: q.q,
        status: q.status,
        category: q.category,
        studioId: q.studioId,
        mediatorUserId: q.mediatorUserId,
        communityId: q.communityId,
        communityIds: q.areaId === undefined ? undefined : await this.d.org.divisionsUnder(q.areaId),
        risk: q.risk,
        overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
        queue: q.queue,
        now,
      },
      after?.id ?? null,
      q.limit,
    );
    const page = rows.slice(0, q.limit);
    const [names, parties] = await Promise.all([
      this.cases.names(page),
      repo.partiesOf(
        this.d.db,
        page.map((c) => c.id),
      ),
    ]);
    return {
      items: page.map((c) =>
        presentListItem(
          c,
          names,
          parties.filter((p) => p.case_id === c.id),
          ctx.locale,
          now,
        ),
      ),
      nextCursor: rows.length > q.limit ? encodeCursor({ sort: null, id: page[page.length - 1]!.id }) : null,
    };
  }

  async get(ctx: RequestContext, id: number): Promise<View<typeof S.CaseDetail>> {
    const actor = requireActor(ctx.actor);
    const { c, access } = await this.cases.readable(actor, id);
    const db = this.d.db;
    const [names, parties, taskForce, sessions, agreement, instalments, followUps, claims, timeline] =
      await Promise.all([
        this.cases.names([c]),
        repo.partiesOf(db, [id]),
        repo.taskForceOf(db, id),
        repo.sessionsOf(db, id),
        repo.agreementOf(db, id),
        repo.instalmentsOf(db, id),
        repo.followUpsOf(db, id),
        repo.claimsSummary(db, id),
        repo.timelineOf(db, id),
      ]);
    return presentCaseDetail(
      c,
      { names, parties, taskForce, sessions, agreement, instalments, followUps, claims, timeline },
      access,
      ctx.locale,
      this.d.clock.now(),
    );
  }

  /** A resident's own cases as a party: where each stands, and nothing of the others'. */
  async myCases(ctx: RequestContext): Promise<View<typeof S.MyCases>> {
    const actor = requireActor(ctx.actor);
    const rows = await repo.casesOfParty(this.d.db, actor.userId, actor.personId);
    const seen = new Set<number>();
    const cases = rows.filter((r) => !seen.has(r.id) && seen.add(r.id));
    const steps = await repo.statusStepsOf(
      this.d.db,
      cases.map((c) => c.id),
    );
    return { items: cases.map((c) => presentMyCase(c, steps, ctx.locale)) };
  }

  /** The parties' whole ID and phone numbers (and the claimants'), for the mediator in charge, the task force and admins; every call audited. */
  async reveal(ctx: RequestContext, id: number): Promise<View<typeof S.RevealView>> {
    const actor = requireActor(ctx.actor);
    const { c, access } = await this.cases.readable(actor, id);
    if (!access.handle) throw new AppError('forbidden');
    const [parties, claims] = await Promise.all([repo.partiesOf(this.d.db, [id]), repo.claimPhones(this.d.db, id)]);
    await this.d.db.transaction().execute((trx) =>
      this.d.audit.record(trx, ctx, {
        action: 'mediation.reveal',
        entityType: 'case',
        entityId: id,
        place: placeOf(c),
        details: { code: c.code, parties: parties.length, claims: claims.length },
      }),
    );
    return presentRevealed(parties, claims);
  }

  /**
   * The printable 人民调解协议书 (HTML, every value escaped). ID numbers and phones are masked,
   * except on the copy the parties sign (copy=signed), which carries them whole: only those who
   * handle the case may print it, and each print is audited as a reveal.
   */
  async agreementPage(ctx: RequestContext, id: number, copy: 'masked' | 'signed' = 'masked'): Promise<string> {
    const actor = requireActor(ctx.actor);
    const { c, access } = await this.cases.readable(actor, id);
    if (copy === 'signed' && !access.handle) throw new AppError('forbidden');
    const agreement = await repo.agreementOf(this.d.db, id);
    if (!agreement) throw new AppError('not_found');
    const [parties, instalments, names] = await Promise.all([
      repo.partiesOf(this.d.db, [id]),
      repo.instalmentsOf(this.d.db, id),
      this.cases.names([c]),
    ]);
    if (copy === 'signed')
      await this.d.db.transaction().execute((trx) =>
        this.d.audit.record(trx, ctx, {
          action: 'mediation.agreement.print_signed',
          entityType: 'case',
          entityId: id,
          place: placeOf(c),
          details: { code: c.code, parties: parties.length },
        }),
      );
    return agreementHtml(agreementPageOf(c, agreement, parties, instalments, names, copy === 'signed'));
  }

  async listClaims(
    ctx: RequestContext,
    id: number,
    q: { cursor?: string | undefined; limit: number },
  ): Promise<View<typeof S.ClaimList>> {
    const actor = requireActor(ctx.actor);
    await this.cases.readable(actor, id);
    const after = decodeCursor(q.cursor);
    const [rows, summary] = await Promise.all([
      repo.listClaims(this.d.db, id, after?.id ?? null, q.limit),
      repo.claimsSummary(this.d.db, id),
    ]);
    const page = rows.slice(0, q.limit);
    return {
      items: page.map(presentClaim),
      nextCursor: rows.length > q.limit ? encodeCursor({ sort: null, id: page[page.length - 1]!.id }) : null,
      ...summary,
    };
  }
}
