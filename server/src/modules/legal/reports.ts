import type { z } from 'zod';
import { requireActor, requirePermission } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import { maskName } from '../../platform/personal-data.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { LegalDeps } from './service.ts';
import type { ReportKind } from './tables.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/** The matters' category the police station's anti-fraud team takes (community.security.fraud → police). */
export const FRAUD_CATEGORY = 'community.security.fraud';
/** Reports of one target in one community within this window share the first one's matter. */
export const SAME_TARGET_WINDOW_MS = 30 * 86_400_000;

/**
 * The target as repeats of it are counted: a number's digits without the country code, a
 * link's host and path without scheme, query or fragment, anything else trimmed and lower-cased.
 */
export function targetKey(kind: ReportKind, target: string): string {
  const t = target.trim().toLowerCase();
  if (kind === 'phone' || kind === 'sms') {
    const digits = t.replace(/\D/g, '').replace(/^(0086|86)(?=1\d{10}$)/, '');
    if (digits.length >= 5) return digits;
  }
  if (kind === 'link') {
    const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/?#\s]+)([^?#\s]*)/.exec(t);
    if (m) return `${m[1]!.replace(/^www\./, '')}${m[2]!.replace(/\/+$/, '')}`;
  }
  return t.replace(/\s+/g, ' ');
}

const ADVICE_STEPS = [
  '不转账、不汇款，不透露验证码和银行卡密码',
  '拨打 96110 反诈专线咨询，或下载国家反诈中心 App',
  '保留聊天记录、转账凭证和对方号码',
];

/**
 * 可疑电话/链接: a resident reports a suspicious number, link or message. The first report of a
 * target in a community opens a matter for the police station's anti-fraud team; further
 * reports within 30 days are added to that matter as notes, so the team sees one case with its
 * count. The resident is told what to do at once: 96110, and 110 when money is gone.
 */
export class LegalReports {
  constructor(private readonly d: LegalDeps) {}

