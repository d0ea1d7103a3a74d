import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import { type Actor, requireActor, requirePermission, scopeFor } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import { canReadScores, canReview, isSubject, scorePlace } from './access.ts';
import type { AssessmentDeps } from './deps.ts';
import { effectivePoints, presentAppeal, presentRefs, presentScore } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import { rankWithinGroups, scoreOf, sumPoints } from './scoring.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

const INDICATOR_NAMES: Record<string, { 'zh-CN': string; en: string }> = {
  accepted_on_time: { 'zh-CN': '按时受理率', en: 'accepted on time' },
  resolved_on_time: { 'zh-CN': '按期办结率', en: 'resolved on time' },
  overdue: { 'zh-CN': '超期', en: 'overdue' },
  returned: { 'zh-CN': '退单', en: 'returns' },
  supervision_cards: { 'zh-CN': '督办红黄牌', en: 'supervision cards' },
  visits: { 'zh-CN': '走访完成率', en: 'visits' },
  patrol_coverage: { 'zh-CN': '巡查覆盖率', en: 'patrol coverage' },
  satisfaction: { 'zh-CN': '满意率', en: 'satisfaction' },
};

/**
 * Scores (read, with every line's records) and appeals (申诉): the one assessed appeals a
 * line with a reason; a reviewer of the area, not the appellant, grants it with the points
 * the line gets instead, or refuses it. Only a grant changes the score (and the ranks of the
 * peer group); every decision is kept and audited.
 */
export class Scores {
  constructor(private readonly d: AssessmentDeps) {}

  /** A score the caller may see: in their assessment.read area, or their own; else 404. */
  private visible(actor: Actor, s: repo.ScoreRow | undefined): asserts s is repo.ScoreRow {
    if (!s || !(canReadScores(actor, scorePlace(s)) || isSubject(actor, s))) throw new AppError('not_found');
  }

  private async views(rows: repo.ScoreRow[]) {
    const schemeIds = [...new Set(rows.map((r) => r.scheme_id))];
    const [schemes, versions, names] = await Promise.all([
      Promise.all(schemeIds.map((id) => repo.schemeById(this.d.db, id))),
      repo.versionsOf(this.d.db, schemeIds),
      this.d.org.names({
        divisionIds: rows.map((r) => r.division_id),
        gridIds: rows.map((r) => r.grid_id).filter((g): g is number => g !== null),
      }),
    ]);
    const schemeName = new Map(schemes.filter((s) => s).map((s) => [s!.id, s!.name]));
    const versionNo = new Map(versions.map((v) => [v.id, v.version]));
    return (r: repo.ScoreRow) =>
      presentScore(r, {
        schemeName: schemeName.get(r.scheme_id) ?? '',
        version: versionNo.get(r.version_id) ?? 0,
        names,
      });
  }

  async list(ctx: RequestContext, q: z.infer<typeof S.ScoreListQuery>) {
    const scope = requirePermission(ctx.actor, 'assessment.read');
    const divisionIds = q.areaId === undefined ? undefined : await this.d.org.divisionsUnder(q.areaId);
    const filter: repo.ScoreFilter = {
      scope,
      schemeId: q.schemeId,
      month: q.month,
      subjectKind: q.subjectKind,
      peerGroup: q.peerGroup,
      divisionIds,
    };
    const rows = await repo.listScores(this.d.db, filter, decodeCursor(q.cursor), q.limit);
    const present = await this.views(rows);
    const page = toPage(rows, q.limit, present, (r) => ({ sort: r.sort_key, id: r.id }));
    return q.withTotal ? { ...page, total: await repo.countScores(this.d.db, filter) } : page;
  }

  /** One's own scores (a grid worker's), newest first. */
  async mine(ctx: RequestContext, q: z.infer<typeof S.MyScoresQuery>) {
    const actor = requireActor(ctx.actor);
    const rows = await repo.listScores(
      this.d.db,
      { scope: null, subjectUserId: actor.userId },
      decodeCursor(q.cursor),
      q.limit,
    );
    const present = await this.views(rows);
    return toPage(rows, q.limit, present, (r) => ({ sort: r.sort_key, id: r.id }));
  }

