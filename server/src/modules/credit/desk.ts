import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { requireActor } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { decodeCursor, toPageById } from '../../platform/pagination.ts';
import { loadFont } from '../reports/pdf.ts';
import { renderCardPdf } from './card-pdf.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import { appealView, type CreditService, type MerchantRef, PLEDGE_POINTS } from './service.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;
const place = (m: { communityId: number }) => ({ divisionId: m.communityId, gridId: null });

/**
 * The merchant's and staff's desk: appeals (申诉) and credit repair (信用修复), the regulator's
 * official grades (kept apart, never overwritten), fraud-free pledges (无诈商户) and the shop's card.
 */
export class CreditDesk {
  constructor(private readonly s: CreditService) {}

  private get d() {
    return this.s.d;
  }

  // ---------- appeals and credit repair ----------

  /** The merchant appeals a line, or asks for credit repair after a fix; nothing changes until staff decide. */
  async file(ctx: RequestContext, body: View<typeof S.AppealBody>): Promise<View<typeof S.AppealView>> {
    const actor = requireActor(ctx.actor);
    const m = await this.s.ownMerchant(ctx);
    if (body.evidenceId !== undefined) {
      const e = await repo.evidenceById(this.d.db, body.evidenceId);
      if (!e || e.merchant_id !== m.id) throw invalid('body.evidenceId', 'credit.no_such_line');
      if (e.voided_at !== null) throw invalid('body.evidenceId', 'credit.line_voided');
      if (await repo.pendingAppealFor(this.d.db, e.id))
        throw new AppError('conflict', {}, [{ key: 'credit.appeal_pending' }]);
    }
    if (body.photos.length) await this.d.media.assertOwned(actor.userId, body.photos);
    const id = await this.d.db.transaction().execute(async (trx) => {
      const id = await repo.insertAppeal(trx, {
        merchant_id: m.id,
        community_id: m.communityId,
        kind: body.kind,
        evidence_id: body.evidenceId ?? null,
        reason: body.reason,
        photo_tokens: body.photos,
        filed_by: actor.userId,
        filed_at: this.d.clock.now(),
        decided_by: null,
        decided_at: null,
        repair_evidence_id: null,
      });
      await this.d.audit.record(trx, ctx, {
        action: 'credit.appeal.file',
        entityType: 'credit_appeal',
        entityId: id,
        place: place(m),
        details: { kind: body.kind, evidenceId: body.evidenceId ?? null },
      });
      return id;
    });
    return appealView((await repo.appealById(this.d.db, id))!, m.name);
  }

  async queue(ctx: RequestContext, q: View<typeof S.AppealQuery>): Promise<View<typeof S.AppealList>> {
    const communityIds = await this.s.communitiesInScope(ctx.actor, q.areaId);
    const rows = await repo.appeals(this.d.db, {
      communityIds,
      status: q.status,
      afterId: decodeCursor(q.cursor)?.id,
      limit: q.limit,
    });
    return toPageById(rows, q.limit, async (page) => {
      const names = await this.d.points.merchantSummaries([...new Set(page.map((a) => a.merchant_id))]);
      return page.map((a) => appealView(a, names.get(a.merchant_id)?.name ?? ''));
    });
  }

  /** Staff decide. Granted: an appeal voids its line, a repair adds a repair line. Rejected: the score stays. */
  async decide(ctx: RequestContext, id: number, body: View<typeof S.DecisionBody>) {
    const actor = requireActor(ctx.actor);
    const a = await repo.appealById(this.d.db, id);
    if (!a) throw new AppError('not_found');
    const m = await this.s.staffMerchant(ctx, a.merchant_id, true);
    if (a.status !== 'pending') throw new AppError('conflict', {}, [{ key: 'credit.appeal_decided' }]);
    if (body.grant && a.kind === 'repair' && body.repairPoints === undefined)
      throw invalid('body.repairPoints', 'credit.repair_points_required');
    const now = this.d.clock.now();
    await this.d.db.transaction().execute(async (trx) => {
      let repairId: number | null = null;
      if (body.grant && a.kind === 'appeal' && a.evidence_id !== null)
        await repo.voidEvidence(trx, a.evidence_id, actor.userId, now, `申诉 #${a.id} 成立：${body.note}`);
      if (body.grant && a.kind === 'repair')
        repairId = await this.s.addLine(trx, m, {
          kind: 'repair',
          occurredOn: this.s.today(),
          points: body.repairPoints!,
          source: 'credit',
          ref: `appeal:${a.id}`,
          by: actor.userId,
          note: `信用修复 #${a.id}：${body.note}`,
        });
      const ok = await repo.decideAppeal(trx, a.id, {
        status: body.grant ? 'granted' : 'rejected',
        decided_by: actor.userId,
        decided_at: now,
        decision_note: body.note,
        repair_evidence_id: repairId,
      });
      if (!ok) throw new AppError('conflict', {}, [{ key: 'credit.appeal_decided' }]);
      if (body.grant) await this.s.recompute(trx, m);
      await this.d.audit.record(trx, ctx, {
        action: body.grant ? 'credit.appeal.grant' : 'credit.appeal.reject',
        entityType: 'credit_appeal',
        entityId: a.id,
        place: place(m),
        details: { kind: a.kind, evidenceId: a.evidence_id, repairEvidenceId: repairId },
      });
    });
    return appealView((await repo.appealById(this.d.db, a.id))!, m.name);
  }

  // ---------- the regulator's grade and pledges ----------

