import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import {
  assertCanRead,
  assertCanWrite,
  covers,
  inScope,
  requireActor,
  requirePermission,
  scopeFor,
} from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { maskPhone, normalizePhone } from '../../platform/personal-data.ts';
import { containsLike } from '../../platform/sql.ts';
import type { AuditService } from '../audit/service.ts';
import type { OrgService } from '../org/service.ts';
import type { VolunteerService } from '../volunteer/service.ts';
import { normalizeCreditCode } from './credit-code.ts';
import type * as S from './schema.ts';
import type { UnitTable } from './tables.ts';
import type { Selectable } from 'kysely';

export interface AllianceDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: AuditService;
  org: OrgService;
  volunteer: VolunteerService;
}

type UnitRow = Selectable<UnitTable> & { members?: number | string | null };

/**
 * Alliance units (联建单位): 红色蜂巢 units, 零工市场联盟 firms, 党建联建 partners — records with
 * their credit code, the division they serve, tags, members and contacts (phones masked; the
 * whole number only with alliance.reveal, audited). A unit claims wishes and takes on projects
 * through the volunteer module, which records the unit on them.
 */
export class AllianceService {
  constructor(private readonly d: AllianceDeps) {}

  private place(u: { division_id: number }) {
    return { divisionId: u.division_id, gridId: null };
  }

  private creditCode(raw: string | undefined) {
    if (raw === undefined || raw === '') return null;
    const code = normalizeCreditCode(raw);
    if (!code)
      throw new AppError('validation_failed', {}, [{ path: 'body.creditCode', key: 'alliance.bad_credit_code' }]);
    return code;
  }

  private async codeFree(code: string | null, exceptId?: number) {
    if (!code) return;
    let q = this.d.db.selectFrom('alliance.units').select('id').where('credit_code', '=', code);
    if (exceptId) q = q.where('id', '!=', exceptId);
    if (await q.executeTakeFirst())
      throw new AppError('conflict', {}, [{ path: 'body.creditCode', key: 'alliance.credit_code_taken' }]);
  }

  async createUnit(ctx: RequestContext, body: z.infer<typeof S.UnitBody>) {
    assertCanWrite(ctx.actor, 'alliance.manage', { divisionId: body.divisionId, gridId: null });
    const actor = requireActor(ctx.actor);
    const code = this.creditCode(body.creditCode);
    await this.codeFree(code);
    const now = this.d.clock.now();
    const id = await this.d.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('alliance.units')
        .values({
          division_id: body.divisionId,
          name: body.name,
          kind: body.kind,
          credit_code: code,
          address: body.address,
          tags: [...new Set(body.tags)],
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.d.audit.record(trx, ctx, {
        action: 'alliance.unit.create',
        entityType: 'alliance_unit',
        entityId: row.id,
        place: { divisionId: body.divisionId, gridId: null },
        details: { name: body.name, kind: body.kind },
      });
      return row.id;
    });
    return this.getUnit(ctx, id);
  }

