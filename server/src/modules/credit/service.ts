import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import { type Actor, covers, requireActor, requirePermission } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import type { DomainEvent } from '../../platform/jobs.ts';
import { addDays, addMonths, localInstant, localParts } from '../../platform/local-time.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import type { AuditService } from '../audit/service.ts';
import type { MediaService } from '../media/service.ts';
import type { OrgService } from '../org/service.ts';
import type { PointsService } from '../points/service.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import { BOUNDS, computeScore, daysBetween, type Result } from './score.ts';
import type { EvidenceKind } from './tables.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

export interface CreditDeps {
  db: Kysely<DB>;
  clock: Clock;
  timeZone: string;
  audit: AuditService;
  org: OrgService;
  points: PointsService;
  media: MediaService;
  baseScore: number;
  font: { path: string; name: string };
}

export interface MerchantRef {
  id: number;
  name: string;
  communityId: number;
  userId: number | null;
}

/** Civic participation from the volunteer module's events: the points of each, for the merchant's owner. */
export const CIVIC_EVENTS: Record<string, number> = { 'volunteer.hours_approved': 2, 'good_deed.verified': 3 };
/** The 无诈 pledge counts as civic participation, once per text version. */
export const PLEDGE_POINTS = 3;

const place = (m: { communityId: number }) => ({ divisionId: m.communityId, gridId: null });
const lineView = (e: repo.EvidenceRow, r: Result): View<typeof S.EvidenceLine> => {
  const l = r.lines.find((x) => x.evidenceId === e.id)!;
  return {
    id: e.id,
    kind: e.kind,
    occurredOn: e.occurred_on,
    points: e.points,
    source: { module: e.source_module, ref: e.source_ref, recordedBy: e.recorded_by },
    note: e.note,
    voided: e.voided_at !== null,
    voidReason: e.void_reason,
    ageDays: l.ageDays,
    contribution: l.hundredths / 100,
    excluded: l.excluded,
  };
};

/**
 * Merchant credit (商户信用分): the score of each merchant from its dated evidence (score.ts),
 * kept current on every change and by a daily job that also keeps one snapshot per month.
 * Appeals, the regulator's grades, pledges and the shop's card are in desk.ts.
 */
export class CreditService {
  constructor(readonly d: CreditDeps) {}

  today() {
    return localParts(this.d.clock.now(), this.d.timeZone).date;
  }

  score(evidence: readonly repo.EvidenceRow[], asOf: string) {
    return computeScore(
      this.d.baseScore,
      evidence.map((e) => ({
        id: e.id,
        kind: e.kind,
        occurredOn: e.occurred_on,
        points: e.points,
        voided: e.voided_at !== null,
      })),
      asOf,
    );
  }

  async merchant(id: number, db: Executor = this.d.db): Promise<MerchantRef | null> {
    const m = (await this.d.points.merchantSummaries([id], db)).get(id);
    return m ? { id, ...m } : null;
  }

  /** A merchant staff may read (404 otherwise) or manage (403 when readable but not manageable). */
  async staffMerchant(ctx: RequestContext, id: number, write: boolean): Promise<MerchantRef> {
    const actor = requireActor(ctx.actor);
    const m = await this.merchant(id);
    if (!m) throw new AppError('not_found');
    if (!covers(requirePermission(actor, 'credit.read'), place(m))) throw new AppError('not_found');
    if (write && !covers(requirePermission(actor, 'credit.manage'), place(m))) throw new AppError('forbidden');
    return m;
  }

  /** The merchant whose owner is signed in. */
  async ownMerchant(ctx: RequestContext): Promise<MerchantRef> {
    const actor = requireActor(ctx.actor);
    const id = await this.d.points.merchantIdOfUser(actor.userId);
    const m = id === null ? null : await this.merchant(id);
    if (!m) throw new AppError('not_found', {}, [{ key: 'credit.not_merchant' }]);
    return m;
  }