  /** Records the regulator's 量化分级 grade as given: a new row each time, the old ones kept. */
  async addOfficialGrade(ctx: RequestContext, merchantId: number, body: View<typeof S.OfficialGradeBody>) {
    const actor = requireActor(ctx.actor);
    const m = await this.s.staffMerchant(ctx, merchantId, true);
    if (body.gradedOn > this.s.today()) throw invalid('body.gradedOn', 'credit.future_date');
    const id = await this.d.db.transaction().execute(async (trx) => {
      const id = await repo.insertOfficialGrade(trx, {
        merchant_id: m.id,
        community_id: m.communityId,
        grade: body.grade,
        graded_on: body.gradedOn,
        issuer: body.issuer,
        recorded_by: actor.userId,
        recorded_at: this.d.clock.now(),
      });
      await this.d.audit.record(trx, ctx, {
        action: 'credit.official_grade.add',
        entityType: 'merchant',
        entityId: m.id,
        place: place(m),
        details: { grade: body.grade, gradedOn: body.gradedOn },
      });
      return id;
    });
    return { id, grade: body.grade, gradedOn: body.gradedOn, issuer: body.issuer };
  }

  private async pledge(ctx: RequestContext, m: MerchantRef, body: View<typeof S.PledgeBody>) {
    const actor = requireActor(ctx.actor);
    if (body.signedOn > this.s.today()) throw invalid('body.signedOn', 'credit.future_date');
    const id = await this.d.db.transaction().execute(async (trx) => {
      const evidenceId = await this.s.addLine(trx, m, {
        kind: 'civic',
        occurredOn: body.signedOn,
        points: PLEDGE_POINTS,
        source: 'credit',
        ref: `pledge:${body.kind}:${body.textVersion}`,
        by: actor.userId,
        note: body.kind === 'fraud_free_hotel' ? '无诈酒店承诺' : '无诈商户承诺',
      });
      const id = await repo.insertPledge(trx, {
        merchant_id: m.id,
        community_id: m.communityId,
        kind: body.kind,
        text_version: body.textVersion,
        signed_on: body.signedOn,
        signed_by: actor.userId,
        evidence_id: evidenceId,
        created_at: this.d.clock.now(),
      });
      if (id === null) throw new AppError('conflict', {}, [{ key: 'credit.pledge_signed' }]);
      await this.d.audit.record(trx, ctx, {
        action: 'credit.pledge.sign',
        entityType: 'merchant',
        entityId: m.id,
        place: place(m),
        details: { kind: body.kind, textVersion: body.textVersion },
      });
      return id;
    });
    return { id, kind: body.kind, textVersion: body.textVersion, signedOn: body.signedOn };
  }

  async staffPledge(ctx: RequestContext, merchantId: number, body: View<typeof S.PledgeBody>) {
    return this.pledge(ctx, await this.s.staffMerchant(ctx, merchantId, true), body);
  }

  async myPledge(ctx: RequestContext, body: View<typeof S.PledgeBody>) {
    return this.pledge(ctx, await this.s.ownMerchant(ctx), body);
  }

  // ---------- the shop's card ----------

  private async card(ctx: RequestContext, m: MerchantRef): Promise<View<typeof S.CardView>> {
    let card = await repo.cardOf(this.d.db, m.id);
    if (!card) {
      await this.d.db.transaction().execute(async (trx) => {
        await repo.insertCard(trx, {
          merchant_id: m.id,
          token: randomBytes(18).toString('base64url'),
          created_at: this.d.clock.now(),
        });
        await this.d.audit.record(trx, ctx, {
          action: 'credit.card.create',
          entityType: 'merchant',
          entityId: m.id,
          place: place(m),
        });
      });
      card = (await repo.cardOf(this.d.db, m.id))!;
    }
    return { token: card.token, path: `/credit/card/${card.token}` };
  }

  async staffCard(ctx: RequestContext, merchantId: number) {
    return this.card(ctx, await this.s.staffMerchant(ctx, merchantId, false));
  }

  async myCard(ctx: RequestContext) {
    return this.card(ctx, await this.s.ownMerchant(ctx));
  }

  /** Public (no sign-in): the shop's name, our grade with its date, the regulator's grade apart, the pledge. */
  async publicCard(token: string): Promise<View<typeof S.PublicCard>> {
    const card = await repo.cardByToken(this.d.db, token);
    const m = card ? await this.s.merchant(card.merchant_id) : null;
    if (!card || !m) throw new AppError('not_found');
    const [[stored], [official], [pledge]] = await Promise.all([
      repo.scoresOf(this.d.db, [m.id]),
      repo.officialGradesOf(this.d.db, [m.id]),
      repo.pledgesOf(this.d.db, m.id),
    ]);
    const fallback = stored ? null : this.s.score([], this.s.today());
    return {
      name: m.name,
      grade: stored?.grade ?? fallback!.grade,
      asOf: stored?.as_of ?? this.s.today(),
      official: official ? { grade: official.grade, gradedOn: official.graded_on, issuer: official.issuer } : null,
      pledge: pledge ? { kind: pledge.kind, textVersion: pledge.text_version, signedOn: pledge.signed_on } : null,
    };
  }

  /** The card as a printable A6 PDF with the QR code of its public page. */
  async cardPdf(token: string, url: string): Promise<Buffer> {
    const card = await this.publicCard(token);
    const font = await loadFont(this.d.font);
    if ('problem' in font) throw new AppError('unavailable', {}, [{ message: font.problem }]);
    return renderCardPdf({ ...card, url }, this.d.font, font.bytes, this.d.clock.now());
  }
}
