import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { type Actor, assertCanWrite, covers, requireActor, scopeFor } from '../../platform/access.ts';
import { queryWords, searchWords } from '../../platform/chinese-words.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import type { AuditService } from '../audit/service.ts';
import type { MattersService } from '../matters/service.ts';
import type { OrgService } from '../org/service.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import { LegalReports } from './reports.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

export interface LegalDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: AuditService;
  org: OrgService;
  matters: MattersService;
}

const indexText = (a: { title: string; summary: string; body: string; source: string }) =>
  searchWords([a.title, a.summary, a.body, a.source].join('\n')).join(' ');

/**
 * 普法与反诈: the library of laws explained, mediation cases and fraud cases (kept by staff with
 * legal.manage for their street or community, read by everyone once published, found by Chinese
 * full-text search), and residents' reports of suspicious numbers and links (reports.ts).
 */
export class LegalService {
  readonly reports: LegalReports;

  constructor(private readonly d: LegalDeps) {
    this.reports = new LegalReports(d);
  }

  private editable(actor: Actor | null) {
    return scopeFor(actor, 'legal.manage').divisionIds;
  }

  private async present(actor: Actor | null, rows: repo.ArticleRow[], words: string[]) {
    const names = await this.d.org.names({ divisionIds: rows.map((a) => a.division_id) });
    const mine = new Set(this.editable(actor));
    return rows.map((a) => ({
      id: a.id,
      division: { id: a.division_id, name: names.divisions.get(a.division_id) ?? '' },
      kind: a.kind,
      fraudType: a.fraud_type,
      title: a.title,
      summary: a.summary,
      source: a.source,
      status: a.status,
      publishedAt: a.published_at?.toISOString() ?? null,
      updatedAt: a.updated_at.toISOString(),
      matched: words.filter((w) => a.search_text.split(' ').includes(w)),
      mayEdit: mine.has(a.division_id),
      body: a.body,
    }));
  }

  async articles(ctx: RequestContext, q: z.infer<typeof S.ArticleListQuery>): Promise<View<typeof S.ArticleList>> {
    const actor = requireActor(ctx.actor);
    const words = q.q ? queryWords(q.q) : [];
    if (q.q && words.length === 0) return { items: [], nextCursor: null };
    const offset = Number(decodeCursor(q.cursor)?.sort ?? 0);
    const rows = await repo.listArticles(
      this.d.db,
      {
        words,
        kind: q.kind,
        fraudType: q.fraudType,
        status: q.status,
        draftsOf: this.editable(actor),
        divisionIds: q.areaId ? [q.areaId, ...(await this.d.org.divisionsUnder(q.areaId))] : undefined,
      },
      offset,
      q.limit,
    );
    const page = rows.slice(0, q.limit);
    const items = (await this.present(actor, page, words)).map(({ body: _, ...summary }) => summary);
    const last = page[page.length - 1];
    return {
      items,
      nextCursor: rows.length > q.limit && last ? encodeCursor({ sort: offset + q.limit, id: last.id }) : null,
    };
  }

  async article(ctx: RequestContext, id: number): Promise<View<typeof S.ArticleView>> {
    const actor = requireActor(ctx.actor);
    const a = await repo.articleById(this.d.db, id);
    // A draft is seen only by those who may edit it: to anyone else it does not exist.
    if (!a || (a.status !== 'published' && !this.editable(actor).includes(a.division_id)))
      throw new AppError('not_found');
    const [view] = await this.present(actor, [a], []);
    return view!;
  }

  private checkFraudType(kind: string, fraudType: string | null | undefined) {
    if (kind === 'fraud_case' && !fraudType) throw invalid('body.fraudType', 'legal.fraud_type_required');
    if (kind !== 'fraud_case' && fraudType) throw invalid('body.fraudType', 'legal.fraud_type_only_for_fraud');
  }

  async createArticle(ctx: RequestContext, body: z.infer<typeof S.ArticleBody>): Promise<View<typeof S.ArticleView>> {
    assertCanWrite(ctx.actor, 'legal.manage', { divisionId: body.divisionId, gridId: null });
    this.checkFraudType(body.kind, body.fraudType);
    const now = this.d.clock.now();
    const row = await this.d.db.transaction().execute(async (trx) => {
      const a = await repo.insertArticle(trx, {
        division_id: body.divisionId,
        kind: body.kind,
        fraud_type: body.fraudType,
        title: body.title,
        summary: body.summary,
        body: body.body,
        source: body.source,
        status: body.status,
        search_text: indexText(body),
        created_by: ctx.actor!.userId,
        created_at: now,
        updated_at: now,
        published_at: body.status === 'published' ? now : null,
      });
      await this.d.audit.record(trx, ctx, {
        action: 'legal.article.create',
        entityType: 'legal_article',
        entityId: a.id,
        place: { divisionId: a.division_id, gridId: null },
        details: { title: a.title, kind: a.kind, status: a.status },
      });
      return a;
    });
    return this.article(ctx, row.id);
  }

  async updateArticle(
    ctx: RequestContext,
    id: number,
    body: z.infer<typeof S.ArticlePatch>,
  ): Promise<View<typeof S.ArticleView>> {
    const actor = requireActor(ctx.actor);
    await this.d.db.transaction().execute(async (trx) => {
      const a = await repo.articleById(trx, id, true);
      if (!a || (a.status !== 'published' && !this.editable(actor).includes(a.division_id)))
        throw new AppError('not_found');
      if (!covers(scopeFor(actor, 'legal.manage'), { divisionId: a.division_id, gridId: null }))
        throw new AppError('forbidden');
      const next = {
        kind: body.kind ?? a.kind,
        fraudType: body.fraudType === undefined ? a.fraud_type : body.fraudType,
        title: body.title ?? a.title,
        summary: body.summary ?? a.summary,
        body: body.body ?? a.body,
        source: body.source ?? a.source,
        status: body.status ?? a.status,
      };
      this.checkFraudType(next.kind, next.fraudType);
      const now = this.d.clock.now();
      await repo.updateArticle(trx, id, {
        kind: next.kind,
        fraud_type: next.fraudType,
        title: next.title,
        summary: next.summary,
        body: next.body,
        source: next.source,
        status: next.status,
        search_text: indexText(next),
        updated_at: now,
        // First publication is kept: a later correction does not move it to the top again.
        published_at: next.status === 'published' ? (a.published_at ?? now) : null,
      });
      await this.d.audit.record(trx, ctx, {
        action: 'legal.article.update',
        entityType: 'legal_article',
        entityId: id,
        place: { divisionId: a.division_id, gridId: null },
        details: { changed: Object.keys(body), status: next.status },
      });
    });
    return this.article(ctx, id);
  }
}