  async communitiesInScope(actor: Actor | null, areaId: number | undefined) {
    const scope = requirePermission(actor, 'credit.read');
    if (areaId === undefined) return [...scope.divisionIds];
    const under = new Set(await this.d.org.divisionsUnder(areaId));
    return scope.divisionIds.filter((x) => under.has(x));
  }

  /** Recomputes a merchant's current score as of today, in the caller's transaction. */
  async recompute(db: Executor, m: { id: number; communityId: number }) {
    const asOf = this.today();
    const r = this.score(await repo.evidenceOf(db, [m.id]), asOf);
    await repo.upsertScore(db, {
      merchant_id: m.id,
      community_id: m.communityId,
      score: r.score,
      grade: r.grade,
      raw_hundredths: r.rawHundredths,
      as_of: asOf,
      computed_at: this.d.clock.now(),
    });
    return r;
  }

  /** Adds a line and recomputes; null when the same line from another module was there already. */
  async addLine(
    db: Executor,
    m: { id: number; communityId: number },
    line: {
      kind: EvidenceKind;
      occurredOn: string;
      points: number;
      source: string;
      ref: string;
      by: number | null;
      note: string;
    },
  ) {
    const b = BOUNDS[line.kind];
    const points = Math.min(b.max, Math.max(b.min, line.points));
    const id = await repo.insertEvidence(db, {
      merchant_id: m.id,
      community_id: m.communityId,
      kind: line.kind,
      occurred_on: line.occurredOn,
      points,
      source_module: line.source,
      source_ref: line.ref,
      recorded_by: line.by,
      note: line.note,
      voided_at: null,
      voided_by: null,
      void_reason: null,
      created_at: this.d.clock.now(),
    });
    if (id !== null) await this.recompute(db, m);
    return id;
  }

  // ---------- breakdown ----------

  async breakdown(m: MerchantRef, asOf: string | undefined): Promise<View<typeof S.Breakdown>> {
    const day = asOf ?? this.today();
    const db = this.d.db;
    const [evidence, [stored], official, pledges, appeals, snapshots, names] = await Promise.all([
      repo.evidenceOf(db, [m.id]),
      repo.scoresOf(db, [m.id]),
      repo.officialGradesOf(db, [m.id]),
      repo.pledgesOf(db, m.id),
      repo.appealsOfMerchant(db, m.id),
      repo.snapshotsOf(db, m.id),
      this.d.org.names({ divisionIds: [m.communityId] }),
    ]);
    const r = this.score(evidence, day);
    const byId = new Map(evidence.map((e) => [e.id, e]));
    return {
      merchant: {
        id: m.id,
        name: m.name,
        community: { id: m.communityId, name: names.divisions.get(m.communityId) ?? '' },
      },
      asOf: day,
      base: r.baseHundredths / 100,
      lines: r.lines.map((l) => lineView(byId.get(l.evidenceId)!, r)),
      total: r.rawHundredths / 100,
      score: r.score,
      grade: r.grade,
      clamped: r.clamped,
      stored: stored ? { score: stored.score, grade: stored.grade, asOf: stored.as_of } : null,
      official: official.map((o) => ({ id: o.id, grade: o.grade, gradedOn: o.graded_on, issuer: o.issuer })),
      pledges: pledges.map((p) => ({ id: p.id, kind: p.kind, textVersion: p.text_version, signedOn: p.signed_on })),
      appeals: appeals.map((a) => appealView(a, m.name)),
      snapshots: snapshots.map((s) => ({ month: s.month, score: s.score, grade: s.grade, asOf: s.as_of })),
    };
  }

  async staffBreakdown(ctx: RequestContext, id: number, q: View<typeof S.BreakdownQuery>) {
    return this.breakdown(await this.staffMerchant(ctx, id, false), q.asOf);
  }

  /** The merchant sees exactly what staff see. */
  async myBreakdown(ctx: RequestContext, q: View<typeof S.BreakdownQuery>) {
    return this.breakdown(await this.ownMerchant(ctx), q.asOf);
  }

  // ---------- evidence recorded by staff ----------