  async detail(ctx: RequestContext, id: number): Promise<View<typeof S.ScoreDetail>> {
    const actor = requireActor(ctx.actor);
    const s = await repo.scoreById(this.d.db, id);
    this.visible(actor, s);
    const [lines, appeals, present] = await Promise.all([
      repo.linesOf(this.d.db, [id]),
      repo.appealsOfScore(this.d.db, id),
      this.views([s]),
    ]);
    const reviewer = canReview(actor, scorePlace(s));
    const subject = isSubject(actor, s);
    return {
      ...present(s),
      lines: lines.map((l) => {
        const own = appeals.filter((a) => a.line_id === l.id);
        return {
          id: l.id,
          indicator: l.indicator,
          weight: Number(l.weight),
          target: l.target === null ? null : Number(l.target),
          value: l.value === null ? null : Number(l.value),
          numerator: l.numerator,
          denominator: l.denominator,
          points: Number(l.points),
          deduction: Number(l.deduction),
          grantedPoints: l.granted_points === null ? null : Number(l.granted_points),
          effectivePoints: effectivePoints(l),
          refs: presentRefs(l.refs),
          appeals: own.map((a) => presentAppeal(a, reviewer && !subject && a.appellant_user_id !== actor.userId)),
          canAppeal: subject && !own.some((a) => a.status === 'pending'),
        };
      }),
      workload: {
        weightedLoad: s.workload.weightedLoad,
        load: s.workload.load === null ? null : Math.round(s.workload.load * 100) / 100,
        peerMedian: s.workload.peerMedian === null ? null : Math.round(s.workload.peerMedian * 100) / 100,
        strength: s.workload.strength,
        matterIds: s.workload.matterIds,
      },
    };
  }

  // ----- appeals -----

  async fileAppeal(ctx: RequestContext, scoreId: number, body: z.infer<typeof S.FileAppealBody>) {
    const actor = requireActor(ctx.actor);
    const { db, clock, audit, notifications, org, auth } = this.d;
    const s = await repo.scoreById(db, scoreId);
    this.visible(actor, s);
    if (!isSubject(actor, s)) throw new AppError('forbidden', {}, [{ key: 'assessment.not_subject' }]);
    const line = (await repo.linesOf(db, [scoreId])).find((l) => l.indicator === body.indicator);
    if (!line) throw invalid('body.indicator', 'assessment.no_line');
    if (await repo.pendingAppealOfLine(db, line.id))
      throw new AppError('conflict', {}, [{ key: 'assessment.appeal_pending' }]);
    const { street, district } = await org.ancestorsOf(s.division_id);
    const areas = [s.division_id, street, district].filter((x): x is number => x !== null);
    const reviewers = (await auth.usersWithRole(['street_admin', 'district_admin'], { divisionIds: areas }))
      .map((u) => u.userId)
      .filter((u) => u !== actor.userId);
    const now = clock.now();
    const appeal = await db.transaction().execute(async (trx) => {
      let a: repo.AppealRow;
      try {
        a = await repo.insertAppeal(trx, {
          score_id: scoreId,
          line_id: line.id,
          scheme_id: s.scheme_id,
          month: s.month,
          indicator: line.indicator,
          division_id: s.division_id,
          subject_name: s.subject_name,
          appellant_user_id: actor.userId,
          appellant_name: actor.displayName,
          reason: body.reason,
          points_before: effectivePoints(line),
          created_at: now,
        });
      } catch (error) {
        if ((error as { code?: string }).code === '23505')
          throw new AppError('conflict', {}, [{ key: 'assessment.appeal_pending' }]);
        throw error;
      }
      await audit.record(trx, ctx, {
        action: 'assessment.appeal.file',
        entityType: 'assessment_appeal',
        entityId: a.id,
        place: scorePlace(s),
        details: { scoreId, month: s.month, indicator: line.indicator, points: effectivePoints(line) },
      });
      await notifications.notify(trx, reviewers, {
        kind: 'assessment.appeal',
        title: {
          key: 'notify.assessment.appeal',
          params: { subject: s.subject_name, month: s.month, indicator: INDICATOR_NAMES[line.indicator]! },
        },
        body: body.reason,
        link: `/assessment?tab=appeals`,
        entityType: 'assessment_appeal',
        entityId: a.id,
      });
      return a;
    });
    return presentAppeal(appeal, false);
  }

  async listAppeals(ctx: RequestContext, q: z.infer<typeof S.AppealListQuery>) {
    const actor = requireActor(ctx.actor);
    const scope = scopeFor(actor, 'assessment.read');
    const rows = await repo.listAppeals(
      this.d.db,
      { scope, appellantUserId: actor.userId, status: q.status, schemeId: q.schemeId, month: q.month },
      decodeCursor(q.cursor),
      q.limit,
    );
    return toPage(
      rows,
      q.limit,
      (a) =>
        presentAppeal(
          a,
          canReview(actor, { divisionId: a.division_id, gridId: null }) && a.appellant_user_id !== actor.userId,
        ),
      (a) => ({ sort: null, id: a.id }),
    );
  }

