import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { assertCanWrite, covers, requireActor, scopeFor } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { decodeCursor, toPageById } from '../../platform/pagination.ts';
import { STAFF_ROLES } from '../../platform/roles.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import type { MattersService } from '../matters/service.ts';
import type { MediaService } from '../media/service.ts';
import type { NotificationsService } from '../notifications/service.ts';
import type { OrgService } from '../org/service.ts';
import { isManager, placeOf, readable } from './access.ts';
import { CampaignNotices } from './notices.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

export interface CampaignsDeps {
  db: Kysely<DB>;
  clock: Clock;
  timeZone: string;
  audit: AuditService;
  org: OrgService;
  /** For the staff a task force is chosen from. */
  auth: AuthService;
  media: MediaService;
  matters: MattersService;
  notifications: NotificationsService;
  font: { path: string; name: string };
}

/**
 * Inspection campaigns (专项整治). Staff with campaigns.manage set a campaign up in their street or
 * community; its task force (member ids) and those managers record inspections. A finding issues a
 * rectification notice (整改通知书) with a deadline; a re-check closes it or escalates it, and the
 * periodic check escalates notices whose deadline passed. Managers read with campaigns.read; task
 * force members read the campaigns they are in, without any permission of their own. This class
 * keeps the campaigns themselves and their progress; inspections and notices are in notices.ts.
 */
export class CampaignsService {
  private readonly notes: CampaignNotices;

  constructor(private readonly d: CampaignsDeps) {
    this.notes = new CampaignNotices(d);
  }

  private async summaries(rows: repo.CampaignRow[]) {
    const names = await this.d.org.names({ divisionIds: rows.map((c) => c.division_id) });
    return rows.map((c) => ({
      id: c.id,
      division: { id: c.division_id, name: names.divisions.get(c.division_id) ?? '' },
      title: c.title,
      startsOn: c.starts_on,
      endsOn: c.ends_on,
      status: c.status,
      memberIds: c.member_ids,
    }));
  }

  async create(ctx: RequestContext, body: z.infer<typeof S.CampaignBody>): Promise<View<typeof S.CampaignView>> {
    const actor = requireActor(ctx.actor);
    assertCanWrite(actor, 'campaigns.manage', { divisionId: body.divisionId, gridId: null });
    const now = this.d.clock.now();
    const id = await this.d.db.transaction().execute(async (trx) => {
      const c = await repo.insertCampaign(trx, {
        division_id: body.divisionId,
        title: body.title,
        starts_on: body.startsOn,
        ends_on: body.endsOn,
        status: 'active',
        member_ids: [...new Set(body.memberIds)],
        created_by: actor.userId,
        created_at: now,
      });
      await repo.insertItems(
        trx,
        body.items.map((i, position) => ({
          campaign_id: c.id,
          position,
          code: i.code,
          text: i.text,
          legal_basis: i.legalBasis,
        })),
      );
      await repo.insertTargets(
        trx,
        body.targets.map((t) => ({
          campaign_id: c.id,
          kind: t.kind,
          building_id: t.kind === 'building' ? t.buildingId : null,
          name: t.name,
          address: t.address,
          responsible_party: t.responsibleParty,
          lat: t.lat,
          lng: t.lng,
        })),
      );
      await this.d.audit.record(trx, ctx, {
        action: 'campaigns.campaign.create',
        entityType: 'campaign',
        entityId: c.id,
        place: placeOf(c),
        details: { title: c.title, items: body.items.length, targets: body.targets.length, members: c.member_ids },
      });
      return c.id;
    });
    return this.get(ctx, id);
  }

  /**
   * Changes a campaign (managers only): title, period, status, the whole task force; checklist items
   * and targets are only added, so recorded checks keep what they were recorded against.
   */
  async update(
    ctx: RequestContext,
    id: number,
    body: z.infer<typeof S.CampaignUpdateBody>,
  ): Promise<View<typeof S.CampaignView>> {
    const { actor, c } = await readable(this.d.db, ctx, id);
    if (!isManager(actor, c)) throw new AppError('forbidden');
    const startsOn = body.startsOn ?? c.starts_on;
    const endsOn = body.endsOn ?? c.ends_on;
    if (endsOn < startsOn) throw invalid('body.endsOn', 'campaigns.ends_before_start');
    const codes = new Set((await repo.itemsOf(this.d.db, id)).map((i) => i.code));
    if (body.addItems.some((i) => codes.has(i.code)))
      throw new AppError('conflict', {}, [{ key: 'campaigns.item_code_taken' }]);
    const memberIds = body.memberIds && [...new Set(body.memberIds)];
    await this.d.db.transaction().execute(async (trx) => {
      await repo.updateCampaign(trx, id, {
        title: body.title ?? c.title,
        starts_on: startsOn,
        ends_on: endsOn,
        status: body.status ?? c.status,
        member_ids: memberIds ?? c.member_ids,
      });
      if (body.addItems.length > 0) {
        const from = (await repo.maxItemPosition(trx, id)) + 1;
        await repo.insertItems(
          trx,
          body.addItems.map((i, n) => ({
            campaign_id: id,
            position: from + n,
            code: i.code,
            text: i.text,
            legal_basis: i.legalBasis,
          })),
        );
      }
      if (body.addTargets.length > 0)
        await repo.insertTargets(
          trx,
          body.addTargets.map((t) => ({
            campaign_id: id,
            kind: t.kind,
            building_id: t.kind === 'building' ? t.buildingId : null,
            name: t.name,
            address: t.address,
            responsible_party: t.responsibleParty,
            lat: t.lat,
            lng: t.lng,
          })),
        );
      await this.d.audit.record(trx, ctx, {
        action: 'campaigns.campaign.update',
        entityType: 'campaign',
        entityId: id,
        place: placeOf(c),
        details: {
          title: body.title,
          startsOn: body.startsOn,
          endsOn: body.endsOn,
          status: body.status,
          members: memberIds,
          addedItems: body.addItems.map((i) => i.code),
          addedTargets: body.addTargets.map((t) => t.name),
        },
      });
    });
    return this.get(ctx, id);
  }

