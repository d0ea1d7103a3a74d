import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { covers, requireActor, requirePermission, type Scope } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { decodeCursor, type PageQuery, toPage, toPageById } from '../../platform/pagination.ts';
import { localParts } from '../../platform/local-time.ts';
import { maskName } from '../../platform/personal-data.ts';
import { loadFont } from '../reports/pdf.ts';
import type { NoticesDeps } from './deps.ts';
import { renderPosterPdf } from './poster-pdf.ts';
import { refreshDelivered, resolveRecipients, sendTo } from './recipients.ts';
import { publicNotices } from './public-reads.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import { VisitTasks } from './tasks.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;
const EMPTY = { recipients: 0, sent: 0, delivered: 0, read: 0, acknowledged: 0 };
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Whether a scope reaches a notice: its sender, or one of the divisions it is addressed to. */
const reaches = (scope: Scope, n: repo.NoticeRow) =>
  covers(scope, { divisionId: n.sender_division_id, gridId: null }) ||
  n.area_division_ids.some((a) => covers(scope, { divisionId: a, gridId: null }));

/**
 * Notices (通知公告 / 反诈预警 / 普法) with the fields of CAP 1.2, published by community and street
 * staff to the people of their area by person tag or role; each recipient's sent, delivered, read
 * and acknowledged (我已知晓) is kept, resending goes only to those who did not answer, and an
 * update or cancel supersedes the notice it references. Visit tasks live in tasks.ts.
 */
export class NoticesService {
  readonly tasks: VisitTasks;

  constructor(private readonly d: NoticesDeps) {
    this.tasks = new VisitTasks(d);
  }

  /** What a community's public page shows (public-reads.ts). */
  publicNotices(communityId: number) {
    return publicNotices(this.d, communityId);
  }

  private current(n: repo.NoticeRow) {
    return n.superseded_by === null && n.msg_type !== 'cancel' && n.expires > this.d.clock.now();
  }

  private async present(rows: repo.NoticeRow[]): Promise<View<typeof S.NoticeView>[]> {
    const counts = await repo.countsFor(
      this.d.db,
      rows.map((n) => n.id),
    );
    const names = await this.d.org.names({
      divisionIds: rows.flatMap((n) => [n.sender_division_id, ...n.area_division_ids]),
    });
    return rows.map((n) => ({
      id: n.id,
      identifier: n.identifier,
      sender: { id: n.sender_division_id, name: names.divisions.get(n.sender_division_id) ?? '' },
      sent: n.sent.toISOString(),
      status: n.status,
      msgType: n.msg_type,
      references: n.references_id,
      supersededBy: n.superseded_by,
      current: this.current(n),
      category: n.category,
      topic: n.topic,
      fraudType: n.fraud_type,
      urgency: n.urgency,
      severity: n.severity,
      certainty: n.certainty,
      headline: n.headline,
      description: n.description,
      instruction: n.instruction,
      areas: n.area_division_ids.map((a) => ({ id: a, name: names.divisions.get(a) ?? '' })),
      audienceRoles: n.audience_roles,
      audienceTags: n.audience_tags,
      effective: n.effective.toISOString(),
      expires: n.expires.toISOString(),
      visitAfterHours: n.visit_after_hours,
      counts: (counts.get(n.id) as View<typeof S.Counts> | undefined) ?? EMPTY,
    }));
  }

  /** A notice the actor reads with the permission; missing or out of reach: 404. */
  private async readable(ctx: RequestContext, id: number, permission: 'notices.read' | 'notices.publish') {
    const scope = requirePermission(ctx.actor, permission);
    const n = await repo.noticeById(this.d.db, id);
    if (!n || !reaches(scope, n)) throw new AppError('not_found');
    return n;
  }

  // ---------- staff ----------

