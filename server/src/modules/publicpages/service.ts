import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import type { BudgetsService } from '../budgets/service.ts';
import type { DeliberationService } from '../deliberation/service.ts';
import type { MattersService } from '../matters/service.ts';
import type { NoticesService } from '../notices/service.ts';
import type { OrgService } from '../org/service.ts';
import type * as S from './schema.ts';

export interface PublicPagesDeps {
  clock: Clock;
  org: OrgService;
  notices: NoticesService;
  deliberation: DeliberationService;
  budgets: BudgetsService;
  matters: MattersService;
  /** PUBLIC_PAGES_CACHE_SECONDS: how long a page is kept, and may be kept by browsers and proxies. */
  cacheSeconds: number;
}

/** A page as sent: its JSON text, made once, and the ETag of that text. */
export interface RenderedPage {
  json: string;
  etag: string;
}

type Community = { id: number; name: string; street: string };

const render = (value: unknown): RenderedPage => {
  const json = JSON.stringify(value);
  return { json, etag: `"${createHash('sha1').update(json).digest('base64url')}"` };
};

/**
 * Public pages (公示, 办件公开): what anyone may read of a community with no session. Every part
 * comes from its module's own public read (notices, deliberation, budgets, matters), each giving
 * only what is meant for all. Pages are made once per PUBLIC_PAGES_CACHE_SECONDS and kept as
 * JSON text with an ETag (lru-cache, timed by the injected clock); concurrent misses share one build.
 */
export class PublicPagesService {
  private readonly cache: LRUCache<string, RenderedPage> | null;

  constructor(private readonly d: PublicPagesDeps) {
    this.cache =
      d.cacheSeconds > 0
        ? new LRUCache<string, RenderedPage>({
            max: 2000,
            ttl: d.cacheSeconds * 1000,
            perf: { now: () => d.clock.now().getTime() },
            fetchMethod: (key) => this.build(key),
          })
        : null;
  }

  get maxAgeSeconds() {
    return this.d.cacheSeconds;
  }

  index(): Promise<RenderedPage> {
    return this.page('index');
  }

  community(communityId: number): Promise<RenderedPage> {
    return this.page(`community:${communityId}`);
  }

  private async page(key: string): Promise<RenderedPage> {
    if (!this.cache) return this.build(key);
    const page = await this.cache.fetch(key);
    if (!page) throw new AppError('not_found');
    return page;
  }

  private build(key: string): Promise<RenderedPage> {
    if (key === 'index') return this.buildIndex();
    return this.buildCommunity(Number(key.slice('community:'.length)));
  }

  private async communities(): Promise<Community[]> {
    const rows = await this.d.org.divisionsAtLevels(['community']);
    const streets = await this.d.org.enclosingAt(
      rows.map((r) => r.id),
      'street',
    );
    return rows
      .map((r) => ({ id: r.id, name: r.name, street: streets.get(r.id)?.name ?? '' }))
      .sort((a, b) => a.street.localeCompare(b.street, 'zh-CN') || a.name.localeCompare(b.name, 'zh-CN'));
  }

  private async buildIndex(): Promise<RenderedPage> {
    const body: z.infer<typeof S.PublicIndex> = { items: await this.communities() };
    return render(body);
  }

  private async buildCommunity(communityId: number): Promise<RenderedPage> {
    const [community] = (await this.d.org.divisionsAtLevels(['community'])).filter((c) => c.id === communityId);
    if (!community) throw new AppError('not_found');
    const { org, notices, deliberation, budgets, matters } = this.d;
    const [street, district, noticeList, votes, decisions, rounds, reports] = await Promise.all([
      org.enclosingAt([communityId], 'street'),
      org.enclosingAt([communityId], 'district'),
      notices.publicNotices(communityId),
      deliberation.publicReads.votes(communityId),
      deliberation.publicReads.decisions(communityId),
      budgets.publicFundedRounds(communityId),
      matters.publicResolvedReports(communityId),
    ]);
    const body: z.infer<typeof S.PublicCommunityPage> = {
      community: {
        id: community.id,
        name: community.name,
        street: street.get(communityId)?.name ?? '',
        district: district.get(communityId)?.name ?? '',
      },
      notices: noticeList,
      votes,
      decisions,
      budgets: rounds,
      reports,
      generatedAt: this.d.clock.now().toISOString(),
    };
    return render(body);
  }
}