  async addEvidence(ctx: RequestContext, merchantId: number, body: View<typeof S.EvidenceBody>) {
    const m = await this.staffMerchant(ctx, merchantId, true);
    const b = BOUNDS[body.kind];
    if (body.points < b.min || body.points > b.max)
      throw invalid('body.points', 'credit.points_out_of_bounds', { min: b.min, max: b.max });
    if (body.occurredOn > this.today()) throw invalid('body.occurredOn', 'credit.future_date');
    const actor = requireActor(ctx.actor);
    await this.d.db.transaction().execute(async (trx) => {
      const id = await this.addLine(trx, m, {
        kind: body.kind,
        occurredOn: body.occurredOn,
        points: body.points,
        source: 'staff',
        ref: String(actor.userId),
        by: actor.userId,
        note: body.note,
      });
      await this.d.audit.record(trx, ctx, {
        action: 'credit.evidence.add',
        entityType: 'merchant',
        entityId: m.id,
        place: place(m),
        details: { evidenceId: id, kind: body.kind, points: body.points, occurredOn: body.occurredOn },
      });
    });
    return this.breakdown(m, undefined);
  }

  // ---------- lists ----------

  /** Merchants of my area with their current grade; by risk (the inspection-priority list) or by name. */
  async list(
    ctx: RequestContext,
    q: View<typeof S.MerchantQuery>,
    order: 'priority' | 'name',
  ): Promise<View<typeof S.MerchantList>> {
    const communityIds = await this.communitiesInScope(ctx.actor, q.areaId);
    const today = this.today();
    let merchants = (await this.d.points.merchantsIn(communityIds)).filter((m) => m.active);
    if (q.q) merchants = merchants.filter((m) => m.name.includes(q.q!));
    const ids = merchants.map((m) => m.id);
    const [scores, official, evidence, pending, names] = await Promise.all([
      repo.scoresOf(this.d.db, ids),
      repo.officialGradesOf(this.d.db, ids),
      repo.evidenceOf(this.d.db, ids),
      repo.appeals(this.d.db, { communityIds, status: 'pending', limit: 10_000 }),
      this.d.org.names({ divisionIds: communityIds }),
    ]);
    const scoreOf = new Map(scores.map((s) => [s.merchant_id, s]));
    const officialOf = new Map<number, (typeof official)[number]>();
    for (const o of official) if (!officialOf.has(o.merchant_id)) officialOf.set(o.merchant_id, o);
    const inspected = new Map<number, string>();
    for (const e of evidence)
      if (e.kind === 'inspection' && e.voided_at === null && e.occurred_on <= today)
        inspected.set(e.merchant_id, e.occurred_on);
    const pendingOf = new Map<number, number>();
    for (const a of pending) pendingOf.set(a.merchant_id, (pendingOf.get(a.merchant_id) ?? 0) + 1);
    const base = this.score([], today);
    let rows = merchants.map((m) => {
      const s = scoreOf.get(m.id);
      const o = officialOf.get(m.id);
      const last = inspected.get(m.id) ?? null;
      return {
        id: m.id,
        name: m.name,
        community: { id: m.communityId, name: names.divisions.get(m.communityId) ?? '' },
        score: s?.score ?? base.score,
        grade: s?.grade ?? base.grade,
        asOf: s?.as_of ?? null,
        officialGrade: o ? { grade: o.grade, gradedOn: o.graded_on } : null,
        lastInspectionOn: last,
        daysSinceInspection: last === null ? null : daysBetween(last, today),
        pendingAppeals: pendingOf.get(m.id) ?? 0,
      };
    });
    if (q.grade) rows = rows.filter((r) => r.grade === q.grade);
    rows.sort(
      order === 'name'
        ? (a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.id - b.id
        : // Worst grade first, then lowest score, then longest without an inspection (never inspected first).
          (a, b) =>
            b.grade.localeCompare(a.grade) ||
            a.score - b.score ||
            (b.daysSinceInspection ?? Number.MAX_SAFE_INTEGER) - (a.daysSinceInspection ?? Number.MAX_SAFE_INTEGER) ||
            a.id - b.id,
    );
    // The cursor is the position in this order: a street has hundreds of merchants, not more.
    const start = Number(decodeCursor(q.cursor)?.sort ?? 0);
    const items = rows.slice(start, start + q.limit);
    const last = items[items.length - 1];
    const more = last && start + q.limit < rows.length;
    return { items, nextCursor: more ? encodeCursor({ sort: start + q.limit, id: last.id }) : null };
  }

  // ---------- the clock and other modules ----------

  /**
   * Daily: vouchers of the month just ended become one evidence line per merchant (once), every
   * merchant's score is recomputed as of today, and the first run in a month keeps its snapshot.
   */
  async runDaily(now: Date): Promise<View<typeof S.RunResult>> {
    const today = localParts(now, this.d.timeZone).date;
    const month = today.slice(0, 7);
    const lastMonthStart = addMonths(`${month}-01`, -1);
    const from = localInstant(lastMonthStart, 0, this.d.timeZone);
    const to = localInstant(`${month}-01`, 0, this.d.timeZone);
    const tally = await this.d.points.voucherTally(from, to);
    const merchants = await this.d.points.merchantsIn(null);
    let snapshots = 0;
    let voucherLines = 0;
    for (const m of merchants) {
      await this.d.db.transaction().execute(async (trx) => {
        const t = tally.get(m.id);
        // All honoured: +1. More left to lapse than redeemed: −1 per excess voucher, at most −5.
        const points = !t ? 0 : t.expired === 0 ? 1 : t.expired > t.redeemed ? -(t.expired - t.redeemed) : 0;
        if (t && points !== 0) {
          const id = await this.addLine(trx, m, {
            kind: 'voucher',
            occurredOn: addDays(`${month}-01`, -1),
            points,
            source: 'points',
            ref: lastMonthStart.slice(0, 7),
            by: null,
            note: `代金券 ${lastMonthStart.slice(0, 7)}：兑付 ${t.redeemed}，过期未兑 ${t.expired}`,
          });
          if (id !== null) voucherLines++;
        }
        const r = await this.recompute(trx, m);
        const kept = await repo.insertSnapshot(trx, {
          merchant_id: m.id,
          month,
          community_id: m.communityId,
          score: r.score,
          grade: r.grade,
          raw_hundredths: r.rawHundredths,
          as_of: today,
          computed_at: now,
        });
        if (kept) snapshots++;
      });
    }
    return { merchants: merchants.length, snapshots, voucherLines };
  }

  /** Volunteering or a good deed by a merchant's owner counts as the merchant's civic participation. */
  async onCivicEvent(event: DomainEvent<{ userId: number; referenceId?: string; memo?: string }>, db: Executor) {
    const points = CIVIC_EVENTS[event.type];
    if (points === undefined) return;
    const merchantId = await this.d.points.merchantIdOfUser(event.payload.userId, db);
    const m = merchantId === null ? null : await this.merchant(merchantId, db);
    if (!m) return;
    await this.addLine(db, m, {
      kind: 'civic',
      occurredOn: localParts(new Date(event.occurredAt), this.d.timeZone).date,
      points,
      source: 'volunteer',
      ref: `${event.type}:${event.payload.referenceId ?? event.id}`,
      by: null,
      note: event.payload.memo ?? '',
    });
  }
}

export function appealView(a: repo.AppealRow, merchantName: string): View<typeof S.AppealView> {
  return {
    id: a.id,
    merchantId: a.merchant_id,
    merchantName,
    kind: a.kind,
    evidenceId: a.evidence_id,
    reason: a.reason,
    photos: a.photo_tokens,
    status: a.status,
    filedAt: a.filed_at.toISOString(),
    decidedAt: a.decided_at?.toISOString() ?? null,
    decisionNote: a.decision_note,
    repairEvidenceId: a.repair_evidence_id,
  };
}
