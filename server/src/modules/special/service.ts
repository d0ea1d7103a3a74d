import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { requireActor, scopeFor, type Actor } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import { systemContext, type RequestContext } from '../../platform/context.ts';
import { AppError, invalid, isUniqueViolation } from '../../platform/errors.ts';
import { addDays, localParts } from '../../platform/local-time.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import type { NotificationsService } from '../notifications/service.ts';
import type { OrgService } from '../org/service.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

const presentCategory = (c: repo.CategoryRow): View<typeof S.Category> => ({
  id: c.id,
  code: c.code,
  nameZh: c.name_zh,
  nameEn: c.name_en,
  fields: c.fields,
  visitDays: c.visit_days,
  active: c.active,
});

export interface SpecialDeps {
  db: Kysely<DB>;
  clock: Clock;
  timeZone: string;
  audit: AuditService;
  org: OrgService;
  notifications: NotificationsService;
  auth: Pick<AuthService, 'actorOf'>;
}

/**
 * People who need special attention (重点人群): a restricted register. Only special.read opens
 * it, and to anyone else every record and list answers 404, as if there were none. Every list
 * and every single read is audited in the same transaction, naming entries only (never people
 * or categories: administrators read the log). Nothing is written to the people
 * registry (no tag, no field), so no other module, list, search or export can learn the flag.
 */
export class SpecialService {
  constructor(private readonly d: SpecialDeps) {}

  private today(now = this.d.clock.now()) {
    return localParts(now, this.d.timeZone).date;
  }

  /** The communities the actor may read the register in; 404 when none (the register is not shown to exist). */
  private reach(ctx: RequestContext, permission: 'special.read' | 'special.manage'): { actor: Actor; ids: number[] } {
    const actor = requireActor(ctx.actor);
    const ids = [...scopeFor(actor, permission).divisionIds];
    if (ids.length === 0) throw new AppError('not_found');
    return { actor, ids };
  }

  private present(row: repo.EntryRow, day: string): View<typeof S.Entry> {
    const due = addDays(row.last_visit_on ?? row.starts_on, row.visit_days);
    return {
      id: row.id,
      person: { id: row.person_id, name: row.person_name },
      communityId: row.community_id,
      category: { id: row.category_id, code: row.code, nameZh: row.name_zh, nameEn: row.name_en },
      startsOn: row.starts_on,
      endsOn: row.ends_on,
      workerId: row.worker_id,
      fields: row.fields as Record<string, string>,
      status: row.status,
      lastVisitOn: row.last_visit_on,
      nextVisitDue: due,
      overdue: row.status === 'active' && due < day,
    };
  }

  async categories(ctx: RequestContext, q: z.infer<typeof S.CategoryQuery> = {}): Promise<View<typeof S.CategoryList>> {
    this.reach(ctx, 'special.read');
    const rows = await repo.categories(this.d.db, q.all === true);
    return { items: rows.map(presentCategory) };
  }