  /**
   * Publishes a notice: checked (the sender in my scope, the area under the sender, expires after
   * effective and in the future, an update or cancel naming a current notice it may supersede),
   * its recipients resolved and sent to, all in one transaction; audited.
   */
  async publish(ctx: RequestContext, body: z.infer<typeof S.PublishBody>): Promise<View<typeof S.NoticeView>> {
    const actor = requireActor(ctx.actor);
    const scope = requirePermission(actor, 'notices.publish');
    const now = this.d.clock.now();
    const effective = body.effective ? new Date(body.effective) : now;
    const expires = new Date(body.expires);
    if (expires <= effective) throw invalid('body.expires', 'notices.expires_before_effective');
    if (expires <= now) throw invalid('body.expires', 'notices.expires_past');
    if (body.topic === 'anti_fraud' && !body.fraudType) throw invalid('body.fraudType', 'notices.fraud_type_required');
    const senderName = (await this.d.org.names({ divisionIds: [body.senderId] })).divisions.get(body.senderId);
    if (senderName === undefined) throw invalid('body.senderId', 'notices.not_division');
    if (!covers(scope, { divisionId: body.senderId, gridId: null })) throw new AppError('forbidden');
    const under = new Set(await this.d.org.divisionsUnder(body.senderId));
    const outside = body.areaIds.findIndex((a) => !under.has(a));
    if (outside >= 0) throw invalid(`body.areaIds.${outside}`, 'notices.area_outside_sender');
    const id = await this.d.db.transaction().execute(async (trx) => {
      let earlier: repo.NoticeRow | undefined;
      if (body.references !== undefined) {
        earlier = await repo.noticeById(trx, body.references, true);
        if (!earlier || !reaches(scope, earlier)) throw invalid('body.references', 'notices.unknown_reference');
        if (earlier.superseded_by !== null || earlier.msg_type === 'cancel')
          throw new AppError('conflict', {}, [{ key: 'notices.already_superseded' }]);
      }
      const n = await repo.insertNotice(trx, {
        identifier: `gongzhi-${body.senderId}-${randomUUID()}`,
        sender_division_id: body.senderId,
        sender_user_id: actor.userId,
        sent: now,
        status: body.status,
        msg_type: body.msgType,
        references_id: earlier?.id ?? null,
        superseded_by: null,
        category: body.category,
        topic: body.topic,
        fraud_type: body.fraudType ?? null,
        urgency: body.urgency,
        severity: body.severity,
        certainty: body.certainty,
        headline: body.headline,
        description: body.description,
        instruction: body.instruction,
        area_division_ids: [...new Set(body.areaIds)],
        audience_roles: [...new Set(body.audienceRoles)],
        audience_tags: [...new Set(body.audienceTags)],
        effective,
        expires,
        visit_after_hours: body.visitAfterHours ?? this.d.elderVisitAfterHours,
        created_at: now,
      });
      // A cancel goes to the earlier notice's recipients; an update to its own and the earlier's.
      const fresh = body.msgType === 'cancel' ? [] : await resolveRecipients(this.d, trx, n);
      if (earlier) {
        const known = new Set(fresh.map((r) => (r.person_id ? `p${r.person_id}` : `u${r.user_id}`)));
        for (const r of await repo.recipientsOf(trx, earlier.id, {})) {
          const key = r.person_id ? `p${r.person_id}` : `u${r.user_id}`;
          if (known.has(key)) continue;
          known.add(key);
          fresh.push({
            person_id: r.person_id,
            user_id: r.user_id,
            name: r.name,
            community_id: r.community_id,
            grid_id: r.grid_id,
            tags: r.tags,
            channel: r.channel,
          });
        }
        await repo.updateNotice(trx, earlier.id, { superseded_by: n.id });
        await repo.cancelOpenTasks(trx, earlier.id, now);
      }
      const rows = await repo.insertRecipients(
        trx,
        fresh.map((r) => ({ ...r, notice_id: n.id })),
      );
      await sendTo(this.d, trx, n, rows, senderName);
      await this.d.audit.record(trx, ctx, {
        action: 'notices.publish',
        entityType: 'notice',
        entityId: n.id,
        place: { divisionId: body.senderId, gridId: null },
        details: {
          msgType: body.msgType,
          topic: body.topic,
          references: earlier?.id ?? null,
          recipients: rows.length,
          areas: n.area_division_ids,
        },
      });
      return n.id;
    });
    const [view] = await this.present([(await repo.noticeById(this.d.db, id))!]);
    return view!;
  }