  /**
   * A reviewer's decision. Refused: nothing but the appeal changes. Granted: the line takes the
   * points decided, the score is summed again with the same workload factor, and the peer
   * group is ranked again.
   */
  async decide(ctx: RequestContext, appealId: number, body: z.infer<typeof S.DecideAppealBody>) {
    const actor = requireActor(ctx.actor);
    const { db, clock, audit, notifications } = this.d;
    const seen = await repo.appealById(db, appealId);
    const s0 = seen ? await repo.scoreById(db, seen.score_id) : undefined;
    if (!seen || !s0 || !(canReadScores(actor, scorePlace(s0)) || seen.appellant_user_id === actor.userId))
      throw new AppError('not_found');
    if (!canReview(actor, scorePlace(s0))) throw new AppError('forbidden');
    if (seen.appellant_user_id === actor.userId || isSubject(actor, s0))
      throw new AppError('forbidden', {}, [{ key: 'assessment.own_appeal' }]);
    const now = clock.now();
    const decided = await db.transaction().execute(async (trx) => {
      const a = (await repo.appealForUpdate(trx, appealId))!;
      if (a.status !== 'pending') throw new AppError('conflict', {}, [{ key: 'assessment.appeal_decided' }]);
      const s = (await repo.scoreForUpdate(trx, a.score_id))!;
      const lines = await repo.linesOf(trx, [s.id]);
      const line = lines.find((l) => l.id === a.line_id)!;
      if (body.decision === 'grant' && body.adjustedPoints! > Number(line.weight))
        throw invalid('body.adjustedPoints', 'assessment.points_over_weight', { weight: Number(line.weight) });
      const updated = await repo.updateAppeal(trx, appealId, {
        status: body.decision === 'grant' ? 'granted' : 'refused',
        adjusted_points: body.decision === 'grant' ? body.adjustedPoints! : null,
        adjusted_value: body.decision === 'grant' ? (body.adjustedValue ?? null) : null,
        decided_by_user_id: actor.userId,
        decided_by_name: actor.displayName,
        decision_reason: body.reason,
        decided_at: now,
      });
      let scoreAfter = Number(s.score);
      if (body.decision === 'grant') {
        await repo.updateLine(trx, line.id, { granted_points: body.adjustedPoints!, appeal_id: appealId });
        const raw = sumPoints(lines.map((l) => (l.id === line.id ? body.adjustedPoints! : effectivePoints(l))));
        scoreAfter = scoreOf(raw, Number(s.workload_factor));
        await repo.updateScore(trx, s.id, { raw_points: raw, score: scoreAfter });
        await this.rerank(trx, s.scheme_id, s.month, s.peer_group);
      }
      await audit.record(trx, ctx, {
        action: `assessment.appeal.${body.decision}`,
        entityType: 'assessment_appeal',
        entityId: appealId,
        place: scorePlace(s),
        details: {
          scoreId: s.id,
          indicator: a.indicator,
          pointsBefore: Number(a.points_before),
          pointsAfter: body.decision === 'grant' ? body.adjustedPoints! : Number(a.points_before),
          scoreBefore: Number(s.score),
          scoreAfter,
          reason: body.reason,
        },
      });
      await notifications.notify(trx, [a.appellant_user_id], {
        kind: 'assessment.appeal_decided',
        title: {
          key: body.decision === 'grant' ? 'notify.assessment.granted' : 'notify.assessment.refused',
          params: { month: a.month, indicator: INDICATOR_NAMES[a.indicator]! },
        },
        body: body.reason,
        link: `/assessment?tab=appeals`,
        entityType: 'assessment_appeal',
        entityId: a.id,
      });
      return updated;
    });
    return presentAppeal(decided, false);
  }

  private async rerank(trx: Executor, schemeId: number, month: string, peerGroup: string) {
    const peers = await repo.peerScores(trx, schemeId, month, peerGroup);
    const ranks = rankWithinGroups(
      peers.map((p) => ({ key: p.subject_key, peerGroup: p.peer_group, score: Number(p.score) })),
    );
    for (const p of peers) {
      const r = ranks.get(p.subject_key)!;
      await repo.setRank(trx, p.id, r.rank, r.peerSize);
    }
  }
}
