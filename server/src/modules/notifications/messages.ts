import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Executor } from '../../db/connection.ts';
import { type Actor, ROLE_PERMISSIONS, requireActor, requirePermission } from '../../platform/access.ts';
import type { AuditService } from '../audit/service.ts';
import type { OrgService } from '../org/service.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Jobs } from '../../platform/jobs.ts';
import { localInstant, localParts, timeToSeconds } from '../../platform/local-time.ts';
import { decodeCursor, type Page, toPage } from '../../platform/pagination.ts';
import { maskPhone } from '../../platform/personal-data.ts';
import { MESSAGE_KINDS, type MessageKind, orderedParams, renderMessage } from './message-kinds.ts';
import { backoffDelayMs, sendWithRetry } from './providers/retry.ts';
import { isLogProvider, type MessageProvider } from './providers/index.ts';
import { presentDelivery, retryable } from './presenters.ts';
import * as repo from './repository-messages.ts';
import type { DeliveryListQuery, DeliveryView } from './schema.ts';
import { DELIVERY_STATUSES } from './tables.ts';

export const DELIVER_TASK = 'notifications.deliver';

/** A claimed message is not claimed again for this long (a sender that died mid-call). */
const CLAIM_MS = 5 * 60_000;

export interface OutgoingRequest {
  /** To a person's account (their phone and choices), or to a bare number (a sign-in code). */
  to: { userId: number } | { phone: string };
  channel: 'sms' | 'voice';
  kind: MessageKind;
  params: Record<string, string>;
  /** Critical alarms: sent in quiet hours and past the hourly limit, whatever the person chose. */
  critical?: boolean;
  /** Sign-in codes are limited by their own rules, not the hourly limit per phone. */
  ownLimits?: boolean;
  entity?: { type: string; id: string | number };
  /** The place it is sent for (an alarm's community): whose administrators read it in the delivery log. */
  divisionId?: number | null;
}

export interface MessagesOptions {
  templates: Record<string, string>;
  maxAttempts: number;
  perPhonePerHour: number;
  timeZone: string;
}

export const phoneKey = (phone: string) => createHash('sha256').update(`phone:${phone}`).digest('hex');

/**
 * SMS and voice calls through one provider chosen by settings: a row per message with its
 * status, sent by a background task, retried with backoff on provider errors (never on
 * refusals), within each person's channels and quiet hours and an hourly limit per phone.
 */
