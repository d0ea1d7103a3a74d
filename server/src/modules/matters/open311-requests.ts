import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { covers, requirePermission } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { isPublicCategory } from './access.ts';
import type { MattersDependencies } from './dependencies.ts';
import { checkAttributes, type Intake } from './intake.ts';
import { presentOpen311Client, type Category } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';

/** Without a start date GeoReport v2 lists the last 90 days. */
const DEFAULT_WINDOW_MS = 90 * 86_400_000;

/** What an Open311 client files, as the GeoReport fields were read (open311.ts). */
export interface Open311Filing {
  category: Category;
  description: string;
  lat: number | null;
  lng: number | null;
  address: string;
  mediaUrl: string | null;
  attributes: Record<string, unknown>;
  reporterName: string;
  reporterPhone: string | null;
}

/** The service side of Open311 GeoReport v2: public categories and requests, filings by clients, and the clients' keys. */
export class Open311Requests {
  constructor(
    private readonly deps: MattersDependencies,
    private readonly intake: Intake,
  ) {}

  async categories() {
    const { list } = await this.deps.categories.get();
    return list.filter((c) => c.parent_id !== null && c.active && isPublicCategory(c));
  }

  /** Public requests: public report categories only, newest first, at most 1000; from 90 days before the end (or now) unless told. */
  async publicRequests(filter: { ids?: number[]; codes?: string[]; open?: boolean; from?: Date; to?: Date }) {
    const { db, clock } = this.deps;
    const { list } = await this.deps.categories.get();
    const categoryIds = list
      .filter((c) => isPublicCategory(c) && (!filter.codes || filter.codes.includes(c.code)))
      .map((c) => c.id);
    const window = filter.ids
      ? { ids: filter.ids }
      : {
          from: filter.from ?? new Date((filter.to ?? clock.now()).getTime() - DEFAULT_WINDOW_MS),
          ...(filter.to ? { to: filter.to } : {}),
        };
    const rows = await repo.open311Requests(
      db,
      { categoryIds, ...window, ...(filter.open !== undefined ? { open: filter.open } : {}) },
      1000,
    );
    return {
      rows,
      notes: await repo.latestPublicNotes(
        db,
        rows.map((r) => r.id),
      ),
    };
  }

  async requestIdForToken(token: string) {
    return (await repo.matterByToken(this.deps.db, token))?.id ?? null;
  }

  clientForKeyHash(hash: string) {
    return repo.open311ClientByKeyHash(this.deps.db, hash);
  }

  /** Creates a matter from an Open311 client (no user account), within the client's division. */
  async create(client: { id: number; division_id: number; name: string }, input: Open311Filing) {
    const { db, org } = this.deps;
    if (input.lat === null || input.lng === null)
      throw new AppError('validation_failed', {}, [{ path: 'lat', key: 'matters.location_required' }]);
    const found = await org.locatePoint(input.lat, input.lng);
    if (!found) throw new AppError('validation_failed', {}, [{ path: 'lat', key: 'matters.outside_area' }]);
    const clientArea = await org.expandDivisions([client.division_id]);
    if (!(clientArea.get(client.division_id) ?? []).includes(found.community.id)) {
      throw new AppError('validation_failed', {}, [{ path: 'lat', key: 'matters.outside_area' }]);
    }
    const divisionId = found.community.id;
    const gridId = found.grid.id;
    // The client's media_url is kept as given (never fetched by the server) and handed back.
    const attributes = {
      ...checkAttributes(input.category, input.attributes),
      ...(input.mediaUrl ? { _media_url: input.mediaUrl } : {}),
    };
    const assignee = await this.intake.gridWorkerFor([gridId]);
    const ctx: RequestContext = {
      actor: null,
      locale: 'zh-CN',
      ip: null,
      userAgent: `open311:${client.name}`,
      requestId: null,
    };
    return db.transaction().execute((trx) =>
      this.intake.insert(trx, ctx, {
        category: input.category,
        kind: input.category.kind,
        status: 'reported',
        level: 'grid',
        source: 'open311',
        description: input.description,
        urgency: 'normal',
        reporter: { userId: null, name: input.reporterName, phone: input.reporterPhone, anonymous: true },
        lat: input.lat,
        lng: input.lng,
        address: input.address,
        divisionId,
        gridId,
        assignee,
        attributes,
        photos: [],
        open311ClientId: client.id,
        timeline: [{ action: 'report', to: 'reported', note: input.description }],
      }),
    );
  }

  async issueClient(
    ctx: RequestContext,
    body: z.infer<typeof S.Open311ClientBody>,
    hashKey: (key: string) => string,
  ): Promise<z.infer<typeof S.Open311ClientView>> {
    const { db, clock, audit } = this.deps;
    const scope = requirePermission(ctx.actor, 'matters.configure');
    if (!covers(scope, { divisionId: body.divisionId, gridId: null })) throw new AppError('forbidden');
    const apiKey = randomBytes(24).toString('base64url');
    const row = await db.transaction().execute(async (trx) => {
      const client = await repo.insertOpen311Client(trx, {
        name: body.name,
        api_key_hash: hashKey(apiKey),
        division_id: body.divisionId,
        created_by: ctx.actor!.userId,
        created_at: clock.now(),
      });
      await audit.record(trx, ctx, {
        action: 'matters.open311_client.create',
        entityType: 'open311_client',
        entityId: client.id,
        place: { divisionId: body.divisionId, gridId: null },
        details: { name: body.name },
      });
      return client;
    });
    return { ...presentOpen311Client(row), apiKey };
  }

  async listClients(ctx: RequestContext): Promise<z.infer<typeof S.Open311ClientList>> {
    const scope = requirePermission(ctx.actor, 'matters.configure');
    const rows = await repo.open311Clients(this.deps.db, scope.divisionIds);
    return { items: rows.map(presentOpen311Client) };
  }

  async revokeClient(ctx: RequestContext, id: number) {
    const { db, clock, audit } = this.deps;
    const scope = requirePermission(ctx.actor, 'matters.configure');
    const client = await repo.open311ClientById(db, id);
    if (!client) throw new AppError('not_found');
    if (!covers(scope, { divisionId: client.division_id, gridId: null })) throw new AppError('forbidden');
    await db.transaction().execute(async (trx) => {
      await repo.revokeOpen311Client(trx, id, clock.now());
      await audit.record(trx, ctx, {
        action: 'matters.open311_client.revoke',
        entityType: 'open311_client',
        entityId: id,
        place: { divisionId: client.division_id, gridId: null },
      });
    });
  }
}