  private async present(rows: repo.ReportRow[]): Promise<View<typeof S.ReportView>[]> {
    const names = await this.d.org.names({ divisionIds: rows.map((r) => r.community_id) });
    const counts = await repo.sameTargetCounts(this.d.db, rows, SAME_TARGET_WINDOW_MS);
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      target: r.target,
      description: r.description,
      moneyLost: r.money_lost,
      amountYuan: r.amount_fen === null ? null : Number(r.amount_fen) / 100,
      community: { id: r.community_id, name: names.divisions.get(r.community_id) ?? '' },
      reporterName: maskName(r.reporter_name),
      matterId: r.matter_id,
      sameTargetReports: counts.get(r.id) ?? 1,
      createdAt: r.created_at.toISOString(),
    }));
  }

  /** Where the reporter lives: their registered home, else the community they name. */
  private async placeOf(ctx: RequestContext, communityId: number | undefined) {
    const actor = requireActor(ctx.actor);
    const home = actor.personId === null ? null : await this.d.org.personPlace(actor.personId);
    let place: { communityId: number; gridId: number | null };
    if (home) place = { communityId: home.communityId, gridId: home.gridId };
    else {
      if (communityId === undefined) throw invalid('body.communityId', 'legal.community_required');
      const community = (await this.d.org.divisionsAtLevels(['community'])).find((d) => d.id === communityId);
      if (!community) throw invalid('body.communityId', 'legal.not_community');
      place = { communityId, gridId: null };
    }
    // The matter is routed by grid: without a home grid, the community's first grid takes it.
    const routeGridId = place.gridId ?? (await this.d.org.gridIdsIn([place.communityId]))[0] ?? null;
    if (routeGridId === null) throw new AppError('conflict', {}, [{ key: 'legal.community_without_grid' }]);
    return { ...place, routeGridId };
  }

  async report(ctx: RequestContext, body: z.infer<typeof S.ReportBody>): Promise<View<typeof S.ReportReceipt>> {
    const actor = requirePermission(ctx.actor, 'matters.report') && requireActor(ctx.actor);
    if (!body.moneyLost && body.amountYuan !== null) throw invalid('body.amountYuan', 'legal.amount_without_loss');
    const place = await this.placeOf(ctx, body.communityId);
    const key = targetKey(body.kind, body.target);
    const now = this.d.clock.now();
    const row = await this.d.db.transaction().execute(async (trx) => {
      const earlier = await repo.sameTargetSince(
        trx,
        place.communityId,
        key,
        new Date(now.getTime() - SAME_TARGET_WINDOW_MS),
      );
      const report = await repo.insertReport(trx, {
        community_id: place.communityId,
        grid_id: place.gridId,
        reporter_user_id: actor.userId,
        reporter_name: actor.displayName,
        kind: body.kind,
        target: body.target,
        target_key: key,
        description: body.description,
        money_lost: body.moneyLost,
        amount_fen: body.amountYuan === null ? null : Math.round(body.amountYuan * 100),
        matter_id: null,
        created_at: now,
      });
      const loss = body.moneyLost ? `（已受损${body.amountYuan === null ? '' : ` ${body.amountYuan} 元`}）` : '';
      const words = `【可疑${KIND_WORDS[body.kind]}】${body.target}${loss}：${body.description}`.slice(0, 1000);
      // A repeat joins the open matter of the first report; once that is closed, a new one opens.
      const earlierMatter = earlier.find((e) => e.matter_id !== null)?.matter_id ?? null;
      const shared =
        earlierMatter !== null &&
        (await this.d.matters.noteFromSystem(trx, earlierMatter, `又一位居民举报：${words}`.slice(0, 1000), {
          legalReportId: report.id,
          reports: earlier.length + 1,
        }));
      let matterId: number;
      if (shared) matterId = earlierMatter!;
      else {
        const matter = await this.d.matters.openFromSystem(trx, {
          categoryCode: FRAUD_CATEGORY,
          description: words,
          gridId: place.routeGridId,
          urgency: body.moneyLost ? 'urgent' : 'normal',
          source: 'legal_report',
          sourceEntity: { type: 'legal_report', id: String(report.id) },
        });
        matterId = matter.id;
      }
      await repo.setReportMatter(trx, report.id, matterId);
      await this.d.audit.record(trx, ctx, {
        action: 'legal.report.create',
        entityType: 'legal_report',
        entityId: report.id,
        place: { divisionId: place.communityId, gridId: place.gridId },
        details: { kind: body.kind, moneyLost: body.moneyLost, matterId, repeat: shared },
      });
      return { ...report, matter_id: matterId };
    });
    const [view] = await this.present([row]);
    return {
      ...view!,
      advice: { hotline: '96110', emergency: '110', callPoliceNow: body.moneyLost, steps: ADVICE_STEPS },
    };
  }

  async mine(ctx: RequestContext, q: z.infer<typeof S.ReportListQuery>): Promise<View<typeof S.ReportList>> {
    const actor = requireActor(ctx.actor);
    const after = decodeCursor(q.cursor);
    const rows = await repo.listReports(
      this.d.db,
      { reporterUserId: actor.userId, kind: q.kind, q: q.q, moneyLost: q.moneyLost },
      after?.id ?? null,
      q.limit,
    );
    return this.page(rows, q.limit);
  }

  private async communitiesOf(ctx: RequestContext, areaId: number | undefined) {
    const scope = requirePermission(ctx.actor, 'legal.manage');
    if (areaId === undefined) return scope.divisionIds;
    const under = new Set([areaId, ...(await this.d.org.divisionsUnder(areaId))]);
    return scope.divisionIds.filter((id) => under.has(id));
  }

  /** Staff (legal.manage): the reports of their area, latest first. */
  async list(ctx: RequestContext, q: z.infer<typeof S.ReportListQuery>): Promise<View<typeof S.ReportList>> {
    const communityIds = await this.communitiesOf(ctx, q.areaId);
    const after = decodeCursor(q.cursor);
    const rows = await repo.listReports(
      this.d.db,
      { communityIds, kind: q.kind, q: q.q, moneyLost: q.moneyLost },
      after?.id ?? null,
      q.limit,
    );
    return this.page(rows, q.limit);
  }

  private async page(rows: repo.ReportRow[], limit: number) {
    const shown = rows.slice(0, limit);
    const items = await this.present(shown);
    const last = shown[shown.length - 1];
    const page = toPage(
      rows,
      limit,
      (r) => r,
      (r) => ({ sort: null, id: r.id }),
    );
    return { items, nextCursor: last ? page.nextCursor : null };
  }

  /** Staff: the most reported numbers and links of their area lately, and reports by kind. */
  async targets(ctx: RequestContext, q: z.infer<typeof S.TargetTallyQuery>): Promise<View<typeof S.TargetTally>> {
    const communityIds = await this.communitiesOf(ctx, q.areaId);
    const from = new Date(this.d.clock.now().getTime() - q.days * 86_400_000);
    const { targets, byKind } = await repo.tallyTargets(this.d.db, communityIds, from, q.limit);
    return {
      from: from.toISOString(),
      items: targets.map((t) => ({
        kind: t.kind,
        target: t.target,
        reports: Number(t.reports),
        lastAt: new Date(t.last_at as unknown as string).toISOString(),
      })),
      byKind: byKind.map((k) => ({ kind: k.kind, reports: Number(k.reports) })),
    };
  }

  /** A report the caller may see: their own, or of their area with legal.manage. */
  async get(ctx: RequestContext, id: number): Promise<View<typeof S.ReportView>> {
    const actor = requireActor(ctx.actor);
    const row = await repo.reportById(this.d.db, id);
    if (!row) throw new AppError('not_found');
    const staff = (await this.communitiesOf(ctx, undefined).catch(() => [] as readonly number[])).includes(
      row.community_id,
    );
    if (row.reporter_user_id !== actor.userId && !staff) throw new AppError('not_found');
    const [view] = await this.present([row]);
    return view!;
  }
}

const KIND_WORDS: Record<ReportKind, string> = { phone: '电话', link: '链接', sms: '短信', app: '应用', other: '线索' };