  async list(ctx: RequestContext, q: z.infer<typeof S.NoticeListQuery>): Promise<View<typeof S.NoticeList>> {
    const scope = requirePermission(ctx.actor, 'notices.read');
    let divisionIds = scope.divisionIds;
    if (q.areaId !== undefined) {
      const under = new Set(await this.d.org.divisionsUnder(q.areaId));
      divisionIds = divisionIds.filter((d) => under.has(d));
    }
    const rows = await repo.listNotices(this.d.db, {
      divisionIds,
      topic: q.topic,
      current: q.current,
      now: this.d.clock.now(),
      q: q.q,
      beforeId: decodeCursor(q.cursor)?.id,
      limit: q.limit,
    });
    return toPageById(rows, q.limit, (page) => this.present(page));
  }

  async get(ctx: RequestContext, id: number): Promise<View<typeof S.NoticeView>> {
    const n = await this.readable(ctx, id, 'notices.read');
    await refreshDelivered(this.d, id);
    return (await this.present([n]))[0]!;
  }

  /** The recipients of a notice with their four times, names masked. */
  async recipients(
    ctx: RequestContext,
    id: number,
    q: z.infer<typeof S.RecipientQuery>,
  ): Promise<View<typeof S.RecipientList>> {
    await this.readable(ctx, id, 'notices.read');
    await refreshDelivered(this.d, id);
    const rows = await repo.recipientsOf(this.d.db, id, {
      state: q.state,
      afterId: decodeCursor(q.cursor)?.id,
      limit: q.limit,
    });
    const names = await this.d.org.names({
      divisionIds: rows.map((r) => r.community_id).filter((c): c is number => c !== null),
    });
    const recorders = new Map<number, string>();
    for (const uid of new Set(rows.map((r) => r.ack_by_user_id).filter((u): u is number => u !== null)))
      recorders.set(uid, (await this.d.auth.contactOf(uid))?.name ?? '');
    return toPage(
      rows,
      q.limit,
      (r) => ({
        id: r.id,
        name: maskName(r.name),
        kind: r.person_id !== null ? ('person' as const) : ('user' as const),
        tags: r.tags,
        community: r.community_id !== null ? (names.divisions.get(r.community_id) ?? '') : '',
        channel: r.channel,
        sentAt: iso(r.sent_at),
        deliveredAt: iso(r.delivered_at),
        readAt: iso(r.read_at),
        acknowledgedAt: iso(r.acknowledged_at),
        ackMethod: r.ack_method,
        ackBy: r.ack_by_user_id !== null ? (recorders.get(r.ack_by_user_id) ?? null) : null,
        ackNote: r.ack_note,
        sends: r.sends,
      }),
      (r) => ({ sort: null, id: r.id }),
    );
  }

  /** Staff record that a recipient knows (after a call or a visit): who and how; audited. */
  async recordAck(ctx: RequestContext, id: number, recipientId: number, body: z.infer<typeof S.RecordAckBody>) {
    const actor = requireActor(ctx.actor);
    const n = await this.readable(ctx, id, 'notices.publish');
    await this.d.db.transaction().execute(async (trx) => {
      const r = await repo.recipientById(trx, recipientId, true);
      if (!r || r.notice_id !== n.id) throw new AppError('not_found');
      if (r.acknowledged_at) throw new AppError('conflict', {}, [{ key: 'notices.already_acknowledged' }]);
      await this.tasks.acknowledge(trx, r, { method: body.method, note: body.note, by: actor.userId });
      await this.d.audit.record(trx, ctx, {
        action: 'notices.ack.record',
        entityType: 'notice',
        entityId: n.id,
        place: { divisionId: r.community_id ?? n.sender_division_id, gridId: r.grid_id },
        details: { recipientId: r.id, method: body.method },
      });
    });
    return { ok: true };
  }