export class MessagesService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly jobs: Jobs,
    private readonly provider: MessageProvider,
    private readonly options: MessagesOptions,
    /** A user's phone number (the auth module's); null when they have none or no account. */
    private readonly phoneOf: (userId: number, db: Executor) => Promise<string | null>,
    private readonly audit: AuditService,
    private readonly org: OrgService,
  ) {
    jobs.defineTask(DELIVER_TASK, (data: { id: number }) => this.deliver(data.id), { ownTransactions: true });
    jobs.every('notifications.retry-deliveries', '* * * * *', async () => {
      await this.sendDue();
    });
  }

  get providerName() {
    return this.provider.name;
  }

  /**
   * Records a message in the caller's transaction and queues it to be sent once that commits.
   * Returns its id and status: 'queued', or 'skipped' with the reason (no phone, channel off,
   * over the hourly limit).
   */
  async send(trx: Executor, request: OutgoingRequest): Promise<{ id: number; status: string; reason?: string }> {
    const now = this.clock.now();
    const userId = 'userId' in request.to ? request.to.userId : null;
    const phone = 'phone' in request.to ? request.to.phone : await this.phoneOf(request.to.userId, trx);
    let skip: string | null = null;
    let notBefore: Date | null = null;
    if (!phone) skip = 'no_phone';
    else if (!(MESSAGE_KINDS[request.kind].channels as readonly string[]).includes(request.channel))
      skip = 'channel_not_for_kind';
    else if (userId !== null && !request.critical) {
      const prefs = await repo.preferencesOf(trx, userId);
      if (prefs && !prefs[request.channel]) skip = 'channel_off';
      else if (prefs?.quiet_start && prefs.quiet_end)
        notBefore = this.quietUntil(now, prefs.quiet_start, prefs.quiet_end);
    }
    if (!skip && phone && !request.critical && !request.ownLimits) {
      const sent = await repo.countToPhoneSince(trx, phoneKey(phone), new Date(now.getTime() - 3_600_000));
      if (sent >= this.options.perPhonePerHour) skip = 'hourly_limit';
    }
    const id = await repo.insertDelivery(trx, {
      user_id: userId,
      phone: skip ? null : phone,
      phone_key: phoneKey(phone ?? ''),
      phone_masked: phone ? (maskPhone(phone) ?? '') : '',
      channel: request.channel,
      kind: request.kind,
      params: skip ? null : orderedParams(request.kind, request.params),
      critical: request.critical ?? false,
      status: skip ? 'skipped' : 'queued',
      next_attempt_at: notBefore,
      provider: this.provider.name,
      error_code: skip,
      entity_type: request.entity?.type ?? null,
      entity_id: request.entity === undefined ? null : String(request.entity.id),
      division_id: request.divisionId ?? null,
      created_at: now,
      updated_at: now,
    });
    if (!skip && !notBefore) await this.jobs.enqueue(DELIVER_TASK, { id }, trx);
    return skip ? { id, status: 'skipped', reason: skip } : { id, status: 'queued' };
  }

  /** The end of the quiet hours the instant lies in, or null outside them ('22:00'–'07:00' spans midnight). */
  private quietUntil(now: Date, start: string, end: string): Date | null {
    const { date, seconds } = localParts(now, this.options.timeZone);
    const [from, to] = [timeToSeconds(start), timeToSeconds(end)];
    if (from === to) return null;
    const inside = from < to ? seconds >= from && seconds < to : seconds >= from || seconds < to;
    if (!inside) return null;
    const endsTomorrow = from > to && seconds >= from;
    return localInstant(date, to + (endsTomorrow ? 86_400 : 0), this.options.timeZone);
  }

  /**
   * Sends one message: claims it (so no other worker sends it too), calls the provider outside
   * any transaction, records the outcome. A provider error is tried again later with backoff.
   */
  async deliver(id: number): Promise<void> {
    const now = this.clock.now();
    const row = await repo.claimDelivery(this.db, id, now, new Date(now.getTime() + CLAIM_MS));
    if (!row?.phone) return;
    const template = this.provider.name === 'log' ? row.kind : (this.options.templates[row.kind] as string | undefined);
    // One quick second try for a blip; an outage is retried by sendDue with longer waits.
    const { outcome, attempts } = template
      ? await sendWithRetry(
          this.provider,
          { channel: row.channel, phone: row.phone, template, params: row.params ?? {} },
          { attempts: 2, baseDelayMs: 1000 },
        )
      : {
          outcome: {
            status: 'refused',
            code: 'NO_TEMPLATE',
            detail: `MESSAGES_TEMPLATES has no template for ${row.kind}`,
          } as const,
          attempts: 0,
        };
    const tries = row.attempts + attempts;
    const at = this.clock.now();
    if (outcome.status === 'sent') {
      await repo.finishDelivery(
        this.db,
        id,
        { status: 'sent', attempts: tries, provider_message_id: outcome.providerMessageId, sent_at: at },
        at,
      );
    } else if (outcome.status === 'refused' || tries >= this.options.maxAttempts) {
      const failed = outcome.status !== 'refused';
      await repo.finishDelivery(
        this.db,
        id,
        {
          status: failed ? 'failed' : 'refused',
          attempts: tries,
          error_code: outcome.code,
          error_detail: outcome.detail.slice(0, 500),
        },
        at,
        failed && row.kind in MESSAGE_KINDS && !MESSAGE_KINDS[row.kind as MessageKind].secret,
      );
    } else {
      // 1, 2, 4 … minutes, each drawn at random below its cap so retries after an outage spread out.
      const wait = Math.max(30_000, backoffDelayMs(tries + 1, { baseDelayMs: 60_000, maxDelayMs: 3_600_000 }));
      await repo.retryDeliveryAt(this.db, id, {
        at: new Date(at.getTime() + wait),
        attempts: tries,
        code: outcome.code,
        detail: outcome.detail.slice(0, 500),
        now: at,
      });
    }
  }

  /** Sends what is due: retries whose time has come, messages held over quiet hours. */
  async sendDue(): Promise<number> {
    const ids = await repo.dueDeliveries(this.db, this.clock.now(), 500);
    for (const id of ids) await this.deliver(id);
    return ids.length;
  }

  /** A message's status, for the module that asked for it (an alarm's call chain). */
  statusOf(id: number, db: Executor = this.db) {
    return repo.deliveryStatus(db, id);
  }

  /** The status of the messages sent for some records of another module (a notice's recipients), by their ids. */
  async statusesByEntity(entityType: string, entityIds: readonly (string | number)[], db: Executor = this.db) {
    const rows = await repo.deliveriesOfEntities(db, entityType, entityIds.map(String));
    return rows.map((r) => ({ id: r.id, entityId: r.entity_id!, status: r.status, sentAt: r.sent_at }));
  }

  /** An account anonymised: its choices go (its messages' rows keep only masked numbers already). */
  async forgetUser(userId: number, trx: Executor) {
    await repo.deletePreferences(trx, userId);
  }

  /** The caller's channels and quiet hours. */
  async preferences(ctx: RequestContext) {
    const actor = requireActor(ctx.actor);
    const row = await repo.preferencesOf(this.db, actor.userId);
    return {
      sms: row?.sms ?? true,
      voice: row?.voice ?? true,
      quietStart: row?.quiet_start ?? null,
      quietEnd: row?.quiet_end ?? null,
    };
  }

  async setPreferences(
    ctx: RequestContext,
    body: { sms: boolean; voice: boolean; quietStart: string | null; quietEnd: string | null },
  ) {
    const actor = requireActor(ctx.actor);
    if ((body.quietStart === null) !== (body.quietEnd === null))
      throw new AppError('validation_failed', {}, [
        {
          path: 'body.quietEnd',
          message:
            ctx.locale === 'en' ? 'Give both ends of the quiet hours, or neither' : '免打扰须同时设置开始和结束时间',
        },
      ]);
    await repo.upsertPreferences(this.db, actor.userId, body, this.clock.now());
    return this.preferences(ctx);
  }

  /**
   * What the log provider "sent", newest first, for administrators of a development server (the
   * codes residents would have received). Other providers keep nothing to show: 404.
   */
  outbox(ctx: RequestContext) {
    requirePermission(ctx.actor, 'auth.user.manage');
    if (!isLogProvider(this.provider)) throw new AppError('not_found');
    return {
      items: this.provider.recent().map((m) => ({
        at: m.at,
        channel: m.channel,
        phone: maskPhone(m.phone) ?? '',
        kind: m.template,
        text: m.template in MESSAGE_KINDS ? renderMessage(m.template as MessageKind, m.params) : m.template,
      })),
    };
  }

  /**
   * Which deliveries an administrator reads: those of places in their scope; those of no place
   * (sign-in codes) only when their scope holds a top-level division (a district's or a city's).
   */
  private async readable(actor: Actor | null) {
    const scope = requirePermission(actor, 'auth.user.manage');
    const granted = (actor?.grants ?? [])
      .filter((g) => g.divisionId !== null && ROLE_PERMISSIONS[g.role].includes('auth.user.manage'))
      .map((g) => g.divisionId as number);
    const unplaced = (await this.org.topLevelAmong(granted)).length > 0;
    return { divisionIds: scope.divisionIds, unplaced };
  }

  /** The delivery log: every SMS and call of the reader's area, newest first, with counts per status. */
  async deliveries(
    ctx: RequestContext,
    query: DeliveryListQuery,
  ): Promise<Page<DeliveryView> & { counts: Record<(typeof DELIVERY_STATUSES)[number], number> }> {
    const filter: repo.DeliveryFilter = {
      ...(await this.readable(ctx.actor)),
      status: query.status,
      kind: query.kind,
      channel: query.channel,
      critical: query.critical,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      phoneLast4: query.phone,
    };
    const after = decodeCursor(query.cursor);
    const [rows, counts] = await Promise.all([
      repo.listDeliveries(this.db, filter, after?.id ?? null, query.limit),
      repo.countDeliveriesByStatus(this.db, filter),
    ]);
    const page = toPage(rows, query.limit, presentDelivery, (r) => ({ sort: null, id: r.id }));
    return {
      ...page,
      counts: Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, counts.get(s) ?? 0])) as Record<
        (typeof DELIVERY_STATUSES)[number],
        number
      >,
    };
  }

  /**
   * A failed message sent again by hand, to the account's number of today: only one that went to
   * an account and kept its parameters (none of a secret kind: a code or a password is asked for
   * anew). Refused, sent, queued and skipped ones are not sent again. Audited.
   */
  async retryDelivery(ctx: RequestContext, id: number): Promise<DeliveryView> {
    const readable = await this.readable(ctx.actor);
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.deliveryForUpdate(trx, id);
      if (!row) throw new AppError('not_found');
      const visible = row.division_id === null ? readable.unplaced : readable.divisionIds.includes(row.division_id);
      if (!visible) throw new AppError('forbidden');
      const reason = (zh: string, en: string) => ({ reason: ctx.locale === 'en' ? en : zh });
      if (!retryable(row))
        throw new AppError(
          'conflict',
          reason(
            '只有发送失败、发给账号且不含验证码或密码的消息可以重发',
            'only a failed message to an account, holding no code or password, can be sent again',
          ),
        );
      const phone = await this.phoneOf(row.user_id as number, trx);
      if (!phone) throw new AppError('conflict', reason('该账号没有手机号', 'the account has no phone number'));
      const now = this.clock.now();
      const masked = maskPhone(phone) ?? '';
      await repo.requeueDelivery(trx, id, { phone, phone_key: phoneKey(phone), phone_masked: masked }, now);
      await this.jobs.enqueue(DELIVER_TASK, { id }, trx);
      await this.audit.record(trx, ctx, {
        action: 'notifications.delivery.retry',
        entityType: 'delivery',
        entityId: id,
        place: { divisionId: row.division_id, gridId: null },
        details: { kind: row.kind, channel: row.channel, attempts: row.attempts, errorCode: row.error_code },
      });
      return presentDelivery({ ...row, status: 'queued', next_attempt_at: null, phone_masked: masked });
    });
  }
}
