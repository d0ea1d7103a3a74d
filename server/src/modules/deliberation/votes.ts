import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import { requireActor, requirePermission, type Actor } from '../../platform/access.ts';
import { systemContext, type RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { maskName } from '../../platform/personal-data.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { manages, placeOf } from './access.ts';
import type { Communities, DeliberationDeps } from './communities.ts';
import { presentBallotEntry, presentPage, presentVote, presentVoteSummary, type VoteRow } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import { BALLOT_CHANNELS, type BallotChannel, type VoteOption, type VoteRule } from './tables.ts';
import {
  admitBallot,
  areaToCenti,
  type ChannelCount,
  reckonArt278,
  reckonPlurality,
  tallyByChannel,
  votePhase,
} from './tally.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/** Owners' votes always ask the same three things. */
const OWNER_OPTIONS: VoteOption[] = [
  { key: 'agree', label: '同意' },
  { key: 'oppose', label: '反对' },
  { key: 'abstain', label: '弃权' },
];

/** Votes (御事厅): published with a fixed electorate, one secret ballot per voter, counted once closed (Civil Code art. 278 for owners). */
/** Reminders to a vote's non-voters are at least this far apart. */
export const REMIND_GAP_HOURS = 6;

export class Votes {
  constructor(
    private readonly d: DeliberationDeps,
    private readonly communities: Communities,
  ) {}

  private phase(v: { status: string; opens_at: Date; closes_at: Date }) {
    return votePhase(v, this.d.clock.now());
  }

  /**
   * Publishes a vote. Its electorate is fixed now, from the people and households the
   * org module knows on the day voting opens: adult residents of the scope, one ballot
   * per person or per household; or, for an owners' decision, one per exclusive part
   * (household) with its floor area, cast by one of its owners.
   */
  async create(ctx: RequestContext, body: z.infer<typeof S.VoteBody>) {
    const actor = requireActor(ctx.actor);
    this.communities.requireManages(actor, body.communityId);
    await this.communities.checkScope(body.communityId, body.scopeKind, body.buildingIds, body.gridId);
    if (body.electorate === 'residents' && !body.options)
      throw new AppError('validation_failed', {}, [{ path: 'body.options', key: 'deliberation.options_required' }]);
    if (body.opensAt < new Date(this.d.clock.now().getTime() - 60_000))
      throw new AppError('validation_failed', {}, [{ path: 'body.opensAt', key: 'deliberation.bad_times' }]);
    const options = body.electorate === 'owners' ? OWNER_OPTIONS : body.options!;
    if (new Set(options.map((o) => o.key)).size !== options.length)
      throw new AppError('validation_failed', {}, [{ path: 'body.options', key: 'deliberation.options_required' }]);
    const rule: VoteRule =
      body.electorate === 'owners' ? (body.special ? 'art278_special' : 'art278_ordinary') : 'plurality';
    const unit = body.electorate === 'owners' ? 'household' : body.ballotUnit;
    const scopePlace = {
      communityId: body.communityId,
      ...(body.scopeKind === 'buildings' ? { buildingIds: body.buildingIds } : {}),
      ...(body.scopeKind === 'grid' && body.gridId ? { gridId: body.gridId } : {}),
    };
    const people = await this.d.org.electorateOf(scopePlace, this.communities.localDate(body.opensAt));
    const electors = new Map<string, { household_id: number | null; area_centi: number; person_ids: number[] }>();
    for (const p of people) {
      if (body.electorate === 'owners' && (!p.isOwner || p.householdId === null)) continue;
      const key = unit === 'household' && p.householdId !== null ? `h${p.householdId}` : `p${p.personId}`;
      const e = electors.get(key) ?? {
        household_id: p.householdId,
        area_centi: body.electorate === 'owners' ? areaToCenti(p.floorAreaM2) : 0,
        person_ids: [],
      };
      e.person_ids.push(p.personId);
      electors.set(key, e);
    }
    if (electors.size === 0)
      throw new AppError('validation_failed', {}, [{ path: 'body.scopeKind', key: 'deliberation.no_electorate' }]);
    const id = await this.d.db.transaction().execute(async (trx) => {
      const now = this.d.clock.now();
      if (body.topicId !== undefined) {
        const t = await repo.lockTopic(trx, body.topicId);
        if (!t || t.community_id !== body.communityId)
          throw new AppError('validation_failed', {}, [{ path: 'body.topicId', key: 'deliberation.unknown_topic' }]);
        if (!['on_agenda', 'voting', 'decided'].includes(t.status))
          throw new AppError('conflict', { reason: t.status }, [{ key: 'deliberation.topic_not_on_agenda' }]);
        await repo.updateTopic(trx, t.id, { status: 'voting' }, now);
      }
      const voteId = await repo.insertVote(trx, {
        community_id: body.communityId,
        topic_id: body.topicId ?? null,
        title: body.title,
        question: body.question,
        options,
        electorate: body.electorate,
        scope_kind: body.scopeKind,
        building_ids: body.scopeKind === 'buildings' ? body.buildingIds : [],
        grid_id: body.scopeKind === 'grid' ? (body.gridId ?? null) : null,
        ballot_unit: unit,
        allow_change: body.allowChange,
        second_ballot: body.secondBallot,
        rule,
        notice_at: body.noticeAt,
        opens_at: body.opensAt,
        closes_at: body.closesAt,
        voters: electors.size,
        total_area_centi: [...electors.values()].reduce((a, e) => a + e.area_centi, 0),
        result: null,
        created_by: actor.userId,
        created_at: now,
      });
      await repo.insertElectors(
        trx,
        [...electors].map(([voter_key, e]) => ({ vote_id: voteId, voter_key, ...e })),
      );
      await this.d.audit.record(trx, ctx, {
        action: 'deliberation.vote.create',
        entityType: 'vote',
        entityId: voteId,
        place: placeOf(body.communityId),
        details: { title: body.title, rule, voters: electors.size, secondBallot: body.secondBallot },
      });
      return voteId;
    });
    return this.get(ctx, id);
  }

  /** Votes open now in the caller's communities, or those of them in `communityIds` (the cockpit). */
  async countOpen(ctx: RequestContext, communityIds: readonly number[] | undefined) {
    const actor = requireActor(ctx.actor);
    requirePermission(actor, 'deliberation.manage');
    const mine = await this.communities.of(actor);
    const counted = communityIds === undefined ? mine : mine.filter((c) => communityIds.includes(c));
    return repo.countOpenVotes(this.d.db, counted, this.d.clock.now());
  }

  async list(ctx: RequestContext, q: z.infer<typeof S.VoteListQuery>) {
    const actor = requireActor(ctx.actor);
    const mine = await this.communities.of(actor);
    const under = q.areaId === undefined ? undefined : new Set(await this.d.org.divisionsUnder(q.areaId));
    const communityIds = mine.filter((c) => (!q.communityId || c === q.communityId) && (!under || under.has(c)));
    // A phase depends on the clock, so it filters after the page is read; pages stay in id order.
    const rows = await repo.listVotes(this.d.db, communityIds, decodeCursor(q.cursor)?.id ?? null, q.limit);
    const result = presentPage(rows, q.limit, (v) => ({
      ...presentVoteSummary(v, this.phase(v)),
      ballots: Number(v.ballots ?? 0),
    }));
    return q.phase ? { ...result, items: result.items.filter((v) => v.phase === q.phase) } : result;
  }

  async get(ctx: RequestContext, id: number): Promise<View<typeof S.VoteView>> {
    const actor = requireActor(ctx.actor);
    const v = await repo.voteById(this.d.db, id);
    if (!v || !(await this.communities.of(actor)).includes(v.community_id)) throw new AppError('not_found');
    const elector = actor.personId !== null ? await repo.electorOf(this.d.db, id, actor.personId) : undefined;
    const mine = elector ? await repo.ballotOf(this.d.db, id, elector.voter_key) : undefined;
    return this.present(actor, v, elector !== undefined, mine ?? null);
  }

  private async present(
    actor: Actor,
    v: VoteRow,
    eligible: boolean,
    mine: { choice: string; channel: BallotChannel } | null,
    /** The ballots per channel where the caller has them already. */
    counted?: ReadonlyMap<string, number>,
  ): Promise<View<typeof S.VoteView>> {
    const perChannel = counted ?? (await repo.ballotsPerChannel(this.d.db, v.id));
    const ballotsByChannel = { online: 0, paper: 0, proxy: 0 };
    for (const c of BALLOT_CHANNELS) ballotsByChannel[c] = perChannel.get(c) ?? 0;
    const ballots = ballotsByChannel.online + ballotsByChannel.paper + ballotsByChannel.proxy;
    const phase = this.phase(v);
    // Tallies only once voting has closed, so that no running count sways anyone.
    const result =
      phase === 'counted'
        ? (v.result as View<typeof S.VoteView>['result'])
        : phase === 'closed'
          ? await this.reckon(this.d.db, v, null)
          : null;
    return presentVote(v, {
      phase,
      ballots,
      ballotsByChannel,
      eligible,
      myChoice: mine?.choice ?? null,
      myChannel: mine?.channel ?? null,
      result,
      canManage: manages(actor, v.community_id),
    });
  }

  private async reckon(db: Executor, v: VoteRow, countedAt: Date | null) {
    const ballots = (await repo.ballotsWithArea(db, v.id)).map((b) => ({
      choice: b.choice,
      channel: b.channel,
      areaCenti: Number(b.area_centi),
    }));
    // The reckoning is over every ballot whatever its channel; the channels only split the tallies.
    const { tallies, channels } = tallyByChannel(v.options, ballots);
    const reckoning =
      v.rule === 'plurality'
        ? reckonPlurality(v.voters, tallies)
        : reckonArt278({
            special: v.rule === 'art278_special',
            owners: v.voters,
            totalAreaCenti: Number(v.total_area_centi),
            ballots,
          });
    const inM2 = (c: Record<BallotChannel, ChannelCount>) => ({
      online: { ballots: c.online.ballots, areaM2: c.online.areaCenti / 100 },
      paper: { ballots: c.paper.ballots, areaM2: c.paper.areaCenti / 100 },
      proxy: { ballots: c.proxy.ballots, areaM2: c.proxy.areaCenti / 100 },
    });
    return {
      tallies: tallies.map((t) => ({
        key: t.key,
        label: t.label,
        ballots: t.ballots,
        areaM2: t.areaCenti / 100,
        byChannel: inM2(t.byChannel),
      })),
      channels: inM2(channels),
      reckoning,
      countedAt: countedAt?.toISOString() ?? null,
    };
  }

  /**
   * Casts (or, where allowed, changes) the caller's ballot. One per voter: the ballot's
   * primary key settles concurrent requests; the first cast is an event (participation points).
   * A first ballot takes two statements: the vote with the caller's elector, ballot and the
   * count so far; then the ballot, its audit record and its event in one (castBallotAtOnce).
   */
  async cast(ctx: RequestContext, id: number, body: z.infer<typeof S.BallotBody>) {
    const actor = requireActor(ctx.actor);
    const communities = await this.communities.of(actor);
    const found = await repo.voteForBallot(this.d.db, id, actor.personId);
    if (!found || !communities.includes(found.community_id)) throw new AppError('not_found');
    const { elector_key: voterKey, my_channel: myChannel, per_channel: perChannel, ...v } = found;
    if (this.phase(v) !== 'open')
      throw new AppError('conflict', { reason: this.phase(v) }, [{ key: 'deliberation.vote_not_open' }]);
    if (!v.options.some((o) => o.key === body.choice))
      throw new AppError('validation_failed', {}, [{ path: 'body.choice', key: 'deliberation.unknown_option' }]);
    if (actor.personId === null || voterKey === null)
      throw new AppError('forbidden', {}, [{ key: 'deliberation.not_eligible' }]);
    let outcome: 'cast' | 'changed' | BallotChannel;
    if (myChannel !== null) {
      // A second ballot: refused at once, or a change, held against the first.
      const admitted = admitBallot(v.second_ballot, v.allow_change, myChannel, 'online');
      outcome = admitted.action === 'refuse' ? admitted.existing : await this.castHeld(ctx, actor, v, voterKey, body);
    } else {
      const now = this.d.clock.now();
      const row = { choice: body.choice, cast_by: actor.userId, cast_at: now, channel: 'online' as const };
      // Who voted is on record; what they chose is not (a secret ballot).
      const audit = this.d.audit.recordWhen(this.d.db, ctx, repo.ballotWentIn, {
        action: 'deliberation.vote.cast',
        entityType: 'vote',
        entityId: id,
        place: placeOf(v.community_id),
      });
      const { statement: event } = await this.d.jobs.publishWhen(
        'vote.cast',
        { userId: actor.userId, communityId: v.community_id, referenceId: `vote:${id}`, memo: `参与表决：${v.title}` },
        actor.userId,
        repo.ballotWentIn,
      );
      const held = await repo.castBallotAtOnce(
        this.d.db,
        { vote_id: id, voter_key: voterKey, ...row },
        now,
        event ? [audit, event] : [audit],
      );
      // Checked again as held: the vote may have been cancelled or counted since.
      const phase = held ? votePhase(held, now) : 'gone';
      if (phase !== 'open') throw new AppError('conflict', { reason: phase }, [{ key: 'deliberation.vote_not_open' }]);
      // Not in: the elector's ballot went in from another request meanwhile.
      outcome = held!.cast ? 'cast' : await this.castHeld(ctx, actor, v, voterKey, body);
    }
    if (outcome === 'online')
      throw new AppError('conflict', { reason: 'voted' }, [{ key: 'deliberation.already_voted' }]);
    if (outcome === 'paper' || outcome === 'proxy')
      throw new AppError('conflict', { reason: `voted_${outcome}` }, [
        { key: outcome === 'paper' ? 'deliberation.voted_on_paper' : 'deliberation.voted_by_proxy' },
      ]);
    // What was read for the checks answers too: only the count is new (a first ballot adds one).
    const counts = outcome === 'cast' ? new Map(Object.entries(perChannel ?? {})) : undefined;
    if (counts) counts.set('online', (counts.get('online') ?? 0) + 1);
    return this.present(actor, v, true, { choice: body.choice, channel: 'online' }, counts);
  }

  /**
   * A ballot beside one the elector may already have, in a transaction: the vote held
   * against counting or cancelling, the ballot added or, where the vote allows, changed.
   * Answers 'cast', 'changed', or the channel of the ballot that stands.
   */
  private castHeld(
    ctx: RequestContext,
    actor: Actor,
    v: VoteRow,
    voterKey: string,
    body: z.infer<typeof S.BallotBody>,
  ): Promise<'cast' | 'changed' | BallotChannel> {
    const id = v.id;
    return this.d.db.transaction().execute(async (trx) => {
      // Checked again under a share lock: the vote may have been cancelled or counted since.
      const held = await repo.voteForShare(trx, id);
      if (!held || this.phase(held) !== 'open')
        throw new AppError('conflict', { reason: held ? this.phase(held) : 'gone' }, [
          { key: 'deliberation.vote_not_open' },
        ]);
      const now = this.d.clock.now();
      const row = { choice: body.choice, cast_by: actor.userId, cast_at: now, channel: 'online' as const };
      let result: 'cast' | 'changed';
      if (await repo.insertBallot(trx, { vote_id: id, voter_key: voterKey, ...row })) result = 'cast';
      else {
        const ballot = await repo.ballotForUpdate(trx, id, voterKey);
        const admitted = admitBallot(v.second_ballot, v.allow_change, ballot.channel, 'online');
        if (admitted.action === 'refuse') return admitted.existing;
        await repo.replaceBallot(trx, id, voterKey, row);
        result = 'changed';
      }
      // Who voted is on record; what they chose is not (a secret ballot).
      await this.d.audit.record(trx, ctx, {
        action: result === 'cast' ? 'deliberation.vote.cast' : 'deliberation.vote.change',
        entityType: 'vote',
        entityId: id,
        place: placeOf(v.community_id),
      });
      if (result === 'cast')
        await this.d.jobs.publish(
          trx,
          'vote.cast',
          {
            userId: actor.userId,
            communityId: v.community_id,
            referenceId: `vote:${id}`,
            memo: `参与表决：${v.title}`,
          },
          actor.userId,
        );
      return result;
    });
  }

  /** Counts a closed vote, publishes the result, and turns a passed one into a decision to follow through. */
  async count(ctx: RequestContext, id: number) {
    const actor = ctx.actor;
    await this.d.db.transaction().execute(async (trx) => {
      const v = await repo.lockVote(trx, id);
      if (!v) throw new AppError('not_found');
      if (actor) await this.communities.requireManager(actor, v.community_id, trx);
      if (this.phase(v) !== 'closed')
        throw new AppError('conflict', { reason: this.phase(v) }, [{ key: 'deliberation.vote_not_closed' }]);
      const now = this.d.clock.now();
      const result = await this.reckon(trx, v, now);
      await repo.updateVote(trx, id, { status: 'counted', result });
      const r = result.reckoning;
      const passed = r.rule === 'plurality' ? r.winner !== null : r.passed;
      if (passed) {
        const winner = r.rule === 'plurality' ? v.options.find((o) => o.key === r.winner)?.label : undefined;
        await repo.insertDecisions(trx, [
          {
            community_id: v.community_id,
            topic_id: v.topic_id,
            meeting_id: null,
            vote_id: id,
            title: v.title,
            text:
              r.rule === 'plurality'
                ? `表决结果：${winner}`
                : `${v.question}——经业主共同决定通过（${r.rule === 'art278_special' ? '四分之三以上' : '过半数'}）`,
            created_by: actor?.userId ?? null,
            created_at: now,
            updated_at: now,
          },
        ]);
      }
      if (v.topic_id !== null)
        await repo.updateTopic(trx, v.topic_id, { status: passed ? 'decided' : 'on_agenda' }, now);
      await this.d.audit.record(trx, actor ? ctx : systemContext(), {
        action: 'deliberation.vote.count',
        entityType: 'vote',
        entityId: id,
        place: placeOf(v.community_id),
        details: { passed },
      });
    });
  }

  /**
   * Scheduled: votes past their closing time are counted. One that fails does not stop
   * the others; the first failure is thrown at the end, for the scheduler to log, and the
   * vote is tried again next time.
   */
  async countClosed(now: Date): Promise<number> {
    const due = await repo.votesToCount(this.d.db, now, 100);
    let counted = 0;
    let failure: unknown = null;
    for (const v of due) {
      try {
        await this.count(systemContext(), v.id);
        counted++;
      } catch (error) {
        // Counted meanwhile by staff (409) is fine.
        if (!(error instanceof AppError && error.code === 'conflict')) failure ??= error;
      }
    }
    if (failure) throw failure;
    return counted;
  }

  async cancel(ctx: RequestContext, id: number) {
    const actor = requireActor(ctx.actor);
    await this.d.db.transaction().execute(async (trx) => {
      const v = await repo.lockVote(trx, id);
      if (!v) throw new AppError('not_found');
      await this.communities.requireManager(actor, v.community_id, trx);
      if (!['notice', 'open'].includes(this.phase(v)))
        throw new AppError('conflict', { reason: this.phase(v) }, [{ key: 'deliberation.vote_not_open' }]);
      await repo.updateVote(trx, id, { status: 'cancelled' });
      if (v.topic_id !== null) await repo.updateTopic(trx, v.topic_id, { status: 'on_agenda' }, this.d.clock.now());
      await this.d.audit.record(trx, ctx, {
        action: 'deliberation.vote.cancel',
        entityType: 'vote',
        entityId: id,
        place: placeOf(v.community_id),
      });
    });
    return this.get(ctx, id);
  }

  /** 催票: the electors of a vote who have not voted, for the staff who run it. */
  async nonVoters(ctx: RequestContext, id: number, q: z.infer<typeof S.NonVoterQuery>) {
    const v = await this.managedVote(ctx, id);
    const rows = await repo.nonVoters(this.d.db, id);
    const personIds = [...new Set(rows.flatMap((r) => r.person_ids))];
    const [labels, accounts] = await Promise.all([
      this.d.org.personLabels(personIds),
      this.d.auth.usersOfPersons(personIds),
    ]);
    const words = q.q?.toLowerCase();
    const all = rows
      .map((r) => ({
        voterKey: r.voter_key,
        people: r.person_ids.flatMap((pid) => {
          const label = labels.get(pid);
          return label ? [label] : [];
        }),
        areaM2: v.electorate === 'owners' ? Number(r.area_centi) / 100 : null,
        reachable: r.person_ids.some((pid) => accounts.has(pid)),
      }))
      .filter(
        (e) =>
          !words ||
          e.people.some((p) => p.name.toLowerCase().includes(words) || p.address.toLowerCase().includes(words)),
      );
    // The roll is fixed and small (a community's households), so it is read whole and paged here.
    const start = Number(decodeCursor(q.cursor)?.id ?? 0);
    const page = all.slice(start, start + q.limit);
    const next = start + q.limit < all.length ? start + q.limit : null;
    return {
      items: page,
      nextCursor: next === null ? null : encodeCursor({ sort: null, id: next }),
      total: all.length,
      remindedAt: v.reminded_at ? v.reminded_at.toISOString() : null,
      reminders: v.reminders,
      nextReminderAt: this.nextReminderAt(v)?.toISOString() ?? null,
    };
  }

  /**
   * 催票: one message to every elector of an open vote who has not voted and has an account,
   * linking to the vote; at most once every REMIND_GAP_HOURS, so residents are not pestered.
   */
  async remind(ctx: RequestContext, id: number) {
    return this.d.db.transaction().execute(async (trx) => {
      const v = await this.managedVote(ctx, id, trx, true);
      if (this.phase(v) !== 'open')
        throw new AppError('conflict', { reason: this.phase(v) }, [{ key: 'deliberation.vote_not_open' }]);
      const next = this.nextReminderAt(v);
      if (next)
        throw new AppError('conflict', { nextReminderAt: next.toISOString() }, [
          { key: 'deliberation.reminded_recently', params: { hours: String(REMIND_GAP_HOURS) } },
        ]);
      const rows = await repo.nonVoters(trx, id);
      const accounts = await this.d.auth.usersOfPersons([...new Set(rows.flatMap((r) => r.person_ids))], trx);
      const userIds = new Set<number>();
      let unreachable = 0;
      for (const r of rows) {
        const users = r.person_ids.flatMap((pid) => (accounts.has(pid) ? [accounts.get(pid)!] : []));
        if (users.length === 0) unreachable++;
        for (const u of users) userIds.add(u);
      }
      const now = this.d.clock.now();
      await repo.updateVote(trx, id, { reminded_at: now, reminders: v.reminders + 1 });
      await this.d.notifications.notify(trx, [...userIds], {
        kind: 'deliberation.vote_reminder',
        title: { key: 'notify.deliberation.vote_reminder', params: { title: v.title } },
        link: `/deliberation/votes/${id}`,
        entityType: 'vote',
        entityId: id,
      });
      await this.d.audit.record(trx, ctx, {
        action: 'deliberation.vote.remind',
        entityType: 'vote',
        entityId: id,
        place: placeOf(v.community_id),
        details: { title: v.title, told: userIds.size, unreachable },
      });
      return { reminded: userIds.size, unreachable, remindedAt: now.toISOString() };
    });
  }

  private nextReminderAt(v: { reminded_at: Date | null }): Date | null {
    if (!v.reminded_at) return null;
    const next = new Date(v.reminded_at.getTime() + REMIND_GAP_HOURS * 3_600_000);
    return next > this.d.clock.now() ? next : null;
  }

  /**
   * 录入纸质票 / 登记委托: staff who run the vote's community enter a paper ballot, or a ballot
   * cast under a proxy, for an elector, with the photo of the signed sheet or of the proxy
   * document. One ballot per elector whatever the channel: an elector who has voted is
   * refused (409), unless the vote lets a paper or proxy ballot replace an online one
   * (paper_replaces_online), which is then kept on record with the entry. Audited: who
   * entered it, for which elector (the choice stays secret).
   */
  async enterBallot(ctx: RequestContext, id: number, body: z.infer<typeof S.BallotEntryBody>) {
    const actor = requireActor(ctx.actor);
    const v = await this.managedVote(ctx, id);
    if (this.phase(v) !== 'open')
      throw new AppError('conflict', { reason: this.phase(v) }, [{ key: 'deliberation.vote_not_open' }]);
    if (!v.options.some((o) => o.key === body.choice))
      throw new AppError('validation_failed', {}, [{ path: 'body.choice', key: 'deliberation.unknown_option' }]);
    const elector = await repo.electorByKey(this.d.db, id, body.voterKey);
    if (!elector)
      throw new AppError('validation_failed', {}, [{ path: 'body.voterKey', key: 'deliberation.unknown_elector' }]);
    await this.d.media.assertOwned(actor.userId, body.photos);
    const entered = await this.d.db.transaction().execute(async (trx) => {
      const held = await repo.voteForShare(trx, id);
      if (!held || this.phase(held) !== 'open')
        throw new AppError('conflict', { reason: held ? this.phase(held) : 'gone' }, [
          { key: 'deliberation.vote_not_open' },
        ]);
      const now = this.d.clock.now();
      const row = { choice: body.choice, cast_by: actor.userId, cast_at: now, channel: body.channel };
      let replaced: { cast_by: number; cast_at: Date } | null = null;
      if (!(await repo.insertBallot(trx, { vote_id: id, voter_key: body.voterKey, ...row }))) {
        const ballot = await repo.ballotForUpdate(trx, id, body.voterKey);
        const admitted = admitBallot(v.second_ballot, v.allow_change, ballot.channel, body.channel);
        if (admitted.action === 'refuse')
          throw new AppError('conflict', { reason: `voted_${admitted.existing}` }, [
            { key: `deliberation.elector_voted_${admitted.existing}` },
          ]);
        replaced = { cast_by: ballot.cast_by, cast_at: ballot.cast_at };
        await repo.replaceBallot(trx, id, body.voterKey, row);
      }
      const entryId = await repo.insertBallotEntry(trx, {
        vote_id: id,
        voter_key: body.voterKey,
        channel: body.channel,
        photos: body.photos,
        proxy_name: body.channel === 'proxy' ? body.proxyName! : null,
        replaced_cast_by: replaced?.cast_by ?? null,
        replaced_cast_at: replaced?.cast_at ?? null,
        entered_by: actor.userId,
        entered_at: now,
      });
      await this.d.audit.record(trx, ctx, {
        action: body.channel === 'paper' ? 'deliberation.vote.paper_ballot' : 'deliberation.vote.proxy_ballot',
        entityType: 'vote',
        entityId: id,
        place: placeOf(v.community_id),
        details: { entryId, voterKey: body.voterKey, replacedOnline: replaced !== null },
      });
      return entryId;
    });
    // The entry just made: the first one below the id after it.
    const page = await this.entries(ctx, id, { limit: 1, cursor: encodeCursor({ sort: null, id: entered + 1 }) });
    return page.items[0]!;
  }

  /** The paper and proxy ballots entered for a vote, newest first, names masked. */
  async entries(ctx: RequestContext, id: number, q: { cursor?: string | undefined; limit: number }) {
    const v = await this.managedVote(ctx, id);
    const rows = await repo.ballotEntries(this.d.db, id, decodeCursor(q.cursor)?.id ?? null, q.limit);
    const personIds = [...new Set(rows.flatMap((r) => r.person_ids))];
    const [labels, names] = await Promise.all([
      this.d.org.personLabels(personIds),
      this.communities.names(rows.map((r) => r.entered_by)),
    ]);
    return presentPage(rows, q.limit, (r) =>
      presentBallotEntry(
        r,
        r.person_ids.flatMap((pid) => {
          const label = labels.get(pid);
          return label ? [label] : [];
        }),
        v.electorate === 'owners',
        names.get(r.entered_by) ?? '',
      ),
    );
  }

  /** The proxy holder's whole name, for the staff who run the vote; audited. */
  async revealProxy(ctx: RequestContext, id: number, entryId: number) {
    const v = await this.managedVote(ctx, id);
    const entry = await repo.ballotEntryById(this.d.db, entryId);
    if (!entry || entry.vote_id !== id || entry.proxy_name === null) throw new AppError('not_found');
    await this.d.audit.record(this.d.db, ctx, {
      action: 'deliberation.vote.proxy_reveal',
      entityType: 'vote',
      entityId: id,
      place: placeOf(v.community_id),
      details: { entryId },
    });
    return { proxyName: entry.proxy_name };
  }

  /** The vote's roll for staff entering ballots: searched by building, unit, room or name; names masked; how each voted (channel only). */
  async electors(ctx: RequestContext, id: number, q: z.infer<typeof S.ElectorQuery>) {
    const v = await this.managedVote(ctx, id);
    const rows = await repo.electorsWithChannel(this.d.db, id);
    const labels = await this.d.org.personLabels([...new Set(rows.flatMap((r) => r.person_ids))]);
    const words = q.q?.toLowerCase().split(/\s+/).filter(Boolean) ?? [];
    const all = rows
      .map((r) => {
        const people = r.person_ids.flatMap((pid) => {
          const label = labels.get(pid);
          return label ? [label] : [];
        });
        return { r, people };
      })
      .filter(({ people }) =>
        words.every((w) => people.some((p) => p.name.toLowerCase().includes(w) || p.address.toLowerCase().includes(w))),
      )
      .map(({ r, people }) => ({
        voterKey: r.voter_key,
        people: people.map((p) => ({ name: maskName(p.name), address: p.address })),
        areaM2: v.electorate === 'owners' ? Number(r.area_centi) / 100 : null,
        channel: r.channel ?? null,
      }));
    // The roll is fixed and small (a community's households), so it is read whole and paged here.
    const start = Number(decodeCursor(q.cursor)?.id ?? 0);
    const next = start + q.limit < all.length ? start + q.limit : null;
    return {
      items: all.slice(start, start + q.limit),
      nextCursor: next === null ? null : encodeCursor({ sort: null, id: next }),
      total: all.length,
    };
  }

  /** A vote the actor runs: 404 outside their communities, 403 for those who only take part. */
  private async managedVote(ctx: RequestContext, id: number, db: Executor = this.d.db, lock = false) {
    const actor = requireActor(ctx.actor);
    const v = lock ? await repo.lockVote(db, id) : await repo.voteById(db, id);
    if (!v || !(await this.communities.of(actor)).includes(v.community_id)) throw new AppError('not_found');
    if (!manages(actor, v.community_id)) throw new AppError('forbidden');
    return v;
  }
}
