import type { Kysely } from 'kysely';
import type { ProcessSignals } from '../../platform/process-signals.ts';
import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import { requireActor, requirePermission } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { AuditService } from '../audit/service.ts';
import { CATALOGUE, DEPARTMENTS, type CatalogueEntry } from './catalogue.ts';
import { CategoryClassifier } from './classifier.ts';
import { categoryName, presentCategory, type Category } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';

/** How long the catalogue is kept in memory: it changes rarely, and every list and the classifier use it. */
const KEEP_MS = 60_000;

/** The catalogue of categories (a cached copy, the classifier over it) and its configuration. */
export class Categories {
  private cached: {
    at: number;
    list: Category[];
    byId: Map<number, Category>;
    classifier: CategoryClassifier | null;
  } | null = null;

  private tellOthers: () => void = () => {};

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** With several server processes: a changed category reaches their copies at once, not within KEEP_MS. */
  shareChanges(signals: ProcessSignals) {
    this.tellOthers = () => signals.tell('matters.categories');
    signals.on('matters.categories', () => {
      this.cached = null;
    });
  }

  /** The categories, by id too. The cache ages by elapsed process time, not by the (movable) Clock. */
  async get(db: Executor = this.db) {
    if (!this.cached || performance.now() - this.cached.at > KEEP_MS) {
      const list = await repo.allCategories(db);
      this.cached = { at: performance.now(), list, byId: new Map(list.map((c) => [c.id, c])), classifier: null };
    }
    return this.cached;
  }

  private async classifier() {
    const cat = await this.get();
    if (!cat.classifier) {
      const byId = cat.byId;
      cat.classifier = new CategoryClassifier(
        cat.list
          .filter(
            (c) => c.parent_id !== null && c.active && c.kind !== 'alarm' && c.kind !== 'care' && c.kind !== 'warning',
          )
          .map((c) => {
            const parent = byId.get(c.parent_id!);
            return { id: c.id, texts: [c.name_zh, parent?.name_zh ?? '', ...c.keywords, ...c.examples] };
          }),
      );
    }
    return cat.classifier;
  }

  /** Adds the categories of the catalogue that are missing (by code); never overwrites edits. */
  async ensureCatalogue(): Promise<number> {
    const now = this.clock.now();
    let added = 0;
    let sort = 0;
    const insert = async (entry: CatalogueEntry, parent: { id: number; entry: CatalogueEntry } | null) => {
      const from = parent?.entry;
      const accept = entry.accept ?? from?.accept ?? [1, 'working_days'];
      const resolve = entry.resolve ?? from?.resolve ?? [5, 'working_days'];
      const id =
        (await repo.insertCategory(this.db, {
          parent_id: parent?.id ?? null,
          code: entry.code,
          name_zh: entry.zh,
          name_en: entry.en,
          kind: entry.kind ?? from?.kind ?? 'report',
          dispute: entry.dispute ?? from?.dispute ?? false,
          department: entry.department ?? from?.department ?? 'street_office',
          confirm_on_site: entry.confirmOnSite ?? false,
          accept_amount: accept[0],
          accept_unit: accept[1],
          resolve_amount: resolve[0],
          resolve_unit: resolve[1],
          fields: JSON.stringify(entry.fields ?? []),
          keywords: entry.keywords ?? [],
          examples: entry.examples ?? [],
          sort: sort++,
          updated_at: now,
        })) ?? null;
      if (id !== null) added++;
      const row = id !== null ? { id } : await repo.categoryByCode(this.db, entry.code);
      for (const child of entry.children ?? [])
        await insert(child, { id: row!.id, entry: { ...entry, accept, resolve } });
    };
    for (const top of CATALOGUE) await insert(top, null);
    this.cached = null;
    if (added > 0) this.tellOthers();
    return added;
  }

  async list(ctx: RequestContext, query: z.infer<typeof S.CategoryListQuery>) {
    requireActor(ctx.actor);
    const { list } = await this.get();
    return {
      items: list
        .filter((c) => (query.includeInactive ? true : c.active))
        .filter((c) => !query.kind || c.kind === query.kind)
        .map((c) => presentCategory(c, ctx.locale)),
    };
  }

  async update(ctx: RequestContext, id: number, body: z.infer<typeof S.UpdateCategoryBody>) {
    requirePermission(ctx.actor, 'matters.configure');
    const current = await repo.categoryById(this.db, id);
    if (!current) throw new AppError('not_found');
    if (body.department && !DEPARTMENTS[body.department]) {
      throw new AppError('validation_failed', {}, [{ path: 'body.department', key: 'matters.unknown_department' }]);
    }
    await this.db.transaction().execute(async (trx) => {
      await repo.updateCategory(
        trx,
        id,
        {
          name_zh: body.nameZh,
          name_en: body.nameEn,
          department: body.department,
          confirm_on_site: body.confirmOnSite,
          accept_amount: body.acceptWithin?.amount,
          accept_unit: body.acceptWithin?.unit,
          resolve_amount: body.resolveWithin?.amount,
          resolve_unit: body.resolveWithin?.unit,
          ...(body.fields ? { fields: JSON.stringify(body.fields) } : {}),
          keywords: body.keywords,
          active: body.active,
        },
        this.clock.now(),
      );
      await this.audit.record(trx, ctx, {
        action: 'matters.category.update',
        entityType: 'category',
        entityId: id,
        details: { fields: Object.keys(body) },
      });
    });
    this.cached = null;
    this.tellOthers();
    return presentCategory((await repo.categoryById(this.db, id))!, ctx.locale);
  }

  /** The most likely categories for a description (jieba words, naive Bayes). */
  async suggest(ctx: RequestContext, description: string): Promise<z.infer<typeof S.SuggestCategoryResult>> {
    requireActor(ctx.actor);
    const { byId } = await this.get();
    const suggestions = (await this.classifier()).suggest(description, 3);
    return {
      suggestions: suggestions.map((s) => {
        const c = byId.get(s.categoryId)!;
        const parent = c.parent_id ? byId.get(c.parent_id) : undefined;
        return {
          categoryId: c.id,
          code: c.code,
          name: categoryName(c, ctx.locale),
          parentName: parent ? categoryName(parent, ctx.locale) : null,
          probability: Math.round(s.probability * 1000) / 1000,
        };
      }),
    };
  }
}