  /**
   * The staff a task force is chosen from (managers of the division): active accounts holding a staff
   * role on the division, a division below it, or a grid inside it.
   */
  async staff(ctx: RequestContext, q: z.infer<typeof S.StaffQuery>): Promise<View<typeof S.StaffList>> {
    const actor = requireActor(ctx.actor);
    if (!covers(scopeFor(actor, 'campaigns.manage'), { divisionId: q.divisionId, gridId: null }))
      throw new AppError('not_found');
    const divisionIds = (await this.d.org.expandDivisions([q.divisionId])).get(q.divisionId) ?? [q.divisionId];
    const gridIds = await this.d.org.gridIdsIn(divisionIds);
    const rows = await this.d.auth.usersWithRole(STAFF_ROLES, { divisionIds, gridIds });
    const byUser = new Map<number, { id: number; name: string; roles: string[] }>();
    for (const r of rows) {
      const u = byUser.get(r.userId) ?? { id: r.userId, name: r.displayName, roles: [] };
      if (!u.roles.includes(r.role)) u.roles.push(r.role);
      byUser.set(r.userId, u);
    }
    const needle = q.q?.toLowerCase();
    const items = [...byUser.values()].filter((u) => !needle || u.name.toLowerCase().includes(needle));
    return { items: items.slice(0, 200) };
  }

  async list(ctx: RequestContext, q: z.infer<typeof S.CampaignListQuery>): Promise<View<typeof S.CampaignList>> {
    const actor = requireActor(ctx.actor);
    const scope = scopeFor(actor, 'campaigns.read');
    const rows = await repo.listCampaigns(this.d.db, {
      divisionIds: scope.divisionIds,
      memberId: actor.userId,
      onlyMine: q.mine ?? false,
      status: q.status,
      q: q.q,
      afterId: decodeCursor(q.cursor)?.id,
      limit: q.limit,
    });
    return toPageById(rows, q.limit, (page) => this.summaries(page));
  }

  async get(ctx: RequestContext, id: number): Promise<View<typeof S.CampaignView>> {
    const { c } = await readable(this.d.db, ctx, id);
    const [summary] = await this.summaries([c]);
    const items = await repo.itemsOf(this.d.db, id);
    const targets = await repo.targetsOf(this.d.db, id);
    return {
      ...summary!,
      items: items.map((i) => ({ id: i.id, code: i.code, text: i.text, legalBasis: i.legal_basis })),
      targets: targets.map((t) => ({
        id: t.id,
        kind: t.kind,
        buildingId: t.building_id,
        name: t.name,
        address: t.address,
        responsibleParty: t.responsible_party,
        lat: t.lat,
        lng: t.lng,
      })),
    };
  }

  // ----- inspections, notices, re-checks (notices.ts) -----

  inspect(ctx: RequestContext, id: number, targetId: number, body: z.infer<typeof S.InspectionBody>) {
    return this.notes.inspect(ctx, id, targetId, body);
  }

  notices(ctx: RequestContext, id: number) {
    return this.notes.notices(ctx, id);
  }

  listNotices(ctx: RequestContext, q: z.infer<typeof S.NoticeListQuery>) {
    return this.notes.listNotices(ctx, q);
  }

  notice(ctx: RequestContext, noticeId: number) {
    return this.notes.notice(ctx, noticeId);
  }

  noticePdf(ctx: RequestContext, noticeId: number) {
    return this.notes.noticePdf(ctx, noticeId);
  }

  recheck(ctx: RequestContext, noticeId: number, body: z.infer<typeof S.RecheckBody>) {
    return this.notes.recheck(ctx, noticeId, body);
  }

  findingToMatter(ctx: RequestContext, id: number, checkId: number) {
    return this.notes.findingToMatter(ctx, id, checkId);
  }

  escalateOverdue(now: Date) {
    return this.notes.escalateOverdue(now);
  }

  /** Progress by target (items checked, findings, open notices) and by item (targets passed, failed). */
  async progress(ctx: RequestContext, id: number): Promise<View<typeof S.Progress>> {
    await readable(this.d.db, ctx, id);
    const [items, targets, checks, notices] = await Promise.all([
      repo.itemsOf(this.d.db, id),
      repo.targetsOf(this.d.db, id),
      repo.checksOf(this.d.db, id),
      repo.noticesOf(this.d.db, id),
    ]);
    return {
      byTarget: targets.map((t) => {
        const mine = checks.filter((k) => k.target_id === t.id);
        return {
          targetId: t.id,
          name: t.name,
          checked: mine.length,
          findings: mine.filter((k) => k.result === 'finding').length,
          openNotices: notices.filter((n) => n.target_id === t.id && n.status !== 'closed').length,
        };
      }),
      byItem: items.map((i) => {
        const mine = checks.filter((k) => k.item_id === i.id);
        return {
          itemId: i.id,
          code: i.code,
          text: i.text,
          passed: mine.filter((k) => k.result === 'pass').length,
          failed: mine.filter((k) => k.result === 'finding').length,
          notApplicable: mine.filter((k) => k.result === 'not_applicable').length,
        };
      }),
    };
  }
}