  /** Sends the notice again to those who have not acknowledged it (and only them); audited. */
  async resend(ctx: RequestContext, id: number): Promise<View<typeof S.ResendResult>> {
    const n = await this.readable(ctx, id, 'notices.publish');
    if (!this.current(n)) throw new AppError('conflict', {}, [{ key: 'notices.not_current' }]);
    const senderName =
      (await this.d.org.names({ divisionIds: [n.sender_division_id] })).divisions.get(n.sender_division_id) ?? '';
    return this.d.db.transaction().execute(async (trx) => {
      const silent = (await repo.recipientsOf(trx, n.id, { state: 'unacknowledged' })).filter(
        (r) => r.channel !== 'none',
      );
      const resent = await sendTo(this.d, trx, n, silent, senderName);
      await this.d.audit.record(trx, ctx, {
        action: 'notices.resend',
        entityType: 'notice',
        entityId: n.id,
        place: { divisionId: n.sender_division_id, gridId: null },
        details: { resent },
      });
      return { resent };
    });
  }

  /** The A4 poster for building boards, with a QR code of the notice in the H5 at `origin`. */
  async poster(ctx: RequestContext, id: number, origin: string): Promise<{ pdf: Buffer; filename: string }> {
    const n = await this.readable(ctx, id, 'notices.read');
    const font = await loadFont(this.d.font);
    if ('problem' in font) throw new AppError('unavailable', {}, [{ message: font.problem }]);
    const [view] = await this.present([n]);
    const label = n.topic === 'anti_fraud' ? '反诈预警' : n.topic === 'legal_education' ? '普法宣传' : '通知公告';
    const pdf = await renderPosterPdf(
      {
        headline: n.headline,
        label,
        description: n.description,
        instruction: n.instruction,
        sender: view!.sender.name,
        date: localParts(n.sent, this.d.timeZone).date,
        url: `${origin.replace(/\/$/, '')}/h5/notices/${n.id}`,
        hotlines: n.topic === 'anti_fraud' ? '反诈专线 96110 · 下载“国家反诈中心”App · 报警 110' : '',
      },
      this.d.font,
      font.bytes,
      this.d.clock.now(),
    );
    return { pdf, filename: `notice-${n.id}.pdf` };
  }

  // ---------- recipients ----------

  /** The notices I received, newest first; superseded ones say which notice replaced them. */
  async mine(ctx: RequestContext, q: PageQuery): Promise<View<typeof S.MyNoticeList>> {
    const actor = requireActor(ctx.actor);
    const rows = await repo.noticesOfUser(this.d.db, actor.userId, decodeCursor(q.cursor)?.id, q.limit);
    return toPageById(rows, q.limit, async (page) => {
      const views = await this.present(page);
      return views.map(({ counts: _, ...v }, i) => ({
        ...v,
        readAt: iso(page[i]!.read_at),
        acknowledgedAt: iso(page[i]!.acknowledged_at),
      }));
    });
  }

  /** One of my notices, opened: read from now on. */
  async openMine(ctx: RequestContext, id: number): Promise<View<typeof S.MyNoticeView>> {
    const actor = requireActor(ctx.actor);
    const r = await repo.recipientOfUser(this.d.db, id, actor.userId);
    if (!r) throw new AppError('not_found');
    const now = this.d.clock.now();
    if (!r.read_at) await repo.updateRecipient(this.d.db, r.id, { read_at: now });
    const { counts: _, ...view } = (await this.present([(await repo.noticeById(this.d.db, id))!]))[0]!;
    return { ...view, readAt: iso(r.read_at ?? now), acknowledgedAt: iso(r.acknowledged_at) };
  }

  /** 我已知晓: I acknowledge one of my notices (again is harmless). */
  async acknowledgeMine(ctx: RequestContext, id: number): Promise<View<typeof S.MyNoticeView>> {
    const actor = requireActor(ctx.actor);
    await this.d.db.transaction().execute(async (trx) => {
      const r = await repo.recipientOfUser(trx, id, actor.userId, true);
      if (!r) throw new AppError('not_found');
      if (!r.acknowledged_at) await this.tasks.acknowledge(trx, r, { method: 'app', note: '', by: null });
    });
    return this.openMine(ctx, id);
  }
}