  /** A new category (special.manage): its code, names, the fields it needs and its visit interval. */
  async createCategory(ctx: RequestContext, body: z.infer<typeof S.CategoryBody>): Promise<View<typeof S.Category>> {
    this.reach(ctx, 'special.manage');
    return this.d.db.transaction().execute(async (trx) => {
      let row: repo.CategoryRow;
      try {
        row = await trx
          .insertInto('special.categories')
          .values({
            code: body.code,
            name_zh: body.nameZh,
            name_en: body.nameEn,
            fields: JSON.stringify(body.fields),
            visit_days: body.visitDays,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      } catch (error) {
        if (isUniqueViolation(error)) throw invalid('code', 'special.category_code_taken');
        throw error;
      }
      await this.d.audit.record(trx, ctx, {
        action: 'special.category.create',
        entityType: 'special.category',
        entityId: row.id,
        details: { code: row.code, fields: body.fields, visitDays: body.visitDays },
      });
      return presentCategory(row);
    });
  }

  /**
   * Changes a category (special.manage): names, fields, visit interval, or switches it off (no
   * new entries; those registered stay). Entries keep the values of fields no longer needed.
   */
  async updateCategory(
    ctx: RequestContext,
    id: number,
    patch: z.infer<typeof S.CategoryPatch>,
  ): Promise<View<typeof S.Category>> {
    this.reach(ctx, 'special.manage');
    return this.d.db.transaction().execute(async (trx) => {
      const before = await repo.categoryById(trx, id);
      if (!before) throw new AppError('not_found');
      const row = await trx
        .updateTable('special.categories')
        .set({
          ...(patch.nameZh !== undefined && { name_zh: patch.nameZh }),
          ...(patch.nameEn !== undefined && { name_en: patch.nameEn }),
          ...(patch.fields !== undefined && { fields: JSON.stringify(patch.fields) }),
          ...(patch.visitDays !== undefined && { visit_days: patch.visitDays }),
          ...(patch.active !== undefined && { active: patch.active }),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.d.audit.record(trx, ctx, {
        action: 'special.category.update',
        entityType: 'special.category',
        entityId: id,
        details: {
          before: { fields: before.fields, visitDays: before.visit_days, active: before.active },
          changed: patch,
        },
      });
      return presentCategory(row);
    });
  }

  async list(ctx: RequestContext, q: z.infer<typeof S.EntryQuery>): Promise<View<typeof S.EntryList>> {
    const { ids } = this.reach(ctx, 'special.read');
    const day = this.today();
    return this.d.db.transaction().execute(async (trx) => {
      const cursor = decodeCursor(q.cursor);
      const rows = await repo.entries(trx, {
        divisionIds: ids,
        categoryId: q.categoryId,
        communityId: q.communityId,
        q: q.q,
        overdueBefore: q.overdue ? day : undefined,
        afterId: cursor?.id,
        limit: q.limit,
      });
      const page = rows.slice(0, q.limit);
      await this.d.audit.record(trx, ctx, {
        action: 'special.entry.list',
        entityType: 'special.entry',
        // Entry ids only: the log is read by administrators, who must not learn who is on the register.
        details: { entryIds: page.map((r) => r.id) },
      });
      const last = page[page.length - 1];
      return {
        items: page.map((r) => this.present(r, day)),
        nextCursor: rows.length > q.limit && last ? encodeCursor({ sort: last.id, id: last.id }) : null,
      };
    });
  }

  async get(ctx: RequestContext, id: number): Promise<View<typeof S.EntryDetail>> {
    const { ids } = this.reach(ctx, 'special.read');
    return this.d.db.transaction().execute(async (trx) => {
      const row = await repo.entryById(trx, id);
      if (!row || !ids.includes(row.community_id)) throw new AppError('not_found');
      const visits = await repo.visitsOf(trx, id);
      await this.d.audit.record(trx, ctx, {
        action: 'special.entry.read',
        entityType: 'special.entry',
        entityId: id,
        place: { divisionId: row.community_id, gridId: null },
      });
      return {
        ...this.present(row, this.today()),
        visits: visits.map((v) => ({ id: v.id, visitedOn: v.visited_on, note: v.note, recordedBy: v.recorded_by })),
      };
    });
  }

  async create(ctx: RequestContext, body: z.infer<typeof S.EntryBody>): Promise<View<typeof S.EntryDetail>> {
    const { actor, ids } = this.reach(ctx, 'special.manage');
    const person = await this.d.org.personPlace(body.personId);
    if (!person || !ids.includes(person.communityId)) throw new AppError('not_found');
    const category = await repo.categoryById(this.d.db, body.categoryId);
    if (!category?.active) throw invalid('categoryId', 'special.unknown_category');
    for (const key of Object.keys(body.fields))
      if (!(category.fields as string[]).includes(key)) throw invalid(`fields.${key}`, 'special.field_not_needed');
    if (body.endsOn && body.endsOn < body.startsOn) throw invalid('endsOn', 'special.ends_before_start');
    // The responsible worker is warned of overdue visits: they must hold the register over the person's community.
    const worker = await this.d.auth.actorOf(body.workerId);
    if (!worker || !scopeFor(worker, 'special.manage').divisionIds.includes(person.communityId))
      throw invalid('workerId', 'special.worker_without_register');
    const now = this.d.clock.now();
    const id = await this.d.db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('special.entries')
        .values({
          person_id: person.personId,
          community_id: person.communityId,
          category_id: category.id,
          starts_on: body.startsOn,
          ends_on: body.endsOn,
          worker_id: body.workerId,
          fields: JSON.stringify(body.fields),
          status: 'active',
          last_visit_on: null,
          warned_due: null,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.d.audit.record(trx, ctx, {
        action: 'special.entry.create',
        entityType: 'special.entry',
        entityId: id,
        place: { divisionId: person.communityId, gridId: null },
      });
      return id;
    });
    return this.get(ctx, id);
  }

  async recordVisit(ctx: RequestContext, id: number, body: z.infer<typeof S.VisitBody>) {
    const { actor, ids } = this.reach(ctx, 'special.manage');
    await this.d.db.transaction().execute(async (trx) => {
      const row = await repo.entryById(trx, id);
      if (!row || !ids.includes(row.community_id)) throw new AppError('not_found');
      if (body.visitedOn > this.today()) throw invalid('visitedOn', 'special.visit_in_future');
      const now = this.d.clock.now();
      await trx
        .insertInto('special.visits')
        .values({
          entry_id: id,
          visited_on: body.visitedOn,
          note: body.note,
          recorded_by: actor.userId,
          recorded_at: now,
        })
        .execute();
      if (!row.last_visit_on || row.last_visit_on < body.visitedOn)
        await trx
          .updateTable('special.entries')
          .set({ last_visit_on: body.visitedOn, updated_at: now })
          .where('id', '=', id)
          .execute();
      await this.d.audit.record(trx, ctx, {
        action: 'special.visit.create',
        entityType: 'special.entry',
        entityId: id,
        place: { divisionId: row.community_id, gridId: null },
        details: { visitedOn: body.visitedOn },
      });
    });
    return this.get(ctx, id);
  }

  /**
   * Ends an entry (special.manage): the person is no longer followed from the day after endsOn; no
   * more visits fall due or warn. Kept, not deleted, for the record.
   */
  async close(ctx: RequestContext, id: number, body: z.infer<typeof S.CloseBody>) {
    const { ids } = this.reach(ctx, 'special.manage');
    await this.d.db.transaction().execute(async (trx) => {
      const row = await repo.entryById(trx, id);
      if (!row || !ids.includes(row.community_id)) throw new AppError('not_found');
      if (row.status === 'closed') throw new AppError('conflict');
      if (body.endsOn > this.today()) throw invalid('endsOn', 'special.end_in_future');
      if (body.endsOn < row.starts_on) throw invalid('endsOn', 'special.ends_before_start');
      await trx
        .updateTable('special.entries')
        .set({ status: 'closed', ends_on: body.endsOn, updated_at: this.d.clock.now() })
        .where('id', '=', id)
        .execute();
      await this.d.audit.record(trx, ctx, {
        action: 'special.entry.close',
        entityType: 'special.entry',
        entityId: id,
        place: { divisionId: row.community_id, gridId: null },
        details: { endsOn: body.endsOn, reason: body.reason },
      });
    });
    return this.get(ctx, id);
  }

  /**
   * Warns each responsible worker of entries whose next visit is overdue, once per overdue
   * period (a new visit starts a new period). Run by the scheduler; tests call it with a moved clock.
   */
  async warnOverdue(now: Date = this.d.clock.now()): Promise<number> {
    const day = this.today(now);
    const rows = await repo.overdueEntries(this.d.db, day);
    let sent = 0;
    for (const row of rows) {
      const due = addDays(row.last_visit_on ?? row.starts_on, row.visit_days);
      if (row.warned_due === due) continue;
      await this.d.db.transaction().execute(async (trx) => {
        const claimed = await trx
          .updateTable('special.entries')
          .set({ warned_due: due })
          .where('id', '=', row.id)
          .where((eb) => eb.or([eb('warned_due', 'is', null), eb('warned_due', '!=', due)]))
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) === 0) return;
        await this.d.notifications.notify(trx, [row.worker_id], {
          kind: 'special.visit_overdue',
          title: { key: 'special.visit_overdue', params: { due } },
          link: `/admin/special?entry=${row.id}`,
          entityType: 'special.entry',
          entityId: row.id,
        });
        await this.d.audit.record(trx, systemContext(), {
          action: 'special.visit.overdue_warned',
          entityType: 'special.entry',
          entityId: row.id,
          place: { divisionId: row.community_id, gridId: null },
          details: { due, workerId: row.worker_id },
        });
        sent++;
      });
    }
    return sent;
  }
}
