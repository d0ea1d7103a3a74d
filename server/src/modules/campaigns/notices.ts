import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import { requireActor, scopeFor } from '../../platform/access.ts';
import { type RequestContext, systemContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { addDays, localInstant, localParts } from '../../platform/local-time.ts';
import { decodeCursor, toPageById } from '../../platform/pagination.ts';
import { loadFont } from '../reports/pdf.ts';
import { placeOf, readable, recordable } from './access.ts';
import { renderNoticePdf } from './notice-pdf.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { CampaignsDeps } from './service.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/** 整改〔2026〕第0001号: numbered per campaign and year. */
const noticeNumber = (year: number, seq: number) => `整改〔${year}〕第${String(seq).padStart(4, '0')}号`;
/** The category a finding opens as a matter: a hazard (隐患) of fire safety, the usual 专项整治 subject. */
const MATTER_CATEGORY = 'community.fire_safety.hazard';

/**
 * A campaign's inspections and what follows from them: findings, rectification notices (整改通知书)
 * with their PDF, re-checks, escalation of overdue notices, and matters opened from findings.
 */
export class CampaignNotices {
  constructor(private readonly d: CampaignsDeps) {}

  /** The local end of the day `days` days from today. */
  private deadlineIn(days: number) {
    const today = localParts(this.d.clock.now(), this.d.timeZone).date;
    return localInstant(addDays(today, days), 86_399, this.d.timeZone);
  }

  /**
   * Records an inspection of a target: a result per item. Findings issue one notice for the target,
   * numbered without gaps (the counter row is locked until the transaction ends).
   */
  async inspect(
    ctx: RequestContext,
    id: number,
    targetId: number,
    body: z.infer<typeof S.InspectionBody>,
  ): Promise<View<typeof S.InspectionResult>> {
    const { actor, c } = await recordable(this.d.db, ctx, id);
    const target = (await repo.targetsOf(this.d.db, id)).find((t) => t.id === targetId);
    if (!target) throw new AppError('not_found');
    const items = new Map((await repo.itemsOf(this.d.db, id)).map((i) => [i.id, i]));
    const seen = new Set<number>();
    for (const r of body.results) {
      if (!items.has(r.itemId) || seen.has(r.itemId))
        throw new AppError('conflict', {}, [{ key: 'campaigns.unknown_item' }]);
      seen.add(r.itemId);
      if (r.result === 'finding' && !r.description)
        throw new AppError('conflict', {}, [{ key: 'campaigns.finding_needs_description' }]);
    }
    const tokens = body.results.flatMap((r) => (r.result === 'finding' ? r.photoTokens : []));
    if (tokens.length > 0) await this.d.media.assertOwned(actor.userId, tokens);
    const now = this.d.clock.now();
    const findings = body.results.filter((r) => r.result === 'finding');
    const noticeId = await this.d.db.transaction().execute(async (trx) => {
      let notice: repo.NoticeRow | null = null;
      if (findings.length > 0) {
        const year = Number(localParts(now, this.d.timeZone).date.slice(0, 4));
        const seq = await repo.nextNoticeSeq(trx, c.id, year);
        notice = await repo.insertNotice(trx, {
          campaign_id: c.id,
          target_id: target.id,
          year,
          seq,
          number: noticeNumber(year, seq),
          deadline: this.deadlineIn(body.deadlineDays),
          status: 'open',
          escalated_deadline: null,
          matter_id: null,
          issued_by: actor.userId,
          issued_at: now,
          closed_at: null,
        });
      }
      for (const r of body.results) {
        await repo.upsertCheck(trx, {
          campaign_id: c.id,
          target_id: target.id,
          item_id: r.itemId,
          result: r.result,
          description: r.result === 'finding' ? r.description : '',
          photo_tokens: r.result === 'finding' ? r.photoTokens : [],
          notice_id: r.result === 'finding' ? notice!.id : null,
          matter_id: null,
          checked_by: actor.userId,
          checked_at: now,
        });
      }
      await this.d.audit.record(trx, ctx, {
        action: 'campaigns.inspection.record',
        entityType: 'campaign_target',
        entityId: target.id,
        place: placeOf(c),
        details: { campaignId: c.id, results: body.results.map((r) => [r.itemId, r.result]), noticeId: notice?.id },
      });
      if (notice)
        await this.d.audit.record(trx, ctx, {
          action: 'campaigns.notice.issue',
          entityType: 'campaign_notice',
          entityId: notice.id,
          place: placeOf(c),
          details: { number: notice.number, deadline: notice.deadline.toISOString(), findings: findings.length },
        });
      return notice?.id ?? null;
    });
    return { recorded: body.results.length, notice: noticeId === null ? null : await this.noticeView(noticeId) };
  }

  private async noticeView(id: number, db: Executor = this.d.db): Promise<View<typeof S.NoticeView>> {
    const n = (await repo.noticeById(db, id))!;
    const target = (await repo.targetsOf(db, n.campaign_id)).find((t) => t.id === n.target_id)!;
    const items = new Map((await repo.itemsOf(db, n.campaign_id)).map((i) => [i.id, i]));
    const checks = await repo.checksOfNotice(db, n.id);
    const campaign = (await repo.campaignById(db, n.campaign_id))!;
    const rechecks = await repo.rechecksOf(db, n.id);
    return {
      id: n.id,
      campaignId: n.campaign_id,
      number: n.number,
      target: { id: target.id, name: target.name, responsibleParty: target.responsible_party },
      deadline: n.deadline.toISOString(),
      status: n.status,
      escalations: n.escalations,
      matterId: n.matter_id,
      issuedAt: n.issued_at.toISOString(),
      closedAt: n.closed_at?.toISOString() ?? null,
      campaignTitle: campaign.title,
      overdue: n.status !== 'closed' && n.deadline.getTime() < this.d.clock.now().getTime(),
      rechecks: rechecks.map((r) => ({
        passed: r.passed,
        note: r.note,
        photoTokens: r.photo_tokens,
        checkedAt: r.checked_at.toISOString(),
      })),
      findings: checks.map((k) => {
        const i = items.get(k.item_id)!;
        return {
          checkId: k.id,
          code: i.code,
          text: i.text,
          legalBasis: i.legal_basis,
          description: k.description,
          photoTokens: k.photo_tokens,
        };
      }),
    };
  }

  async notices(ctx: RequestContext, id: number): Promise<View<typeof S.NoticeList>> {
    await readable(this.d.db, ctx, id);
    const rows = await repo.noticesOf(this.d.db, id);
    return { items: await Promise.all(rows.map((n) => this.noticeView(n.id))) };
  }

  /** Notices across the campaigns one may read: by campaign, status, overdue, issued by me, number or target. */
  async listNotices(ctx: RequestContext, q: z.infer<typeof S.NoticeListQuery>): Promise<View<typeof S.NoticePage>> {
    const actor = requireActor(ctx.actor);
    const rows = await repo.listNotices(this.d.db, {
      divisionIds: scopeFor(actor, 'campaigns.read').divisionIds,
      memberId: actor.userId,
      campaignId: q.campaignId,
      status: q.status,
      openOnly: q.open,
      overdueAt: q.overdue ? this.d.clock.now() : undefined,
      issuedBy: q.mine ? actor.userId : undefined,
      q: q.q,
      afterId: decodeCursor(q.cursor)?.id,
      limit: q.limit,
    });
    return toPageById(rows, q.limit, (page) => Promise.all(page.map((n) => this.noticeView(n.id))));
  }

  async notice(ctx: RequestContext, noticeId: number) {
    const n = await repo.noticeById(this.d.db, noticeId);
    if (!n) throw new AppError('not_found');
    const { c } = await readable(this.d.db, ctx, n.campaign_id);
    return { c, view: await this.noticeView(noticeId) };
  }

  /** The printable notice (整改通知书), A4, signed by the campaign's street or community. */
  async noticePdf(ctx: RequestContext, noticeId: number): Promise<{ pdf: Buffer; filename: string }> {
    const { c, view } = await this.notice(ctx, noticeId);
    const font = await loadFont(this.d.font);
    if ('problem' in font) throw new AppError('unavailable', {}, [{ message: font.problem }]);
    const org = (await this.d.org.names({ divisionIds: [c.division_id] })).divisions.get(c.division_id) ?? '';
    const target = (await repo.targetsOf(this.d.db, c.id)).find((t) => t.id === view.target.id)!;
    const pdf = await renderNoticePdf(
      {
        number: view.number,
        campaignTitle: c.title,
        targetName: target.name,
        targetAddress: target.address,
        responsibleParty: target.responsible_party,
        findings: view.findings,
        deadline: localParts(new Date(view.deadline), this.d.timeZone).date,
        issuedOn: localParts(new Date(view.issuedAt), this.d.timeZone).date,
        issuer: org,
      },
      this.d.font,
      font.bytes,
      this.d.clock.now(),
    );
    return { pdf, filename: `notice-${view.id}.pdf` };
  }

  /** A re-check (复查): passed closes the notice; failed escalates it with a new deadline, and may open a matter. */
  async recheck(
    ctx: RequestContext,
    noticeId: number,
    body: z.infer<typeof S.RecheckBody>,
  ): Promise<View<typeof S.NoticeView>> {
    const found = await repo.noticeById(this.d.db, noticeId);
    if (!found) throw new AppError('not_found');
    const { actor, c } = await recordable(this.d.db, ctx, found.campaign_id);
    if (body.photoTokens.length > 0) await this.d.media.assertOwned(actor.userId, body.photoTokens);
    const now = this.d.clock.now();
    await this.d.db.transaction().execute(async (trx) => {
      const n = (await repo.noticeById(trx, noticeId, true))!;
      if (n.status === 'closed') throw new AppError('conflict', {}, [{ key: 'campaigns.notice_closed' }]);
      await repo.insertRecheck(trx, {
        notice_id: n.id,
        passed: body.passed,
        note: body.note,
        photo_tokens: body.photoTokens,
        checked_by: actor.userId,
        checked_at: now,
      });
      if (body.passed) {
        await repo.updateNotice(trx, n.id, { status: 'closed', closed_at: now });
      } else {
        let matterId = n.matter_id;
        if (body.openMatter && matterId === null) matterId = await this.openMatterFor(trx, n, c);
        await repo.updateNotice(trx, n.id, {
          status: 'escalated',
          escalations: n.escalations + 1,
          deadline: this.deadlineIn(body.newDeadlineDays),
          matter_id: matterId,
        });
        await this.notifyManagers(trx, c, n, 'notify.campaigns.recheck_failed');
      }
      await this.d.audit.record(trx, ctx, {
        action: 'campaigns.notice.recheck',
        entityType: 'campaign_notice',
        entityId: n.id,
        place: placeOf(c),
        details: { passed: body.passed, note: body.note, openMatter: body.openMatter, photos: body.photoTokens.length },
      });
    });
    return this.noticeView(noticeId);
  }

  /** A matter for a finding or a notice, at the target's place; a target with no location cannot have one. */
  private async openMatter(
    trx: Executor,
    c: repo.CampaignRow,
    targetId: number,
    words: (target: repo.TargetRow) => string,
    sourceEntity: { type: 'campaign_notice' | 'campaign_check'; id: string },
  ): Promise<number> {
    const target = (await repo.targetsOf(trx, c.id)).find((t) => t.id === targetId)!;
    if (target.lat === null || target.lng === null)
      throw new AppError('conflict', {}, [{ key: 'campaigns.no_location' }]);
    const matter = await this.d.matters.openFromSystem(trx, {
      categoryCode: MATTER_CATEGORY,
      description: `【${c.title}】${target.name}（${target.address}）${words(target)}`.slice(0, 1000),
      lat: target.lat,
      lng: target.lng,
      urgency: 'normal',
      source: 'campaign',
      sourceEntity,
    });
    return matter.id;
  }

  /** A notice's matter: all its findings in words. */
  private async openMatterFor(trx: Executor, n: repo.NoticeRow, c: repo.CampaignRow): Promise<number> {
    const items = new Map((await repo.itemsOf(trx, c.id)).map((i) => [i.id, i]));
    const checks = await repo.checksOfNotice(trx, n.id);
    const words = checks.map((k) => `${items.get(k.item_id)?.text ?? ''}：${k.description}`).join('；');
    return this.openMatter(trx, c, n.target_id, () => `${n.number}：${words}`, {
      type: 'campaign_notice',
      id: String(n.id),
    });
  }

  private async notifyManagers(
    trx: Executor,
    c: repo.CampaignRow,
    n: repo.NoticeRow,
    key: 'notify.campaigns.overdue' | 'notify.campaigns.recheck_failed',
  ) {
    await this.d.notifications.notify(trx, [c.created_by], {
      kind: 'campaigns.escalated',
      title: { key, params: { number: n.number, title: c.title } },
      link: `/admin/campaigns/${c.id}`,
      entityType: 'campaign_notice',
      entityId: n.id,
    });
  }

  /** A finding turned into a matter (转事项): the finding's words and the target's place. */
  async findingToMatter(ctx: RequestContext, id: number, checkId: number): Promise<View<typeof S.MatterOpened>> {
    const { c } = await recordable(this.d.db, ctx, id);
    const check = await repo.checkById(this.d.db, checkId);
    if (!check || check.campaign_id !== c.id) throw new AppError('not_found');
    if (check.result !== 'finding') throw new AppError('conflict', {}, [{ key: 'campaigns.not_finding' }]);
    if (check.matter_id !== null) return { matterId: check.matter_id };
    return this.d.db.transaction().execute(async (trx) => {
      const item = (await repo.itemsOf(trx, c.id)).find((i) => i.id === check.item_id)!;
      const matterId = await this.openMatter(trx, c, check.target_id, () => `${item.text}：${check.description}`, {
        type: 'campaign_check',
        id: String(check.id),
      });
      await repo.setCheckMatter(trx, check.id, matterId);
      await this.d.audit.record(trx, ctx, {
        action: 'campaigns.finding.to_matter',
        entityType: 'campaign_check',
        entityId: check.id,
        place: placeOf(c),
        details: { matterId },
      });
      return { matterId };
    });
  }

  /**
   * The periodic check: notices whose deadline passed without a closing re-check are escalated,
   * once per deadline (idempotent), and the campaign's manager is told.
   */
  async escalateOverdue(now: Date): Promise<number> {
    return this.d.db.transaction().execute(async (trx) => {
      const due = await repo.overdueNotices(trx, now);
      for (const n of due) {
        const c = (await repo.campaignById(trx, n.campaign_id))!;
        await repo.updateNotice(trx, n.id, {
          status: 'escalated',
          escalations: n.escalations + 1,
          escalated_deadline: n.deadline,
        });
        await this.notifyManagers(trx, c, n, 'notify.campaigns.overdue');
        await this.d.audit.record(trx, systemContext(), {
          action: 'campaigns.notice.escalate',
          entityType: 'campaign_notice',
          entityId: n.id,
          place: placeOf(c),
          details: { number: n.number, deadline: n.deadline.toISOString() },
        });
      }
      return due.length;
    });
  }
}