  async updateUnit(ctx: RequestContext, id: number, body: z.infer<typeof S.UnitPatch>) {
    const u = await this.unitById(id);
    assertCanWrite(ctx.actor, 'alliance.manage', u && this.place(u));
    if (body.divisionId !== undefined)
      assertCanWrite(ctx.actor, 'alliance.manage', { divisionId: body.divisionId, gridId: null });
    const code = body.creditCode === undefined ? undefined : this.creditCode(body.creditCode);
    if (code !== undefined) await this.codeFree(code, id);
    await this.d.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('alliance.units')
        .set({
          ...(body.divisionId !== undefined ? { division_id: body.divisionId } : {}),
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.kind !== undefined ? { kind: body.kind } : {}),
          ...(code !== undefined ? { credit_code: code } : {}),
          ...(body.address !== undefined ? { address: body.address } : {}),
          ...(body.tags !== undefined ? { tags: [...new Set(body.tags)] } : {}),
          ...(body.active !== undefined ? { active: body.active } : {}),
          updated_at: this.d.clock.now(),
        })
        .where('id', '=', id)
        .execute();
      await this.d.audit.record(trx, ctx, {
        action: 'alliance.unit.update',
        entityType: 'alliance_unit',
        entityId: id,
        place: this.place(u!),
        details: { changed: Object.keys(body) },
      });
    });
    return this.getUnit(ctx, id);
  }

  async listUnits(ctx: RequestContext, q: z.infer<typeof S.UnitListQuery>) {
    const scope = requirePermission(ctx.actor, 'alliance.read');
    const after = decodeCursor(q.cursor);
    let query = this.d.db
      .selectFrom('alliance.units as u')
      .selectAll('u')
      .select((eb) =>
        eb
          .selectFrom('alliance.members as m')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('m.unit_id', '=', 'u.id')
          .as('members'),
      )
      .where((eb) => inScope(eb, scope, { division: 'u.division_id' }))
      .orderBy('u.id', 'desc')
      .limit(q.limit + 1);
    if (q.q) {
      const like = containsLike(q.q);
      query = query.where((eb) =>
        eb.or([eb('u.name', 'ilike', like), eb('u.address', 'ilike', like), eb('u.credit_code', 'ilike', like)]),
      );
    }
    if (q.kind) query = query.where('u.kind', '=', q.kind);
    if (q.tag) query = query.where(sql<boolean>`${q.tag} = any(u.tags)`);
    if (q.divisionId) query = query.where('u.division_id', 'in', await this.d.org.divisionsUnder(q.divisionId));
    if (q.active) query = query.where('u.active', '=', q.active === 'true');
    if (after) query = query.where('u.id', '<', after.id);
    const rows = await query.execute();
    const page = rows.slice(0, q.limit);
    const names = await this.d.org.names({ divisionIds: page.map((r) => r.division_id) });
    return {
      items: page.map((r) => summary(r, names.divisions.get(r.division_id) ?? '')),
      nextCursor: rows.length > q.limit ? encodeCursor({ sort: null, id: rows[q.limit - 1]!.id }) : null,
    };
  }

  async getUnit(ctx: RequestContext, id: number): Promise<z.infer<typeof S.UnitView>> {
    const u = await this.unitById(id);
    assertCanRead(ctx.actor, 'alliance.read', u && this.place(u));
    const members = await this.d.db
      .selectFrom('alliance.members')
      .selectAll()
      .where('unit_id', '=', id)
      .orderBy('is_contact', 'desc')
      .orderBy('id')
      .execute();
    const names = await this.d.org.names({ divisionIds: [u!.division_id] });
    return {
      ...summary({ ...u!, members: members.length }, names.divisions.get(u!.division_id) ?? ''),
      memberList: members.map((m) => ({
        id: m.id,
        personId: m.person_id,
        name: m.name,
        role: m.role,
        phone: maskPhone(m.phone),
        isContact: m.is_contact,
      })),
      claims: await this.d.volunteer.claimsOfUnit(id),
      canManage: covers(scopeFor(ctx.actor, 'alliance.manage'), this.place(u!)),
      canReveal: covers(scopeFor(ctx.actor, 'alliance.reveal'), this.place(u!)),
    };
  }

  async addMember(ctx: RequestContext, id: number, body: z.infer<typeof S.MemberBody>) {
    const u = await this.unitById(id);
    assertCanWrite(ctx.actor, 'alliance.manage', u && this.place(u));
    let phone: string | null = null;
    if (body.phone) {
      phone = normalizePhone(body.phone);
      if (!phone) throw new AppError('validation_failed', {}, [{ path: 'body.phone', key: 'org.bad_phone' }]);
    }
    await this.d.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('alliance.members')
        .values({
          unit_id: id,
          person_id: body.personId ?? null,
          name: body.name,
          role: body.role,
          phone,
          is_contact: body.isContact,
          created_at: this.d.clock.now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.d.audit.record(trx, ctx, {
        action: 'alliance.member.add',
        entityType: 'alliance_member',
        entityId: row.id,
        place: this.place(u!),
        details: { unitId: id, role: body.role },
      });
    });
    return this.getUnit(ctx, id);
  }

  async removeMember(ctx: RequestContext, id: number, memberId: number) {
    const u = await this.unitById(id);
    assertCanWrite(ctx.actor, 'alliance.manage', u && this.place(u));
    await this.d.db.transaction().execute(async (trx) => {
      const gone = await trx
        .deleteFrom('alliance.members')
        .where('id', '=', memberId)
        .where('unit_id', '=', id)
        .returning('id')
        .executeTakeFirst();
      if (!gone) throw new AppError('not_found');
      await this.d.audit.record(trx, ctx, {
        action: 'alliance.member.remove',
        entityType: 'alliance_member',
        entityId: memberId,
        place: this.place(u!),
        details: { unitId: id },
      });
    });
    return this.getUnit(ctx, id);
  }

  /** A member's whole phone number, with alliance.reveal over the unit; every read is audited. */
  async revealPhone(ctx: RequestContext, id: number, memberId: number) {
    const u = await this.unitById(id);
    assertCanRead(ctx.actor, 'alliance.read', u && this.place(u));
    if (!covers(scopeFor(ctx.actor, 'alliance.reveal'), this.place(u!))) throw new AppError('forbidden');
    const m = await this.d.db
      .selectFrom('alliance.members')
      .select(['id', 'phone'])
      .where('id', '=', memberId)
      .where('unit_id', '=', id)
      .executeTakeFirst();
    if (!m) throw new AppError('not_found');
    await this.d.db.transaction().execute((trx) =>
      this.d.audit.record(trx, ctx, {
        action: 'alliance.member.reveal',
        entityType: 'alliance_member',
        entityId: memberId,
        place: this.place(u!),
        details: { unitId: id },
      }),
    );
    return { phone: m.phone };
  }

  /** The unit claims a wish or takes on a project; the volunteer module records it (and audits). */
  async claim(ctx: RequestContext, id: number, body: z.infer<typeof S.ClaimBody>) {
    const u = await this.unitById(id);
    assertCanWrite(ctx.actor, 'alliance.manage', u && this.place(u));
    if (!u!.active) throw new AppError('conflict', {}, [{ key: 'alliance.unit_inactive' }]);
    const unit = { id, name: u!.name, communityIds: await this.d.org.divisionsUnder(u!.division_id) };
    if (body.kind === 'wish') await this.d.volunteer.claimWishForUnit(ctx, body.id, unit);
    else await this.d.volunteer.joinProjectForUnit(ctx, body.id, unit);
    return this.getUnit(ctx, id);
  }

  private unitById(id: number) {
    return this.d.db.selectFrom('alliance.units').selectAll().where('id', '=', id).executeTakeFirst();
  }
}

function summary(u: UnitRow, divisionName: string) {
  return {
    id: u.id,
    divisionId: u.division_id,
    divisionName,
    name: u.name,
    kind: u.kind,
    creditCode: u.credit_code,
    address: u.address,
    tags: u.tags,
    active: u.active,
    members: Number(u.members ?? 0),
    createdAt: u.created_at.toISOString(),
  };
}
